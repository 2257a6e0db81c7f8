"""Hostile inputs: the time and peak memory of refusing each, one fresh process per case.

Each case is built on the fly in a temporary folder, then `ctg check` (or `ctg build`) runs on
it in its own process; the figures are that process's wall time and peak resident memory
(os.wait4). Targets (issue 11): any input of 100 MB or less refused or checked within 30 s
and 1 GB; the 10-million-paragraph .docx refused in under 5 s.
Run: .venv/bin/python benchmarks/hostile.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile.test_files import _pdf_with_stream, _text_stream  # noqa: E402

W = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'


def docx(path: Path, body: bytes, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", W + body + b"</w:body></w:document>")
    return path


def cases(folder: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    out["docx, 10 millions de paragraphes vides"] = ["check", str(docx(folder / "a.docx", b"<w:p/>" * 10_000_000))]
    out["docx, 6 millions de balises vides non compressées"] = [
        "check",
        str(docx(folder / "a2.docx", b"<w:p>" + b"<w:r/>" * 6_000_000 + b"</w:p>", zipfile.ZIP_STORED)),
    ]
    out["docx, document.xml de 190 Mo"] = [
        "check",
        str(docx(folder / "b.docx", b"<w:p><w:r><w:t>" + b"x" * 190_000_000 + b"</w:t></w:r></w:p>")),
    ]
    out["PDF, flux de 400 Mo"] = ["check", str(_pdf_with_stream(folder / "c.pdf", b" " * 400_000_000))]
    out["PDF, 100 pages de 19 000 caractères sur un seul flux"] = [
        "check",
        str(_pdf_with_stream(folder / "c2.pdf", _text_stream(19_000), pages=100)),
    ]
    fifo = folder / "d.docx"
    os.mkfifo(fifo)
    out["tube nommé (FIFO)"] = ["check", str(fifo)]
    zero = folder / "e.docx"
    zero.symlink_to("/dev/zero")
    out["lien vers /dev/zero"] = ["check", str(zero)]
    big = folder / "territoire"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", big)
    with open(big / "convention.yaml", "a", encoding="utf-8") as handle:
        handle.write("# " + "x" * 6_000_000 + "\n")
    out["données YAML de 6 Mo"] = ["build", str(big), "--output", str(folder / "sortie")]
    real = folder / "convention.docx"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "docgen.cli",
            "build",
            str(ROOT / "conventions" / "saint-jean-de-la-ruelle"),
            "--output",
            str(folder),
        ],
        cwd=ROOT,
        check=False,
        capture_output=True,
    )
    built = folder / "saint-jean-de-la-ruelle" / "convention.docx"
    if built.exists():
        shutil.copy(built, real)
        out["vraie convention (témoin)"] = ["check", str(real)]
    return out


def measure(args: list[str]) -> tuple[int, float, float]:
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from docgen.cli import main; sys.exit(main(sys.argv[1:]))", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - started
    return os.waitstatus_to_exitcode(status), elapsed, usage.ru_maxrss / 1024


def main() -> None:
    if sys.argv[1:2] == ["--make"]:  # in a process of its own: the measuring one stays small
        print(json.dumps(cases(Path(sys.argv[2]))))
        return
    with tempfile.TemporaryDirectory(prefix="ctg-hostile-") as tmp:
        made = subprocess.run([sys.executable, __file__, "--make", tmp], capture_output=True, text=True, check=True)
        print(f"{'cas':<56} {'code':>4} {'durée':>8} {'mémoire':>10}")
        for name, args in json.loads(made.stdout).items():
            code, elapsed, peak = measure(args)
            print(f"{name:<56} {code:>4} {elapsed:>7.2f}s {peak:>8.0f}Mo", flush=True)


if __name__ == "__main__":
    main()
