"""EventLog.for_persona against the shared fixture (tests/fixtures/personas, worked out by hand): each persona's
customers, conversions, value and stage funnel, the errors, and the persona's score with their log applied,
as the Rust and JS suites check them."""

import json

import pytest

import journey
from conftest import FIXTURES

HERE = FIXTURES / "personas"
EXPECTED = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
PERSONAS = EXPECTED["personas"]


def map_():
    return journey.Journey.load(HERE / EXPECTED["map"])


def log(segment_column=True):
    segment = EXPECTED["segment_column"] if segment_column else None
    return journey.EventLog.from_csv(HERE / EXPECTED["events"], outcome=EXPECTED["outcome_column"], segment=segment)


def test_the_fixture_log():
    l = log()
    assert (l.customer_count, l.conversions) == (EXPECTED["customers"], EXPECTED["conversions"])


@pytest.mark.parametrize("p", PERSONAS, ids=[p["persona"] for p in PERSONAS])
def test_each_persona_gets_the_customers_of_its_segment(p):
    j, l = map_(), log()
    mine = l.for_persona(j, p["persona"])
    assert isinstance(mine, journey.EventLog)
    assert (mine.customer_count, mine.conversions) == (p["customers"], p["conversions"])
    assert mine.attribution("last_touch")["value"].sum() == pytest.approx(p["value"], abs=1e-9)
    assert mine.stage_funnel(j)["customers"].tolist() == p["stage_funnel"]
    assert mine.discover().to_dict() == l.filter_segment(p["segment"]).discover().to_dict()


@pytest.mark.parametrize("p", [p for p in PERSONAS if "applied" in p], ids=lambda p: p["persona"])
def test_a_personas_score_with_their_log_applied(p):
    j, l = map_(), log()
    seen = j.apply(l.for_persona(j, p["persona"]))
    for tp, entered in p["applied"]["entered"].items():
        assert seen.touchpoint(tp).metrics.get("entered") == entered, tp
    score = seen.score(persona=p["persona"])
    assert score.persona == p["persona"]
    assert score.score.value == pytest.approx(p["applied"]["score"], abs=1e-9)
    assert j.score(persona=p["persona"]).score.value != pytest.approx(p["applied"]["score"], abs=1e-6)
    assert isinstance(seen.gaps(), list)


@pytest.mark.parametrize("case", EXPECTED["errors"], ids=[c["name"] for c in EXPECTED["errors"]])
def test_bad_personas_and_logs_name_the_argument_at_fault(case):
    # Each kind is its own exception class: not_found is a NotFoundError (a KeyError), the rest ArgumentError.
    expected = journey.NotFoundError if case["kind"] == "not_found" else journey.ArgumentError
    with pytest.raises(journey.JourneyError) as e:
        log(case["segment_column"]).for_persona(map_(), case["persona"])
    assert type(e.value) is expected
    assert e.value.kind == case["kind"]
    assert str(e.value).startswith(case["message_starts"])
    assert case["message"] in str(e.value)


def test_arguments_of_the_wrong_type():
    with pytest.raises(TypeError):
        log().for_persona("map.json", "savvy")
    with pytest.raises(TypeError):
        log().for_persona(map_(), 3)
