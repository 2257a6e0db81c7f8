"""Check benchmark: a 50-page convention, as .docx and as PDF; prints its figures.

The draft is the Saint-Jean-de-la-Ruelle example with its shared diagnosis lengthened until
LibreOffice lays it out on at least 50 pages. Prints, for the .docx and the PDF: the time of
`check_file` (read, recognise, map, all rules; median of 10) and the peak Python memory of
one check (tracemalloc). Targets: under 0.5 s for the .docx, under 3 s for the PDF.
Run: .venv/bin/python benchmarks/check.py
"""

from __future__ import annotations

import copy
import io
import statistics
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


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data, pdf, pages = fifty_pages(work)
        docx_path, pdf_path = work / "projet.docx", work / "projet.pdf"
        docx_path.write_bytes(data)
        pdf_path.write_bytes(pdf)
        docx_s, docx_mb, docx_findings = measure(docx_path, 10)
        pdf_s, pdf_mb, pdf_findings = measure(pdf_path, 10)
    print(f"Vérification d'une convention de {pages} pages (Saint-Jean-de-la-Ruelle allongée)")
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
