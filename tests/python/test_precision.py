"""Timestamps kept to the nanosecond, against the shared fixture tests/fixtures/precision/ (the same checks
as journey-core/tests/precision.rs and tests/js/precision.test.mjs; make.py counts each time's nanoseconds
by hand): events less than a millisecond apart come in their time order and their durations are exact,
from CSV text and from a pandas ``datetime64[ns]`` column; fractions of 9 digits (and more, rounded) are
kept; ``datetime`` arguments are exact to their microsecond, ``pandas.Timestamp`` ones to the nanosecond; a
time past the last nanosecond an i64 holds is an error naming its place and value."""

import datetime
import json
from collections import Counter

import pandas as pd
import pyarrow as pa
import pytest

import journey
from conftest import FIXTURES

CASES = json.loads((FIXTURES / "precision" / "cases.json").read_text(encoding="utf-8"))


def check(log, how):
    found = log.discover()
    paths = Counter(tuple(v["path"]) for v in found.to_dict()["variants"] for _ in range(v["customers"]))
    assert paths == Counter(tuple(p) for p in CASES["order"].values()), how
    rows = found.transitions().sort_values(["source", "target"]).to_dict("records")
    want = CASES["transitions"]
    assert [(r["source"], r["target"], r["count"]) for r in rows] == [(w["source"], w["target"], w["count"]) for w in want]
    for r, w in zip(rows, want):
        for key in ("mean_seconds", "median_seconds", "p95_seconds"):
            assert abs(r[key] - w[key]) <= 1e-12, f"{how}: {r['source']} -> {r['target']} {key}: {r[key]} against {w[key]}"


def test_events_less_than_a_millisecond_apart_keep_their_order_and_durations():
    check(journey.EventLog.from_csv_text(CASES["csv"]), "csv")


def test_a_pandas_nanosecond_column_keeps_its_nanoseconds():
    events = CASES["events"]
    frame = pd.DataFrame(
        {
            "customer_id": [e["customer"] for e in events],
            "timestamp": pd.to_datetime([e["ns"] for e in events], unit="ns"),
            "touchpoint": [e["touchpoint"] for e in events],
        }
    )
    assert str(frame["timestamp"].dtype) == "datetime64[ns]"
    check(journey.EventLog.from_arrow(frame), "pandas datetime64[ns]")
    check(journey.EventLog.from_arrow(frame.assign(timestamp=frame["timestamp"].dt.tz_localize("UTC"))), "pandas, UTC")
    check(journey.EventLog.from_arrow(pa.Table.from_pandas(frame)), "pyarrow timestamp[ns]")


@pytest.mark.parametrize("case", CASES["instants"], ids=[c["text"] for c in CASES["instants"]])
def test_fractions_of_nine_digits_and_more_are_kept_to_the_nanosecond(case):
    log = journey.EventLog.from_csv_text(f"customer_id,timestamp,touchpoint,value\nc,{case['text']},a,0\n", outcome="value")
    t = log.time_to_convert()
    assert t.as_of_iso == case["iso"]
    assert t.as_of_ms == case["ns"] // 1_000_000
    assert t.to_dict()["as_of_iso"] == case["iso"]
    # The ISO text reads back as the same time.
    assert log.time_to_convert(as_of=t.as_of_iso).as_of_iso == case["iso"]


def test_datetime_arguments_are_exact_to_their_unit():
    # Events a microsecond and a nanosecond after a whole second: a datetime keeps the microsecond, a pandas
    # Timestamp the nanosecond, and each bound of filter_period is exact.
    text = "customer_id,timestamp,touchpoint\nu,2026-03-01T10:00:00.000001Z,a\nn,2026-03-01T10:00:00.000000001Z,a\n"
    log = journey.EventLog.from_csv_text(text)
    utc = datetime.timezone.utc
    micro = datetime.datetime(2026, 3, 1, 10, 0, 0, 1, tzinfo=utc)
    assert log.filter_period(start=micro).customer_count == 1
    assert log.filter_period(end=micro).customer_count == 1
    assert log.filter_period(start=datetime.datetime(2026, 3, 1, 10, 0, 0, 1)).customer_count == 1  # naive: UTC
    nano = pd.Timestamp("2026-03-01T10:00:00.000000001Z")
    assert log.filter_period(start=nano).customer_count == 2
    assert log.filter_period(start=nano + pd.Timedelta(1, "ns")).customer_count == 1
    assert log.filter_period(start=pd.Timestamp("2026-03-01T10:00:00.000000002")).customer_count == 1  # naive


def test_a_time_past_the_range_names_its_place_and_value():
    late = CASES["out_of_range"]
    with pytest.raises(journey.JourneyError) as caught:
        journey.EventLog.from_csv_text(late["csv"])
    place = late["csv_error"]
    assert caught.value.kind == place["kind"]
    assert str(caught.value) == f'line {place["line"]}, column "{place["column"]}": {late["message"]}'
    table = pa.table(
        {
            "customer_id": ["p", "p"],
            "timestamp": pa.array(late["arrow_seconds"], type=pa.timestamp("s")),
            "touchpoint": ["a", "m"],
        }
    )
    with pytest.raises(journey.JourneyError) as caught:
        journey.EventLog.from_arrow(table)
    assert str(caught.value) == f'row {late["row"]}, column "timestamp": {late["arrow_message"]}'
