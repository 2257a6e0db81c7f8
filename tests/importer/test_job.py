"""`ctg import` on the bundled examples as .docx and PDF: the rebuilt convention says the same."""

from __future__ import annotations

import re

import pytest

from docgen.build.job import build_bytes
from docgen.cli import main
from docgen.data.loading import load_convention
from docgen.importer.job import import_convention
from docgen.word.reader import read_docx
from tests.conftest import EXAMPLES, ROOT


def paragraphs(data: bytes) -> list[str]:
    """Every paragraph of a .docx after its cover, and every table row, as text, in order (the
    cover is the Caf's Word template, not data: an import does not recover it)."""
    out = []
    blocks = read_docx(data, "convention.docx").blocks
    start = next(i for i, b in enumerate(blocks) if b.text.strip() == "Entre\u00a0:")
    for block in blocks[start:]:
        if block.kind == "table":
            out.extend(" | ".join(" ".join(c.split()) for c in row) for row in block.rows)
        elif block.text.strip():
            out.append(" ".join(block.text.split()))
    return out


def folded(value):
    """Data as compared: typographic spaces and apostrophes folded, list marks of markup aside."""
    if isinstance(value, str):
        value = re.sub(r"(?m)^- ", "", value.replace("\u2019", "'"))
        return " ".join(re.sub(r"\*\*", "", value).replace("\u00a0", " ").split())
    if isinstance(value, dict):
        return {k: folded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [folded(v) for v in value]
    return value


@pytest.fixture(params=["docx", "pdf"])
def source_kind(request):
    return request.param


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_imports_and_rebuilds_the_same_text(tmp_path, library, built, pdfs, name, source_kind):
    source = tmp_path / f"convention-signee.{source_kind}"
    source.write_bytes(built[name][0] if source_kind == "docx" else pdfs[name])
    result = import_convention(source, tmp_path / "conventions" / name, library)
    rebuilt, _ = build_bytes(result.file.parent, library)
    assert paragraphs(rebuilt) == paragraphs(built[name][0])
    original = load_convention(ROOT / "conventions" / name, library).model_dump()
    imported = load_convention(result.file, library).model_dump()
    for key in ("territory", "period", "signature", "parties"):
        assert folded(imported[key]) == folded(original[key]), key
    assert folded(imported["action_plan"]) == folded(original["action_plan"])


def test_import_comments_each_part_with_its_source(tmp_path, library, built):
    source = tmp_path / "signee.docx"
    source.write_bytes(built["metz"][0])
    result = import_convention(source, tmp_path / "metz", library)
    text = result.file.read_text(encoding="utf-8")
    assert "depuis « signee.docx »" in text
    lines = text.splitlines()
    period = lines.index("period:")
    assert lines[period - 1].startswith("# source\u00a0: article 10 «\u00a0Durée de la convention\u00a0»")
    assert sum(1 for line in lines if line.strip().startswith("# source\u00a0: bloc des parties")) == 3


def test_import_never_writes_into_an_existing_territory(tmp_path, built, capsys):
    source = tmp_path / "signee.docx"
    source.write_bytes(built["metz"][0])
    folder = tmp_path / "metz"
    folder.mkdir()
    (folder / "convention.yaml").write_text("model: ctg-2016\n", encoding="utf-8")
    assert main(["import", str(source), str(folder)]) == 2
    assert "existe déjà" in capsys.readouterr().err
    assert (folder / "convention.yaml").read_text(encoding="utf-8") == "model: ctg-2016\n"


def test_import_refuses_what_is_not_a_convention_as_the_checker_does(tmp_path, capsys):
    from tests.realdrafts import not_a_convention

    source = tmp_path / "facture.docx"
    source.write_bytes(not_a_convention())
    assert main(["import", str(source), str(tmp_path / "t")]) == 2
    assert "n'a rien d'une convention territoriale globale" in capsys.readouterr().err
    assert not (tmp_path / "t").exists()


def test_import_prints_what_it_read_and_how_to_build(tmp_path, built, capsys):
    source = tmp_path / "signee.docx"
    source.write_bytes(built["saint-jean-de-la-ruelle"][0])
    assert main(["import", str(source), str(tmp_path / "sj")]) == 0
    out = capsys.readouterr().out
    assert "Convention importée" in out and "2 parties" in out and "build" in out
