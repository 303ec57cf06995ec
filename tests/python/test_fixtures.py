"""The shared fixtures (tests/fixtures/cases.json and tests/fixtures/csv/cases.json): the same cases the
Rust and JavaScript tests run."""

import pytest

import journey
from conftest import CSV_FIXTURES, FIXTURES, cases, manifest

LOAD_ERRORS = cases(FIXTURES, "load_errors") + cases(CSV_FIXTURES, "load_errors")
VALID = cases(FIXTURES, "valid") + cases(CSV_FIXTURES, "valid")
QUERIES = cases(FIXTURES, "queries")


def test_manifests_are_there():
    assert manifest(FIXTURES).get("load_errors"), "tests/fixtures/cases.json is missing or empty"
    assert manifest(CSV_FIXTURES).get("load_errors"), "tests/fixtures/csv/cases.json is missing or empty"


def loaders(folder, case):
    """Every way of loading the case's file, as (description, thunk)."""
    path = folder / case["file"]
    if case["loader"] == "json":
        return [
            ("from_json(bytes)", lambda: journey.Journey.from_json(path.read_bytes())),
            ("load(path)", lambda: journey.Journey.load(path)),
            ("load(str)", lambda: journey.Journey.load(str(path))),
        ]
    if case["loader"] == "csv_sheet":
        stem = path.stem
        name = stem.replace("-", " ").replace("_", " ")
        name = name[:1].upper() + name[1:]
        return [
            ("from_csv_sheet(path)", lambda: journey.Journey.from_csv_sheet(path)),
            ("from_csv_sheet_text(bytes)", lambda: journey.Journey.from_csv_sheet_text(path.read_bytes(), stem, name)),
        ]
    raise AssertionError(f"unknown loader {case['loader']!r}")


@pytest.mark.parametrize("folder, case", LOAD_ERRORS)
def test_load_error(folder, case):
    for how, load in loaders(folder, case):
        with pytest.raises(journey.JourneyError) as caught:
            load()
        error = caught.value
        assert error.kind == case["kind"], how
        expected_class = journey.ValidationError if case["kind"] == "invalid" else journey.ParseError
        assert type(error) is expected_class, how
        assert isinstance(error, ValueError), how
        message = str(error)
        for part in case.get("message_contains", []):
            assert part in message, f"{how}: {part!r} not in {message!r}"
        expected_problems = [(p["kind"], p["path"]) for p in case.get("problems", [])]
        if case["kind"] == "invalid":
            assert [(p.kind, p.path) for p in error.problems] == expected_problems, how
            assert all(isinstance(p, journey.Problem) for p in error.problems)
            # The message spells out the first 20 problems (the list has them all).
            assert all(p.message for p in error.problems)
            assert all(p.message in message for p in error.problems[:20])
            assert all(p.message not in message for p in error.problems[20:])
        else:
            assert expected_problems == []
            assert not hasattr(error, "problems") or error.problems == []


@pytest.mark.parametrize("folder, case", VALID)
def test_valid(folder, case):
    for how, load in loaders(folder, case):
        j = load()
        assert j.id == case["id"], how
        if "name" in case:
            assert j.name == case["name"], how
        assert [s.id for s in j.stages] == case["stages"], how
        assert [t.id for t in j.touchpoints] == case["touchpoints"], how
        assert [[t.from_, t.to] for t in j.transitions] == case["transitions"], how
        assert [t.id for t in j.entries] == case["entries"], how
        assert [t.id for t in j.goals] == case["goals"], how
        assert len(j) == len(case["touchpoints"])
        assert j.validate() == []
        assert journey.Journey.from_json(j.to_json()) == j, how
        if "same_map_as" in case:
            other = journey.Journey.load(folder / case["same_map_as"])
            assert [s.id for s in j.stages] == [s.id for s in other.stages]
            assert [t.id for t in j.touchpoints] == [t.id for t in other.touchpoints]
            assert [(t.from_, t.to) for t in j.transitions] == [(t.from_, t.to) for t in other.transitions]
            assert [t.id for t in j.entries] == [t.id for t in other.entries]
            assert [t.id for t in j.goals] == [t.id for t in other.goals]


def ids(touchpoints):
    return [t.id for t in touchpoints]


@pytest.mark.parametrize("folder, case", QUERIES)
def test_queries(folder, case):
    j = journey.Journey.load(folder / case["file"])
    for stage, expected in case.get("stage_touchpoints", {}).items():
        assert ids(j.stage_touchpoints(stage)) == expected, stage
    for persona, expected in case.get("persona_touchpoints", {}).items():
        assert ids(j.persona_touchpoints(persona)) == expected, persona
    for channel, expected in case.get("channel_touchpoints", {}).items():
        assert ids(j.channel_touchpoints(channel)) == expected, channel
    for tp, expected in case.get("successors", {}).items():
        assert ids(j.successors(tp)) == expected, tp
    for tp, expected in case.get("predecessors", {}).items():
        assert ids(j.predecessors(tp)) == expected, tp
    for p in case.get("paths", []):
        found = j.path(p["from"], p["to"])
        if p["path"] is None:
            assert found is None, p
            assert j.reaches(p["from"], p["to"]) is False
        else:
            assert ids(found) == p["path"], p
            assert j.reaches(p["from"], p["to"]) is True
