"""kill -9 at random moments during ctg build --pdf, ctg sign and ctg avenant --pdf (20 kills in
all): never a mixed set of outputs once the next command has recovered, never a blocked history,
never a LibreOffice left running, never a temporary folder or a stage left behind."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docgen.amend.history import load_history
from docgen.build.produced import MANIFEST
from docgen.check.drafts import read_draft
from docgen.inputs import fingerprint
from docgen.output import STAGING_PREFIX, recover
from docgen.pdf.convert import find_soffice
from tests.conftest import MINI, ROOT
from tests.yamledit import add_amendment, edit

CTG = [sys.executable, "-c", "import sys; from docgen.cli import main; sys.exit(main(sys.argv[1:]))"]
AVENANT_SET = ["avenant-01", "convention-consolidee-01", "redline-01"]

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")


class Killer:
    """Runs ctg with a private temporary folder and kills it with SIGKILL at a random moment."""

    def __init__(self, tmp_path: Path, seed: int) -> None:
        self.rng = random.Random(seed)
        self.temp = tmp_path / "tmp"
        self.temp.mkdir()
        self.env = {**os.environ, "TMPDIR": str(self.temp)}
        self.kills = 0

    def killed(self, args: list[str], longest: float) -> bool:
        """Run ctg, kill it after a random time below `longest`; whether it was still running."""
        process = subprocess.Popen(
            [*CTG, *args], cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(self.rng.uniform(0.1, longest))
        running = process.poll() is None
        if running:
            os.kill(process.pid, signal.SIGKILL)
            self.kills += 1
        process.wait()
        self.assert_nothing_left()
        return running

    def run(self, args: list[str]) -> tuple[int, float]:
        """Run ctg to its end: exit code and duration."""
        started = time.monotonic()
        code = subprocess.run([*CTG, *args], cwd=ROOT, env=self.env, capture_output=True, check=False).returncode
        return code, time.monotonic() - started

    def assert_nothing_left(self) -> None:
        """No process started for the killed command (the watchman, soffice, soffice.bin) and no
        temporary folder outlive it by more than a moment."""
        deadline = time.monotonic() + 20  # LibreOffice, killed, may take seconds to go on a loaded machine
        while (self._survivors() or list(self.temp.iterdir())) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert self._survivors() == [], "no LibreOffice outlives the command"
        assert list(self.temp.iterdir()) == [], "no temporary folder outlives the command"

    def _survivors(self) -> list[str]:
        marker = str(self.temp).encode()
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    command = (entry / "cmdline").read_bytes()
                    state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                except (OSError, IndexError):
                    continue
                if marker in command and state != "Z":
                    found.append(command.decode(errors="replace"))
        return found


def _fingerprints(folder: Path, stems: list[str]) -> dict[str, tuple]:
    """For each document of a set, the data fingerprints its .docx and its .pdf carry."""
    return {
        stem: tuple(read_draft(folder / f"{stem}.{kind}").fingerprint for kind in ("docx", "pdf")) for stem in stems
    }


def _assert_whole(folder: Path, stems: list[str]) -> None:
    """After recovery, either no file of the set, or all of them, each .pdf made from its .docx."""
    recover(folder)  # what the next command on this folder does first
    assert not list(folder.glob(STAGING_PREFIX + "*"))
    names = sorted(p.name for p in folder.iterdir() if p.name != MANIFEST)
    if names:
        assert names == sorted(f"{s}.{k}" for s in stems for k in ("docx", "pdf")), names
        for stem, (docx, pdf) in _fingerprints(folder, stems).items():
            assert docx and docx == pdf, f"{stem}: the PDF beside the .docx is not made from it"
        recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        assert recorded == {n: fingerprint((folder / n).read_bytes()) for n in names}, "the record is of these files"


def test_kills_during_build_sign_and_avenant_leave_a_consistent_state(tmp_path):
    find_soffice()
    killer = Killer(tmp_path, 20261201)
    folder = tmp_path / "villebourg"
    shutil.copytree(MINI, folder)
    out = tmp_path / "output"
    built = out / "villebourg"

    # build --pdf, the data changed before each run: an old and a new pair are told apart
    build = ["build", str(folder), "--pdf", "--output", str(out)]
    code, duration = killer.run(build)
    assert code == 0
    version = 0
    while killer.kills < 8:
        version += 1
        edit(folder / "convention.yaml", lambda data, v=version: data["signature"].update(place=f"Bourges {v}"))
        killer.killed(build, duration)
        _assert_whole(built, ["convention"])

    # sign: each time the next command finds the convention signed or not signed
    for _ in range(4):
        killer.killed(["sign", str(folder)], 1.2)
        states = load_history(folder)  # never refused: completed or undone
        assert len(states) in (0, 1)
        if states:
            break
    if not load_history(folder):
        assert killer.run(["sign", str(folder)])[0] == 0

    # avenant --pdf: six files written as one set, the reason changed before each run
    def prolonged(data, version):
        data["period"]["end"] = dt.date(2028, 12, 31)
        add_amendment(data, f"Prolongation, version {version}.", dt.date(2025, 6, 1), dt.date(2025, 6, 1))

    avenant = ["avenant", str(folder), "--pdf", "--output", str(out)]
    edit(folder / "convention.yaml", lambda data: prolonged(data, 0))
    code, duration = killer.run(avenant)
    assert code == 0
    while killer.kills < 20:
        version += 1
        edit(folder / "convention.yaml", lambda data, v=version: prolonged(data, v))
        killer.killed(avenant, duration)
        _assert_whole_avenant(built)
    assert killer.run(["sign", str(folder)])[0] == 0, "the avenant can still be signed"
    assert [s.number for s in load_history(folder)] == [0, 1]
    killer.assert_nothing_left()


def _assert_whole_avenant(folder: Path) -> None:
    recover(folder)
    names = {p.name for p in folder.iterdir()} - {"convention.docx", "convention.pdf", MANIFEST}
    assert names == {f"{s}.{k}" for s in AVENANT_SET for k in ("docx", "pdf")}, sorted(names)
    for stem, (docx, pdf) in _fingerprints(folder, AVENANT_SET).items():
        assert docx and docx == pdf, f"{stem}: the PDF beside the .docx is not made from it"
