"""`--annotate`: a copy of a Word draft with each finding as a comment on its paragraph."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from docgen.inputs import DRAFT_LIMIT, read_input
from docgen.model.errors import DocgenError
from docgen.model.findings import SEVERITY_LABELS, Report
from docgen.word.reader import read_docx

AUTHOR = "Vérificateur CTG"
INITIALS = "CTG"


def annotate(source: Path, report: Report, target: Path) -> tuple[bytes, int]:
    """The annotated copy of the draft `source` for `target`: its bytes, and the number of comments.

    Comments are anchored on the paragraph the finding names (for a table, its first cell);
    findings about the whole document go on its first paragraph. `target` may not be an existing
    file: nothing is overwritten. The caller writes it (with the report, as one set).
    """
    source, target = Path(source), Path(target)
    if source.suffix.lower() != ".docx":
        raise DocgenError("l'annotation n'est possible que pour un document Word (.docx)", source)
    if target.suffix.lower() != ".docx":
        raise DocgenError("le fichier annoté doit porter l'extension .docx", target)
    if target.exists():
        raise DocgenError("ce fichier existe déjà\u00a0: il n'est pas remplacé (choisir un autre nom)", target)
    data = read_input(source, DRAFT_LIMIT, "un projet de convention")
    read_docx(data, str(source))  # same validation as the check itself
    word = docx.Document(io.BytesIO(data))
    blocks = _blocks(word)
    first = next((p for p in blocks if isinstance(p, DocxParagraph)), None)
    count = 0
    for finding in report.findings:
        index = finding.location.paragraph
        block = blocks[index] if index is not None and 0 <= index < len(blocks) else first
        paragraph = _paragraph_of(block)
        if paragraph is None:
            continue
        runs = paragraph.runs or [paragraph.add_run("")]
        label = SEVERITY_LABELS[finding.severity].rstrip("s").lower()
        word.add_comment(runs, text=f"[{label} · {finding.code}] {finding.message}", author=AUTHOR, initials=INITIALS)
        count += 1
    moment = dt.datetime.now().replace(microsecond=0)
    word.core_properties.last_modified_by = AUTHOR
    word.core_properties.modified = moment
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue(), count


def _blocks(word) -> list:
    """Body paragraphs and tables in the order (and numbering) the reader uses."""
    out = []

    def walk(container):
        for child in container:
            if child.tag == qn("w:p"):
                out.append(DocxParagraph(child, word.part))
            elif child.tag == qn("w:tbl"):
                out.append(DocxTable(child, word.part))
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    walk(content)

    walk(word.element.body)
    return out


def _paragraph_of(block) -> DocxParagraph | None:
    if isinstance(block, DocxTable):
        for row in block.rows:
            for cell in row.cells:
                if cell.paragraphs:
                    return cell.paragraphs[0]
        return None
    return block
