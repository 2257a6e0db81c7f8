"""The clause library and national models."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from docgen.build.assemble import assemble
from docgen.data.loading import load_convention
from docgen.library.catalog import load_library
from docgen.model.errors import DocgenError
from tests.conftest import MINI, ROOT


def test_models_reference_existing_clauses(library):
    assert set(library.models) >= {"ctg-2020", "ctg-2016"}
    assert len(library.model("ctg-2020").articles) == 14
    assert len(library.model("ctg-2016").articles) == 12
    assert "fin_convention" in library.model("ctg-2020").articles
    assert "recours" not in library.model("ctg-2016").articles
    for model in library.models.values():
        assert len(set(model.articles)) == len(model.articles)


def test_every_clause_has_elements_and_belongs_to_a_model(library):
    used = {cid for m in library.models.values() for cid in [*m.articles, m.visas, m.preamble]}
    assert set(library.clauses) == used, "no orphan clause"
    for clause in library.clauses.values():
        if clause.id in used - {m.visas for m in library.models.values()}:
            assert clause.elements, clause.id


def test_rgpd_and_notice_periods_are_required_elements(library):
    ids = {e.id for e in library.clauses["echanges_donnees"].elements}
    assert len(ids) >= 3
    patterns = " ".join(e.pattern for e in library.clauses["fin_convention"].elements)
    assert "mois" in patterns


def test_no_typed_article_or_annex_numbers_in_clauses(library):
    for clause in library.clauses.values():
        # « l'article 30 du RGPD » cites another text; own numbers go through annex()/article()
        own_number = re.search(r"\b(annexe|article)\s+\d+\b(?!\s+(du|de|des)\b)", clause.text, re.IGNORECASE)
        assert not own_number, clause.id


def test_broken_clause_file_is_reported_with_its_path(tmp_path):
    root = tmp_path / "clauses"
    shutil.copytree(ROOT / "clauses", root)
    path = root / "articles" / "duree.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("period.end", "inconnue.end"), encoding="utf-8")
    with pytest.raises(DocgenError, match=r"duree\.yaml.*inconnue"):
        load_library(root)


def test_undefined_value_in_a_clause_is_an_error_not_a_blank(tmp_path, library):
    root = tmp_path / "clauses"
    shutil.copytree(ROOT / "clauses", root)
    path = root / "articles" / "duree.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("period.end", "period.fin", 1), encoding="utf-8")
    broken = load_library(root)
    convention = load_convention(MINI, broken)
    with pytest.raises(DocgenError, match="duree"):
        assemble(convention, broken)


@pytest.mark.parametrize("layout", ["missing", "empty", "articles only"])
def test_a_missing_or_empty_library_is_an_error(tmp_path, layout):
    root = tmp_path / "clauses"
    if layout != "missing":
        (root / "models").mkdir(parents=True)
    if layout == "articles only":
        shutil.copytree(ROOT / "clauses" / "articles", root / "articles")
    with pytest.raises(DocgenError, match="bibliothèque de clauses introuvable ou vide") as raised:
        load_library(root)
    assert str(root) in str(raised.value)


def test_ctg_models_on_an_empty_caf_library_exits_2(tmp_path, monkeypatch, capsys):
    from docgen.cli import main

    (tmp_path / "caf" / "clauses" / "models").mkdir(parents=True)
    monkeypatch.setenv("CTG_LIBRARY", str(tmp_path / "caf"))
    assert main(["models"]) == 2
    captured = capsys.readouterr()
    assert "bibliothèque de clauses introuvable ou vide" in captured.err and captured.out == ""


def test_cogs_in_time_order_with_their_sources(library):
    assert [c.years for c in library.cogs] == ["2013-2017", "2018-2022", "2023-2027"]
    assert all(c.sources for c in library.cogs)
    assert library.cog_at(dt.date(2022, 12, 20)).years == "2018-2022"
    assert library.cog_at(dt.date(2024, 3, 15)).years == "2023-2027"
    assert library.cog_at(dt.date(2031, 1, 1)) is None
    current = library.cog_at(dt.date(2023, 1, 1))
    assert current.signed == dt.date(2023, 7, 10) and len(current.axes) == 3
    assert library.cog_after(library.cog_at(dt.date(2020, 1, 1))) == current
    assert library.cog_after(current) is None


def test_a_clause_file_with_an_unknown_key_or_a_wrong_type_is_reported_in_french(tmp_path):
    root = tmp_path / "clauses"
    shutil.copytree(ROOT / "clauses", root)
    path = root / "articles" / "duree.yaml"
    path.write_text("titre: Durée\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    objet = root / "articles" / "objet.yaml"
    objet.write_text(re.sub(r"(?m)^mandatory: .*$", "mandatory: peut-être", objet.read_text(encoding="utf-8")), "utf-8")
    if "mandatory:" not in objet.read_text(encoding="utf-8"):
        objet.write_text("mandatory: peut-être\n" + objet.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DocgenError) as raised:
        load_library(root)
    message = str(raised.value)
    assert "duree.yaml:1 titre : clé inconnue «\u00a0titre\u00a0»" in message.replace("\u00a0:", " :")
    assert re.search(r"objet\.yaml:\d+ mandatory\s:\s«\u00a0true\u00a0» ou «\u00a0false\u00a0» attendu", message)
