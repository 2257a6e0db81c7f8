"""Word drafts: tracked changes neither accepted nor rejected, and comments left in the text.

The other rules read the text as if every pending change were accepted (the Word reader does
so), so a pending deletion of a mandatory sentence is also reported as a missing element.
"""

from __future__ import annotations

import datetime as dt
import re

from docgen.check.rules.context import CheckContext, Locator
from docgen.model.findings import INFO, WARNING, Finding
from docgen.model.frenchtext import date_fr

# Beyond this many, the remaining changes (or comments) are counted in one last finding.
SHOWN = 200
SHOWN_WORDS = 40
KINDS = {"insertion": "insertion", "deletion": "suppression"}
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def run(ctx: CheckContext) -> list[Finding]:
    """A warning per pending change and an information per comment (nothing for a PDF)."""
    raw = ctx.raw
    if raw is None:
        return []
    locate = Locator(ctx.doc)
    out = [
        Finding("pending-change", WARNING, _change(r.kind, r.author, r.day, r.text, r.mark), locate(r.block))
        for r in raw.revisions[:SHOWN]
    ]
    if len(raw.revisions) > SHOWN:
        more = _more(
            len(raw.revisions) - SHOWN, "une autre modification non acceptée", "autres modifications non acceptées"
        )
        out.append(Finding("pending-change", WARNING, more))
    out.extend(
        Finding("comment", INFO, _comment(c.author, c.day, c.text), locate(c.block)) for c in raw.comments[:SHOWN]
    )
    if len(raw.comments) > SHOWN:
        out.append(
            Finding("comment", INFO, _more(len(raw.comments) - SHOWN, "un autre commentaire", "autres commentaires"))
        )
    if raw.comments_unreadable:
        out.append(
            Finding(
                "comment",
                INFO,
                "Les commentaires du document n'ont pas pu être lus (partie word/comments.xml endommagée).",
            )
        )
    return out


def _more(count: int, one: str, many: str) -> str:
    """« Et une autre modification… » / « Et 1 234 autres modifications… »."""
    return f"Et {one}." if count == 1 else f"Et {count:_} {many}.".replace("_", "\u00a0")


def _change(kind: str, author: str, day: dt.date | None, text: str, mark: bool = False) -> str:
    label = KINDS.get(kind, kind)
    who = f" de {_short(author, 8)}" if author else ""
    when = f", le {date_fr(day)}" if day else ""
    if not text.strip():
        what = "d'une marque de paragraphe" if mark else "d'une image ou d'un autre élément sans texte"
        return f"Modification non acceptée ({label} {what}){who}{when}."
    return f"Modification non acceptée ({label}){who}{when}\u00a0: {_quoted(text)}"


def _comment(author: str, day: dt.date | None, text: str) -> str:
    who = f" de {_short(author, 8)}" if author else ""
    when = f" ({date_fr(day)})" if day else ""
    if not text.strip():
        return f"Commentaire{who}{when}, sans texte."
    return f"Commentaire{who}{when}\u00a0: {_quoted(text)}"


def _quoted(text: str) -> str:
    """« text », shortened, ending the sentence (no second full stop after a quoted one)."""
    short = _short(text)
    ended = short == " ".join(_words(text)) and short.endswith((".", "!", "?", "…"))
    return f"«\u00a0{short}\u00a0»" + ("" if ended else ".")


def _words(text: str) -> list[str]:
    """Words split on ordinary white space (non-breaking spaces stay inside the words)."""
    return [w for w in _SPACES.split(text) if w]


def _short(text: str, limit: int = SHOWN_WORDS) -> str:
    parts = _words(text)
    return " ".join(parts[:limit]) + (" …" if len(parts) > limit else "")
