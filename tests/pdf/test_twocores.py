"""Work on two cores: the same results as on one, errors carried back, no child left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from docgen.check.drafts import read_draft, reading_early
from docgen.check.job import check_file
from docgen.model.errors import DocgenError
from docgen.pdf import twocores
from docgen.pdf.reader import read_pdf
from tests.conftest import ROOT


@pytest.fixture
def forks(monkeypatch):
    """The children the process forked (their pids)."""
    children: list[int] = []
    fork = os.fork

    def counted():
        pid = fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    return children


def _reaped(children: list[int]) -> bool:
    """Whether every child is gone and reaped (other children of the test process aside)."""
    for pid in children:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        return False
    return True


def test_a_long_pdf_read_on_two_cores_gives_what_one_core_reads(pdfs, forks, monkeypatch):
    data = pdfs["seed-saint-jean"]
    both = read_pdf(data, "convention.pdf")
    assert len(forks) == 1 and _reaped(forks)
    monkeypatch.setattr(twocores, "enabled", False)
    alone = read_pdf(data, "convention.pdf")
    assert len(forks) == 1
    assert both == alone and both.pages >= 30


def test_the_findings_of_two_cores_are_those_of_one(pdfs, library, tmp_path, forks, monkeypatch):
    path = tmp_path / "convention.pdf"
    path.write_bytes(pdfs["seed-saint-jean"])
    both = check_file(path, library)
    assert len(forks) == 2  # the pages, then the rules
    monkeypatch.setattr(twocores, "enabled", False)
    alone = check_file(path, library)
    assert both == alone and any(f.severity == "error" for f in both.findings)
    assert _reaped(forks)


def _in_child(work):
    """`work(k, child)` over items 0 to 9, told which process runs it."""
    parent = os.getpid()

    def each(k):
        if os.getpid() == parent:
            return work(k, child=False)
        return work(k, child=True)

    return twocores.Shared(list(range(10)), each)


def test_the_results_come_back_in_the_order_of_the_items_whoever_computed_them(forks):
    shared = twocores.Shared(list(range(40)), lambda k: (k, os.getpid()))
    results = shared.result()
    assert [k for k, _ in results] == list(range(40))
    assert len(forks) == 1 and _reaped(forks)


def test_an_error_in_the_child_is_raised_by_the_parent_with_its_french_message(forks):
    ours = []

    def work(k, child):
        if child:
            raise DocgenError(f"la page {k + 1} du PDF est illisible", "brouillon.pdf")
        ours.append(k)
        time.sleep(0.2)  # the child meets its error meanwhile
        return k

    with pytest.raises(DocgenError, match=r"la page \d+ du PDF est illisible") as raised:
        _in_child(work).result()
    assert len(ours) < 5  # this process stopped taking items once the child failed
    assert raised.value.path == "brouillon.pdf" and len(forks) == 1 and _reaped(forks)


def test_a_child_that_dies_leaves_its_items_to_the_parent(forks):
    def work(k, child):
        if child:
            os._exit(3)  # killed, out of memory…
        time.sleep(0.05)
        return k * k

    assert _in_child(work).result() == [k * k for k in range(10)] and len(forks) == 1 and _reaped(forks)


def test_a_child_not_wanted_is_stopped_and_reaped(forks):
    shared = twocores.Shared(list(range(10)), lambda k: time.sleep(30))
    assert shared.pid
    shared.cancel()
    assert shared.pid == 0 and len(forks) == 1 and _reaped(forks)


def test_no_fork_while_other_threads_run(forks):
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert twocores.Shared([1, 2, 3], lambda k: k * 7).result() == [7, 14, 21]
    finally:
        release.set()
        thread.join()
    assert len(forks) == 0


def test_an_early_reading_of_a_file_changed_since_is_not_used(pdfs, tmp_path, forks):
    path = tmp_path / "brouillon.pdf"
    path.write_bytes(pdfs["seed-saint-jean"])
    with reading_early([path]):
        path.write_bytes(pdfs["seed-metz"])
        raw = read_draft(path)
    assert raw.blocks == read_pdf(pdfs["seed-metz"], "brouillon.pdf").blocks
    assert len(forks) >= 2 and _reaped(forks)  # the early reading, stopped; the reading of the new file


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
