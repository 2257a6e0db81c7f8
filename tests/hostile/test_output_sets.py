"""Output sets commit whole: after an error or a kill at any moment, all old files or all new ones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docgen import output
from docgen.model.errors import DocgenError
from docgen.output import STAGING_PREFIX, recover, write_set


@pytest.fixture
def old_set(tmp_path: Path) -> dict[Path, bytes]:
    files = {tmp_path / "out" / "convention.docx": b"ancien docx", tmp_path / "out" / "convention.pdf": b"ancien pdf"}
    for path, data in files.items():
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    return files


def _state(files) -> dict[str, bytes | None]:
    return {p.name: (p.read_bytes() if p.exists() else None) for p in files}


def test_a_set_replaces_every_file(old_set):
    new = {p: b"nouveau " + p.suffix.encode() for p in old_set}
    assert write_set(new) is True
    assert _state(old_set) == {"convention.docx": b"nouveau .docx", "convention.pdf": b"nouveau .pdf"}
    assert not list(next(iter(old_set)).parent.glob(STAGING_PREFIX + "*")), "no stage left"


def test_a_failure_while_staging_leaves_every_old_file(old_set, monkeypatch):
    calls = []
    real = os.fsync

    def failing(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(fd)

    monkeypatch.setattr(output.os, "fsync", failing)
    with pytest.raises(DocgenError, match=r"écriture impossible \(plus de place sur le disque\)"):
        write_set({p: b"nouveau" for p in old_set})
    assert _state(old_set) == {"convention.docx": b"ancien docx", "convention.pdf": b"ancien pdf"}
    assert not list(next(iter(old_set)).parent.glob(STAGING_PREFIX + "*"))


def test_a_kill_before_the_journal_is_undone_by_the_next_command(old_set):
    folder = next(iter(old_set)).parent
    stage = folder / f"{STAGING_PREFIX}tué"
    stage.mkdir()
    (stage / "0").write_bytes(b"nouveau docx, sans son pdf")
    recover(folder)
    assert not stage.exists()
    assert _state(old_set) == {"convention.docx": b"ancien docx", "convention.pdf": b"ancien pdf"}


def test_a_kill_after_the_journal_is_completed_by_the_next_command(old_set):
    folder = next(iter(old_set)).parent
    docx, pdf = old_set
    stage = folder / f"{STAGING_PREFIX}tué"
    stage.mkdir()
    (stage / "1").write_bytes(b"nouveau pdf")  # the docx was already renamed when the kill came
    docx.write_bytes(b"nouveau docx")
    (stage / "commit").write_text(f"0\t{docx.resolve()}\n1\t{pdf.resolve()}\n", encoding="utf-8")
    write_set({folder / "autre.txt": b"une autre commande"})  # any later write recovers first
    assert _state(old_set) == {"convention.docx": b"nouveau docx", "convention.pdf": b"nouveau pdf"}
    assert not stage.exists()


def test_a_read_only_file_is_never_replaced(old_set):
    docx = next(iter(old_set))
    docx.chmod(0o444)
    with pytest.raises(DocgenError, match="fichier en lecture seule\u00a0: il n'est pas remplacé"):
        write_set({p: b"nouveau" for p in old_set})
    assert _state(old_set) == {"convention.docx": b"ancien docx", "convention.pdf": b"ancien pdf"}
