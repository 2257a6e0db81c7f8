"""`ctg import --update`: edits made in Word to a generated convention come back into its data."""

from __future__ import annotations

import copy
import io
import shutil

import docx
import yaml

from docgen.build.job import build_bytes
from docgen.cli import main
from tests.conftest import ROOT

SENTENCE = "Les parties mettent en commun les moyens humains et matériels nécessaires à la réussite de la convention."
OWNER = "DCCAS – pôle Petite Enfance, avec le relais petite enfance"
NEW_ACTION = ("1.30", "Organiser des matinées d'éveil pour les assistantes maternelles", "Relais petite enfance")


def _set(paragraph, text: str) -> None:
    """Type `text` over a paragraph, as a person retyping it in Word (its first run's formatting)."""
    paragraph.runs[0].text = text
    for run in paragraph.runs[1:]:
        run.text = ""


def edited_in_word(data: bytes) -> bytes:
    """The Saint-Jean convention with article 6's first sentence rewritten, action 1.3's porteur
    changed and an action added below it in the plan's table."""
    document = docx.Document(io.BytesIO(data))
    headings = [i for i, p in enumerate(document.paragraphs) if p.text.startswith("Article 6\u00a0:")]
    _set(document.paragraphs[headings[-1] + 1], SENTENCE)
    table = next(t for t in document.tables if len(t.columns) == 8)
    row = next(r for r in table.rows if r.cells[3].text == "1.3")
    _set(row.cells[2].paragraphs[0], OWNER)
    added = copy.deepcopy(row._tr)
    row._tr.addnext(added)
    new_row = next(r for r in table.rows if r._tr is added)
    number, title, owner = NEW_ACTION
    for index, text in ((2, owner), (3, number), (4, title), (5, "2023-2025"), (7, "—")):
        _set(new_row.cells[index].paragraphs[0], text)
    indicators = new_row.cells[6]
    for extra in indicators.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    _set(indicators.paragraphs[0], "Nombre de matinées organisées")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_edits_come_back_into_the_data(tmp_path, capsys, library):
    folder = tmp_path / "saint-jean-de-la-ruelle"
    shutil.copytree(ROOT / "conventions" / "saint-jean-de-la-ruelle", folder)
    before = (folder / "convention.yaml").read_text(encoding="utf-8")
    generated, _ = build_bytes(folder, library)
    edited = tmp_path / "convention-modifiee.docx"
    edited.write_bytes(edited_in_word(generated))

    assert main(["import", "--update", str(folder), str(edited)]) == 0
    printed = capsys.readouterr().out
    changes = [line.strip() for line in printed.splitlines() if line.startswith("  ")]
    assert len(changes) == 3, printed
    assert any(line.startswith("article_texts.collaboration") for line in changes), changes
    assert any("1.3" in line and "porteur" in line and OWNER in line for line in changes), changes
    assert any("1.30" in line and "ajoutée" in line for line in changes), changes
    assert (folder / "convention.yaml").read_text(encoding="utf-8") == before, "nothing written without --yes"

    assert main(["import", "--update", str(folder), str(edited), "--yes"]) == 0
    capsys.readouterr()
    after = (folder / "convention.yaml").read_text(encoding="utf-8")
    assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == [
        line for line in after.splitlines() if line.lstrip().startswith("#")
    ], "the file's comments kept"
    data = yaml.safe_load(after)
    actions = [
        a
        for o in data["action_plan"]["orientations"]
        for g in o["goals"]
        for ob in g["objectives"]
        for a in ob["actions"]
    ]
    numbers = [a["number"] for a in actions]
    assert numbers[numbers.index("1.3") + 1] == "1.30"
    rebuilt, _ = build_bytes(folder, library)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(rebuilt)).paragraphs).replace("\u2019", "'")
    cells = "\n".join(c.text for t in docx.Document(io.BytesIO(rebuilt)).tables for r in t.rows for c in r.cells)
    assert SENTENCE in text
    assert OWNER in cells.replace("\u2019", "'") and NEW_ACTION[1] in cells.replace("\u2019", "'")

    # the data now say what the document says: nothing more to bring back
    assert main(["import", "--update", str(folder), str(edited)]) == 2
    assert "autre version des données" in capsys.readouterr().err
