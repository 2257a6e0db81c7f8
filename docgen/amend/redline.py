"""The redline: the signed text against the consolidated text, as one tree of tracked changes.

Sections are aligned by clause id or annex key, blocks inside a section by their text. A block
that changed is marked as Word's Compare marks it: inside a paragraph, list item or party block,
the words struck and the words inserted (`worddiff`); in a table, rows added or removed whole
and changed rows cell by cell; a block rewritten beyond recognition is deleted and inserted
whole. Accepting every change gives the consolidated text; rejecting every change gives the
signed text.
"""

from __future__ import annotations

import dataclasses
from difflib import SequenceMatcher

from docgen.amend.worddiff import DELETED, INSERTED, SIMILAR_ENOUGH, diff_inlines
from docgen.model.tree import (
    Block,
    BulletList,
    Cell,
    Document,
    ListItem,
    Paragraph,
    PartyBlock,
    Section,
    Signatory,
    Table,
    Text,
    Tracked,
    block_text,
    built_signature,
)


def redline(signed: Document, consolidated: Document) -> Document:
    """A document showing `consolidated` as tracked changes made to `signed`."""
    return dataclasses.replace(
        consolidated,
        parties=tuple(_merge_parties(signed.parties, consolidated.parties)),
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
        else:
            out.extend(_changed(old[i1:i2], new[j1:j2]))
    return out


def _changed(old: tuple[Block, ...], new: tuple[Block, ...]) -> list[Block]:
    """Blocks that differ: each old block paired, in order, with the first new one close enough to it
    (then marked word by word); the others deleted or inserted whole."""
    out: list[Block] = []
    start = 0
    for block in old:
        match = next(
            ((j, merged) for j in range(start, len(new)) if (merged := _merge_pair_block(block, new[j])) is not None),
            None,
        )
        if match is None:
            out.append(Tracked(block, DELETED))
            continue
        j, merged = match
        out.extend(Tracked(b, INSERTED) for b in new[start:j])
        out.extend(merged)
        start = j + 1
    out.extend(Tracked(b, INSERTED) for b in new[start:])
    return out


def _merge_pair_block(old: Block, new: Block) -> list[Block] | None:
    """`new` marked with its differences from `old`, or None if they are not two versions of one block."""
    if isinstance(old, Paragraph) and isinstance(new, Paragraph):
        inlines = diff_inlines(old.inlines, new.inlines)
        return None if inlines is None else [dataclasses.replace(new, inlines=inlines)]
    if isinstance(old, BulletList) and isinstance(new, BulletList):
        if _ratio(block_text(old), block_text(new)) < SIMILAR_ENOUGH:
            return None
        return _merge_lists(old.items, new.items)
    if isinstance(old, Table) and isinstance(new, Table) and _same_shape(old, new):
        return [_merge_table(old, new)]
    return None


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def _merge_lists(old: tuple[ListItem, ...], new: tuple[ListItem, ...]) -> list[Block]:
    """A list item by item: items changed word by word, items added or removed as whole tracked lists."""
    out: list[Block] = []
    plain: list[ListItem] = []

    def flush() -> None:
        if plain:
            out.append(BulletList(tuple(plain)))
            plain.clear()

    def whole(item: ListItem, status: str) -> None:
        flush()
        out.append(Tracked(BulletList((item,)), status))

    matcher = SequenceMatcher(None, [i.text for i in old], [i.text for i in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            plain.extend(new[j1:j2])
            continue
        start = j1
        for item in old[i1:i2]:
            match = next(
                (
                    (j, inlines)
                    for j in range(start, j2)
                    if (inlines := diff_inlines(item.inlines, new[j].inlines)) is not None
                ),
                None,
            )
            if match is None:
                whole(item, DELETED)
                continue
            j, inlines = match
            for added in new[start:j]:
                whole(added, INSERTED)
            plain.append(dataclasses.replace(new[j], inlines=inlines))
            start = j + 1
        for added in new[start:j2]:
            whole(added, INSERTED)
    flush()
    return out


def _same_shape(old: Table, new: Table) -> bool:
    def texts(rows):
        return [[c.text for c in row] for row in rows]

    return len(old.widths) == len(new.widths) and texts(old.header) == texts(new.header)


def _row_text(row: tuple[Cell, ...]) -> str:
    return "\t".join(c.text for c in row)


def _merge_table(old: Table, new: Table) -> Table:
    """A table row by row: rows added or removed marked whole, rows changed marked cell by cell."""
    rows: list[tuple[Cell, ...]] = []
    status: list[str | None] = []
    matcher = SequenceMatcher(None, [_row_text(r) for r in old.rows], [_row_text(r) for r in new.rows], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(new.rows[j1:j2])
            status.extend([None] * (j2 - j1))
            continue
        start = j1
        for row in old.rows[i1:i2]:
            j = next(
                (
                    j
                    for j in range(start, j2)
                    if len(new.rows[j]) == len(row) and _ratio(_row_text(row), _row_text(new.rows[j])) >= SIMILAR_ENOUGH
                ),
                None,
            )
            if j is None:
                rows.append(row)
                status.append(DELETED)
                continue
            rows.extend(new.rows[start:j])
            status.extend([INSERTED] * (j - start))
            rows.append(
                tuple(
                    dataclasses.replace(n, blocks=tuple(_merge_blocks(o.blocks, n.blocks)))
                    for o, n in zip(row, new.rows[j], strict=True)
                )
            )
            status.append(None)
            start = j + 1
        rows.extend(new.rows[start:j2])
        status.extend([INSERTED] * (j2 - start))
    return dataclasses.replace(new, rows=tuple(rows), row_status=tuple(status))


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


def _merge_parties(old: tuple[PartyBlock, ...], new: tuple[PartyBlock, ...]) -> list[PartyBlock]:
    """Parties aligned by name: one represented otherwise has its representation marked word by word."""
    out: list[PartyBlock] = []
    matcher = SequenceMatcher(None, [(p.name, p.short_name) for p in old], [(p.name, p.short_name) for p in new])
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            out.extend(dataclasses.replace(p, tracked=DELETED) for p in old[i1:i2])
            out.extend(dataclasses.replace(p, tracked=INSERTED) for p in new[j1:j2])
            continue
        for before, now in zip(old[i1:i2], new[j1:j2], strict=True):
            if before.representation == now.representation:
                out.append(now)
                continue
            marked = diff_inlines((Text(before.representation),), (Text(now.representation),))
            if marked is None:
                out += [dataclasses.replace(before, tracked=DELETED), dataclasses.replace(now, tracked=INSERTED)]
            else:
                out.append(dataclasses.replace(now, marked=marked))
    return out


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
