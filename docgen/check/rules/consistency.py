"""Whole-document consistency: placeholders, dates, parties and the territory's name."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from difflib import SequenceMatcher

from docgen.check.mapping import section_text
from docgen.check.parties import people
from docgen.check.rules.context import CheckContext, Locator, excerpt, texts_with_origin, where
from docgen.model.findings import ERROR, WARNING, Finding, Location
from docgen.model.frenchtext import MONTHS, normalise, of
from docgen.model.tree import Document, Origin, Paragraph, Section

PLACEHOLDERS = (  # matched on the comparison form (lower case, no accents, single spaces)
    (
        re.compile(r"\bxx/xx/\d{2,4}\b|\bxx/\d{2}/\d{2,4}\b|(?:^|\s)(?:_+|\.+)?\s*/\s*(?:_+|\.+)?\s*/"),
        "date non renseignée",
    ),
    (re.compile(r"(?<![\w/])x{2,}(?![\w/])"), "valeur «\u00a0XX\u00a0» à remplacer"),
    (
        re.compile(r"\b(?:du|le|la|les|de|des|n°|comporte|signee le|en date du)\s*(?:\.{3}|…)"),
        "valeur laissée en «\u00a0…\u00a0»",
    ),
    (re.compile(r"^\s*(?:\.{3}|…)\s*$"), "valeur laissée en «\u00a0…\u00a0»"),
    (re.compile(r"\ben date du\s*(?:[.,;)]|$)"), "«\u00a0en date du\u00a0» sans date"),
    (
        re.compile(r"\bde en date du\b|\b(?:de|du) (?:la |le )?(?=en date)"),
        "nom manquant avant «\u00a0en date du\u00a0»",
    ),
    (
        re.compile(r"\b(?:de|du|des|par|pour|a|au|aux|commune de|ville de|n°)\s+[,;)]|(?:^|\s)l'\s*[,;]"),
        "nom laissé en blanc avant la ponctuation",
    ),
    (re.compile(r"(?<![\w.])(?:m\.|mme|monsieur|madame)\s*[,;:)]"), "nom laissé en blanc après la civilité"),
    (
        re.compile(r"\b(?:monsieur\s*/\s*madame|madame\s*/\s*monsieur|m\.\s*/\s*mme|mme\s*/\s*m\.)"),
        "civilité «\u00a0Monsieur/Madame\u00a0» à choisir",
    ),
    (re.compile(r"\b((?:\w+ ){1,2}\w+) \1\b(?! \1)"), "mots répétés par une fusion de modèle"),
    (re.compile(r"\b(de|du|des|la|le|les|et) \1\b"), "mot répété par une fusion de modèle"),
    (re.compile(r"\[[^\]]{0,40}\]|<[^>]{0,40}>|\{\{|\}\}"), "champ à compléter entre crochets"),
    (re.compile(r"«[\w.\-]{1,40}»|\bmergefield\b"), "champ de fusion non rempli"),
    (re.compile(r"\ba completer\b"), "mention «\u00a0à compléter\u00a0»"),
    (re.compile(r"_{4,}"), "ligne à remplir"),
    (re.compile(r"\bfait a [^,\n]+,?\s+le\s*(?:[.,]|$)"), "date de signature manquante"),
)


_MONTHS = {normalise(m): i for i, m in enumerate(MONTHS, start=1)}
DATE_RE = re.compile(
    r"\b(1er|\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})\b|\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b"
)


def run(ctx: CheckContext) -> list[Finding]:
    return [*_placeholders(ctx), *_highlights(ctx), *_dates(ctx), *_parties(ctx), *_territory(ctx), *_cog(ctx)]


def _highlights(ctx: CheckContext) -> list[Finding]:
    """Text highlighted in a Word draft: how people mark what is still to fill in or to check."""
    if ctx.raw is None:
        return []
    locate = Locator(ctx.doc)
    out = []
    for block in ctx.raw.blocks:
        for piece in block.highlighted:
            location = dataclasses.replace(locate(block.index), excerpt=excerpt(block.text))
            out.append(
                Finding(
                    "placeholder",
                    ERROR,
                    f"Texte à compléter\u00a0: passage surligné «\u00a0{excerpt(piece)}\u00a0» (à remplir ou à "
                    "vérifier, puis à rendre au texte ordinaire).",
                    location,
                )
            )
    return out


COG_RE = re.compile(
    r"(?:convention d'objectifs et de gestion|\bcog\b)[^.;]{0,120}?\b((?:19|20)\d\d)\s*(?:-|–|a|au)\s*((?:19|20)\d\d)\b"
)


def _cog(ctx: CheckContext) -> list[Finding]:
    """A Cog cited that had ended when the document was signed (`outdated-reference`)."""
    doc = ctx.doc
    signature = doc.signature
    signed = (signature.date or parse_date(signature.text)) if signature else None
    signed = signed or doc.date
    if signed is None:
        return []
    current = ctx.library.cog_at(signed)
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for section, text, origin in _places(ctx):
        for match in COG_RE.finditer(normalise(text)):
            years = (match.group(1), match.group(2))
            if years in seen or dt.date(int(years[1]), 12, 31) >= signed:
                continue
            seen.add(years)
            instead = f"\u00a0: celle en vigueur est la Cog {current.years}" if current else ""
            out.append(
                Finding(
                    "outdated-reference",
                    WARNING,
                    f"Le document cite la convention d'objectifs et de gestion {years[0]}-{years[1]}, qui n'était plus "
                    f"en vigueur à sa signature ({signed:%d/%m/%Y}){instead}.",
                    _location(section, origin, text, doc),
                )
            )
    return out


def _places(ctx: CheckContext):
    """(section or None, text, origin) for every piece of text, sommaire included."""
    doc = ctx.doc
    for text, origin in texts_with_origin(doc.front):
        yield None, text, origin
    for entry in doc.sommaire:
        yield "Sommaire", f"{entry.label} : {entry.title}", entry.origin
    for section in doc.sections:
        yield section, section.heading_text, section.origin
        for text, origin in texts_with_origin(section.blocks):
            yield section, text, origin
    if doc.signature:
        yield "Signature", doc.signature.text, doc.signature.origin


def _location(section, origin, text, doc: Document) -> Location:
    if isinstance(section, Section) or section is None:
        return where(section, origin, text, doc.front)
    return Location(section, origin.index if origin else None, origin.page if origin else None, excerpt(text))


# What every placeholder but doubled words contains: most texts have none of it, and trying the
# patterns one by one on every text took a third of a check's time. (Not a space before « ; »
# alone, which French typography puts in every enumeration, nor a « « » alone.)
_HINT = re.compile(
    r"[…/_\[<{}]|xx|\b(?:de|du|des|par|pour|a|au|aux|n°)\s+[,;)]|«[\w.\-]{1,40}»|\.\.\.|en date du|fait a"
    r"|completer|mergefield|^\s*\Z|l'\s*[,;]|(?:m\.|mme|monsieur|madame)\s*[,;:)]"
)
_DOUBLED = [p for p, _ in PLACEHOLDERS if "\\1" in p.pattern]


def _placeholders(ctx: CheckContext) -> list[Finding]:
    out = []
    seen: set[tuple] = set()
    for section, text, origin in _places(ctx):
        folded = normalise(text)
        if not _HINT.search(folded) and not any(p.search(folded) for p in _DOUBLED):
            continue
        for pattern, what in PLACEHOLDERS:
            match = pattern.search(folded)
            if not match:
                continue
            key = (origin.index if origin else None, what, text[:60])
            if key in seen:
                continue
            seen.add(key)
            out.append(
                Finding(
                    "placeholder", ERROR, f"Texte à compléter\u00a0: {what}.", _location(section, origin, text, ctx.doc)
                )
            )
            break
    return out


PERIOD_RE = re.compile(r"\bdu\s+((?:1er|\d{1,2})\s+\w+\s+\d{4})\s+au\s+((?:1er|\d{1,2})\s+\w+\s+\d{4})")


def stated_period(texts: Iterable[str]) -> tuple[dt.date, dt.date] | None:
    """The period « du … au … » of the first text that states the convention's duration."""
    for text in texts:
        folded = normalise(text)
        match = PERIOD_RE.search(folded) if "convention est conclue" in folded or "periode" in folded else None
        if match:
            start, end = parse_date(match.group(1)), parse_date(match.group(2))
            return (start, end) if start and end else None
    return None


def parse_date(text: str) -> dt.date | None:
    """The first date written in `text` (« 1er janvier 2022 », « 01/01/2022 »)."""
    for match in DATE_RE.finditer(normalise(text)):
        try:
            if match.group(1):
                day = 1 if match.group(1) == "1er" else int(match.group(1))
                return dt.date(int(match.group(3)), _MONTHS[match.group(2)], day)
            return dt.date(int(match.group(6)), int(match.group(5)), int(match.group(4)))
        except ValueError:
            continue
    return None


def period_bounds(text: str) -> tuple[dt.date | None, dt.date | None]:
    """Start and end a text gives (« du … au … », « à compter du … jusqu'au … »), each None if absent."""
    folded = normalise(text)
    start = re.search(
        r"(?:\bdu|compter du|partir du)\s+((?:1er|\d{1,2})[^,;]{3,20}\d{4}|\d{1,2}/\d{1,2}/\d{4})", folded
    )
    end = re.search(r"(?:\bau|jusqu'au|jusqu au)\s+((?:1er|\d{1,2})[^,;]{3,20}\d{4}|\d{1,2}/\d{1,2}/\d{4})", folded)
    return (parse_date(start.group(1)) if start else None, parse_date(end.group(1)) if end else None)


def _dates(ctx: CheckContext) -> list[Finding]:
    out = []
    doc = ctx.doc
    duration = next((s for cid, s in ctx.articles.matched.items() if cid.startswith("duree")), None)
    start, end = period_bounds(section_text(duration)) if duration else (None, None)
    cover_start, cover_end = period_bounds(doc.subtitle) if doc.subtitle else (None, None)
    if start and end and end <= start:
        out.append(
            Finding(
                "date-inconsistency",
                ERROR,
                "La date de fin de la convention précède sa date de début.",
                where(duration),
            )
        )
    for label, ours, cover in (("début", start, cover_start), ("fin", end, cover_end)):
        if duration is not None and ours and cover and ours != cover:
            out.append(
                Finding(
                    "date-inconsistency",
                    ERROR,
                    f"La date de {label} de la page de titre ({cover:%d/%m/%Y}) diffère de celle de l'article "
                    f"«\u00a0{duration.title}\u00a0» ({ours:%d/%m/%Y}).",
                    where(duration, text=doc.subtitle),
                )
            )
    start, end = start or cover_start, end or cover_end
    signature = doc.signature
    if not signature:
        return out
    signed = parse_date(signature.text)
    if signed and end and signed > end:
        out.append(
            Finding(
                "date-inconsistency",
                ERROR,
                f"La date de signature ({signed:%d/%m/%Y}) est postérieure à la fin de la convention ({end:%d/%m/%Y}).",
                _location("Signature", signature.origin, signature.text, doc),
            )
        )
    if signed and start and signed < start - dt.timedelta(days=366):
        out.append(
            Finding(
                "date-inconsistency",
                ERROR,
                f"La date de signature ({signed:%d/%m/%Y}) précède de plus "
                f"d'un an le début de la convention ({start:%d/%m/%Y}).",
                _location("Signature", signature.origin, signature.text, doc),
            )
        )
    return out


def is_consolidated(doc: Document) -> bool:
    """A « version consolidée »: the amended text, signed as the convention was (its signatories then)."""
    head = [doc.title, doc.subtitle, *(b.text for b in doc.front if isinstance(b, Paragraph))]
    return any("version consolidee" in normalise(t) for t in head)


def _parties(ctx: CheckContext) -> list[Finding]:
    """Each signatory among the representatives named in the parties block, and each of them signs."""
    doc = ctx.doc
    if not doc.parties or not doc.signature or not doc.signature.signatories or is_consolidated(doc):
        return []
    named = [(party, person) for party in doc.parties for person in people(party.representation)]
    signing = [person for s in doc.signature.signatories for person in people(s.name)]
    out = []
    for signatory in doc.signature.signatories:
        for person in people(signatory.name):
            if not any(person.same_as(n) for _, n in named):
                out.append(
                    Finding(
                        "party-inconsistency",
                        ERROR,
                        f"Le signataire «\u00a0{person.written}\u00a0» ne correspond à aucun représentant désigné "
                        "en tête de la convention.",
                        _location("Signature", doc.signature.origin, signatory.name, doc),
                    )
                )
    for party, person in named:
        if not any(person.same_as(s) for s in signing):
            out.append(
                Finding(
                    "party-inconsistency",
                    ERROR,
                    f"Le représentant «\u00a0{person.written}\u00a0» {of(_in_sentence(party.name))} "
                    "ne figure pas parmi les signataires.",
                    _location(None, None, party.representation, doc),
                )
            )
    return out


def _in_sentence(name: str) -> str:
    """« La Commune de Sioniac » as it reads inside a sentence: « la Commune de Sioniac »."""
    return re.sub(r"^(La|Le|Les|L['’])(?=\s|['’]|\w)", lambda m: m.group(1).lower(), name)


def _territory(ctx: CheckContext) -> list[Finding]:
    """Spellings of the territory's name that differ from the parties block's."""
    name, label = _territory_name(ctx)
    if not name or len(name.split()) < 2:
        return []
    target = name.split()
    compact = "".join(target)
    out = []
    places: list[tuple[Section | None, str, Origin | None]] = [
        (None, t, o) for t, o in texts_with_origin(ctx.doc.front)
    ]
    for part in [s for s in (ctx.doc.preamble, *ctx.doc.articles) if s is not None]:
        places += [(part, t, o) for t, o in texts_with_origin(part.blocks)]
    reported: set[str] = set()
    for section, text, origin in places:
        tokens = re.sub(r"[\-']", " ", normalise(text)).split()
        for size in (len(target) - 1, len(target), len(target) + 1):
            for i in range(0, max(0, len(tokens) - size + 1)):
                window = tokens[i : i + size]
                if window[-1] != target[-1] or "".join(window) == compact:
                    continue
                ratio = SequenceMatcher(None, " ".join(window), " ".join(target), autojunk=False).ratio()
                if ratio >= 0.8 and window[0] in (target[0], "st", "ste"):
                    spelled = _as_written(window, text)
                    if spelled not in reported:
                        reported.add(spelled)
                        out.append(
                            Finding(
                                "party-inconsistency",
                                WARNING,
                                f"Le nom du territoire est écrit «\u00a0{spelled}\u00a0» au lieu de "
                                f"«\u00a0{label}\u00a0».",
                                where(section, origin, text),
                            )
                        )
    return out


def _as_written(window: list[str], text: str) -> str:
    """The words of `window` as they are written in `text` (case, hyphens), when found."""
    pattern = r"[\s\-'’]+".join(re.escape(w) for w in window)
    match = re.search(pattern, text, re.IGNORECASE)
    return match.group(0) if match else " ".join(window)


def _territory_name(ctx: CheckContext) -> tuple[str, str]:
    """The commune's name from the parties block: (comparison form, as written)."""
    for party in ctx.doc.parties:
        match = re.search(r"\b(?:commune|ville) de (.+)$", normalise(party.name))
        if match:
            written = re.sub(r"\s+", " ", party.name.split(" de ", 1)[1]).strip(" ,")
            return re.sub(r"[\-'’]", " ", match.group(1)).strip(" ,"), written
    return "", ""
