"""French typography and wording helpers: dates, lists, non-breaking spaces, guillemets."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

NBSP = "\u00a0"

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def date_fr(value: dt.date) -> str:
    """``date(2022, 1, 1)`` → « 1er janvier 2022 »."""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def join_fr(items: Iterable[str], conjunction: str = "et") -> str:
    """« a, b et c » (or « a, b ou c »)."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def enumerated(items: Iterable[str]) -> list[str]:
    """Items of a list in running text, punctuated as legal drafting has it: « ; » after each, « . »
    after the last (whatever punctuation the data ended them with)."""
    items = [str(i).rstrip(" ;,.\u00a0") for i in items]
    return [item + (" ;" if i < len(items) - 1 else ".") for i, item in enumerate(items)]


# Control characters (tab and line breaks aside), lone surrogates and non-characters: never text.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_INVISIBLE = re.compile("[\\s\u00ad\u200b-\u200f\u2028-\u202f\u2060-\u2064\ufeff]")


def text_problem(text: str) -> str | None:
    """Why `text` cannot be written in a document, in French, or None when it can."""
    bad = _FORBIDDEN.search(text)
    if bad:
        return (
            f"caractère interdit U+{ord(bad.group()):04X} en position {bad.start() + 1} "
            "(caractère de contrôle ou non-caractère)"
        )
    if text and not _INVISIBLE.sub("", text):
        return "texte vide une fois retirés les espaces et caractères invisibles"
    return None


def cap(text: str) -> str:
    """First letter upper-cased, the rest untouched."""
    return text[:1].upper() + text[1:]


_QUOTES = re.compile(r'"([^"\n]*)"')
_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE = re.compile(r"[ \u00a0\u202f]*»")
# A high punctuation mark preceded by a word, a closing bracket or spaces; not in 10:30 or http://
_HIGH = re.compile(r"(?<=[\w\)\]»%°])[ \u00a0\u202f]*([:;?!])(?!//)(?![0-9])|[ \u202f]+([:;?!])")

# « 23 % », « 16 500 », « n° 12 », « 3 ans »: keep number and unit together.
_HIGH_TRIGGER = re.compile(r"[:;?!]")
_DIGIT = re.compile(r"[0-9°]")
_NUMBER_SPACE = re.compile(r"(?<=\d) (?=%|€|\d{3}\b)|(?<=\bn°) (?=\w)")


_SPACED_HIGH = re.compile(r"[ \u202f]+(?=[:;?!](?:\s|$))")


def spaced(text: str) -> str:
    """Non-breaking spaces inside « » and for the spaces before : ; ? !, nothing else changed (a
    description whose examples are YAML keeps « territory: logo.png » as it is)."""
    return _SPACED_HIGH.sub(NBSP, _CLOSE.sub(NBSP + "»", _OPEN.sub("«" + NBSP, text)))


def typography(text: str) -> str:
    """Apply French typography: ’ apostrophes, « » with non-breaking spaces, NBSP before : ; ? !"""
    text = text.replace("'", "\u2019")
    # Each rule runs only when its trigger character is there: most strings need none.
    if '"' in text:
        text = _QUOTES.sub(r"« \1 »", text)
    if "«" in text:
        text = _OPEN.sub("«" + NBSP, text)
    if "»" in text:
        text = _CLOSE.sub(NBSP + "»", text)
    if _HIGH_TRIGGER.search(text):
        text = _HIGH.sub(lambda m: NBSP + (m.group(1) or m.group(2)), text)
    if _DIGIT.search(text):
        text = _NUMBER_SPACE.sub(NBSP, text)
    return text


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Latin letters with diacritics → base letters (« é » → « e », « œ » stays one char)."""
    table = {}
    for code in range(0x80, 0x250):
        char = chr(code)
        folded = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if folded != char:
            table[code] = folded
    table.update({0x2019: "'", 0x2018: "'", 0x00A0: " ", 0x202F: " ", 0x2009: " "})
    return table


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Comparison form: lower case, no accents, straight apostrophes, single spaces."""
    text = text.lower().translate(_fold_table())
    if not text.isascii():  # rare letters outside the table, « … » and other compatibility forms
        text = _NON_ASCII.sub(_drop_combining, unicodedata.normalize("NFKD", text))  # only the few non-ASCII
    return " ".join(text.split())


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _drop_combining(match: re.Match[str]) -> str:
    return "" if unicodedata.combining(match.group()) else match.group()


def of(name: str) -> str:
    """« de » + name with French contraction: « du centre », « de la commune », « de l'agglomération »."""
    lower = name[:4].lower()
    if lower.startswith("le "):
        return "du " + name[3:]
    if lower.startswith("les "):
        return "des " + name[4:]
    if lower[:1] in "aeiouyéèêh":
        return "d'" + name
    return "de " + name


def is_feminine(name: str) -> bool | None:
    """Gender from the leading article of `name` (« la » → True, « le » → False), else None."""
    lower = name.lower()
    if lower.startswith("la "):
        return True
    if lower.startswith(("le ", "les ")):
        return False
    return None
