"""Territory YAML patched to new data, its comments and layout kept; and the changes, told in French.

`ctg import --update` brings the edits made in Word back into `convention.yaml`. The file is
patched rather than written anew, so that what people wrote around the data (comments, key order,
quoting, blank lines) survives, and the legal officer reads the changes before accepting them.
Lists of mappings are matched entry by entry by what names an entry (`IDENTITY`), so that an
inserted action leaves its neighbours, and the comments between them, as they were.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping
from difflib import SequenceMatcher
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from docgen.model.frenchtext import date_fr, join_fr

# The key that names each entry of a list of mappings, by the list's own key. Entries of other lists
# are paired by position (mappings) or by value (texts, dates).
IDENTITY = {
    "parties": "id",
    "actions": "number",
    "orientations": "title",
    "goals": "title",
    "objectives": "title",
    "sections": "title",
    "fiches": "title",
    "categories": "type",
    "structures": "name",
    "members": "party",
    "extra_annexes": "key",
}

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()  # what yaml.safe_load reads a plain scalar as
_STR = "tag:yaml.org,2002:str"
_NO_WRAP = 1_000_000  # a line is never folded, however long
_BLOCKS = (LiteralScalarString, FoldedScalarString)
Pair = tuple[Any, Any]  # (key or index in the old data, in the new data); None on the side that lacks it


def patch_yaml(text: str, new: Mapping[str, Any]) -> str:
    """The YAML `text` of a territory file rewritten to load as `new`; what did not change (comments,
    key order, quoting, block texts, blank lines) is kept as it was written."""
    old = yaml.load(text, Loader=_LOADER)
    if _same(old, new):
        return text
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = _NO_WRAP
    root = rt.load(text)
    rt.indent(**_indentation(root))
    out = io.StringIO()
    rt.dump(_patch(root, old, new, None, None), out)
    return out.getvalue()


def _same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (so `1` is not `True`, nor a date a datetime)."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_same, a, b))
    return type(a) is type(b) and a == b


def _order(old: Mapping[Any, Any], new: Mapping[Any, Any]) -> list[Any]:
    """The keys of both mappings in the patched file's order: the old order, with each new key after
    the key it follows in `new`."""
    order = list(old)
    previous = None
    for key in new:
        if key not in old:
            order.insert(order.index(previous) + 1 if previous is not None else 0, key)
        previous = key
    return order


def _identity(key: Any, old: list[Any], new: list[Any]) -> str | None:
    """The field naming the entries of list `key`, if every entry has it and no two share it."""
    field = IDENTITY.get(key)
    for entries in (old, new):
        names = [entry.get(field) if isinstance(entry, Mapping) else None for entry in entries]
        if field is None or not all(isinstance(n, str | int) for n in names) or len(set(names)) < len(names):
            return None
    return field


def _pairs(key: Any, old: list[Any], new: list[Any]) -> list[Pair]:
    """The entries of two versions of list `key` paired, in the patched file's order: (i, j) kept,
    (i, None) removed, (None, j) added."""
    field = _identity(key, old, new)
    match: dict[int, int] = {}  # new index → old index
    if field is None and any(isinstance(v, Mapping | list) for v in (*old, *new)):
        match = {j: j for j in range(min(len(old), len(new)))}
    else:
        a = [v[field] if field else (type(v).__name__, v) for v in old]
        b = [v[field] if field else (type(v).__name__, v) for v in new]
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            for i, j in zip(range(i1, i2), range(j1, j2), strict=False):
                # A renamed entry is still the same entry when the rest of it barely changed.
                if tag == "equal" or (tag == "replace" and (field is None or _resemblance(old[i], new[j]) >= 0.5)):
                    match[j] = i
        if field is not None:  # an entry moved elsewhere in the list is still that entry
            free = {a[i]: i for i in set(range(len(old))) - set(match.values())}
            match.update({j: free.pop(name) for j, name in enumerate(b) if j not in match and name in free})
    removed = sorted(set(range(len(old))) - set(match.values()))
    pairs: list[Pair] = []
    for j in range(len(new)):
        kept = match.get(j)
        while removed and kept is not None and removed[0] < kept:
            pairs.append((removed.pop(0), None))
        pairs.append((kept, j))
    return pairs + [(i, None) for i in removed]


def _resemblance(a: Any, b: Any) -> float:
    """How alike two values are, from 0 to 1."""
    if _same(a, b):
        return 1.0
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        keys = a.keys() | b.keys()
        return sum(_resemblance(a[k], b[k]) for k in keys if k in a and k in b) / len(keys)
    if isinstance(a, list) and isinstance(b, list):
        return SequenceMatcher(None, [repr(v) for v in a], [repr(v) for v in b], autojunk=False).ratio()
    if isinstance(a, str) and isinstance(b, str):
        return SequenceMatcher(None, a, b).ratio()
    return 0.0


# --- Patching the round-trip tree ---
#
# ruamel.yaml keeps the blank lines and comments that follow an entry with the last scalar inside
# it, so the comment that heads an entry is stored with its predecessor. Each entry's "lead" (the
# lines before it) is taken off, and put back before that entry wherever it ends up; the lines
# before a list's first entry are kept by the mapping that holds the list.


def _patch(node: Any, old: Any, new: Any, key: Any, head: tuple[CommentedMap, Any] | None) -> Any:
    """The node for `new`, reusing `node` (which reads as `old`) wherever they agree. `key` names
    the list `node` may be; `head` is where the comments before its first entry are kept."""
    if _same(old, new):
        return node
    if isinstance(node, CommentedMap) and isinstance(old, dict) and isinstance(new, Mapping):
        order = _order(old, new)
        _rebuild(node, [(k if k in old else None, k if k in new else None) for k in order], old, new, head)
        return node
    if isinstance(node, CommentedSeq) and isinstance(old, list) and isinstance(new, list):
        _rebuild(node, _pairs(key, old, new), old, new, head)
        return node
    return _fresh(new, node)


def _rebuild(
    node: CommentedMap | CommentedSeq, pairs: list[Pair], old: Any, new: Any, head: tuple[CommentedMap, Any] | None
) -> None:
    """Gives `node` the entries of `new`: kept ones patched, added ones styled like their neighbours,
    each entry still preceded by the lines that preceded it."""
    mapping = node if isinstance(node, CommentedMap) else None
    slots = list(node) if mapping is not None else list(range(len(node)))
    tails = [_take(node, slot) for slot in slots]
    leads = dict(zip(slots, [_head_lines(head), *tails[:-1]], strict=True))
    gap = tails[0][: len(tails[0]) - len(tails[0].lstrip("\n"))] if len(tails) > 1 else ""  # between entries
    like = node[0] if mapping is None and slots else None
    built: list[tuple[Any, Any, Any, str, Any]] = []  # (old slot, new slot, value, lead, comments it keeps)
    for i, j in pairs:
        slot = j if mapping is not None else len(built)
        if i is None and j is not None:
            built.append((None, slot, _fresh(new[j], like), gap, None))
        elif j is not None:
            inner = (mapping, i) if mapping is not None else None
            value = _patch(node[i], old[i], new[j], i if mapping is not None else None, inner)
            built.append((i, slot, value, leads[i], node.ca.items.get(i)))
    if isinstance(node, CommentedMap):
        for slot in slots:
            del node[slot]
    else:
        node.clear()
    node.ca.items.clear()
    for _, slot, value, _, comments in built:
        if isinstance(node, CommentedMap):
            node[slot] = value
        else:
            node.append(value)
        if comments is not None:
            node.ca.items[slot] = comments
    for (_, slot, *_), (*_, lead, _) in zip(built, built[1:], strict=False):
        _put(node, slot, lead)
    if built:
        _put(node, built[-1][1], tails[-1] if tails else "")
    if head is not None and built and (not slots or built[0][0] != slots[0]):
        _set_head(head, built[0][3].lstrip("\n"))


def _holder(node: Any, slot: Any) -> tuple[Any, Any]:
    """The collection and slot whose comment follows entry `slot` of `node`: its last scalar."""
    value = node[slot]
    while isinstance(value, CommentedMap | CommentedSeq) and len(value) and not value.fa.flow_style():
        node, slot = value, (list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1)
        value = node[slot]
    return node, slot


def _take(node: Any, slot: Any) -> str:
    """Removes and returns the lines after entry `slot` (blank lines, comments); a comment at the end
    of the entry's own last line stays."""
    holder, at = _holder(node, slot)
    index = 2 if isinstance(holder, CommentedMap) else 0
    comments = holder.ca.items.get(at)
    token = comments[index] if comments else None
    if token is None:
        return ""
    if isinstance(holder[at], _BLOCKS):  # a block text ends its own last line
        comments[index] = None
        return token.value if token.value.startswith("\n") else " " * token.column + token.value
    own_line, _, lines = token.value.partition("\n")
    if own_line:
        token.value = own_line + "\n"
    else:
        comments[index] = None
    return lines


def _put(node: Any, slot: Any, lines: str) -> None:
    """Writes `lines` (blank lines, comments) after entry `slot`."""
    if not lines:
        return
    holder, at = _holder(node, slot)
    index = 2 if isinstance(holder, CommentedMap) else 0
    comments = holder.ca.items.setdefault(at, [None, None, None, None])
    if comments[index] is not None:
        comments[index].value += lines
    else:
        ends_line = isinstance(holder[at], _BLOCKS)
        comments[index] = CommentToken(lines if ends_line else "\n" + lines, CommentMark(0))


def _head_lines(head: tuple[CommentedMap, Any] | None) -> str:
    """The lines between a key and the first entry of its list or mapping."""
    comments = head[0].ca.items.get(head[1]) if head else None
    tokens = comments[3] if comments and len(comments) > 3 and comments[3] else []
    return "".join(t.value if t.value.startswith("\n") else " " * t.column + t.value for t in tokens)


def _set_head(head: tuple[CommentedMap, Any], lines: str) -> None:
    comments = head[0].ca.items.setdefault(head[1], [None, None, None, None])
    comments[3] = [CommentToken(lines, CommentMark(0))] if lines else None


def _fresh(value: Any, like: Any = None) -> Any:
    """A node for `value`, styled like `like`, the node it replaces or an entry beside it."""
    if isinstance(value, Mapping):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _fresh(item, like.get(key) if isinstance(like, CommentedMap) else None)
        return node
    if isinstance(value, list):
        pattern = like[0] if isinstance(like, CommentedSeq) and like else None
        return CommentedSeq(_fresh(item, pattern) for item in value)
    if not isinstance(value, str):
        return value
    if "\n" in value or isinstance(like, _BLOCKS):
        if not value.strip("\n") or value.endswith("\n\n"):  # as `|+`, it would take in the blank lines after it
            return DoubleQuotedScalarString(value)
        folded = isinstance(like, FoldedScalarString) and "\n" not in value
        return FoldedScalarString(value) if folded else LiteralScalarString(value)
    if isinstance(like, DoubleQuotedScalarString | SingleQuotedScalarString):
        return type(like)(value)
    if _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != _STR:  # « 2016 », « oui », « 1.1 »
        return DoubleQuotedScalarString(value)
    return value


def _indentation(root: Any) -> dict[str, int]:
    """The file's indentation, as `YAML.indent` takes it, read off its first nested mapping and list
    (the bundled files: mappings by 2, list dashes by 2 under their key)."""
    found = {"mapping": 2, "sequence": 4, "offset": 2}
    seen: set[str] = set()
    for parent, key, value in _nested(root):
        column = parent.lc.key(key)[1]
        if isinstance(value, CommentedMap) and "mapping" not in seen:
            found["mapping"] = value.lc.col - column
            seen.add("mapping")
        elif isinstance(value, CommentedSeq) and "sequence" not in seen:
            found["offset"], found["sequence"] = value.lc.col - column, value.lc.item(0)[1] - column
            seen.add("sequence")
        if len(seen) == 2:
            break
    return found


def _nested(node: Any) -> Iterator[tuple[CommentedMap, Any, Any]]:
    """(mapping, key, value) for every block collection under a key, depth first."""
    children = node.items() if isinstance(node, CommentedMap) else enumerate(node) if isinstance(node, list) else ()
    for key, value in children:
        if isinstance(value, CommentedMap | CommentedSeq) and len(value) and not value.fa.flow_style():
            if isinstance(node, CommentedMap):
                yield node, key, value
            yield from _nested(value)


# --- The changes, in French ---

_ABSENT: Any = object()
_LONG = 80  # characters: a longer value is shown as an excerpt
_WORDS = re.compile(r"[^ \t\r\n]+")  # words, as the text's spaces and line breaks part them (not no-break spaces)
_LEVELS = (  # the action plan's levels: list key, child list key, name in the convention, feminine
    ("orientations", "goals", "orientation générale", True),
    ("goals", "objectives", "orientation", True),
    ("objectives", "actions", "objectif", False),
)
_ACTION_FIELDS = {
    "number": "numéro",
    "title": "intitulé",
    "owner": "porteur",
    "schedule": "calendrier",
    "indicators": "indicateurs de suivi",
    "caf_means": "moyens mobilisables par la Caf",
}
_NOUNS = {  # what an entry of a list is called, and whether the word is feminine
    "parties": ("partie", True),
    "representatives": ("représentant", False),
    "communes": ("commune", True),
    "priority_domains": ("domaine prioritaire", False),
    "items": ("champ d'intervention", False),
    "objectives": ("objectif", False),
    "sections": ("partie du diagnostic", True),
    "categories": ("catégorie d'équipements", True),
    "structures": ("structure", True),
    "fiches": ("fiche action", True),
    "actions": ("action", True),
    "indicators": ("indicateur", False),
    "caf_means": ("moyen", False),
    "members": ("membre", False),
    "others": ("membre associé", False),
    "missions": ("mission", True),
    "steps": ("étape", True),
    "data_agreements": ("convention", True),
    "extra_annexes": ("annexe", True),
    "authorisations": ("autorisation", True),
}


def describe_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The changes from territory data `old` to `new`, in French, one line per change, in the file's
    order, e.g. ``parties[commune].representatives[0].name : « Jean Dupont » → « Marie Durand »``."""
    lines: list[str] = []
    for key in _order(old, new):
        a, b = old.get(key, _ABSENT), new.get(key, _ABSENT)
        if key == "action_plan" and _both(Mapping, a, b):
            _plan(_or(a, {}), _or(b, {}), lines)
        elif key == "article_texts" and _both(Mapping, a, b):
            _articles(_or(a, {}), _or(b, {}), lines)
        else:
            _diff(a, b, str(key), key, lines)
    return lines


def _both(kind: type, a: Any, b: Any) -> bool:
    """Both values are of `kind` or absent (and not both absent)."""
    return (a is not _ABSENT or b is not _ABSENT) and all(v is _ABSENT or isinstance(v, kind) for v in (a, b))


def _or(value: Any, empty: Any) -> Any:
    return empty if value is _ABSENT else value


def _diff(old: Any, new: Any, path: str, key: Any, lines: list[str]) -> None:
    """Lines for the changes at `path` (either side may be absent); `key` names the value's key."""
    if _same(old, new):
        return
    if _both(Mapping, old, new):
        a, b = _or(old, {}), _or(new, {})
        for k in _order(a, b):
            _diff(a.get(k, _ABSENT), b.get(k, _ABSENT), f"{path}.{k}", k, lines)
    elif _both(list, old, new):
        _diff_list(_or(old, []), _or(new, []), path, key, lines)
    else:
        lines.append(f"{path}\u00a0: {_change(old, new)}")


def _diff_list(old: list[Any], new: list[Any], path: str, key: Any, lines: list[str]) -> None:
    field = _identity(key, old, new)
    noun, feminine = _NOUNS.get(key, ("élément", False))
    for i, j in _pairs(key, old, new):
        if i is not None and j is not None:
            if isinstance(old[i], Mapping | list) or isinstance(new[j], Mapping | list):
                label = _short(str(new[j][field]), 40) if field else str(j)
                _diff(old[i], new[j], f"{path}[{label}]", None, lines)
            elif not _same(old[i], new[j]):
                lines.append(f"{path}\u00a0: {_change(old[i], new[j])}")
        else:
            entry, index, verb = (new[j], j, "ajouté") if i is None else (old[i], i, "supprimé")
            lines.append(f"{path}\u00a0: {noun} {_name(entry, field, index)} {verb}{'e' if feminine else ''}")


def _name(entry: Any, field: str | None, index: int) -> str:
    """How an entry of a list is named: by its identity, its name or title, or its rank."""
    if not isinstance(entry, Mapping):
        return _show(entry)
    name = next((entry[k] for k in (field, "name", "title") if k in entry and isinstance(entry[k], str)), None)
    return _quote(_short(name)) if name else f"n°\u00a0{index + 1}"


def _change(old: Any, new: Any) -> str:
    """``« a » → « b »``, or what was added or removed; long texts by an excerpt of each."""
    if old is _ABSENT:
        return f"texte ajouté ({_quote(_short(new))})" if _is_text(new) else f"valeur {_show(new)} ajoutée"
    if new is _ABSENT:
        return f"texte supprimé ({_quote(_short(old))})" if _is_text(old) else f"valeur {_show(old)} supprimée"
    if isinstance(old, str) and isinstance(new, str):
        if "\n" in old or "\n" in new:
            return f"texte réécrit ({_excerpts(old, new)})"
        if _is_text(old) or _is_text(new):
            return _excerpts(old, new)
    return f"{_show(old)} → {_show(new)}"


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and ("\n" in value or len(value) > _LONG)


def _plan(old: Mapping[str, Any], new: Mapping[str, Any], lines: list[str]) -> None:
    """The action plan's changes, told by its orientations, objectives and numbered actions."""
    for key in _order(old, new):
        a, b = old.get(key, _ABSENT), new.get(key, _ABSENT)
        if key == "orientations" and _both(list, a, b):
            _level(0, _or(a, []), _or(b, []), (), lines)
        else:
            _diff(a, b, f"action_plan.{key}", key, lines)


def _level(depth: int, old: list[Any], new: list[Any], where: tuple[Any, ...], lines: list[str]) -> None:
    """The changes of one level of the plan (`where`: the titles of the levels above)."""
    if depth == len(_LEVELS):
        _actions(old, new, where, lines)
        return
    key, child, noun, feminine = _LEVELS[depth]
    e = "e" if feminine else ""
    for i, j in _pairs(key, old, new):
        if j is None:
            title = _show(_field(old[i], "title"))
            lines.append(f"action_plan\u00a0: {noun} {title} supprimé{e}{_with(old[i], depth)}")
        elif i is None:
            title = _show(_field(new[j], "title"))
            above = f" ({_LEVELS[depth - 1][2]} {_show(where[-1])})" if where else ""
            lines.append(f"action_plan\u00a0: {noun} {title} ajouté{e}{above}{_with(new[j], depth)}")
        else:
            a, b = _field(old[i], "title"), _field(new[j], "title")
            if not _same(a, b):
                lines.append(f"action_plan\u00a0: intitulé de l'{noun} {_show(a)} → {_show(b)}")
            _level(depth + 1, _entries(old[i], child), _entries(new[j], child), (*where, b), lines)


def _field(entry: Any, name: str) -> Any:
    return entry.get(name) if isinstance(entry, Mapping) else None


def _entries(entry: Any, name: str) -> list[Any]:
    """The list `entry` holds under `name`, or none."""
    value = _field(entry, name)
    return value if isinstance(value, list) else []


def _with(entry: Any, depth: int) -> str:
    """« , avec les actions 1.1 et 1.2 » (those under a level of the plan)."""
    entries = [entry]
    for _, child, _, _ in _LEVELS[depth:]:
        entries = [item for e in entries for item in _entries(e, child)]
    numbers = [str(_field(action, "number")) for action in entries]
    if not numbers:
        return ""
    return f", avec l'action {numbers[0]}" if len(numbers) == 1 else f", avec les actions {join_fr(numbers)}"


def _actions(old: list[Any], new: list[Any], where: tuple[Any, ...], lines: list[str]) -> None:
    for i, j in _pairs("actions", old, new):
        if j is None:
            number, title = _field(old[i], "number"), _show(_field(old[i], "title"))
            lines.append(f"action_plan\u00a0: action {number} {title} supprimée")
        elif i is None:
            number, title = _field(new[j], "number"), _show(_field(new[j], "title"))
            place = f"orientation {_show(where[1])}, objectif {_show(where[2])}"
            lines.append(f"action_plan\u00a0: action {number} {title} ajoutée ({place})")
        elif isinstance(old[i], Mapping) and isinstance(new[j], Mapping):
            a, b = old[i], new[j]
            if not _same(a.get("number"), b.get("number")):
                lines.append(f"action_plan\u00a0: action {a.get('number')} renumérotée {b.get('number')}")
            for key in _order(a, b):
                if key != "number":
                    what = f"action_plan\u00a0: {_ACTION_FIELDS.get(key, key)} de l'action {b.get('number')}"
                    _diff(a.get(key, _ABSENT), b.get(key, _ABSENT), what, key, lines)
        else:
            _diff(old[i], new[j], f"action_plan\u00a0: action n°\u00a0{j + 1}", None, lines)


def _articles(old: Mapping[str, Any], new: Mapping[str, Any], lines: list[str]) -> None:
    """The texts of the library's articles that the territory replaces with its own."""
    for key in _order(old, new):
        a, b = old.get(key, _ABSENT), new.get(key, _ABSENT)
        path = f"article_texts.{key}"
        if _same(a, b):
            continue
        if a is _ABSENT:
            lines.append(f"{path}\u00a0: texte propre au territoire ajouté")
        elif b is _ABSENT:
            lines.append(f"{path}\u00a0: texte propre au territoire supprimé (retour au texte de la bibliothèque)")
        elif isinstance(a, str) and isinstance(b, str):
            lines.append(f"{path}\u00a0: texte de l'article réécrit ({_excerpts(a, b)})")
        else:
            _diff(a, b, path, key, lines)


def _show(value: Any) -> str:
    """A value as the legal officer reads it: « 1er janvier 2022 », « oui », « texte court… »."""
    if value is None:
        return "vide"
    if isinstance(value, bool):
        return _quote("oui" if value else "non")
    if isinstance(value, dt.date):
        return _quote(date_fr(value))
    if isinstance(value, Mapping | list):
        return "une liste" if isinstance(value, list) else "un ensemble de valeurs"
    return _quote(_short(str(value)))


def _excerpts(old: str, new: str) -> str:
    """``« …old words… » → « …new words… »``: twelve words of each, from just before their first difference."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    if a == b:
        return "mêmes mots, mise en forme modifiée"
    first = next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    start = max(0, first - 4)
    return f"{_words(a, start)} → {_words(b, start)}"


def _words(words: list[str], start: int) -> str:
    end = start + 12
    return _quote(("…" if start else "") + " ".join(words[start:end]) + ("…" if end < len(words) else ""))


def _short(text: str, limit: int = _LONG) -> str:
    """`text` on one line, cut at a word before `limit` characters, with « … »."""
    text = " ".join(_WORDS.findall(text))
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit].rstrip(" ,;:") + "…"


def _quote(text: str) -> str:
    return f"«\u00a0{text}\u00a0»"
