"""Build benchmark on the Saint-Jean-de-la-Ruelle example; prints its figures.

- in-process build (load YAML, assemble, render, normalise), median of 20, library preloaded;
- cold `ctg build` (a new Python process, as a user runs it), median of 5;
- peak memory: Python allocations during one in-process build, and maximum RSS of the cold run;
- a plain docxtpl render of the same final text (same base template, one paragraph per text
  line of the built convention), median of 20, and the ratio of the two.

Targets: in-process build under 0.5 s, at most 2× the plain docxtpl render.
Run: .venv/bin/python benchmarks/build.py
"""

from __future__ import annotations

import io
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import docx
from docxtpl import DocxTemplate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.build import build_bytes  # noqa: E402
from docgen.docx_writer import TEMPLATE  # noqa: E402
from docgen.library import load_library  # noqa: E402

TERRITORY = ROOT / "conventions" / "saint-jean-de-la-ruelle"


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def final_lines(data: bytes) -> list[str]:
    """Every paragraph and table-cell text of the built convention."""
    d = docx.Document(io.BytesIO(data))
    lines = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return lines


def docxtpl_template() -> bytes:
    """The same base template with one docxtpl loop writing a paragraph per line."""
    d = docx.Document(str(TEMPLATE))
    d.add_paragraph("{%p for line in lines %}")
    d.add_paragraph("{{ line }}")
    d.add_paragraph("{%p endfor %}")
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


def main() -> None:
    library = load_library()
    data, document = build_bytes(TERRITORY, library)
    pages_hint = sum(len(s.blocks) for s in document.sections)

    build_s = median_time(lambda: build_bytes(TERRITORY, library), 20)

    tracemalloc.start()
    build_bytes(TERRITORY, library)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    lines = final_lines(data)
    template = docxtpl_template()

    def plain_render() -> bytes:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.render({"lines": lines})
        out = io.BytesIO()
        tpl.save(out)
        return out.getvalue()

    plain_render()  # warm-up, as the build above
    docxtpl_s = median_time(plain_render, 20)

    ctg = Path(sys.executable).with_name("ctg")
    with tempfile.TemporaryDirectory() as tmp:
        command = [str(ctg), "build", str(TERRITORY), "--output", tmp]
        cold = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            cold.append(time.perf_counter() - start)
    cold_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    print("Saint-Jean-de-la-Ruelle : benchmark de production")
    print(f"  blocs dans l'arbre du document       : {pages_hint}")
    print(f"  lignes de texte produites            : {len(lines)}")
    print(f"  taille du .docx                      : {len(data) / 1024:.0f} Kio")
    print(f"  production en mémoire (médiane de 20) : {build_s * 1000:.0f} ms (objectif < 500 ms)")
    print(f"  « ctg build » à froid (médiane de 5)  : {statistics.median(cold) * 1000:.0f} ms")
    print(f"  pic mémoire Python (tracemalloc)      : {peak / 1024 / 1024:.1f} Mio")
    print(f"  mémoire max du processus à froid      : {cold_rss_mb:.0f} Mio")
    print(f"  rendu docxtpl du même texte (méd. 20) : {docxtpl_s * 1000:.0f} ms")
    ratio = build_s / docxtpl_s
    print(f"  rapport production / docxtpl          : {ratio:.2f} (objectif ≤ 2)")


if __name__ == "__main__":
    main()
