"""Markov attribution solved exactly, exact attribution sums and cancellation, against the shared cases of
tests/fixtures/hostile/markov/cases.json (also run by the Rust and JS tests)."""

import importlib.util
import json

import pytest

import journey
from conftest import FIXTURES

CASES = json.loads((FIXTURES / "hostile" / "markov" / "cases.json").read_text(encoding="utf-8"))


def _recipes():
    """make_cases.py, which wrote the cases and expands their `generate` recipes."""
    spec = importlib.util.spec_from_file_location("make_cases", FIXTURES / "hostile" / "markov" / "make_cases.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RECIPES = _recipes()


def log_of(case):
    text = case["csv"] if "csv" in case else RECIPES.csv_of(RECIPES.expand(case["generate"]))
    return journey.EventLog.from_csv_text(text, outcome="converted")


def run(case, **options):
    model = case.get("model", "markov")
    if model == "markov":
        options["order"] = case.get("order", 1)
    return log_of(case).attribution(model, collapse=case.get("collapse", True), **options)


def check(df, expect, tolerance):
    rows = df.set_index("touchpoint")
    if "conversion_probability" in expect:
        assert df.attrs["conversion_probability"] == pytest.approx(expect["conversion_probability"], abs=tolerance)
    for key in ("removal_effects", "conversions", "value"):
        column = "removal_effect" if key == "removal_effects" else key
        for t, want in expect.get(key, {}).items():
            if want == 0.0 and t not in rows.index:
                continue
            assert rows.loc[t, column] == pytest.approx(want, abs=tolerance), (key, t)
    if "total_conversions" in expect:
        assert df.attrs["conversions"] == expect["total_conversions"]
    if "total_value" in expect:
        assert df.attrs["value"] == expect["total_value"]
    if "sum_of_conversions" in expect:
        assert df["conversions"].sum() == pytest.approx(expect["sum_of_conversions"], abs=tolerance)
    if "sum_of_value" in expect:
        assert df["value"].sum() == pytest.approx(expect["sum_of_value"], abs=tolerance)


@pytest.mark.parametrize("case", CASES["markov"], ids=lambda c: c["name"])
def test_markov_cases_are_exact_or_a_clean_error(case):
    if "error" in case:
        with pytest.raises(journey.JourneyError) as caught:
            run(case)
        assert caught.value.kind == case["error"]
        assert "more than the limit of" in str(caught.value)
        return
    check(run(case), case["expect"], case["tolerance"])


@pytest.mark.parametrize("case", CASES["values"], ids=lambda c: c["name"])
def test_value_sums_are_exact(case):
    if "error" in case:
        with pytest.raises(journey.ParseError) as caught:
            log_of(case)
        assert caught.value.kind == case["error"]
        assert case["message"] in str(caught.value)
        assert "from 0 to 1e15" in str(caught.value)
        return
    check(run(case), case["expect"], 0.0)


def test_progress_returning_false_cancels():
    case = CASES["cancel"]
    calls = []

    def stop(done, total):
        calls.append((done, total))
        return False

    with pytest.raises(journey.CancelledError) as caught:
        run(case, progress=stop)
    assert caught.value.kind == case["error"] == "cancelled"
    assert isinstance(caught.value, journey.JourneyError)
    assert len(calls) == 1
    # A callback that returns nothing goes on, and sees steps that only grow.
    seen = []
    df = run(case, progress=lambda done, total: seen.append((done, total)))
    assert seen and all(a[0] <= b[0] <= b[1] for a, b in zip(seen, seen[1:]))
    assert df.equals(run(case))


def test_progress_that_raises_stops_with_its_exception():
    def boom(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(CASES["cancel"], progress=boom)
    with pytest.raises(TypeError, match="progress must be a callable"):
        run(CASES["cancel"], progress=3)
