"""Event-log analytics from Python against the shared fixtures (tests/fixtures/events/) and the example log
(examples/data/electronics-events.csv with the electronics-retailer map): the same checks as
journey-core/tests/analytics.rs, plus the readers (CSV file, CSV text, Arrow from pandas, polars and pyarrow),
their errors, the data frames and the progress callback."""

import datetime
import io
import json
import math

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pa_csv
import pytest

import journey
from conftest import EXAMPLE, FIXTURES, ROOT

EVENTS = FIXTURES / "events"
EXPECTED = json.loads((EVENTS / "expected.json").read_text(encoding="utf-8"))
SMALL = EVENTS / "small.csv"
MARKOV = EVENTS / "markov.csv"
EXAMPLE_EVENTS = ROOT / "examples" / "data" / "electronics-events.csv"
EXAMPLE_COLUMNS = dict(channel="channel", device="device", session="session", segment="segment", outcome="order_value")
FUNNEL_STEPS = ["product_page", "cart", "shipping", "payment", "order_confirmation"]


def close(a, b):
    return abs(a - b) < 1e-9


def small():
    return journey.EventLog.from_csv(SMALL, outcome="converted")


@pytest.fixture(scope="module")
def example_log():
    return journey.EventLog.from_csv(EXAMPLE_EVENTS, **EXAMPLE_COLUMNS)


@pytest.fixture(scope="module")
def example_frame():
    return pd.read_csv(EXAMPLE_EVENTS)


def assert_same_json(got, want, path=""):
    """Equal JSON-like data, floats within 1e-9."""
    if isinstance(want, float) or isinstance(got, float):
        assert close(float(got), float(want)), f"{path}: {got} != {want}"
    elif isinstance(want, dict):
        assert set(got) == set(want), f"{path}: keys {sorted(got)} != {sorted(want)}"
        for k in want:
            assert_same_json(got[k], want[k], f"{path}.{k}")
    elif isinstance(want, (list, tuple)):
        assert len(got) == len(want), f"{path}: {got} != {want}"
        for i, (g, w) in enumerate(zip(got, want)):
            assert_same_json(g, w, f"{path}[{i}]")
    else:
        assert got == want, f"{path}: {got!r} != {want!r}"


def answers(log, map_):
    """Every analysis of a log, as plain data, to compare logs read in different ways."""
    out = {
        "len": len(log),
        "customers": log.customer_count,
        "discovery": log.discover().to_dict(),
        "funnel": log.funnel(FUNNEL_STEPS).to_dict("list"),
        "stage_funnel": log.stage_funnel(map_).to_dict("list"),
        "conformance": log.conformance(map_).to_dict(),
        "loops": log.loops(map_).to_dict(),
    }
    for model in ("linear", "time_decay", "position_based", "markov"):
        df = log.attribution(model, **({"order": 2} if model == "markov" else {}))
        out[model] = (df.fillna(-1.0).to_dict("list"), dict(df.attrs))  # NaN != NaN: no removal effect
    return out


# ---- the hand-worked fixtures ------------------------------------------------------------------------


def test_discovery_of_the_small_log_is_as_worked_out_by_hand():
    want = EXPECTED["small"]
    d = small().discover()
    assert isinstance(d, journey.Discovery)
    assert (d.events, d.customers, d.conversions) == (want["events"], want["customers"], want["conversions"])
    data = d.to_dict()
    for key in ("starts", "ends", "visits", "variants", "transitions", "dropoff"):
        assert_same_json(data[key], want[key], key)
    t = d.transitions()
    assert list(t.columns) == [
        "source", "target", "count", "customers", "mean_seconds", "median_seconds", "p95_seconds"
    ]
    assert t.to_dict("records")[0] == {
        "source": "ad", "target": "site", "count": 2, "customers": 2,
        "mean_seconds": 35.0, "median_seconds": 35.0, "p95_seconds": 57.5,
    }
    assert d.starts().to_dict("records") == want["starts"]
    assert d.ends().to_dict("records") == want["ends"]
    assert d.visits().to_dict("records") == want["visits"]
    drop = d.dropoff()
    assert list(drop.columns) == ["touchpoint", "customers", "visitors", "rate"]
    assert drop["rate"].tolist() == pytest.approx([w["rate"] for w in want["dropoff"]], abs=1e-9)
    v = d.variants()
    assert list(v.columns) == ["path", "length", "customers", "conversions"]
    assert v["path"].tolist() == [" > ".join(w["path"]) for w in want["variants"]]
    assert v["length"].tolist() == [len(w["path"]) for w in want["variants"]]
    assert v["conversions"].tolist() == [w["conversions"] for w in want["variants"]]
    assert len(d.variants(top=1)) == 1 and len(d.variants(top=0)) == 0
    assert repr(d) == "<Discovery 8 events, 3 customers, 1 conversions: 4 transitions, 3 variants>"
    assert d == small().discover()


def test_closed_funnels_count_steps_passed_in_order():
    want = EXPECTED["small"]
    log = small()
    for key in ("funnel", "funnel_site_first"):
        f = log.funnel(want[key]["steps"])
        assert list(f.columns) == ["step", "customers", "step_conversion", "overall_conversion"]
        assert f["step"].tolist() == want[key]["steps"]
        counts = want[key]["customers"]
        assert f["customers"].tolist() == counts
        assert close(f["overall_conversion"].iloc[-1], counts[-1] / counts[0])
        for i in range(1, len(counts)):
            assert close(f["step_conversion"].iloc[i], counts[i] / counts[i - 1])
        assert f.attrs["customers"] == 3
    # A step the log has never met is refused, naming it and the log's touchpoints, unless allowed.
    with pytest.raises(journey.NotFoundError, match=r'^unknown touchpoint "nowhere"; the log\'s touchpoints are '):
        log.funnel(["nowhere", "ad"])
    assert log.funnel(["nowhere", "ad"], strict=False)["customers"].tolist() == [0, 0]
    with pytest.raises(journey.ArgumentError) as e:
        log.funnel([])
    assert e.value.kind == "argument"


@pytest.mark.parametrize(
    "name, model, collapse",
    [
        ("first_touch", "first_touch", True),
        ("last_touch", "last_touch", True),
        ("linear", "linear", True),
        ("linear_uncollapsed", "linear", False),
        ("position_based", "position_based", True),
    ],
)
def test_heuristic_attribution_splits_each_conversion(name, model, collapse):
    want = EXPECTED["small"]["attribution"][name]
    df = small().attribution(model, collapse=collapse)
    assert list(df.columns) == ["touchpoint", "removal_effect", "conversions", "value"]
    assert df.attrs["model"] == model and df.attrs["collapsed"] is collapse
    assert df.attrs["conversions"] == 1 and df.attrs["conversion_probability"] is None
    got = dict(zip(df["touchpoint"], df["conversions"]))
    assert set(got) == set(want)
    for tp, v in want.items():
        assert close(got[tp], v), (tp, got)
    assert df["removal_effect"].isna().all()


def test_markov_removal_effects_are_the_exact_chain_values():
    want = EXPECTED["markov"]
    log = journey.EventLog.from_csv(MARKOV, outcome=want["columns"]["outcome"])
    df = log.attribution()  # markov, order 1, collapsed
    assert df.attrs["model"] == "markov"
    assert close(df.attrs["conversion_probability"], want["conversion_probability"])
    assert close(df.attrs["value"], 180.0) and df.attrs["conversions"] == 2
    rows = df.to_dict("records")
    assert [r["touchpoint"] for r in rows] == [w["touchpoint"] for w in want["rows"]]
    for row, w in zip(rows, want["rows"]):
        for field in ("removal_effect", "conversions", "value"):
            assert close(row[field], w[field]), (field, row, w)
    # The same from Arrow, with epoch seconds as integers.
    frame = pd.read_csv(MARKOV)
    assert frame["timestamp"].dtype == "int64"
    same = journey.EventLog.from_arrow(frame, outcome="value").attribution()
    pd.testing.assert_frame_equal(same, df)


def test_attribution_options_are_checked():
    log = small()
    # The one conversion is customer a's checkout: credit goes to ad and site, before it.
    assert list(log.attribution("time_decay", half_life_days=1.5)["touchpoint"].sort_values()) == ["ad", "site"]
    assert close(log.attribution("position_based", first=0.5, last=0.5)["conversions"].sum(), 1.0)
    assert log.attribution("markov", order=4).attrs["model"] == "markov"
    for kwargs in ({"model": "coin_flip"}, {"order": 5}, {"model": "time_decay", "half_life_days": 0.0},
                   {"model": "position_based", "first": 0.8, "last": 0.8}):
        with pytest.raises(journey.ArgumentError):
            log.attribution(**kwargs)


# ---- the same answers however the log is read --------------------------------------------------------


def test_every_reader_gives_the_same_answers(example_log, example_frame, example):
    want = answers(example_log, example)
    assert want["len"] == 9076 and want["customers"] == 3000
    text = EXAMPLE_EVENTS.read_text(encoding="utf-8")
    logs = {
        "csv text": journey.EventLog.from_csv_text(text, **EXAMPLE_COLUMNS),
        "csv bytes": journey.EventLog.from_csv_text(text.encode(), **EXAMPLE_COLUMNS),
        "pandas": journey.EventLog.from_arrow(example_frame, **EXAMPLE_COLUMNS),
        "polars": journey.EventLog.from_arrow(pl.read_csv(EXAMPLE_EVENTS), **EXAMPLE_COLUMNS),
        "pyarrow": journey.EventLog.from_arrow(pa.Table.from_pandas(example_frame), **EXAMPLE_COLUMNS),
        "pyarrow record batch": journey.EventLog.from_arrow(
            pa.RecordBatch.from_pandas(example_frame), **EXAMPLE_COLUMNS
        ),
        "pyarrow small batches": journey.EventLog.from_arrow(
            pa.Table.from_batches(pa.Table.from_pandas(example_frame).to_batches(max_chunksize=1000)),
            **EXAMPLE_COLUMNS,
        ),
    }
    for name, log in logs.items():
        assert answers(log, example) == want, name


def test_timestamps_and_ids_of_every_arrow_type(example_log, example_frame, example):
    want = answers(example_log, example)
    f = example_frame
    typed = f.assign(
        timestamp=pd.to_datetime(f["timestamp"], utc=True),
        customer_id=f["customer_id"].astype("category"),
        touchpoint=f["touchpoint"].astype("category"),
        segment=f["segment"].astype("category"),
    )
    naive_ms = f.assign(timestamp=pd.to_datetime(f["timestamp"], utc=True).dt.tz_localize(None).astype("datetime64[ms]"))
    seconds = (pd.to_datetime(f["timestamp"], utc=True) - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(seconds=1)
    table = pa_csv.read_csv(EXAMPLE_EVENTS)  # pyarrow reads the timestamps as timestamp[s, tz=UTC]
    assert pa.types.is_timestamp(table.schema.field("timestamp").type)

    def retyped(t, name, type_):
        i = t.schema.get_field_index(name)
        return t.set_column(i, name, t.column(name).cast(type_))

    polars = pl.read_csv(EXAMPLE_EVENTS)
    variants = {
        "pandas datetime64[ns, UTC] and categoricals": typed,
        "pandas naive datetime64[ms]": naive_ms,
        "pandas epoch seconds": f.assign(timestamp=seconds),
        "pandas epoch milliseconds": f.assign(timestamp=seconds * 1000),
        "pandas epoch seconds as floats": f.assign(timestamp=seconds.astype("float64")),
        "pyarrow timestamp[s, tz]": table,
        "pyarrow dictionary ids": table.set_column(
            0, "customer_id", table.column("customer_id").dictionary_encode()
        ),
        "pyarrow string view": retyped(table, "touchpoint", pa.string_view()),
        "pyarrow large string": retyped(table, "customer_id", pa.large_string()),
        "pyarrow timestamp[ns] without tz": retyped(table, "timestamp", pa.timestamp("ns")),
        "polars datetime and categoricals": polars.with_columns(
            pl.col("timestamp").str.to_datetime(time_zone="UTC"),
            pl.col("customer_id").cast(pl.Categorical),
            pl.col("touchpoint").cast(pl.Categorical),
        ),
        "polars enum ids": polars.with_columns(
            pl.col("channel").cast(pl.Enum(sorted(polars["channel"].unique().to_list())))
        ),
    }
    for name, data in variants.items():
        log = journey.EventLog.from_arrow(data, **EXAMPLE_COLUMNS)
        assert answers(log, example) == want, name


def test_a_pandas_frame_gives_only_the_columns_read():
    frame = pd.DataFrame({
        " customer_id ": ["a", "a", "b", "клиент-с-длинным-идентификатором", "клиент-с-длинным-идентификатором"],
        "timestamp": pd.to_datetime(["2026-03-01T10:00Z", "2026-03-01T11:00Z", "2026-03-02T09:00Z",
                                     "2026-03-02T10:00Z", "2026-03-02T09:30Z"]),
        "touchpoint": ["ad", "site", "site", "ad", "site"],
        "value": [0.0, 25.0, float("nan"), 0.0, 5.0],
        # Columns the log does not read, one that pyarrow cannot convert and one that is not named by text.
        "notes": [1, "two", 3.0, None, b"five"],
        0: [1, 2, 3, 4, 5],
    })
    log = journey.EventLog.from_arrow(frame, outcome="value")
    assert (len(log), log.customer_count, log.conversions) == (5, 3, 2)
    # A NaN outcome is missing, as pandas means it: no conversion.
    text = "customer_id,timestamp,touchpoint,value\n" + "\n".join([
        "a,2026-03-01T10:00Z,ad,0", "a,2026-03-01T11:00Z,site,25", "b,2026-03-02T09:00Z,site,",
        "клиент-с-длинным-идентификатором,2026-03-02T10:00Z,ad,0",
        "клиент-с-длинным-идентификатором,2026-03-02T09:30Z,site,5",
    ])
    from_text = journey.EventLog.from_csv_text(text, outcome="value")
    assert log.discover() == from_text.discover()
    assert log.attribution("markov").equals(from_text.attribution("markov"))
    # A column missing: the error lists every column of the frame.
    message = arrow_error(frame, outcome="converted")
    assert message == 'missing column "converted", expected it among:  customer_id , timestamp, touchpoint, value, notes, 0'


@pytest.mark.parametrize("variant", ["float", "float nan", "int", "bool", "nullable int", "naive ns", "naive s",
                                     "paris", "category", "nat"])
def test_a_pandas_frame_reads_as_pyarrow_reads_it(variant):
    frame = pd.DataFrame({
        "customer_id": ["a", "a", "b", "b", "c"],
        "timestamp": pd.to_datetime(["2026-03-01T10:00Z", "2026-03-01T11:00Z", "2026-03-02T09:00Z",
                                     "2026-03-02T10:00Z", "2026-03-02T09:30Z"]),
        "touchpoint": ["ad", "site", "site", "ad", "site"],
        "value": [0.0, 25.5, 0.0, 0.0, 5.0],
    })
    if variant == "float nan":
        frame["value"] = [0.0, 25.5, 0.0, 0.0, float("nan")]
    elif variant == "int":
        frame["value"] = [0, 25, 0, 0, 5]
    elif variant == "bool":
        frame["value"] = [False, True, False, False, True]
    elif variant == "nullable int":
        frame["value"] = pd.array([0, 25, None, 0, 5], dtype="Int64")
    elif variant == "naive ns":
        frame["timestamp"] = frame["timestamp"].dt.tz_localize(None).astype("datetime64[ns]")
    elif variant == "naive s":
        frame["timestamp"] = frame["timestamp"].dt.tz_localize(None).astype("datetime64[s]")
    elif variant == "paris":
        frame["timestamp"] = frame["timestamp"].dt.tz_convert("Europe/Paris")
    elif variant == "category":
        frame["touchpoint"] = frame["touchpoint"].astype("category")
    elif variant == "nat":
        frame.loc[3, "timestamp"] = pd.NaT
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if variant == "nat":
        assert arrow_error(frame, outcome="value") == arrow_error(table, outcome="value") == (
            'row 3, column "timestamp": timestamp is missing (null), expected a timestamp'
        )
        return
    ours, theirs = (journey.EventLog.from_arrow(data, outcome="value") for data in (frame, table))
    assert ours.discover() == theirs.discover()
    assert ours.attribution("markov").equals(theirs.attribution("markov"))
    assert (len(ours), ours.customer_count, ours.conversions) == (5, 3, 2 if variant != "float nan" else 1)


def test_dates_integers_and_text_outcomes_from_arrow():
    base = dict(customer_id=["a", "a", "b"], touchpoint=["x", "y", "x"])
    dates = pa.table({**base, "timestamp": pa.array([datetime.date(2026, 3, 1), datetime.date(2026, 3, 2),
                                                      datetime.date(2026, 3, 1)], pa.date32())})
    text = journey.EventLog.from_csv_text(
        "customer_id,touchpoint,timestamp,done\na,x,2026-03-01,no\na,y,2026-03-02,yes\nb,x,2026-03-01,\n",
        outcome="done",
    )
    from_dates = journey.EventLog.from_arrow(dates.append_column("done", pa.array(["no", "yes", None])), outcome="done")
    assert from_dates.discover() == text.discover()
    as_date64 = dates.set_column(2, "timestamp", dates.column("timestamp").cast(pa.date64()))
    as_bool = as_date64.append_column("done", pa.array([False, True, None]))
    assert journey.EventLog.from_arrow(as_bool, outcome="done").discover() == text.discover()
    ints = pa.table({"customer_id": pa.array([7, 7, 8], pa.uint32()), "touchpoint": base["touchpoint"],
                     "timestamp": ["2026-03-01", "2026-03-02", "2026-03-01"]})
    log = journey.EventLog.from_arrow(ints)
    assert log.customer_count == 2
    assert [v["path"] for v in log.discover().to_dict()["variants"]] == [["x"], ["x", "y"]]
    # A column of nulls only (pandas' empty object columns become one) has no values to read.
    nulls = pa.table({**base, "timestamp": ["2026-03-01"] * 3, "seg": pa.nulls(3), "done": pa.nulls(3)})
    log = journey.EventLog.from_arrow(nulls, segment="seg", outcome="done")
    assert log.conversions == 0 and log.filter_segment("").customer_count == 2
    assert arrow_error(nulls, customer="seg") == 'row 0, column "seg": customer id is missing (null), expected an id'


def test_shuffled_rows_give_exactly_the_same_answers(example_log, example_frame, example):
    want = answers(example_log, example)
    shuffled = example_frame.sample(frac=1.0, random_state=7)
    assert not shuffled.index.equals(example_frame.index)
    assert answers(journey.EventLog.from_arrow(shuffled, **EXAMPLE_COLUMNS), example) == want
    lines = EXAMPLE_EVENTS.read_text(encoding="utf-8").splitlines()
    body = lines[1:]
    step = 4001  # coprime with the 9076 rows: a fixed permutation
    assert math.gcd(step, len(body)) == 1
    text = "\n".join([lines[0]] + [body[(i * step) % len(body)] for i in range(len(body))])
    assert answers(journey.EventLog.from_csv_text(text, **EXAMPLE_COLUMNS), example) == want


# ---- errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message",
    [
        ("customer_id,timestamp,touch\nA,2026-01-01,x\n", 'line 1, column "touchpoint": missing column'),
        ("customer_id,timestamp,touchpoint\nA,2026-01-01,x\nB,yesterday,y\n",
         'line 3, column "timestamp": cannot read "yesterday"'),
        ("customer_id,timestamp,touchpoint\n,2026-01-01,x\n", 'line 2, column "customer_id": customer id is empty'),
        ("customer_id,timestamp,touchpoint,converted\nA,2026-01-01,x,lots\n",
         'line 2, column "converted": cannot read "lots"'),
        ("customer_id,timestamp,touchpoint\nA,2026-01-01,x,extra\n", "line 2"),
    ],
)
def test_csv_errors_name_line_and_column(text, message):
    outcome = "converted" if "converted" in text else None
    with pytest.raises(journey.ParseError) as e:
        journey.EventLog.from_csv_text(text, outcome=outcome)
    assert e.value.kind == "csv"
    assert str(e.value).startswith(message), str(e.value)


def test_csv_file_errors(tmp_path):
    with pytest.raises(journey.JourneyIOError) as e:
        journey.EventLog.from_csv(tmp_path / "missing.csv")
    assert e.value.kind == "io" and e.value.filename == str(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("customer_id,timestamp,touchpoint\nA,2026-01-01,x\nB,soon,y\n", encoding="utf-8")
    with pytest.raises(journey.ParseError, match=r'^line 3, column "timestamp": cannot read "soon"'):
        journey.EventLog.from_csv(bad, progress=lambda done, total: None)
    with pytest.raises(TypeError, match="str or bytes"):
        journey.EventLog.from_csv_text(42)


def arrow_error(data, **columns):
    """The message of reading `data`: kind arrow for the table's columns, kind csv (with the row and column)
    for a value at a row, as every table of values reports it."""
    with pytest.raises(journey.ParseError) as e:
        journey.EventLog.from_arrow(data, **columns)
    if e.value.row is None:
        assert e.value.kind == "arrow", str(e.value)
    else:
        assert e.value.kind == "csv", str(e.value)
        assert str(e.value).startswith(f'row {e.value.row}, column "{e.value.column}": ')
    return str(e.value)


def test_arrow_errors_name_row_and_column():
    good = {"customer_id": ["a", "b", "c"], "timestamp": ["2026-03-01", "2026-03-02", "2026-03-03"],
            "touchpoint": ["x", "y", "z"]}

    def table(**changes):
        return pa.table({**good, **changes})

    message = arrow_error(pa.table({"customer_id": ["a"], "timestamp": ["2026-03-01"], "touch": ["x"]}))
    assert message == 'missing column "touchpoint", expected it among: customer_id, timestamp, touch'
    assert arrow_error(table(), outcome="converted").startswith('missing column "converted"')
    assert arrow_error(table(timestamp=["2026-03-01", "yesterday", "2026-03-03"])).startswith(
        'row 1, column "timestamp": cannot read "yesterday" as a timestamp'
    )
    assert arrow_error(table(timestamp=["2026-03-01", "2026-03-02", None])) == (
        'row 2, column "timestamp": timestamp is missing (null), expected a timestamp'
    )
    assert arrow_error(table(customer_id=["a", None, "c"])) == (
        'row 1, column "customer_id": customer id is missing (null), expected an id'
    )
    assert arrow_error(table(touchpoint=["x", "y", " "])) == (
        'row 2, column "touchpoint": touchpoint is empty, expected a touchpoint id'
    )
    assert arrow_error(table(value=[1.0, -2.0, 0.0]), outcome="value").startswith(
        'row 1, column "value": cannot read -2 as an outcome'
    )
    assert arrow_error(table(value=["1", "lots", ""]), outcome="value").startswith(
        'row 1, column "value": cannot read "lots" as an outcome'
    )
    assert arrow_error(table(customer_id=[1.5, 2.5, 3.5])).startswith(
        'column "customer_id": values of type Float64 cannot be read, expected strings'
    )
    assert arrow_error(table(timestamp=[True, False, True])).startswith('column "timestamp": values of type Boolean')
    # Rows count from 0 across batches.
    batches = pa.Table.from_batches(table(timestamp=["2026-03-01", "2026-03-02", "later"]).to_batches(max_chunksize=1))
    assert arrow_error(batches).startswith('row 2, column "timestamp"')
    # The same from pandas (where a None is a null) and polars.
    frame = pd.DataFrame({**good, "customer_id": ["a", "b", None]})
    assert arrow_error(frame).startswith('row 2, column "customer_id": customer id is missing (null)')
    assert arrow_error(pl.DataFrame(frame)).startswith('row 2, column "customer_id"')
    # pandas < 2.2 has no __arrow_c_stream__: such a frame goes through pyarrow.Table.from_pandas.
    class OldFrame(pd.DataFrame):
        __module__ = "pandas.core.frame"
        __arrow_c_stream__ = None

    old = journey.EventLog.from_arrow(OldFrame(pd.DataFrame(good)))
    assert old.discover() == journey.EventLog.from_arrow(pa.table(good)).discover()

    class ArrayOnly:  # only the array interface: read as one record batch
        def __arrow_c_array__(self, requested_schema=None):
            return pa.record_batch(good).__arrow_c_array__(requested_schema)

    assert journey.EventLog.from_arrow(ArrayOnly()).discover() == old.discover()
    with pytest.raises(TypeError, match="__arrow_c_stream__"):
        journey.EventLog.from_arrow([{"customer_id": "a"}])
    assert isinstance(journey.ParseError("x"), ValueError)


def test_an_empty_log_gives_empty_results(example):
    empties = [
        journey.EventLog.from_csv_text("", outcome="converted"),
        journey.EventLog.from_csv_text("customer_id,timestamp,touchpoint,converted\n", outcome="converted"),
        journey.EventLog.from_arrow(
            pa.table({"customer_id": pa.array([], pa.string()), "timestamp": pa.array([], pa.timestamp("ms")),
                      "touchpoint": pa.array([], pa.string()), "converted": pa.array([], pa.int64())}),
            outcome="converted",
        ),
        journey.EventLog.from_arrow(
            pd.DataFrame({"customer_id": [], "timestamp": [], "touchpoint": [], "converted": []}, dtype=object)
            .astype({"converted": "float64", "timestamp": "datetime64[ns]"}),
            outcome="converted",
        ),
        journey.EventLog.from_arrow(
            pl.DataFrame(schema={"customer_id": pl.Utf8, "timestamp": pl.Datetime, "touchpoint": pl.Utf8,
                                 "converted": pl.Int64}),
            outcome="converted",
        ),
    ]
    for log in empties:
        assert len(log) == 0 and log.customer_count == 0 and log.conversions == 0
        d = log.discover()
        assert (d.events, d.customers, d.conversions) == (0, 0, 0)
        for frame in (d.transitions(), d.starts(), d.ends(), d.visits(), d.variants(), d.dropoff()):
            assert len(frame) == 0
        assert d.transitions()["count"].dtype == "int64"
        assert d.transitions(backend="polars").schema["mean_seconds"] == pl.Float64
        with pytest.raises(journey.NotFoundError, match=r'^unknown touchpoint "a"; the log has no touchpoints$'):
            log.funnel(["a"])
        assert log.funnel(["a"], strict=False)["customers"].tolist() == [0]
        # The outcome column the caller named is there even with no rows (or no header).
        assert log.has_outcome
        a = log.attribution()
        assert len(a) == 0 and list(a.columns) == ["touchpoint", "removal_effect", "conversions", "value"]
        c = log.conformance(example)
        assert c.fitness == 1.0 and c.customers == 0 and len(c.per_customer()) == 0
        assert log.loops().customers == 0 and log.loops().share == 0.0
        assert repr(log).startswith("<EventLog 0 events, 0 customers")


# ---- the example log against the example map ---------------------------------------------------------


def test_the_example_log_checked_against_the_example_map(example_log, example):
    c = example_log.conformance(example)
    assert isinstance(c, journey.Conformance)
    assert 0.8 < c.fitness < 1.0
    assert c.customers == 3000
    assert 0 < c.fully_conforming < 3000
    unexpected = c.unexpected()
    assert list(unexpected.columns) == ["source", "target", "count", "customers"]
    assert ((unexpected["source"] == "payment") & (unexpected["target"] == "phone_advice")).any()
    assert list(c.unknown_touchpoints) == ["newsletter_signup"]
    assert c.unknown_touchpoints["newsletter_signup"] > 0
    assert all(isinstance(t, tuple) and len(t) == 2 for t in c.untaken)
    per_customer = c.per_customer()
    assert list(per_customer.columns) == ["customer", "fitness", "moves"]
    assert per_customer["customer"].is_monotonic_increasing and len(per_customer) == 3000
    assert per_customer["fitness"].between(0, 1).all()
    assert c.starts_outside_entries >= 0
    assert repr(c).startswith(f"<Conformance fitness {c.fitness:.3f}")
    loops = example_log.loops(example)
    assert isinstance(loops, journey.Loops)
    assert 0 < loops.customers <= loops.of_customers == 3000
    moves = loops.moves()
    # The designed return from delivery options to the cart is not a loop; paying, then calling the advice
    # line is (not designed, a stage back).
    assert not ((moves["source"] == "shipping") & (moves["target"] == "cart")).any()
    assert ((moves["source"] == "payment") & (moves["target"] == "phone_advice")).any()
    stages = example_log.stage_funnel(example)
    assert stages["step"].tolist() == [s.id for s in example.stages]
    counts = stages["customers"].tolist()
    assert counts[0] == 3000 and counts == sorted(counts, reverse=True)
    markov = example_log.attribution("markov")
    assert close(markov["conversions"].sum(), markov.attrs["conversions"])
    assert 0 < markov.attrs["conversion_probability"] < 1


def test_variants_stay_with_the_core_until_asked_for(example_log, example):
    import copy
    import pickle

    lazy = example_log.discover()
    plain = journey.Discovery._from_data(example_log.discover().to_dict())
    assert lazy == plain and plain == lazy and lazy == example_log.discover()
    for top in (None, 0, 5, 10**9):
        for backend in ("pandas", "polars"):
            a, b = example_log.discover().variants(top=top, backend=backend), plain.variants(top=top, backend=backend)
            assert a.equals(b), (top, backend)
    assert repr(lazy) == repr(plain)
    assert pickle.loads(pickle.dumps(example_log.discover())) == plain
    assert copy.deepcopy(example_log.discover()) == plain
    assert example.apply(example_log.discover()) == example.apply(plain) == example.apply(example_log)
    assert lazy.to_dict() == plain.to_dict() and lazy == plain
    assert lazy.to_dict()["variants"][0]["path"] == plain.variants()["path"][0].split(" > ")


def test_applying_observations_gives_a_new_map_with_real_numbers(example_log, example):
    before = example.to_dict()
    found = example_log.discover()
    applied = example.apply(found)
    assert isinstance(applied, journey.Journey) and applied != example
    assert example.to_dict() == before, "the map applied to is not changed"
    assert example.apply(example_log) == applied, "an EventLog is discovered for you"
    visits = found.visits()
    cart = int(visits.loc[visits["touchpoint"] == "cart", "customers"].iloc[0])
    assert applied.touchpoint("cart").metrics["entered"] == cart
    added = next(t for t in applied.transitions if (t.from_, t.to) == ("payment", "phone_advice"))
    assert added.expected is False and added.observed is True and added.count > 0
    assert applied.touchpoint("newsletter_signup").proposed is True, "kept as a proposed touchpoint"
    assert any(g.kind == "unmapped_touchpoint" and g.location.touchpoint == "newsletter_signup" for g in applied.gaps())
    assert applied.validate() == []
    gaps = applied.gaps(as_of="2026-11-01")
    assert any(g.kind == "loop" and g.location.transition == ("payment", "phone_advice") for g in gaps)
    assert not any(g.kind == "loop" and g.location.transition == ("shipping", "cart") for g in gaps)
    assert all(s.reach is not None for s in applied.score().stages)
    with pytest.raises(TypeError, match="Discovery or an EventLog"):
        example.apply({"transitions": []})


def test_comparing_two_segments_flags_what_changed(example_log, example):
    online, offline = example_log.filter_segment("online"), example_log.filter_segment("offline")
    assert online.customer_count + offline.customer_count == 3000
    cmp = online.compare(offline, example, funnel=["product_page", "cart"])
    assert isinstance(cmp, journey.Comparison)
    t = cmp.transitions()
    assert list(t.columns) == ["subject", "a_count", "a_total", "a_share", "b_count", "b_total", "b_share",
                               "change", "test", "p_value", "q_value", "significant"]
    assert set(t["test"]) <= {"fisher", "z", "none"} and (t["q_value"] >= t["p_value"]).all()
    assert t["significant"].any()
    assert t["p_value"].between(0, 1).all()
    assert ((t["change"] - (t["b_share"] - t["a_share"])).abs() < 1e-9).all()
    assert t["significant"].dtype == bool
    assert len(cmp.funnel()) == 1 and cmp.funnel()["subject"].tolist() == ["product_page -> cart"]
    assert len(cmp.dropoff()) > 0
    assert isinstance(cmp.gaps, journey.GapList)
    assert {g.kind for g in cmp.gaps} <= {"drop_off", "loop", "unexpected_path"}
    assert all(isinstance(g, journey.Gap) for g in cmp.gaps)
    assert list(cmp.gaps.to_pandas().columns)[:2] == ["kind", "severity"]
    assert repr(cmp).startswith("<Comparison ")
    same = example_log.compare(example_log)
    assert not same.transitions()["significant"].any() and len(same.gaps) == 0
    assert len(same.funnel()) == 0
    loops = cmp.loops
    assert loops["subject"] and 0 <= loops["p_value"] <= 1
    assert close(loops["change"], loops["b_share"] - loops["a_share"])
    strict = online.compare(offline, alpha=1e-12, min_change=0.9)
    assert not strict.transitions()["significant"].any()
    # The messages call the logs as they are named: segments here, "the first/second log" by default.
    named = online.compare(offline, example, names=('segment "online"', 'segment "offline"'))
    assert named.gaps and all('segment "online"' in g.message and 'segment "offline"' in g.message for g in named.gaps)
    assert all("the first log" in g.message and "the second log" in g.message for g in cmp.gaps)
    with pytest.raises(journey.ArgumentError, match=r"^names\[1\]: "):
        online.compare(offline, names=("online", " "))
    with pytest.raises(journey.ArgumentError):
        online.compare(offline, alpha=2.0)
    assert example_log.filter_segment("nobody").customer_count == 0
    with pytest.raises(journey.ArgumentError) as e:
        small().filter_segment("x")
    assert "segment" in str(e.value)


def test_filter_period_takes_datetimes_dates_and_text(example_log):
    d = example_log.discover()
    assert d.customers == 3000
    first = example_log.filter_period("2026-09-01", "2026-10-01")
    rest = example_log.filter_period(start="2026-10-01")
    assert first.customer_count + rest.customer_count == 3000
    assert first.customer_count > 0 and rest.customer_count > 0
    aware = datetime.datetime(2026, 10, 1, 2, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    naive = datetime.datetime(2026, 10, 1)
    for end in (datetime.date(2026, 10, 1), naive, aware, "2026-10-01T00:00:00Z", "2026-10-01T02:00:00+02:00"):
        assert example_log.filter_period(None, end).customer_count == first.customer_count, end
    assert example_log.filter_period().customer_count == 3000
    # The core's rule for timestamp arguments, with its message, as in JS.
    with pytest.raises(journey.ArgumentError, match='^end: cannot read "soon" as a timestamp, expected ISO 8601'):
        example_log.filter_period(end="soon")
    with pytest.raises(journey.ArgumentError, match='^end: "2026-13-45" is not a date of the calendar'):
        example_log.filter_period(end="2026-13-45")
    # Numbers are epoch seconds or milliseconds, as in CSV files: the same bound three ways.
    bound = datetime.datetime(2026, 10, 1, tzinfo=datetime.timezone.utc).timestamp()
    for end in (bound, int(bound), int(bound * 1000)):
        assert example_log.filter_period(None, end).customer_count == first.customer_count, end
    with pytest.raises(journey.ArgumentTypeError, match="^start: expected a datetime, a date, text or epoch"):
        example_log.filter_period(start=True)
    with pytest.raises(journey.ArgumentTypeError, match="^start: "):
        example_log.filter_period(start=[2026])
    parts = example_log.partition(3)
    assert len(parts) == 3 and sum(p.customer_count for p in parts) == 3000


# ---- progress, backends, reprs -----------------------------------------------------------------------


def test_the_progress_callback_is_called(tmp_path, capsys):
    size = EXAMPLE_EVENTS.stat().st_size
    calls = []
    log = journey.EventLog.from_csv(EXAMPLE_EVENTS, progress=lambda done, total: calls.append((done, total)),
                                    **EXAMPLE_COLUMNS)
    assert len(log) == 9076
    # Bytes parsed of the file's size: from 0 at the start to the size at the end.
    assert calls[0] == (0, size) and calls[-1] == (size, size)
    assert all(0 <= done <= total == size for done, total in calls)
    # A large file calls it more than once, but rarely.
    big = tmp_path / "big.csv"
    text = EXAMPLE_EVENTS.read_text(encoding="utf-8")
    header, body = text.split("\n", 1)
    with big.open("w", encoding="utf-8") as f:
        f.write(header + "\n")
        for i in range(6):
            f.write(body.replace("c0", f"r{i}c0"))
    calls.clear()
    journey.EventLog.from_csv(big, progress=lambda done, total: calls.append(done), **EXAMPLE_COLUMNS)
    assert 2 <= len(calls) <= 101 and calls == sorted(calls) and calls[-1] == big.stat().st_size
    # True shows a bar on stderr; False and the default (not interactive, small file) show nothing.
    capsys.readouterr()
    journey.EventLog.from_csv(SMALL, progress=True)
    err = capsys.readouterr().err
    assert "reading small.csv" in err and "100%" in err and err.endswith("\n")
    journey.EventLog.from_csv(SMALL, progress=False)
    journey.EventLog.from_csv(SMALL)
    assert capsys.readouterr().err == ""
    # An exception in the callback stops the reading and is raised.
    def stop(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        journey.EventLog.from_csv(EXAMPLE_EVENTS, progress=stop)
    with pytest.raises(TypeError, match="progress must be"):
        journey.EventLog.from_csv(SMALL, progress="yes")


def test_the_default_progress_bar_is_for_large_files_in_interactive_sessions(monkeypatch):
    from journey import _progress

    monkeypatch.setattr(_progress, "interactive", lambda: True)
    assert _progress.auto("x.csv", 10) is None
    assert isinstance(_progress.auto("x.csv", _progress.AUTO_BYTES + 1), _progress.Bar)
    monkeypatch.setattr(_progress, "interactive", lambda: False)
    assert _progress.auto("x.csv", _progress.AUTO_BYTES + 1) is None
    out = io.StringIO()
    bar = _progress.Bar("events.csv", 2_000_000, stream=out)
    bar(1_000_000, 2_000_000)
    bar(2_000_000, 2_000_000)
    bar(2_000_000, 2_000_000)
    lines = out.getvalue()
    assert lines.count("\n") == 1 and " 50%" in lines and "100% (2.0 of 2.0 MB)" in lines


def test_backend_polars_returns_polars_frames(example_log, example):
    d = example_log.discover()
    c = example_log.conformance(example)
    cmp = example_log.filter_segment("online").compare(example_log.filter_segment("offline"), funnel=FUNNEL_STEPS)
    frames = {
        "transitions": d.transitions(backend="polars"),
        "starts": d.starts(backend="polars"),
        "ends": d.ends(backend="polars"),
        "visits": d.visits(backend="polars"),
        "variants": d.variants(top=5, backend="polars"),
        "dropoff": d.dropoff(backend="polars"),
        "funnel": example_log.funnel(FUNNEL_STEPS, backend="polars"),
        "stage_funnel": example_log.stage_funnel(example, backend="polars"),
        "attribution": example_log.attribution("linear", backend="polars"),
        "per_customer": c.per_customer(backend="polars"),
        "unexpected": c.unexpected(backend="polars"),
        "loops": example_log.loops(example).moves(backend="polars"),
        "compare transitions": cmp.transitions(backend="polars"),
        "compare dropoff": cmp.dropoff(backend="polars"),
        "compare funnel": cmp.funnel(backend="polars"),
    }
    pandas_frames = {
        "transitions": d.transitions(),
        "funnel": example_log.funnel(FUNNEL_STEPS),
        "attribution": example_log.attribution("linear"),
        "compare transitions": cmp.transitions(),
    }
    for name, frame in frames.items():
        assert isinstance(frame, pl.DataFrame), name
        assert len(frame) > 0, name
    for name, frame in pandas_frames.items():
        assert isinstance(frame, pd.DataFrame), name
        assert frames[name].columns == list(frame.columns), name
        pd.testing.assert_frame_equal(frames[name].to_pandas(), frame, check_dtype=False, obj=name)
    assert frames["attribution"].attrs["model"] == "linear"
    assert frames["variants"].schema["path"] == pl.Utf8
    with pytest.raises(journey.ArgumentError, match="backend"):
        d.transitions(backend="spark")
    with pytest.raises(journey.ArgumentError, match="backend"):
        example_log.funnel(["cart"], backend="numpy")


def test_log_properties_and_reprs(example_log):
    assert repr(example_log) == "<EventLog 9076 events, 3000 customers, %d conversions>" % example_log.conversions
    assert example_log.has_outcome and example_log.conversions > 0
    assert "newsletter_signup" in example_log.touchpoint_ids
    no_outcome = journey.EventLog.from_csv(SMALL)
    assert not no_outcome.has_outcome and repr(no_outcome) == "<EventLog 8 events, 3 customers>"
    assert len(no_outcome.discover().dropoff()) == 0
    d = example_log.discover()
    assert d.to_dict() == d.to_dict() and d.to_dict() is not d.to_dict()
    with pytest.raises(AttributeError):
        d.events = 3  # type: ignore[misc]
    assert journey.Discovery._from_data(d.to_dict()) == d
    with pytest.raises(TypeError):
        journey.Discovery({"events": 1})


def test_dfg_agrees_with_discovery():
    log = journey.EventLog.from_csv(str(ROOT / "examples/data/electronics-events.csv"), outcome="order_value")
    dfg, found = log.dfg(), log.discover()
    assert repr(dfg).startswith("<Dfg ")
    full = found.transitions()[["source", "target", "count", "customers"]]
    assert dfg.transitions().equals(full)
    assert dfg.starts().equals(found.starts()) and dfg.ends().equals(found.ends())
    assert list(dfg.transitions(backend="polars").columns) == ["source", "target", "count", "customers"]
