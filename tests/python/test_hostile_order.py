"""Events of one customer with the same timestamp, from Python: the shared cases of
tests/fixtures/hostile/order/ through every reader (CSV file, CSV text, Arrow from pyarrow, pandas and polars),
and a shuffle of a log with many ties (and a sequence column) that must give the same answers."""

import json
import random

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pa_csv
import pytest

import journey
from conftest import EXAMPLE, FIXTURES

ORDER = FIXTURES / "hostile" / "order"
CASES = json.loads((ORDER / "cases.json").read_text(encoding="utf-8"))


def customer_paths(log, customers):
    """Each customer's path: the segment column holds the customer id, so a segment is one customer."""
    out = {}
    for customer in customers:
        variants = log.filter_segment(customer).discover().to_dict()["variants"]
        assert len(variants) == 1, customer
        out[customer] = variants[0]["path"]
    return out


def readers(path, columns):
    """The log of one file through every reader."""
    yield "from_csv", journey.EventLog.from_csv(path, **columns)
    yield "from_csv_text", journey.EventLog.from_csv_text(path.read_text(encoding="utf-8"), **columns)
    # pyarrow reads the empty sequence values as nulls of an int64 column and the times as timestamps.
    table = pa_csv.read_csv(path)
    yield "pyarrow", journey.EventLog.from_arrow(table, **columns)
    # pandas: a sequence column with missing values is float64 with NaN.
    yield "pandas", journey.EventLog.from_arrow(pd.read_csv(path), **columns)
    yield "polars", journey.EventLog.from_arrow(pl.read_csv(path), **columns)


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_the_shared_cases_give_each_customers_path(case):
    discoveries = []
    for file in case["files"]:
        for reader, log in readers(ORDER / file, case["columns"]):
            got = customer_paths(log, case["paths"].keys())
            assert got == case["paths"], f"{file} by {reader}"
            assert log.customer_count == len(case["paths"])
            discoveries.append(log.discover().to_dict())
    assert all(d == discoveries[0] for d in discoveries)


@pytest.mark.parametrize("case", CASES["errors"], ids=[c["name"] for c in CASES["errors"]])
def test_the_shared_errors_are_refused_with_their_kind(case):
    with pytest.raises(journey.JourneyError) as info:
        journey.EventLog.from_csv_text(case["text"], **case["columns"])
    assert info.value.kind == case["kind"]
    for part in case["contains"]:
        assert part in str(info.value)


def test_an_unknown_tie_order_is_refused_by_every_reader():
    table = pa.table({"customer_id": ["a"], "timestamp": ["2026-03-01"], "touchpoint": ["ad"]})
    for read in (
        lambda: journey.EventLog.from_arrow(table, ties="shuffled"),
        lambda: journey.EventLog.from_csv(ORDER / "ties.csv", ties="Input"),
    ):
        with pytest.raises(journey.ArgumentError) as info:
            read()
        assert info.value.kind == "argument" and "canonical" in str(info.value)


def test_arrow_sequence_values_that_are_not_integers_name_row_and_column():
    base = {"customer_id": ["a", "a", "a"], "timestamp": [1, 1, 1], "touchpoint": ["x", "y", "z"]}
    for values, shown in (([1.0, 2.5, 3.0], "2.5"), (["1", "two", "3"], "two"), ([1, 2**63, 2], str(2**63))):
        column = pa.array(values, type=pa.uint64()) if shown == str(2**63) else pa.array(values)
        with pytest.raises(journey.JourneyError) as info:
            journey.EventLog.from_arrow(pa.table({**base, "seq": column}), sequence="seq")
        message = str(info.value)
        assert info.value.kind == "csv" and 'row 1, column "seq"' in message and shown in message, message
    with pytest.raises(journey.JourneyError) as info:
        journey.EventLog.from_arrow(pa.table({**base, "seq": [True, False, True]}), sequence="seq")
    assert 'column "seq"' in str(info.value)


def answers(log, map_):
    out = {
        "discovery": log.discover().to_dict(),
        "funnel": log.funnel(["product_page", "cart", "payment"]).to_dict("list"),
        "stage_funnel": log.stage_funnel(map_).to_dict("list"),
        "conformance": log.conformance(map_).to_dict(),
        "loops": log.loops(map_).to_dict(),
    }
    for model in ("first_touch", "last_touch", "linear", "time_decay", "position_based", "markov"):
        for order in (1, 2) if model == "markov" else (1,):
            own = {"markov": {"order": order}, "time_decay": {"half_life_days": 0.01}}.get(model, {})
            df = log.attribution(model, **own)
            out[f"{model}{order}"] = (df.fillna(-1.0).to_dict("list"), dict(df.attrs))
    return out


@pytest.mark.parametrize("with_sequence", [False, True])
def test_shuffled_rows_with_ties_give_the_same_answers(with_sequence):
    rng = random.Random(9)
    touchpoints = ["product_page", "cart", "payment", "shipping", "phone_advice"]
    rows = [
        {
            "customer_id": f"c{rng.randrange(60)}",
            "timestamp": 1_772_360_100 + rng.randrange(5),  # most events tie with another of their customer's
            "touchpoint": rng.choice(touchpoints),
            "channel": rng.choice(["web", "app", None]),
            "seq": rng.choice([None, 1, 2]),
            "value": rng.choice([0.0] * 8 + [10.5, 3.0]),
        }
        for _ in range(3000)
    ]
    columns = dict(channel="channel", outcome="value", sequence="seq" if with_sequence else None)
    map_ = journey.Journey.load(EXAMPLE)
    shuffled = rows[:]
    rng.shuffle(shuffled)
    want = answers(journey.EventLog.from_arrow(pa.Table.from_pylist(rows), **columns), map_)
    for data in (shuffled, list(reversed(rows))):
        assert answers(journey.EventLog.from_arrow(pa.Table.from_pylist(data), **columns), map_) == want
        assert answers(journey.EventLog.from_arrow(pd.DataFrame(data), **columns), map_) == want
        frame = pd.DataFrame(data)
        frame["seq"] = frame["seq"].astype("Int64")  # written as integers, not 1.0
        text = frame.to_csv(index=False)
        assert answers(journey.EventLog.from_csv_text(text, **columns), map_) == want


def test_input_order_keeps_the_rows_order_of_ties():
    rows = {"customer_id": ["a", "a", "a"], "timestamp": [5, 5, 5], "touchpoint": ["z", "x", "y"], "seq": [1, 2, 0]}
    table = pa.table(rows)
    variants = lambda log: log.discover().to_dict()["variants"][0]["path"]  # noqa: E731
    assert variants(journey.EventLog.from_arrow(table, ties="input")) == ["z", "x", "y"]
    assert variants(journey.EventLog.from_arrow(table, ties="input", sequence="seq")) == ["z", "x", "y"]
    assert variants(journey.EventLog.from_arrow(table)) == ["x", "y", "z"]
    assert variants(journey.EventLog.from_arrow(table, sequence="seq")) == ["y", "z", "x"]
