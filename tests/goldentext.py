"""Golden texts: a generated .docx as readable text, compared with the copy kept in tests/golden/.

One line per paragraph (its Word style first), one line per table row (cells joined by « | »,
the lines of a cell by « / »); in a redline, inserted text is written {+…+} and deleted text
[-…-], a whole inserted or deleted paragraph or row starts with « + » or « - ». Non-breaking
spaces are shown as « ~ » so that French typography is reviewed too. The page numbers of the
sommaire, which come from LibreOffice's layout of the machine, are shown as « # ».

A generated document that changes shows as a diff in the failing test. Updating the goldens is
a deliberate step: `CTG_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests`, then review
`git diff tests/golden` before committing.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import zipfile
from pathlib import Path

from lxml import etree

GOLDEN = Path(__file__).resolve().parent / "golden"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes) -> str:
    """The document body of a .docx as golden text."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    body = etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
    styles = _style_names(archive)
    lines = []
    for child in body:
        if child.tag == f"{W}p":
            text = _runs(child)
            style = child.find(f"{W}pPr/{W}pStyle")
            name = styles.get(style.get(f"{W}val"), "?") if style is not None else "Normal"
            if name == "toc 1":  # page numbers: LibreOffice's layout, compared with the PDF's apart
                text = re.sub(r"\t\d+$", "\t#", text)
            if text or name != "Normal":
                lines.append(f"{_mark(child.find(f'{W}pPr/{W}rPr'))}[{name}] {text}")
        elif child.tag == f"{W}tbl":
            for row in child.iter(f"{W}tr"):
                cells = [" / ".join(t for t in map(_runs, tc.iter(f"{W}p")) if t) for tc in row.iter(f"{W}tc")]
                lines.append(f"{_mark(row.find(f'{W}trPr'))}| " + " | ".join(cells))
    return "\n".join(lines).replace("\u00a0", "~") + "\n"


def assert_golden(name: str, data: bytes) -> None:
    """Compare the golden text of `data` with tests/golden/<name>.txt (or write it, when asked)."""
    path = GOLDEN / f"{name}.txt"
    text = docx_text(data)
    if os.environ.get("CTG_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run CTG_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), text.splitlines(), f"golden/{name}.txt", "generated", lineterm="", n=1
        )
        raise AssertionError("the generated text differs from its golden copy:\n" + "\n".join(list(diff)[:80]))


def _style_names(archive: zipfile.ZipFile) -> dict[str, str]:
    styles = etree.fromstring(archive.read("word/styles.xml"))
    names = {}
    for style in styles.iter(f"{W}style"):
        name = style.find(f"{W}name")
        if name is not None:
            names[style.get(f"{W}styleId")] = name.get(f"{W}val")
    return names


def _runs(p: etree._Element) -> str:
    out = []
    nodes = (node for run in p.iter(f"{W}r") for node in run)
    for node in nodes:
        if node.tag not in (f"{W}t", f"{W}delText", f"{W}tab", f"{W}br", f"{W}noBreakHyphen"):
            continue
        if node.tag == f"{W}tab":
            out.append("\t")
        elif node.tag == f"{W}noBreakHyphen":
            out.append("-")
        elif node.tag == f"{W}br":
            out.append(" ")
        else:
            change = next((a.tag for a in node.iterancestors(f"{W}ins", f"{W}del")), None)
            text = node.text or ""
            out.append({f"{W}ins": f"{{+{text}+}}", f"{W}del": f"[-{text}-]"}.get(change, text))
    return "".join(out).replace("+}{+", "").replace("-][-", "").strip()


def _mark(properties: etree._Element | None) -> str:
    """« + » or « - » for a paragraph or row inserted or deleted as a whole, else nothing."""
    if properties is None:
        return ""
    if properties.find(f"{W}ins") is not None:
        return "+ "
    if properties.find(f"{W}del") is not None:
        return "- "
    return ""
