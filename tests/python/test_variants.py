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


def test_the_arrow_columns_and_the_lists_make_the_same_frames(monkeypatch):
    """With pyarrow the frame is read from Arrow columns; without it, from lists: the same frame either way,
    for pandas and polars, whole and cut."""
    import journey._results as results

    for name, _, log in datasets():
        with_arrow = [log.variants(), log.variants(top=2), log.variants(backend="polars")]
        monkeypatch.setattr(results, "_has_pyarrow", lambda: False)
        with_lists = [log.variants(), log.variants(top=2), log.variants(backend="polars")]
        monkeypatch.undo()
        for a, b in zip(with_arrow[:2], with_lists[:2]):
            assert a.equals(b) and a.dtypes.to_dict() == b.dtypes.to_dict(), name
        assert with_arrow[2].equals(with_lists[2]) and with_arrow[2].schema == with_lists[2].schema, name
        assert len(with_arrow[1]) == min(2, len(with_arrow[0]))
