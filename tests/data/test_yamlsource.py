"""Safe YAML reading with line numbers."""

from __future__ import annotations

import pytest

from docgen.data.yamlsource import format_keypath, load_yaml
from docgen.model.errors import DocgenError


def _write(tmp_path, text: str):
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_lines_of_keys_and_items(tmp_path):
    source = load_yaml(_write(tmp_path, "a: 1\nb:\n  - x: 2\n  - x: 3\n"))
    assert source.data == {"a": 1, "b": [{"x": 2}, {"x": 3}]}
    assert source.line_of(("b", 1, "x")) == 4
    assert source.line_of(("b", 1, "missing")) == 4
    assert format_keypath(("b", 1, "x")) == "b[1].x"


def test_billion_laughs_is_refused_quickly(tmp_path):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"
        for i in range(1, 12)
    ]
    with pytest.raises(DocgenError, match="alias YAML non autorisé"):
        load_yaml(_write(tmp_path, "\n".join(lines) + "\n"))


def test_python_tags_are_not_constructed(tmp_path):
    with pytest.raises(DocgenError, match="étiquette YAML non autorisée"):
        load_yaml(_write(tmp_path, "a: !!python/object/apply:os.system ['echo pwned']\n"))


def test_duplicate_key(tmp_path):
    with pytest.raises(DocgenError, match=r"f\.yaml:3\s*:.*en double"):
        load_yaml(_write(tmp_path, "a: 1\nb: 2\na: 3\n"))


def test_syntax_error_has_a_line(tmp_path):
    with pytest.raises(DocgenError, match=r"f\.yaml:[23]\s*:.*YAML mal formé"):
        load_yaml(_write(tmp_path, "a: 1\nb: [1, 2\nc: 3\n"))


def test_empty_file(tmp_path):
    with pytest.raises(DocgenError, match="vide"):
        load_yaml(_write(tmp_path, "# rien\n"))
