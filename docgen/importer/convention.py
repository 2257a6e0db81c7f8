"""A draft's document tree → territory data, with where each value was read and what to check.

The data are read part by part (parties, period, signature, the territorial parts of the
articles, the annexes); then the convention they build is compared with the draft, article by
article and annex by annex: a part whose rebuilt text is not the draft's is kept word for word
(`article_texts`, `annex_texts`), or as an addition when the draft only adds to the library's
text, so that the data say what the signed convention says.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.build.assemble import assemble
from docgen.check.mapping import ArticleMap, choose_model, map_annexes, map_articles
from docgen.check.rules.consistency import period_bounds, stated_period
from docgen.data.defaults import BODIES
from docgen.data.loading import validated
from docgen.data.yamlsource import KeyPath, YamlSource
from docgen.importer import annexes, articles, plan
from docgen.importer.markup import figure_path, item_text, plain, to_markup, unlabelled
from docgen.importer.parties import annexed_act, department_of, parties, signature
from docgen.importer.references import live
from docgen.library.catalog import Library, ModelSpec
from docgen.model.errors import DocgenError, DocgenErrors
from docgen.model.frenchtext import cap, normalise, of
from docgen.model.tree import Block, BulletList, Document, Heading, Paragraph, Picture, Section, Table, block_text

DEFAULT_LEAD_IN = (
    "{name} conduit, à l'échelon local, des actions destinées à répondre aux besoins identifiés sur son "
    "territoire, notamment au travers des interventions et services suivants :"
)


@dataclass
class Imported:
    """Territory data read from a draft, where each value comes from, and what a person should check."""

    data: dict[str, Any]
    sources: dict[KeyPath, str] = field(default_factory=dict)
    to_check: list[tuple[KeyPath, str]] = field(default_factory=list)
    model: str = ""
    article_map: ArticleMap | None = None  # the draft's articles matched to the model's clauses


def _where(section: Section | None) -> str:
    if section is None:
        return "page de garde et bloc des parties"
    page = f", page {section.origin.page}" if section.origin and section.origin.page else ""
    return f"{section.label.lower()} «\u00a0{section.title}\u00a0»{page}".replace("«\u00a0\u00a0»", "")


def _model(document: Document, library: Library, forced: str | None) -> ArticleMap:
    found = choose_model(document, library, forced)
    if forced or document.model_id in library.models:
        return found
    year = next((int(y) for y in re.findall(r"\b(20\d\d)\b", document.subtitle + " " + document.title)), None)
    if year:
        from docgen.check.coverage import model_of_year

        dated = model_of_year(library, year)
        if dated and dated != found.model.id and found.score < len(found.model.articles) * 0.5:
            return map_articles(document, library.model(dated), library)
    return found


def _own_title(title: str, model_title: str) -> str | None:
    """The cover's title if it is not the model's: « (CTG) » and the territory a cover adds after
    the title (« … DE SERVICES AUX FAMILLES COMMUNE DE X ») do not make another title."""
    folded = re.sub(r"\s*\(ctg\)", "", normalise(title))
    if not title or folded.startswith(normalise(model_title)):
        return None
    return plain(title)


def _territory(main: dict[str, Any], caf: dict[str, Any] | None, preamble: Section | None) -> dict[str, Any]:
    name = re.sub(r"^(?:la |le |l')?(?:commune|ville) (?:de |d'|du )", "", main["name"], flags=re.IGNORECASE)
    name = re.sub(r"^(?:la |le |l')", "", name) if main["kind"] == "epci" and name == main["name"] else name
    territory: dict[str, Any] = {"name": cap(name) if main["kind"] == "commune" else name}
    territory["kind"] = main["kind"] if main["kind"] in ("commune", "epci") else "commune"
    department = department_of(caf["name"]) if caf else None
    territory["department"] = department or ""
    if preamble is not None:
        for block in preamble.blocks:
            text = plain(block_text(block))
            found = re.search(r"\bregroupe \d+ communes\s*:\s*(.+?)\.?$", text)
            if found:
                communes = re.split(r",\s*|\s+et\s+", found.group(1))
                territory["communes"] = [c.strip() for c in communes if c.strip()]
    return territory


def _period(document: Document, duration: Section | None) -> dict[str, dt.date | None]:
    """Start and end as the duration article states them, else as the cover does."""
    found = stated_period([block_text(b) for b in duration.blocks] if duration else [])
    if found:
        return {"start": found[0], "end": found[1]}
    start, end = period_bounds(duration.text) if duration else (None, None)
    cover_start, cover_end = period_bounds(document.subtitle) if document.subtitle else (None, None)
    return {"start": start or cover_start, "end": end or cover_end}


def _acts_from_annexes(found: list[dict[str, Any]], document: Document) -> None:
    """The act a party block cites without its date, dated by the annex that attaches it
    (« Décision du conseil municipal de la commune de X en date du 19 décembre 2022 »)."""
    titles = [annex.title for annex in document.annexes]
    for party in found:
        if "date" in party.get("authorisation", {}):
            continue
        core = re.sub(r"^(?:la|le|les|l')\s*", "", normalise(party["short_name"]))
        for title in titles:
            act = annexed_act(title)
            if act and (core in normalise(title) or normalise(party["name"]) in normalise(title)):
                party["authorisation"] = {**act, **{k: v for k, v in party.get("authorisation", {}).items()}}
                party["authorisation"]["date"] = act["date"]
                break


def _provisional_dates(data: dict[str, Any], found: list[dict[str, Any]], out: Imported) -> None:
    """Dates the draft leaves blank (« le XX/XX/2022 », « à compter de la date de signature »):
    the latest act cited stands in for them, each flagged, since the data need a date."""
    acts = [p["authorisation"]["date"] for p in found if isinstance(p.get("authorisation", {}).get("date"), dt.date)]
    period, signed = data["period"], data["signature"]
    fallback = max(acts) if acts else period.get("start") or period.get("end")
    if signed["date"] is None:
        signed["date"] = fallback
        out.to_check.append((("signature", "date"), "date de signature absente ou illisible : date provisoire"))
    if period["start"] is None:
        period["start"] = signed["date"]
        out.to_check.append((("period", "start"), "date de début absente : date de signature reprise"))
    for i, party in enumerate(found):
        act = party.get("authorisation")
        if act is None and party["kind"] in BODIES and party["kind"] != "caf":
            act = party["authorisation"] = {"act": "délibération", "body": BODIES[party["kind"]]}
        if act is not None and "date" not in act:
            act["date"] = signed["date"]
            out.to_check.append(
                (
                    ("parties", i, "authorisation", "date"),
                    f"date de l'acte {of(party['name'])} absente : date provisoire",
                )
            )
    if period["end"] is None:
        out.to_check.append((("period", "end"), "date de fin de la convention introuvable : à saisir"))


def read_data(document: Document, library: Library, forced: str | None = None) -> Imported:
    """Territory data read part by part from a draft (before the comparison of `fitted`)."""
    article_map = _model(document, library, forced)
    model = article_map.model
    out = Imported({}, model=model.id, article_map=article_map)
    data = out.data
    data["model"] = model.id
    title = _own_title(document.title, model.title)
    if title:
        data["title"] = title
        out.sources[("title",)] = "page de garde"
    found_parties = parties(document.parties)
    caf = next((p for p in found_parties if p["kind"] == "caf"), None)
    main = next((p for p in found_parties if p["kind"] in ("commune", "epci")), None)
    if main is None and found_parties:
        main = next((p for p in found_parties if p is not caf), found_parties[0])
    if main is None:
        raise DocgenError("aucune partie reconnue dans le bloc « Entre : … » : la convention ne peut être importée")
    data["territory"] = _territory(main, caf, document.preamble)
    out.sources[("territory",)] = "page de garde et bloc des parties"
    if not data["territory"]["department"]:
        out.to_check.append((("territory", "department"), "département introuvable dans le nom de la Caf"))
    _acts_from_annexes(found_parties, document)
    duration = next((s for cid, s in article_map.matched.items() if cid.startswith("duree")), None)
    data["period"] = _period(document, duration)
    out.sources[("period",)] = _where(duration) if duration else "page de garde"
    signed = signature(document.signature)
    data["signature"] = signed or {
        "place": plain(document.signature.place) if document.signature and document.signature.place else TO_FILL,
        "date": None,
    }
    out.sources[("signature",)] = "bloc de signature « Fait à … »"
    _provisional_dates(data, found_parties, out)
    data["parties"] = found_parties
    for i, party in enumerate(found_parties):
        out.sources[("parties", i)] = "bloc des parties « Entre : … »"
        if not party["representatives"]:
            out.to_check.append((("parties", i, "representatives"), "représentant introuvable"))
        elif any(not r["function"] for r in party["representatives"]):
            out.to_check.append((("parties", i, "representatives"), "fonction du représentant introuvable"))
    _articles(document, article_map, out, main)
    _annexes(document, model, out)
    return out


def _articles(document: Document, article_map: ArticleMap, out: Imported, main: dict[str, Any]) -> None:
    data = out.data
    model = article_map.model
    matched = article_map.matched
    preamble = document.preamble
    read = articles.preamble(preamble, data["territory"].get("communes", [])) if preamble else None
    data["preamble"] = read or _stand_in("preamble", data)
    if read is None and preamble is not None:
        out.to_check.append((("preamble",), "parties propres au territoire non reconnues dans le préambule"))
    out.sources[("preamble",)] = _where(preamble) if preamble else "préambule absent"
    local = next((s for cid, s in matched.items() if cid.startswith("champs_collectivite")), None)
    lead_in = DEFAULT_LEAD_IN.format(name=cap(main["name"]))
    fields = articles.local_fields(local, lead_in) if local else None
    data["local_fields"] = fields or _stand_in("local_fields", data)
    if fields is None:
        out.to_check.append((("local_fields",), "liste des interventions de la collectivité non reconnue"))
    out.sources[("local_fields",)] = _where(local) if local else "article absent"
    shared = next((s for cid, s in matched.items() if cid.startswith("objectifs_partages")), None)
    objectives = articles.shared_objectives(shared) if shared else None
    data["shared_objectives"] = objectives or _stand_in("shared_objectives", data)
    if objectives is None:
        out.to_check.append((("shared_objectives",), "orientations et objectifs partagés non reconnus"))
    out.sources[("shared_objectives",)] = _where(shared) if shared else "article absent"
    for section in article_map.unmatched:
        out.to_check.append(
            (("additions",), f"{_where(section)} ne correspond à aucun article du modèle {model.id} : à reprendre")
        )


def _annexes(document: Document, model: ModelSpec, out: Imported) -> None:
    data = out.data
    found = map_annexes(document, model)
    slots = {a.key for a in model.annexes}
    readers: dict[str, Any] = {
        "diagnosis": lambda s: annexes.diagnosis(s.blocks),
        "equipment": lambda s: annexes.equipment(s.blocks, data["territory"]["name"]),
        "action_plan": lambda s: plan.action_plan(s.blocks),
        "pilotage": lambda s: annexes.pilotage(s.blocks, data["parties"]),
        "evaluation": lambda s: annexes.evaluation(s.blocks),
        "data_agreements": lambda s: annexes.data_agreements(s.blocks),
    }
    for key in ("diagnosis", "equipment", "action_plan", "pilotage", "evaluation", "data_agreements"):
        if key not in slots:
            continue
        section = found.get(key)
        value = readers[key](section) if section is not None else None
        if value is not None and section is not None:
            data[key] = value
            out.sources[(key,)] = _where(section)
            if key == "action_plan":
                _complete_actions(value, out)
                _plan_sources(value, section, out)
        elif section is not None:
            data.setdefault("annex_texts", {})[key] = to_markup(section.blocks)
            out.sources[("annex_texts", key)] = _where(section)
            out.to_check.append(
                (("annex_texts", key), f"{_where(section)} ne suit pas le modèle : contenu repris tel quel")
            )
    for name in ("action_plan", "pilotage"):
        if name not in data:
            data[name] = _stand_in(name, data)
            if name not in data.get("annex_texts", {}):
                out.to_check.append(((name,), "annexe absente du document : à compléter"))
    extra = [a for a in document.annexes if a not in found.values()]
    for section in extra:
        key = re.sub(r"[^a-z0-9]+", "_", normalise(section.title)).strip("_")[:31] or f"annexe_{section.number}"
        key = key if key[0].isalpha() else f"annexe_{key}"
        data.setdefault("extra_annexes", []).append(
            {"key": key, "title": plain(section.title), "text": to_markup(section.blocks) or "(contenu joint)"}
        )
        out.sources[("extra_annexes", len(data["extra_annexes"]) - 1)] = _where(section)


TO_FILL = "À compléter"


def _plan_sources(plan: dict[str, Any], section: Section, out: Imported) -> None:
    """Each orientation's source: the page where the draft's annex states its title."""
    texts = [(plain(block_text(b)), b) for b in section.blocks]
    for i, orientation in enumerate(plan["orientations"]):
        found = next((b for text, b in texts if orientation["title"] and orientation["title"] in text), None)
        origin = getattr(found, "origin", None) or section.origin
        page = f", page {origin.page}" if origin and origin.page else ""
        out.sources[("action_plan", "orientations", i)] = f"{section.label.lower()}, orientation n° {i + 1}{page}"


def _complete_actions(plan: dict[str, Any], out: Imported) -> None:
    """An action the draft leaves without calendar or indicators: « À compléter », flagged."""
    for i, orientation in enumerate(plan["orientations"]):
        for j, goal in enumerate(orientation["goals"]):
            for k, objective in enumerate(goal["objectives"]):
                for n, action in enumerate(objective["actions"]):
                    path = ("action_plan", "orientations", i, "goals", j, "objectives", k, "actions", n)
                    for key, what in (("title", "intitulé"), ("owner", "porteur"), ("schedule", "calendrier")):
                        if not action[key]:
                            action[key] = TO_FILL
                            out.to_check.append(
                                ((*path, key), f"action {action['number']} sans {what} dans le document")
                            )
                    if not action["indicators"]:
                        action["indicators"] = [TO_FILL]
                        out.to_check.append(
                            ((*path, "indicators"), f"action {action['number']} sans indicateur dans le document")
                        )


def _stand_in(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """The least a required part holds when the draft's own text stands in for it (or lacks it)."""
    if name == "action_plan":
        action = {"number": "1", "title": TO_FILL, "owner": TO_FILL, "schedule": TO_FILL, "indicators": [TO_FILL]}
        objective = {"title": TO_FILL, "actions": [action]}
        return {"orientations": [{"title": TO_FILL, "goals": [{"title": TO_FILL, "objectives": [objective]}]}]}
    if name == "preamble":
        return {"characteristics": TO_FILL, "existing_offer": TO_FILL, "priority_domains": [TO_FILL]}
    if name == "local_fields":
        return {"items": [TO_FILL]}
    if name == "shared_objectives":
        return {"orientations": [{"title": TO_FILL, "objectives": [TO_FILL]}]}
    party = data["parties"][0]["id"]
    committee = {"members": [{"party": party, "members": [TO_FILL]}], "frequency": TO_FILL, "secretariat": party}
    return {"steering_committee": committee}


# --- comparison with the convention the data build ----------------------------------------------


def texts(blocks: tuple[Block, ...]) -> list[str]:
    """The text lines of blocks as compared: paragraphs, list items, headings, table cells."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, BulletList):
            out.extend(item_text(i.text) for i in block.items)
        elif isinstance(block, Table):
            out.extend(_cells(block))
        elif isinstance(block, Paragraph | Heading):
            out.append(plain(block.text))
        else:
            out.append(plain(block_text(block)))
    return [t for t in (re.sub(r"\s+", " ", t).strip() for t in out) if t]


def _cells(table: Table) -> list[str]:
    """A table's cell texts, each merged cell once: a draft repeats a cell spanning columns, and
    a cell merged down the rows is repeated (Word) or left empty (PDF) in each row it spans, or
    said again « … (suite) » at the top of a page (docgen's PDF)."""
    out: list[str] = []
    above: list[str] = []
    for row in (*table.header, *table.rows):
        cells = [unlabelled(plain(c.text), above[k] if k < len(above) else "") for k, c in enumerate(row)]
        for k, text in enumerate(cells):
            if text and (k == 0 or text != cells[k - 1]) and (k >= len(above) or text != above[k]):
                out.append(text)
        above = [text or (above[k] if k < len(above) else "") for k, text in enumerate(cells)]
    return out


def build(data: dict[str, Any], library: Library, name: Path, pictures: Mapping[str, Picture] = {}) -> Document:
    """The document the data build (a French DocgenErrors if they do not validate); `pictures`:
    the figures' pictures by path, as the import will write them beside the data."""
    convention = validated(YamlSource(name, data, {}), library)  # lines are for the file as written
    return assemble(convention, library, name, pictures)


def imported_pictures(document: Document) -> dict[str, Picture]:
    """The pictures of a draft's figures, by the path an import writes each to."""
    return {figure_path(f): f.picture for f in document.figures if f.picture is not None}


def fitted(document: Document, imported: Imported, library: Library, name: Path) -> Imported:
    """`imported` with every article and annex whose rebuilt text differs from the draft kept as written."""
    data = imported.data
    model = library.model(imported.model)
    annex_map = map_annexes(document, model)
    pictures = imported_pictures(document)
    built = _buildable(data, imported, annex_map, library, name, pictures)
    article_map = imported.article_map or map_articles(document, model, library)
    source_of: dict[str, Section | None] = {model.preamble: document.preamble}
    source_of.update(article_map.matched)
    own: dict[str, str] = {}
    additions: dict[str, str] = {}
    titles: dict[str, dict[str, str]] = {"article_titles": {}, "annex_titles": {}}
    for section in (built.preamble, *built.articles):
        if section is None:
            continue
        source = source_of.get(section.key)
        if source is not None and section.number is not None and _retitled(source, section):
            titles["article_titles"][section.key] = plain(source.title)
        if source is None:
            imported.to_check.append(
                (("article_texts",), f"{section.label.lower()} « {section.title} » absent du document importé")
            )
            continue
        mine, theirs = texts(section.blocks), texts(source.blocks)
        if mine == theirs:
            continue
        if mine and theirs[: len(mine)] == mine:
            additions[section.key] = to_markup(_tail(source.blocks, len(mine)))
            imported.sources[("additions", section.key)] = _where(source)
            continue
        own[section.key] = to_markup(source.blocks)
        imported.sources[("article_texts", section.key)] = _where(source)
    annex_numbers = {s.number: key for key, s in annex_map.items() if s.number is not None}
    article_numbers = {s.number: key for key, s in article_map.matched.items() if s.number is not None}
    written = {key: live(text, key, data["period"], annex_numbers, article_numbers) for key, text in own.items()}
    if texts(built.visas) != texts(document.visas) and document.visas:
        own[model.visas] = to_markup(document.visas)
        imported.sources[("article_texts", model.visas)] = "visas"
    annex_texts = dict(data.get("annex_texts", {}))
    for section in built.annexes:
        source = annex_map.get(section.key)
        if source is None:
            continue
        if _retitled(source, section):
            titles["annex_titles"][section.key] = plain(source.title)
        if section.key in annex_texts:
            continue
        if texts(section.blocks) != texts(source.blocks) and to_markup(source.blocks).strip():
            annex_texts[section.key] = to_markup(source.blocks)
            imported.sources[("annex_texts", section.key)] = _where(source)
            imported.to_check.append(
                (
                    ("annex_texts", section.key),
                    "contenu repris tel que signé : il s'écarte de celui que donnent les données",
                )
            )
    if additions:
        data["additions"] = additions
    if own:
        data["article_texts"] = _rendering_alike(written, own, data, source_of, library, name, pictures)
        for key in own:
            imported.to_check.append(
                (("article_texts", key), "texte repris tel que signé : il s'écarte de celui de la bibliothèque")
            )
    if annex_texts:
        data["annex_texts"] = annex_texts
    for key, found in titles.items():
        if found:
            data[key] = found
            imported.sources[(key,)] = "intitulés des articles et des annexes tels que signés"
    return imported


ARTICLE_PARTS = ("preamble", "local_fields", "shared_objectives")
ANNEX_PARTS = ("diagnosis", "equipment", "action_plan", "pilotage", "evaluation", "data_agreements")


def _buildable(
    data: dict[str, Any],
    imported: Imported,
    annexes: dict[str, Section],
    library: Library,
    name: Path,
    pictures: Mapping[str, Picture],
) -> Document:
    """The document the data build; a part read from the draft that does not validate (a list item
    of a whole page, a title too long) gives way to the draft's own text."""
    for _ in range(len(ARTICLE_PARTS) + len(ANNEX_PARTS) + 1):
        try:
            return build(data, library, name, pictures)
        except DocgenErrors as errors:
            failed = {re.split(r"[.\[]", e.key or "")[0] for e in errors.errors}
            if not failed or not failed <= {*ARTICLE_PARTS, *ANNEX_PARTS}:
                raise
            for part in failed:
                if part in ANNEX_PARTS and part in annexes:
                    data.setdefault("annex_texts", {})[part] = to_markup(annexes[part].blocks)
                if part in ("action_plan", "pilotage", *ARTICLE_PARTS):
                    data[part] = _stand_in(part, data)
                else:
                    data.pop(part, None)
                imported.to_check.append(
                    ((part,), "lu dans le document mais non conforme au schéma : texte repris tel quel")
                )
    return build(data, library, name, pictures)


def _rendering_alike(
    written: dict[str, str],
    plain_texts: dict[str, str],
    data: dict[str, Any],
    source_of: dict[str, Section | None],
    library: Library,
    name: Path,
    pictures: Mapping[str, Picture],
) -> dict[str, str]:
    """The articles' texts with their references, each kept only if it renders as the draft reads."""
    trial = build({**data, "article_texts": written}, library, name, pictures)
    out = {}
    for section in (trial.preamble, *trial.articles):
        if section is not None and section.key in written:
            source = source_of.get(section.key)
            alike = source is not None and texts(section.blocks) == texts(source.blocks)
            out[section.key] = written[section.key] if alike else plain_texts[section.key]
    return out | {k: v for k, v in plain_texts.items() if k not in out}


def _retitled(source: Section, built: Section) -> bool:
    """Whether the draft titles a part otherwise than the model (case and accents aside)."""
    return bool(source.title) and normalise(source.title) != normalise(built.title)


def _tail(blocks: tuple[Block, ...], lines: int) -> tuple[Block, ...]:
    """The blocks after the first `lines` compared lines."""
    for k in range(len(blocks) + 1):
        if len(texts(blocks[:k])) >= lines:
            return blocks[k:]
    return ()
