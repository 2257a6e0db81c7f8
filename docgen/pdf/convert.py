"""PDF conversion through LibreOffice (headless), one start for a whole batch."""

from __future__ import annotations

import functools
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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
    "ExportBookmarksToPDFDestination": {"type": "boolean", "value": "true"},  # figures' pages (pdf/outline.py)
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


@functools.cache
def uno_python() -> str | None:
    """A Python that has LibreOffice's `uno` module (Debian's python3-uno), to convert each document
    in one load with `unoexport`; None if there is none (`soffice --convert-to` then, twice for a
    document whose tables continue on other pages). $CTG_UNO_PYTHON names it (empty: none)."""
    named = os.environ.get("CTG_UNO_PYTHON")
    if named is not None:
        candidates = [named] if named else []
    else:  # LibreOffice's own Python (its packages for other systems), else the system's
        candidates = [str(Path(os.path.realpath(find_soffice())).with_name("python")), "/usr/bin/python3"]
    for candidate in candidates:
        if not os.access(candidate, os.X_OK):
            continue
        try:
            probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return candidate
    return None


def _timeout(size: int) -> float:
    """A minute to start, then 20 seconds per megabyte of documents, at most a quarter of an hour."""
    return min(TIMEOUT_S, 60 + 20 * size / 1_000_000)


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

    def start(self, command: list[str], timeout: float) -> None:
        """Start `command` in the scratch folder (one command per watchman)."""
        try:
            self.stdin.write((json.dumps(command) + "\n").encode())
        except BrokenPipeError:
            raise DocgenError("la conversion par LibreOffice s'est arrêtée avant de commencer") from None
        self.deadline, self.timeout = time.monotonic() + timeout, timeout

    def done(self, wait: float = 0.0) -> bool:
        """Whether the command has ended (waiting at most `wait` seconds); a French error once
        its time is up."""
        if select.select([self.stdout], [], [], wait)[0]:
            return True
        if time.monotonic() > self.deadline:
            seconds = round(self.timeout)
            raise DocgenError(
                f"LibreOffice n'a pas terminé la conversion en {seconds} seconde{'s' if seconds >= 2 else ''}"
            )
        return False

    def log(self) -> str:
        """LibreOffice's error output."""
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
    (« pdf », « docx:MS Word 2007 XML » to have LibreOffice read and write a document again).
    A French error names the first document LibreOffice could not convert."""
    return labelled_pdfs(documents, names, [None] * len(documents), target)[0]


def labelled_pdfs(
    documents: list[bytes], names: list[str], plans: list[str | None], target: str = PDF_EXPORT
) -> tuple[list[bytes], dict[int, frozenset[str]]]:
    """`convert`, with the rows each document's PDF labels « (suite) » by its plan (by index, for
    those `unoexport` labelled: see `Conversion.put`)."""
    results, labelled, detail = _once(documents, target, plans)
    missing = [name for name, data in zip(names, results, strict=True) if data is None]
    if missing:
        suffix = target.split(":")[0]
        raise DocgenError(
            f"LibreOffice n'a pas pu convertir le document en {suffix.upper()} ({detail or 'sans message'})", missing[0]
        )
    return [data for data in results if data is not None], labelled


class Conversion:
    """One LibreOffice start for `count` documents handed over one by one with `put` (or given
    up with `skip`). `ready(i, result)` is called (from `poll` and `finish`) as each one is
    converted, None if LibreOffice could not.

    `early` (a batch): LibreOffice is started with every path at the first document and converts
    them in order, each as soon as it gets to it, while the others are still being rendered; a
    document that was not there yet when LibreOffice got to it is converted again at the end, by
    one more start. Otherwise LibreOffice starts at `finish`, every document given."""

    def __init__(
        self,
        count: int,
        target: str,
        ready: Callable[[int, bytes | None], None],
        early: bool = False,
        uno: bool = True,
    ) -> None:
        self.count, self.target, self.ready, self.early = count, target, ready, early
        self.suffix = target.split(":")[0]
        # our PDF export through `unoexport` when a Python with `uno` is there (one load per document)
        self.worker = uno_python() if uno and target == PDF_EXPORT else None
        self.labelled: dict[int, frozenset[str]] = {}  # by `unoexport`, as each one is told ready
        self.given: dict[int, bytes] = {}
        self.skipped: set[int] = set()
        self.told = 0
        self.missed: list[int] = []
        self.started = False

    def __enter__(self) -> Conversion:
        self.guarded = _Guarded().__enter__()
        self.inputs = [self.guarded.scratch / f"in{i}.docx" for i in range(self.count)]
        self.outputs = [self.guarded.scratch / "out" / f"in{i}.{self.suffix}" for i in range(self.count)]
        return self

    def __exit__(self, *exc: object) -> None:
        self.guarded.__exit__()

    def put(self, i: int, data: bytes, plan: str | None = None) -> None:
        """Document i, ready to be converted; `plan`: its merged tables' rows, for `unoexport` to
        label those that start a page (`docgen.build.paging.label_plan`)."""
        if plan is not None and self.worker is not None:  # before the document, which it waits for
            staging = self.inputs[i].with_name(f".in{i}.plan")
            staging.write_text(plan, "utf-8")
            os.replace(staging, self.inputs[i].with_name(f"in{i}.plan.json"))
        staging = self.inputs[i].with_name(f".in{i}.part")
        staging.write_bytes(data)
        os.replace(staging, self.inputs[i])  # LibreOffice sees the whole document or none
        self.given[i] = data
        if self.early and not self.started:
            self._start()
        if self.started:
            self.poll()

    def skip(self, i: int) -> None:
        """Document i will not come (its territory failed)."""
        self.skipped.add(i)
        if self.worker is not None:  # it waits for each document in turn
            self.inputs[i].with_name(f"in{i}.skip").touch()

    def _start(self) -> None:
        command = (
            self._worker_command()
            if self.worker is not None
            else [
                find_soffice(),
                f"-env:UserInstallation={(self.guarded.scratch / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                self.target,
                "--outdir",
                str(self.guarded.scratch / "out"),
                *map(str, self.inputs),
            ]
        )
        given = sum(len(d) for d in self.given.values())  # a batch's documents are alike: as the first ones
        self.guarded.start(command, _timeout(given * self.count // len(self.given)))
        self.started = True

    def _worker_command(self) -> list[str]:
        assert self.worker is not None
        script = str(Path(__file__).with_name("unoexport.py"))
        options = json.dumps(PDF_EXPORT_OPTIONS)
        return [self.worker, script, str(self.guarded.scratch), str(self.count), find_soffice(), options]

    def poll(self, finished: bool = False) -> None:
        """Tell the documents converted since the last call. LibreOffice converts in order: every
        document before one whose result exists is done (converted, or failed)."""
        frontier = self.count if finished else self.told
        if not finished:
            for j in range(self.count - 1, self.told, -1):
                if self.outputs[j].exists():
                    frontier = j
                    break
        while self.told < frontier:
            i, path = self.told, self.outputs[self.told]
            self.told += 1
            if i in self.skipped:
                continue
            if path.is_file() and path.stat().st_size:
                labels = path.with_name(f"in{i}.labels.json")
                if labels.is_file():
                    self.labelled[i] = frozenset(json.loads(labels.read_text("utf-8")))
                self.ready(i, path.read_bytes())
            else:
                self.missed.append(i)

    def finish(self, wait: Callable[[], None] = lambda: None) -> str:
        """Wait for LibreOffice (calling `wait` meanwhile), tell every document; its last message."""
        if not self.given:
            return ""
        if not self.started:
            self._start()
        while not self.guarded.done(0.1):
            self.poll()
            wait()
        self.poll(finished=True)
        log = self.guarded.log()
        # missed: put too late (early), or failed in `unoexport`: `soffice --convert-to` gets them
        again = [i for i in self.missed if i in self.given] if self.early or self.worker else []
        for i in sorted(set(self.missed) - set(again)):
            self.ready(i, None)
        if again:  # put after LibreOffice had passed it, or failed: one more start for them, plain
            results, _, log = _once([self.given[i] for i in again], self.target, uno=False)
            for i, data in zip(again, results, strict=True):
                self.ready(i, data)
        return (log.strip().splitlines()[-1:] or [""])[0]


def _once(
    documents: list[bytes], target: str, plans: list[str | None] | None = None, uno: bool = True
) -> tuple[list[bytes | None], dict[int, frozenset[str]], str]:
    """Documents all there, converted by one start: their results, the rows `unoexport` labelled
    in those it was given a plan for, and LibreOffice's last message."""
    results: list[bytes | None] = [None] * len(documents)
    with Conversion(len(documents), target, results.__setitem__, uno=uno) as conversion:
        for i, data in enumerate(documents):
            conversion.put(i, data, plans[i] if plans else None)
        return results, conversion.labelled, conversion.finish()
