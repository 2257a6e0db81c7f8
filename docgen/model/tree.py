"""The document tree: one in-memory model of a convention, written to and read from Word.

Pure data, no I/O. Cross-references to annexes and articles are kept as references
(`AnnexRef`, `ArticleRef`) carrying the number computed at assembly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from docgen.model.errors import DocgenError

# How a generated file records, in its keywords, the SHA-256 of the data it was built from.
FINGERPRINT_LABEL = "empreinte des données"
# LibreOffice writes the keywords into the PDF comma-separated, word by word.
FINGERPRINT_RE = re.compile(r"empreinte\W+des\W+données\W+([0-9a-f]{64})")
MODEL_HINT_RE = re.compile(r"\bctg-[0-9a-z-]+")  # the model id in the same keywords


@dataclass(frozen=True)
class Origin:
    """Where a block was found in a draft: its block index and, for PDFs, its page."""

    index: int
    page: int | None = None


@dataclass(frozen=True)
class Text:
    """A run of text (in a redline, possibly a tracked insertion or deletion of these words)."""

    text: str
    bold: bool = False
    italic: bool = False
    tracked: str | None = None  # in a redline: "inserted" or "deleted" words


@dataclass(frozen=True)
class AnnexRef:
    """A reference to an annex: rendered « annexe N », linked to the annex."""

    key: str
    number: int
    capitalized: bool = False

    @property
    def text(self) -> str:
        return f"{'Annexe' if self.capitalized else 'annexe'} {self.number}"


@dataclass(frozen=True)
class ArticleRef:
    """A reference to an article: rendered « article N », linked to the article."""

    clause_id: str
    number: int

    @property
    def text(self) -> str:
        return f"article {self.number}"


Inline = Text | AnnexRef | ArticleRef


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; `style` is a role (body, center, note...) the writer maps to a Word style."""

    inlines: tuple[Inline, ...]
    style: str = "body"
    origin: Origin | None = None

    @property
    def text(self) -> str:
        return "".join(i.text for i in self.inlines)


@dataclass(frozen=True)
class ListItem:
    """A bullet item at nesting `level` (0 = top)."""

    inlines: tuple[Inline, ...]
    level: int = 0
    origin: Origin | None = None

    @property
    def text(self) -> str:
        return "".join(i.text for i in self.inlines)


@dataclass(frozen=True)
class BulletList:
    """A bulleted list (nested items carry their level)."""

    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside an article or annex (level 2 or 3)."""

    text: str
    level: int = 2
    origin: Origin | None = None


@dataclass(frozen=True)
class Cell:
    """A table cell: paragraphs or lists; `span` columns wide; `merge` is the vertical merge
    state (« restart » opens a merged group, « continue » belongs to the one above)."""

    blocks: tuple[Block, ...]
    span: int = 1
    shade: bool = False
    merge: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(block_text(b) for b in self.blocks)


@dataclass(frozen=True)
class Table:
    """A table; `header` rows repeat on each page. `role` tells the writer its look."""

    header: tuple[tuple[Cell, ...], ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    role: str = "grid"
    origin: Origin | None = None
    row_status: tuple[str | None, ...] = ()  # in a redline: per body row, "inserted", "deleted" or None

    @property
    def merged_rows(self) -> tuple[int, ...]:
        """The body rows with a cell merged with the one above."""
        return tuple(i for i, row in enumerate(self.rows) if any(c.merge == "continue" for c in row))


def row_bookmark(table: int, row: int) -> str:
    """Word bookmark of body row `row` of the document's merged table `table` (`merged_tables`), in
    the variant LibreOffice lays out: the PDF's named destinations then give each row's page."""
    return f"ctg_row_{table}_{row}"


@dataclass(frozen=True)
class Tracked:
    """A block shown as a tracked change in a redline: "inserted" or "deleted"."""

    block: Block
    status: str

    @property
    def text(self) -> str:
        return block_text(self.block)


@dataclass(frozen=True)
class Picture:
    """An image file (PNG or JPEG) of the territory's folder, checked when it was read."""

    data: bytes = field(repr=False)
    name: str  # the path as the data gives it, relative to the territory's folder
    width: int  # pixels
    height: int


@dataclass(frozen=True)
class Figure:
    """A numbered picture of an annex or article: « Figure 3 : caption », then its source line.

    Markup gives it as `![caption](path "source")`; the number (in document order) and the
    picture are set at assembly."""

    path: str
    caption: str
    source: str = ""
    number: int = 0
    picture: Picture | None = None

    @property
    def text(self) -> str:
        """« Figure 3 : caption »; nothing for a picture found in a draft (not numbered)."""
        return f"Figure {self.number}\u00a0: {self.caption}" if self.number else ""

    @property
    def bookmark(self) -> str:
        """Word bookmark of the caption, which the table of figures points to."""
        return f"ctg_figure_{self.number}"


Block = Paragraph | BulletList | Heading | Table | Tracked | Figure


def block_text(block: Block) -> str:
    """The text of any block (tables: their cells, one per line)."""
    if isinstance(block, Tracked):
        return block_text(block.block)
    if isinstance(block, BulletList):
        return "\n".join(i.text for i in block.items)
    if isinstance(block, Table):
        return "\n".join(c.text for row in (*block.header, *block.rows) for c in row)
    return block.text


@dataclass(frozen=True)
class Section:
    """A numbered article (`number` None for the « Article préliminaire ») or an annex."""

    kind: str  # "article" | "annex"
    key: str  # clause id or annex key
    number: int | None
    title: str
    blocks: tuple[Block, ...]
    wide: bool = False  # laid out on landscape pages (large tables)
    origin: Origin | None = None  # heading of a section read from a draft
    heading_text: str = ""  # the heading as written in a draft
    tracked: str | None = None  # in a redline: "inserted" or "deleted" heading

    @property
    def text(self) -> str:
        """All the text of the section's blocks (paragraphs, items, sub-headings, cells)."""
        return "\n".join(block_text(b) for b in self.blocks)

    @property
    def label(self) -> str:
        """« Article 3 », « Article préliminaire », « Annexe 2 »."""
        if self.kind == "annex":
            return f"Annexe {self.number}"
        return "Article préliminaire" if self.number is None else f"Article {self.number}"

    @property
    def bookmark(self) -> str:
        """Stable Word bookmark name carrying the clause id or annex key."""
        return bookmark_name(self.kind, self.key)


def bookmark_name(kind: str, key: str) -> str:
    """Word bookmark of an article (« ctg_clause_duree ») or annex (« ctg_annexe_pilotage »)."""
    prefix = "annexe" if kind == "annex" else "clause"
    return f"ctg_{prefix}_{key}"[:40]


@dataclass(frozen=True)
class PartyBlock:
    """A party as introduced at the top of the convention."""

    name: str
    representation: str
    short_name: str
    feminine: bool
    tracked: str | None = None  # in a redline: "inserted" or "deleted" party
    marked: tuple[Inline, ...] = ()  # in a redline: the representation with its words tracked


@dataclass(frozen=True)
class Signatory:
    """One signature column."""

    party: str
    function: str
    name: str
    tracked: str | None = None  # in a redline: "inserted" or "deleted" signatory


@dataclass(frozen=True)
class SignatureBlock:
    """« Fait à …, le … » and the signature columns."""

    place: str
    date: dt.date | None  # None when a draft leaves it unreadable (« le XX/XX/2022 »)
    originals: int
    signatories: tuple[Signatory, ...]
    text: str = ""  # the « Fait à … » line as written in a draft
    origin: Origin | None = None


@dataclass(frozen=True)
class TocEntry:
    """A line of a draft's sommaire."""

    label: str  # « Article 3 », « Annexe 2 », « Article préliminaire »
    title: str
    page: int | None
    origin: Origin | None = None


@dataclass(frozen=True)
class Cover:
    """A cover page made from a Word template with docxtpl placeholders (`{{ territory.name }}`).

    `values` are what the placeholders may name; `logos` the pictures `{{ logos.caf }}` places;
    `notes` lines added below the template's page (« Version consolidée intégrant l'avenant… »)."""

    template: str  # path of the .docx template
    values: Mapping[str, object]
    logos: Mapping[str, Picture] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """A whole convention (or avenant): built from data and written, or read from a draft.

    Built documents have every part; a draft read back may lack some (None or empty). What
    needs a complete document (the writer, the redline) asks for its parts with `built_date`,
    `built_preamble`, `built_signature` and `signature_date`, which fail clearly on a partial tree.
    """

    title: str
    subtitle: str
    territory: str
    model_id: str
    date: dt.date | None
    parties: tuple[PartyBlock, ...]
    visas: tuple[Block, ...]
    preamble: Section | None
    articles: tuple[Section, ...]
    signature: SignatureBlock | None
    annexes: tuple[Section, ...]
    cover_lines: tuple[str, ...] = field(default=())
    sommaire: tuple[TocEntry, ...] = field(default=())
    front: tuple[Block, ...] = field(default=())  # a draft's blocks before the articles
    after_signature: tuple[Block, ...] = field(default=())  # a consolidated text's table of avenants
    fingerprint: str = ""  # SHA-256 of the territory data it was built from (in its properties)
    cover: Cover | None = None  # a built convention's cover (else the writer sets `cover_lines`)

    @property
    def sections(self) -> tuple[Section, ...]:
        """Préambule, articles and annexes in document order."""
        head = (self.preamble,) if self.preamble is not None else ()
        return (*head, *self.articles, *self.annexes)

    @property
    def figures(self) -> tuple[Figure, ...]:
        """The figures of every section, in document order (the table of figures)."""
        return tuple(b for s in self.sections for b in s.blocks if isinstance(b, Figure))

    @property
    def merged_tables(self) -> tuple[Table, ...]:
        """The tables with cells merged down their rows, in document order: on a page their table
        continues on, such cells are labelled again « (suite) » (see `continued_rows`)."""
        return tuple(b for s in self.sections for b in s.blocks if isinstance(b, Table) and b.merged_rows)


class IncompleteDocumentError(DocgenError):
    """A partial tree (read from a draft) given where a complete, built document is required."""

    def __init__(self, document: Document, part: str) -> None:
        super().__init__(f"document «\u00a0{document.title}\u00a0» incomplet\u00a0: {part} manquant")


def built_date(document: Document) -> dt.date:
    """The date of a built document (its signature date)."""
    if document.date is None:
        raise IncompleteDocumentError(document, "date")
    return document.date


def built_preamble(document: Document) -> Section:
    """The préambule of a built document."""
    if document.preamble is None:
        raise IncompleteDocumentError(document, "préambule")
    return document.preamble


def built_signature(document: Document) -> SignatureBlock:
    """The signature block of a built document."""
    if document.signature is None:
        raise IncompleteDocumentError(document, "bloc de signature")
    return document.signature


def signature_date(document: Document) -> dt.date:
    """The date in the « Fait à …, le … » line of a built document."""
    signature = built_signature(document)
    if signature.date is None:
        raise IncompleteDocumentError(document, "date de signature")
    return signature.date
