"""Reading a Word draft with pending tracked changes (as if accepted) and comments."""

from __future__ import annotations

import copy
import io
import zipfile
from functools import cache

import pytest
from lxml import etree

from docgen.build.job import build_bytes
from docgen.model.errors import DocgenError
from docgen.word import reader
from docgen.word.reader import read_docx
from tests.conftest import ROOT

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
AUTHOR = "Marie Dupont"
DATE = "2024-03-03T10:15:00Z"


@cache
def convention(name: str = "metz") -> bytes:
    """A generated convention (built once per territory)."""
    return build_bytes(ROOT / "conventions" / name)[0]


def text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


class Draft:
    """A generated convention opened for tracked-change and comment surgery (tests only)."""

    def __init__(self, name: str = "metz") -> None:
        archive = zipfile.ZipFile(io.BytesIO(convention(name)))
        self.parts = {n: archive.read(n) for n in archive.namelist()}
        self.root = etree.fromstring(self.parts["word/document.xml"])
        self.body = self.root.find(f"{W}body")
        self.comments: etree._Element | None = None
        self.next_id = 900

    def paragraph(self, contains: str):
        """The first body paragraph whose text holds `contains`."""
        return next(p for p in self.body.iter(f"{W}p") if contains in text_of(p))

    def split(self, contains: str):
        """The run holding exactly `contains`, cut out of the run that held it (formatting kept)."""
        t = next(t for t in self.body.iter(f"{W}t") if t.text and contains in t.text)
        run = t.getparent()
        before, after = t.text.split(contains, 1)
        middle = None
        for piece in (before, contains, after):
            if not piece:
                continue
            new = copy.deepcopy(run)
            new_t = new.find(f"{W}t")
            new_t.text = piece
            new_t.set(XML_SPACE, "preserve")
            run.addprevious(new)
            if piece is contains:
                middle = new
        run.getparent().remove(run)
        return middle

    def _change(self, tag: str, author: str, date: str):
        self.next_id += 1
        attributes = {f"{W}id": str(self.next_id), f"{W}author": author}
        if date:
            attributes[f"{W}date"] = date
        return etree.Element(f"{W}{tag}", attributes)

    def track(self, contains: str, tag: str = "del", author: str = AUTHOR, date: str = DATE, word: bool = True):
        """Wrap the text `contains` in a tracked change `tag` (del, ins, moveFrom, moveTo).

        Deleted text is in `w:delText`, as Word writes it, unless `word` is false (hand-made
        files keep `w:t`); moved-from text keeps `w:t`, as in Word.
        """
        run = self.split(contains)
        wrapper = self._change(tag, author, date)
        run.addprevious(wrapper)
        wrapper.append(run)
        if tag == "del" and word:
            for t in run.iter(f"{W}t"):
                t.tag = f"{W}delText"
        return wrapper

    def insert(self, after: str, text: str, author: str = AUTHOR, date: str = DATE):
        """A tracked insertion of a new run `text` right after the text `after`."""
        run = self.split(after)
        wrapper = self._change("ins", author, date)
        new = copy.deepcopy(run)
        new.find(f"{W}t").text = text
        wrapper.append(new)
        run.addnext(wrapper)
        return wrapper

    def delete_mark(self, paragraph, author: str = AUTHOR, date: str = DATE) -> None:
        """Mark the paragraph mark of `paragraph` as deleted (it merges with the next paragraph)."""
        ppr = paragraph.find(f"{W}pPr")
        if ppr is None:
            ppr = etree.SubElement(paragraph, f"{W}pPr")
            paragraph.insert(0, ppr)
        rpr = ppr.find(f"{W}rPr")
        if rpr is None:
            rpr = etree.SubElement(ppr, f"{W}rPr")
        rpr.append(self._change("del", author, date))

    def comment(self, contains: str, text: str, author: str = AUTHOR, date: str = DATE) -> None:
        """A comment `text` anchored on the text `contains` (comments part created on first use)."""
        if self.comments is None:
            self.comments = etree.Element(f"{W}comments", nsmap={"w": W_NS})
            rels = etree.fromstring(self.parts["word/_rels/document.xml.rels"])
            etree.SubElement(
                rels,
                "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship",
                Id="rIdComments900",
                Type=COMMENTS_REL,
                Target="comments.xml",
            )
            self.parts["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8")
            types = etree.fromstring(self.parts["[Content_Types].xml"])
            etree.SubElement(
                types,
                "{http://schemas.openxmlformats.org/package/2006/content-types}Override",
                PartName="/word/comments.xml",
                ContentType=COMMENTS_TYPE,
            )
            self.parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8")
        self.next_id += 1
        ident = str(self.next_id)
        node = etree.SubElement(self.comments, f"{W}comment", {f"{W}id": ident, f"{W}author": author, f"{W}date": date})
        for line in text.split("\n"):
            p = etree.SubElement(node, f"{W}p")
            etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}annotationRef")
            etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}t").text = line
        run = self.split(contains)
        run.addprevious(etree.Element(f"{W}commentRangeStart", {f"{W}id": ident}))
        reference = etree.Element(f"{W}r")
        etree.SubElement(reference, f"{W}commentReference", {f"{W}id": ident})
        run.addnext(reference)
        run.addnext(etree.Element(f"{W}commentRangeEnd", {f"{W}id": ident}))

    def bytes(self) -> bytes:
        self.parts["word/document.xml"] = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8")
        if self.comments is not None:
            self.parts["word/comments.xml"] = etree.tostring(self.comments, xml_declaration=True, encoding="UTF-8")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in self.parts.items():
                archive.writestr(name, data)
        return out.getvalue()

    def read(self):
        return read_docx(self.bytes(), "projet.docx")


def block_with(raw, contains: str):
    return next(b for b in raw.blocks if contains in b.text)


PHRASE = "Ville la plus peuplée de la Moselle"


def test_generated_convention_has_no_changes_and_no_comments():
    raw = read_docx(convention(), "x.docx")
    assert raw.revisions == () and raw.comments == () and not raw.comments_unreadable


def test_pending_deletion_is_left_out_of_the_text():
    plain = read_docx(convention(), "x.docx")
    index = block_with(plain, PHRASE).index
    draft = Draft()
    draft.track(PHRASE)
    raw = draft.read()
    assert PHRASE not in raw.blocks[index].text
    assert raw.blocks[index].text == plain.blocks[index].text.replace(PHRASE, "", 1)
    assert len(raw.blocks) == len(plain.blocks)
    (revision,) = raw.revisions
    assert (revision.kind, revision.author, revision.date, revision.text, revision.block) == (
        "deletion",
        AUTHOR,
        DATE,
        PHRASE,
        index,
    )
    assert str(revision.day) == "2024-03-03"


def test_deleted_text_in_plain_text_elements_is_left_out_too():
    """Hand-made or converted files may keep `w:t` inside `w:del`."""
    draft = Draft()
    draft.track(PHRASE, word=False)
    raw = draft.read()
    assert PHRASE not in "".join(b.text for b in raw.blocks)
    assert [(r.kind, r.text) for r in raw.revisions] == [("deletion", PHRASE)]


def test_pending_insertion_is_read_as_accepted():
    plain = read_docx(convention(), "x.docx")
    index = block_with(plain, PHRASE).index
    draft = Draft()
    draft.insert(PHRASE, " (texte ajouté par la commune)", author="Jean Martin", date="2024-03-01T08:00:00Z")
    raw = draft.read()
    assert raw.blocks[index].text.startswith(PHRASE + " (texte ajouté par la commune)")
    (revision,) = raw.revisions
    assert (revision.kind, revision.author, revision.text, revision.block) == (
        "insertion",
        "Jean Martin",
        " (texte ajouté par la commune)",
        index,
    )


def test_a_change_cut_into_several_runs_is_one_change():
    draft = Draft()
    draft.track("Ville la plus ")
    draft.track("peuplée de la Moselle")
    (revision,) = draft.read().revisions
    assert revision.text == PHRASE


def test_changes_of_different_authors_stay_apart():
    draft = Draft()
    draft.track("Ville la plus ")
    draft.track("peuplée de la Moselle", author="Jean Martin")
    assert [(r.author, r.text) for r in draft.read().revisions] == [
        (AUTHOR, "Ville la plus "),
        ("Jean Martin", "peuplée de la Moselle"),
    ]


def test_inserted_then_deleted_text_is_gone_and_reported_once():
    draft = Draft()
    wrapper = draft.track(PHRASE, tag="del", author="Jean Martin")
    insertion = draft._change("ins", AUTHOR, DATE)
    wrapper.addprevious(insertion)
    insertion.append(wrapper)
    raw = draft.read()
    assert PHRASE not in "".join(b.text for b in raw.blocks)
    assert [(r.kind, r.author) for r in raw.revisions] == [("deletion", "Jean Martin")]


def test_moved_text_is_read_at_its_destination_only():
    plain = read_docx(convention(), "x.docx")
    index = block_with(plain, PHRASE).index
    draft = Draft()
    draft.track(PHRASE, tag="moveFrom")
    draft.insert("Vu le Code général des collectivités territoriales", " " + PHRASE)
    moved_to = draft.body.findall(f".//{W}ins")[-1]
    moved_to.tag = f"{W}moveTo"
    raw = draft.read()
    assert PHRASE not in raw.blocks[index].text
    visa = block_with(raw, "Vu le Code général des collectivités territoriales")
    assert PHRASE in visa.text
    assert [(r.kind, r.block) for r in raw.revisions] == [("insertion", visa.index), ("deletion", index)]


def test_deleted_paragraph_mark_joins_the_paragraph_to_the_next():
    plain = read_docx(convention(), "x.docx")
    first = block_with(plain, "Vu le Code général des collectivités territoriales")
    following = plain.blocks[first.index + 1]
    draft = Draft()
    draft.delete_mark(draft.paragraph("Vu le Code général des collectivités territoriales"))
    raw = draft.read()
    assert len(raw.blocks) == len(plain.blocks)  # indexes still match body paragraphs
    assert raw.blocks[first.index].text == ""
    assert raw.blocks[first.index + 1].text == first.text + following.text
    (revision,) = raw.revisions
    assert (revision.kind, revision.text, revision.block, revision.mark) == ("deletion", "", first.index, True)


def test_deleted_paragraph_is_gone_and_reported_once():
    plain = read_docx(convention(), "x.docx")
    target = "Vu le Code général des collectivités territoriales"
    first = block_with(plain, target)
    following = plain.blocks[first.index + 1]
    draft = Draft()
    paragraph = draft.paragraph(target)
    draft.track(text_of(paragraph))
    draft.delete_mark(paragraph)
    raw = draft.read()
    assert raw.blocks[first.index].text == ""
    assert raw.blocks[first.index + 1].text == following.text
    (revision,) = raw.revisions
    assert (revision.kind, revision.text, revision.block, revision.mark) == ("deletion", first.text, first.index, False)


def test_inserted_picture_is_a_change_without_text_and_numbering_changes_are_not_changes():
    draft = Draft()
    picture = draft.insert(PHRASE, "")
    run = picture.find(f"{W}r")
    run.remove(run.find(f"{W}t"))
    etree.SubElement(run, f"{W}drawing")
    paragraph = draft.paragraph(PHRASE)
    ppr = paragraph.find(f"{W}pPr")
    numbering = etree.SubElement(ppr, f"{W}numPr")
    numbering.append(draft._change("ins", "Jean Martin", DATE))
    (revision,) = draft.read().revisions
    assert (revision.kind, revision.author, revision.text, revision.mark) == ("insertion", AUTHOR, "", False)


def test_deleted_table_row_is_left_out():
    plain = read_docx(convention(), "x.docx")
    table = next(b for b in plain.blocks if b.kind == "table" and len(b.rows) >= 2)
    draft = Draft()
    position = [b.index for b in plain.blocks if b.kind == "table"].index(table.index)
    last_row = draft.body.findall(f".//{W}tbl")[position].findall(f"{W}tr")[-1]
    trpr = last_row.find(f"{W}trPr")
    if trpr is None:
        trpr = etree.Element(f"{W}trPr")
        last_row.insert(0, trpr)
    trpr.append(draft._change("del", AUTHOR, DATE))
    raw = draft.read()
    assert raw.blocks[table.index].rows == table.rows[:-1]
    (revision,) = raw.revisions
    assert revision.kind == "deletion" and revision.block == table.index
    assert revision.text.split() == " ".join(c for c in table.rows[-1] if c).split()


def test_comments_are_read_with_the_paragraph_they_are_on():
    plain = read_docx(convention(), "x.docx")
    index = block_with(plain, PHRASE).index
    draft = Draft()
    draft.comment(PHRASE, "Chiffre à mettre à jour\u00a0?\nSource\u00a0: Insee 2021", date="2024-03-01T09:00:00Z")
    raw = draft.read()
    (comment,) = raw.comments
    assert (comment.author, comment.text, comment.block) == (
        AUTHOR,
        "Chiffre à mettre à jour\u00a0?\nSource\u00a0: Insee 2021",
        index,
    )
    assert str(comment.day) == "2024-03-01"
    assert raw.blocks[index].text == plain.blocks[index].text  # the comment is not body text
    assert raw.revisions == ()


def test_damaged_comments_part_is_ignored_and_flagged():
    draft = Draft()
    draft.comment(PHRASE, "Un commentaire")
    data = draft.bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as damaged:
        for name in archive.namelist():
            content = archive.read(name)
            damaged.writestr(name, content[: len(content) // 2] if name == "word/comments.xml" else content)
    raw = read_docx(out.getvalue(), "projet.docx")
    assert raw.comments == () and raw.comments_unreadable
    assert PHRASE in "".join(b.text for b in raw.blocks)


def test_corrupt_compressed_comments_part_spares_the_text():
    draft = Draft()
    draft.comment(PHRASE, "Un commentaire " * 50)
    data = bytearray(draft.bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/comments.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 5, start + info.compress_size - 5):
        data[offset] ^= 0x5A  # the stored CRC no longer matches, and the stream is no longer deflate
    raw = read_docx(bytes(data), "projet.docx")
    assert raw.comments == () and raw.comments_unreadable
    assert PHRASE in "".join(b.text for b in raw.blocks)


def test_comments_part_keeps_the_node_limit(monkeypatch):
    draft = Draft()
    draft.comment(PHRASE, "Un commentaire")
    archive = zipfile.ZipFile(io.BytesIO(draft.bytes()))
    limit = max(reader._nodes(archive.read(n)) for n in archive.namelist() if n != "word/comments.xml")
    paragraph = draft.comments.find(f"{W}comment/{W}p")
    for _ in range(limit):
        etree.SubElement(paragraph, f"{W}r")
    monkeypatch.setattr(reader, "DOCX_NODE_LIMIT", limit)  # every other part is within it
    with pytest.raises(DocgenError) as caught:
        read_docx(draft.bytes(), "projet.docx")
    assert "word/comments.xml" in str(caught.value) and "éléments et attributs XML" in str(caught.value)
