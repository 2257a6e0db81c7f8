"""Parties and the people who sign for them, as real drafts write them.

A party block may introduce each party by a dash, a bullet or nothing, separate them by « Et »
lines or not at all, hold 2 to 40 parties (an EPCI with its communes, a SIVOM, the MSA), name
one party's two representatives (« par le Président de son Conseil d'administration, M. X, et
par sa Directrice, Mme Y »), and write people « Monsieur », « M. », « Mme », « MM. » with their
surnames in capitals. Page numbers and logo captions left in the text are never parties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.model.frenchtext import normalise
from docgen.model.tree import PartyBlock

CIVILITY = r"Monsieur|Madame|Mademoiselle|MM\.|Mmes|Mme|Mlle|M\."
_NAME_WORD = r"[A-ZÀ-Ý][\w’'\-]*"
_PARTICLE = r"(?:de|du|des|d’|d'|le|la|van|von)\s*"
PERSON_RE = re.compile(rf"(?<![\w.])({CIVILITY})\s+({_NAME_WORD}(?:(?:\s+|\s+{_PARTICLE}|-){_NAME_WORD}){{0,4}})")
_MALE = {"monsieur", "m", "mm"}
_FEMALE = {"madame", "mademoiselle", "mme", "mmes", "mlle"}

_BULLET = re.compile(r"^[\-–—•▪●◦*·]+\s*")
_AND = re.compile(r"^(?:et|and)\s*[,:]?\s*$", re.IGNORECASE)
_TRAILING_AND = re.compile(r"\s+et\s*,?$", re.IGNORECASE)
_NAMED = re.compile(r"\bci[\s\-‑]?apr[eè]s\s+(?:d[ée]nomm[ée]e?s?|appel[ée]e?s?|d[ée]sign[ée]e?s?)\b", re.IGNORECASE)
_REPRESENTED = re.compile(r",?\s*\brepr[ée]sent[ée]e?s?\b", re.IGNORECASE)
_SHORT = re.compile(r"[«\"“]\s*([^»\"”]+?)\s*[»\"”]")
_NOISE = re.compile(r"^(?:\d{1,3}|page\s+\d+(?:\s*/\s*\d+)?|\d+\s*/\s*\d+|logo\b.*|\[?image\b.*)$", re.IGNORECASE)
_STOP = re.compile(
    r"^(?:il est convenu|il a ete convenu|ceci expose|vu\b|considerant|preambule|sommaire|article\b|"
    r"table des matieres|etant prealablement)"
)
_ENTITY = re.compile(
    r"^(?:et\s+)?(?:la|le|l'|l’|les)\s*(?:caisse|caf|commune|communes|ville|communaute|departement|conseil|"
    r"metropole|syndicat|sivom|sivu|sieom|mutualite|msa|carsat|etablissement|centre|region|etat|prefet|"
    r"association|agglomeration|union|federation|office|pole|petr|pays|cias|ccas|groupement|caisse)\b"
)


@dataclass(frozen=True)
class Person:
    """A person as written (« M. Thierry GIBERT ») and in comparison form."""

    written: str
    gender: str  # "m", "f" or ""
    names: tuple[str, ...]  # lower case, no accents, hyphens as spaces

    def same_as(self, other: Person) -> bool:
        """Same surname, compatible civility, and the first names of one found in the other."""
        if not self.names or not other.names or self.names[-1] != other.names[-1]:
            return False
        if self.gender and other.gender and self.gender != other.gender:
            return False
        small, large = sorted((self.names, other.names), key=len)
        return set(small) <= set(large)


def people(text: str) -> list[Person]:
    """The people named in `text`, with a civility, in order."""
    out = []
    for match in PERSON_RE.finditer(text):
        civility = normalise(match.group(1)).rstrip(".")
        names = tuple(re.sub(r"[\-’']", " ", normalise(match.group(2))).split())
        names = tuple(n for n in names if n not in ("de", "du", "des", "d", "le", "la", "van", "von"))
        gender = "m" if civility in _MALE else "f" if civility in _FEMALE else ""
        out.append(Person(f"{match.group(1)} {match.group(2)}", gender, names))
    return out


def parse_parties(lines: list[str]) -> list[PartyBlock]:
    """Parties of the « Entre : … et … » block, from the lines of the front matter."""
    start = _start(lines)
    if start is None:
        return []
    chunks: list[list[str]] = []
    current: list[str] = []

    def close() -> None:
        nonlocal current
        if current:
            chunks.append(current)
        current = []

    for raw in lines[start:]:
        line = raw.strip()
        folded = normalise(line)
        if not line or _NOISE.match(folded):
            continue
        if _STOP.match(folded):
            break
        if _AND.match(_BULLET.sub("", line)):
            close()
            continue
        ends_with_and = bool(_TRAILING_AND.search(line)) and not _NAMED.search(line)
        line = _TRAILING_AND.sub("", line) if ends_with_and else line
        bare = _BULLET.sub("", line)
        opens = bare != line or _ENTITY.match(normalise(bare))
        if opens and current and not _NAMED.search(" ".join(current)) and _has_name(current):
            close()
        elif opens and current and _NAMED.search(" ".join(current)):
            close()
        current.append(bare)
        if _NAMED.search(bare) or ends_with_and:
            close()
    close()
    return [party for chunk in chunks if (party := _party(chunk))]


def _start(lines: list[str]) -> int | None:
    """Index of the first line after « Entre : » (or of the « Entre la Caf … » line itself)."""
    for i, line in enumerate(lines):
        if re.match(r"^entre\s*:?$", normalise(line)):
            return i + 1
    for i, line in enumerate(lines):
        folded = normalise(line)
        if folded.startswith("entre ") and not re.search(r"\bet\b", folded[:60]) or folded.startswith("entre :"):
            return i
    return None


def _has_name(chunk: list[str]) -> bool:
    return any(not normalise(line).startswith(("represente", "ci-apres", "ci apres")) for line in chunk)


def _party(chunk: list[str]) -> PartyBlock | None:
    text = " ".join(chunk)
    text = re.sub(r"^entre\s*:?\s*", "", text, flags=re.IGNORECASE).strip()
    named = _NAMED.search(text)
    short = ""
    feminine = False
    if named:
        tail = text[named.start() :]
        found = _SHORT.search(tail)
        short = found.group(1).strip() if found else ""
        feminine = bool(re.search(r"nomm[ée]e|appel[ée]e|sign[ée]e", tail[:40], re.IGNORECASE))
        text = text[: named.start()]
    text = text.strip(" ,;")
    represented = _REPRESENTED.search(text)
    if represented:
        name, representation = text[: represented.start()], text[represented.start() :].lstrip(" ,")
    else:
        name, representation = text, ""
    name = " ".join(re.sub(r"[«»\"“”]", " ", _BULLET.sub("", name)).split()).strip(" ,;:-")
    name = re.sub(r"^(?:et|entre)\s+", "", name, flags=re.IGNORECASE)
    if not name or not re.search(r"[A-Za-zÀ-ÿ]{2}", name):
        return None
    return PartyBlock(name=name, representation=representation.strip(" ,;"), short_name=short, feminine=feminine)
