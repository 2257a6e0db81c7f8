"""How the user runs `ctg`, so that the commands suggested in messages can be typed as they are."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROGRAM = "ctg"


def ctg() -> str:
    """« .venv/bin/ctg » when run that way from the working folder (as the README does), else « ctg »."""
    launched = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path(PROGRAM)
    if launched.name != PROGRAM or len(launched.parts) == 1:
        return PROGRAM
    try:
        relative = Path(os.path.relpath(launched.resolve(), Path.cwd()))
    except ValueError:  # another drive
        return PROGRAM
    return PROGRAM if relative.parts[:1] == ("..",) else relative.as_posix()
