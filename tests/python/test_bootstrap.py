"""Bootstrap intervals on attribution shares, against the shared case of tests/fixtures/bootstrap/cases.json
(worked out by its make.py; also run by the Rust and JS tests), and the intervals' properties."""

import json
import math

import pytest

import journey
from conftest import FIXTURES

CASES = json.loads((FIXTURES / "bootstrap" / "cases.json").read_text(encoding="utf-8"))


def close(got, want, what):
    assert math.isclose(got, want, rel_tol=0, abs_tol=1e-9), f"{what}: {got} != {want}"


def log_of(csv):
    return journey.EventLog.from_csv_text(csv, outcome=CASES["outcome"])


@pytest.fixture(scope="module")
def log():
    return log_of(CASES["events"])


@pytest.mark.parametrize("model", sorted(CASES["models"]))
def test_the_intervals_are_those_worked_out_by_hand(log, model):
    want = CASES["models"][model]
    df = log.attribution_intervals(model, resamples=CASES["resamples"], level=CASES["level"], seed=CASES["seed"])
    assert list(df.columns) == ["touchpoint", "share", "low", "high"]
    assert list(df["touchpoint"]) == [r["touchpoint"] for r in want["rows"]]
    for (_, row), w in zip(df.iterrows(), want["rows"]):
        for column in ("share", "low", "high"):
            close(row[column], w[column], f"{model} {row['touchpoint']} {column}")
    attrs = df.attrs
    assert (attrs["model"], attrs["customers"], attrs["conversions"]) == (
        model,
        CASES["customers"],
        CASES["conversions"],
    )
    assert (attrs["resamples"], attrs["level"], attrs["seed"]) == (want["resamples"], CASES["level"], CASES["seed"])


@pytest.mark.parametrize("model", ["first_touch", "linear", "markov"])
def test_the_intervals_hold_the_share_and_follow_the_seed(log, model):
    first = log.attribution_intervals(model, resamples=100, seed=1)
    for seed in range(4):
        df = log.attribution_intervals(model, resamples=100, seed=seed)
        assert ((df["low"] <= df["share"]) & (df["share"] <= df["high"])).all(), df
        assert df.equals(log.attribution_intervals(model, resamples=100, seed=seed))
        if seed != 1:
            assert not df.equals(first), f"seeds {seed} and 1 drew the same intervals"


def test_more_customers_give_narrower_intervals():
    header, body = CASES["events"].split("\n", 1)
    lines = [line for line in body.splitlines() if line]
    large = "\n".join([header] + [f"{line.split(',', 1)[0]}-{k},{line.split(',', 1)[1]}" for k in range(8) for line in lines])
    small_df = log_of(CASES["events"]).attribution_intervals("linear", seed=5)
    large_df = log_of(large + "\n").attribution_intervals("linear", seed=5)
    assert list(small_df["touchpoint"]) == list(large_df["touchpoint"])
    assert ((large_df["high"] - large_df["low"]) < (small_df["high"] - small_df["low"])).all()


def test_polars_and_progress(log):
    calls = []
    df = log.attribution_intervals("linear", resamples=30, backend="polars", progress=lambda d, t: calls.append((d, t)))
    assert df.columns == ["touchpoint", "share", "low", "high"]
    assert calls[0] == (0, 30) and calls[-1] == (30, 30)
    with pytest.raises(journey.CancelledError):
        log.attribution_intervals("linear", resamples=30, progress=lambda d, t: False)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"resamples": 0}, "resamples: 0 is outside 1..=10000"),
        ({"resamples": 10_001}, "resamples: 10001 is outside 1..=10000"),
        ({"level": 1.0}, "level: 1 is not a confidence level strictly between 0 and 1"),
        ({"level": float("nan")}, "level: NaN is not a confidence level"),
        ({"order": 2}, "order: is a parameter of markov, not of linear"),
    ],
)
def test_the_limits_are_errors_naming_the_option(log, kwargs, message):
    with pytest.raises(journey.ArgumentError, match=message):
        log.attribution_intervals("linear", **kwargs)
