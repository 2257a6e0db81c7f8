"""Mutation score of the pure core: how many small planted bugs the tests catch.

Runs mutmut (https://mutmut.readthedocs.io) on groups of modules (the four of issue 8, then
the French typography and the schema messages), each against the tests
that mirror it, and prints the share of mutants killed per group. Slow (about half an hour on
two cores), so it is not part of CI: run it after changing a group or its tests.

    .venv/bin/pip install -e '.[mutation]'
    .venv/bin/python scripts/mutation.py            # every group
    .venv/bin/python scripts/mutation.py history    # one group

Each group runs in a scratch copy of the checkout (mutmut writes a `mutants/` folder and reads
its settings from `setup.cfg`), so the working tree is left as it was. Surviving mutants are
listed with `--survivors`, to read with `mutmut show NAME` in the scratch copy kept by `--keep`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 70.0


@dataclass(frozen=True)
class Group:
    name: str
    modules: tuple[str, ...]
    tests: tuple[str, ...]


GROUPS = (
    Group("rules", ("docgen/check/rules/*.py",), ("tests/check/rules",)),
    Group("assembly", ("docgen/build/assemble.py",), ("tests/build/test_assemble.py",)),
    Group("history", ("docgen/amend/history.py",), ("tests/amend/test_history.py",)),
    Group("changes", ("docgen/amend/changes.py",), ("tests/amend/test_changes.py",)),
    Group("typography", ("docgen/model/frenchtext.py",), ("tests/model/test_frenchtext.py",)),
    Group("messages", ("docgen/data/validation.py",), ("tests/data/test_validation.py",)),
)
COPIED = ("docgen", "clauses", "templates", "schema", "conventions", "tests", "pyproject.toml")


def _config(group: Group) -> str:
    lines = ["[mutmut]", "source_paths = docgen", "only_mutate ="]
    lines += [f"    {pattern}" for pattern in group.modules]
    lines += ["also_copy =", *(f"    {name}" for name in COPIED if name != "docgen")]
    lines += ["pytest_add_cli_args_test_selection ="]
    lines += [f"    {path}" for path in group.tests]
    lines += ["pytest_add_cli_args =", "    -p", "    no:cacheprovider", "    -q"]
    return "\n".join(lines) + "\n"


def _scratch(group: Group) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f"mutation-{group.name}-"))
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__", "mutants"))
        elif source.exists():
            shutil.copy2(source, folder / name)
    (folder / "setup.cfg").write_text(_config(group), encoding="utf-8")
    return folder


def _mutmut() -> str:
    found = shutil.which("mutmut", path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit("mutmut est introuvable : installez-le avec « pip install -e '.[mutation]' ».")
    return found


def run_group(group: Group, *, keep: bool) -> tuple[dict[str, int], list[str], Path]:
    """Run mutmut on one group; its counts by status, the surviving mutants and the scratch folder."""
    folder = _scratch(group)
    mutmut = _mutmut()
    run = subprocess.run([mutmut, "run"], cwd=folder, capture_output=True, text=True)
    if run.returncode != 0:
        sys.stderr.write(run.stdout[-4000:] + run.stderr[-4000:])
        raise SystemExit(f"mutmut a échoué sur le groupe « {group.name} » (dossier conservé : {folder})")
    subprocess.run([mutmut, "export-cicd-stats"], cwd=folder, check=True, capture_output=True)
    stats = json.loads((folder / "mutants" / "mutmut-cicd-stats.json").read_text(encoding="utf-8"))
    results = subprocess.run([mutmut, "results"], cwd=folder, capture_output=True, text=True, check=True)
    survivors = [
        line.split(":")[0].strip() for line in results.stdout.splitlines() if line.strip().endswith("survived")
    ]
    if not keep:
        shutil.rmtree(folder)
    return stats, survivors, folder


def score(stats: dict[str, int]) -> float:
    """Killed (or timed out) among all mutants: one that no test reaches counts as surviving."""
    tested = stats["total"] - stats.get("skipped", 0)
    caught = stats.get("killed", 0) + stats.get("timeout", 0)
    return 100.0 * caught / tested if tested else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", help="groupes à mesurer")
    parser.add_argument("--survivors", action="store_true", help="lister les mutants survivants")
    parser.add_argument("--keep", action="store_true", help="garder les dossiers de travail de mutmut")
    args = parser.parse_args()
    unknown = set(args.groups) - {g.name for g in GROUPS}
    if unknown:
        parser.error(f"groupe inconnu : {', '.join(sorted(unknown))} (groupes : {', '.join(g.name for g in GROUPS)})")
    chosen = [g for g in GROUPS if not args.groups or g.name in args.groups]
    below = []
    print(f"{'groupe':<10} {'mutants':>8} {'tués':>6} {'survivants':>11} {'sans test':>10} {'score':>7}")
    for group in chosen:
        stats, survivors, folder = run_group(group, keep=args.keep)
        value = score(stats)
        print(
            f"{group.name:<10} {stats['total']:>8} {stats.get('killed', 0):>6} {stats.get('survived', 0):>11} "
            f"{stats.get('no_tests', 0):>10} {value:>6.1f} %",
            flush=True,
        )
        if args.survivors:
            print("\n".join(f"    {name}" for name in survivors))
        if args.keep:
            print(f"    dossier : {folder}")
        if value < TARGET:
            below.append(group.name)
    if below:
        print(f"sous l'objectif de {TARGET:.0f} % : {', '.join(below)}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
