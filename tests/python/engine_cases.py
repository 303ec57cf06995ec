"""The engine tests, run by test_spark.py and test_dask.py (which import them and give the fixtures `engine`,
the module — journey.spark or journey.dask — and `read`, which makes the engine's DataFrame of a folder of
Parquet files): the logs they run on, the analyses, the in-memory answers they are held to, the comparison
(counts identical, floats to 1e-12), and the tests themselves.

The logs: the shared fixtures tests/fixtures/events/small.csv and markov.csv (read as text, as the CSV reader
reads them) and a generated log of a few thousand customers with repeated touchpoints, events tied in time
and order values. Each is written as Parquet files with its rows shuffled and cut so that a customer's
events are spread over the files; the engines read those files, the in-memory answer reads the table as it
was made (`EventLog.from_arrow`), so a result that depended on the order or the placement of the rows would
differ."""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

import journey
from conftest import FIXTURES

# How many ways the engines split the customers.
SPLITS = [1, 2, 7, 64]
MODELS = ["first_touch", "last_touch", "linear", "time_decay", "position_based", "shapley", "ordered_shapley"]


def _text_table(path: Path) -> pa.Table:
    """A CSV fixture with every column as text."""
    names = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    options = pacsv.ConvertOptions(column_types={n: pa.string() for n in names})
    return pacsv.read_csv(path, convert_options=options)


def generated(customers: int = 3000, seed: int = 7) -> pa.Table:
    """A log of `customers` customers over eight touchpoints: repeats, ties (events of one customer in the
    same second) and order values on some purchases."""
    rng = random.Random(seed)
    touchpoints = ["ad", "search", "site", "email", "cart", "checkout", "purchase", "support"]
    ids, times, touches, values = [], [], [], []
    for c in range(customers):
        t = 1_772_323_200 + rng.randrange(0, 30 * 86400)
        for _ in range(rng.randrange(1, 12)):
            t += rng.choice([0, 0, 1, 60, 3600, 86400])
            touch = rng.choice(touchpoints)
            ids.append(f"c{c:05d}")
            times.append(t * 1_000_000 + rng.choice([0, 250_000]))
            touches.append(touch)
            values.append(round(rng.uniform(10, 500), 2) if touch == "purchase" and rng.random() < 0.6 else 0.0)
    return pa.table(
        {
            "user": pa.array(ids),
            "at": pa.array(times, pa.timestamp("us", tz="UTC")),
            "page": pa.array(touches),
            "value": pa.array(values),
        }
    )


def a_map(touchpoints: List[str]) -> "journey.Journey":
    """A map whose designed path runs through `touchpoints` in order (the first is its entry, the last its
    goal), spread over the standard stages in order."""
    stages = ["awareness", "consideration", "purchase", "retention", "advocacy"]
    b = journey.Journey.with_standard_stages("engines", "Engines")
    for i, t in enumerate(touchpoints):
        b = b.touchpoint(t, t.title(), stages[i * len(stages) // len(touchpoints)], "web")
    for source, target in zip(touchpoints, touchpoints[1:]):
        b = b.transition(source, target)
    return b.entry(touchpoints[0]).goal(touchpoints[-1]).build()


def analyses(steps: List[str], designed: "journey.Journey") -> Dict[str, Any]:
    """Every analysis of the partial API, as `EventLog.partial` takes them, with `steps` for the funnels
    and `designed` for the analyses against a map."""
    found: Dict[str, Any] = {
        "discover": {},
        "dfg": {},
        "funnel": {"steps": steps},
        "funnel:loose": {"steps": steps[:3], "strict": False, "within_days": 2.0},
        "stage_funnel": {"map": designed},
        "conformance": {"map": designed},
        "loops": {"map": designed},
        "loops:bare": {},
        "compare": {"map": designed, "funnel": steps},
    }
    for model in MODELS:
        found[f"attribution:{model}"] = {"model": model}
    for order in (1, 2, 3, 4):
        found[f"markov:{order}"] = {"order": order}
    return found


def in_memory(log: "journey.EventLog", key: str, options: Dict[str, Any]) -> Any:
    """The in-memory API's answer to one analysis of `analyses`, by the method of the log it stands for."""
    kind = key.split(":")[0]
    options = dict(options)
    if kind == "discover":
        return log.discover()
    if kind == "dfg":
        return log.dfg()
    if kind == "funnel":
        return log.funnel(options.pop("steps"), **options)
    if kind == "stage_funnel":
        return log.stage_funnel(options["map"])
    if kind == "conformance":
        return log.conformance(options["map"])
    if kind == "loops":
        return log.loops(options.get("map"))
    if kind == "attribution":
        return log.attribution(options.pop("model"), **options)
    if kind == "markov":
        return log.attribution("markov", **options)
    if kind == "compare":  # the figures of a comparison, as the log compared with itself shows them
        return log.compare(log, options.get("map"), funnel=options.get("funnel"))
    raise AssertionError(f"no in-memory method for {key}")


def comparable(key: str, options: Dict[str, Any], found: Any, log: "journey.EventLog") -> Any:
    """An engine's result of one analysis as `in_memory` gives it: a comparison's inputs compared with those
    of the whole `log` in one partial (the in-memory API has no other way to them)."""
    if key.split(":")[0] != "compare":
        return found
    whole = log.partial({key: options}).finish()[key]
    return found.compare(whole, options.get("map"), funnel=options.get("funnel"))


def logs() -> Dict[str, Tuple[pa.Table, Dict[str, str], Dict[str, Any]]]:
    """name -> (table, column arguments, analyses) of each log the engines are tested on: the shared fixtures
    of events and of partials (with its analyses) and the generated log."""
    events = FIXTURES / "events"
    small_steps, markov_steps = ["ad", "site", "checkout"], ["a", "b"]
    found = {
        "small": (_text_table(events / "small.csv"), {"outcome": "converted"}, analyses(small_steps, a_map(small_steps))),
        "markov": (_text_table(events / "markov.csv"), {"outcome": "value"}, analyses(markov_steps, a_map(["a", "b", "c"]))),
        "generated": (
            generated(),
            {"customer": "user", "timestamp": "at", "touchpoint": "page", "outcome": "value"},
            analyses(["ad", "site", "cart", "purchase"], a_map(["ad", "search", "site", "cart", "checkout", "purchase"])),
        ),
    }
    partials = FIXTURES / "partials"
    designed = journey.Journey.load(partials / "map.json")
    wanted = {
        key: {k: (designed if k == "map" else v) for k, v in options.items()}
        for key, options in json.loads((partials / "analyses.json").read_text(encoding="utf-8"))["analyses"].items()
    }
    found["partials"] = (_text_table(partials / "log.csv"), {"outcome": "value", "reason": "reason"}, wanted)
    return found


def write_spread(table: pa.Table, folder: Path, files: int = 3, seed: int = 1) -> Path:
    """`table` as `files` Parquet files in `folder`, its rows shuffled first: a customer's events end up in
    several files, in no order."""
    folder.mkdir(parents=True, exist_ok=True)
    order = list(range(table.num_rows))
    random.Random(seed).shuffle(order)
    shuffled = table.take(pa.array(order, pa.int64()))
    step = max(1, math.ceil(table.num_rows / files))
    for i in range(files):
        pq.write_table(shuffled.slice(i * step, step), folder / f"part-{i}.parquet")
    return folder


def plain(value: Any) -> Any:
    """A result as plain data: result objects by `to_dict`, data frames as their rows and `attrs`."""
    if hasattr(value, "to_dict") and hasattr(value, "columns") and hasattr(value, "attrs"):  # pandas
        return {"rows": value.to_dict("records"), "attrs": plain(dict(value.attrs))}
    if hasattr(value, "to_dict"):
        return plain(value.to_dict())
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def assert_same(got: Any, expected: Any, place: str = "result") -> None:
    """`got` equals `expected`: the same structure, counts and texts identical, floats equal to 1e-12
    (relative to their size when above 1; NaN equals NaN)."""
    got, expected = plain(got), plain(expected)
    _same(got, expected, place)


def _same(got: Any, expected: Any, place: str) -> None:
    if isinstance(expected, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(expected), f"{place}: keys {sorted(got)} != {sorted(expected)}"
        for k in expected:
            _same(got[k], expected[k], f"{place}.{k}")
    elif isinstance(expected, list):
        assert isinstance(got, list) and len(got) == len(expected), f"{place}: {len(got)} items != {len(expected)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            _same(g, e, f"{place}[{i}]")
    elif isinstance(expected, float) and not isinstance(expected, bool):
        assert isinstance(got, float), f"{place}: {got!r} is not a float like {expected!r}"
        if math.isnan(expected):
            assert math.isnan(got), f"{place}: {got!r} != NaN"
        else:
            assert abs(got - expected) <= 1e-12 * max(1.0, abs(expected)), f"{place}: {got!r} != {expected!r}"
    else:
        assert type(got) is type(expected) and got == expected, f"{place}: {got!r} != {expected!r}"


def expected_all(table: pa.Table, columns: Dict[str, str], wanted: Dict[str, Any]) -> Dict[str, Any]:
    """The in-memory answer to every analysis of `wanted` over `table`."""
    log = journey.EventLog.from_arrow(table, **columns)
    return {key: in_memory(log, key, options) for key, options in wanted.items()}


def with_value(table: pa.Table, column: str, row: int, value: Any) -> pa.Table:
    """`table` with one value of `column` changed."""
    values = table.column(column).to_pylist()
    values[row] = value
    return table.set_column(table.schema.get_field_index(column), column, pa.array(values, table.schema.field(column).type))


def in_memory_error(call: Any) -> Any:
    """The journey error that `call` raises."""
    with pytest.raises(journey.JourneyError) as caught:
        call()
    return caught.value


# ----------------------------------------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def cases(read, tmp_path_factory):
    """name -> (the engine's DataFrame over spread Parquet files, table, columns, analyses, in-memory answers)."""
    found = {}
    for name, (table, columns, wanted) in logs().items():
        frame = read(write_spread(table, tmp_path_factory.mktemp(name)))
        found[name] = (frame, table, columns, wanted, expected_all(table, columns, wanted))
    return found


@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("name", ["small", "markov", "generated", "partials"])
def test_every_analysis_in_one_pass_equals_the_in_memory_answer(engine, cases, name, split):
    frame, table, columns, wanted, expected = cases[name]
    log = journey.EventLog.from_arrow(table, **columns)
    timings = engine.Timings()
    got = engine.run(frame, wanted, partitions=split, timings=timings, **columns)
    assert sorted(got) == sorted(wanted)
    for key, options in wanted.items():
        assert_same(comparable(key, options, got[key], log), expected[key], f"{name} split {split}: {key}")
    assert 1 <= timings.partitions <= split and timings.rows == table.num_rows
    assert timings.total >= timings.merge > 0 and timings.workers > 0


def test_each_analysis_has_its_call(engine, cases):
    frame, _, columns, wanted, expected = cases["generated"]
    designed = wanted["conformance"]["map"]
    steps = wanted["funnel"]["steps"]
    assert_same(engine.discover(frame, partitions=7, **columns), expected["discover"])
    assert_same(engine.dfg(frame, partitions=7, **columns), expected["dfg"])
    assert_same(engine.funnel(frame, steps, partitions=7, **columns), expected["funnel"])
    assert_same(engine.funnel(frame, steps[:3], strict=False, within_days=2.0, **columns), expected["funnel:loose"])
    assert_same(engine.stage_funnel(frame, designed, **columns), expected["stage_funnel"])
    assert_same(engine.conformance(frame, designed, **columns), expected["conformance"])
    assert_same(engine.loops(frame, designed, **columns), expected["loops"])
    assert_same(engine.loops(frame, **columns), expected["loops:bare"])
    assert_same(engine.attribution(frame, "linear", **columns), expected["attribution:linear"])
    assert_same(engine.attribution(frame, "markov", order=3, **columns), expected["markov:3"])


def test_the_default_columns_and_an_empty_frame(engine, cases, read, tmp_path):
    frame, table, _, _, _ = cases["small"]
    # Without `outcome` the small log has no conversions, in memory as on the engine.
    assert_same(engine.discover(frame), journey.EventLog.from_arrow(table).discover())
    empty = read(write_spread(table.slice(0, 0), tmp_path))
    assert_same(engine.discover(empty), journey.EventLog.from_arrow(table.slice(0, 0)).discover())


def test_a_missing_column_is_the_in_memory_error(engine, cases):
    frame, table, _, _, _ = cases["small"]
    expected = in_memory_error(lambda: journey.EventLog.from_arrow(table, customer="nobody"))
    with pytest.raises(journey.ParseError) as caught:
        engine.discover(frame, customer="nobody")
    assert (caught.value.kind, str(caught.value)) == (expected.kind, str(expected)) == (
        "arrow",
        'missing column "nobody", expected it among: customer_id, timestamp, touchpoint, converted',
    )


def test_bad_arguments_are_the_in_memory_errors(engine, cases):
    frame, table, _, _, _ = cases["small"]
    log = journey.EventLog.from_arrow(table)
    for on_engine, in_memory_call in [
        (lambda: engine.discover(frame, customer=3), lambda: journey.EventLog.from_arrow(table, customer=3)),
        (lambda: engine.run(frame, {"funnel": {"steps": []}}), lambda: log.partial({"funnel": {"steps": []}})),
        (lambda: engine.run(frame, {"seance": {}}), lambda: log.partial({"seance": {}})),
    ]:
        expected = in_memory_error(in_memory_call)
        with pytest.raises(type(expected)) as caught:
            on_engine()
        assert (caught.value.kind, str(caught.value)) == (expected.kind, str(expected))
    # A strict funnel's step that no customer met is known only once every partition is in.
    expected = in_memory_error(lambda: log.funnel(["ad", "nowhere"]))
    with pytest.raises(journey.NotFoundError) as caught:
        engine.funnel(frame, ["ad", "nowhere"], partitions=2)
    assert (caught.value.kind, str(caught.value)) == (expected.kind, str(expected))
    with pytest.raises(journey.ArgumentTypeError, match="colour"):
        engine.discover(frame, colour="red")
    with pytest.raises(journey.ArgumentError, match="partitions: 0 is not a whole number of 1 or more"):
        engine.discover(frame, partitions=0)
    with pytest.raises(journey.ArgumentTypeError, match="partitions"):
        engine.discover(frame, partitions="many")


@pytest.mark.parametrize(
    "column, row, value", [("timestamp", 5, "yesterday"), ("customer_id", 2, None), ("touchpoint", 0, " ")]
)
def test_a_bad_value_is_the_in_memory_error_with_its_partition(engine, read, tmp_path, column, row, value):
    table = with_value(_text_table(FIXTURES / "events" / "small.csv"), column, row, value)
    expected = in_memory_error(lambda: journey.EventLog.from_arrow(table))
    with pytest.raises(type(expected)) as caught:
        engine.discover(read(write_spread(table, tmp_path)), partitions=3)
    got = caught.value
    assert (got.kind, got.column) == (expected.kind, expected.column) == ("csv", column)
    assert got.partition in range(3) and isinstance(got.row, int)
    # The in-memory message after the partition's number, its row counted in the partition.
    message = str(expected).replace(f"row {expected.row}, ", f"row {got.row}, ")
    assert str(got) == f"{engine.__name__.split('.')[-1]} partition {got.partition}: {message}"
    assert got.__traceback__ is not None and "Traceback" not in str(got)


def test_import_journey_imports_neither_engine():
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, journey, journey.spark, journey.dask; "
            "print(sorted(m for m in ('pyspark', 'py4j', 'dask', 'distributed') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"
