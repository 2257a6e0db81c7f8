"""Check benchmark: a 50-page convention, as .docx and as PDF; prints its figures.

The draft is the Saint-Jean-de-la-Ruelle example with its shared diagnosis lengthened until
LibreOffice lays it out on at least 50 pages. Prints, for the .docx and the PDF:
- the time of `check_file` (read, recognise, map, all rules; median of 10) and the peak Python
  memory of one check (tracemalloc); targets: under 0.5 s for the .docx, under 3 s for the PDF;
- the whole-process time of `ctg check FILE` against a plain read of the same file in its own
  process (python-docx: every paragraph and cell; pypdfium2: the text of every page), medians of
  15 runs taken in turn, and their ratio; targets: at most 2× for the .docx, 3× for the PDF;
- the time and the processor use of `ctg check` on a folder of 40 drafts (both cores: > 100 %).
Run: .venv/bin/python benchmarks/check.py
"""

from __future__ import annotations

import compileall
import copy
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.build.job import build_bytes  # noqa: E402
from docgen.check.job import check_file  # noqa: E402
from docgen.library.catalog import load_library  # noqa: E402
from docgen.pdf.convert import docx_to_pdf  # noqa: E402

TERRITORY = ROOT / "conventions" / "saint-jean-de-la-ruelle" / "convention.yaml"
TARGET_PAGES = 50


def lengthened(extra_copies: int, folder: Path) -> Path:
    """A copy of the territory whose diagnosis sections are repeated `extra_copies` times."""
    data = yaml.safe_load(TERRITORY.read_text(encoding="utf-8"))
    sections = data["diagnosis"]["sections"]
    for k in range(extra_copies):
        for section in sections[: len(sections)]:
            extra = copy.deepcopy(section)
            extra["title"] = f"{section['title']} (compléments {k + 1})"
            data["diagnosis"]["sections"].append(extra)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "convention.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def fifty_pages(work: Path) -> tuple[bytes, bytes, int]:
    """A .docx of at least 50 pages, its PDF, and its page count."""
    library = load_library()
    copies = 1
    while True:
        data, _ = build_bytes(lengthened(copies, work / f"t{copies}"), library)
        pdf = docx_to_pdf([data], ["benchmark"])[0]
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        if pages >= TARGET_PAGES:
            return data, pdf, pages
        copies += 1


def measure(path: Path, runs: int) -> tuple[float, float, int]:
    library = load_library()
    report = check_file(path, library)  # warm-up: imports, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        check_file(path, library)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    check_file(path, library)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak / 1024 / 1024, len(report.findings)


CTG = "from docgen.cli import run; run()"  # what the `ctg` command runs
DOCX_READ = (
    "import sys, docx; d = docx.Document(sys.argv[1]); "
    "t = [p.text for p in d.paragraphs] + [c.text for tb in d.tables for r in tb.rows for c in r.cells]"
)
PDF_READ = (
    "import sys, pypdfium2; pdf = pypdfium2.PdfDocument(sys.argv[1]); "
    "t = [page.get_textpage().get_text_range() for page in pdf]"
)


def whole_process(code: str, *args: str, runs: int = 5) -> tuple[float, float]:
    """Median wall time of `python -c code args` and the processor time of its last run."""
    times, cpu = [], 0.0
    for _ in range(runs):
        time_taken, cpu = _run_once(code, *args)
        times.append(time_taken)
    return statistics.median(times), cpu


def _run_once(code: str, *args: str) -> tuple[float, float]:
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(process.pid, 0)  # its processor time, with the children it reaped (the second core's)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


RUNS = 15  # the two commands in turn, so that both see the same moments of a shared machine


def ratios(docx_path: Path, pdf_path: Path) -> None:
    for label, path, plain, target in (
        (".docx", docx_path, DOCX_READ, 2),
        ("PDF  ", pdf_path, PDF_READ, 3),
    ):
        ours, base = [], []
        for _ in range(RUNS):
            ours.append(_run_once(CTG, "check", str(path))[0])
            base.append(_run_once(plain, str(path))[0])
        mine, theirs = statistics.median(ours), statistics.median(base)
        print(
            f"  {label} : ctg check {mine * 1000:.0f} ms, lecture seule {theirs * 1000:.0f} ms, "
            f"rapport {mine / theirs:.1f}× (objectif ≤ {target}×, médianes de {RUNS} passages alternés)"
        )


def batch(work: Path, drafts: list[Path]) -> None:
    folder = work / "lot"
    folder.mkdir()
    for i in range(40):
        source = drafts[i % len(drafts)]
        shutil.copy(source, folder / f"projet-{i:02d}{source.suffix}")
    wall, cpu = whole_process(CTG, "check", str(folder), runs=1)
    print(f"  40 projets (.docx et PDF) : {wall:.1f} s, processeur {cpu / wall * 100:.0f} % (2 cœurs : ≤ 200 %)")


def main() -> None:
    # the bytecode of docgen's modules, as an installation writes it (pip does for the libraries
    # read by the plain reads), so that no run compiles them (PYTHONDONTWRITEBYTECODE, a fresh clone)
    compileall.compile_dir(ROOT / "docgen", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data, pdf, pages = fifty_pages(work)
        docx_path, pdf_path = work / "projet.docx", work / "projet.pdf"
        docx_path.write_bytes(data)
        pdf_path.write_bytes(pdf)
        docx_s, docx_mb, docx_findings = measure(docx_path, 10)
        pdf_s, pdf_mb, pdf_findings = measure(pdf_path, 10)
        print(f"Vérification d'une convention de {pages} pages (Saint-Jean-de-la-Ruelle allongée)")
        print("Processus complet, par rapport à une simple lecture du fichier :")
        ratios(docx_path, pdf_path)
        batch(work, [docx_path, pdf_path])
    print("Dans le processus (check_file) :")
    print(
        f"  .docx : {docx_s * 1000:.0f} ms (médiane de 10, objectif < 500 ms), pic mémoire {docx_mb:.1f} Mio, "
        f"{docx_findings} constat(s)"
    )
    print(
        f"  PDF   : {pdf_s * 1000:.0f} ms (médiane de 10, objectif < 3 000 ms), pic mémoire {pdf_mb:.1f} Mio, "
        f"{pdf_findings} constat(s)"
    )


if __name__ == "__main__":
    main()
