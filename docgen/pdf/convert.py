"""PDF conversion through LibreOffice (headless), one start for a whole batch."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from docgen.model.errors import DocgenError

CANDIDATES = ("soffice", "libreoffice")
TIMEOUT_S = 900


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


def _run_in_own_group(command: list[str], timeout: float, scratch: Path) -> bytes:
    """Run LibreOffice in its own process group, killed whole on timeout, error or interruption
    (soffice starts soffice.bin, which a plain kill of the first would leave running); its stderr."""
    env = {**os.environ, "TMPDIR": str(scratch)}  # its own temporary files go where ours are removed
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, env=env
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
        return stderr
    except subprocess.TimeoutExpired:
        raise DocgenError(f"LibreOffice n'a pas terminé la conversion en {timeout:.0f} secondes") from None
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


def docx_to_pdf(documents: list[bytes], names: list[str]) -> list[bytes]:
    """PDF bytes of each .docx (given as bytes; `names` only serve error messages)."""
    return convert(documents, names, "pdf")


def convert(documents: list[bytes], names: list[str], target: str) -> list[bytes]:
    """Each .docx converted by LibreOffice in one start: `target` is a LibreOffice filter
    (« pdf », « docx:MS Word 2007 XML » to have LibreOffice read and write a document again)."""
    soffice = find_soffice()
    suffix = target.split(":")[0]
    with tempfile.TemporaryDirectory(prefix="ctg-pdf-") as tmp:
        tmpdir = Path(tmp)
        inputs = []
        for i, data in enumerate(documents):
            staged = tmpdir / f"in{i}.docx"
            staged.write_bytes(data)
            inputs.append(staged)
        profile = (tmpdir / "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(tmpdir / "out"),
            *map(str, inputs),
        ]
        result = _run_in_own_group(command, _timeout(documents), tmpdir)
        produced = [tmpdir / "out" / f"in{i}.{suffix}" for i in range(len(inputs))]
        missing = [names[i] for i, p in enumerate(produced) if not p.is_file() or p.stat().st_size == 0]
        if missing:
            detail = result.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise DocgenError(
                f"LibreOffice n'a pas pu convertir le document en {suffix.upper()} ({detail[0] or 'sans message'})",
                missing[0],
            )
        return [p.read_bytes() for p in produced]
