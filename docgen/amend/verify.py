"""`ctg verify`: does a document say what a recorded signed state gives?

Every generated document carries, in its properties (and the PDF's metadata), the SHA-256 of
the territory data it was built from. A file matches when that fingerprint is a recorded
state's and its text is, word for word, the text docgen produces from that state: the
convention as built, or, for an avenant's state, the avenant, the consolidated convention or
the redline. A PDF is compared with the candidates converted by LibreOffice the same way.
Because a hand-rewritten register can be made consistent, this check against documents
already sent or signed is what catches a rewritten last state.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docgen.amend.history import HISTORY_DIR, MANIFEST, SignedState, load_history, territory_folder, write_register
from docgen.amend.job import prepare
from docgen.build.job import build_bytes
from docgen.check.drafts import read_draft
from docgen.library.catalog import Library
from docgen.model.frenchtext import normalise
from docgen.model.rawblocks import RawDocument
from docgen.model.tree import Document
from docgen.pdf.convert import docx_to_pdf
from docgen.pdf.reader import read_pdf
from docgen.word.reader import read_docx
from docgen.word.writer import render_docx


@dataclass(frozen=True)
class Verdict:
    """The state a file matches (None if none), and why, in French."""

    state: SignedState | None
    reason: str


def verify(territory: Path, document: Path, library: Library) -> Verdict:
    """Whether `document` matches a signed state of `territory` (fingerprint and text)."""
    states = load_history(territory)  # the register's chain checked first
    draft = read_draft(document)
    if draft.fingerprint is None:
        return Verdict(None, "le document ne porte pas l'empreinte des données dont docgen l'a produit")
    state = next((s for s in states if s.sha256 == draft.fingerprint), None)
    if state is None:
        return Verdict(None, "l'empreinte du document ne correspond à aucun état signé du registre")
    candidates = _candidates(territory, states, state, library)
    if draft.source == "pdf":  # made from each document's layout variant, as `ctg build --pdf` does
        layouts = [render_docx(doc, layout=True) for doc in candidates.values()]
        converted = docx_to_pdf(layouts, list(candidates))
        texts = [_words(read_pdf(pdf, name)) for name, pdf in zip(candidates, converted, strict=True)]
    else:
        texts = [_words(read_docx(render_docx(doc), name)) for name, doc in candidates.items()]
    if _words(draft) in texts:
        return Verdict(state, f"le document correspond à {state.describe()}")
    return Verdict(
        None,
        f"l'empreinte est celle de {state.describe()}, mais le texte du document en diffère "
        "(modifié après sa production)",
    )


def _words(raw: RawDocument) -> list[str]:
    return normalise(" ".join(block.text for block in raw.blocks)).split()


def _candidates(
    territory: Path, states: list[SignedState], state: SignedState, library: Library
) -> dict[str, Document]:
    """The documents docgen produces from `state`, by name."""
    out = {"convention": build_bytes(state.file, library)[1]}
    if state.number == 0:
        return out
    with tempfile.TemporaryDirectory(prefix="ctg-verify-") as tmp:
        folder = Path(tmp) / territory_folder(territory).name
        history = folder / HISTORY_DIR
        history.mkdir(parents=True)
        shutil.copyfile(state.file, folder / "convention.yaml")
        earlier = states[: state.number]
        for s in earlier:
            shutil.copyfile(s.file, history / s.file.name)
            if s.original is not None:
                shutil.copyfile(s.original, history / s.original.name)
        copies = [
            dataclasses.replace(s, file=history / s.file.name, original=s.original and history / s.original.name)
            for s in earlier
        ]
        write_register(history / MANIFEST, copies)
        _, documents, _, _ = prepare(folder, library)
    out.update(documents)
    return out
