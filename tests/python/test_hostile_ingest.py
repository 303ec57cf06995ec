"""Hostile event-log input (tests/fixtures/hostile/ingest/): the shared cases as the Rust and JS tests run
them, empty tables of any column types as empty logs, duplicate columns, Arrow timestamps out of range and
bad UTC offsets, and IO errors that name the path."""

from collections import Counter

import pytest

import journey
from conftest import FIXTURES, cases

HOSTILE = FIXTURES / "hostile" / "ingest"


def variants(log):
    return Counter({tuple(v["path"]): v["customers"] for v in log.discover().to_dict()["variants"]})


@pytest.mark.parametrize("folder, case", cases(HOSTILE, "cases"))
def test_shared_case(folder, case):
    path = folder / case["file"]
    readers = [lambda: journey.EventLog.from_csv(path), lambda: journey.EventLog.from_csv_text(path.read_bytes())]
    for read in readers:
        if "error" in case:
            with pytest.raises(journey.JourneyError) as caught:
                read()
            assert caught.value.kind == case["error"]["kind"]
            for fragment in case["error"]["contains"]:
                assert fragment in str(caught.value)
        else:
            log = read()
            assert len(log) == case["events"]
            assert log.customer_count == case["customers"]
            assert variants(log) == Counter(tuple(p) for p in case["paths"].values())


def test_the_cases_are_there():
    assert len(cases(HOSTILE, "cases")) >= 10


def empty_frames():
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    names = ["customer_id", "timestamp", "touchpoint"]
    yield pd.DataFrame({"customer_id": [], "timestamp": [], "touchpoint": []})
    yield pd.DataFrame({n: pd.Series([], dtype="float64") for n in names})
    yield pd.DataFrame({n: pd.Series([], dtype="int64") for n in names})
    yield pd.DataFrame({"customer_id": [], "timestamp": pd.Series([], dtype="datetime64[ns]"), "touchpoint": []})
    yield pl.DataFrame({"customer_id": [], "timestamp": [], "touchpoint": []})
    yield pl.DataFrame(schema={"customer_id": pl.Float64, "timestamp": pl.Boolean, "touchpoint": pl.List(pl.Int8)})
    yield pa.table({n: pa.array([], pa.float64()) for n in names})
    yield pa.table({"customer_id": pa.array([], pa.bool_()), "timestamp": pa.array([], pa.binary()),
                    "touchpoint": pa.array([], pa.struct([("a", pa.int8())]))})


def test_an_empty_table_of_any_column_types_is_an_empty_log():
    for frame in empty_frames():
        log = journey.EventLog.from_arrow(frame)
        assert (len(log), log.customer_count) == (0, 0), type(frame)
        assert log.discover().to_dict()["variants"] == []
    import pandas as pd

    frame = pd.DataFrame({"customer_id": [], "timestamp": [], "touchpoint": [], "value": []})
    log = journey.EventLog.from_arrow(frame, outcome="value")
    assert len(log) == 0 and log.has_outcome
    # A column still has to be there.

    with pytest.raises(journey.JourneyError, match='missing column "touchpoint"'):
        journey.EventLog.from_arrow(pd.DataFrame({"customer_id": [], "timestamp": []}))


def test_duplicate_columns_are_refused():
    import pandas as pd
    import pyarrow as pa

    a = pa.array(["c"])
    table = pa.Table.from_arrays([a, pa.array(["2026-03-01"]), a, a], names=["customer_id", "timestamp", "touchpoint", "touchpoint"])
    for data in (table, pd.DataFrame([["c", "2026-03-01", "x", "y"]], columns=["customer_id", "timestamp", "touchpoint", "touchpoint"])):
        with pytest.raises(journey.JourneyError) as caught:
            journey.EventLog.from_arrow(data)
        message = str(caught.value)
        assert '"touchpoint"' in message and "positions 3 and 4" in message, message


def test_arrow_timestamps_out_of_range_are_refused_naming_row_and_value():
    import pyarrow as pa

    for values, kind in [
        (pa.array([0, 9_000_000_000_000_000_000], pa.timestamp("ms")), "timestamp[ms]"),
        (pa.array([0, -9_000_000_000_000_000_000], pa.timestamp("ms", tz="UTC")), "timestamp[ms, tz]"),
        (pa.array([0, 9_000_000_000_000_000_000], pa.timestamp("s")), "timestamp[s]"),
        (pa.array([0, 3_000_000], pa.date32()), "date32"),
        (pa.array([0, 9_000_000_000_000_000_000], pa.int64()), "int64"),
        (pa.array([0.0, 9e18], pa.float64()), "float64"),
        (pa.array(["2026-03-01T10:00:00Z", "2026-03-01T10:00:00+25:00"]), "utf8"),
    ]:
        table = pa.table({"customer_id": ["a", "a"], "timestamp": values, "touchpoint": ["x", "y"]})
        with pytest.raises(journey.JourneyError) as caught:
            journey.EventLog.from_arrow(table)
        message = str(caught.value)
        assert message.startswith('row 1, column "timestamp"'), (kind, message)
        assert "out of range" in message, (kind, message)
    # The edges of the range, 1677-09-21T00:12:43.145224192Z and 2262-04-11T23:47:16.854775807Z, are in it.
    edges = pa.array([-(2**63), 2**63 - 1], pa.timestamp("ns"))
    ok = pa.table({"customer_id": ["a", "b"], "timestamp": edges, "touchpoint": ["x", "y"]})
    assert len(journey.EventLog.from_arrow(ok)) == 2
    late = pa.table({"customer_id": ["a"], "timestamp": pa.array([9_223_372_036_855], pa.timestamp("ms")), "touchpoint": ["x"]})
    with pytest.raises(journey.JourneyError, match="9223372036855 ms since the epoch is out of range"):
        journey.EventLog.from_arrow(late)


def test_a_directory_is_an_io_error_naming_it(tmp_path):
    for progress in (False, lambda read, total: None):
        with pytest.raises(journey.JourneyIOError) as caught:
            journey.EventLog.from_csv(tmp_path, progress=progress)
        assert caught.value.kind == "io"
        assert str(caught.value).startswith(str(tmp_path) + ": "), str(caught.value)


def test_values_that_are_not_outcomes_are_refused_with_one_sentence():
    """The shared outcomes.json: CSV text and Arrow columns of floats, ints and strings say the core's sentence."""
    import json

    import pyarrow as pa

    shared = json.loads((HOSTILE / "outcomes.json").read_text(encoding="utf-8"))
    expected = shared["expected"]

    def refused(read, shown, kind):
        with pytest.raises(journey.ParseError) as caught:
            read()
        assert caught.value.kind == kind
        assert str(caught.value).endswith(f"cannot read {shown} as an outcome, {expected}"), str(caught.value)

    def table(values, type_):
        return pa.table({"customer_id": ["c"], "timestamp": ["2026-03-01"], "touchpoint": ["t"],
                         "value": pa.array(values, type_)})

    for text in shared["texts"]:
        csv = f"customer_id,timestamp,touchpoint,value\nc,2026-03-01,t,{text}\n"
        refused(lambda: journey.EventLog.from_csv_text(csv, outcome="value"), f'"{text}"', "csv")
        refused(lambda: journey.EventLog.from_arrow(table([text], pa.string()), outcome="value"), f'"{text}"', "csv")
    for n in shared["numbers"]:
        shown = f"{n:.0f}" if float(n).is_integer() else str(n)
        refused(lambda: journey.EventLog.from_arrow(table([n], pa.float64()), outcome="value"), shown, "csv")
    for n in shared["integers"]:
        refused(lambda: journey.EventLog.from_arrow(table([n], pa.int64()), outcome="value"), str(n), "csv")
