"""Attribution models named with parameters, read by the core: unknown names, parameters of another model,
values out of their domain and the defaults, against the shared cases of
tests/fixtures/hostile/attribution/cases.json (also run by the Rust and JS tests)."""

import json
import math

import pytest

import journey
from conftest import FIXTURES

MANIFEST = json.loads((FIXTURES / "hostile" / "attribution" / "cases.json").read_text(encoding="utf-8"))
CASES = [pytest.param(c, id=c["name"]) for c in MANIFEST["cases"]]


@pytest.fixture(scope="module")
def log():
    return journey.EventLog.from_csv_text(MANIFEST["csv"], outcome="converted")


def attribution(log, case):
    """`log.attribution` as the case names it: no model argument when its model is null."""
    args = () if case["model"] is None else (case["model"],)
    return log.attribution(*args, **case["params"])


def as_data(df):
    return df.fillna(-1.0).to_dict("list"), dict(df.attrs)  # NaN != NaN: no removal effect


@pytest.mark.parametrize("case", CASES)
def test_shared_case(log, case):
    if "error" in case:
        with pytest.raises(journey.ArgumentError) as caught:
            attribution(log, case)
        e = caught.value
        assert isinstance(e, journey.JourneyError) and e.kind == case["error"]["kind"]
        for fragment in case["error"]["contains"]:
            assert fragment in str(e), f"{str(e)!r} lacks {fragment!r}"
        # The chart reads its model the same way.
        with pytest.raises(journey.ArgumentError) as chart:
            args = () if case["model"] is None else (case["model"],)
            log.attribution_chart(*args, **case["params"])
        assert str(chart.value) == str(e)
    else:
        got = as_data(attribution(log, case))
        assert got == as_data(attribution(log, case["same_as"]))
        assert got != as_data(attribution(log, case["differs_from"])), "the case cannot fail"


def test_the_shared_cases_are_there():
    assert len(MANIFEST["cases"]) >= 25


def test_linear_refuses_an_order_as_javascript_does(log):
    with pytest.raises(journey.ArgumentError) as caught:
        log.attribution("linear", order=3)
    assert str(caught.value) == "order: is a parameter of markov, not of linear"


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_values_that_json_cannot_hold_are_refused(log, bad):
    with pytest.raises(journey.ArgumentError) as caught:
        log.attribution("time_decay", half_life_days=bad)
    assert str(caught.value).startswith("half_life_days: ")
    with pytest.raises(journey.ArgumentError) as caught:
        log.attribution("position_based", first=bad)
    assert str(caught.value).startswith("first: ")
