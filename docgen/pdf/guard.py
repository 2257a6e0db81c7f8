"""The watchman of one LibreOffice run: no soffice process and no scratch folder outlives ctg.

LibreOffice runs in its own session (a Ctrl-C in the terminal must not reach it half-way), so it
would not die with ctg: after a kill -9 of ctg, soffice.bin went on running and its temporary
folder, holding a copy of the convention, stayed in /tmp. This small process sits between the
two, and owns the scratch folder for its whole life:

1. it creates the folder and writes its path on its standard output;
2. ctg puts the documents in it and writes the LibreOffice command, as one JSON line, on the
   watchman's standard input; the watchman starts it in a process group of its own;
3. when LibreOffice ends, the watchman reaps it and writes « fin CODE » on its output;
4. when its standard input closes (ctg has read the results, gave up, or was killed by any
   signal: the kernel closes the pipe in every case), the watchman kills LibreOffice's whole
   group, reaps every descendant, removes the folder and ends.

    python -m docgen.pdf.guard PARENT_FOLDER

Only the standard library is used: it starts in a few milliseconds.
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

SCRATCH_PREFIX = "ctg-pdf-"
LOG = "libreoffice.log"  # LibreOffice's error output, in the scratch folder
PR_SET_CHILD_SUBREAPER = 36  # Linux: orphaned descendants are reparented to us, not to init


def _become_subreaper() -> None:
    """soffice.bin is a child of oosplash: when oosplash dies first it would be reparented to
    init, which in a container may never reap it. As a subreaper, we reap it ourselves."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the group kill still applies
        pass


def _say(text: str) -> None:
    try:
        os.write(1, (text + "\n").encode())
    except BrokenPipeError:  # ctg is gone; the closed input tells us the same
        pass


def _read_line() -> bytes:
    """One line of standard input; what came before the end if the pipe closed first."""
    line = b""
    while not line.endswith(b"\n"):
        chunk = os.read(0, 1)
        if not chunk:
            break
        line += chunk
    return line


def _end(group: int) -> None:
    """Kill LibreOffice's whole process group and reap every descendant."""
    try:
        os.killpg(group, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def _supervise(scratch: Path) -> None:
    line = _read_line()
    if not line.endswith(b"\n"):  # ctg ended before giving the command
        return
    command = json.loads(line)
    with (scratch / LOG).open("wb") as log:
        child = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
            env={**os.environ, "TMPDIR": str(scratch)},  # its own temporary files go where ours are removed
        )
    try:
        while child.poll() is None:
            readable, _, _ = select.select([0], [], [], 0.1)
            if readable:  # ctg gave up or died while LibreOffice was running
                return
        _say(f"fin {child.returncode}")
        _end(child.pid)  # soffice may leave soffice.bin behind in its group
        while os.read(0, 1 << 16):  # until ctg has read the results and closed the pipe
            pass
    finally:
        _end(child.pid)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage : python -m docgen.pdf.guard DOSSIER", file=sys.stderr)
        return 2
    _become_subreaper()
    scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=argv[0]))
    try:
        _say(str(scratch))
        _supervise(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
