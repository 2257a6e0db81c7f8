"""How much of a CTG a draft holds: a whole convention, a part of one, or nothing of a CTG.

Real drafts arrive in pieces: an extract of the parties and visas, a draft sent before its
articles were written, chapters one by one. Each is checked with every rule that applies to what
it contains; the rules that judge completeness (an article or an annex missing, the numbering,
the sommaire against the body) are left out for a part, and one information says how much of the
model was recognised. Only a file with no sign of a CTG at all is refused.
"""

from __future__ import annotations

import re

from docgen.check.mapping import ArticleMap
from docgen.library.catalog import Library
from docgen.model.findings import INFO, Finding
from docgen.model.frenchtext import join_fr, normalise
from docgen.model.tree import Document

# A convention is whole when it has at least this many articles and this share of the model's
# mandatory ones; anything less is a part (the 2016 and 2020 models have 12 and 14 articles).
WHOLE_ARTICLES = 3
WHOLE_SHARE = 0.5
# Completeness rules, pointless on an extract: what is absent was simply not sent.
COMPLETENESS = ("missing-article", "missing-annex", "article-numbering", "toc-mismatch")
CTG_RE = re.compile(r"\bconvention territoriale globale\b|\bctg\b")
YEAR_RE = re.compile(r"\b(20\d\d)\b")


def looks_like_ctg(doc: Document) -> bool:
    """Any sign of a CTG: its title, a parties block, an article, or an avenant to one."""
    head = normalise(" ".join([doc.title, doc.subtitle, *(b.text for b in doc.front[:40] if hasattr(b, "text"))]))
    return bool(CTG_RE.search(head) or doc.parties or doc.articles or doc.preamble)


def is_whole(doc: Document, article_map: ArticleMap, library: Library) -> bool:
    mandatory = [c for c in article_map.model.articles if library.clauses[c].mandatory]
    found = sum(1 for c in mandatory if c in article_map.matched)
    return len(doc.articles) >= WHOLE_ARTICLES and found >= WHOLE_SHARE * len(mandatory)


def year_of(doc: Document) -> int | None:
    """The first year its cover states (« 2016 – 2019 », « Du 1er janvier 2022 au … »), else the
    latest year its front matter cites (the acts that authorise the signatories, the visas)."""
    cover = [doc.subtitle, doc.title]
    texts = [getattr(block, "text", "") for block in doc.front]
    for text in texts:
        if normalise(text).startswith("entre"):
            break
        cover.append(text)
    years = [int(y) for text in cover for y in YEAR_RE.findall(text)]
    if years:
        return years[0]
    cited = [int(y) for text in texts for y in YEAR_RE.findall(text)]
    return max(cited) if cited else None


def model_of_year(library: Library, year: int) -> str | None:
    """The national model in force in `year`: the newest whose id's year is not after it."""
    dated = sorted(
        (int(m.group(1)), model_id) for model_id in library.models if (m := re.fullmatch(r"ctg-(\d{4})", model_id))
    )
    fitting = [model_id for y, model_id in dated if y <= year]
    return fitting[-1] if fitting else (dated[0][1] if dated else None)


def part_findings(findings: list[Finding], doc: Document) -> list[Finding]:
    """The findings that hold for a part: what judges completeness is left out, and so are
    citations of annexes when the part holds none (they were not sent, not forgotten)."""
    dropped = (*COMPLETENESS, "wrong-annex-reference") if not doc.annexes else COMPLETENESS
    return [f for f in findings if f.code not in dropped]


def partial_finding(doc: Document, article_map: ArticleMap, library: Library) -> Finding:
    """The information that says how much of the model a part holds."""
    model = article_map.model
    titles = [library.clauses[c].title for c in model.articles if c in article_map.matched]
    recognised = f"{len(titles)} article{'s' if len(titles) > 1 else ''} sur {len(model.articles)}"
    named = f" ({join_fr(titles)})" if titles else ""
    annexes = f", {len(doc.annexes)} annexe{'s' if len(doc.annexes) > 1 else ''}" if doc.annexes else ""
    parts = ["le préambule"] if doc.preamble else []
    if doc.parties:
        parts.append(f"{len(doc.parties)} partie{'s' if len(doc.parties) > 1 else ''}")
    if doc.visas:
        parts.append("les visas")
    held = f"\u00a0; il contient {join_fr(parts)}" if parts else ""
    return Finding(
        "partial-document",
        INFO,
        f"Document partiel\u00a0: {recognised} du modèle {model.id} reconnus{named}{annexes}{held}. "
        "Les articles et annexes absents ne sont pas signalés.",
    )
