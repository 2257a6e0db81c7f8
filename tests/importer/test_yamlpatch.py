"""Patching the bundled territory files to edited data, and telling the edits in French."""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
import textwrap
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.data.yamlsource import dump_yaml
from docgen.importer.yamlpatch import IDENTITY, describe_changes, patch_yaml
from docgen.model.frenchtext import date_fr
from tests.conftest import EXAMPLES, ROOT

NB = "\u00a0"
TEXTS = {name: (ROOT / "conventions" / name / "convention.yaml").read_text(encoding="utf-8") for name in EXAMPLES}


def load(text: str) -> Any:
    """What `yaml.safe_load` reads, read faster (libyaml's loader when there): for the files as given."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def q(text: str) -> str:
    return f"«{NB}{text}{NB}»"


def short(text: str) -> str:
    """What a line shows of a long title: cut at a word before 80 characters, with « … »."""
    return text if len(text) <= 80 else text[: text.rfind(" ", 0, 80)].rstrip(" ,;:") + "…"


def same(a: Any, b: Any) -> bool:
    """Equal, types included all the way down (`1` is not `True`, a date is not a string)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(same, a, b))
    return type(a) is type(b) and a == b


def changed(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines removed and the lines added from `before` to `after`."""
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))[2:]
    return [d[1:] for d in diff if d.startswith("-")], [d[1:] for d in diff if d.startswith("+")]


def headings(text: str) -> list[tuple[str, str]]:
    """Each comment line with the key (or list entry) of the first line of data after it: what it heads."""
    lines = [line for line in text.splitlines() if line.strip()]
    data = [next((n for n in lines[i + 1 :] if not n.lstrip().startswith("#")), "") for i in range(len(lines))]
    return [
        (line, re.sub(r"^(\s*(- )?\w+:)(\s.*)?$", r"\1", data[i]))
        for i, line in enumerate(lines)
        if line.lstrip().startswith("#")
    ]


def objectives(data: dict) -> list[tuple[dict, dict, dict]]:
    """(orientation, goal, objective) of the action plan, in order."""
    return [
        (orientation, goal, objective)
        for orientation in data["action_plan"]["orientations"]
        for goal in orientation["goals"]
        for objective in goal["objectives"]
    ]


def new_action(number: str) -> dict:
    return {
        "number": number,
        "title": "Ouvrir un lieu d'accueil enfants-parents itinérant dans les quartiers prioritaires",
        "owner": "CCAS",
        "schedule": "2024-2025",
        "indicators": ["nombre de familles accueillies", "nombre de communes desservies"],
    }


# Each edit changes the data in place and returns the lines describe_changes must give, or None
# when the file has nothing to edit that way.


def rename_representative(data: dict) -> list[str]:
    party = data["parties"][1]
    person = party["representatives"][0]
    before, person["name"] = person["name"], "Marie Durand"
    return [f"parties[{party['id']}].representatives[0].name{NB}: {q(before)} → {q('Marie Durand')}"]


def change_owner(data: dict) -> list[str]:
    action = next(a for *_, o in objectives(data) for a in o["actions"] if len(a["owner"]) <= 80)
    before, action["owner"] = action["owner"], "CCAS"
    return [f"action_plan{NB}: porteur de l'action {action['number']}{NB}: {q(before)} → {q('CCAS')}"]


def insert_action(data: dict) -> list[str]:
    """A new action before the last of an objective, in the middle of the plan."""
    _, goal, objective = objectives(data)[1]
    action = new_action(f"{objective['actions'][-1]['number']} bis")
    objective["actions"].insert(len(objective["actions"]) - 1, action)
    place = f"orientation {q(short(goal['title']))}, objectif {q(short(objective['title']))}"
    return [f"action_plan{NB}: action {action['number']} {q(short(action['title']))} ajoutée ({place})"]


def append_action(data: dict) -> list[str]:
    """A new action at the very end of the first orientation, just above the next one's comment."""
    orientation = data["action_plan"]["orientations"][0]
    goal = orientation["goals"][-1]
    objective = goal["objectives"][-1]
    action = new_action("9.9")
    objective["actions"].append(action)
    place = f"orientation {q(short(goal['title']))}, objectif {q(short(objective['title']))}"
    return [f"action_plan{NB}: action 9.9 {q(short(action['title']))} ajoutée ({place})"]


def remove_structure(data: dict) -> list[str] | None:
    if "equipment" not in data:
        return None
    category = next(c for c in data["equipment"]["categories"] if len(c["structures"]) > 1 and len(c["type"]) <= 40)
    removed = category["structures"].pop(1)
    return [f"equipment.categories[{category['type']}].structures{NB}: structure {q(removed['name'])} supprimée"]


def add_article_text(data: dict) -> list[str]:
    data["article_texts"] = {"objet": "La présente convention définit le projet social du territoire."}
    return [f"article_texts.objet{NB}: texte propre au territoire ajouté"]


def reword_markup(data: dict) -> list[str]:
    """One word of the first paragraph of a multi-line text replaced, in the middle of a sentence."""
    text = data["preamble"]["characteristics"]
    word = list(re.finditer(r"[^ \n]+", text))[20]
    data["preamble"]["characteristics"] = text[: word.start()] + "nettement" + text[word.end() :]
    before, after = (re.findall(r"[^ \n]+", t) for t in (text, data["preamble"]["characteristics"]))
    excerpts = f"{q('…' + ' '.join(before[16:28]) + '…')} → {q('…' + ' '.join(after[16:28]) + '…')}"
    return [f"preamble.characteristics{NB}: texte réécrit ({excerpts})"]


def change_date(data: dict) -> list[str]:
    before, data["signature"]["date"] = data["signature"]["date"], dt.date(2023, 3, 1)
    return [f"signature.date{NB}: {q(date_fr(before))} → {q('1er mars 2023')}"]


EDITS: list[Callable[[dict], list[str] | None]] = [
    rename_representative,
    change_owner,
    insert_action,
    append_action,
    remove_structure,
    add_article_text,
    reword_markup,
    change_date,
]


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_same_data_gives_the_same_text(name):
    text = TEXTS[name]
    data = load(text)
    assert patch_yaml(text, data) == text
    assert describe_changes(data, copy.deepcopy(data)) == []


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.__name__)
@pytest.mark.parametrize("name", EXAMPLES)
def test_an_edit_changes_its_lines_only_and_is_told(name, edit):
    text = TEXTS[name]
    old = load(text)
    new = copy.deepcopy(old)
    expected = edit(new)
    if expected is None:
        pytest.skip(f"{name} has nothing to edit this way")
    patched = patch_yaml(text, new)
    assert same(yaml.safe_load(patched), new)
    assert headings(patched) == headings(text)  # every comment kept, above what it was above
    assert describe_changes(old, new) == expected
    removed, added = changed(text, patched)
    if edit in (rename_representative, change_owner, reword_markup, change_date):
        assert len(removed) == len(added) == 1
    elif edit is remove_structure:
        assert added == [] and len(load(textwrap.dedent("\n".join(removed)))) == 1  # one entry
    elif edit is add_article_text:
        assert removed == [] and added == ["", "article_texts:", f"  objet: {new['article_texts']['objet']}"]
    else:
        assert removed == [] and len(added) == 7


@pytest.mark.parametrize("name", EXAMPLES)
def test_an_inserted_action_is_written_like_its_neighbours(name):
    text = TEXTS[name]
    new = load(text)
    insert_action(new)
    _, added = changed(text, patch_yaml(text, new))
    _, _, objective = objectives(new)[1]
    assert load(textwrap.dedent("\n".join(added))) == [objective["actions"][-2]]
    quoted = '"' in next(line for line in text.splitlines() if line.strip().startswith("owner:"))
    assert all(('"' in line) == quoted for line in added if not line.endswith(":"))


def test_dates_stay_unquoted_dates():
    text = TEXTS["metz"]
    new = load(text)
    change_date(new)
    removed, added = changed(text, patch_yaml(text, new))
    assert [line.strip() for line in removed + added] == ["date: 2016-12-15", "date: 2023-03-01"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_all_edits_at_once(name):
    text = TEXTS[name]
    old = load(text)
    new = copy.deepcopy(old)
    expected = [line for edit in EDITS for line in edit(new) or []]
    patched = patch_yaml(text, new)
    assert same(yaml.safe_load(patched), new)
    assert headings(patched) == headings(text)
    assert sorted(describe_changes(old, new)) == sorted(expected)
    assert patch_yaml(patched, old) == text  # undoing the edits gives the file back, byte for byte


def test_a_removed_entry_takes_its_comment_and_leaves_the_next_ones():
    text = TEXTS["m2a"]
    old = load(text)
    new = copy.deepcopy(old)
    first = new["action_plan"]["orientations"].pop(0)
    patched = patch_yaml(text, new)
    assert same(yaml.safe_load(patched), new)
    assert [c for c, _ in headings(patched)] == [c for c, _ in headings(text) if c != "    # Axe 1"]
    assert "  orientations:\n    # Axe 2\n    - title: " in patched
    numbers = [a["number"] for g in first["goals"] for o in g["objectives"] for a in o["actions"]]
    assert describe_changes(old, new) == [
        f"action_plan{NB}: orientation générale {q(short(first['title']))} supprimée, "
        f"avec les actions {', '.join(numbers[:-1])} et {numbers[-1]}"
    ]


def test_a_renamed_objective_keeps_its_actions():
    text = TEXTS["saint-jean-de-la-ruelle"]
    old = load(text)
    new = copy.deepcopy(old)
    _, _, objective = objectives(new)[0]
    before, objective["title"] = objective["title"], "Aider les familles à trouver un mode de garde"
    patched = patch_yaml(text, new)
    removed, added = changed(text, patched)
    assert len(removed) == len(added) == 1
    assert describe_changes(old, new) == [
        f"action_plan{NB}: intitulé de l'objectif {q(before)} → {q('Aider les familles à trouver un mode de garde')}"
    ]


def test_a_file_docgen_wrote_keeps_its_indentation():
    """A renewal writes `convention.yaml` with `dump_yaml`: list dashes level with their key."""
    data = {"parties": [{"id": "caf", "representatives": [{"name": "Jean Dupont"}]}], "signature": {"place": "Metz"}}
    text = dump_yaml(data)
    new = copy.deepcopy(data)
    new["parties"][0]["representatives"][0]["name"] = "Marie Durand"
    assert changed(text, patch_yaml(text, new)) == (["  - name: Jean Dupont"], ["  - name: Marie Durand"])


# --- Random scalar edits of one file ---

METZ = load(TEXTS["metz"])


def _leaves(value: Any, path: tuple = ()) -> list[tuple]:
    """The paths of the scalars of `value`, but the fields that name a list's entries."""
    if isinstance(value, dict | list):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        return [leaf for key, item in items for leaf in _leaves(item, (*path, key))]
    naming = len(path) >= 3 and isinstance(path[-2], int) and IDENTITY.get(path[-3]) == path[-1]
    return [] if naming else [path]


LEAVES = _leaves(METZ)
VALUES = st.one_of(
    st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"], exclude_characters="#"), max_size=40),
    st.text(st.sampled_from("ab é\n:-'\""), max_size=12),
    st.sampled_from(["oui", "yes", "on", "2016", "1.1", "2022-01-01", "null", "", "- a", "a: b", "a #b", "\n\nx\n\n"]),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)),
    st.integers(-5, 3000),
    st.booleans(),
    st.none(),
)


def _get(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


@settings(max_examples=10, deadline=None)
@given(edits=st.dictionaries(st.sampled_from(LEAVES), VALUES, min_size=1, max_size=3))
def test_random_scalar_edits_load_back_and_are_told_one_by_one(edits):
    text = TEXTS["metz"]
    new = copy.deepcopy(METZ)
    for path, value in edits.items():
        _get(new, path[:-1])[path[-1]] = value
    real = [path for path, value in edits.items() if not same(_get(METZ, path), value)]
    patched = patch_yaml(text, new)
    assert same(yaml.safe_load(patched), new)
    assert headings(patched) == headings(text)
    removed, added = changed(text, patched)
    assert len(removed) <= sum(str(_get(METZ, p)).count("\n") + 2 for p in real)
    assert len(added) <= sum(str(_get(new, p)).count("\n") + 2 for p in real)
    assert len(describe_changes(METZ, new)) == len(real)
