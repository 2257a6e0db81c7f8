"""The single exception family of docgen: errors that carry file, line and key path."""

from __future__ import annotations

import errno
from pathlib import Path


class DocgenError(Exception):
    """An input or environment problem the user must fix; printed in French by the CLI.

    `path` is the file concerned, `line` its 1-based line, `key` the key path inside it
    (``parties[1].representatives[0].name``). `remedy` is what to do about it at the command
    line (« : lancez d'abord « ctg sign … » »), `remedy_web` the same in the web application;
    each starts with its own punctuation, as it follows the message.
    """

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        key: str | None = None,
        *,
        remedy: str = "",
        remedy_web: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.key = key
        self.remedy, self.remedy_web = remedy, remedy_web

    def text(self, web: bool = False) -> str:
        """Where, what, and what to do: at the command line, or in the web application."""
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "")
        if self.key:
            where = f"{where} {self.key}" if where else self.key
        told = self.message + (self.remedy_web if web else self.remedy)
        return f"{where}\u00a0: {told}" if where else told

    def __str__(self) -> str:
        return self.text()


class DocgenErrors(DocgenError):
    """Several independent errors found in one input (all are reported, not just the first)."""

    def __init__(self, errors: list[DocgenError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors

    def text(self, web: bool = False) -> str:
        return "\n".join(e.text(web) for e in self.errors)


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
