"""Which national model a draft follows, and which clause or annex slot each part corresponds to."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from docgen.check.textdiff import WILD, template_words, words
from docgen.library.catalog import AnnexSpec, ClauseSpec, Library, ModelSpec
from docgen.model.frenchtext import normalise
from docgen.model.tree import Document, Section

MIN_SCORE = 0.45
_STOP = {"le", "la", "les", "l", "de", "du", "des", "d", "et", "a", "au", "aux", "en", "pour", "par", "ctg"}


def section_text(section: Section) -> str:
    """All the text of a section: paragraphs, list items, sub-headings and table cells."""
    return section.text


@cache
def title_words(title: str) -> str:
    """A title reduced to its meaningful words, for comparison."""
    return " ".join(w for w in words(title) if w not in _STOP)


def title_similarity(a: str, b: str, floor: float = 0.0) -> float:
    """0 to 1: how alike two titles are (containment counts as alike). Below `floor` the exact
    value does not matter to the caller: 0 is returned as soon as an upper bound shows it."""
    x, y = title_words(a), title_words(b)
    if not x or not y:
        return 0.0
    if x == y or (len(y) > 6 and y in x) or (len(x) > 6 and x in y):
        return 1.0
    matcher = SequenceMatcher(None, x, y, autojunk=False)
    if floor > 0 and (matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor):
        return 0.0
    return matcher.ratio()


@cache
def _clause_vocabulary(text: str) -> frozenset[str]:
    return frozenset(w for w in template_words(text) if w != WILD and len(w) > 3)


def _vocabulary(section: Section) -> frozenset[str]:
    return frozenset(w for w in words(section_text(section)) if len(w) > 3)


def _content_similarity(present: frozenset[str], clause: ClauseSpec) -> float:
    vocabulary = _clause_vocabulary(clause.text)
    if not vocabulary:
        return 0.0
    return len(vocabulary & present) / len(vocabulary)


def _score(section: Section, present: frozenset[str], clause: ClauseSpec) -> float:
    """How well `section` (whose words are `present`) fits `clause`."""
    if section.key:
        return 1.0 if section.key == clause.id else 0.0
    content = _content_similarity(present, clause)
    floor = (MIN_SCORE - 0.35 * content) / 0.65  # a title below this cannot make the pair a match
    title = max(title_similarity(section.title, t, floor) for t in (clause.title, *clause.aliases))
    return 0.65 * title + 0.35 * content


@dataclass(frozen=True)
class ArticleMap:
    """Draft articles matched to the model's clauses (and those left over on either side)."""

    model: ModelSpec
    matched: dict[str, Section]  # clause id → draft article
    unmatched: tuple[Section, ...]
    score: float


def map_articles(doc: Document, model: ModelSpec, library: Library) -> ArticleMap:
    """Match each draft article to at most one clause of `model`, best pairs first."""
    clauses = [library.clauses[cid] for cid in model.articles]
    present = [_vocabulary(s) for s in doc.articles]
    pairs = sorted(
        ((_score(s, present[i], c), i, c.id) for i, s in enumerate(doc.articles) for c in clauses),
        key=lambda p: (-p[0], p[1]),
    )
    matched: dict[str, Section] = {}
    used: set[int] = set()
    total = 0.0
    for score, index, clause_id in pairs:
        if score < MIN_SCORE or index in used or clause_id in matched:
            continue
        matched[clause_id] = doc.articles[index]
        used.add(index)
        total += score
    unmatched = tuple(s for i, s in enumerate(doc.articles) if i not in used)
    missing = sum(1 for c in clauses if c.mandatory and c.id not in matched)
    return ArticleMap(model, matched, unmatched, total - 0.5 * missing - 0.3 * len(unmatched))


def choose_model(doc: Document, library: Library, forced: str | None = None) -> ArticleMap:
    """The model given, the one recorded in a generated file, or the one the draft fits best."""
    if forced:
        return map_articles(doc, library.model(forced), library)
    if doc.model_id in library.models:
        return map_articles(doc, library.models[doc.model_id], library)
    candidates = [map_articles(doc, m, library) for m in sorted(library.models.values(), key=lambda m: m.id)]
    return max(reversed(candidates), key=lambda m: m.score)  # ties go to the newest model


def map_annexes(doc: Document, model: ModelSpec) -> dict[str, Section]:
    """Annex slot key → draft annex, by bookmark key or title."""
    out: dict[str, Section] = {}
    pairs = sorted(
        ((_annex_score(a, slot), i, slot.key) for i, a in enumerate(doc.annexes) for slot in model.annexes),
        key=lambda p: (-p[0], p[1]),
    )
    used: set[int] = set()
    for score, index, key in pairs:
        if score < 0.5 or index in used or key in out:
            continue
        out[key] = doc.annexes[index]
        used.add(index)
    return out


def _annex_score(annex: Section, slot: AnnexSpec) -> float:
    if annex.key:
        return 1.0 if annex.key == slot.key else 0.0
    title = title_similarity(annex.title, slot.title)
    folded = normalise(annex.title)
    hits = sum(1 for k in slot.keywords if k in folded)
    return max(title, 0.6 if hits else 0.0)
