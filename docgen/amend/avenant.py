"""Assembly of an avenant, and of the consolidated convention it produces."""

from __future__ import annotations

import dataclasses
from typing import assert_never

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
from docgen.build.assemble import introduced, party_block, signature_block
from docgen.build.markup import parse_blocks
from docgen.model.frenchtext import cap, date_fr, join_fr, of, typography
from docgen.model.territory import Convention, Party
from docgen.model.tree import (
    AnnexRef,
    ArticleRef,
    Block,
    BulletList,
    Document,
    ListItem,
    Paragraph,
    Section,
    Text,
)


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


def _change_article(change: Change, effective: str) -> tuple[str, tuple[Block, ...]]:
    """Title and text of the article stating one change."""
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
                    f"À compter du {effective}, {party.name} est {party_block(party).representation}, "
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
            return f"Remplacement de {_named(new)}", (
                _para(f"{cap(_named(new))} est remplacée par l'annexe jointe au présent avenant."),
            )
        case AnnexAdded(new):
            return f"Ajout de {_named(new)}", (
                _para(
                    f"Il est ajouté à la convention une {new.label.lower()} «\u00a0{new.title}\u00a0», "
                    "jointe au présent avenant."
                ),
            )
        case AnnexRemoved(old):
            return f"Suppression de {_named(old)}", (_para(f"{cap(_named(old))} de la convention est supprimée."),)
    assert_never(change)


def _people(party: Party) -> str:
    return join_fr(introduced(r) for r in party.representatives)


def assemble_avenant(
    number: int,
    states: list[SignedState],
    old_data: Convention,
    new_data: Convention,
    old: Document,
    new: Document,
    changes: list[Change],
    reason: str,
) -> Document:
    """The avenant n° `number`: parties, visas, préambule, object, one article per change, closing."""
    amendment = new_data.amendment
    assert amendment is not None
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
    acts = [(p, p.authorisation) for p in new_data.parties if p.authorisation]
    for i, (p, a) in enumerate(acts):
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
    for change in changes:
        title, blocks = _change_article(change, effective)
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
    attached = tuple(
        dataclasses.replace(c.new, blocks=tuple(_plain(b) for b in c.new.blocks))
        for c in changes
        if isinstance(c, (AnnexReplaced, AnnexAdded))
    )
    title = f"Avenant n° {number} à la convention territoriale globale de services aux familles signée le {signed}"
    return Document(
        title=typography(title),
        subtitle=typography(f"Prise d'effet le {effective}"),
        territory=new.territory,
        model_id=new.model_id,
        date=amendment.signature.date,
        parties=tuple(party_block(p, "le présent avenant") for p in new_data.parties),
        visas=tuple(visas),
        preamble=preamble,
        articles=tuple(articles),
        signature=signature_block(new_data, amendment.signature),
        annexes=attached,
        cover_lines=new.cover_lines,
    )


def consolidated(new: Document, states: list[SignedState], number: int, amendment_signed) -> Document:
    """The convention as amended by avenants 1 to `number`, said so on its cover."""
    avenants = [
        *(f"n° {s.number} du {date_fr(s.signed)}" for s in states[1:]),
        f"n° {number} du {date_fr(amendment_signed)}",
    ]
    line = typography(
        f"Version consolidée intégrant l'avenant {avenants[0]}"
        if len(avenants) == 1
        else f"Version consolidée intégrant les avenants {join_fr(avenants)}"
    )
    return dataclasses.replace(new, cover_lines=(*new.cover_lines, line))
