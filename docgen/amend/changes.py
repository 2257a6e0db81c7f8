"""What changed between a signed convention and the current data: the matter of an avenant."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.model.frenchtext import join_fr
from docgen.model.territory import Convention, Party
from docgen.model.tree import Document, Section


@dataclass(frozen=True)
class Change:
    """One change, as an avenant states it.

    kind: "party-added", "party-removed", "representative", "article-modified",
    "article-added", "article-removed", "annex-replaced", "annex-added", "annex-removed".
    """

    kind: str
    old: Section | None = None
    new: Section | None = None
    party: Party | None = None
    previous_party: Party | None = None

    @property
    def summary(self) -> str:
        """One line for the avenant's préambule."""
        if self.kind == "party-added":
            return f"l'adhésion de {self.party.name} à la convention"
        if self.kind == "party-removed":
            return f"le retrait de {self.party.name} de la convention"
        if self.kind == "representative":
            return f"le changement de représentant de {self.party.name}"
        section = self.new or self.old
        what = f"de l'{section.label.lower()} «\u00a0{section.title}\u00a0»"
        if section.number is None:
            what = "du préambule"
        return {
            "article-modified": f"la modification {what}",
            "article-added": f"l'ajout {what}",
            "article-removed": f"la suppression {what}",
            "annex-replaced": f"le remplacement {what}",
            "annex-added": f"l'ajout {what}",
            "annex-removed": f"la suppression {what}",
        }[self.kind]


def _people(party: Party) -> str:
    return join_fr(f"{r.civility} {r.name} ({r.function})" for r in party.representatives)


def party_changes(old: Convention, new: Convention) -> list[Change]:
    """Parties joining, leaving, or represented by someone else."""
    before = {p.id: p for p in old.parties}
    after = {p.id: p for p in new.parties}
    out = [Change("party-added", party=p) for pid, p in after.items() if pid not in before]
    out += [Change("party-removed", party=p) for pid, p in before.items() if pid not in after]
    for pid, party in after.items():
        if pid in before and (_people(party) != _people(before[pid]) or party.name != before[pid].name):
            out.append(Change("representative", party=party, previous_party=before[pid]))
    return out


def section_changes(old: Document, new: Document) -> list[Change]:
    """Articles and annexes modified, added or removed (compared by clause id or annex key)."""
    out: list[Change] = []
    for kind, old_sections, new_sections in (
        ("article", (old.preamble, *old.articles), (new.preamble, *new.articles)),
        ("annex", old.annexes, new.annexes),
    ):
        before = {s.key: s for s in old_sections if s is not None}
        after = {s.key: s for s in new_sections if s is not None}
        modified = "article-modified" if kind == "article" else "annex-replaced"
        for key, section in after.items():
            if key not in before:
                out.append(Change(f"{kind}-added", new=section))
            elif _fingerprint(section) != _fingerprint(before[key]):
                out.append(Change(modified, old=before[key], new=section))
        out += [Change(f"{kind}-removed", old=s) for key, s in before.items() if key not in after]
    return out


def _fingerprint(section: Section) -> tuple[str, str]:
    return section.title, section.text


def all_changes(old_data: Convention, new_data: Convention, old: Document, new: Document) -> list[Change]:
    """Every change, in the order an avenant states them: parties, then articles, then annexes."""
    return [*party_changes(old_data, new_data), *section_changes(old, new)]
