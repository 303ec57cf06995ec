"""Why customers leave, against the shared fixture in tests/fixtures/exit_reasons/ (the same checks as
journey-core/tests/exit_reasons.rs): the ``reason`` column of every reader, counted at the touchpoint where
each customer who did not convert left, from the reason of their last event; the top 5, most first, ties by
text. Blank reasons are none, a converting customer's reason does not count, a missing column is named."""

import json

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import journey
from conftest import FIXTURES

EXIT = FIXTURES / "exit_reasons"
WANT = json.loads((EXIT / "expected.json").read_text(encoding="utf-8"))
EVENTS = EXIT / WANT["events"]
COLUMNS = WANT["columns"]


def shape(found):
    return [
        {k: d[k] for k in ("touchpoint", "customers", "visitors", "reasons")} for d in found.to_dict()["dropoff"]
    ]


def frame():
    # Strings kept as they are (an empty reason reads as NaN, a null: no reason either way).
    return pd.read_csv(EVENTS, dtype={"why": "string"}, keep_default_na=False)


READERS = {
    "csv file": lambda: journey.EventLog.from_csv(EVENTS, **COLUMNS),
    "csv text": lambda: journey.EventLog.from_csv_text(EVENTS.read_text(encoding="utf-8"), **COLUMNS),
    "pandas": lambda: journey.EventLog.from_arrow(frame(), **COLUMNS),
    "polars": lambda: journey.EventLog.from_arrow(pl.read_csv(EVENTS), **COLUMNS),
    "pyarrow": lambda: journey.EventLog.from_arrow(pa.Table.from_pandas(frame()), **COLUMNS),
}


@pytest.mark.parametrize("reader", sorted(READERS))
def test_every_reader_counts_the_last_events_reason_of_those_who_left(reader):
    found = READERS[reader]().discover()
    assert shape(found) == WANT["dropoff"]


def test_the_reasons_table_lists_them_by_touchpoint_in_the_dropoff_order():
    found = journey.EventLog.from_csv(EVENTS, **COLUMNS).discover()
    table = found.dropoff_reasons()
    assert list(table.columns) == ["touchpoint", "reason", "customers"]
    want = [(d["touchpoint"], r["reason"], r["customers"]) for d in WANT["dropoff"] for r in d["reasons"]]
    assert list(table.itertuples(index=False, name=None)) == want
    assert found.dropoff_reasons(backend="polars").rows() == want
    # The drop-off table itself keeps its columns.
    assert list(found.dropoff().columns) == ["touchpoint", "customers", "visitors", "rate"]
    # A copy made from the dict is the same discovery.
    assert journey.Discovery(found.to_dict()) == found


def test_without_a_reason_column_there_are_no_reasons():
    columns = {k: v for k, v in COLUMNS.items() if k != "reason"}
    found = journey.EventLog.from_csv(EVENTS, **columns).discover()
    assert all(d["reasons"] == [] for d in found.to_dict()["dropoff"])
    assert len(found.dropoff_reasons()) == 0
    assert [d["customers"] for d in shape(found)] == [d["customers"] for d in WANT["dropoff"]]


def test_a_reason_column_the_log_lacks_is_named():
    missing = WANT["missing_column"]
    columns = {**COLUMNS, "reason": missing["reason"]}
    with pytest.raises(journey.ParseError) as csv_error:
        journey.EventLog.from_csv(EVENTS, **columns)
    assert missing["message_contains"] in str(csv_error.value)
    assert csv_error.value.kind == "csv"
    with pytest.raises(journey.ParseError) as arrow_error:
        journey.EventLog.from_arrow(pl.read_csv(EVENTS), **columns)
    assert missing["message_contains"] in str(arrow_error.value)


def applied():
    log = journey.EventLog.from_csv(EVENTS, **COLUMNS)
    return journey.Journey.load(EXIT / "map.json").apply(log)


def test_apply_writes_the_reasons_onto_the_map_and_the_drop_off_gaps_name_them():
    j = applied()
    for d in WANT["dropoff"]:
        assert j.touchpoint(d["touchpoint"]).metrics.get("exit_reasons", []) == d["reasons"], d["touchpoint"]
    assert "exit_reasons" not in j.touchpoint("paid").metrics
    assert journey.Journey.from_json(j.to_json()).to_json() == j.to_json()
    drop = [{"touchpoint": g.location.touchpoint, "message": g.message} for g in j.gaps() if g.kind == "drop_off"]
    assert drop == WANT["drop_off_gaps"]


@pytest.mark.parametrize("case", WANT["invalid_exit_reasons"], ids=lambda c: c["kind"])
def test_the_reasons_on_a_map_are_checked(case):
    doc = json.loads((EXIT / "map.json").read_text(encoding="utf-8"))
    doc["touchpoints"][2]["metrics"] = case["metrics"]
    with pytest.raises(journey.ValidationError) as caught:
        journey.Journey.from_dict(doc)
    assert [(p.kind, p.path) for p in caught.value.problems] == [(case["kind"], case["path"])]
