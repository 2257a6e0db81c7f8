"""Batch build benchmark: 40 copies of the Saint-Jean-de-la-Ruelle example built with PDF.

Prints the per-document time of `ctg build FOLDER --pdf` over the 40 territories (one LibreOffice
start for the batch, the Python work on every core) and of a shell loop of single `ctg build
TERRITORY --pdf`, measured in the same run on the first 5 copies, and the processor use of the
batch. Target: at most 0.5 s per document amortised on a 2-core machine.
Run: .venv/bin/python benchmarks/batch.py
"""

from __future__ import annotations

import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TERRITORY = ROOT / "conventions" / "saint-jean-de-la-ruelle"
COPIES, LOOPED = 40, 5
TARGET_S = 0.5  # per document, amortised
CTG = str(Path(sys.executable).with_name("ctg"))


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time and processor time (with the children it reaped) of a command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(
            f"échec de {' '.join(command)}\u00a0: {process.stderr.read().decode() if process.stderr else ''}"
        )
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    # docgen's bytecode, as an installation writes it (pip does for the libraries), so that no
    # run compiles its modules again (PYTHONDONTWRITEBYTECODE, a fresh clone): what users time
    compileall.compile_dir(ROOT / "docgen", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "conventions"
        for i in range(COPIES):
            shutil.copytree(
                TERRITORY, folder / f"saint-jean-{i:02d}", ignore=shutil.ignore_patterns("history", "output")
            )
        loop = 0.0
        for i in range(LOOPED):
            loop += timed([CTG, "build", str(folder / f"saint-jean-{i:02d}"), "--pdf", "--output", str(work / "seul")])[
                0
            ]
        wall, cpu = timed([CTG, "build", str(folder), "--pdf", "--output", str(work / "lot")])
        made = len(list((work / "lot").glob("*/convention.pdf")))
    print(f"Production de {COPIES} conventions avec leur PDF (Saint-Jean-de-la-Ruelle recopiée)")
    print(f"  une par une (boucle de {LOOPED} «\u00a0ctg build\u00a0») : {loop / LOOPED:.2f} s par convention")
    print(
        f"  en lot («\u00a0ctg build dossier/\u00a0», {made} PDF) : {wall / COPIES:.2f} s par convention "
        f"(objectif ≤ 0,5 s), {wall:.1f} s en tout, processeur {cpu / wall * 100:.0f} % (2 cœurs : ≤ 200 %)"
    )
    print(f"  objectif de la production en lot : {'atteint' if wall / COPIES <= TARGET_S else 'non atteint'}")


if __name__ == "__main__":
    main()
