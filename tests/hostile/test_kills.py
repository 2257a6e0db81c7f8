"""kill -9 at random moments during ctg sign and ctg avenant: never a blocked history, never a
mixed set of outputs, never a stage left behind."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import time

from docgen.amend.history import load_history
from docgen.output import STAGING_PREFIX
from tests.conftest import MINI, ROOT
from tests.yamledit import add_amendment, edit

CTG = [sys.executable, "-c", "import sys; from docgen.cli import main; sys.exit(main(sys.argv[1:]))"]


def _killed(args: list[str], after: float) -> int | None:
    """Run ctg with `args`, kill -9 it after `after` seconds; its exit code if it ended before."""
    process = subprocess.Popen([*CTG, *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    return process.wait()


def _run(args: list[str]) -> int:
    return subprocess.run([*CTG, *args], cwd=ROOT, capture_output=True, check=False).returncode


def test_kills_during_sign_and_avenant_leave_a_consistent_state(tmp_path):
    rng = random.Random(20261201)
    folder = tmp_path / "villebourg"
    shutil.copytree(MINI, folder)
    out = tmp_path / "output"
    # the convention, signed through kills: each time the next command finds it signed or not signed
    for _ in range(4):
        _killed(["sign", str(folder)], rng.uniform(0.3, 1.2))
        states = load_history(folder)  # never refused: completed or undone
        assert len(states) in (0, 1)
        if states:
            break
    if not load_history(folder):
        assert _run(["sign", str(folder)]) == 0

    def prolonged(data):
        data["period"]["end"] = dt.date(2028, 12, 31)
        add_amendment(data, "Prolongation.", dt.date(2025, 6, 1), dt.date(2025, 6, 1))

    edit(folder / "convention.yaml", prolonged)
    # the avenant's three files, written through kills: the next command recovers the set
    for _ in range(4):
        _killed(["avenant", str(folder), "--output", str(out)], rng.uniform(0.5, 2.5))
        written = out / "villebourg"
        if written.exists():
            _run(["avenant", str(folder), "--output", str(out)])  # the next command recovers first
            names = sorted(p.name for p in written.iterdir())
            assert names == ["avenant-01.docx", "convention-consolidee-01.docx", "redline-01.docx"], names
            assert not list(written.glob(STAGING_PREFIX + "*")), "the stage of a killed run is recovered"
    assert _run(["sign", str(folder)]) == 0, "the avenant can still be signed"
    assert [s.number for s in load_history(folder)] == [0, 1]
