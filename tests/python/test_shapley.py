"""Shapley and ordered Shapley attribution, cost per conversion and ROAS, the Markov transition matrix and
order selection, against the shared cases of tests/fixtures/shapley/cases.json (also run by the Rust and
JS tests)."""

import json
import math

import pytest

import journey
from conftest import FIXTURES

CASES = json.loads((FIXTURES / "shapley" / "cases.json").read_text(encoding="utf-8"))


def close(got, want, what):
    assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9), f"{what}: {got} != {want}"


@pytest.fixture(scope="module")
def log():
    return journey.EventLog.from_csv_text(CASES["events"], outcome=CASES["outcome"])


@pytest.fixture(scope="module")
def order_log():
    return journey.EventLog.from_csv_text(CASES["order_events"], outcome=CASES["order_outcome"])


@pytest.mark.parametrize("model", ["shapley", "ordered_shapley"])
def test_shapley_credits_the_values_worked_out_from_the_definition(log, model):
    df = log.attribution(model)
    want = CASES["shapley"]
    assert list(df["touchpoint"]) == [w["touchpoint"] for w in want]
    for (_, row), w in zip(df.iterrows(), want):
        close(row["conversions"], w["conversions"], row["touchpoint"])
        close(row["value"], w["value"], row["touchpoint"])
        assert math.isnan(row["removal_effect"])
    assert df.attrs["model"] == model and df.attrs["conversions"] == CASES["conversions"]
    close(df["conversions"].sum(), CASES["conversions"], "sum")
    assert ("positions" in df.attrs) == (model == "ordered_shapley")


def test_ordered_shapley_splits_the_credit_by_position(log):
    positions = log.attribution("ordered_shapley").attrs["positions"]
    want = CASES["ordered_positions"]
    assert [(p["touchpoint"], p["position"]) for p in positions] == [(w["touchpoint"], w["position"]) for w in want]
    for p, w in zip(positions, want):
        close(p["conversions"], w["conversions"], p["touchpoint"])
        close(p["value"], w["value"], p["touchpoint"])


def test_a_shapley_model_takes_no_markov_order(log):
    with pytest.raises(journey.ArgumentError, match="order: is a parameter of markov, not of shapley"):
        log.attribution("shapley", order=2)


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_cost_per_conversion_and_roas_follow_the_credit_of_each_model(log, backend):
    df = log.cost(CASES["spend"], CASES["cost_models"], backend=backend)
    rows = df.to_dicts() if backend == "polars" else df.to_dict("records")
    want = CASES["cost"]
    assert [(r["model"], r["touchpoint"]) for r in rows] == [(w["model"], w["touchpoint"]) for w in want]
    for r, w in zip(rows, want):
        what = f'{w["model"]} {w["touchpoint"]}'
        for key in ("spend", "conversions", "value", "cost_per_conversion", "roas"):
            got = r[key]
            if w[key] is None:
                assert got is None or math.isnan(got), f"{what} {key}: {got}"
            else:
                close(got, w[key], f"{what} {key}")


def test_cost_covers_every_model_when_none_is_named(log):
    df = log.cost(CASES["spend"])
    models = list(dict.fromkeys(df["model"]))
    assert len(models) == 8 and "markov" in models and "ordered_shapley" in models
    for model in models:
        credit = log.attribution(model).set_index("touchpoint")["conversions"]
        for _, row in df[df["model"] == model].iterrows():
            c = credit.get(row["touchpoint"], 0.0)
            assert row["conversions"] == c
            if c > 0:
                close(row["cost_per_conversion"], row["spend"] / c, f"{model} {row['touchpoint']}")
            else:
                assert math.isnan(row["cost_per_conversion"])


@pytest.mark.parametrize("case", CASES["spend_errors"], ids=lambda c: c["kind"])
def test_bad_spend_is_refused_naming_it(log, case):
    with pytest.raises(journey.JourneyError) as caught:
        log.cost(case["spend"])
    assert caught.value.kind == case["kind"] and case["contains"] in str(caught.value)


@pytest.mark.parametrize(
    "spend, cls, message",
    [
        ({"ad": float("nan")}, journey.ArgumentError, 'spend["ad"]: NaN is not an amount of money'),
        ({"ad": "12"}, journey.ArgumentTypeError, 'spend["ad"]: expected a number, found str'),
        ({"ad": True}, journey.ArgumentTypeError, 'spend["ad"]: expected a number, found bool'),
        ([("ad", 1.0)], journey.ArgumentTypeError, "spend: expected a mapping of str to float, found list"),
        ({1: 1.0}, journey.ArgumentTypeError, "spend: expected touchpoint ids (str), found int"),
    ],
)
def test_spend_of_the_wrong_kind_is_refused(log, spend, cls, message):
    with pytest.raises(cls) as caught:
        log.cost(spend)
    assert str(caught.value).startswith(message), str(caught.value)


def test_an_unknown_model_to_cost_is_named(log):
    with pytest.raises(journey.ArgumentError, match=r'models\[1\]: unknown model "uplift"'):
        log.cost({"ad": 1.0}, ["linear", "uplift"])


@pytest.mark.parametrize("key", ["transition_matrix", "transition_matrix_2"])
def test_the_transition_matrix_is_the_chain_counted_by_hand(log, key):
    want = CASES[key]
    df = log.transition_matrix(want["order"])
    assert df.attrs == {"order": want["order"], "collapsed": True}
    rows = df.to_dict("records")
    assert [(r["from"], r["to"], r["count"]) for r in rows] == [(w["from"], w["to"], w["count"]) for w in want["rows"]]
    for r, w in zip(rows, want["rows"]):
        close(r["probability"], w["probability"], f'{r["from"]} -> {r["to"]}')
    assert str(df["count"].dtype) == "int64"


def test_order_selection_chooses_the_order_the_paths_follow(order_log):
    want = CASES["order_selection"]
    df = order_log.markov_order_selection(want["max_order"])
    assert df.attrs["chosen"] == want["chosen"]
    rows = df.to_dict("records")
    assert len(rows) == len(want["rows"])
    for r, w in zip(rows, want["rows"]):
        assert [r[k] for k in ("order", "states", "parameters", "moves")] == [
            w[k] for k in ("order", "states", "parameters", "moves")
        ]
        for k in ("log_likelihood", "aic", "bic"):
            close(r[k], w[k], f"order {w['order']} {k}")


@pytest.mark.parametrize("call", [lambda l: l.transition_matrix(5), lambda l: l.markov_order_selection(0)])
def test_orders_out_of_range_are_refused(log, call):
    with pytest.raises(journey.ArgumentError, match="is outside 1..=4"):
        call(log)
