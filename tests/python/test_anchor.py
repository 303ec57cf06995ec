"""Journeys anchored on the conversion, attribution per conversion and funnels with a window and step times,
against the shared fixture tests/fixtures/anchor/ (worked out by its make.py), which the Rust and JavaScript
tests run too."""

import json
import math

import pytest

import journey
from conftest import FIXTURES

HERE = FIXTURES / "anchor"
ALL = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
LOG = journey.EventLog.from_csv(HERE / "events.csv", outcome=ALL["outcome"])


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("case", ALL["journeys"], ids=[json.dumps(c["options"]) for c in ALL["journeys"]])
def test_journeys_split_at_each_conversion(case):
    journeys = LOG.journeys(**case["options"])
    assert isinstance(journeys, journey.EventLog)
    frame = journeys.customer_paths()
    want = case["journeys"]
    assert list(frame["customer"]) == [j["id"] for j in want]
    assert list(frame["path"]) == [" > ".join(j["touchpoints"]) for j in want]
    assert list(frame["length"]) == [len(j["touchpoints"]) for j in want]
    assert [bool(c) for c in frame["converted"]] == [j["converted"] for j in want]
    assert all(close(a, j["value"]) for a, j in zip(frame["value"], want))
    assert journeys.conversions == sum(j["converted"] for j in want)


@pytest.mark.parametrize("case", ALL["attribution"], ids=[json.dumps(c["options"]) for c in ALL["attribution"]])
def test_attribution_per_conversion_credits_as_worked_out(case):
    log = LOG.journeys(**case["journeys"]) if "journeys" in case else LOG
    options = dict(case["options"])
    frame = log.attribution(options.pop("model"), **options)
    want = case["result"]
    assert frame.attrs["conversions"] == want["conversions"]
    assert close(frame.attrs["value"], want["value"])
    assert list(frame["touchpoint"]) == [r["touchpoint"] for r in want["rows"]]
    assert all(close(a, r["conversions"]) for a, r in zip(frame["conversions"], want["rows"]))
    assert all(close(a, r["value"]) for a, r in zip(frame["value"], want["rows"]))


def test_polars_frames_hold_the_same_figures():
    frame = LOG.funnel(["site", "purchase"], within_days=0.5, backend="polars")
    assert frame["customers"].to_list() == [5, 3]
    assert LOG.journeys().customer_paths(backend="polars")["customer"].to_list()[:3] == ["c1#1", "c1#2", "c1#3"]


@pytest.mark.parametrize("case", ALL["funnels"], ids=[json.dumps([c["steps"], c["options"]]) for c in ALL["funnels"]])
def test_funnels_count_within_the_window_and_time_each_step(case):
    frame = LOG.funnel(case["steps"], **case["options"])
    want = case["result"]
    assert frame.attrs["customers"] == want["customers"]
    assert len(frame) == len(want["steps"])
    for (_, got), w in zip(frame.iterrows(), want["steps"]):
        for key, value in w.items():
            if value is None:
                assert got[key] is None or math.isnan(got[key]), (key, got[key])
            elif isinstance(value, str):
                assert got[key] == value
            else:
                assert close(float(got[key]), value), (key, got[key], value)


def test_the_chart_takes_the_window():
    narrow = LOG.funnel_chart(["site", "purchase"], within_days=0.5)
    assert isinstance(narrow, journey.Svg)
    assert str(narrow) != str(LOG.funnel_chart(["site", "purchase"]))
    anchored = LOG.attribution_chart("last_touch", per_conversion=True, lookback_days=7)
    assert isinstance(anchored, journey.Svg)


@pytest.mark.parametrize("case", ALL["errors"], ids=[c["call"] + json.dumps(c["options"]) for c in ALL["errors"]])
def test_bad_options_name_the_option(case):
    bare = journey.EventLog.from_csv_text("customer_id,timestamp,touchpoint\na,2026-03-01,ad\n")
    options = dict(case["options"])
    calls = {
        "journeys": lambda: LOG.journeys(**options),
        "journeys_without_outcome": lambda: bare.journeys(**options),
        "attribution": lambda: LOG.attribution(options.pop("model"), **options),
        "funnel": lambda: LOG.funnel(case.get("steps"), **options),
    }
    with pytest.raises(journey.ArgumentError) as raised:
        calls[case["call"]]()
    assert raised.value.kind == "argument"
    assert str(raised.value) == f"{case['name']}: {case['message']}"
