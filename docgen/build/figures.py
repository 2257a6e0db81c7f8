"""Figures of a convention (charts and maps of the état des lieux…): numbered in document order,
each given its picture, read from the territory's folder and checked (`docgen.data.images`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from pathlib import Path

from docgen.data.images import picture
from docgen.data.loading import data_folder
from docgen.model.errors import DocgenError
from docgen.model.territory import Convention
from docgen.model.tree import Figure, Picture, Section


def with_figures(
    sections: tuple[Section, ...], c: Convention, source: Path | None, pictures: Mapping[str, Picture] = {}
) -> tuple[Section, ...]:
    """`sections` (in document order) with their figures numbered from 1 and their pictures read
    (or taken from `pictures`, by path)."""
    folder = data_folder(source)
    loaded: dict[str, Picture] = dict(pictures)
    number = 0
    out = []
    for section in sections:
        if not any(isinstance(b, Figure) for b in section.blocks):
            out.append(section)
            continue
        blocks = []
        for block in section.blocks:
            if isinstance(block, Figure):
                number += 1
                if block.path not in loaded:
                    try:
                        loaded[block.path] = picture(block.path, folder, "?", source)
                    except DocgenError as exc:  # the key is looked for only when it is to be named
                        exc.key = _key_of(c, block.path)
                        raise
                block = dataclasses.replace(block, number=number, picture=loaded[block.path])
            blocks.append(block)
        out.append(dataclasses.replace(section, blocks=tuple(blocks)))
    return tuple(out)


def _key_of(c: Convention, path: str) -> str:
    """The key path of the text that shows the image `path` (« diagnosis.sections[1].text »)."""
    return next(_keys(c.model_dump(), path, ""), "?")


def _keys(value: object, path: str, key: str) -> Iterator[str]:
    if isinstance(value, str):
        if f"]({path}" in value or f"](<{path}>" in value:
            yield key
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _keys(v, path, f"{key}.{k}" if key else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _keys(v, path, f"{key}[{i}]")
