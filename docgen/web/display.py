"""What the pages show: French dates and times, the audit log's actions in French, and a
stored report's findings grouped by severity."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from docgen.model.findings import SEVERITY_LABELS, SEVERITY_ORDER, Location
from docgen.model.frenchtext import date_fr

ACTION_LABELS = {  # the audit log's actions (models.ACTIONS) as the pages name them
    "check": "vérification",
    "build": "production",
    "sign": "signature",
    "avenant": "avenant",
    "user-add": "compte ajouté",
    "user-disable": "compte désactivé",
    "user-enable": "compte réactivé",
    "password-change": "mot de passe changé",
    "password-reset": "mot de passe remplacé",
    "import": "import d'une convention signée",
    "territory-add": "territoire créé",
}
ZONE = "Europe/Paris"  # the time the Cafs' reviewers read; UTC where the zone database is missing


@cache
def _zone() -> dt.tzinfo:
    try:
        return ZoneInfo(ZONE)
    except ZoneInfoNotFoundError:
        return dt.UTC


def when(moment: dt.datetime) -> str:
    """« 2 décembre 2026 à 14 h 05 », in French time (a time read back from SQLite is UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(_zone())
    return f"{date_fr(local.date())} à {local:%H}\u00a0h\u00a0{local:%M}"


@dataclass(frozen=True)
class Shown:
    """A finding as the page shows it: the texts `ctg check` prints."""

    code: str
    message: str
    where: str
    excerpt: str


@dataclass(frozen=True)
class Group:
    """The findings of one severity: « Erreurs », « Avertissements », « Informations »."""

    severity: str
    label: str
    findings: list[Shown]


def groups(report_json: str) -> list[Group]:
    """The findings of a stored JSON report, by severity in `ctg check`'s order, empty groups left out."""
    findings = json.loads(report_json)["findings"]
    out = []
    for severity in SEVERITY_ORDER:
        shown = [
            Shown(
                f["code"],
                f["message"],
                Location(f["section"], f["paragraph"], f["page"], f["excerpt"], f["alinea"]).describe(),
                f["excerpt"],
            )
            for f in findings
            if f["severity"] == severity
        ]
        if shown:
            out.append(Group(severity, SEVERITY_LABELS[severity], shown))
    return out
