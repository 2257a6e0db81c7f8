"""Shared fixtures: the clause library, the example territories, their built documents."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from docgen.build.job import build_bytes
from docgen.library.catalog import load_library

# The suite never sees the reference models a Caf registered on this machine (ctg models add):
# a data folder of its own, for this process and the ctg commands it starts.
os.environ["XDG_DATA_HOME"] = _DATA = tempfile.mkdtemp(prefix="ctg-tests-data-")
os.environ["XDG_CACHE_HOME"] = os.path.join(_DATA, "cache")  # and a library cache of its own
os.environ.pop("CTG_LIBRARY", None)
atexit.register(shutil.rmtree, _DATA, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("saint-jean-de-la-ruelle", "metz", "m2a")
MINI = ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture(scope="session")
def library():
    return load_library()


class _Built(dict):
    """Example territories built on first use: name → (docx bytes, document tree)."""

    def __init__(self, library):
        super().__init__()
        self.library = library

    def __missing__(self, name):
        self[name] = build_bytes(ROOT / "conventions" / name, self.library)
        return self[name]


@pytest.fixture(scope="session")
def built(library):
    return _Built(library)


@pytest.fixture(scope="session")
def pdfs(built):
    """The examples and the seed fixtures converted to PDF in one LibreOffice start."""
    from docgen.build.job import with_pdf
    from docgen.build.paging import laid_out
    from docgen.pdf.convert import docx_to_pdf
    from tests.seedfixtures import metz_docx, saint_jean_docx

    documents = [built[name][1] for name in EXAMPLES]
    out = {  # as `ctg build --pdf`: the action plans' « (suite) » labels on their continuation pages
        name: with_pdf(document, converted, name)[1]
        for name, document, converted in zip(EXAMPLES, documents, laid_out(documents, list(EXAMPLES)), strict=True)
    }
    seeds = {"seed-saint-jean": saint_jean_docx(), "seed-metz": metz_docx()}
    return {**out, **dict(zip(seeds, docx_to_pdf(list(seeds.values()), list(seeds)), strict=True))}


@pytest.fixture(scope="session")
def borderless_pdfs(built):
    """The seed fixtures and the Saint-Jean example with no table borders: name → (.docx, .pdf)."""
    from docgen.pdf.convert import docx_to_pdf
    from docgen.word.writer import render_docx
    from tests.seedfixtures import borderless, metz_docx, saint_jean_docx

    documents = {
        "seed-saint-jean": borderless(saint_jean_docx()),
        "seed-metz": borderless(metz_docx()),
        "saint-jean-de-la-ruelle": borderless(render_docx(built["saint-jean-de-la-ruelle"][1], layout=True)),
    }
    converted = docx_to_pdf(list(documents.values()), list(documents))
    return {name: (data, pdf) for (name, data), pdf in zip(documents.items(), converted, strict=True)}


@pytest.fixture
def drafts(tmp_path, built):
    """A clean generated convention and a copy with a placeholder and a broken reference."""
    from tests.check.test_job import MUTATIONS, _mutated

    clean = tmp_path / "propre.docx"
    clean.write_bytes(built["metz"][0])

    def both(d):
        MUTATIONS["placeholder inserted"][0](d)
        MUTATIONS["reference broken"][0](d)

    faulty = tmp_path / "fautif.docx"
    faulty.write_bytes(_mutated(built, both))
    return clean, faulty
