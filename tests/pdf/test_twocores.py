"""Work on two cores: the same results as on one, errors carried back, no child left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from docgen.check.drafts import read_draft, reading_early
from docgen.check.job import check_file
from docgen.model.errors import DocgenError
from docgen.pdf import twocores
from docgen.pdf.reader import read_pdf
from tests.conftest import ROOT


@pytest.fixture
def forks(monkeypatch):
    """How many times the process forked."""
    count = [0]
    fork = os.fork

    def counted():
        count[0] += 1
        return fork()

    monkeypatch.setattr(os, "fork", counted)
    return count


def _no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_a_long_pdf_read_on_two_cores_gives_what_one_core_reads(pdfs, forks, monkeypatch):
    data = pdfs["seed-saint-jean"]
    both = read_pdf(data, "convention.pdf")
    assert forks[0] == 1 and _no_child_left()
    monkeypatch.setattr(twocores, "enabled", False)
    alone = read_pdf(data, "convention.pdf")
    assert forks[0] == 1
    assert both == alone and both.pages >= 30


def test_the_findings_of_two_cores_are_those_of_one(pdfs, library, tmp_path, forks, monkeypatch):
    path = tmp_path / "convention.pdf"
    path.write_bytes(pdfs["seed-saint-jean"])
    both = check_file(path, library)
    assert forks[0] == 2  # the pages, then the rules
    monkeypatch.setattr(twocores, "enabled", False)
    alone = check_file(path, library)
    assert both == alone and any(f.severity == "error" for f in both.findings)
    assert _no_child_left()


def test_an_error_in_the_child_is_raised_by_the_parent_with_its_french_message():
    def failing():
        raise DocgenError("la page 12 du PDF est illisible", "brouillon.pdf")

    work = twocores.Background(failing)
    assert work.pid
    with pytest.raises(DocgenError, match="la page 12 du PDF est illisible") as raised:
        work.result()
    assert raised.value.path == "brouillon.pdf" and _no_child_left()


def test_a_child_that_dies_without_answering_leaves_the_work_to_the_parent():
    parent = os.getpid()

    def work():
        if os.getpid() != parent:
            os._exit(3)  # killed, out of memory…
        return [1, 2, 3]

    background = twocores.Background(work)
    assert background.pid
    assert background.result() == [1, 2, 3] and _no_child_left()


def test_a_child_not_wanted_is_stopped_and_reaped():
    release = threading.Event()
    background = twocores.Background(lambda: release.wait(30))
    background.cancel()
    assert background.pid == 0 and _no_child_left()


def test_no_fork_while_other_threads_run(forks):
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert twocores.Background(lambda: 7).result() == 7
    finally:
        release.set()
        thread.join()
    assert forks[0] == 0


def test_an_early_reading_of_a_file_changed_since_is_not_used(pdfs, tmp_path):
    path = tmp_path / "brouillon.pdf"
    path.write_bytes(pdfs["seed-saint-jean"])
    with reading_early([path]):
        path.write_bytes(pdfs["seed-metz"])
        raw = read_draft(path)
    assert raw.blocks == read_pdf(pdfs["seed-metz"], "brouillon.pdf").blocks
    assert _no_child_left()


def test_checking_a_pdf_does_not_load_pydantic(pdfs, tmp_path):
    """The clause library is plain records (docgen/model/records.py): pydantic is for files."""
    path = tmp_path / "convention.pdf"
    path.write_bytes(pdfs["metz"])
    code = (
        "import sys; from docgen.cli import main; main(['check', sys.argv[1]]); "
        "print('pydantic' in sys.modules, file=sys.stderr)"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True, text=True)
        for _ in range(2)  # the first one may read the library's files and keep its copy
    ]
    assert runs[1].stderr.strip().splitlines()[-1] == "False", runs[1].stderr
    assert "Bilan" in runs[1].stdout
