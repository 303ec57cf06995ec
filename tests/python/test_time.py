"""The time to convert (Kaplan-Meier) and the retention cohorts against the shared fixture in
tests/fixtures/time/ (the same checks as journey-core/tests/time.rs and tests/js/time.test.mjs): the figures
worked out by make.py in exact fractions, the tables as data frames, the chart as a ``journey.Svg``, the
repeat purchases that ``apply`` writes onto the map's KPIs, and the errors of bad calls."""

import datetime
import json
import math

import polars as pl
import pytest

import journey
from conftest import FIXTURES

DIR = FIXTURES / "time"
WANT = json.loads((DIR / "expected.json").read_text(encoding="utf-8"))
EVENTS = DIR / WANT["events"]


def close(found, want, at="result"):
    """``found`` is ``want``, numbers within a relative 1e-12 (the fixture's figures are exact fractions
    rounded once)."""
    if isinstance(want, dict):
        assert sorted(found) == sorted(want), at
        for k in want:
            close(found[k], want[k], f"{at}.{k}")
    elif isinstance(want, list):
        assert len(found) == len(want), at
        for i, (x, y) in enumerate(zip(found, want)):
            close(x, y, f"{at}[{i}]")
    elif isinstance(want, (int, float)) and not isinstance(want, bool):
        assert isinstance(found, (int, float)) and not isinstance(found, bool), at
        assert math.isclose(found, want, rel_tol=1e-12, abs_tol=1e-12), f"{at}: {found} against {want}"
    else:
        assert found == want, at


@pytest.fixture(scope="module")
def log():
    return journey.EventLog.from_csv(EVENTS, **WANT["columns"])


@pytest.mark.parametrize("case", WANT["time_to_convert"], ids=[c["name"] for c in WANT["time_to_convert"]])
def test_the_time_to_convert_is_as_worked_out_in_fractions(log, case):
    as_of = case.get("as_of_text")
    found = log.time_to_convert(as_of=as_of)
    assert isinstance(found, journey.TimeToConvert)
    want = case["expected"]
    close(found.to_dict(), want)
    # Every figure is a property too; the times are whole seconds, exact in floating point.
    for name in [k for k in want if k != "curve"]:
        assert getattr(found, name) == want[name], name
    # The curve as a data frame, one row per time; standard errors missing (NaN, null) where undefined.
    curve = found.to_pandas()
    assert list(curve.columns) == ["seconds", "at_risk", "events", "censored", "survival", "standard_error"]
    assert list(curve["at_risk"]) == [s["at_risk"] for s in want["curve"]]
    assert list(curve["survival"]) == pytest.approx([s["survival"] for s in want["curve"]], rel=1e-12)
    polars = found.to_polars()
    assert isinstance(polars, pl.DataFrame) and polars["events"].to_list() == [s["events"] for s in want["curve"]]
    assert found == journey.TimeToConvert(found.to_dict())


def test_as_of_takes_a_datetime_or_a_date(log):
    text = log.time_to_convert(as_of="2026-03-31T00:00:00Z")
    assert log.time_to_convert(as_of=datetime.datetime(2026, 3, 31, tzinfo=datetime.timezone.utc)) == text
    assert log.time_to_convert(as_of=datetime.datetime(2026, 3, 31)) == text
    assert log.time_to_convert(as_of=datetime.date(2026, 3, 31)) == text
    assert log.time_to_convert(as_of=None) == log.time_to_convert()


def test_a_tie_of_conversions_and_a_censoring_counts_the_censored_customer_at_risk(log):
    found = log.time_to_convert()
    five = [s for s in found.to_dict()["curve"] if s["seconds"] == 18000.0][0]
    assert (five["at_risk"], five["events"], five["censored"], five["survival"]) == (7, 2, 1, 0.5)
    assert found.km_median_seconds == 18000.0


@pytest.mark.parametrize("case", WANT["cohorts"], ids=[c["options"]["period"] for c in WANT["cohorts"]])
def test_the_cohorts_are_as_worked_out_by_calendar(log, case):
    found = log.cohorts(**case["options"])
    assert isinstance(found, journey.Cohorts)
    want = case["expected"]
    close(found.to_dict(), want)
    for name in [k for k in want if k != "cohorts"]:
        close(getattr(found, name), want[name], name)
    table = found.cohorts()
    assert list(table["cohort"]) == [c["cohort"] for c in want["cohorts"]]
    assert list(table["repeat_customers"]) == [c["repeat_customers"] for c in want["cohorts"]]
    retention = found.to_pandas()
    assert list(retention.columns) == ["cohort", "period", "customers", "share"]
    rows = [(c["cohort"], r["period"], r["customers"]) for c in want["cohorts"] for r in c["retention"]]
    assert list(zip(retention["cohort"], retention["period"], retention["customers"])) == rows
    assert found.to_polars().select("cohort", "period", "customers").rows() == rows


def test_the_month_is_the_default_period(log):
    assert log.cohorts() == log.cohorts(period="month")


def test_apply_writes_the_repeat_purchases_onto_the_kpis_that_measure_them(log):
    case = WANT["apply"]
    j = journey.Journey.from_json((DIR / case["map"]).read_text(encoding="utf-8"))
    found = log.discover()
    cohorts = log.cohorts()
    assert (found.repeat_customers, found.conversion_events) == (cohorts.repeat_customers, cohorts.conversions)
    seen = j.apply(log)
    kpis = {k["name"]: k.get("actual") for k in json.loads(seen.to_json())["stages"][2]["kpis"]}
    for name, value in case["kpis"].items():
        if value is None:
            assert kpis[name] is None, name
        else:
            assert kpis[name] == pytest.approx(value, rel=1e-12), name
    assert j.apply(found) == seen
    # Without an outcome column nothing is measured.
    plain = journey.EventLog.from_csv(EVENTS)
    untouched = json.loads(j.apply(plain).to_json())["stages"][2]["kpis"]
    assert all("actual" not in k for k in untouched)


def test_the_chart_draws_the_curve_and_says_the_medians(log):
    found = log.time_to_convert()
    svg = found.svg()
    assert isinstance(svg, journey.Svg) and svg.title == "Time to convert"
    assert "Median time to convert 5 h" in str(svg)
    points = str(svg).split('<polyline points="')[1].split('"')[0]
    assert len(points.split(" ")) == 1 + 2 * len(found.to_dict()["curve"])
    # A result made from data draws the same; a wrong field is named.
    assert journey.TimeToConvert(found.to_dict()).svg() == svg
    with pytest.raises(journey.ArgumentError):
        journey.TimeToConvert({**found.to_dict(), "customers": "ten"}).svg()


@pytest.mark.parametrize("case", WANT["errors"], ids=[f"{e['call']} {e['name']}" for e in WANT["errors"]])
def test_the_fixture_errors_are_named(case):
    columns = WANT["columns"] if case["outcome"] else {}
    log = journey.EventLog.from_csv(EVENTS, **columns)
    call = getattr(log, case["call"])
    with pytest.raises(journey.ArgumentError) as raised:
        call(as_of=case["as_of_text"]) if "as_of_text" in case else call()
    assert raised.value.kind == "argument"
    assert str(raised.value).startswith(case["name"] + ":")
    if "contains" in case:
        assert case["contains"] in str(raised.value)


def test_bad_arguments_are_named(log):
    with pytest.raises(journey.ArgumentError, match=r'^period: unknown cohort period "year"'):
        log.cohorts(period="year")
    with pytest.raises(journey.ArgumentError, match="^as_of: "):
        log.time_to_convert(as_of="soon")
    with pytest.raises(TypeError):
        log.cohorts("month")
