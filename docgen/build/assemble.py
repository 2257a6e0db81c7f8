"""Assembly: territory data + clause library → document tree, with every number computed once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.build import annexes
from docgen.build.cover import cover
from docgen.build.figures import with_figures
from docgen.build.markup import parse_blocks, ref_sentinel
from docgen.library.catalog import ClauseSpec, Library, ModelSpec
from docgen.library.clausetext import render_clause
from docgen.model.errors import DocgenError
from docgen.model.frenchtext import cap, date_fr, is_feminine, join_fr, typography
from docgen.model.territory import Convention, Party, Representative, Signature
from docgen.model.tree import (
    AnnexRef,
    ArticleRef,
    Block,
    Document,
    Inline,
    PartyBlock,
    Picture,
    Section,
    Signatory,
    SignatureBlock,
)

# Annexes whose tables need landscape pages.
WIDE_ANNEXES = frozenset({"action_plan"})


@dataclass(frozen=True)
class Numbering:
    """Article and annex numbers of one convention."""

    articles: dict[str, int]
    annexes: dict[str, int]
    annex_titles: dict[str, str]

    def resolve(self, kind: str, payload: str) -> Inline:
        """Turn a reference sentinel into an `AnnexRef` or `ArticleRef`."""
        if kind == "annex":
            key, _, flag = payload.partition(":")
            return AnnexRef(key, self.annexes[key], capitalized=flag == "cap")
        return ArticleRef(payload, self.articles[payload])


def numbering(c: Convention, model: ModelSpec) -> Numbering:
    """Number the model's articles, and the annexes this territory includes, in model order."""
    included = [a for a in model.annexes if _has_annex_data(c, a.key)]
    keys = [a.key for a in included] + [e.key for e in c.extra_annexes]
    titles = {a.key: c.annex_titles.get(a.key, a.title) for a in included} | {e.key: e.title for e in c.extra_annexes}
    return Numbering(
        articles={cid: i for i, cid in enumerate(model.articles, start=1)},
        annexes={key: i for i, key in enumerate(keys, start=1)},
        annex_titles=titles,
    )


def _has_annex_data(c: Convention, key: str) -> bool:
    field = {
        "diagnosis": "diagnosis",
        "equipment": "equipment",
        "evaluation": "evaluation",
        "data_agreements": "data_agreements",
    }.get(key)
    return field is None or getattr(c, field) is not None or key in c.annex_texts


def assemble(
    c: Convention, library: Library, source: Path | None = None, pictures: Mapping[str, Picture] = {}
) -> Document:
    """Build the whole document tree of a convention; `pictures`: figures' pictures by path, that
    are not (yet) files of the territory's folder (an import's)."""
    model = library.model(c.model)
    num = numbering(c, model)
    context = _context(c, num, library)

    def clause_blocks(spec: ClauseSpec) -> tuple[Block, ...]:
        text = render_clause(spec.id, c.article_texts.get(spec.id, spec.text), context, source, library.compiled)
        try:
            blocks = parse_blocks(text, num.resolve)
        except KeyError as exc:  # a reference slipped past the context checks
            raise DocgenError(f"clause «\u00a0{spec.id}\u00a0»\u00a0: référence inconnue {exc}", source) from None
        extra = c.additions.get(spec.id)
        return blocks + (parse_blocks(extra, num.resolve) if extra else ())

    preamble_spec = library.clauses[model.preamble]
    preamble = Section("article", preamble_spec.id, None, _title(c, preamble_spec), clause_blocks(preamble_spec))
    articles = tuple(
        Section("article", spec.id, num.articles[spec.id], _title(c, spec), clause_blocks(spec))
        for spec in library.model_clauses(c.model)
    )
    annex_sections = tuple(_annex(c, key, number, num, model) for key, number in num.annexes.items())
    preamble, *numbered = with_figures((preamble, *articles, *annex_sections), c, source, pictures)
    articles, annex_sections = tuple(numbered[: len(articles)]), tuple(numbered[len(articles) :])
    main = _main_party(c)
    title = c.title or model.title
    return Document(
        title=title,
        subtitle=f"Du {date_fr(c.period.start)} au {date_fr(c.period.end)}",
        territory=c.territory.name,
        model_id=model.id,
        date=c.signature.date,
        parties=tuple(party_block(p) for p in c.parties),
        visas=clause_blocks(library.clauses[model.visas]),
        preamble=preamble,
        articles=articles,
        signature=signature_block(c.parties, c.signature),
        annexes=annex_sections,
        cover_lines=(
            typography(cap(main.name)),
            typography(f"Entre {join_fr(p.name for p in c.parties)}"),
        ),
        cover=cover(c, title, main, source),
    )


def _title(c: Convention, spec: ClauseSpec) -> str:
    return typography(c.article_titles.get(spec.id, spec.title))


def _annex(c: Convention, key: str, number: int, num: Numbering, model: ModelSpec) -> Section:
    extra = next((e for e in c.extra_annexes if e.key == key), None)
    if extra is not None:
        blocks = parse_blocks(extra.text, num.resolve)
    elif key in c.annex_texts:
        blocks = parse_blocks(c.annex_texts[key], num.resolve)
    elif key == "deliberations":
        has_caf_annex = any(a.key == "caf_decision" for a in model.annexes)
        blocks = annexes.deliberations(c, num.resolve, include_caf=not has_caf_annex)
    else:
        blocks = annexes.BUILDERS[key](c, num.resolve)
    return Section("annex", key, number, typography(num.annex_titles[key]), blocks, wide=key in WIDE_ANNEXES)


def _context(c: Convention, num: Numbering, library: Library) -> dict[str, Any]:
    def annex(key: str, cap: bool = False) -> str:
        if key not in num.annexes:
            raise DocgenError(f"la clause cite l'annexe «\u00a0{key}\u00a0», que ce territoire n'inclut pas")
        return ref_sentinel("annex", f"{key}:cap" if cap else key)

    def article(clause_id: str) -> str:
        if clause_id not in num.articles:
            raise DocgenError(f"la clause cite l'article «\u00a0{clause_id}\u00a0», absent du modèle")
        return ref_sentinel("article", clause_id)

    cog = library.cog_at(c.signature.date)
    dates = ""
    if cog is not None:
        dates = f" pour la période {cog.years}" + (f", signée le {date_fr(cog.signed)}" if cog.signed else "")
    steering = c.pilotage.steering_committee
    return {
        "steering": steering,
        "secretary": next(p for p in c.parties if p.id == steering.secretariat),
        "cog": cog,
        "cog_dates": dates,
        "next_cog": library.cog_after(cog) if cog is not None and c.period.end > cog.end else None,
        "territory": c.territory,
        "caf": next(p for p in c.parties if p.kind == "caf"),
        "collectivity": _main_party(c),
        "parties": c.parties,
        "period": c.period,
        "preamble": c.preamble,
        "local_fields": c.local_fields,
        "shared_objectives": c.shared_objectives,
        "data_agreements": c.data_agreements,
        "annex": annex,
        "has_annex": lambda key: key in num.annexes,
        "article": article,
    }


def _main_party(c: Convention) -> Party:
    return next(p for p in c.parties if p.kind == c.territory.kind)


def party_feminine(p: Party) -> bool:
    """Grammatical gender of a party's name (explicit, else from its article, else feminine)."""
    if p.feminine is not None:
        return p.feminine
    for name in (p.name, p.short_name):
        guess = is_feminine(name)
        if guess is not None:
            return guess
    return True


def function_of(r: Representative) -> str:
    """The function in lower case, as after « son », « sa » or « le » (« Directrice » → « directrice »);
    an acronym (« DGS ») keeps its capitals."""
    f = r.function
    return f[:1].lower() + f[1:] if f[:1].isupper() and not f[1:2].isupper() else f


def introduced(r: Representative) -> str:
    """« sa directrice, Madame X », « son adjointe, Madame Y », « son maire, Monsieur Z »."""
    function = function_of(r)
    possessive = "sa" if r.civility == "Madame" and function[:1].lower() not in "aeiouyéh" else "son"
    return f"{possessive} {function}, {r.civility} {r.name}"


def represented_by(p: Party) -> str:
    """« représentée par son directeur, M. X » ; « par A, M. X, et par B, M. Y » for several."""
    people = [introduced(r) for r in p.representatives]
    represented = "représentée" if party_feminine(p) else "représenté"
    by = people[0] if len(people) == 1 else ", par ".join(people[:-1]) + ", et par " + people[-1]
    return f"{represented} par {by}"


def party_block(p: Party, act: str = "la présente convention") -> PartyBlock:
    """How a party is introduced: name, representation and authorisation to sign `act`, short name."""
    plural = len(p.representatives) > 1
    all_female = all(r.civility == "Madame" for r in p.representatives)
    authorised = "autorisé" + ("e" if all_female else "") + ("s" if plural else "")
    text = f"{represented_by(p)}, dûment {authorised} à signer {act}"
    if p.authorisation:
        a = p.authorisation
        number = f" n° {a.number}" if a.number else ""
        text += f" par {a.act}{number} du {a.body} du {date_fr(a.date)}"
    return PartyBlock(
        name=typography(cap(p.name)),
        representation=typography(text),
        short_name=typography(p.short_name),
        feminine=party_feminine(p),
    )


def signature_block(parties: Sequence[Party], signature: Signature) -> SignatureBlock:
    """« Fait à …, le … » and one column per representative of each party."""
    signatories = []
    for p in parties:
        for r in p.representatives:
            article = "La" if r.civility == "Madame" else "Le"
            signatories.append(
                Signatory(
                    party=typography(f"Pour {p.name}"),
                    function=typography(f"{article} {function_of(r)}"),
                    name=typography(f"{r.civility} {r.name}"),
                )
            )
    return SignatureBlock(signature.place, signature.date, len(parties), tuple(signatories))
