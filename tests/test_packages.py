"""The package's shape: subpackages by flow, each importing only from the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

import docgen

PACKAGE = Path(docgen.__file__).parent

# Lower layers first. Within a layer, imports go either way: the clause library is read with
# data's YAML reader, and territory data is checked against the library.
LAYERS = [
    {"model"},
    {"output", "resources", "invocation", "inputs"},
    {"word", "pdf", "data", "library"},
    {"build", "check"},
    {"amend", "importer"},
    {"web"},  # the application uses the jobs; only `ctg serve`, `ctg users` and `ctg territories` import it
    {"cli"},
]
RANK = {name: rank for rank, layer in enumerate(LAYERS) for name in layer}


def _unit(path: Path) -> str:
    """The subpackage a module belongs to, or the top-level module's own name."""
    return path.relative_to(PACKAGE).with_suffix("").parts[0]


def _imports(path: Path) -> set[str]:
    units = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("docgen."):
            units.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "docgen":
            units.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            units.update(a.name.split(".")[1] for a in node.names if a.name.startswith("docgen."))
    return units


def test_every_module_belongs_to_a_known_layer():
    modules = [p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE]
    assert {_unit(p) for p in modules} == set(RANK)
    top = [p.name for p in PACKAGE.glob("*.py")]
    assert len(top) <= 12, top


def test_imports_point_down():
    upward = []
    for path in PACKAGE.rglob("*.py"):
        if path.parent == PACKAGE and path.name == "__init__.py":
            continue
        unit = _unit(path)
        for target in _imports(path) - {unit}:
            if RANK[target] > RANK[unit]:
                upward.append(f"{path.relative_to(PACKAGE)} imports docgen.{target}")
    assert upward == []


def test_every_subpackage_says_in_one_line_what_it_holds():
    for init in PACKAGE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "\n" not in doc, init


def _third_party(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_format_packages_touch_the_file_formats():
    owners = {"docx": "word", "lxml": "word", "pypdfium2": "pdf", "pypdf": "pdf", "pikepdf": "pdf"}
    misplaced = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in PACKAGE.rglob("*.py")
        for name in _third_party(path) & set(owners)
        if _unit(path) != owners[name]
    ]
    assert misplaced == []
