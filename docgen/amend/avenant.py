"""Assembly of an avenant, and of the consolidated convention it produces."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import assert_never

from docgen.amend.annexdiff import annex_changes
from docgen.amend.changes import (
    AnnexAdded,
    AnnexRemoved,
    AnnexReplaced,
    ArticleAdded,
    ArticleModified,
    ArticleRemoved,
    Change,
    PartyAdded,
    PartyRemoved,
    RepresentativeChanged,
    summary,
)
from docgen.amend.history import SignedState
from docgen.build.annexes import act_blocks
from docgen.build.assemble import function_of, introduced, party_block, represented_by, signature_block
from docgen.build.markup import parse_blocks
from docgen.model.frenchtext import cap, date_fr, join_fr, of, typography
from docgen.model.territory import Amendment, Convention, Party
from docgen.model.tree import (
    AnnexRef,
    ArticleRef,
    Block,
    BulletList,
    Cell,
    Document,
    Heading,
    ListItem,
    Paragraph,
    Section,
    Table,
    Text,
)


@dataclass(frozen=True)
class AvenantRecord:
    """An avenant: its number, its amendment section, what it changes, and who signs it under which act.

    `signers` are the parties as they sign the avenant: each one's `authorisation` is its act for
    the avenant (from `amendment.authorisations`; a joining party's own act), never the convention's.
    """

    number: int
    amendment: Amendment
    changes: tuple[Change, ...]
    signers: tuple[Party, ...]
    annex_details: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)  # by annex key


def avenant_record(number: int, before: Convention, after: Convention, changes: list[Change]) -> AvenantRecord:
    """The record of avenant n° `number`, which turns the data `before` into `after`."""
    amendment = after.amendment
    assert amendment is not None, "an avenant's data have an amendment section"
    signed_before = {p.id for p in before.parties}
    signers = tuple(
        p.model_copy(
            update={
                "authorisation": amendment.authorisation_of(p.id)
                or (p.authorisation if p.id not in signed_before else None)
            }
        )
        for p in after.parties
    )
    details = {
        c.new.key: tuple(annex_changes(c.new.key, before, after)) for c in changes if isinstance(c, AnnexReplaced)
    }
    return AvenantRecord(number, amendment, tuple(changes), signers, details)


def _para(text: str, bold: bool = False) -> Paragraph:
    return Paragraph((Text(typography(text), bold=bold),))


def _plain(block: Block) -> Block:
    """A restated block: references become plain text (their targets are not in the avenant)."""

    def runs(inlines):
        return tuple(Text(i.text) if isinstance(i, (AnnexRef, ArticleRef)) else i for i in inlines)

    if isinstance(block, Paragraph):
        return dataclasses.replace(block, inlines=runs(block.inlines))
    if isinstance(block, BulletList):
        return BulletList(tuple(dataclasses.replace(i, inlines=runs(i.inlines)) for i in block.items))
    return block


def _quoted(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The restated text between « and », as legal drafting has it."""
    out = [_plain(b) for b in blocks]
    if out and isinstance(out[0], Paragraph):
        out[0] = dataclasses.replace(out[0], inlines=(Text("«\u00a0"), *out[0].inlines))
    if out and isinstance(out[-1], Paragraph):
        out[-1] = dataclasses.replace(out[-1], inlines=(*out[-1].inlines, Text("\u00a0»")))
    return tuple(out)


def _named(section: Section) -> str:
    if section.number is None:
        return "le préambule"
    return f"l'{section.label.lower()} «\u00a0{section.title}\u00a0»"


def _change_article(
    change: Change, effective: str, attached: int | None, details: tuple[str, ...] = ()
) -> tuple[str, tuple[Block, ...]]:
    """Title and text of the article stating one change (`attached`: its annex in the avenant;
    `details`: what changes inside a replaced annex)."""
    match change:
        case PartyAdded(party):
            p = party_block(party)
            return f"Adhésion {of(party.name)}", (
                _para(
                    f"{cap(party.name)}, {p.representation}, devient partie à la convention à compter du "
                    f"{effective}, sous la dénomination «\u00a0{p.short_name}\u00a0». "
                    f"{'Elle est ajoutée' if p.feminine else 'Il est ajouté'} aux parties désignées en tête de la "
                    "convention et à son bloc de signature."
                ),
            )
        case PartyRemoved(party):
            return f"Retrait {of(party.name)}", (
                _para(f"{cap(party.name)} cesse d'être partie à la convention à compter du {effective}."),
            )
        case RepresentativeChanged(party, previous):
            return f"Représentation {of(party.name)}", (
                _para(
                    f"À compter du {effective}, {party.name} est {represented_by(party)}, "
                    f"en lieu et place de {_people(previous)}."
                ),
            )
        case ArticleModified(new=new):
            return f"Modification de {_named(new)}", (
                _para(f"{cap(_named(new))} de la convention est ainsi rédigé\u00a0:"),
                *_quoted(new.blocks),
            )
        case ArticleAdded(new):
            return f"Ajout de {_named(new)}", (
                _para(
                    f"Il est ajouté à la convention un {new.label.lower()} «\u00a0{new.title}\u00a0» "
                    "ainsi rédigé\u00a0:"
                ),
                *_quoted(new.blocks),
            )
        case ArticleRemoved(old):
            return f"Suppression de {_named(old)}", (_para(f"{cap(_named(old))} de la convention est supprimé."),)
        case AnnexReplaced(new=new):
            said = (
                (
                    _para(f"{cap(_named(new))} est modifiée comme suit\u00a0:"),
                    BulletList(
                        tuple(
                            ListItem((Text(typography(line + (" ;" if i < len(details) - 1 else "."))),))
                            for i, line in enumerate(details)
                        )
                    ),
                )
                if details
                else ()
            )
            replaced = "En conséquence, elle" if details else cap(_named(new))
            return f"Remplacement de {_named(new)}", (
                *said,
                _para(f"{replaced} est remplacée par l'annexe {attached} du présent avenant."),
            )
        case AnnexAdded(new):
            return f"Ajout de {_named(new)}", (
                _para(
                    f"Il est ajouté à la convention une {new.label.lower()} «\u00a0{new.title}\u00a0», "
                    f"qui figure en annexe {attached} du présent avenant."
                ),
            )
        case AnnexRemoved(old):
            return f"Suppression de {_named(old)}", (_para(f"{cap(_named(old))} de la convention est supprimée."),)
    assert_never(change)


def _people(party: Party) -> str:
    return join_fr(introduced(r) for r in party.representatives)


def _authorised(signers: tuple[Party, ...]) -> list[Party]:
    return [p for p in signers if p.authorisation]


def _avenant_act(number: int) -> str:
    return (
        f"approbation de l'avenant n°\u00a0{number} à la convention territoriale globale et autorisation de "
        "signature donnée à son représentant"
    )


def assemble_avenant(
    record: AvenantRecord,
    states: list[SignedState],
    old_data: Convention,
    old: Document,
    new: Document,
    reason: str,
) -> Document:
    """The avenant: parties, visas, préambule, object, one article per change, closing, its own annexes."""
    amendment = record.amendment
    changes = record.changes
    signed = date_fr(states[0].signed)
    effective = date_fr(amendment.effective)
    earlier = states[1:]
    amended_by = (
        f", modifiée par {join_fr(f'l’avenant n° {s.number} du {date_fr(s.signed)}' for s in earlier)}"
        if earlier
        else ""
    )
    visas: list[Block] = [
        _para(
            f"Vu la convention territoriale globale de services aux familles conclue entre "
            f"{join_fr(p.name for p in old_data.parties)}, signée le {signed}\u00a0;"
        ),
        *(
            _para(f"Vu l'avenant n° {s.number} à cette convention, signé le {date_fr(s.signed)}\u00a0;")
            for s in earlier
        ),
    ]
    execution = next((s for s in old.articles if s.key.startswith("execution")), None)
    if execution:
        visas.append(
            _para(
                f"Vu l'{execution.label.lower()} «\u00a0{execution.title}\u00a0» de la convention, selon lequel "
                "toute modification fait l'objet d'un avenant\u00a0;"
            )
        )
    acts = _authorised(record.signers)
    for i, p in enumerate(acts):
        a = p.authorisation
        assert a is not None
        end = "." if i == len(acts) - 1 else "\u00a0;"
        num = f" n° {a.number}" if a.number else ""
        visas.append(
            _para(
                f"Vu la {a.act}{num} du {a.body} {of(p.name)} du {date_fr(a.date)} "
                f"autorisant la signature du présent avenant{end}"
            )
        )
    preamble = Section(
        "article",
        "preambule",
        None,
        "Préambule",
        (
            *parse_blocks(reason),
            _para("En conséquence, le présent avenant porte sur\u00a0:"),
            BulletList(tuple(ListItem((Text(typography(summary(c))),)) for c in changes)),
        ),
    )
    articles = [
        Section(
            "article",
            "objet_avenant",
            1,
            typography("Objet de l'avenant"),
            (
                _para(
                    f"Le présent avenant a pour objet de modifier la convention territoriale globale de services aux "
                    f"familles signée le {signed}{amended_by}, dans les conditions fixées par les articles suivants."
                ),
            ),
        ),
    ]
    attached = [c for c in changes if isinstance(c, (AnnexReplaced, AnnexAdded))]
    for change in changes:
        number = attached.index(change) + 1 if change in attached else None
        key = change.new.key if isinstance(change, AnnexReplaced) else ""
        title, blocks = _change_article(change, effective, number, record.annex_details.get(key, ()))
        articles.append(Section("article", f"changement_{len(articles)}", len(articles) + 1, typography(title), blocks))
    articles.append(
        Section(
            "article",
            "dispositions_finales",
            len(articles) + 1,
            typography("Dispositions inchangées et prise d'effet"),
            (
                _para(
                    "Toutes les autres stipulations de la convention"
                    + (" et de ses avenants" if earlier else "")
                    + " demeurent inchangées et continuent de produire leurs effets."
                ),
                _para(f"Le présent avenant prend effet le {effective}."),
            ),
        )
    )
    annexes = [
        dataclasses.replace(
            c.new, number=n, blocks=tuple(_plain(b) for b in c.new.blocks), origin=None, heading_text=""
        )
        for n, c in enumerate(attached, start=1)
    ]
    if acts:
        annexes.append(
            Section(
                "annex",
                "deliberations_avenant",
                len(annexes) + 1,
                "Délibérations et décisions autorisant la signature du présent avenant",
                tuple(
                    b
                    for p in acts
                    for b in act_blocks(p, _avenant_act(record.number), attached_to="au présent avenant")
                ),
            )
        )
    title = (
        f"Avenant n° {record.number} à la convention territoriale globale de services aux familles signée le {signed}"
    )
    return Document(
        title=typography(title),
        subtitle=typography(f"Prise d'effet le {effective}"),
        territory=new.territory,
        model_id=new.model_id,
        date=amendment.signature.date,
        parties=tuple(party_block(p, "le présent avenant") for p in record.signers),
        visas=tuple(visas),
        preamble=preamble,
        articles=tuple(articles),
        signature=signature_block(record.signers, amendment.signature),
        annexes=tuple(annexes),
        cover_lines=new.cover_lines,
    )


def consolidated(new: Document, original: Convention, records: list[AvenantRecord]) -> Document:
    """The convention as amended by `records`: said so on its cover, signed as it really was.

    The signature block is the convention's own (its signatories, place and date); a table of
    the avenants follows it. The deliberations annex keeps the convention's acts, then lists each
    avenant's.
    """
    last = records[-1]
    numbers = [r.number for r in records]
    if len(records) == 1:
        line = f"Version consolidée intégrant l'avenant n° {last.number} du {date_fr(last.amendment.signature.date)}"
    else:
        span = f"{numbers[0]} et {numbers[-1]}" if len(records) == 2 else f"{numbers[0]} à {numbers[-1]}"
        line = (
            f"Version consolidée intégrant les avenants n° {span}, le dernier signé le "
            f"{date_fr(last.amendment.signature.date)}"
        )
    annexes = tuple(
        dataclasses.replace(a, blocks=(*a.blocks, *_avenant_acts(records))) if a.key == "deliberations" else a
        for a in new.annexes
    )
    cover = new.cover and dataclasses.replace(new.cover, notes=(*new.cover.notes, typography(line)))
    return dataclasses.replace(
        new,
        cover=cover,
        cover_lines=(*new.cover_lines, typography(line)),
        signature=signature_block(original.parties, original.signature),
        after_signature=_avenants_table(records),
        annexes=annexes,
    )


def _avenant_acts(records: list[AvenantRecord]) -> list[Block]:
    return [
        b
        for r in records
        for p in _authorised(r.signers)
        for b in act_blocks(p, _avenant_act(r.number), attached_to=f"à l'avenant n°\u00a0{r.number}")
    ]


def _cell(*texts: str) -> Cell:
    return Cell(tuple(_para(t) for t in texts))


def _avenants_table(records: list[AvenantRecord]) -> tuple[Block, ...]:
    """« Avenants à la convention » : number, signature, signatories and object of each."""
    header = (_cell("Avenant"), _cell("Signature"), _cell("Signataires"), _cell("Objet"))
    rows = tuple(
        (
            _cell(f"n° {r.number}"),
            _cell(f"À {r.amendment.signature.place}, le {date_fr(r.amendment.signature.date)}"),
            _cell(
                *(
                    f"Pour {p.name}\u00a0: {person.civility} {person.name}, {function_of(person)}"
                    for p in r.signers
                    for person in p.representatives
                )
            ),
            _cell(cap(join_fr(summary(c) for c in r.changes)) + "."),
        )
        for r in records
    )
    return (
        Heading("Avenants à la convention"),  # a heading stays with the table that follows
        Table((header,), rows, (0.12, 0.22, 0.36, 0.30)),
    )
