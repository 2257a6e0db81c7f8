"""Property-based: arbitrary text and dates in territory values, arbitrary damage to a small .docx.

Whatever the input, a command ends with exit 0, 1 or 2, never with a traceback (an exception
escaping `main`), and a refusal is in French with its place.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.cli import main
from tests.conftest import MINI
from tests.yamledit import edit

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TEXT = st.text(st.characters(codec="utf-8"), min_size=0, max_size=60)
PLACES = [
    lambda d, v: d["parties"][1]["representatives"][0].__setitem__("name", v),
    lambda d, v: d["territory"].__setitem__("name", v),
    lambda d, v: d["preamble"].__setitem__("characteristics", v),
    lambda d, v: d["local_fields"]["items"].__setitem__(0, v),
    lambda d, v: d["action_plan"]["orientations"][0]["goals"][0]["objectives"][0]["actions"][0].__setitem__(
        "number", v
    ),
]


@pytest.fixture(scope="module")
def small_docx(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("docx")
    assert main(["build", str(MINI), "--output", str(out)]) == 0
    return (out / "mini" / "convention.docx").read_bytes()


@SETTINGS
@given(value=TEXT, place=st.sampled_from(range(len(PLACES))))
def test_any_text_in_a_value_builds_or_is_refused_in_french(tmp_path_factory, capsys, value, place):
    folder = tmp_path_factory.mktemp("t") / "villebourg"
    shutil.copytree(MINI, folder)
    edit(folder / "convention.yaml", lambda d: PLACES[place](d, value))
    code = main(["build", str(folder), "--output", str(folder.parent / "out")])
    err = capsys.readouterr().err
    assert code in (0, 2)
    if code == 2:
        assert err.startswith("Erreur") and "Traceback" not in err


@SETTINGS
@given(day=st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_any_date_builds_or_is_refused_in_french(tmp_path_factory, capsys, day):
    folder = tmp_path_factory.mktemp("t") / "villebourg"
    shutil.copytree(MINI, folder)
    edit(folder / "convention.yaml", lambda d: d["period"].__setitem__("start", day))
    code = main(["build", str(folder), "--output", str(folder.parent / "out")])
    assert code in (0, 2)
    assert "Traceback" not in capsys.readouterr().err


@SETTINGS
@given(cuts=st.lists(st.tuples(st.integers(0, 10**7), st.binary(min_size=0, max_size=8)), min_size=1, max_size=6))
def test_any_damage_to_a_docx_is_checked_or_refused(tmp_path_factory, capsys, small_docx, cuts):
    data = bytearray(small_docx)
    for position, junk in cuts:
        at = position % len(data)
        data[at : at + len(junk)] = junk
    path: Path = tmp_path_factory.mktemp("d") / "projet.docx"
    path.write_bytes(bytes(data))
    code = main(["check", str(path)])
    assert code in (0, 1, 2)
    assert "Traceback" not in capsys.readouterr().err


@SETTINGS
@given(xml=st.binary(min_size=0, max_size=400))
def test_any_document_xml_is_checked_or_refused(tmp_path_factory, capsys, xml):
    path = tmp_path_factory.mktemp("x") / "projet.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    assert main(["check", str(path)]) in (0, 1, 2)
    assert "Traceback" not in capsys.readouterr().err
