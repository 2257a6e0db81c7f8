"""Reports of the checker: French text, JSON and a standalone HTML page."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.model.findings import CODES, SEVERITY_LABELS, SEVERITY_ORDER, Report
from docgen.model.frenchtext import date_fr
from docgen.resources import resource, version

if TYPE_CHECKING:
    import jinja2

HTML_TEMPLATE = "templates/report/report.html.j2"  # see docgen.resources


@dataclass(frozen=True)
class Unreadable:
    """A file of the batch that could not be read, with the French reason."""

    path: str
    reason: str


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def _counts(summary: dict[str, int]) -> str:
    return ", ".join(
        (
            _plural(summary["error"], "erreur"),
            _plural(summary["warning"], "avertissement"),
            _plural(summary["info"], "information"),
        )
    )


def text_report(reports: list[Report], unreadable: list[Unreadable]) -> str:
    """The readable French report, grouped by severity, with a summary table for a batch."""
    out: list[str] = []
    for report in reports:
        out.append(f"Vérification de {report.path}")
        out.append(f"{report.model_kind}\u00a0: {report.model_id}")
        out.append(f"Bilan\u00a0: {_counts(report.summary)}")
        for severity in SEVERITY_ORDER:
            found = [f for f in report.findings if f.severity == severity]
            if not found:
                continue
            out.append("")
            out.append(f"{SEVERITY_LABELS[severity]} ({len(found)})")
            for f in found:
                where = f.location.describe()
                out.append(f"  [{f.code}] {f.message}")
                if where:
                    out.append(f"      où\u00a0: {where}")
                if f.location.excerpt:
                    out.append(f"      extrait\u00a0: «\u00a0{f.location.excerpt}\u00a0»")
        out.append("")
    for item in unreadable:
        out.append(f"Illisible\u00a0: {item.path}\u00a0: {item.reason}")
    if len(reports) + len(unreadable) > 1:
        out += ["", "Récapitulatif", _table(reports, unreadable)]
    return "\n".join(out).rstrip() + "\n"


def _table(reports: list[Report], unreadable: list[Unreadable]) -> str:
    rows = [("Fichier", "Modèle", "Erreurs", "Avert.", "Infos")]
    rows += [
        (r.path, r.model_id or "", str(r.count("error")), str(r.count("warning")), str(r.count("info")))
        for r in reports
    ]
    rows += [(u.path, "illisible", "—", "—", "—") for u in unreadable]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [
        "  ".join(cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i]) for i, cell in enumerate(row))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def totals(reports: list[Report]) -> dict[str, int]:
    """Counts per severity over a batch."""
    return {s: sum(r.count(s) for r in reports) for s in SEVERITY_ORDER}


def json_report(reports: list[Report], unreadable: list[Unreadable]) -> str:
    """JSON: every finding with its file, per-file summaries and the totals (see README)."""
    payload = {
        "findings": [{"file": r.path, **f.as_dict()} for r in reports for f in r.findings],
        "summary": totals(reports),
        "files": [{"file": r.path, "model": r.model_id, "readable": True, "summary": r.summary} for r in reports]
        + [{"file": u.path, "model": None, "readable": False, "error": u.reason} for u in unreadable],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


@cache
def _html_environment() -> jinja2.Environment:
    import jinja2  # only for the HTML report

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(resource(HTML_TEMPLATE).parent),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def html_report(reports: list[Report], unreadable: list[Unreadable]) -> str:
    """A standalone French HTML page a reviewer can send."""
    template = _html_environment().get_template(Path(HTML_TEMPLATE).name)
    now = dt.datetime.now().astimezone()
    return template.render(
        made=f"{date_fr(now.date())} à {now:%H\u00a0h\u00a0%M} ({now.tzname()})",
        version=version(),
        reports=reports,
        unreadable=unreadable,
        order=SEVERITY_ORDER,
        labels=SEVERITY_LABELS,
        codes=CODES,
        totals=totals(reports),
        counts=_counts,
    )


FORMATS = {"text": text_report, "json": json_report, "html": html_report}
