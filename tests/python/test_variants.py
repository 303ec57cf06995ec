"""EventLog.variants: the path variants alone, equal to pm4py's stored answers and to discover()'s."""

import json

import polars as pl

import journey
from conftest import FIXTURES, ROOT

PM4PY = json.loads((FIXTURES / "events" / "peers" / "pm4py.json").read_text(encoding="utf-8"))


def datasets():
    for name, d in PM4PY["datasets"].items():
        yield name, d, journey.EventLog.from_csv(ROOT / d["path"], outcome=d["outcome"])


def test_variants_equal_pm4py_and_discover():
    assert PM4PY["datasets"], "the pm4py fixture lists no dataset"
    for name, d, log in datasets():
        frame = log.variants()
        ours = dict(zip(frame["path"], frame["customers"]))
        theirs = {" > ".join(path): n for path, n in d["variants"]}
        assert ours == theirs, name
        found = log.discover().variants()
        assert frame.equals(found), name
        assert list(frame.columns) == ["path", "length", "customers", "conversions"]


def test_variants_top_and_polars():
    _, _, log = next(datasets())
    whole = log.variants()
    assert log.variants(top=1)["path"].tolist() == whole["path"].tolist()[:1]
    assert len(log.variants(top=0)) == 0
    assert len(log.variants(top=-3)) == 0
    p = log.variants(backend="polars")
    assert isinstance(p, pl.DataFrame) and p["customers"].to_list() == whole["customers"].tolist()


def test_variants_of_an_empty_log():
    log = journey.EventLog.from_csv_text("customer_id,timestamp,touchpoint\n")
    assert len(log.variants()) == 0
