"""Annex contents built from territory data: equipment list, action plan, fiches, pilotage…"""

from __future__ import annotations

from collections.abc import Callable

from docgen.build.markup import Resolver, parse_blocks
from docgen.model.frenchtext import cap, date_fr, enumerated, join_fr, of, typography
from docgen.model.territory import (
    Committee,
    Convention,
    Fiche,
    Orientation,
    Party,
)
from docgen.model.tree import Block, BulletList, Cell, Heading, ListItem, Paragraph, Table, Text

Builder = Callable[[Convention, Resolver], tuple[Block, ...]]


def para(text: str, style: str = "body", bold: bool = False) -> Paragraph:
    """A plain paragraph with French typography."""
    return Paragraph((Text(typography(text), bold=bold),), style)


def bullets(items: list[str], *, running: bool = False) -> BulletList:
    """A flat bullet list with French typography; in `running` text, punctuated (« ; », « . »)."""
    return BulletList(tuple(ListItem((Text(typography(i)),)) for i in (enumerated(items) if running else items)))


def text_cell(text: str, *, bold: bool = False, shade: bool = False, span: int = 1, merge: str | None = None) -> Cell:
    """A table cell holding one paragraph."""
    return Cell((para(text, "cell", bold),), span=span, shade=shade, merge=merge)


def list_cell(items: list[str], merge: str | None = None) -> Cell:
    """A table cell holding one paragraph per item (bulleted when several)."""
    if len(items) == 1:
        return text_cell(items[0], merge=merge)
    return Cell((bullets(items),), merge=merge)


def diagnosis(c: Convention, resolve: Resolver) -> tuple[Block, ...]:
    d = c.diagnosis
    assert d is not None
    blocks: list[Block] = list(parse_blocks(d.summary, resolve))
    for section in d.sections:
        blocks.append(Heading(typography(section.title)))
        blocks.extend(parse_blocks(section.text, resolve))
    return tuple(blocks)


def equipment(c: Convention, resolve: Resolver) -> tuple[Block, ...]:
    e = c.equipment
    assert e is not None
    year = f" au titre de l'année {e.year}" if e.year else ""
    with_manager = any(s.manager for cat in e.categories for s in cat.structures)
    head = ["Structure", "Adresse"] + (["Gestionnaire"] if with_manager else [])
    rows: list[tuple[Cell, ...]] = []
    for category in e.categories:
        rows.append((text_cell(category.type, bold=True, shade=True, span=len(head)),))
        for s in category.structures:
            row = [text_cell(s.name), text_cell(s.address or "—")]
            if with_manager:
                row.append(text_cell(s.manager or cap(c.territory.name)))
            rows.append(tuple(row))
    intro = para(
        f"Équipements et services aux familles soutenus par {_main_party(c).name}{year}, "
        "dont le financement est maintenu dans le cadre de la présente convention\u00a0:"
    )
    widths = (3.0, 3.0, 2.0) if with_manager else (3.0, 3.0)
    header = (tuple(text_cell(h, bold=True, shade=True) for h in head),)
    return (intro, Table(header, tuple(rows), widths, "equipment"))


PLAN_COLUMNS = (
    "Orientation",
    "Objectif opérationnel",
    "Porteur",
    "N°",
    "Action",
    "Calendrier",
    "Indicateurs de suivi",
    "Moyens mobilisables par la Caf",
)


def action_plan(c: Convention, resolve: Resolver) -> tuple[Block, ...]:
    plan = c.action_plan
    blocks: list[Block] = []
    if plan.intro:
        blocks.extend(parse_blocks(plan.intro, resolve))
    columns = list(PLAN_COLUMNS)
    if plan.caf_means_note:
        columns[-1] = f"{columns[-1]} ({plan.caf_means_note})"
    header = (tuple(text_cell(h, bold=True, shade=True) for h in columns),)
    for index, orientation in enumerate(plan.orientations, start=1):
        blocks.append(Heading(typography(f"{plan.orientation_label} n° {index} : {orientation.title}")))
        blocks.append(Table(header, _plan_rows(orientation), (2.2, 2.2, 1.4, 0.7, 3.2, 1.1, 2.4, 2.0), "action_plan"))
    if plan.fiches:
        blocks.append(Heading("Fiches actions"))
        where = _orientation_of(c)
        for fiche in plan.fiches:
            blocks.extend(_fiche(fiche, where, plan.orientation_label, resolve))
    return tuple(blocks)


def _plan_rows(orientation: Orientation) -> tuple[tuple[Cell, ...], ...]:
    rows: list[tuple[Cell, ...]] = []
    for goal in orientation.goals:
        first_of_goal = True
        for objective in goal.objectives:
            first_of_objective = True
            for action in objective.actions:
                rows.append(
                    (
                        text_cell(goal.title, merge="restart" if first_of_goal else "continue"),
                        text_cell(objective.title, merge="restart" if first_of_objective else "continue"),
                        text_cell(action.owner),
                        text_cell(action.number, bold=True),
                        text_cell(action.title),
                        text_cell(action.schedule),
                        list_cell(action.indicators),
                        list_cell(action.caf_means) if action.caf_means else text_cell("—"),
                    )
                )
                first_of_goal = first_of_objective = False
    return tuple(rows)


def _orientation_of(c: Convention) -> dict[str, tuple[str, str]]:
    """Action number → (orientation générale, orientation) it belongs to."""
    out: dict[str, tuple[str, str]] = {}
    for orientation in c.action_plan.orientations:
        for goal in orientation.goals:
            for objective in goal.objectives:
                for action in objective.actions:
                    out[action.number] = (orientation.title, goal.title)
    return out


FICHE_ROWS: tuple[tuple[str, str], ...] = (
    ("diagnosis", "Diagnostic initial – constats"),
    ("audience", "Public visé"),
    ("objectives", "Objectifs opérationnels"),
    ("implementation", "Modalités de mise en œuvre"),
    ("schedule", "Échéances de réalisation"),
    ("responsible", "Responsable de l'action et services mobilisés"),
    ("expected_results", "Résultats attendus"),
    ("partners", "Partenaires sollicités"),
    ("indicators", "Indicateurs de suivi"),
    ("funding", "Financements"),
)


def _fiche(
    fiche: Fiche, where: dict[str, tuple[str, str]], label_of_orientation: str, resolve: Resolver
) -> list[Block]:
    label = "Action" if len(fiche.actions) == 1 else "Actions"
    orientation, goal = where[fiche.actions[0]]
    rows: list[tuple[Cell, ...]] = []
    for field, title in FICHE_ROWS:
        value = getattr(fiche, field)
        if value is None:
            continue
        if isinstance(value, list):
            content = list_cell(value)
        else:
            content = Cell(parse_blocks(value, resolve) or (para(value, "cell"),))
        rows.append((text_cell(title, bold=True, shade=True), content))
    return [
        Heading(typography(f"{label} {join_fr(fiche.actions)} – {fiche.title}"), 3),
        Paragraph((Text(f"{label_of_orientation}\u00a0: ", bold=True), Text(typography(orientation)))),
        Paragraph((Text("Orientation\u00a0: ", bold=True), Text(typography(goal)))),
        Table((), tuple(rows), (1.0, 3.0), "fiche"),
    ]


def pilotage(c: Convention, resolve: Resolver) -> tuple[Block, ...]:
    p = c.pilotage
    blocks: list[Block] = [
        Heading("Comité de pilotage"),
        *_committee(c, p.steering_committee, "comité de pilotage"),
    ]
    if p.technical_committee:
        blocks += [Heading("Comité technique"), *_committee(c, p.technical_committee, "comité technique")]
    if p.notes:
        blocks.extend(parse_blocks(p.notes, resolve))
    return tuple(blocks)


def _committee(c: Convention, committee: Committee, name: str) -> list[Block]:
    parties = {party.id: party for party in c.parties}
    items: list[ListItem] = []
    for member in committee.members:
        party = parties[member.party]
        items.append(ListItem((Text(typography(f"pour {party.short_name}\u00a0:")),)))
        items.extend(ListItem((Text(typography(m)),), 1) for m in member.members)
    items.extend(ListItem((Text(typography(o)),)) for o in committee.others)
    blocks: list[Block] = [
        para(f"Le {name} est composé des membres suivants ou de leurs représentants\u00a0:"),
        BulletList(tuple(items)),
    ]
    if committee.chair:
        blocks.append(para(f"Il est présidé par {committee.chair}."))
    blocks.append(para(f"Il se réunit {committee.frequency}."))
    if committee.missions:
        blocks += [para("Il a pour missions\u00a0:"), bullets(committee.missions, running=True)]
    secretary = parties[committee.secretariat]
    blocks.append(para(f"Son secrétariat est assuré par {secretary.short_name}."))
    return blocks


def evaluation(c: Convention, resolve: Resolver) -> tuple[Block, ...]:
    e = c.evaluation
    assert e is not None
    blocks: list[Block] = list(parse_blocks(e.text, resolve))
    if e.steps:
        steps = bullets(e.steps, running=True)
        blocks += [para("La démarche d'évaluation comporte les étapes suivantes\u00a0:"), steps]
    return tuple(blocks)


def act_title(party: Party) -> str:
    """« Délibération n° 12 du conseil municipal de la commune de X du 19 décembre 2022 »."""
    a = party.authorisation
    assert a is not None
    number = f" n° {a.number}" if a.number else ""
    return typography(f"{cap(a.act)}{number} du {a.body} {of(party.name)} du {date_fr(a.date)}")


CONVENTION_ACT = (
    "approbation de la convention territoriale globale et autorisation de signature donnée à son représentant"
)


def act_blocks(
    party: Party, purpose: str = CONVENTION_ACT, attached_to: str = "à la présente convention"
) -> list[Block]:
    """An act of `party` (its `authorisation`) as an annex lists it: title, object, the extract attached."""
    return [
        para(act_title(party), bold=True),
        para(f"Objet\u00a0: {purpose}. L'extrait certifié conforme est joint {attached_to}."),
    ]


def caf_decision(c: Convention, resolve: Resolver) -> tuple[Block, ...]:
    return tuple(b for p in c.parties if p.kind == "caf" for b in act_blocks(p))


def deliberations(c: Convention, resolve: Resolver, *, include_caf: bool = True) -> tuple[Block, ...]:
    acts = [p for p in c.parties if p.authorisation and (include_caf or p.kind != "caf")]
    return tuple(b for p in acts for b in act_blocks(p))


def data_agreements(c: Convention, resolve: Resolver) -> tuple[Block, ...]:
    agreements = c.data_agreements or []
    if not agreements:
        return (
            para(
                "Aucune convention d'échange de données n'a été conclue entre les parties avant "
                "la signature de la présente convention."
            ),
        )
    return (
        para("Conventions d'échange de données conclues antérieurement entre les parties\u00a0:"),
        bullets([f"{a.title}, signée le {date_fr(a.date)}" for a in agreements], running=True),
    )


def _main_party(c: Convention) -> Party:
    return next(p for p in c.parties if p.kind == c.territory.kind)


BUILDERS: dict[str, Builder] = {
    "diagnosis": diagnosis,
    "equipment": equipment,
    "action_plan": action_plan,
    "pilotage": pilotage,
    "evaluation": evaluation,
    "caf_decision": caf_decision,
    "deliberations": deliberations,
    "data_agreements": data_agreements,
}
