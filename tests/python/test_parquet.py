"""Event logs from Parquet files (``EventLog.from_parquet``, the core's reader), from a DuckDB query and from a
polars LazyFrame: the example Parquet file, a DuckDB query of the example CSV and a LazyFrame scanning it give
the log of ``from_csv`` (the same discovery, funnels and attribution); the shared fixture tests/fixtures/parquet/
(a Snappy-compressed file) gives the figures counted by hand; a missing file and a file that is not Parquet
raise clear errors."""

import json

import duckdb
import polars as pl
import pytest

import journey
from conftest import EXAMPLE, FIXTURES, ROOT
from test_analytics import EXAMPLE_COLUMNS, EXAMPLE_EVENTS, answers

PARQUET = FIXTURES / "parquet"
EXPECTED = json.loads((PARQUET / "expected.json").read_text(encoding="utf-8"))
EXAMPLE_PARQUET = ROOT / "examples" / "data" / "electronics-events.parquet"


@pytest.fixture(scope="module")
def example():
    return journey.Journey.load(EXAMPLE)


@pytest.fixture(scope="module")
def want(example):
    log = journey.EventLog.from_csv(EXAMPLE_EVENTS, **EXAMPLE_COLUMNS)
    assert (len(log), log.customer_count) == (9076, 3000)
    return answers(log, example)


def test_the_example_parquet_file_reads_as_its_csv(want, example):
    log = journey.EventLog.from_parquet(EXAMPLE_PARQUET, **EXAMPLE_COLUMNS)
    assert answers(log, example) == want
    assert answers(journey.EventLog.from_parquet(str(EXAMPLE_PARQUET), **EXAMPLE_COLUMNS), example) == want


def test_a_duckdb_query_reads_as_the_csv(want, example):
    query = duckdb.sql(f"select * from read_csv('{EXAMPLE_EVENTS.as_posix()}') order by customer_id, timestamp")
    assert answers(journey.EventLog.from_arrow(query.arrow(), **EXAMPLE_COLUMNS), example) == want


def test_a_duckdb_query_of_the_parquet_file_keeps_its_rows(example):
    # A filter in SQL gives the log of the same filter on the frame.
    query = f"select * from read_parquet('{EXAMPLE_PARQUET.as_posix()}') where segment = 'offline'"
    from_sql = journey.EventLog.from_arrow(duckdb.sql(query).arrow(), **EXAMPLE_COLUMNS)
    frame = pl.read_parquet(EXAMPLE_PARQUET).filter(pl.col("segment") == "offline")
    assert 0 < len(from_sql) < 9076
    assert answers(from_sql, example) == answers(journey.EventLog.from_arrow(frame, **EXAMPLE_COLUMNS), example)


def test_a_polars_lazyframe_is_collected(want, example):
    lazy = pl.scan_csv(EXAMPLE_EVENTS)
    assert isinstance(lazy, pl.LazyFrame)
    assert answers(journey.EventLog.from_arrow(lazy, **EXAMPLE_COLUMNS), example) == want
    scanned = pl.scan_parquet(EXAMPLE_PARQUET).filter(pl.col("segment") == "offline")
    eager = scanned.collect()
    assert 0 < eager.height < 9076
    assert answers(journey.EventLog.from_arrow(scanned, **EXAMPLE_COLUMNS), example) == answers(
        journey.EventLog.from_arrow(eager, **EXAMPLE_COLUMNS), example
    )


def test_a_snappy_file_gives_the_figures_counted_by_hand():
    log = journey.EventLog.from_parquet(PARQUET / EXPECTED["file"], outcome=EXPECTED["outcome"])
    assert (len(log), log.customer_count, log.conversions) == (
        EXPECTED["events"], EXPECTED["customers"], EXPECTED["conversions"]
    )
    moves = log.discover().transitions()[["source", "target", "count"]].to_dict("records")
    assert sorted(moves, key=lambda m: (m["source"], m["target"])) == EXPECTED["moves"]
    funnel = log.funnel(EXPECTED["funnel"]["steps"])
    assert funnel["customers"].tolist() == EXPECTED["funnel"]["customers"]


@pytest.mark.parametrize("case", EXPECTED["errors"], ids=lambda c: c["file"])
def test_a_missing_file_and_a_file_that_is_not_parquet_are_clear_errors(case):
    path = PARQUET / case["file"]
    error = journey.JourneyIOError if case["kind"] == "io" else journey.ParseError
    with pytest.raises(error) as caught:
        journey.EventLog.from_parquet(path, outcome=EXPECTED["outcome"])
    assert caught.value.kind == case["kind"]
    assert case["message"] in str(caught.value)


def test_a_column_the_file_lacks_is_named():
    with pytest.raises(journey.ParseError, match="channel") as caught:
        journey.EventLog.from_parquet(PARQUET / EXPECTED["file"], channel="channel")
    assert caught.value.kind == "arrow"


def test_progress_is_followed_and_can_stop_the_reading():
    calls = []
    journey.EventLog.from_parquet(PARQUET / EXPECTED["file"], progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1][0] == calls[-1][1] > 0
    with pytest.raises(journey.CancelledError):
        journey.EventLog.from_parquet(PARQUET / EXPECTED["file"], progress=lambda done, total: False)
