"""Renewal: the data of the next convention, written from the last signed state of an ended one.

An ended convention cannot be amended; the parties sign a new one, starting from the previous
plan. The new data keep the parties, the préambule, the plan and the annexes; they take the
new period; the signature and each party's authorisation are left empty and marked « à
compléter », so that `ctg build` names each of them until they are filled in.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docgen.amend.history import load_history, territory_folder
from docgen.data.loading import CONVENTION_FILE
from docgen.data.yamlsource import KeyPath, dump_yaml, load_yaml, parse_text
from docgen.model.errors import DocgenError
from docgen.model.frenchtext import date_fr
from docgen.output import write_atomic

TO_FILL = "À COMPLÉTER"
TO_UPDATE = "À ACTUALISER"


def renewal_text(source: Path, start: dt.date, end: dt.date) -> str:
    """The YAML text of the convention that renews the one in `source`, for `start`–`end`."""
    folder = territory_folder(source)
    states = load_history(folder)
    if not states:
        raise DocgenError(
            "la convention à renouveler n'est pas enregistrée comme signée («\u00a0ctg sign\u00a0»)", folder
        )
    if end <= start:
        raise DocgenError(f"la période {date_fr(start)} – {date_fr(end)} finit avant de commencer")
    last = states[-1]
    data = load_yaml(last.file).data
    if not isinstance(data, dict):
        raise DocgenError("état signé illisible", last.file)
    data.pop("amendment", None)
    data["period"] = {"start": start, "end": end}
    data["signature"] = {"place": data.get("signature", {}).get("place"), "date": None}
    marks: dict[KeyPath, tuple[str, str]] = {
        ("signature", "date"): (TO_FILL, "date de signature de la nouvelle convention"),
    }
    for i, party in enumerate(data.get("parties", [])):
        act = party.get("authorisation")
        if isinstance(act, dict):
            party["authorisation"] = {**act, "date": None, "number": None}
            marks[("parties", i, "authorisation", "date")] = (
                TO_FILL,
                "date de l'acte qui autorise la signature de la nouvelle convention",
            )
            marks[("parties", i, "authorisation", "number")] = (TO_FILL, "son numéro, s'il en a un")
    for key, note in (
        ("diagnosis", "un renouvellement suit d'ordinaire un nouveau diagnostic"),
        ("equipment", "la liste des équipements de l'année de référence"),
    ):
        if isinstance(data.get(key), dict):
            marks[(key,)] = (TO_UPDATE, note)
    header = (
        "# yaml-language-server: $schema=../../schema/convention.schema.json\n"
        f"# Convention qui renouvelle celle de {folder.as_posix()} ({last.describe()}),\n"
        f"# écrite par « ctg new --from » pour la période du {date_fr(start)} au {date_fr(end)}.\n"
        f"# Les valeurs marquées « {TO_FILL} » restent à remplir avant « ctg build ».\n"
    )
    return header + _marked(dump_yaml(data), marks)


def _marked(text: str, marks: dict[KeyPath, tuple[str, str]]) -> str:
    """`text` with a « # À COMPLÉTER : … » comment at the end of each marked key's line."""
    lines = text.splitlines()
    located = parse_text(text, Path("renouvellement.yaml")).lines
    for keypath, (label, note) in marks.items():
        line = located.get(keypath)
        if line is not None:
            lines[line - 1] += f"  # {label}\u00a0: {note}"
    return "\n".join(lines) + "\n"


def write_renewal(target: Path, source: Path, start: dt.date, end: dt.date) -> Path:
    """Write `<target>/convention.yaml`; refuse to overwrite an existing one."""
    path = Path(target) / CONVENTION_FILE
    if path.exists():
        raise DocgenError("ce fichier existe déjà\u00a0: il n'est pas remplacé", path)
    write_atomic(path, renewal_text(source, start, end).encode("utf-8"))
    return path
