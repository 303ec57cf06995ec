"""The diff against the shared fixtures in tests/fixtures/diff/ (the same cases as
journey-core/tests/verdicts.rs and tests/js/diff.test.mjs): every edit a reviewer makes shows, by id, with
the field, the values before and after, and a sentence."""

import json

import pytest

import journey
from conftest import FIXTURES

DIR = FIXTURES / "diff"
CASES = json.loads((DIR / "cases.json").read_text(encoding="utf-8"))["cases"]


def load(name):
    return journey.Journey.load(str(DIR / name))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_each_edit_shows_by_id_with_field_values_and_sentence(case):
    a, b = load(case["a"]), load(case["b"])
    d = journey.diff(a, b)
    assert [e.to_dict() for e in d.edits] == case["edits"]
    assert all(isinstance(e, journey.Edit) for e in d.edits)
    assert d.lines[: len(d.edits)] == [e["line"] for e in case["edits"]]
    assert len(journey.diff(b, a).edits) == len(case["edits"])


def test_a_map_against_itself_has_no_edit():
    a = load(CASES[0]["a"])
    d = journey.diff(a, a)
    assert d.edits == [] and d.lines == [] and not d


def test_edits_to_pandas():
    import pandas  # noqa: F401  (the frame needs it; the tests install it)
    case = next(c for c in CASES if c["name"] == "pain_point_severity")
    df = journey.diff(load(case["a"]), load(case["b"])).edits_to_pandas()
    assert list(df.columns) == ["change", "item", "id", "field", "path", "before", "after", "line"]
    assert df.iloc[0]["field"] == "pain_points[pain_form].severity"
