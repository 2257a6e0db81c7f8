"""LibreOffice is a child that always dies with us: no soffice outlives the command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docgen.pdf.convert import find_soffice
from tests.conftest import MINI, ROOT


def _soffice_processes(temp: Path) -> set[int]:
    """The LibreOffice processes of this test's conversions: their private profile is in `temp`
    (another test's or program's LibreOffice on the machine is not this test's business)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"ctg-pdf-" in command and str(temp).encode() in command:  # our private profile, in `temp`
                found.add(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_an_interrupted_pdf_build_leaves_no_libreoffice_and_no_temporary_folder(tmp_path):
    find_soffice()
    temp = tmp_path / "tmp"
    temp.mkdir()
    ctg = [sys.executable, "-c", "import sys; from docgen.cli import main; sys.exit(main())"]
    process = subprocess.Popen(
        [*ctg, "build", str(MINI), "--pdf", "--output", str(tmp_path / "out")],
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(temp)},
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not _soffice_processes(temp) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "LibreOffice was running when the command was stopped"
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 130
    assert "Interrompu." in process.stderr.read().decode()
    time.sleep(0.5)
    assert _soffice_processes(temp) == set(), "no soffice outlives the command"
    assert list(temp.iterdir()) == [], "its temporary folder is removed"
    assert not (tmp_path / "out").exists(), "nothing written"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_conversion_past_its_timeout_kills_libreoffice_and_removes_its_folder(tmp_path, monkeypatch):
    import tempfile

    from docgen.build.job import build_bytes
    from docgen.model.errors import DocgenError
    from docgen.pdf import convert

    find_soffice()
    document, _ = build_bytes(MINI)
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(convert, "_timeout", lambda size: 1.0)  # LibreOffice needs seconds to start
    with pytest.raises(DocgenError, match="n'a pas terminé la conversion en 1 seconde$"):
        convert.docx_to_pdf([document], ["convention.docx"])
    assert _soffice_processes(temp) == set(), "no soffice outlives the timeout"
    assert list(temp.iterdir()) == [], "its temporary folder is removed"
