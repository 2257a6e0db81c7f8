"""PDF conversion through LibreOffice (headless), one start for a whole batch."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from docgen.model.errors import DocgenError
from docgen.pdf.guard import LOG

CANDIDATES = ("soffice", "libreoffice")
TIMEOUT_S = 900
# Writer's PDF export, PDF/A-2b (what public archives expect) and tagged (what accessibility rules
# for public bodies expect): filter options in JSON, read from the command line since LibreOffice 7.4.
PDF_EXPORT_OPTIONS = {
    "SelectPdfVersion": {"type": "long", "value": "2"},
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
}
PDF_EXPORT = "pdf:writer_pdf_Export:" + json.dumps(PDF_EXPORT_OPTIONS, separators=(",", ":"))


def find_soffice() -> str:
    """Path of the LibreOffice executable, or a French error saying how to install it."""
    for name in [os.environ.get("CTG_SOFFICE", ""), *CANDIDATES]:
        found = shutil.which(name) if name else None
        if found:
            return found
    raise DocgenError(
        "LibreOffice est introuvable (commande «\u00a0soffice\u00a0»)\u00a0: il est nécessaire pour "
        "produire le PDF. Installez-le, par exemple avec «\u00a0apt-get install libreoffice-writer\u00a0»."
    )


def _timeout(documents: list[bytes]) -> float:
    """A minute to start, then 20 seconds per megabyte of documents, at most a quarter of an hour."""
    return min(TIMEOUT_S, 60 + 20 * sum(len(d) for d in documents) / 1_000_000)


class _Guarded:
    """A LibreOffice run under the watchman of `docgen.pdf.guard`, which owns the scratch folder
    and kills LibreOffice's whole group as soon as this process stops waiting for it: end,
    timeout, error, Ctrl-C, or a kill -9 of ctg (soffice starts soffice.bin, which a plain kill of
    the first would leave running). Used as a context manager; the folder is gone on exit."""

    def __enter__(self) -> _Guarded:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "docgen.pdf.guard", tempfile.gettempdir()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # its only failure, no scratch folder, is told below in French
            bufsize=0,
            start_new_session=True,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        said = self.stdout.readline().decode(errors="replace").strip()
        self.scratch = Path(said)
        if not said or not self.scratch.is_dir():
            self.__exit__()
            raise DocgenError(
                "impossible de créer un dossier temporaire pour la conversion par LibreOffice", tempfile.gettempdir()
            )
        return self

    def run(self, command: list[str], timeout: float) -> str:
        """Run `command` in the scratch folder; LibreOffice's error output."""
        try:
            self.stdin.write((json.dumps(command) + "\n").encode())
        except BrokenPipeError:
            raise DocgenError("la conversion par LibreOffice s'est arrêtée avant de commencer") from None
        ready, _, _ = select.select([self.stdout], [], [], timeout)
        if not ready:
            seconds = round(timeout)
            raise DocgenError(
                f"LibreOffice n'a pas terminé la conversion en {seconds} seconde{'s' if seconds >= 2 else ''}"
            )
        self.stdout.readline()
        log = self.scratch / LOG
        return log.read_text("utf-8", "replace") if log.is_file() else ""

    def __exit__(self, *_: object) -> None:
        try:  # the watchman kills LibreOffice and removes the folder as soon as this pipe closes
            self.stdin.close()
        except BrokenPipeError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.stdout.close()


def docx_to_pdf(documents: list[bytes], names: list[str]) -> list[bytes]:
    """PDF/A-2b bytes of each .docx (given as bytes; `names` only serve error messages), tagged,
    in French, the same bytes for the same .docx (see `docgen.pdf.archival`)."""
    from docgen.pdf.archival import archival  # pikepdf takes a tenth of a second to import: only for PDFs

    exported = convert(documents, names, PDF_EXPORT)
    return [archival(pdf, docx, name) for pdf, docx, name in zip(exported, documents, names, strict=True)]


def convert(documents: list[bytes], names: list[str], target: str) -> list[bytes]:
    """Each .docx converted by LibreOffice in one start: `target` is a LibreOffice filter
    (« pdf », « docx:MS Word 2007 XML » to have LibreOffice read and write a document again)."""
    soffice = find_soffice()
    suffix = target.split(":")[0]
    with _Guarded() as guarded:
        tmpdir = guarded.scratch
        inputs = []
        for i, data in enumerate(documents):
            staged = tmpdir / f"in{i}.docx"
            staged.write_bytes(data)
            inputs.append(staged)
        command = [
            soffice,
            f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(tmpdir / "out"),
            *map(str, inputs),
        ]
        result = guarded.run(command, _timeout(documents))
        produced = [tmpdir / "out" / f"in{i}.{suffix}" for i in range(len(inputs))]
        missing = [names[i] for i, p in enumerate(produced) if not p.is_file() or p.stat().st_size == 0]
        if missing:
            detail = result.strip().splitlines()[-1:] or [""]
            raise DocgenError(
                f"LibreOffice n'a pas pu convertir le document en {suffix.upper()} ({detail[0] or 'sans message'})",
                missing[0],
            )
        return [p.read_bytes() for p in produced]
