"""What changed between a signed convention and the current data: the matter of an avenant.

Each kind of change is its own frozen dataclass carrying exactly what it needs (a party, the
old and/or the new section); `Change` is their union.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import assert_never

from docgen.model.frenchtext import join_fr, of
from docgen.model.territory import Convention, Party
from docgen.model.tree import Document, Section


def _what(section: Section) -> str:
    if section.number is None:
        return "du préambule"
    return f"de l'{section.label.lower()} «\u00a0{section.title}\u00a0»"


@dataclass(frozen=True)
class PartyAdded:
    """A party joins the convention."""

    party: Party


@dataclass(frozen=True)
class PartyRemoved:
    """A party leaves the convention."""

    party: Party


@dataclass(frozen=True)
class RepresentativeChanged:
    """A party now represented by someone else (or renamed): `party` as now, `previous` as signed."""

    party: Party
    previous: Party


@dataclass(frozen=True)
class ArticleModified:
    """An article (or the préambule) whose text changed: `old` as signed, `new` as now."""

    old: Section
    new: Section


@dataclass(frozen=True)
class ArticleAdded:
    """An article that only the current data have."""

    new: Section


@dataclass(frozen=True)
class ArticleRemoved:
    """An article that only the signed convention has."""

    old: Section


@dataclass(frozen=True)
class AnnexReplaced:
    """An annex whose content changed: `old` as signed, `new` (attached to the avenant) as now."""

    old: Section
    new: Section


@dataclass(frozen=True)
class AnnexAdded:
    """An annex that only the current data have (attached to the avenant)."""

    new: Section


@dataclass(frozen=True)
class AnnexRemoved:
    """An annex that only the signed convention has."""

    old: Section


Change = (
    PartyAdded
    | PartyRemoved
    | RepresentativeChanged
    | ArticleModified
    | ArticleAdded
    | ArticleRemoved
    | AnnexReplaced
    | AnnexAdded
    | AnnexRemoved
)


def summary(change: Change) -> str:
    """One line for the avenant's préambule."""
    match change:
        case PartyAdded(party):
            return f"l'adhésion {of(party.name)} à la convention"
        case PartyRemoved(party):
            return f"le retrait {of(party.name)} de la convention"
        case RepresentativeChanged(party):
            return f"le changement de représentant {of(party.name)}"
        case ArticleModified(_, new):
            return f"la modification {_what(new)}"
        case ArticleAdded(new) | AnnexAdded(new):
            return f"l'ajout {_what(new)}"
        case ArticleRemoved(old) | AnnexRemoved(old):
            return f"la suppression {_what(old)}"
        case AnnexReplaced(_, new):
            return f"le remplacement {_what(new)}"
        case _:
            assert_never(change)


def _people(party: Party) -> str:
    return join_fr(f"{r.civility} {r.name} ({r.function})" for r in party.representatives)


def party_changes(old: Convention, new: Convention) -> list[Change]:
    """Parties joining, leaving, or represented by someone else."""
    before = {p.id: p for p in old.parties}
    after = {p.id: p for p in new.parties}
    out: list[Change] = [PartyAdded(p) for pid, p in after.items() if pid not in before]
    out += [PartyRemoved(p) for pid, p in before.items() if pid not in after]
    for pid, party in after.items():
        if pid in before and (_people(party) != _people(before[pid]) or party.name != before[pid].name):
            out.append(RepresentativeChanged(party, previous=before[pid]))
    return out


def section_changes(old: Document, new: Document) -> list[Change]:
    """Articles and annexes modified, added or removed (compared by clause id or annex key)."""
    return [
        *_compared(
            (old.preamble, *old.articles),
            (new.preamble, *new.articles),
            ArticleAdded,
            ArticleModified,
            ArticleRemoved,
        ),
        *_compared(old.annexes, new.annexes, AnnexAdded, AnnexReplaced, AnnexRemoved),
    ]


def _compared(
    old_sections: tuple[Section | None, ...],
    new_sections: tuple[Section | None, ...],
    added: Callable[[Section], Change],
    modified: Callable[[Section, Section], Change],
    removed: Callable[[Section], Change],
) -> list[Change]:
    """The changes between two runs of sections, in the current order, then those removed."""
    before = {s.key: s for s in old_sections if s is not None}
    after = {s.key: s for s in new_sections if s is not None}
    out: list[Change] = []
    for key, section in after.items():
        if key not in before:
            out.append(added(section))
        elif _fingerprint(section) != _fingerprint(before[key]):
            out.append(modified(before[key], section))
    out += [removed(s) for key, s in before.items() if key not in after]
    return out


def _fingerprint(section: Section) -> tuple[str, str]:
    return section.title, section.text


def all_changes(old_data: Convention, new_data: Convention, old: Document, new: Document) -> list[Change]:
    """Every change, in the order an avenant states them: parties, then articles, then annexes."""
    return [*party_changes(old_data, new_data), *section_changes(old, new)]
