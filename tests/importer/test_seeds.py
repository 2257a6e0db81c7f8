"""`ctg import` on the seed conventions as a commune's Word draft and its PDF: what the seeds say
comes back, and what they leave blank is flagged rather than invented."""

from __future__ import annotations

import pytest

from docgen.build.job import build_bytes
from docgen.data.loading import load_convention
from docgen.importer.job import import_convention
from tests.importer import seeds
from tests.seedfixtures import metz_docx, saint_jean_docx

DRAFTS = {"saint-jean": saint_jean_docx, "metz": metz_docx}


@pytest.fixture(scope="module")
def imported(tmp_path_factory, library, pdfs):
    """Each seed imported from its .docx and from its PDF: (data, to_check, rebuilt .docx)."""
    out = {}
    for seed, draft in DRAFTS.items():
        for kind, data in (("docx", draft()), ("pdf", pdfs[f"seed-{seed}"])):
            folder = tmp_path_factory.mktemp(f"{seed}-{kind}")
            source = folder / f"convention.{kind}"
            source.write_bytes(data)
            result = import_convention(source, folder / "territoire", library)
            rebuilt, _ = build_bytes(result.file.parent, library)
            out[seed, kind] = (load_convention(result.file, library), result.imported.to_check, rebuilt)
    return out


CASES = [(seed, kind) for seed in DRAFTS for kind in ("docx", "pdf")]


@pytest.mark.parametrize(("seed", "kind"), CASES)
def test_parties_representatives_and_acts_are_the_seeds(imported, seed, kind):
    convention, to_check, _ = imported[seed, kind]
    flagged = {keypath for keypath, _ in to_check}
    assert len(convention.parties) == len(seeds.PARTIES[seed])
    for i, (party, (kind_, name, people, act)) in enumerate(zip(convention.parties, seeds.PARTIES[seed], strict=True)):
        assert (party.kind, seeds.plain(party.name)) == (kind_, name)
        assert [(r.civility, r.name, r.function) for r in party.representatives] == people
        if act is None:
            assert party.authorisation is None
            continue
        assert party.authorisation is not None
        assert (party.authorisation.act, party.authorisation.body) == act[:2]
        if act[2] is None:  # left blank by the seed: a provisional date, flagged
            assert ("parties", i, "authorisation", "date") in flagged
        else:
            assert party.authorisation.date == act[2]


@pytest.mark.parametrize(("seed", "kind"), CASES)
def test_dates_are_the_seeds_or_flagged(imported, seed, kind):
    convention, to_check, _ = imported[seed, kind]
    assert seeds.dates_as_the_seed(convention, to_check, seed) == [True] * 4


@pytest.mark.parametrize(("seed", "kind"), CASES)
def test_actions_are_the_seeds(imported, seed, kind):
    convention, _, _ = imported[seed, kind]
    found, expected = seeds.imported_actions(convention), seeds.expected_actions(seed)
    assert found == expected if expected else [a[1] for a in found] == ["À compléter"]


@pytest.mark.parametrize(("seed", "kind"), CASES)
def test_the_seeds_words_come_back_in_order(imported, seed, kind):
    _, _, rebuilt = imported[seed, kind]
    share = seeds.in_order(seeds.words(DRAFTS[seed]()), seeds.words(rebuilt))
    assert share >= 0.97, share
