"""Where the clause library and the templates are read from: a Caf's own folder, else the package.

An installed package carries them as package data (`docgen/resources/`, laid out like the
repository: `clauses/`, `templates/`); a source checkout reads them where they are edited, at
the repository's root. The setting `CTG_LIBRARY` names a Caf's own library folder, laid out the
same way: what it holds (its clauses and models, its restyled Word template) replaces the
bundled file or folder of the same name, and the rest still comes from the package.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from docgen.model.errors import DocgenError

SETTING = "CTG_LIBRARY"


def resource(relative: str) -> Path:
    """The file or folder `relative` (e.g. « clauses », « templates/docx/convention.docx »)."""
    own = os.environ.get(SETTING)
    if own:
        folder = Path(own).expanduser()
        if not folder.is_dir():
            raise DocgenError(f"dossier de bibliothèque introuvable (réglage {SETTING})", folder)
        if (folder / relative).exists():
            return folder / relative
    return bundled() / relative


@cache
def bundled() -> Path:
    """The folder of the bundled clauses and templates."""
    from importlib.resources import files  # 10 ms to import: not before `ctg check` has started reading

    # files() is typed as a Traversable; for a package installed on disk it is a real Path (os.PathLike)
    packaged = Path(os.fspath(files("docgen"))) / "resources"  # type: ignore[call-overload]
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent  # a source checkout: the repository's root


def version() -> str:
    """The installed version of docgen, as reports and `ctg --version` give it."""
    from importlib import metadata  # 40 ms to import: only when asked

    try:
        return metadata.version("docgen")
    except metadata.PackageNotFoundError:  # run from a checkout that is not installed
        return "(non installée)"
