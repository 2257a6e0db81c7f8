"""What changed inside a replaced annex, said the way an avenant states it before replacing it.

An avenant that replaces the 20-page action plan must say what it changes in it: the actions
added, removed or modified (number, title, and which of their fields), the equipment added or
removed, the committee members changed. Each function compares the data of the two versions
and returns French sentences, one per change, without final punctuation.
"""

from __future__ import annotations

from collections.abc import Callable

from docgen.build.assemble import party_feminine
from docgen.model.frenchtext import join_fr
from docgen.model.territory import Action, Committee, Convention, Fiche, Party, Structure

ACTION_FIELDS = {
    "title": "intitulé",
    "owner": "porteur",
    "schedule": "calendrier",
    "indicators": "indicateurs",
    "caf_means": "moyens mobilisables par la Caf",
}
FICHE_FIELDS = {
    "actions": "actions couvertes",
    "diagnosis": "diagnostic",
    "audience": "public",
    "objectives": "objectifs",
    "implementation": "modalités de mise en œuvre",
    "schedule": "échéances",
    "responsible": "responsable",
    "expected_results": "résultats attendus",
    "partners": "partenaires",
    "indicators": "indicateurs",
    "funding": "financements",
}


def _actions(c: Convention) -> dict[str, Action]:
    return {
        a.number: a
        for o in c.action_plan.orientations
        for g in o.goals
        for objective in g.objectives
        for a in objective.actions
    }


def _fields(old: object, new: object, labels: dict[str, str]) -> list[str]:
    return [label for name, label in labels.items() if getattr(old, name) != getattr(new, name)]


def action_plan(old: Convention, new: Convention) -> list[str]:
    """Actions (and fiches action) added, removed or modified."""
    before, after = _actions(old), _actions(new)
    out = [f"l'action {n} «\u00a0{a.title}\u00a0» est ajoutée" for n, a in after.items() if n not in before]
    out += [f"l'action {n} «\u00a0{a.title}\u00a0» est supprimée" for n, a in before.items() if n not in after]
    for number, action in after.items():
        if number in before and (changed := _fields(before[number], action, ACTION_FIELDS)):
            out.append(f"l'action {number} «\u00a0{action.title}\u00a0» est modifiée ({join_fr(changed)})")
    out += _fiches(old.action_plan.fiches, new.action_plan.fiches)
    if old.action_plan.intro != new.action_plan.intro:
        out.append("le texte d'introduction du plan d'actions est modifié")
    return out


def _fiches(old: list[Fiche], new: list[Fiche]) -> list[str]:
    before, after = {f.title: f for f in old}, {f.title: f for f in new}
    out = [f"la fiche action «\u00a0{t}\u00a0» est ajoutée" for t in after if t not in before]
    out += [f"la fiche action «\u00a0{t}\u00a0» est supprimée" for t in before if t not in after]
    for title, fiche in after.items():
        if title in before and (changed := _fields(before[title], fiche, FICHE_FIELDS)):
            out.append(f"la fiche action «\u00a0{title}\u00a0» est modifiée ({join_fr(changed)})")
    return out


def equipment(old: Convention, new: Convention) -> list[str]:
    """Equipment and services added to or removed from the list, or described otherwise."""

    def listed(c: Convention) -> dict[tuple[str, str], Structure]:
        if c.equipment is None:
            return {}
        return {(cat.type, s.name): s for cat in c.equipment.categories for s in cat.structures}

    before, after = listed(old), listed(new)
    out = [f"«\u00a0{name}\u00a0» ({kind}) est ajouté à la liste" for kind, name in after if (kind, name) not in before]
    out += [
        f"«\u00a0{name}\u00a0» ({kind}) est retiré de la liste" for kind, name in before if (kind, name) not in after
    ]
    out += [
        f"la description de «\u00a0{name}\u00a0» est modifiée"
        for (kind, name), s in after.items()
        if (kind, name) in before and before[(kind, name)] != s
    ]
    if old.equipment and new.equipment and old.equipment.year != new.equipment.year:
        out.append(f"la liste est mise à jour pour l'année {new.equipment.year}")
    return out


def pilotage(old: Convention, new: Convention) -> list[str]:
    """Committee members, chair, frequency or secretariat changed."""
    parties = {p.id: p for p in old.parties} | {p.id: p for p in new.parties}
    out = _committee("comité de pilotage", old.pilotage.steering_committee, new.pilotage.steering_committee, parties)
    before, after = old.pilotage.technical_committee, new.pilotage.technical_committee
    if before is None and after is not None:
        out.append("un comité technique est institué")
    elif before is not None and after is None:
        out.append("le comité technique est supprimé")
    elif before is not None and after is not None:
        out += _committee("comité technique", before, after, parties)
    if old.pilotage.notes != new.pilotage.notes:
        out.append("les précisions sur le pilotage sont modifiées")
    return out


def _committee(label: str, old: Committee, new: Committee, parties: dict[str, Party]) -> list[str]:
    def name(pid: str) -> str:
        return parties[pid].name if pid in parties else pid

    before = {m.party: m.members for m in old.members}
    after = {m.party: m.members for m in new.members}
    out = []
    for pid in [*after, *(p for p in before if p not in after)]:
        if pid not in after:
            out.append(f"{name(pid)} ne siège plus au {label}")
        elif before.get(pid) != after[pid]:
            e = "e" if pid in parties and party_feminine(parties[pid]) else ""
            out.append(f"au {label}, {name(pid)} est désormais représenté{e} par {join_fr(after[pid])}")
    if old.others != new.others:
        out.append(f"les autres membres du {label} sont désormais\u00a0: {join_fr(new.others) or 'aucun'}")
    if old.chair != new.chair:
        out.append(f"la présidence du {label} est désormais assurée par {new.chair or 'une partie à désigner'}")
    if old.frequency != new.frequency:
        out.append(f"le {label} se réunit désormais {new.frequency}")
    if old.secretariat != new.secretariat:
        out.append(f"le secrétariat du {label} est désormais assuré par {name(new.secretariat)}")
    if old.missions != new.missions:
        out.append(f"les missions du {label} sont modifiées")
    return out


DESCRIBERS: dict[str, Callable[[Convention, Convention], list[str]]] = {
    "action_plan": action_plan,
    "equipment": equipment,
    "pilotage": pilotage,
}


def annex_changes(key: str, old: Convention, new: Convention) -> list[str]:
    """The changes inside annex `key`, or an empty list when the annex has no describer."""
    describe = DESCRIBERS.get(key)
    return describe(old, new) if describe else []
