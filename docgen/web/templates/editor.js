// Completion in the convention.yaml editor, from the data's JSON Schema (served by this server).
// Typing a key proposes the keys the schema allows at that place (not those already there), with
// their French description; after « clé: » it proposes the values the schema lists (civilité,
// nature de partie…). Ctrl+Espace opens the list; ↑ ↓ choose; Entrée or Tab insert; Échap closes.
// Without this script the editor is a plain text field: the server validates what is saved.
"use strict";
(function () {
  const area = document.getElementById("text");
  const box = document.getElementById("completion");
  if (!area || !box) return;
  let schema = null, items = [], chosen = 0, replace = null;

  fetch(area.dataset.schema, { credentials: "same-origin" })
    .then((r) => (r.ok ? r.json() : null))
    .then((s) => { schema = s; })
    .catch(() => {});

  // The schema node under `node`: through $ref, the non-null branch of anyOf, an array's items.
  function resolve(node) {
    for (let depth = 0; node && depth < 20; depth++) {
      if (node.$ref) node = schema.$defs[node.$ref.split("/").pop()];
      else if (node.anyOf || node.oneOf) {
        const branches = (node.anyOf || node.oneOf).filter((b) => b.type !== "null");
        node = branches.find((b) => b.$ref || b.properties || b.items) || branches[0];
      } else if (node.type === "array" && node.items) node = node.items;
      else return node;
    }
    return node;
  }

  function values(node) {
    const found = [];
    const walk = (n) => {
      if (!n) return;
      if (n.$ref) walk(schema.$defs[n.$ref.split("/").pop()]);
      (n.anyOf || n.oneOf || []).forEach(walk);
      if (n.enum) found.push(...n.enum);
      if (n.const !== undefined) found.push(n.const);
      if (n.type === "boolean") found.push(true, false);
      if (n.type === "array" && n.items) walk(n.items);
    };
    walk(node);
    return [...new Set(found.filter((v) => v !== null).map(String))];
  }

  // A line's key and the column it starts at (after « - » for a list item); null for none.
  function keyOf(line) {
    const m = /^(\s*)((?:-\s+)*)([A-Za-z_][\w]*)\s*:(.*)$/.exec(line);
    if (!m || line.trimStart().startsWith("#")) return null;
    return { column: m[1].length + m[2].length, key: m[3], rest: m[4].trim(), item: m[2].length > 0 };
  }

  // Where a key typed at `column` on line `at` goes: the keys from the document's root to its
  // mapping, and the keys already in that mapping (a list item's own, for an item); null inside a
  // block of text (« clé: | »), where nothing is proposed.
  function context(lines, at, column, item) {
    const path = [];
    let limit = column;
    for (let k = at - 1; k >= 0 && limit > 0; k--) {
      const found = keyOf(lines[k]);
      if (!found || found.column >= limit) continue;
      if (/^[|>]/.test(found.rest) && limit === column) return null;
      if (found.rest === "" || found.rest.startsWith("#")) path.unshift(found.key);
      limit = found.column;
    }
    const present = new Set();
    const skip = (line) => line.trim() === "" || line.trimStart().startsWith("#");
    const indent = (line) => line.length - line.trimStart().length;
    for (let k = at - 1; k >= 0 && !item; k--) {  // upwards to the start of the mapping, or of its item
      if (skip(lines[k])) continue;
      const found = keyOf(lines[k]);
      const here = found && found.column === column;
      if (indent(lines[k]) < column && !here) break;
      if (here) { present.add(found.key); if (found.item) break; }
    }
    for (let k = at + 1; k < lines.length; k++) {  // and downwards to its end, or the next item
      if (skip(lines[k])) continue;
      const found = keyOf(lines[k]);
      if (indent(lines[k]) < column || (found && found.item && found.column === column)) break;
      if (found && found.column === column) present.add(found.key);
    }
    return { path, present };
  }

  function nodeAt(path) {
    let node = resolve(schema);
    for (const key of path) {
      if (!node || !node.properties || !node.properties[key]) return null;
      node = resolve(node.properties[key]);
    }
    return node;
  }

  function propose(open) {
    items = [];
    if (!schema) return hide();
    const caret = area.selectionStart;
    if (caret !== area.selectionEnd) return hide();
    const text = area.value;
    const start = text.lastIndexOf("\n", caret - 1) + 1;
    const before = text.slice(start, caret);
    const lines = text.split("\n");
    const at = text.slice(0, start).split("\n").length - 1;
    const typingKey = /^(\s*)((?:-\s+)*)([A-Za-z_]\w*)?$/.exec(before);
    const typingValue = /^(\s*)((?:-\s+)*)([A-Za-z_]\w*)\s*:\s*([^\s#]*)$/.exec(before);
    if (typingKey && (open || typingKey[3])) {
      const column = typingKey[1].length + typingKey[2].length;
      const where = context(lines, at, column, typingKey[2].length > 0);
      const node = where && nodeAt(where.path);
      const prefix = typingKey[3] || "";
      if (node && node.properties) {
        const required = new Set(node.required || []);
        for (const [key, prop] of Object.entries(node.properties)) {
          if (key.startsWith(prefix) && !where.present.has(key) && key !== prefix) {
            items.push({ label: key, text: insertion(key, prop, column), note: describe(prop), required: required.has(key) });
          }
        }
      }
      replace = { from: caret - prefix.length, to: caret };
      box.dataset.where = where ? where.path.join(" › ") || "racine du fichier" : "";
    } else if (typingValue) {
      const column = typingValue[1].length + typingValue[2].length;
      const where = context(lines, at, column, false);
      const node = where && nodeAt(where.path);
      const prop = node && node.properties && node.properties[typingValue[3]];
      const prefix = typingValue[4];
      for (const value of prop ? values(prop) : []) {
        if (value.toLowerCase().startsWith(prefix.toLowerCase()) && value !== prefix) {
          items.push({ label: value, text: value, note: "", required: false });
        }
      }
      replace = { from: caret - prefix.length, to: caret };
      box.dataset.where = `valeurs de « ${typingValue[3]} »`;
    }
    if (!items.length) return hide();
    items.sort((a, b) => Number(b.required) - Number(a.required));
    chosen = 0;
    show();
  }

  function describe(prop) {
    const n = prop.description ? prop : resolve(prop) || {};
    return (prop.description || n.description || "").split("\n")[0];
  }

  // What choosing `key` writes: « key: » then, for a mapping or a list, the next line indented.
  function insertion(key, prop, column) {
    const node = resolve(prop) || {};
    const list = (prop.type === "array") || (prop.anyOf || []).some((b) => b.type === "array");
    const pad = " ".repeat(column + 2);
    if (list) return `${key}:\n${pad}- `;
    if (node.properties) return `${key}:\n${pad}`;
    return `${key}: `;
  }

  function show() {
    box.replaceChildren();
    const title = document.createElement("p");
    title.textContent = `Suggestions (${box.dataset.where})`;
    box.append(title);
    const list = document.createElement("ul");
    list.setAttribute("role", "listbox");
    items.forEach((item, k) => {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(k === chosen));
      const code = document.createElement("code");
      code.textContent = item.label + (item.required ? "\u00a0*" : "");
      li.append(code);
      if (item.note) li.append(" \u2014 " + item.note);
      li.addEventListener("mousedown", (event) => { event.preventDefault(); chosen = k; accept(); });
      list.append(li);
    });
    box.append(list);
    box.hidden = false;
  }

  function hide() { box.hidden = true; items = []; }

  function accept() {
    const item = items[chosen];
    if (!item || !replace) return;
    area.setRangeText(item.text, replace.from, replace.to, "end");
    hide();
    area.focus();
    if (item.text.endsWith(": ")) propose(false);
  }

  area.addEventListener("input", () => propose(false));
  area.addEventListener("click", hide);
  area.addEventListener("blur", () => setTimeout(() => { if (document.activeElement !== area) hide(); }, 150));
  area.addEventListener("keydown", (event) => {
    if (event.key === " " && event.ctrlKey) { event.preventDefault(); propose(true); return; }
    if (box.hidden || !items.length) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      chosen = (chosen + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      show();
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      accept();
    } else if (event.key === "Escape") {
      event.preventDefault();
      hide();
    }
  });
})();
