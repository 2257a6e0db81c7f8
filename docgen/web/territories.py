"""The register of territories: each belongs to one Caf, its folder under the data folder.

A territory's data is `<data>/territories/<slug>/convention.yaml` with its `history/` as
`ctg sign` keeps it; what is produced for it goes to `<data>/output/<slug>/`, as `ctg build
--output <data>/output` writes it. The slug is the only name of a territory that reaches the
filesystem, and it is checked against SLUG; every query takes the user's Caf, so that another
Caf's territory is not found, as if it did not exist.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from docgen.data.loading import CONVENTION_FILE, HISTORY_DIR
from docgen.inputs import fingerprint
from docgen.model.errors import DocgenError, os_reason
from docgen.web.accounts import CAF_ID
from docgen.web.models import AuditEntry, Caf, Territory, User
from docgen.web.settings import Settings

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
TERRITORIES, OUTPUT = "territories", "output"  # the data folder's subfolders
# The only files of an output folder that can be downloaded (what build and avenant write).
PRODUCED = re.compile(r"(convention|(avenant|convention-consolidee|redline)-\d{2})\.(docx|pdf)")
AUDIT_SHOWN = 100  # audit entries on a territory's page


def valid_slug(slug: str) -> bool:
    return SLUG.fullmatch(slug) is not None


def folder_of(settings: Settings, territory: Territory) -> Path:
    """The territory's folder (its convention.yaml and history/)."""
    return settings.data / TERRITORIES / territory.slug


def output_root(settings: Settings) -> Path:
    """The folder build and avenant write into: `<data>/output/<slug>/` for each territory."""
    return settings.data / OUTPUT


def output_of(settings: Settings, territory: Territory) -> Path:
    return output_root(settings) / territory.slug


def register(
    session: Session, settings: Settings, source: Path, caf: str, slug: str | None = None, user: User | None = None
) -> Territory:
    """Copy the territory folder `source` into the data folder and register it for Caf `caf`
    (created if new), under `slug` (else the folder's name); a French DocgenError otherwise."""
    source = Path(source)
    slug = source.resolve().name if slug is None else slug
    if not valid_slug(slug):
        raise DocgenError(
            f"identifiant de territoire invalide «\u00a0{slug}\u00a0» (minuscules, chiffres et tirets, "
            "63 caractères au plus, ex. saint-jean-de-la-ruelle)\u00a0: donnez-en un avec --slug"
        )
    if not CAF_ID.fullmatch(caf):
        raise DocgenError(
            f"identifiant de Caf invalide «\u00a0{caf}\u00a0» (minuscules, chiffres et tirets, ex. caf-45)"
        )
    if not source.is_dir():
        raise DocgenError("dossier de territoire introuvable", source)
    if not (source / CONVENTION_FILE).is_file():
        raise DocgenError(f"pas de fichier {CONVENTION_FILE} dans ce dossier", source)
    links = [p for p in source.rglob("*") if p.is_symlink()]
    if links:  # a link would copy whatever it points to into the application's data
        raise DocgenError("lien symbolique refusé dans un dossier de territoire", links[0])
    if session.scalar(select(Territory).where(Territory.slug == slug)) is not None:
        raise DocgenError(f"le territoire «\u00a0{slug}\u00a0» est déjà enregistré")
    target = settings.data / TERRITORIES / slug
    if os.path.lexists(target):
        raise DocgenError(
            "ce dossier existe déjà dans les données de l'application\u00a0: il n'est pas remplacé", target
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, target)
    except OSError as exc:
        shutil.rmtree(target, ignore_errors=True)
        raise DocgenError(f"copie impossible ({os_reason(exc)})", target) from None
    if session.get(Caf, caf) is None:
        session.add(Caf(id=caf))
    territory = Territory(
        slug=slug, caf_id=caf, folder=f"{TERRITORIES}/{slug}", created_by_id=user.id if user else None
    )
    session.add(territory)
    session.commit()
    return territory


def shown(exc: DocgenError, settings: Settings) -> str:
    """The French text of `exc` with paths relative to the data folder: the server's own folders
    are not the user's business (« territories/metz/convention.yaml:12 … »)."""
    return exc.text(web=True).replace(f"{settings.data}/", "")


def territories_of(session: Session, user: User) -> list[Territory]:
    """The territories of the user's Caf, by slug."""
    return list(session.scalars(select(Territory).where(Territory.caf_id == user.caf_id).order_by(Territory.slug)))


def territory_of(session: Session, user: User, slug: str) -> Territory | None:
    """The territory `slug` if it belongs to the user's Caf, else None (a malformed slug too)."""
    if not valid_slug(slug):
        return None
    return session.scalar(select(Territory).where(Territory.slug == slug, Territory.caf_id == user.caf_id))


def produced_files(settings: Settings, territory: Territory) -> list[str]:
    """The names of the documents produced for the territory (convention, avenants), sorted."""
    folder = output_of(settings, territory)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if PRODUCED.fullmatch(p.name) and p.is_file())


def produced_file(settings: Settings, territory: Territory, name: str) -> Path | None:
    """The produced document `name` of the territory, if it is one and exists."""
    if not PRODUCED.fullmatch(name):
        return None
    path = output_of(settings, territory) / name
    return path if path.is_file() else None


@dataclass(frozen=True)
class Signed:
    """A signed state as the territory's page lists it."""

    number: int
    label: str
    file: str
    sha256: str


def signed_states(settings: Settings, territory: Territory) -> tuple[list[Signed], str]:
    """The signed states of the territory (`docgen/amend/history.py`), and the French reason if
    its register cannot be read."""
    from docgen.amend.history import load_history

    try:
        states = load_history(folder_of(settings, territory))
    except DocgenError as exc:
        return [], exc.message
    return [Signed(s.number, s.describe(), f"{HISTORY_DIR}/{s.file.name}", s.sha256) for s in states], ""


def audit(
    session: Session, user: User, action: str, territory: Territory, path: Path | None = None, sha256: str | None = None
) -> AuditEntry:
    """Record an action on a territory, with the file produced or signed and its SHA-256."""
    if path is not None and sha256 is None:
        sha256 = fingerprint(path.read_bytes())
    entry = AuditEntry(
        user_id=user.id,
        caf_id=territory.caf_id,
        action=action,
        territory=territory.slug,
        sha256=sha256,
        file_name=path.name if path is not None else None,
    )
    session.add(entry)
    session.commit()
    return entry


def audit_of(session: Session, user: User, territory: Territory) -> list[AuditEntry]:
    """The latest audit entries of a territory of the user's Caf, newest first."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.caf_id == user.caf_id, AuditEntry.territory == territory.slug)
        .order_by(AuditEntry.id.desc())
        .limit(AUDIT_SHOWN)
    )
    return list(session.scalars(query))
