"""The single exception family of docgen: errors that carry file, line and key path."""

from __future__ import annotations

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
