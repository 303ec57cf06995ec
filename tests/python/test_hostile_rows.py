"""Hostile rows (tests/fixtures/hostile/rows/cases.json): the same bad row gives the same row, column and
message through EventLog.from_csv_text and EventLog.from_arrow (a pyarrow table built from the case), as
journey-core/tests/hostile_rows.rs and tests/js/hostile_rows.test.mjs check for the other readers."""

import csv
import io
import json
from collections import Counter

import pyarrow as pa
import pytest

import journey
from conftest import FIXTURES

MANIFEST = json.loads((FIXTURES / "hostile" / "rows" / "cases.json").read_text(encoding="utf-8"))
COLUMNS = ["customer_id", "timestamp", "touchpoint", "outcome"]
CASES = [pytest.param(case, id=case["name"]) for case in MANIFEST["cases"]]


def csv_text(rows):
    out = io.StringIO()
    out.write(",".join(COLUMNS) + "\n")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for row in rows:
        # A null cannot be written: an empty field.
        writer.writerow(["" if cell is None else cell for cell in row])
    return out.getvalue()


def table(case):
    numbers = set(case.get("numbers", []))
    arrays = {}
    for k, name in enumerate(COLUMNS):
        cells = [row[k] for row in case["rows"]]
        if name in numbers:
            arrays[name] = pa.array([None if c is None else float(c) for c in cells], pa.float64())
        else:
            arrays[name] = pa.array(cells, pa.string())
    return pa.table(arrays)


def check_log(log, result):
    assert (len(log), log.customer_count, log.conversions) == (
        result["events"],
        result["customers"],
        result["conversions"],
    )
    got = Counter({tuple(v["path"]): v["customers"] for v in log.discover().to_dict()["variants"]})
    assert got == Counter(tuple(p) for p in result["paths"].values())


def check(read, case, reader, location, message):
    """`read()` gives the case's log, or raises the error of kind `reader` with `location` and `message`."""
    if "error" not in case:
        check_log(read(), case["result"])
        return
    with pytest.raises(journey.JourneyError) as caught:
        read()
    assert caught.value.kind == MANIFEST["kinds"][reader]
    assert str(caught.value) == f"{location}{message}"


@pytest.mark.parametrize("case", CASES)
def test_csv_text(case):
    e = case.get("error", {})
    text = csv_text(case["rows"])
    location = f'line {e.get("row", 0) + 2}, column "{e.get("column")}": '
    message = case.get("csv_message", e.get("message"))
    check(lambda: journey.EventLog.from_csv_text(text, outcome="outcome"), case, "csv", location, message)


@pytest.mark.parametrize("case", CASES)
def test_arrow_table(case):
    e = case.get("error", {})
    data = table(case)
    location = f'row {e.get("row")}, column "{e.get("column")}": '
    check(lambda: journey.EventLog.from_arrow(data, outcome="outcome"), case, "arrow", location, e.get("message"))


def test_the_cases_are_there():
    assert len(CASES) >= 15
    assert {c["name"] for c in MANIFEST["cases"]} >= {"null_customer", "outcome_nan", "timestamp_number_nan"}
