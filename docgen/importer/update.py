"""`ctg import --update`: the edits made in Word to a generated convention, brought back into its data.

The edited document is imported as any signed convention is; what it says is then compared
with the data, part by part, ignoring what only typography and the build's own defaults make
differ (’ and ', non-breaking spaces, « » and "…", the Caf's name taken from the département…).
What differs is written into the data at the same place, the rest of `convention.yaml`
(comments, order, quoting) untouched.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.build.job import data_fingerprint
from docgen.check.job import draft_document
from docgen.data.defaults import with_defaults
from docgen.data.images import PICTURE_LIMIT
from docgen.data.loading import convention_file, data_folder, load_convention, validated
from docgen.data.yamlsource import load_yaml, parse_text
from docgen.importer.convention import fitted, imported_pictures, read_data
from docgen.importer.yamlpatch import describe_changes, patch_yaml
from docgen.inputs import fingerprint
from docgen.library.catalog import Library
from docgen.model.errors import DocgenError
from docgen.model.frenchtext import typography
from docgen.model.tree import Picture
from docgen.output import write_set

# What a document says, and so what an edit in Word can change.
DOCUMENT_KEYS = (
    "title",
    "period",
    "signature",
    "parties",
    "preamble",
    "local_fields",
    "shared_objectives",
    "diagnosis",
    "equipment",
    "action_plan",
    "pilotage",
    "evaluation",
    "data_agreements",
    "extra_annexes",
    "additions",
    "article_texts",
    "annex_texts",
    "article_titles",
    "annex_titles",
)
PARTY_KEYS = ("name", "short_name", "representatives", "authorisation")
_MISSING = object()
_MARKS = re.compile(r"\*\*|(?<!\w)\*|\*(?!\w)|\\(?=\W)")  # bold, italics, escapes of the light markup
_ITEM = re.compile(r"^\s*-\s+", re.MULTILINE)


@dataclass(frozen=True)
class Update:
    """The differences found, and whether they were written."""

    file: Path
    changes: list[str]
    written: bool


def _folded(value: Any) -> Any:
    """A value as compared: the typography and the light markup a build applies, aside."""
    if isinstance(value, str):
        text = typography(value).replace("\u00a0", " ").replace("\u202f", " ")
        return " ".join(_ITEM.sub(" ", _MARKS.sub("", text)).split())
    if isinstance(value, dict):
        return {k: _folded(v) for k, v in value.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [_folded(v) for v in value]
    return value


def _same(a: Any, b: Any) -> bool:
    return _folded(a) == _folded(b)


def _by_identity(items: list[Any]) -> str | None:
    keys = ("number", "party", "key")
    return next((k for k in keys if items and all(isinstance(i, dict) and k in i for i in items)), None)


def merged(raw: Any, defaulted: Any, found: Any) -> Any:
    """`raw` (the data as written) changed where `found` (read from the document) differs from
    `defaulted` (the data with the build's defaults): the rest of `raw` kept as it is."""
    if _same(defaulted, found):
        return raw
    if isinstance(found, dict) and isinstance(defaulted, dict):
        out = dict(raw) if isinstance(raw, dict) else {}
        for key in {**defaulted, **found}:
            value = merged(out.get(key, _MISSING), defaulted.get(key, _MISSING), found.get(key, _MISSING))
            if value is _MISSING or value is None:
                out.pop(key, None)
            else:
                out[key] = value
        return out
    if isinstance(found, list) and isinstance(defaulted, list) and isinstance(raw, list):
        identity = _by_identity(found) if _by_identity(found) == _by_identity(defaulted) else None
        if identity is None and len(found) == len(defaulted) == len(raw):
            return [merged(r, d, f) for r, d, f in zip(raw, defaulted, found, strict=True)]
        if identity is not None and len(raw) == len(defaulted):
            before = {d[identity]: (r, d) for r, d in zip(raw, defaulted, strict=True)}
            return [merged(*before[f[identity]], f) if f[identity] in before else f for f in found]
    return copy.deepcopy(found) if found is not _MISSING else _MISSING


def _document_view(found: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The imported data as the current data would hold them: the keys a document cannot
    tell (model, territory, ids and kinds of the parties, the pending avenant) are the current ones."""
    view = {k: v for k, v in current.items() if k not in DOCUMENT_KEYS}
    view |= {k: found[k] for k in DOCUMENT_KEYS if k in found}
    parties = []
    for now, read in zip(current.get("parties", []), found.get("parties", []), strict=False):
        party = {k: v for k, v in now.items() if k not in PARTY_KEYS}
        party |= {k: read[k] for k in PARTY_KEYS if k in read}
        parties.append(party)
    view["parties"] = parties
    return view


PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg")


def _pictures_kept(found: dict[str, Any], pictures: dict[str, Picture], folder: Path) -> dict[Path, bytes]:
    """The pictures of an edited document to write beside the data: those the territory's folder
    already holds (the same bytes) keep their file, named in `found` in place of the import's."""
    existing: dict[str, str] = {}
    for file in sorted(folder.rglob("*")):
        if file.suffix.lower() in PICTURE_SUFFIXES and file.is_file() and file.stat().st_size <= PICTURE_LIMIT:
            existing.setdefault(fingerprint(file.read_bytes()), file.relative_to(folder).as_posix())
    renamed: dict[str, str] = {}
    new: dict[Path, bytes] = {}
    for path, picture in pictures.items():
        known = existing.get(fingerprint(picture.data))
        if known is None and (folder / path).exists():  # another picture has that name: never replaced
            known = f"{Path(path).parent.as_posix()}/image-{fingerprint(picture.data)[:12]}{Path(path).suffix}"
            new[folder / known] = picture.data
        if known is not None:
            renamed[path] = known
        else:
            new[folder / path] = picture.data

    def rename(value: Any) -> Any:
        if isinstance(value, str):
            for old, kept in renamed.items():
                value = value.replace(f"]({old}", f"]({kept}")
            return value
        if isinstance(value, dict):
            return {k: rename(v) for k, v in value.items()}
        if isinstance(value, list):
            return [rename(v) for v in value]
        return value

    found.update(rename(found))
    return new


def update(territory: Path, edited: Path, library: Library, write: bool = False) -> Update:
    """Compare `edited` with the territory's data; with `write`, bring the differences into its file."""
    source = convention_file(Path(territory))
    current = load_convention(source, library)
    document, raw = draft_document(edited, pictures=True)
    if raw.fingerprint and raw.fingerprint != data_fingerprint(source):
        raise DocgenError(
            "ce document a été produit à partir d'une autre version des données (empreinte différente)\u00a0: "
            "ses modifications se mêleraient à celles faites depuis dans convention.yaml ; produisez de nouveau "
            "la convention, reportez-y les modifications, puis importez-la",
            edited,
        )
    found = fitted(document, read_data(document, library, current.model), library, source).data
    pictures = _pictures_kept(found, imported_pictures(document), data_folder(source))
    text = source.read_text(encoding="utf-8")
    written = load_yaml(source).data
    defaulted = with_defaults(written)
    new = merged(written, defaulted, _document_view(found, defaulted))
    changes = describe_changes(written, new)
    if write and changes:
        patched = patch_yaml(text, new)
        validated(parse_text(patched, source), library)  # the data as they will be written build
        write_set({source: patched.encode("utf-8"), **pictures})
    return Update(source, changes, write and bool(changes))
