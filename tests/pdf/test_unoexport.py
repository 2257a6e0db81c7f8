"""One LibreOffice load per PDF (docgen/pdf/unoexport.py): the « (suite) » labels made in
LibreOffice itself give the same pages as the labels written in the .docx and laid out again."""

from __future__ import annotations

import json
import subprocess
import sys

import pypdfium2 as pdfium
import pytest

from docgen.build import job
from docgen.build.paging import continued_rows, label_plan
from docgen.model.tree import Cell, Paragraph, Table, Text
from docgen.pdf import convert
from tests.conftest import ROOT

SAINT_JEAN = ROOT / "conventions" / "saint-jean-de-la-ruelle"


def _pages(pdf: bytes) -> list[str]:
    return [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf)]


def _build(tmp_path, name, monkeypatch, uno: str | None):
    """A single `ctg build --pdf`, with or without LibreOffice's Python (`uno`: $CTG_UNO_PYTHON);
    the PDF and the LibreOffice starts it took."""
    if uno is None:
        monkeypatch.delenv("CTG_UNO_PYTHON", raising=False)
    else:
        monkeypatch.setenv("CTG_UNO_PYTHON", uno)
    convert.uno_python.cache_clear()
    starts = []
    original = convert._Guarded.start

    def counted(self, command, timeout):
        starts.append(command)
        return original(self, command, timeout)

    monkeypatch.setattr(convert._Guarded, "start", counted)
    try:
        result = job.build(SAINT_JEAN, tmp_path / name, pdf=True)
    finally:
        convert.uno_python.cache_clear()
    assert result.pdf is not None and result.paged
    return result.pdf.read_bytes(), starts


def test_one_load_labels_the_pages_the_docx_labels_give(tmp_path, monkeypatch, built):
    assert convert.uno_python(), "python3-uno (scripts/setup.sh installs it)"
    once, starts = _build(tmp_path, "uno", monkeypatch, None)
    assert len(starts) == 1 and starts[0][1].endswith("unoexport.py")  # no second layout
    twice, plain = _build(tmp_path, "docx", monkeypatch, "")
    assert len(plain) == 2 and "--convert-to" in plain[0]  # without it: laid out, labelled, laid out again
    assert _pages(once) == _pages(twice)  # page by page, the same words: labels, sommaire numbers
    tree = built["saint-jean-de-la-ruelle"][1]
    starting = continued_rows(tree, once)
    assert len(starting) >= 4 and "".join(_pages(once)).count("(suite)") >= len(starting)


def test_the_plan_names_each_rows_merged_cells_and_leaves_spanned_tables_to_the_docx(built):
    tree = built["saint-jean-de-la-ruelle"][1]
    plan = json.loads(label_plan(tree) or "{}")
    tables = tree.merged_tables
    assert len(plan["tables"]) == len(tables)
    rows = plan["tables"][0]["rows"]
    assert len(rows) == len(tables[0].rows)
    name, own, merged = rows[tables[0].merged_rows[0]]
    assert name.startswith("ctg_row_0_") and merged and all(k != own for k, _ in merged)
    assert merged[0][1] == tables[0].rows[0][merged[0][0]].text  # the text of the cell it continues

    def cell(text: str, merge: str | None = None, span: int = 1) -> Cell:
        return Cell((Paragraph((Text(text),)),), span=span, merge=merge)

    rows = ((cell("a", "restart"), cell("b")), (cell("a", "continue"), cell("c")), (cell("d", span=2),))
    spanned = Table((), rows, (1, 1))
    document = type("D", (), {"merged_tables": (spanned,)})()
    assert label_plan(document) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("missing", ["", "/nonexistent/python3"])
def test_without_a_python_that_has_uno_the_pdf_is_made_by_soffice_convert_to(missing, monkeypatch):
    monkeypatch.setenv("CTG_UNO_PYTHON", missing)
    convert.uno_python.cache_clear()
    try:
        assert convert.uno_python() is None
    finally:
        convert.uno_python.cache_clear()


def test_a_worker_that_fails_leaves_the_pdf_to_soffice_convert_to(tmp_path, monkeypatch):
    assert convert.uno_python(), "python3-uno (scripts/setup.sh installs it)"
    failing = [sys.executable, "-c", "raise SystemExit(1)"]  # as a worker whose LibreOffice never answers
    monkeypatch.setattr(convert.Conversion, "_worker_command", lambda self: failing)
    result = job.build(SAINT_JEAN, tmp_path / "out", pdf=True)
    assert result.pdf is not None and result.paged and "(suite)" in "".join(_pages(result.pdf.read_bytes()))


PROBE = """
import subprocess, sys, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import unoexport, unolabels
scratch = Path(tempfile.mkdtemp())
office = subprocess.Popen([sys.argv[2], f"-env:UserInstallation={(scratch / 'profile').as_uri()}",
    *unoexport._services(scratch, sys.argv[2]), "--headless", "--norestore", "--nolockcheck", "--nodefault",
    "--accept=pipe,name=ctg-probe-" + scratch.name + ";urp;"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
try:
    context, desktop = unoexport._connect("ctg-probe-" + scratch.name, office)
    print("bridge" if unoexport._labeller(context) is unolabels.labelled_rows else "in-process")
    desktop.terminate()
    office.wait(timeout=30)
finally:
    if office.poll() is None:
        office.kill()
"""


def test_libreoffice_labels_in_its_own_process_and_over_the_bridge_alike(tmp_path, monkeypatch):
    """The labels are made by the component LibreOffice loads (a UNO call costs it microseconds
    there, a millisecond over the bridge); without it, over the bridge: the same pages."""
    worker = convert.uno_python()
    assert worker, "python3-uno (scripts/setup.sh installs it)"
    folder = str(ROOT / "docgen" / "pdf")
    probe = subprocess.run([worker, "-c", PROBE, folder, convert.find_soffice()], capture_output=True, text=True)
    assert probe.stdout.split() == ["in-process"], probe.stderr
    inside, _ = _build(tmp_path, "inside", monkeypatch, None)
    monkeypatch.setenv("CTG_UNO_REMOTE_LABELS", "1")
    bridged, _ = _build(tmp_path, "bridge", monkeypatch, None)
    assert _pages(inside) == _pages(bridged) and "(suite)" in "".join(_pages(inside))
