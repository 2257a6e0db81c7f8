"""Loading a territory's `convention.yaml` into a validated, cross-checked `Convention`."""

from __future__ import annotations

import datetime as dt
import difflib
import math
from pathlib import Path

from pydantic import ValidationError

from docgen.data.defaults import departement, departements, with_defaults
from docgen.data.validation import validation_errors
from docgen.data.yamlsource import KeyPath, YamlSource, format_keypath, load_yaml
from docgen.library.catalog import Library
from docgen.model.errors import DocgenError, DocgenErrors
from docgen.model.territory import Convention

CONVENTION_FILE = "convention.yaml"
HISTORY_DIR = "history"  # in a territory's folder: the signed states (see docgen.amend.history)

# Where each annex's content lives in the territory data.
ANNEX_DATA_KEYS = {
    "diagnosis": "diagnosis",
    "equipment": "equipment",
    "evaluation": "evaluation",
    "data_agreements": "data_agreements",
}


def convention_file(territory_dir: Path) -> Path:
    """The data file of a territory folder (or the file itself if given)."""
    return territory_dir if territory_dir.suffix in (".yaml", ".yml") else territory_dir / CONVENTION_FILE


def data_folder(source: Path | None) -> Path:
    """The folder the paths in a territory file (pictures, cover) are relative to: the territory's,
    also for a signed state kept in its history folder."""
    if source is None:
        return Path.cwd()
    folder = Path(source).parent
    return folder.parent if folder.name == HISTORY_DIR else folder


def load_convention(path: Path, library: Library) -> Convention:
    """Read, validate and cross-check a territory file; raise DocgenErrors listing every problem."""
    path = convention_file(Path(path))
    if not path.exists():
        raise DocgenError("fichier de données introuvable", path)
    return validated(load_yaml(path), library)


def validated(source: YamlSource, library: Library) -> Convention:
    """The convention of a parsed territory file (`parse_text` for text not yet written)."""
    path = source.path
    if not isinstance(source.data, dict):
        raise DocgenError("le fichier doit contenir un ensemble de clés (model, territory, parties…)", path, 1)
    unknown = _unknown_department(source) + _decimals(source)
    try:
        convention = Convention.model_validate(with_defaults(source.data))
    except ValidationError as exc:
        raise DocgenErrors(unknown + validation_errors(exc, source)) from None
    errors = unknown + _Checker(source).run(convention, library)
    if errors:
        raise DocgenErrors(errors)
    return convention


def _decimals(source: YamlSource) -> list[DocgenError]:
    """Numbers YAML reads as decimals and would change (« 1.10 » read 1.1), or not numbers (« .nan »)."""
    out = []
    for keypath, text in source.decimals.items():
        value = _float(text)
        if not math.isfinite(value):
            message = (
                f"«\u00a0{text}\u00a0» n'est pas un nombre fini\u00a0: "
                "écrivez-le entre guillemets s'il s'agit d'un texte"
            )
        else:
            message = (
                f"«\u00a0{text}\u00a0» est lu comme le nombre décimal {value!r}\u00a0: écrivez-le entre guillemets "
                f'(«\u00a0"{text}"\u00a0») pour qu\'il reste tel quel'
            )
        out.append(DocgenError(message, source.path, source.line_of(keypath), format_keypath(keypath)))
    return out


def _float(text: str) -> float:
    try:
        return float(text.replace("_", ""))
    except ValueError:  # YAML spellings such as « .nan », « .inf »
        return math.nan


def _unknown_department(source: YamlSource) -> list[DocgenError]:
    """The département is checked first: the Caf's name is derived from it."""
    territory = source.data.get("territory") if isinstance(source.data, dict) else None
    name = territory.get("department") if isinstance(territory, dict) else None
    if not isinstance(name, str) or departement(name) is not None:
        return []
    names = [official for official, _ in departements().values()]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f"\u00a0; vouliez-vous dire «\u00a0{close[0]}\u00a0»\u00a0?" if close else " (nom ou numéro attendu)"
    keypath = ("territory", "department")
    return [
        DocgenError(
            f"département inconnu «\u00a0{name}\u00a0»{hint}",
            source.path,
            source.line_of(keypath),
            format_keypath(keypath),
        )
    ]


class _Checker:
    """Cross-field checks the schema cannot express, each located by key path."""

    def __init__(self, source: YamlSource) -> None:
        self.source = source
        self.errors: list[DocgenError] = []

    def fail(self, keypath: KeyPath, message: str) -> None:
        self.errors.append(
            DocgenError(message, self.source.path, self.source.line_of(keypath), format_keypath(keypath))
        )

    def run(self, c: Convention, library: Library) -> list[DocgenError]:
        if c.model not in library.models:
            known = ", ".join(sorted(library.models))
            self.fail(("model",), f"modèle national inconnu «\u00a0{c.model}\u00a0» (connus\u00a0: {known})")
            return self.errors
        self._dates(c)
        self._parties(c)
        self._amendment(c)
        self._plan(c)
        self._pilotage(c)
        self._annexes(c, library)
        model_clauses = set(library.model(c.model).articles) | {library.model(c.model).preamble}
        for key in c.additions:
            if key not in model_clauses:
                self.fail(("additions", key), f"aucun article «\u00a0{key}\u00a0» dans le modèle {c.model}")
        for name, keys in (("article_texts", c.article_texts), ("article_titles", c.article_titles)):
            for key in keys:
                if key not in model_clauses | {library.model(c.model).visas}:
                    self.fail((name, key), f"aucun article «\u00a0{key}\u00a0» dans le modèle {c.model}")
        if c.article_texts:
            from docgen.library.clausetext import template_problems  # jinja2: only for texts of its syntax
        for key, text in c.article_texts.items():  # rendered as the library's clauses are
            for problem in template_problems(text):
                self.fail(("article_texts", key), problem)
        slots = {a.key for a in library.model(c.model).annexes}
        for name, keys in (("annex_texts", c.annex_texts), ("annex_titles", c.annex_titles)):
            for key in keys:
                if key not in slots:
                    self.fail((name, key), f"aucune annexe «\u00a0{key}\u00a0» dans le modèle {c.model}")
        return self.errors

    def _dates(self, c: Convention) -> None:
        if c.period.end <= c.period.start:
            self.fail(("period", "end"), "la date de fin doit être postérieure à la date de début")
        if c.period.end - c.period.start > dt.timedelta(days=366 * 10):
            self.fail(("period", "end"), "une convention territoriale globale ne dure pas plus de dix ans")
        if c.signature.date > c.period.end:
            self.fail(("signature", "date"), "la date de signature est postérieure à la fin de la convention")
        if c.signature.date < c.period.start - dt.timedelta(days=366):
            self.fail(
                ("signature", "date"),
                "la date de signature précède de plus d'un an le début de la convention",
            )

    def _parties(self, c: Convention) -> None:
        seen: set[str] = set()
        for i, party in enumerate(c.parties):
            if party.id in seen:
                self.fail(("parties", i, "id"), f"identifiant de partie «\u00a0{party.id}\u00a0» en double")
            seen.add(party.id)
            if party.kind != "caf" and party.authorisation is None:
                self.fail(
                    ("parties", i, "authorisation"),
                    "valeur manquante\u00a0: la délibération qui autorise la signature doit être indiquée",
                )
            # the act authorises the pending avenant's signature if there is one, else the convention's
            signed = c.amendment.signature.date if c.amendment else c.signature.date
            if party.authorisation and party.authorisation.date > signed:
                self.fail(
                    ("parties", i, "authorisation", "date"),
                    "l'acte qui autorise la signature est postérieur à la date de signature",
                )
        cafs = [p for p in c.parties if p.kind == "caf"]
        if len(cafs) != 1:
            self.fail(("parties",), "la convention doit compter exactement une Caf parmi les parties")
        main = [p for p in c.parties if p.kind == c.territory.kind]
        if not main:
            label = "une commune" if c.territory.kind == "commune" else "un EPCI"
            self.fail(
                ("parties",),
                f"le territoire est {label}\u00a0: cette partie manque (kind\u00a0: {c.territory.kind})",
            )

    def _amendment(self, c: Convention) -> None:
        if c.amendment is None:
            return
        ids = {p.id for p in c.parties}
        seen: set[str] = set()
        for i, a in enumerate(c.amendment.authorisations):
            here = ("amendment", "authorisations", i)
            if a.party not in ids:
                self.fail((*here, "party"), f"aucune partie n'a l'identifiant «\u00a0{a.party}\u00a0»")
            elif a.party in seen:
                self.fail((*here, "party"), f"autorisation de la partie «\u00a0{a.party}\u00a0» en double")
            seen.add(a.party)
            if a.date > c.amendment.signature.date:
                self.fail(
                    (*here, "date"), "l'acte qui autorise la signature de l'avenant est postérieur à sa signature"
                )

    def _plan(self, c: Convention) -> None:
        numbers: set[str] = set()
        for o, orientation in enumerate(c.action_plan.orientations):
            for g, goal in enumerate(orientation.goals):
                for j, objective in enumerate(goal.objectives):
                    for a, action in enumerate(objective.actions):
                        if action.number in numbers:
                            self.fail(
                                (
                                    "action_plan",
                                    "orientations",
                                    o,
                                    "goals",
                                    g,
                                    "objectives",
                                    j,
                                    "actions",
                                    a,
                                    "number",
                                ),
                                f"numéro d'action «\u00a0{action.number}\u00a0» en double",
                            )
                        numbers.add(action.number)
        for f, fiche in enumerate(c.action_plan.fiches):
            for k, number in enumerate(fiche.actions):
                if number not in numbers:
                    self.fail(
                        ("action_plan", "fiches", f, "actions", k),
                        f"la fiche cite l'action «\u00a0{number}\u00a0», absente du plan d'actions",
                    )

    def _pilotage(self, c: Convention) -> None:
        ids = {p.id for p in c.parties}
        for name in ("steering_committee", "technical_committee"):
            committee = getattr(c.pilotage, name)
            if committee is None:
                continue
            for m, member in enumerate(committee.members):
                if member.party not in ids:
                    self.fail(
                        ("pilotage", name, "members", m, "party"),
                        f"partie inconnue «\u00a0{member.party}\u00a0»",
                    )
            if committee.secretariat not in ids:
                self.fail(
                    ("pilotage", name, "secretariat"),
                    f"partie inconnue «\u00a0{committee.secretariat}\u00a0»",
                )

    def _annexes(self, c: Convention, library: Library) -> None:
        model = library.model(c.model)
        slots = {a.key: a for a in model.annexes}
        for key, field in ANNEX_DATA_KEYS.items():
            present = getattr(c, field) is not None or key in c.annex_texts
            if key in slots and slots[key].mandatory and not present:
                self.fail(
                    (field,),
                    f"valeur manquante\u00a0: l'annexe «\u00a0{slots[key].title}\u00a0» "
                    f"est obligatoire dans le modèle {c.model}",
                )
            if key not in slots and present:
                self.fail((field,), f"le modèle {c.model} ne prévoit pas d'annexe «\u00a0{key}\u00a0»")
        if "caf_decision" in slots:
            for i, party in enumerate(c.parties):
                if party.kind == "caf" and party.authorisation is None:
                    self.fail(
                        ("parties", i, "authorisation"),
                        f"valeur manquante\u00a0: le modèle {c.model} annexe la décision "
                        "du conseil d'administration de la Caf",
                    )
        taken = set(slots)
        for i, extra in enumerate(c.extra_annexes):
            if extra.key in taken:
                self.fail(("extra_annexes", i, "key"), f"annexe «\u00a0{extra.key}\u00a0» déjà définie")
            taken.add(extra.key)
