"""The redline: the signed text against the consolidated text, as one tree of tracked changes.

Sections are aligned by clause id or annex key, blocks inside a section by their text: what
only the signed text has is a tracked deletion, what only the consolidated text has is a
tracked insertion. Accepting every change gives the consolidated text; rejecting every change
gives the signed text.
"""

from __future__ import annotations

import dataclasses
from difflib import SequenceMatcher

from docgen.model.tree import Block, Document, PartyBlock, Section, Signatory, Tracked, block_text, built_signature

INSERTED, DELETED = "inserted", "deleted"


def redline(signed: Document, consolidated: Document) -> Document:
    """A document showing `consolidated` as tracked changes made to `signed`."""
    return dataclasses.replace(
        consolidated,
        parties=tuple(_merge_items(signed.parties, consolidated.parties, _party_key)),
        visas=tuple(_merge_blocks(signed.visas, consolidated.visas)),
        preamble=_merge_optional(signed.preamble, consolidated.preamble),
        articles=tuple(_merge_sections(signed.articles, consolidated.articles)),
        signature=dataclasses.replace(
            built_signature(consolidated),
            signatories=tuple(
                _merge_items(
                    built_signature(signed).signatories, built_signature(consolidated).signatories, _signatory_key
                )
            ),
        ),
        after_signature=tuple(_merge_blocks(signed.after_signature, consolidated.after_signature)),
        annexes=tuple(_merge_sections(signed.annexes, consolidated.annexes)),
    )


def _fingerprint(block: Block) -> tuple[str, str]:
    return type(block).__name__, block_text(block)


def _merge_blocks(old: tuple[Block, ...], new: tuple[Block, ...]) -> list[Block]:
    matcher = SequenceMatcher(None, [_fingerprint(b) for b in old], [_fingerprint(b) for b in new], autojunk=False)
    out: list[Block] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(new[j1:j2])
            continue
        out.extend(Tracked(b, DELETED) for b in old[i1:i2])
        out.extend(Tracked(b, INSERTED) for b in new[j1:j2])
    return out


def _whole(section: Section, status: str) -> Section:
    return dataclasses.replace(
        section, blocks=tuple(Tracked(b, status) for b in section.blocks), tracked=status, wide=section.wide
    )


def _merge_pair(old: Section, new: Section) -> list[Section]:
    merged = dataclasses.replace(new, blocks=tuple(_merge_blocks(old.blocks, new.blocks)))
    if (old.label, old.title) == (new.label, new.title):
        return [merged]
    # renumbered or retitled: the old heading deleted, the new one inserted
    return [
        dataclasses.replace(old, blocks=(), tracked=DELETED, wide=False),
        dataclasses.replace(merged, tracked=INSERTED),
    ]


def _merge_optional(old: Section | None, new: Section | None) -> Section | None:
    if old is None or new is None:
        return new
    merged = _merge_pair(old, new)
    return merged[-1]


def _merge_sections(old: tuple[Section, ...], new: tuple[Section, ...]) -> list[Section]:
    before = {s.key: s for s in old}
    after = {s.key for s in new}
    out: list[Section] = []
    pending = [s for s in old]
    for section in new:
        if section.key in before:
            # the signed sections removed since, that stood before this one
            while pending and pending[0].key != section.key:
                gone = pending.pop(0)
                if gone.key not in after:
                    out.append(_whole(gone, DELETED))
            if pending:
                pending.pop(0)
            out.extend(_merge_pair(before[section.key], section))
        else:
            out.append(_whole(section, INSERTED))
    out.extend(_whole(gone, DELETED) for gone in pending if gone.key not in after)
    return out


def _party_key(party: PartyBlock) -> tuple:
    return party.name, party.representation, party.short_name


def _signatory_key(signatory: Signatory) -> tuple:
    return signatory.party, signatory.function, signatory.name


def _merge_items(old, new, key):
    matcher = SequenceMatcher(None, [key(o) for o in old], [key(n) for n in new], autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(new[j1:j2])
            continue
        out.extend(dataclasses.replace(o, tracked=DELETED) for o in old[i1:i2])
        out.extend(dataclasses.replace(n, tracked=INSERTED) for n in new[j1:j2])
    return out
