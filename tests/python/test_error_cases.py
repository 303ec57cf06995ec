"""The shared error cases (tests/fixtures/errors/cases.json), which the Rust and JavaScript tests run too:
each bad input gives the same kind, message and location everywhere."""

import json

import pyarrow as pa
import pytest

import journey
from conftest import FIXTURES

CASES = json.loads((FIXTURES / "errors" / "cases.json").read_text(encoding="utf-8"))["cases"]
LOCATION = ("path", "line", "column", "row")


def call(case):
    loader = case["loader"]
    if loader == "json_text":
        return journey.Journey.from_json(case["text"])
    if loader == "document":
        return journey.Journey.from_dict(case["document"])
    if loader == "csv_sheet":
        return journey.Journey.from_csv_sheet_text(case["text"], case["id"], case["title"])
    if loader == "events_csv":
        return journey.EventLog.from_csv_text(case["text"])
    if loader == "mermaid":
        return journey.Journey.from_mermaid(case["text"])
    if loader == "persona_touchpoints":
        return journey.Journey.from_dict(case["document"]).persona_touchpoints(case["id"])
    if loader == "event_columns":
        table = pa.table({name: pa.array(cells, pa.string()) for name, cells in case["columns"].items()})
        return journey.EventLog.from_arrow(table, customer="customer")
    raise AssertionError(f"unknown loader {loader!r}")


def test_the_fixture_has_its_cases():
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_kind_message_and_location(case):
    with pytest.raises(journey.JourneyError) as caught:
        call(case)
    error = caught.value
    assert error.kind == case["kind"]
    assert str(error) == case["message"]
    assert {field: getattr(error, field) for field in LOCATION} == {
        field: case["location"].get(field) for field in LOCATION
    }


def test_every_error_has_the_location_fields():
    """Errors without a place have them too, as None; the classes give None."""
    with pytest.raises(journey.JourneyError) as caught:
        journey.Journey.from_json("")
    assert caught.value.kind == "empty"
    assert [getattr(caught.value, f) for f in LOCATION] == [None] * 4
    for name in ("JourneyError", "ParseError", "NotFoundError", "ArgumentTypeError", "JourneyIOError"):
        cls = getattr(journey, name)
        assert [getattr(cls, f) for f in LOCATION] == [None] * 4, name
