"""The `ctg` command: models, new, build, schema, and its French errors."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
import yaml

from docgen.cli import main
from docgen.data.schema import SCHEMA_FILE, schema_text
from tests.conftest import MINI, ROOT


def test_models_lists_articles_in_order_and_mandatory_annexes(capsys, library):
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    for model in library.models.values():
        assert model.id in out
        positions = [out.index(f"[{cid}]", out.index(model.id)) for cid in model.articles]
        assert positions == sorted(positions)
        for annex in model.annexes:
            assert f"[{annex.key}]" in out
    assert "Annexes obligatoires" in out


@pytest.mark.parametrize("model,epci", [("ctg-2020", False), ("ctg-2016", False), ("ctg-2020", True)])
def test_new_writes_a_skeleton_whose_gaps_are_reported(tmp_path, capsys, model, epci, library):
    folder = tmp_path / "conventions" / "nouvelle"
    args = ["new", str(folder), "--model", model] + (["--epci"] if epci else [])
    assert main(args) == 0
    text = (folder / "convention.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert f"model: {model}" in text
    data = yaml.safe_load(text)
    assert data["territory"]["kind"] == ("epci" if epci else "commune")
    # building the untouched skeleton fails on the blanks, with their lines, and writes nothing
    out = tmp_path / "output"
    assert main(["build", str(folder), "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert "territory.name\u00a0: valeur manquante" in err
    assert "period.start\u00a0: valeur manquante" in err
    assert "clé inconnue" not in err, "the skeleton only uses known keys"
    assert not out.exists()
    # never overwrites
    assert main(args) == 2
    assert "existe déjà" in capsys.readouterr().err
    assert (folder / "convention.yaml").read_text(encoding="utf-8") == text


def test_build_writes_the_docx_and_says_when_it_replaces(tmp_path, capsys):
    out = tmp_path / "output"
    assert main(["build", str(MINI), "--output", str(out)]) == 0
    assert "écrite" in capsys.readouterr().out
    target = out / "mini" / "convention.docx"
    first = target.read_bytes()
    assert main(["build", str(MINI), "--output", str(out)]) == 0
    assert "remplacée" in capsys.readouterr().out
    assert target.read_bytes() == first
    assert sorted(p.name for p in target.parent.iterdir()) == [".ctg-produits.json", "convention.docx"]


def test_a_convention_edited_in_word_is_never_replaced_silently(tmp_path, capsys):
    """Negotiated in Word, then the data rebuilt: refused; with --force, the edited file is kept."""
    import docx as python_docx

    out = tmp_path / "out"
    assert main(["build", str(MINI), "--output", str(out), "--pdf"]) == 0
    target = out / "mini" / "convention.docx"
    edited = python_docx.Document(str(target))
    edited.paragraphs[-1].add_run(" Clause négociée avec la commune.")
    edited.save(str(target))
    before = target.read_bytes()
    pdf = target.with_suffix(".pdf").read_bytes()
    capsys.readouterr()
    assert main(["build", str(MINI), "--output", str(out), "--pdf"]) == 2
    err = capsys.readouterr().err
    assert (
        "convention.docx a été modifié depuis que docgen l'a produit" in err
        and "--force" in err
        and "import --update" in err
    )
    assert target.read_bytes() == before and target.with_suffix(".pdf").read_bytes() == pdf, "nothing replaced"
    assert main(["build", str(MINI), "--output", str(out), "--pdf", "--force"]) == 0
    kept = sorted(target.parent.glob("convention.modifiee-*.docx"))
    assert len(kept) == 1 and kept[0].read_bytes() == before, "the edited version is kept beside"
    assert target.read_bytes() != before
    assert f"Version modifiée gardée\u00a0: {kept[0]}" in capsys.readouterr().out
    # the new file is docgen's own again: the next build replaces it without --force
    assert main(["build", str(MINI), "--output", str(out)]) == 0


def test_pdf_without_libreoffice_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("CTG_SOFFICE", raising=False)
    out = tmp_path / "output"
    assert main(["build", str(MINI), "--output", str(out), "--pdf"]) == 2
    err = capsys.readouterr().err
    assert "LibreOffice est introuvable" in err
    assert not out.exists()


def test_pdf_build_writes_both_files(tmp_path, capsys):
    out = tmp_path / "output"
    assert main(["build", str(MINI), "--output", str(out), "--pdf"]) == 0
    pdf = out / "mini" / "convention.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "PDF écrit" in capsys.readouterr().out


def test_usage_errors_are_french_with_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["build"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "arguments obligatoires manquants" in err and "Utilisation" in err


def test_published_schema_is_current_and_validates_the_examples():
    import jsonschema

    assert (ROOT / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text(), "run « ctg schema »"
    schema = json.loads(schema_text())

    class AsText(yaml.SafeLoader):
        pass

    AsText.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    root = Path(__file__).resolve().parent.parent
    for path in [*sorted((root / "conventions").glob("*/convention.yaml")), MINI / "convention.yaml"]:
        jsonschema.validate(yaml.load(path.read_text(encoding="utf-8"), Loader=AsText), schema)
    told = re.findall(r'"description": "([^"]*)"', schema_text())  # shown as help in editors and in the web editor
    assert len(told) > 80
    assert not [d for d in told if re.search(r"« | »| [:;?!](\s|$)", d)], "French spaces are non-breaking there"
    assert any("«\u00a0territory: logo-ville.png\u00a0»" in d for d in told)  # its YAML examples as they are


def test_readme_commands_match_ci():
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    test_command = "bash scripts/setup.sh && .venv/bin/mypy && .venv/bin/python -m pytest"
    # the README's second command, word for word, is a line of .ci/run: the tests, then the web
    # application's tests again on PostgreSQL
    lines = ci.strip().splitlines()
    assert readme.split("```sh\n")[2].split("\n")[0] == test_command
    assert lines[-2:] == [test_command, "bash scripts/test-postgresql.sh"]
    assert os.access(root / ".ci" / "run", os.X_OK)


def test_ctg_alone_prints_the_help(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Utilisation\u00a0: ctg") and "build" in out and "avenant" in out


def test_every_help_has_french_non_breaking_spaces(capsys):
    from docgen.cli import _COMMANDS

    helps = []
    for command in [None, *_COMMANDS]:
        with pytest.raises(SystemExit) as raised:
            main([command, "--help"] if command else ["--help"])
        assert raised.value.code == 0
        helps.append(capsys.readouterr().out)
    text = "\n".join(helps)
    assert len(helps) > 8 and "arguments\u00a0:" in text and "options\u00a0:" in text
    assert not re.findall(r".{0,30}(?<=\S) [:;?!](?=\s|$)|« | »", text)


def test_version(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["--version"])
    assert raised.value.code == 0
    assert re.fullmatch(r"ctg \d+\.\d+\.\d+\n", capsys.readouterr().out)


@pytest.mark.parametrize("typed, meant", [("buld", "build"), ("chek", "check"), ("avenat", "avenant")])
def test_a_mistyped_command_gets_a_suggestion(capsys, typed, meant):
    with pytest.raises(SystemExit) as raised:
        main([typed, "conventions/metz"])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert f"vouliez-vous dire «\u00a0{meant}\u00a0»\u00a0?" in err
    assert (
        "(valeurs possibles\u00a0: «\u00a0models\u00a0», «\u00a0new\u00a0»" in err
        and "ou «\u00a0territories\u00a0»)" in err
    )


def test_suggested_commands_are_written_as_the_user_runs_ctg(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [".venv/bin/ctg", "new"])
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    assert main(["new", "conventions/ici", "--model", "ctg-2020"]) == 0
    assert "puis lancez\u00a0: .venv/bin/ctg build conventions/ici" in capsys.readouterr().out
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/ctg"])
    assert main(["new", "conventions/la", "--model", "ctg-2020"]) == 0
    assert "puis lancez\u00a0: ctg build conventions/la" in capsys.readouterr().out


def test_output_cut_short_by_the_reader_is_not_an_error():
    """`ctg models | head -1`: no traceback, exit 0."""
    import subprocess
    import sys

    ctg = subprocess.Popen(
        [sys.executable, "-c", "import sys; from docgen.cli import main; sys.exit(main(['models']))"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert ctg.stdout is not None
    ctg.stdout.close()  # what head does after its first line; here before ctg has written anything
    assert ctg.wait(timeout=30) == 0
    assert ctg.stderr is not None and ctg.stderr.read() == b""


def test_the_report_formats_offered_are_those_the_checker_writes():
    """The parser lists them without importing the checker (start-up time)."""
    from docgen.check.reports import FORMATS
    from docgen.cli import _parser

    check = _parser()._subparsers._group_actions[0].choices["check"]  # type: ignore[union-attr]
    offered = next(a for a in check._actions if a.dest == "format").choices
    assert sorted(offered) == sorted(FORMATS)
