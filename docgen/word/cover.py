"""A cover page filled from a Caf's Word template with docxtpl, then placed in the convention.

docxtpl renders the template's body (Jinja2 over its XML, sandboxed, every name required); its
paragraphs, tables and pictures are then moved into the convention, with the pictures' parts
and the styles the convention's template lacks. Proper names keep their hyphens unbroken and
« 1er » gets its superscript, as on a cover docgen writes itself.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

from docgen.inputs import DOCX_PART_LIMIT, MB, read_input
from docgen.model.errors import DocgenError
from docgen.model.tree import Cover
from docgen.word import wml as x

TEMPLATE_LIMIT = 20 * MB  # a cover with a few logos and a background picture
LOGO_HEIGHT_CM = 2.5
LOGO_MAX_WIDTH_CM = 7.0
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_TAGS = re.compile(r"<[^>]+>")


def cover_elements(cover: Cover, word: docx.document.Document) -> list[etree._Element]:
    """The body elements of `cover`'s template filled with its values, ready for `word`'s body."""
    from docxtpl import DocxTemplate, InlineImage  # only for a convention's cover
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    path = Path(cover.template)
    data = read_input(path, TEMPLATE_LIMIT, "un modèle de couverture")
    _check_package(data, path)
    try:
        template = DocxTemplate(io.BytesIO(data))
        template.init_docx()
    except Exception:  # python-docx raises several unrelated types on a damaged file
        raise DocgenError(
            "modèle de couverture illisible\u00a0: ce n'est pas un document Word (.docx) valide", path
        ) from None
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    logos = {
        name: InlineImage(template, io.BytesIO(p.data), **_logo_size(p.width, p.height))
        for name, p in cover.logos.items()
    }
    context = {**cover.values, "logos": logos}
    source = _numbered_xml(template)
    _check_names(template, env, context, source, path)
    try:
        template.render(context, env)
    except Exception as exc:  # Jinja2's errors, and a logo named but not given (KeyError-like)
        raise DocgenError(_explained(exc, source, context), path) from None
    body = template.docx.element.body
    elements = [copy.deepcopy(child) for child in body if child.tag != qn("w:sectPr")]
    _move_related(elements, template.docx.part, word.part, path)
    _copy_styles(elements, template.docx, word)
    for element in elements:
        for r in list(element.iter(qn("w:r"))):
            x.retype_run(r)
    return elements


def _logo_size(width: int, height: int) -> dict[str, int]:
    """A logo 2.5 cm high (narrower if it is wide), keeping its proportions."""
    ratio = width / height if height else 1
    if LOGO_HEIGHT_CM * ratio > LOGO_MAX_WIDTH_CM:
        return {"width": Cm(LOGO_MAX_WIDTH_CM), "height": Cm(LOGO_MAX_WIDTH_CM / ratio)}
    return {"width": Cm(LOGO_HEIGHT_CM * ratio), "height": Cm(LOGO_HEIGHT_CM)}


def _check_package(data: bytes, path: Path) -> None:
    """A zip with a document part of a sane size, before python-docx parses it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        raise DocgenError("modèle de couverture illisible\u00a0: ce n'est pas un document Word (.docx)", path) from None
    if info.file_size > DOCX_PART_LIMIT:
        raise DocgenError("modèle de couverture anormalement volumineux (texte de plus de 40\u00a0Mo)", path)


def _numbered_xml(template) -> list[str]:
    """The template's body XML as docxtpl hands it to Jinja2, one paragraph per line."""
    xml = template.patch_xml(template.get_xml())
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml).splitlines()


def _place(lines: list[str], lineno: int | None) -> str:
    """« paragraphe 3 (« {{ territoire.nom }} ») »: where line `lineno` of the template lies."""
    if not lineno or lineno > len(lines):
        return ""
    text = _TAGS.sub("", lines[lineno - 1]).strip()
    paragraph = sum(1 for line in lines[:lineno] if line.startswith("<w:p"))
    where = f"paragraphe {paragraph}" if paragraph else "début du document"
    return f"{where} («\u00a0{text[:80]}\u00a0»)\u00a0: " if text else f"{where}\u00a0: "


def _check_names(template, env, context: dict, lines: list[str], path: Path) -> None:
    """Refuse a placeholder naming what the cover does not know, even in a branch not taken."""
    from jinja2 import TemplateSyntaxError, meta

    try:
        unknown = sorted(meta.find_undeclared_variables(env.parse("\n".join(lines))) - set(context))
    except TemplateSyntaxError as exc:
        raise DocgenError(_explained(exc, lines, context), path) from None
    if unknown:
        name = unknown[0]
        pattern = re.compile(r"[{][{%][^}]*\b" + re.escape(name) + r"\b")
        lineno = next((i for i, line in enumerate(lines, 1) if pattern.search(_TAGS.sub("", line))), None)
        raise DocgenError(_place(lines, lineno) + _unknown(name, context), path)


def _unknown(name: str, context: dict) -> str:
    known = ", ".join(sorted(context))
    return f"champ «\u00a0{name}\u00a0» inconnu du modèle de couverture\u00a0; champs disponibles\u00a0: {known}"


def _explained(exc: Exception, lines: list[str], context: dict) -> str:
    """A French account of a Jinja2 error, with the paragraph it comes from."""
    from jinja2 import TemplateSyntaxError, UndefinedError

    lineno = getattr(exc, "lineno", None) if isinstance(exc, TemplateSyntaxError) else _template_line(exc)
    where = _place(lines, lineno)
    if isinstance(exc, TemplateSyntaxError):
        if exc.message and "end of template" in exc.message:
            return where + "syntaxe incorrecte dans le modèle de couverture\u00a0: un bloc {% … %} n'est pas fermé"
        return where + "syntaxe incorrecte dans le modèle de couverture (champ {{ … }} ou bloc {% … %} mal formé)"
    if isinstance(exc, UndefinedError):
        found = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", str(exc))
        name = next((g for g in found.groups() if g), "?") if found else "?"
        if re.search(r"\blogos\s*\.\s*" + re.escape(name) + r"\b", where):
            return where + (
                f"logo «\u00a0{name}\u00a0» absent\u00a0: donnez son image dans «\u00a0cover.logos\u00a0» des données "
                f"ou placez «\u00a0logo-{name}.png\u00a0» à côté du modèle"
            )
        return where + f"champ «\u00a0{name}\u00a0» inconnu du modèle de couverture"
    return where + "le modèle de couverture ne peut pas être rempli (champ ou bloc incorrect)"


def _template_line(exc: Exception) -> int | None:
    """The template line a Jinja2 runtime error was raised at (Jinja2 rewrites its traceback)."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _move_related(elements: list[etree._Element], source, target, path: Path) -> None:
    """Re-point the pictures and links of `elements` from the template's part to the convention's."""
    for element in elements:
        for node in element.iter():
            for attr in [a for a in node.attrib if a.startswith(_R)]:
                rel = source.rels.get(node.get(attr))
                if rel is None:
                    continue
                if rel.reltype == RT.IMAGE:
                    new_id, _ = target.get_or_add_image(io.BytesIO(rel.target_part.blob))
                elif rel.reltype == RT.HYPERLINK and rel.is_external:
                    new_id = target.relate_to(rel.target_ref, RT.HYPERLINK, is_external=True)
                else:
                    kind = rel.reltype.rsplit("/", 1)[-1]
                    raise DocgenError(
                        f"le modèle de couverture contient un objet que docgen ne reprend pas ({kind})\u00a0: "
                        "gardez-y du texte, des tableaux et des images",
                        path,
                    )
                node.set(attr, new_id)


def _copy_styles(elements: list[etree._Element], source, target) -> None:
    """Give the convention the styles the cover uses and its template lacks (with their bases)."""
    have = {s.get(qn("w:styleId")) for s in target.styles.element.findall(qn("w:style"))}
    theirs = {s.get(qn("w:styleId")): s for s in source.styles.element.findall(qn("w:style"))}
    wanted = [
        node.get(qn("w:val"))
        for element in elements
        for node in element.iter(qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))
    ]
    while wanted:
        style_id = wanted.pop()
        if style_id in have or style_id not in theirs:
            continue
        style = copy.deepcopy(theirs[style_id])
        target.styles.element.append(style)
        have.add(style_id)
        for link in style.iter(qn("w:basedOn"), qn("w:next"), qn("w:link")):
            wanted.append(link.get(qn("w:val")))
