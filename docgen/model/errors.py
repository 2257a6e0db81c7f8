"""The single exception family of docgen: errors that carry file, line and key path."""

from __future__ import annotations

import errno
from pathlib import Path


class DocgenError(Exception):
    """An input or environment problem the user must fix; printed in French by the CLI.

    `path` is the file concerned, `line` its 1-based line, `key` the key path inside it
    (``parties[1].representatives[0].name``).
    """

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.key = key

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "")
        if self.key:
            where = f"{where} {self.key}" if where else self.key
        return f"{where}\u00a0: {self.message}" if where else self.message


class DocgenErrors(DocgenError):
    """Several independent errors found in one input (all are reported, not just the first)."""

    def __init__(self, errors: list[DocgenError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


_OS_REASONS = {
    errno.ENOSPC: "plus de place sur le disque",
    errno.EDQUOT: "quota disque dépassé",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.EBUSY: "fichier occupé par un autre programme",
    errno.ETXTBSY: "fichier occupé par un autre programme",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.EIO: "erreur d'entrée-sortie du disque",
    errno.ELOOP: "trop de liens symboliques en chaîne",
    errno.EEXIST: "le fichier existe déjà",
}


def os_reason(exc: OSError) -> str:
    """The operating system's reason for `exc`, in French (« plus de place sur le disque »)."""
    reason = _OS_REASONS.get(exc.errno or 0)
    if reason:
        return reason
    return f"erreur du système n°\u00a0{exc.errno}" if exc.errno else "erreur du système"
