"""What the seed conventions say, read from the seed files themselves (not through docgen's
readers): the ground truth an import of their Word or PDF rendering is compared with."""

from __future__ import annotations

import datetime as dt
import re
from difflib import SequenceMatcher

from docgen.word.reader import read_docx
from tests import seedfixtures

# As the seeds write them (the Metz seed leaves the dates of two acts and of the signature blank).
PARTIES = {
    "saint-jean": [
        (
            "caf",
            "la Caisse d'Allocations familiales du Loiret",
            [("Monsieur", "Jean-Yves PREVOTAT", "directeur")],
            None,
        ),
        (
            "commune",
            "la Commune de Saint Jean-de-la-Ruelle",
            [("Monsieur", "Christophe CHAILLOU", "maire")],
            ("délibération", "conseil municipal", dt.date(2022, 12, 19)),
        ),
    ],
    "metz": [
        (
            "caf",
            "la caisse des Allocations familiales de Moselle",
            [
                ("Monsieur", "Robert CANTISANI", "Président de son conseil d'administration"),
                ("Monsieur", "Laurent PONTE", "Directeur"),
            ],
            ("décision", "conseil d'administration", dt.date(2016, 4, 22)),
        ),
        (
            "commune",
            "la commune de Metz",
            [("Monsieur", "Dominique GROS", "Maire")],
            ("délibération", "conseil municipal", None),
        ),
        (
            "ccas",
            "le centre communal d'action sociale de Metz",
            [("Madame", "Christiane PALLEZ", "vice-présidente")],
            ("délibération", "conseil d'administration", None),
        ),
    ],
}
# period start, period end, signature place, signature date (None: left blank by the seed)
DATES = {
    "saint-jean": (dt.date(2022, 1, 1), dt.date(2025, 12, 31), "Orléans", None),
    "metz": (None, dt.date(2019, 12, 31), "Metz", None),
}


def actions(seed: str) -> list[tuple[str, str, str]]:
    """(number, title, porteur) of each action of a seed's plan tables, as its file has them."""
    if seed != "saint-jean":
        return []  # the Metz plan sets out themes, axes and objectives, without numbered actions
    out = []
    lines = seedfixtures._unstamp(seedfixtures._seed_lines("004_"))
    for block in seedfixtures._blocks(lines):
        if block.kind == "table" and any(r and r[0].strip() == "Orientations" for r in block.rows):
            for row in (seedfixtures._plan_row(r) for r in block.rows):
                if seedfixtures.ACTION_NO.fullmatch(row[3]):
                    out.append((row[3], _bare(row[4]), _bare(row[2])))
    return out


def plain(text: str) -> str:
    """Text as compared: spaces folded, and the spaces a PDF's line ends leave undecided (after a
    hyphen, before a comma) aside."""
    text = " ".join(text.replace("\u2019", "'").replace("\u00a0", " ").split())
    return re.sub(r"-\s+", "-", re.sub(r"\s+,", ",", text))


def expected_actions(seed: str) -> list[tuple[str, str, str]]:
    """The seed's actions, as compared."""
    return [(number, plain(title), plain(owner)) for number, title, owner in actions(seed)]


def imported_actions(convention) -> list[tuple[str, str, str]]:
    """(number, title, porteur) of each action of imported data, as compared."""
    return [
        (a.number, plain(a.title), plain(a.owner))
        for o in convention.action_plan.orientations
        for g in o.goals
        for obj in g.objectives
        for a in obj.actions
    ]


def dates_as_the_seed(convention, to_check, seed: str) -> list[bool]:
    """Each date equal to the seed's, or flagged « à vérifier » where the seed leaves it blank."""
    flagged = {keypath for keypath, _ in to_check}
    start, end, place, signed = DATES[seed]
    return [
        convention.period.start == start if start else ("period", "start") in flagged,
        convention.period.end == end,
        convention.signature.place == place,
        convention.signature.date == signed if signed else ("signature", "date") in flagged,
    ]


def _bare(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", seedfixtures._plain(text)).replace("\u2019", "'").split())


def words(docx: bytes) -> list[str]:
    """The words of a .docx (paragraphs and table cells), in order, as compared."""
    out: list[str] = []
    for block in read_docx(docx, "convention.docx").blocks:
        texts = [c for row in block.rows for c in row] if block.kind == "table" else [block.text]
        for text in texts:
            out.extend(re.findall(r"\w+", text.replace("\u2019", "'").lower()))
    return out


def in_order(source: list[str], rebuilt: list[str]) -> float:
    """Share of the source's words found, in the same order, in the rebuilt text."""
    matcher = SequenceMatcher(None, source, rebuilt, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(len(source), 1)
