"""Word-level differences: what is struck and inserted inside a paragraph, and when it is too much."""

from __future__ import annotations

from docgen.amend.worddiff import DELETED, INSERTED, diff_inlines, similarity
from docgen.model.tree import AnnexRef, Inline, Text


def _accepted(inlines: tuple[Inline, ...]) -> str:
    return "".join(i.text for i in inlines if not (isinstance(i, Text) and i.tracked == DELETED))


def _rejected(inlines: tuple[Inline, ...]) -> str:
    return "".join(i.text for i in inlines if not (isinstance(i, Text) and i.tracked == INSERTED))


def _marks(inlines: tuple[Inline, ...]) -> list[tuple[str, str]]:
    return [(i.tracked, i.text) for i in inlines if isinstance(i, Text) and i.tracked]


OLD = "La convention est conclue du 1er janvier 2022 au 31 décembre 2025 inclus."
NEW = "La convention est conclue du 1er janvier 2022 au 31 décembre 2026 inclus."


def test_one_word_changed_is_struck_and_inserted_alone():
    merged = diff_inlines((Text(OLD),), (Text(NEW),))
    assert merged is not None
    assert _marks(merged) == [(DELETED, "2025"), (INSERTED, "2026")]
    assert _accepted(merged) == NEW and _rejected(merged) == OLD


def test_neighbouring_changed_words_make_one_change():
    old = "représentée par son directeur, Monsieur Laurent Ponte, dûment autorisé à signer la présente convention"
    new = "représentée par sa directrice, Madame Sophie Klein, dûment autorisé à signer la présente convention"
    merged = diff_inlines((Text(old),), (Text(new),))
    assert merged is not None
    assert _marks(merged) == [
        (DELETED, "son directeur, Monsieur Laurent Ponte,"),
        (INSERTED, "sa directrice, Madame Sophie Klein,"),
    ]
    assert _accepted(merged) == new and _rejected(merged) == old


def test_words_added_and_removed():
    merged = diff_inlines((Text("un comité annuel"),), (Text("un comité de pilotage annuel"),))
    assert merged is not None and _marks(merged) == [(INSERTED, "de pilotage ")]
    merged = diff_inlines((Text("un comité de pilotage annuel"),), (Text("un comité annuel"),))
    assert merged is not None and _marks(merged) == [(DELETED, "de pilotage ")]


def test_formatting_and_references_are_kept():
    ref = AnnexRef("pilotage", 4)
    old = (Text("Voir l'"), ref, Text(" et "), Text("le bilan", bold=True), Text(" de 2024."))
    new = (Text("Voir l'"), ref, Text(" et "), Text("le bilan", bold=True), Text(" de 2025."))
    merged = diff_inlines(old, new)
    assert merged is not None
    assert ref in merged, "an unchanged reference stays a reference"
    assert Text("le bilan", bold=True) in merged
    assert _marks(merged) == [(DELETED, "2024."), (INSERTED, "2025.")]


def test_a_rewritten_paragraph_is_not_diffed_word_by_word():
    assert (
        diff_inlines((Text("Le comité se réunit une fois par an."),), (Text("Aucune réunion n'est prévue."),)) is None
    )
    assert similarity((Text("a b c d"),), (Text("a b c d"),)) == 1.0
    assert similarity((), ()) == 1.0
    assert 0.4 < similarity((Text("a b c d"),), (Text("a b x y"),)) < 0.6
