"""An imported convention signed with `ctg sign --imported`, then amended as a built one is."""

from __future__ import annotations

import datetime as dt
import re

import yaml

from docgen.build.job import build_bytes
from docgen.check.job import check_file
from docgen.cli import main
from docgen.inputs import fingerprint
from docgen.model.findings import ERROR
from tests.amend.revisions import accept_all, paragraphs, reject_all
from tests.importer import seeds
from tests.seedfixtures import saint_jean_docx
from tests.yamledit import add_amendment, edit


def _imported(tmp_path, capsys):
    source = tmp_path / "ctg-saint-jean-signee.docx"
    source.write_bytes(saint_jean_docx())
    folder = tmp_path / "conventions" / "saint-jean"
    assert main(["import", str(source), str(folder)]) == 0
    capsys.readouterr()
    return source, folder


def _date_signed(folder, day: str) -> None:
    """The officer writes the signature date the seed leaves blank (« le XX/XX/2022 »), in the file."""
    path = folder / "convention.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"(?m)^(signature:\n  place: .*\n(?:  #.*\n)*  date: )\S+$", rf"\g<1>{day}", text), encoding="utf-8"
    )


def test_imported_saint_jean_signed_prolonged_and_amended(tmp_path, capsys, library):
    source, folder = _imported(tmp_path, capsys)
    _date_signed(folder, "2022-12-20")
    assert main(["sign", str(folder), "--imported", str(source), "--date", "2022-12-20"]) == 0
    assert "Convention signée gardée" in capsys.readouterr().out
    original = folder / "history" / "00-original.docx"
    assert original.read_bytes() == source.read_bytes()
    assert oct(original.stat().st_mode & 0o777) == "0o444"
    register = yaml.safe_load((folder / "history" / "signatures.yaml").read_text(encoding="utf-8"))
    assert register[0]["original_sha256"] == fingerprint(source.read_bytes())

    def prolonged(data):
        data["period"]["end"] = dt.date(2026, 12, 31)
        add_amendment(
            data, "Les parties prolongent la convention d'une année.", dt.date(2025, 12, 15), dt.date(2025, 12, 15)
        )

    edit(folder / "convention.yaml", prolonged)
    out = tmp_path / "output"
    assert main(["avenant", str(folder), "--output", str(out)]) == 0
    files = {p.name: p.read_bytes() for p in (out / folder.name).iterdir()}
    assert sorted(files) == ["avenant-01.docx", "convention-consolidee-01.docx", "redline-01.docx"]
    report = check_file(out / folder.name / "avenant-01.docx", library)
    assert report.count(ERROR) == 0, [f.message for f in report.findings if f.severity == ERROR]
    avenant = "\n".join(paragraphs(files["avenant-01.docx"]))
    assert "31 décembre 2026" in avenant and "signée le 20 décembre 2022" in avenant
    assert accept_all(files["redline-01.docx"]) == paragraphs(files["convention-consolidee-01.docx"])
    # the redline starts from the convention as imported (state 0), whose words are the seed's
    signed, _ = build_bytes(folder / "history" / "00-convention.yaml", library)
    assert reject_all(files["redline-01.docx"]) == paragraphs(signed, body=True)
    assert seeds.in_order(seeds.words(source.read_bytes()), seeds.words(signed)) >= 0.97


def test_the_kept_original_cannot_be_changed(tmp_path, capsys):
    source, folder = _imported(tmp_path, capsys)
    _date_signed(folder, "2022-12-20")
    assert main(["sign", str(folder), "--imported", str(source)]) == 0
    original = folder / "history" / "00-original.docx"
    original.chmod(0o644)
    original.write_bytes(original.read_bytes() + b"\0")
    assert main(["avenant", str(folder), "--output", str(tmp_path / "out")]) == 2
    assert "a été modifiée" in capsys.readouterr().err


def test_sign_imported_refuses_another_file_than_the_imported_one(tmp_path, capsys, built):
    source, folder = _imported(tmp_path, capsys)
    other = tmp_path / "autre.docx"
    other.write_bytes(built["metz"][0])
    assert main(["sign", str(folder), "--imported", str(other)]) == 2
    assert "n'est pas celui dont les données ont été importées" in capsys.readouterr().err
    assert not (folder / "history" / "signatures.yaml").exists()
