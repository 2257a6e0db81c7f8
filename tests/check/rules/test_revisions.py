"""Pending tracked changes and comments of a Word draft: the rule, and the check job end to end."""

from __future__ import annotations

import dataclasses
import io
import zipfile

from docgen.check.job import check_document, check_file
from docgen.check.rules import revisions
from docgen.model.findings import ERROR, INFO, WARNING
from docgen.model.rawblocks import Comment, RawDocument, Revision
from tests.check.rules.trees import article, avenant_context, context, document, library, model_annexes, signature
from tests.word.test_reader_revisions import AUTHOR, Draft, text_of

NB = "\u00a0"
AVENANT = "Avenant n° 1 à la convention territoriale globale de services aux familles signée le 19 décembre 2022"


def _raw(revisions_=(), comments=(), unreadable=False) -> RawDocument:
    return RawDocument(
        (), "docx", revisions=tuple(revisions_), comments=tuple(comments), comments_unreadable=unreadable
    )


def _doc():
    """Articles 1 and 2 (headings at blocks 101, 102), a signature at block 300, annexes at 201…"""
    return document((article(1, "Objet", "Texte."), article(2, "Durée", "Texte.")), model_annexes(), sig=signature())


def _run(raw: RawDocument):
    return revisions.run(dataclasses.replace(context(_doc()), raw=raw))


# --- the rule, on small trees ------------------------------------------------------------------


def test_no_raw_document_or_nothing_pending_gives_nothing():
    assert revisions.run(context(_doc())) == []
    assert _run(_raw()) == []


def test_pending_deletion_message_in_french():
    (found,) = _run(_raw([Revision("deletion", "Marie Dupont", "2024-03-03T10:15:00Z", "la phrase retirée", 101)]))
    assert (found.code, found.severity) == ("pending-change", WARNING)
    assert found.message == (
        f"Modification non acceptée (suppression) de Marie Dupont, le 3 mars 2024{NB}: «{NB}la phrase retirée{NB}»."
    )
    assert (found.location.section, found.location.paragraph) == ("Article 1", 101)
    assert found.location.excerpt == ""  # the message quotes the text already


def test_pending_insertion_on_the_first_of_the_month_without_author():
    (found,) = _run(_raw([Revision("insertion", "", "2024-03-01T00:00:00Z", "  un   ajout\n", 150)]))
    assert found.message == f"Modification non acceptée (insertion), le 1er mars 2024{NB}: «{NB}un ajout{NB}»."
    assert found.location.section == "Article 2"  # block 150 lies after the heading of article 2


def test_paragraph_mark_alone_and_unreadable_date():
    (found,) = _run(_raw([Revision("deletion", "Jean Martin", "hier", "", 5, mark=True)]))
    assert found.message == "Modification non acceptée (suppression d'une marque de paragraphe) de Jean Martin."
    assert found.location.section is None  # front matter, before the first article


def test_change_without_text():
    (found,) = _run(_raw([Revision("insertion", "", "2024-12-25", "", 101)]))
    assert (
        found.message
        == "Modification non acceptée (insertion d'une image ou d'un autre élément sans texte), le 25 décembre 2024."
    )


def test_locations_in_annexes_and_after_the_signature():
    found = _run(
        _raw(
            [Revision("deletion", "A", "", "x", 203), Revision("deletion", "B", "", "y", 301)],
        )
    )
    assert [f.location.section for f in found] == ["Annexe 3", None]


def test_comments_are_information():
    found = _run(
        _raw(
            comments=[
                Comment("Marie Dupont", "2024-03-01T09:00:00Z", "À vérifier\navec la Caf", 102),
                Comment("", "", "", None),
            ]
        )
    )
    assert [(f.code, f.severity) for f in found] == [("comment", INFO), ("comment", INFO)]
    assert found[0].message == f"Commentaire de Marie Dupont (1er mars 2024){NB}: «{NB}À vérifier avec la Caf{NB}»."
    assert found[0].location.section == "Article 2"
    assert found[1].message == "Commentaire, sans texte."
    assert found[1].location.section is None and found[1].location.paragraph is None


def test_no_second_full_stop_after_a_quoted_sentence():
    (found,) = _run(_raw(comments=[Comment("A", "", f"Pourquoi retirer\tcet alinéa{NB}?", 101)]))
    assert found.message == f"Commentaire de A{NB}: «{NB}Pourquoi retirer cet alinéa{NB}?{NB}»"  # its NBSP kept


def test_long_texts_are_shortened():
    (found,) = _run(_raw([Revision("deletion", "A", "", " ".join(["mot"] * 100), 101)]))
    assert found.message.endswith(f"«{NB}" + " ".join(["mot"] * revisions.SHOWN_WORDS) + f" …{NB}».")


def test_many_changes_end_with_a_count():
    found = _run(_raw([Revision("insertion", "A", "", f"ajout {n}", n) for n in range(revisions.SHOWN + 5)]))
    assert len(found) == revisions.SHOWN + 1
    assert found[-1].message == "Et 5 autres modifications non acceptées."
    found = _run(_raw(comments=[Comment("A", "", f"note {n}", None) for n in range(revisions.SHOWN + 1)]))
    assert found[-1].message == "Et un autre commentaire." and len(found) == revisions.SHOWN + 1


def test_unreadable_comments_are_said():
    (found,) = _run(_raw(unreadable=True))
    assert (found.code, found.severity) == ("comment", INFO)
    assert "n'ont pas pu être lus" in found.message


def test_avenants_are_checked_for_pending_changes_too():
    doc = document(
        (article(1, "Objet de l'avenant", "Le présent avenant prend effet le 1er janvier 2026."),), title=AVENANT
    )
    raw = _raw([Revision("insertion", "Marie Dupont", "2024-03-03", "un ajout", 101)])
    _, findings = check_document(doc, library(), raw=raw)
    assert [f.message for f in findings if f.code == "pending-change"] == [
        f"Modification non acceptée (insertion) de Marie Dupont, le 3 mars 2024{NB}: «{NB}un ajout{NB}»."
    ]
    _, without = check_document(doc, library())
    assert not [f for f in without if f.code == "pending-change"]
    assert avenant_context(doc).raw is None


# --- end to end, on generated conventions edited as a partner would in Word ----------------------


def _check(tmp_path, data: bytes, name: str = "projet.docx"):
    path = tmp_path / name
    path.write_bytes(data)
    return check_file(path, library())


def _rgpd_draft(tracked: bool) -> tuple[Draft, str]:
    """Saint-Jean's convention with the RGPD and data-protection-officer sentences of the
    « Échanges de données » article cut into their own run, wrapped in a pending deletion if `tracked`."""
    draft = Draft("saint-jean-de-la-ruelle")
    paragraph = draft.paragraph("(RGPD)")
    text = text_of(paragraph)
    sentences = text[text.index("Lorsqu") :]
    assert "protection des données" in sentences and "délégué" in sentences
    if tracked:
        draft.track(sentences)
    else:
        draft.split(sentences)
    return draft, sentences


def test_pending_deletion_of_the_rgpd_sentence_is_a_warning_and_a_missing_element(tmp_path):
    draft, sentences = _rgpd_draft(tracked=True)
    report = _check(tmp_path, draft.bytes())
    (change,) = [f for f in report.findings if f.code == "pending-change"]
    assert change.severity == WARNING
    assert change.message.startswith(f"Modification non acceptée (suppression) de {AUTHOR}, le 3 mars 2024{NB}: «{NB}")
    assert " ".join(sentences.split()[:10]) in change.message  # the deleted text, shortened
    missing = [f for f in report.findings if f.code == "missing-element"]
    assert [f.severity for f in missing] == [ERROR]
    assert "délégué à la protection des données" in missing[0].message
    assert "Échanges de données" in missing[0].message
    assert change.location.section == missing[0].location.section  # both in the data-exchange article
    assert change.location.section.startswith("Article ")


def test_same_draft_without_the_tracked_deletion_gives_neither(tmp_path):
    draft, _ = _rgpd_draft(tracked=False)
    report = _check(tmp_path, draft.bytes())
    assert not report.codes() & {"pending-change", "missing-element"}
    assert report.count(ERROR) == 0


def test_accepted_insertion_counts_for_the_other_checks(tmp_path):
    """A pending insertion of a placeholder is read as accepted: the placeholder is found."""
    draft = Draft()
    draft.insert("Ville la plus peuplée de la Moselle", " [à compléter]")
    report = _check(tmp_path, draft.bytes())
    assert "placeholder" in report.codes(ERROR)
    assert [f.message for f in report.findings if f.code == "pending-change"] == [
        f"Modification non acceptée (insertion) de {AUTHOR}, le 3 mars 2024{NB}: «{NB}[à compléter]{NB}»."
    ]


def test_comments_are_listed_as_information(tmp_path):
    draft = Draft()
    draft.comment("Ville la plus peuplée de la Moselle", "Chiffres à actualiser", date="2024-03-01T09:00:00Z")
    draft.comment("Vu le Code général des collectivités territoriales", "Ajouter le visa du CASF", author="Jean Martin")
    report = _check(tmp_path, draft.bytes())
    found = [f for f in report.findings if f.code == "comment"]
    assert [(f.severity, f.message) for f in found] == [
        (INFO, f"Commentaire de {AUTHOR} (1er mars 2024){NB}: «{NB}Chiffres à actualiser{NB}»."),
        (INFO, f"Commentaire de Jean Martin (3 mars 2024){NB}: «{NB}Ajouter le visa du CASF{NB}»."),
    ]
    assert found[0].location.section is not None and found[0].location.paragraph is not None
    assert found[1].location.section == "En-tête"  # the visas come before the first article
    assert report.count(ERROR) == 0 and report.count(WARNING) == 0


def test_damaged_comments_part_does_not_stop_the_check(tmp_path):
    draft = Draft()
    draft.comment("Ville la plus peuplée de la Moselle", "Un commentaire")
    archive = zipfile.ZipFile(io.BytesIO(draft.bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as damaged:
        for name in archive.namelist():
            damaged.writestr(name, b"<w:comments><w:comment" if name == "word/comments.xml" else archive.read(name))
    report = _check(tmp_path, out.getvalue())
    assert [f.message for f in report.findings if f.code == "comment"] == [
        "Les commentaires du document n'ont pas pu être lus (partie word/comments.xml endommagée)."
    ]
    assert report.count(ERROR) == 0
