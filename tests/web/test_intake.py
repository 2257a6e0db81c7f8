"""New territories from the browser: a signed convention read back into data (`ctg import`), or the
skeleton of a national model (`ctg new`), registered for the officer's Caf and audited; refusals in
French with nothing registered."""

from __future__ import annotations

import pytest
import yaml
from sqlalchemy import select

from docgen.inputs import fingerprint
from docgen.web.models import AuditEntry, Territory
from tests.web.conftest import CAF_A, CLAIRE, VILLEBOURG, token
from tests.web.test_officer import _job


def _create(client, slug: str, source: str = "convention", upload: tuple[str, bytes] | None = None, **fields):
    files = {"file": (upload[0], upload[1], "application/octet-stream")} if upload else None
    data = {"csrf_token": token(client, "/nouveau-territoire"), "slug": slug, "source": source, **fields}
    return client.post("/nouveau-territoire", data=data, files=files)


def _registered(app, slug: str) -> Territory | None:
    with app.state.sessions() as session:
        return session.scalar(select(Territory).where(Territory.slug == slug))


def test_a_signed_convention_that_docgen_did_not_write_becomes_a_territory(app, claire, bruno, pdfs):
    signed = pdfs["seed-saint-jean"]  # the signed Saint-Jean-de-la-Ruelle CTG (seed 004), as a PDF
    page = claire.get("/territoires")
    assert 'href="/nouveau-territoire"' in page.text
    made = _create(claire, "saint-jean", upload=("CTG Saint-Jean signée.pdf", signed))
    assert made.status_code == 201, made.text
    assert "Convention importée\u00a0: modèle ctg-2020" in made.text and "Enregistrer la signature" in made.text
    territory = _registered(app, "saint-jean")
    assert territory is not None and territory.caf_id == CAF_A
    data = yaml.safe_load((app.state.settings.data / "territories" / "saint-jean" / "convention.yaml").read_text())
    assert data["territory"]["name"] == "Saint Jean-de-la-Ruelle"  # as the signed document writes it
    assert len(data["parties"]) >= 2 and data["period"]["start"].year == 2022
    with app.state.sessions() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "import"))
        assert entry is not None and entry.territory == "saint-jean" and entry.user.name == CLAIRE
        assert entry.sha256 == fingerprint(signed) and entry.file_name == "CTG Saint-Jean signée.pdf"
    assert not list(app.state.settings.data.rglob("convention-signee.*"))  # the upload is not kept
    assert bruno.get("/territoires/saint-jean").status_code == 404  # another Caf's officer


def test_an_imported_word_convention_builds(app, claire, built):
    made = _create(claire, "metz-import", upload=("convention.docx", built["metz"][0]))
    assert made.status_code == 201, made.text
    job = _job(app, claire.post(
        "/territoires/metz-import/production",
        data={"csrf_token": token(claire, "/territoires/metz-import")},
        follow_redirects=False,
    ))  # fmt: skip
    assert job.status == "done", job.error


def test_a_territory_from_the_national_model_skeleton(app, claire):
    made = _create(claire, "nouvelle-epci", source="modele", model="ctg-2020", kind="epci")
    assert made.status_code == 201, made.text
    assert "Squelette du modèle ctg-2020 écrit pour une intercommunalité (EPCI)" in made.text
    text = (app.state.settings.data / "territories" / "nouvelle-epci" / "convention.yaml").read_text()
    assert "model: ctg-2020" in text and "epci" in text
    with app.state.sessions() as session:
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "territory-add")) is not None


@pytest.mark.parametrize(
    "slug, fields, upload, status, told",
    [
        ("Pas Bon", {}, ("a.docx", b"x"), 400, "identifiant invalide «\u00a0Pas Bon\u00a0»"),
        (VILLEBOURG, {}, None, 400, "choisissez le fichier de la convention signée"),
        ("texte", {}, ("convention.docx", b"ceci est du texte"), 415, "ni un document Word (.docx) ni un PDF"),
        (
            "vide",
            {"source": "modele", "model": "ctg-1999"},
            None,
            400,
            "modèle national inconnu «\u00a0ctg-1999\u00a0»",
        ),
        ("bizarre", {"source": "ailleurs"}, None, 400, "origine inconnue «\u00a0ailleurs\u00a0»"),
        ("sans-modele", {"source": "modele"}, None, 400, "choisissez le modèle national que la convention suivra"),
    ],
)
def test_refusals_are_french_and_register_nothing(app, claire, slug, fields, upload, status, told):
    refused = _create(claire, slug, upload=upload, **fields)
    assert refused.status_code == status and "Territoire non créé\u00a0: " in refused.text
    assert told in refused.text, refused.text
    assert slug == VILLEBOURG or _registered(app, slug) is None
    assert str(app.state.settings.data) not in refused.text


def test_a_slug_already_registered_is_not_replaced(app, claire, built):
    before = (app.state.settings.data / "territories" / VILLEBOURG / "convention.yaml").read_bytes()
    refused = _create(claire, VILLEBOURG, upload=("c.docx", built["metz"][0]))
    assert (
        refused.status_code == 400 and f"le territoire «\u00a0{VILLEBOURG}\u00a0» est déjà enregistré" in refused.text
    )
    assert (app.state.settings.data / "territories" / VILLEBOURG / "convention.yaml").read_bytes() == before


def test_a_reviewer_cannot_create_a_territory(app, alice):
    assert alice.get("/nouveau-territoire").status_code == 403
    csrf = token(alice, "/verifications")
    refused = alice.post("/nouveau-territoire", data={"csrf_token": csrf, "slug": "relu", "source": "modele"})
    assert refused.status_code == 403 and _registered(app, "relu") is None
