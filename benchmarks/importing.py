"""Import benchmark: the seed conventions as a commune's .docx and its PDF, imported; prints per file
what came back and how fast.

For each file: parties, representatives and acts equal to the seed's (counted), dates equal or
flagged « à vérifier », actions (number, title, porteur) equal to the seed's plan, the share of the
seed's words that come back in order in the rebuilt convention (target ≥ 97 %), and the import
time against the check time of the same file (median of 5; target: at most 2×).
Run: .venv/bin/python benchmarks/importing.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.build.job import build_bytes  # noqa: E402
from docgen.check.job import check_file  # noqa: E402
from docgen.data.loading import load_convention  # noqa: E402
from docgen.importer.job import import_convention  # noqa: E402
from docgen.library.catalog import load_library  # noqa: E402
from docgen.pdf.convert import docx_to_pdf  # noqa: E402
from tests.importer import seeds  # noqa: E402
from tests.seedfixtures import metz_docx, saint_jean_docx  # noqa: E402


def _median(run, times: int = 5) -> float:
    out = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        out.append(time.perf_counter() - start)
    return statistics.median(out)


def _imports(source: Path, folder: Path, library) -> float:
    """Median time of importing `source` into a new territory, five times."""
    targets = iter(folder / f"t{k}" for k in range(5))
    return _median(lambda: import_convention(source, next(targets), library))


def _report(seed: str, kind: str, docx: bytes, data: bytes, folder: Path, library) -> None:
    source = folder / f"convention.{kind}"
    source.write_bytes(data)
    imported = _imports(source, folder, library)
    checked = _median(lambda: check_file(source, library))
    result = import_convention(source, folder / "territoire", library)
    convention = load_convention(result.file, library)
    parties = sum(
        (p.kind, seeds.plain(p.name), [(r.civility, r.name, r.function) for r in p.representatives])
        == (kind_, name, people)
        for p, (kind_, name, people, _) in zip(convention.parties, seeds.PARTIES[seed], strict=False)
    )
    dates = seeds.dates_as_the_seed(convention, result.imported.to_check, seed)
    expected = seeds.expected_actions(seed)
    same = sum(f == e for f, e in zip(seeds.imported_actions(convention), expected, strict=False))
    rebuilt, _ = build_bytes(result.file.parent, library)
    share = seeds.in_order(seeds.words(docx), seeds.words(rebuilt))
    print(f"  {seed} ({kind})")
    print(f"    parties et représentants identiques : {parties}/{len(seeds.PARTIES[seed])}")
    print(f"    dates identiques ou signalées « à vérifier » : {sum(dates)}/4")
    print(f"    actions identiques (numéro, intitulé, porteur) : {same}/{len(expected)}")
    print(f"    mots de la source retrouvés dans l'ordre : {share * 100:.1f} % (objectif ≥ 97 %)")
    print(
        f"    import {imported * 1000:.0f} ms, vérification {checked * 1000:.0f} ms, "
        f"rapport {imported / checked:.1f}× (objectif ≤ 2×)"
    )


def main() -> None:
    library = load_library()
    drafts = {"saint-jean": saint_jean_docx(), "metz": metz_docx()}
    pdfs = dict(zip(drafts, docx_to_pdf(list(drafts.values()), list(drafts)), strict=True))
    print("Import des conventions des graines (projet Word d'une commune et son PDF)")
    with tempfile.TemporaryDirectory() as tmp:
        for seed, docx in drafts.items():
            for kind, data in (("docx", docx), ("pdf", pdfs[seed])):
                folder = Path(tmp) / f"{seed}-{kind}"
                folder.mkdir()
                _report(seed, kind, docx, data, folder, library)


if __name__ == "__main__":
    main()
