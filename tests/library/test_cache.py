"""The copy of the library kept between runs: used when nothing changed, never when a file did."""

from __future__ import annotations

import shutil

from docgen.library import cache
from docgen.library.catalog import Library, _load_library
from tests.conftest import ROOT


def _fresh(root):
    _load_library.cache_clear()  # what a new process sees
    return _load_library(root.resolve())


def test_a_copy_is_kept_and_a_changed_clause_is_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "clauses"
    shutil.copytree(ROOT / "clauses", root)
    first = _fresh(root)
    copies = list((tmp_path / "cache" / "ctg").glob("library-*.pickle"))
    assert len(copies) == 1
    assert _fresh(root) == first, "read back from the copy, equal to what the files give"
    clause = root / "articles" / "communication.yaml"
    clause.write_text(clause.read_text(encoding="utf-8").replace("Communication", "Communication locale", 1))
    changed = _fresh(root)
    assert changed.clauses["communication"].title != first.clauses["communication"].title
    assert len(list((tmp_path / "cache" / "ctg").glob("library-*.pickle"))) == 1, "one copy, the current one"


def test_a_damaged_copy_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = (ROOT / "clauses").resolve()
    expected = _fresh(root)
    (copy,) = (tmp_path / "cache" / "ctg").glob("library-*.pickle")
    copy.write_bytes(b"\x80\x04 not a pickle")
    assert _fresh(root) == expected


def test_without_a_writable_cache_folder_the_files_are_read(tmp_path, monkeypatch):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert isinstance(_fresh((ROOT / "clauses").resolve()), Library)
    assert cache.read(cache.key((ROOT / "clauses").resolve())) is None


def test_the_copy_holds_the_compiled_clause_texts_which_render_as_compiled_now(tmp_path, monkeypatch):
    """A run renders the clauses from the bytecode kept with the copy, not compiling them again;
    the text is the one Jinja2 gives from the source."""
    from docgen.library import clausetext

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _fresh((ROOT / "clauses").resolve())
    library = _fresh((ROOT / "clauses").resolve())  # read back from the copy
    assert set(library.compiled) == {clausetext.text_key(c.text) for c in library.clauses.values()}
    monkeypatch.setattr(clausetext, "_templates", {})
    compiling = []
    monkeypatch.setattr(clausetext.environment(), "from_string", lambda source: compiling.append(source))
    context = {"territory": {"name": "Saint-Jean-de-la-Ruelle"}, "annex": {}, "article": {}, "period": {}}
    clause = library.clauses["communication"]
    rendered = clausetext.render_clause(clause.id, clause.text, context, None, library.compiled)
    assert compiling == []
    monkeypatch.undo()
    assert rendered == clausetext.environment().from_string(clause.text).render(**context)
