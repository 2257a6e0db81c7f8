"""Build benchmark on the Saint-Jean-de-la-Ruelle example; prints its figures.

- in-process build (load YAML, assemble, render, write the archive), median of 20, library
  preloaded, runs interleaved with the docxtpl ones;
- cold `ctg build` (a new Python process, as a user runs it) against pandoc converting the same
  text (as Markdown) to .docx, run in turn, median of 7 each, and the ratio;
- peak memory: Python allocations during one in-process build, and maximum RSS of the cold run;
- a plain docxtpl render of the same final text in the same structure (same base template;
  every paragraph with its style, every table row and cell), median of 20, and the ratio.

Targets: in-process build under 0.5 s, at most 2× the plain docxtpl render; cold `ctg build`
at most 0.8× pandoc.
Run: .venv/bin/python benchmarks/build.py
"""

from __future__ import annotations

import compileall
import io
import resource
import shutil
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

from docgen.build.job import build_bytes  # noqa: E402
from docgen.library.catalog import load_library  # noqa: E402
from docgen.resources import resource as packaged  # noqa: E402
from docgen.word.writer import TEMPLATE  # noqa: E402

TERRITORY = ROOT / "conventions" / "saint-jean-de-la-ruelle"


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


ROLES = ("Heading 1", "Heading 2", "Heading 3", "List Bullet", "Normal")


def final_content(data: bytes) -> dict:
    """The built convention's text: body paragraphs with their style, and its tables."""
    d = docx.Document(io.BytesIO(data))
    paragraphs = [{"role": p.style.name if p.style.name in ROLES else "Normal", "text": p.text} for p in d.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in d.tables]
    return {"paragraphs": paragraphs, "tables": tables}


COLD_RUNS = 7


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def _pandoc() -> str | None:
    """pandoc's executable: the one pypandoc-binary carries (bench extra), else the system's."""
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc")


def markdown(content: dict) -> str:
    """The same text as Markdown for pandoc: headings, bullets, paragraphs, then the tables."""
    marks = {"Heading 1": "# ", "Heading 2": "## ", "Heading 3": "### ", "List Bullet": "- ", "Normal": ""}
    lines = [marks[p["role"]] + p["text"].replace("\n", " ") for p in content["paragraphs"] if p["text"].strip()]
    for table in content["tables"]:
        rows = [[cell.replace("|", "\\|").replace("\n", " ") for cell in row] for row in table]
        if rows:
            lines.append("| " + " | ".join(rows[0]) + " |")
            lines.append("|" + "---|" * len(rows[0]))
            lines.extend("| " + " | ".join(row) + " |" for row in rows[1:])
    return "\n\n".join(lines) + "\n"


def docxtpl_template() -> bytes:
    """The same base template, written as a docxtpl user would for this content: a paragraph
    loop choosing the style by role, then a loop of tables with row and cell loops."""
    d = docx.Document(str(packaged(TEMPLATE)))
    d.add_paragraph("{%p for p in paragraphs %}")
    for i, role in enumerate(ROLES):
        keyword = "if" if i == 0 else "elif"
        if role == "Normal":
            d.add_paragraph("{%p else %}")
        else:
            d.add_paragraph(f"{{%p {keyword} p.role == '{role}' %}}")
        d.add_paragraph("{{ p.text }}", style=role)
    d.add_paragraph("{%p endif %}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p for t in tables %}")
    table = d.add_table(rows=3, cols=3)
    table.rows[0].cells[0].text = "{%tr for row in t %}"
    for cell, text in zip(table.rows[1].cells, ("{%tc for c in row %}", "{{ c }}", "{%tc endfor %}"), strict=True):
        cell.text = text
    table.rows[2].cells[0].text = "{%tr endfor %}"
    d.add_paragraph("{%p endfor %}")
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


def main() -> None:
    # docgen's bytecode, as an installation writes it (pip does for the libraries), so that no
    # run compiles its modules again (PYTHONDONTWRITEBYTECODE, a fresh clone): what users time
    compileall.compile_dir(ROOT / "docgen", quiet=1)
    library = load_library()
    data, document = build_bytes(TERRITORY, library)
    pages_hint = sum(len(s.blocks) for s in document.sections)

    tracemalloc.start()
    build_bytes(TERRITORY, library)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    content = final_content(data)
    template = docxtpl_template()

    def plain_render() -> bytes:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.render(content)
        out = io.BytesIO()
        tpl.save(out)
        return out.getvalue()

    plain_render()  # warm-up, as the build above
    # Interleaved, so that both medians see the same machine conditions (a VM's speed drifts).
    builds, renders = [], []
    for _ in range(20):
        builds.append(median_time(lambda: build_bytes(TERRITORY, library), 1))
        renders.append(median_time(plain_render, 1))
    build_s, docxtpl_s = statistics.median(builds), statistics.median(renders)

    ctg = Path(sys.executable).with_name("ctg")
    pandoc = _pandoc()
    with tempfile.TemporaryDirectory() as tmp:
        command = [str(ctg), "build", str(TERRITORY), "--output", tmp]
        source = Path(tmp) / "convention.md"
        source.write_text(markdown(content), encoding="utf-8")
        converting = [pandoc, str(source), "-o", str(Path(tmp) / "pandoc.docx")] if pandoc else None
        cold, plain = [], []
        for _ in range(COLD_RUNS):  # in turn, so that both see the same moments of the machine
            cold.append(_timed(command))
            if converting:
                plain.append(_timed(converting))
    cold_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    print("Saint-Jean-de-la-Ruelle : benchmark de production")
    print(f"  blocs dans l'arbre du document        : {pages_hint}")
    cells = sum(len(row) for t in content["tables"] for row in t)
    print(f"  paragraphes, tableaux, cellules       : {len(content['paragraphs'])}, {len(content['tables'])}, {cells}")
    print(f"  taille du .docx                       : {len(data) / 1024:.0f} Kio")
    print(f"  production en mémoire (médiane de 20) : {build_s * 1000:.0f} ms (objectif < 500 ms)")
    print(f"  production en mémoire (meilleure)     : {min(builds) * 1000:.0f} ms")
    print(f"  « ctg build » à froid (médiane de {COLD_RUNS}) : {statistics.median(cold) * 1000:.0f} ms")
    if plain:
        ratio_pandoc = statistics.median(cold) / statistics.median(plain)
        print(
            f"  pandoc, même texte en .docx (méd. {COLD_RUNS}) : {statistics.median(plain) * 1000:.0f} ms, "
            f"rapport {ratio_pandoc:.2f} (objectif ≤ 0,8 : {'atteint' if ratio_pandoc <= 0.8 else 'non atteint'})"
        )
    else:
        print("  pandoc introuvable : installer les outils de mesure (pip install -e '.[bench]')")
    print(f"  pic mémoire Python (tracemalloc)      : {peak / 1024 / 1024:.1f} Mio")
    print(f"  mémoire max du processus à froid      : {cold_rss_mb:.0f} Mio")
    print(
        f"  rendu docxtpl du même texte (méd. 20) : {docxtpl_s * 1000:.0f} ms (meilleur {min(renders) * 1000:.0f} ms)"
    )
    ratio = build_s / docxtpl_s
    verdict = "atteint" if ratio <= 2 else "non atteint"
    print(f"  rapport production / docxtpl          : {ratio:.2f} (objectif ≤ 2 : {verdict})")


if __name__ == "__main__":
    main()
