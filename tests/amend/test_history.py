"""The signed history on the small territory: order, numbering, dates, fingerprints, tampering."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from docgen.amend import history
from docgen.amend.history import SignedState, check_pending, load_history, same_content, sign, territory_folder
from docgen.data.loading import load_convention
from docgen.model.errors import DocgenError, DocgenErrors
from tests.conftest import MINI
from tests.yamledit import add_amendment, dump, edit

SIGNED = dt.date(2024, 3, 15)  # the small territory's signature date


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "villebourg"
    shutil.copytree(MINI, target)
    return target


def _edit(folder: Path, change) -> None:
    edit(folder / "convention.yaml", change)


def _amend(end: dt.date, signed: dt.date, reason: str = "Prolongation.", acts_on: dt.date | None = None):
    def change(data):
        data["period"]["end"] = end
        add_amendment(data, reason, signed, signed, acts_on=acts_on)

    return change


def _manifest(folder: Path) -> list[dict]:
    return yaml.safe_load((folder / "history" / "signatures.yaml").read_text(encoding="utf-8"))


def _rewrite_manifest(folder: Path, change) -> None:
    path = folder / "history" / "signatures.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(entries)
    path.write_text(history.HEADER + dump(entries), encoding="utf-8")


def _line_of(folder: Path, text: str) -> int:
    lines = (folder / "convention.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(text))


def _refused(folder: Path, library, message: str, file: str = "convention.yaml") -> DocgenError:
    """Signing fails with `message`, naming `file` of the territory folder."""
    with pytest.raises(DocgenError, match=message) as raised:
        sign(folder, library)
    assert raised.value.path == str(folder / file)
    return raised.value


def _two_states(folder: Path, library) -> None:
    sign(folder, library)
    _edit(folder, _amend(dt.date(2028, 12, 31), dt.date(2025, 6, 1)))
    sign(folder, library)


def test_no_history_is_an_empty_list(folder):
    assert load_history(folder) == []
    assert load_history(folder / "convention.yaml") == []


def test_territory_folder_from_the_folder_or_its_data_file(folder):
    assert territory_folder(folder) == folder
    assert territory_folder(folder / "convention.yaml") == folder
    assert territory_folder(folder / "convention.yml") == folder


def test_first_signature_is_state_zero_a_read_only_verbatim_copy(folder, library):
    original = (folder / "convention.yaml").read_bytes()
    state = sign(folder, library)
    assert state == SignedState(
        0, SIGNED, folder / "history" / "00-convention.yaml", hashlib.sha256(original).hexdigest()
    )
    assert state.file.read_bytes() == original
    assert state.file.stat().st_mode & 0o777 == 0o444
    text = (folder / "history" / "signatures.yaml").read_text(encoding="utf-8")
    assert text.startswith(history.HEADER)
    assert _manifest(folder) == [
        {
            "number": 0,
            "kind": "convention",
            "signed": SIGNED,
            "file": "00-convention.yaml",
            "sha256": state.sha256,
            "previous": "",
        }
    ]
    assert load_history(folder) == [state]


def test_avenants_are_numbered_in_order_and_each_state_kept(folder, library):
    _two_states(folder, library)
    _edit(folder, _amend(dt.date(2029, 12, 31), dt.date(2026, 6, 1), "Seconde prolongation."))
    third = sign(folder, library)
    states = load_history(folder)
    assert [s.number for s in states] == [0, 1, 2]
    assert [s.file.name for s in states] == ["00-convention.yaml", "01-avenant.yaml", "02-avenant.yaml"]
    assert [s.kind for s in states] == ["convention", "avenant", "avenant"]
    assert [s.signed for s in states] == [SIGNED, dt.date(2025, 6, 1), dt.date(2026, 6, 1)]
    assert states[-1] == third
    assert [e["kind"] for e in _manifest(folder)] == ["convention", "avenant", "avenant"]
    for state in states:
        assert hashlib.sha256(state.file.read_bytes()).hexdigest() == state.sha256


def test_describe_names_the_state_in_french():
    assert SignedState(0, SIGNED, Path("x"), "").describe() == "la convention signée le 15 mars 2024"
    assert SignedState(2, dt.date(2025, 6, 1), Path("x"), "").describe() == "l'avenant n°\u00a02 signé le 1er juin 2025"


def test_a_date_other_than_the_data_is_refused_and_nothing_written(folder, library):
    with pytest.raises(DocgenError, match="15 mars 2024") as raised:
        sign(folder, library, dt.date(2024, 3, 16))
    assert "diffère de la date de signature" in str(raised.value)
    assert not (folder / "history").exists()
    assert sign(folder, library, SIGNED).number == 0


def test_the_same_state_cannot_be_signed_twice(folder, library):
    sign(folder, library)
    _refused(folder, library, "déjà signé")
    assert len(_manifest(folder)) == 1


def test_a_change_without_an_amendment_section_is_refused(folder, library):
    sign(folder, library)
    _edit(folder, lambda d: d["period"].update(end=dt.date(2028, 12, 31)))
    _refused(folder, library, "amendment")
    assert len(_manifest(folder)) == 1


def test_an_avenant_signed_before_the_last_state_is_refused(folder, library):
    sign(folder, library)
    _edit(folder, _amend(dt.date(2028, 12, 31), SIGNED - dt.timedelta(days=1)))
    _refused(folder, library, "précède")
    assert len(_manifest(folder)) == 1


def test_an_avenant_signed_the_same_day_as_the_convention_is_accepted(folder, library):
    sign(folder, library)
    _edit(folder, _amend(dt.date(2028, 12, 31), SIGNED, acts_on=SIGNED))
    assert sign(folder, library).signed == SIGNED


def test_the_amendment_of_the_last_avenant_cannot_describe_a_new_one(folder, library):
    _two_states(folder, library)
    _edit(folder, lambda d: d["period"].update(end=dt.date(2029, 12, 31)))
    _refused(folder, library, "encore celle de l'avenant n° 1")


def test_an_existing_state_file_is_never_replaced(folder, library):
    sign(folder, library)
    squatter = folder / "history" / "01-avenant.yaml"
    squatter.write_text("# écrit à la main\n", encoding="utf-8")
    _edit(folder, _amend(dt.date(2028, 12, 31), dt.date(2025, 6, 1)))
    _refused(folder, library, "état signé absent du registre", "history/signatures.yaml")
    assert squatter.read_text(encoding="utf-8") == "# écrit à la main\n"
    assert len(_manifest(folder)) == 1


def test_a_signed_state_edited_afterwards_is_detected(folder, library):
    _two_states(folder, library)
    first = folder / "history" / "00-convention.yaml"
    first.chmod(0o644)
    first.write_bytes(first.read_bytes().replace(b"Villebourg", b"Villeborg", 1))
    with pytest.raises(DocgenError, match="l'état signé n° 0 .* a été modifié après sa signature") as raised:
        load_history(folder)
    assert raised.value.path == str(first)


def test_a_missing_state_file_is_reported(folder, library):
    _two_states(folder, library)
    (folder / "history" / "01-avenant.yaml").unlink()
    with pytest.raises(DocgenError, match="l'état signé n° 1 est introuvable") as raised:
        load_history(folder)
    assert raised.value.path == str(folder / "history" / "01-avenant.yaml")


INCOHERENT = "registre des signatures incohérent"
UNREADABLE = "entrée du registre des signatures illisible"


@pytest.mark.parametrize(
    "change, message, line",
    [
        (lambda e: e.pop(0), INCOHERENT, 3),  # a gap: the first entry is number 1
        (lambda e: e.reverse(), INCOHERENT, 3),  # out of order
        (lambda e: e[1].update(number=0), INCOHERENT, 9),  # twice number 0
        (lambda e: e[1].update(signed="le 1er juin 2025"), INCOHERENT, 9),
        (lambda e: e[1].pop("sha256"), UNREADABLE, 9),
        (lambda e: e[1].update(number="un"), UNREADABLE, 9),
        (lambda e: e.__setitem__(1, "avenant"), UNREADABLE, 9),
    ],
    ids=["gap", "order", "duplicate", "date", "fingerprint", "number", "entry"],
)
def test_an_incoherent_register_is_refused_at_its_line(folder, library, change, message, line):
    _two_states(folder, library)
    _rewrite_manifest(folder, change)
    with pytest.raises(DocgenError) as raised:
        load_history(folder)
    assert raised.value.message == message
    assert raised.value.line == line
    assert raised.value.path == str(folder / "history" / "signatures.yaml")


def test_a_register_that_is_not_a_list_is_refused(folder, library):
    sign(folder, library)
    (folder / "history" / "signatures.yaml").write_text("number: 0\n", encoding="utf-8")
    with pytest.raises(DocgenError, match="liste attendue") as raised:
        load_history(folder)
    assert raised.value.path == str(folder / "history" / "signatures.yaml")


def test_same_content_ignores_only_the_amendment_notes(folder, library):
    convention = load_convention(folder, library)
    _edit(folder, _amend(convention.period.end, dt.date(2025, 6, 1)))
    amended = load_convention(folder, library)
    assert amended.amendment is not None
    assert same_content(convention, amended)
    _edit(folder, _amend(dt.date(2028, 12, 31), dt.date(2025, 6, 1)))
    assert not same_content(convention, load_convention(folder, library))


def test_check_pending_gives_the_last_signed_data_and_the_new_amendment(folder, library):
    _two_states(folder, library)
    states = load_history(folder)
    current = load_convention(folder, library)
    with pytest.raises(DocgenError, match="aucun avenant à produire") as raised:
        check_pending(current, states, library, signing=False, source=folder / "convention.yaml")
    assert "l'avenant n°\u00a01 signé le 1er juin 2025" in str(raised.value)
    _edit(folder, _amend(dt.date(2029, 12, 31), dt.date(2026, 6, 1), "Seconde prolongation."))
    current = load_convention(folder, library)
    previous, amendment = check_pending(current, states, library, signing=False, source=folder)
    assert previous.period.end == dt.date(2028, 12, 31)
    assert amendment == current.amendment and amendment.reason == "Seconde prolongation."


# An avenant is authorised by its own acts, and only while the convention runs.


def _errors(folder: Path, library) -> list[DocgenError]:
    with pytest.raises(DocgenError) as raised:
        sign(folder, library)
    error = raised.value
    return list(error.errors) if isinstance(error, DocgenErrors) else [error]


def test_an_avenant_without_its_own_authorisation_is_refused(folder, library):
    sign(folder, library)

    def change(data):
        _amend(dt.date(2028, 12, 31), dt.date(2025, 6, 1))(data)
        data["amendment"]["authorisations"] = []

    _edit(folder, change)
    [error] = _errors(folder, library)
    assert error.key == "amendment.authorisations" and error.path == str(folder / "convention.yaml")
    assert error.message.startswith("valeur manquante\u00a0: aucun acte n'autorise la commune de Villebourg à signer ")
    assert "la délibération du 12 février 2024 autorisait la convention, pas un avenant" in error.message
    assert error.line == _line_of(folder, "  authorisations:")
    assert len(_manifest(folder)) == 1


def test_the_conventions_authorisation_is_not_changed_by_an_avenant(folder, library):
    sign(folder, library)

    def change(data):
        _amend(dt.date(2028, 12, 31), dt.date(2025, 6, 1))(data)
        data["parties"][1]["authorisation"]["date"] = dt.date(2025, 5, 20)

    _edit(folder, change)
    [error] = _errors(folder, library)
    assert error.key == "parties[1].authorisation"
    assert "ne change pas avec un avenant" in error.message and "amendment.authorisations" in error.message


def test_an_act_voted_before_the_last_signature_cannot_authorise_an_avenant(folder, library):
    sign(folder, library)
    _edit(folder, _amend(dt.date(2028, 12, 31), dt.date(2025, 6, 1), acts_on=dt.date(2024, 2, 12)))
    [error] = _errors(folder, library)
    assert error.key == "amendment.authorisations[0].date"
    assert error.message.startswith("l'acte qui autorise l'avenant est daté du 12 février 2024, avant la signature de")


@pytest.mark.parametrize(
    "signed, effective, said",
    [
        (
            dt.date(2028, 2, 1),
            dt.date(2028, 2, 1),
            "un avenant signé le 1er février 2028 et prenant effet le 1er février 2028",
        ),
        (dt.date(2027, 12, 1), dt.date(2028, 1, 1), "un avenant prenant effet le 1er janvier 2028"),
    ],
)
def test_an_ended_convention_cannot_be_amended(folder, library, signed, effective, said):
    sign(folder, library)

    def change(data):
        data["period"]["end"] = dt.date(2028, 12, 31)
        add_amendment(data, "Prolongation tardive.", effective, signed)

    _edit(folder, change)
    [error] = _errors(folder, library)
    assert error.message.startswith(f"la convention a pris fin le 31 décembre 2027\u00a0: {said} ne peut plus")
    assert f"ctg new conventions/<nouveau territoire> --from {folder.as_posix()} --period" in str(error)
    assert "ctg" not in error.text(web=True)  # the web application has no command line to offer


def test_the_last_day_of_the_convention_is_still_in_time(folder, library):
    sign(folder, library)
    _edit(folder, _amend(dt.date(2028, 12, 31), dt.date(2027, 12, 31)))
    assert sign(folder, library).signed == dt.date(2027, 12, 31)


@pytest.mark.parametrize(
    "act, key, message",
    [
        (
            {"party": "mairie"},
            "amendment.authorisations[0].party",
            "aucune partie n'a l'identifiant «\u00a0mairie\u00a0»",
        ),
        (
            {"date": dt.date(2025, 6, 2)},
            "amendment.authorisations[0].date",
            "l'acte qui autorise la signature de l'avenant est postérieur à sa signature",
        ),
    ],
)
def test_the_avenants_acts_are_checked_with_the_data(folder, library, act, key, message):
    def change(data):
        _amend(dt.date(2028, 12, 31), dt.date(2025, 6, 1))(data)
        data["amendment"]["authorisations"][0].update(act)

    _edit(folder, change)
    with pytest.raises(DocgenErrors) as raised:
        load_convention(folder, library)
    assert [(e.key, e.message) for e in raised.value.errors] == [(key, message)]


def test_an_act_given_twice_for_a_party_is_refused(folder, library):
    def change(data):
        _amend(dt.date(2028, 12, 31), dt.date(2025, 6, 1))(data)
        acts = data["amendment"]["authorisations"]
        acts.append(dict(acts[0]))

    _edit(folder, change)
    with pytest.raises(DocgenErrors) as raised:
        load_convention(folder, library)
    assert [e.key for e in raised.value.errors] == ["amendment.authorisations[1].party"]


# The register is a hash chain; a signature interrupted by a kill is completed or undone.


def _tampered(folder: Path, change) -> DocgenError:
    _rewrite_manifest(folder, change)
    with pytest.raises(DocgenError) as raised:
        load_history(folder)
    return raised.value


def test_the_register_links_each_entry_to_the_previous_one(folder, library):
    _two_states(folder, library)
    first, second = _manifest(folder)
    assert first["previous"] == "" and len(second["previous"]) == 64
    assert second["previous"] == history._entry_hash(first)


def test_a_state_edited_with_its_new_fingerprint_breaks_the_chain(folder, library):
    _two_states(folder, library)
    state = folder / "history" / "00-convention.yaml"
    state.chmod(0o644)
    state.write_bytes(state.read_bytes().replace(b"Villebourg", b"Villeborg", 1))
    new = hashlib.sha256(state.read_bytes()).hexdigest()
    error = _tampered(folder, lambda e: e[0].update(sha256=new))
    assert error.message.startswith("registre des signatures altéré") and error.line == 9


def test_a_signature_date_changed_breaks_the_chain(folder, library):
    _two_states(folder, library)
    error = _tampered(folder, lambda e: e[0].update(signed=dt.date(2024, 3, 1)))
    assert error.message.startswith("registre des signatures altéré")


def test_the_last_entry_removed_leaves_its_state_unregistered(folder, library):
    _two_states(folder, library)
    error = _tampered(folder, lambda e: e.pop())
    assert error.message.startswith("état signé absent du registre\u00a0: 01-avenant.yaml")


def test_an_entry_pointing_outside_history_is_refused(folder, library):
    _two_states(folder, library)
    error = _tampered(folder, lambda e: e[1].update(file="../convention.yaml"))
    assert "doit être le fichier «\u00a001-avenant.yaml\u00a0» de history/" in error.message


def test_a_deleted_register_is_not_taken_for_an_unsigned_convention(folder, library):
    _two_states(folder, library)
    (folder / "history" / "signatures.yaml").unlink()
    with pytest.raises(DocgenError, match="le registre des signatures a disparu"):
        load_history(folder)


def test_a_signature_killed_before_its_registration_is_undone(folder, library):
    sign(folder, library)
    _edit(folder, _amend(dt.date(2028, 12, 31), dt.date(2025, 6, 1)))
    pending = folder / "history" / ".01-avenant.yaml.pending"
    pending.write_bytes((folder / "convention.yaml").read_bytes())  # written, then the kill
    assert [s.number for s in load_history(folder)] == [0]
    assert not pending.exists()
    assert sign(folder, library).number == 1, "not blocked"


def test_a_signature_killed_after_its_registration_is_completed(folder, library):
    _two_states(folder, library)
    final = folder / "history" / "01-avenant.yaml"
    final.rename(folder / "history" / ".01-avenant.yaml.pending")  # registered, not yet renamed
    assert [s.number for s in load_history(folder)] == [0, 1]
    assert final.is_file()


def test_one_command_at_a_time_on_a_territory(folder, library):
    with history.territory_lock(folder):
        with pytest.raises(DocgenError, match="une autre commande ctg travaille déjà sur ce territoire"):
            sign(folder, library)
    assert sign(folder, library).number == 0
