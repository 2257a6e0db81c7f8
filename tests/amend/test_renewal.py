"""Renewal of an ended convention: `ctg new --from`, and the avenant refused after the end."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from docgen.amend.renewal import renewal_text
from docgen.build.job import build_bytes
from docgen.cli import main
from docgen.model.errors import DocgenError
from tests.conftest import MINI
from tests.yamledit import add_amendment, edit


@pytest.fixture
def signed(tmp_path: Path, capsys) -> Path:
    folder = tmp_path / "conventions" / "villebourg"
    shutil.copytree(MINI, folder)
    assert main(["sign", str(folder)]) == 0
    capsys.readouterr()
    return folder


def test_an_avenant_after_the_end_points_to_renewal_and_writes_nothing(signed, tmp_path, capsys):
    def late(data):
        data["period"]["end"] = dt.date(2029, 12, 31)
        add_amendment(data, "Prolongation.", dt.date(2028, 1, 15), dt.date(2028, 1, 15))

    edit(signed / "convention.yaml", late)
    out = tmp_path / "output"
    assert main(["avenant", str(signed), "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert "la convention a pris fin le 31 décembre 2027" in err
    assert f"ctg new conventions/<nouveau territoire> --from {signed.as_posix()}" in err
    assert not out.exists()


def test_renewal_keeps_the_convention_and_leaves_signature_and_acts_to_fill(signed, tmp_path, capsys, library):
    target = tmp_path / "conventions" / "villebourg-2028"
    assert main(["new", str(target), "--from", str(signed), "--period", "2028-01-01:2031-12-31"]) == 0
    assert "Complétez les valeurs marquées «\u00a0À COMPLÉTER\u00a0»" in capsys.readouterr().out
    text = (target / "convention.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    before = yaml.safe_load((signed / "convention.yaml").read_text(encoding="utf-8"))
    assert data["period"] == {"start": dt.date(2028, 1, 1), "end": dt.date(2031, 12, 31)}
    assert data["signature"] == {"place": "Orléans", "date": None}
    assert data["parties"][1]["authorisation"] == {
        "act": "délibération",
        "body": "conseil municipal",
        "date": None,
        "number": None,
    }
    for key in ("model", "territory", "preamble", "action_plan", "pilotage", "equipment"):
        assert data[key] == before[key], key
    assert [p["representatives"] for p in data["parties"]] == [p["representatives"] for p in before["parties"]]
    assert "amendment" not in data
    marked = [line for line in text.splitlines() if "# À COMPLÉTER" in line]
    assert [line.split(":")[0].strip() for line in marked] == ["date", "date", "number"]

    # it does not build until filled in, and each value to fill is named
    assert main(["build", str(target), "--output", str(tmp_path / "output")]) == 2
    err = capsys.readouterr().err
    assert "signature.date\u00a0: valeur manquante" in err
    assert "parties[1].authorisation.date\u00a0: valeur manquante" in err

    def fill(d):
        d["signature"]["date"] = dt.date(2028, 1, 20)
        d["parties"][1]["authorisation"].update(date=dt.date(2027, 12, 14), number="2027-112")

    edit(target / "convention.yaml", fill)
    _, tree = build_bytes(target, library)
    assert tree.subtitle == "Du 1er janvier 2028 au 31 décembre 2031"
    assert "délibération n°\u00a02027-112 du conseil municipal du 14 décembre 2027" in tree.parties[1].representation


def test_renewal_starts_from_the_last_signed_avenant(signed, capsys):
    def amended(data):
        data["parties"][1]["representatives"][0]["name"] = "Léa Moreau"
        data["parties"][1]["representatives"][0]["civility"] = "Madame"
        add_amendment(data, "Nouvelle maire.", dt.date(2026, 4, 1), dt.date(2026, 4, 1))

    edit(signed / "convention.yaml", amended)
    assert main(["sign", str(signed)]) == 0
    text = renewal_text(signed, dt.date(2028, 1, 1), dt.date(2031, 12, 31))
    assert "Léa Moreau" in text and "l'avenant n°\u00a01 signé le 1er avril 2026" in text
    assert "amendment" not in yaml.safe_load(text)


def test_renewal_needs_a_signed_convention_and_never_overwrites(signed, tmp_path, capsys):
    unsigned = tmp_path / "conventions" / "autre"
    shutil.copytree(MINI, unsigned)
    with pytest.raises(DocgenError, match="n'est pas enregistrée comme signée"):
        renewal_text(unsigned, dt.date(2028, 1, 1), dt.date(2031, 12, 31))
    assert main(["new", str(unsigned), "--from", str(signed), "--period", "2028-01-01:2031-12-31"]) == 2
    assert "existe déjà" in capsys.readouterr().err
    assert (unsigned / "convention.yaml").read_bytes() == (MINI / "convention.yaml").read_bytes()


@pytest.mark.parametrize(
    "period, message",
    [
        ("2028-01-01", "période invalide «\u00a02028-01-01\u00a0»"),
        ("2028-01-01:2031-13-31", "date invalide «\u00a02031-13-31\u00a0»"),
    ],
)
def test_a_malformed_period_is_a_usage_error(signed, tmp_path, capsys, period, message):
    target = tmp_path / "conventions" / "nouvelle"
    with pytest.raises(SystemExit) as raised:
        main(["new", str(target), "--from", str(signed), "--period", period])
    assert raised.value.code == 2 and message in capsys.readouterr().err
    assert not target.exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--period", "2031-01-01:2028-12-31"], "finit avant de commencer"),
        ([], "avec --from, donnez --period"),
    ],
)
def test_renewal_arguments_are_checked(signed, tmp_path, capsys, args, message):
    target = tmp_path / "conventions" / "nouvelle"
    assert main(["new", str(target), "--from", str(signed), *args]) == 2
    assert message in capsys.readouterr().err
    assert not target.exists()


def test_new_without_model_or_renewal_is_a_usage_error(tmp_path, capsys):
    assert main(["new", str(tmp_path / "x")]) == 2
    assert "--model" in capsys.readouterr().err
