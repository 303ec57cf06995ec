"""Views of an event log, against the shared fixture in tests/fixtures/views/ (the same checks as
journey-core/tests/views.rs): sessions by the session column or by inactivity, the log by channel and by
device, switches between consecutive events, and Markov attribution weighted by conversion value."""

import json
import math

import pytest

import journey
from conftest import FIXTURES

VIEWS = FIXTURES / "views"
WANT = json.loads((VIEWS / "expected.json").read_text(encoding="utf-8"))
EVENTS = VIEWS / WANT["events"]
COLUMNS = WANT["columns"]


def load(session=True):
    columns = {k: v for k, v in COLUMNS.items() if session or k != "session"}
    return journey.EventLog.from_csv(EVENTS, **columns)


def close(got, want):
    assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9), (got, want)


def check_discovery(log, want):
    found = log.discover().to_dict()
    assert found["customers"] == want["units"]
    assert found["conversions"] == want["conversions"]
    if "transitions" in want:
        got = sorted(found["transitions"], key=lambda t: (t["source"], t["target"]))
        assert [(t["source"], t["target"], t["count"]) for t in got] == [
            (t["source"], t["target"], t["count"]) for t in want["transitions"]
        ]
        for g, w in zip(got, want["transitions"]):
            close(g["mean_seconds"], w["mean_seconds"])
    variants = sorted(
        ({"path": v["path"], "customers": v["customers"], "conversions": v["conversions"]} for v in found["variants"]),
        key=lambda v: v["path"],
    )
    assert variants == sorted(want["variants"], key=lambda v: v["path"])
    first = log.attribution("first_touch")
    assert sorted(first["touchpoint"]) == sorted(want["first_touch_value"])
    for t, v in zip(first["touchpoint"], first["value"]):
        close(v, want["first_touch_value"][t])


def view_kwargs(view):
    return {k: view[k] for k in ("timeout_minutes", "use_column") if k in view}


@pytest.mark.parametrize("case", WANT["sessions"], ids=[c["name"] for c in WANT["sessions"]])
def test_sessions_follow_the_column_or_the_inactivity_timeout(case):
    base = load(session=not case.get("without_session_column", False))
    log = base if case["view"] is None else base.sessions(**view_kwargs(case["view"]))
    assert log.customer_count == case["units"]
    assert len(log) == len(base)
    assert sorted(log.customer_ids) == case["ids"]
    check_discovery(log, case)


def test_a_gap_of_exactly_the_timeout_stays_in_the_session():
    text = "customer_id,timestamp,touchpoint\nx,2026-03-01T10:00:00Z,a\nx,2026-03-01T10:30:00Z,b\n" \
        "x,2026-03-01T11:00:00.001Z,c\n"
    log = journey.EventLog.from_csv_text(text)
    assert log.sessions().customer_ids == ["x#1", "x#2"]
    assert log.sessions(timeout_minutes=0).customer_count == 3


@pytest.mark.parametrize("dimension", ["channel", "device"])
def test_views_by_channel_and_device_roll_up_exactly(dimension):
    base = load()
    log = base.by(dimension)
    assert (len(log), log.customer_count, log.conversions) == (len(base), base.customer_count, base.conversions)
    check_discovery(log, WANT["by"][dimension])
    assert base.by("touchpoint").discover() == base.discover()


@pytest.mark.parametrize("dimension", ["channel", "device"])
def test_switches_count_each_pair_and_the_conversion_with_and_without(dimension):
    got = load().switches(dimension)
    want = WANT["switches"][dimension]
    assert isinstance(got, journey.Switches)
    assert got.to_dict() == want
    assert (got.dimension, got.switches) == (dimension, want["switches"])
    assert got.with_switch == want["with_switch"] and got.without_switch == want["without_switch"]
    table = got.to_pandas()
    assert list(table.columns) == ["from", "to", "switches", "customers", "conversions", "conversion_rate"]
    assert list(table["switches"]) == [p["switches"] for p in want["pairs"]]
    assert list(table["conversion_rate"]) == [p["customers"]["conversion_rate"] for p in want["pairs"]]
    assert got.to_polars()["from"].to_list() == [p["from"] for p in want["pairs"]]


@pytest.mark.parametrize("name", ["counted", "weighted"])
def test_markov_weighted_by_value_against_the_exact_chain(name):
    want = WANT["markov"][name]
    df = load().attribution("markov", value_weighted=want["value_weighted"])
    assert df.attrs["value_weighted"] is want["value_weighted"]
    assert df.attrs["conversions"] == want["conversions"]
    close(df.attrs["value"], want["value"])
    close(df.attrs["conversion_probability"], want["conversion_probability"])
    assert list(df["touchpoint"]) == [r["touchpoint"] for r in want["rows"]]
    for key in ("removal_effect", "conversions", "value"):
        for g, r in zip(df[key], want["rows"]):
            close(g, r[key])
    svg = load().attribution_chart("markov", value_weighted=True)
    assert isinstance(svg, journey.Svg)


def test_bad_requests_name_the_place():
    errors = WANT["errors"]
    case = errors["missing_session"]
    log = journey.EventLog.from_csv_text(case["csv"], session="session")
    with pytest.raises(journey.ArgumentError) as e:
        log.sessions()
    assert str(e.value).startswith(case["name"] + ": ") and case["contains"] in str(e.value)
    assert log.sessions(use_column=False).customer_count == 1

    case = errors["timeout"]
    for bad in (case["timeout_minutes"], math.nan, math.inf):
        with pytest.raises(journey.ArgumentError, match="^timeout_minutes: .*is not a number of minutes"):
            load().sessions(timeout_minutes=bad, use_column=False)

    case = errors["no_channel"]
    bare = journey.EventLog.from_csv_text(errors["missing_session"]["csv"])
    for call in (bare.by, bare.switches):
        with pytest.raises(journey.ArgumentError, match=f"^{case['name']}: {case['contains']}"):
            call(case["dimension"])

    case = errors["weighted_linear"]
    with pytest.raises(journey.ArgumentError, match=f"^{case['name']}: {case['contains']}"):
        load().attribution(case["model"], value_weighted=True)
    with pytest.raises(journey.ArgumentError, match='^dimension: unknown dimension "screen"'):
        load().by("screen")
