"""EventLog.what_if and the backlog's estimated effects against the shared fixture (tests/fixtures/what_if,
worked out in exact fractions by its make_fixtures.py), as the Rust and JS suites check them."""

import json

import pytest

import journey
from conftest import EXAMPLE, FIXTURES, ROOT

HERE = FIXTURES / "what_if"
CASES = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))


def log(outcome="value"):
    return journey.EventLog.from_csv(HERE / CASES["events"], outcome=outcome)


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_what_if_gives_the_fixture_figures(case):
    w = log().what_if(case["changes"])
    assert isinstance(w, journey.WhatIf)
    assert w.customers == CASES["customers"]
    assert w.value_per_conversion == pytest.approx(CASES["value_per_conversion"], rel=1e-12)
    for key in ("conversions_before", "value_before", "conversions_after", "value_after"):
        assert getattr(w, key) == pytest.approx(case[key], rel=1e-9, abs=1e-9), key
    assert len(w.changes) == len(case["per_change"])
    for effect, want, change in zip(w.changes, case["per_change"], case["changes"]):
        assert isinstance(effect, journey.WhatIfEffect)
        assert effect.change == change
        assert effect.before == pytest.approx(want["before"], rel=1e-12)
        assert effect.conversions == pytest.approx(want["conversions"], rel=1e-9)
        assert effect.value == pytest.approx(effect.conversions * w.value_per_conversion, rel=1e-12)
    assert w.to_dict()["conversions_after"] == w.conversions_after
    assert repr(w).startswith("<WhatIf ")


@pytest.mark.parametrize("case", CASES["errors"], ids=[c["name"] for c in CASES["errors"]])
def test_bad_changes_name_the_field_at_fault(case):
    with pytest.raises(journey.ArgumentError) as e:
        log().what_if(case["changes"])
    assert e.value.kind == "argument"
    assert str(e.value).startswith(case["name"] + ": ")
    assert case["message"] in str(e.value)


def test_bad_shapes_and_logs_without_outcome():
    with pytest.raises(journey.ArgumentError, match=r"^changes\[0\]"):
        log().what_if([{"change": "completion", "touchpoint": "cart", "share": 1}])
    with pytest.raises(journey.ArgumentError, match=r"^changes\[0\]"):
        log().what_if([{"change": "teleport"}])
    with pytest.raises(journey.ArgumentError, match=r"^changes"):
        log().what_if("cart")
    with pytest.raises(journey.ArgumentError, match=r"^outcome: "):
        log(outcome=None).what_if([])


def test_completion_zero_is_the_removal_effect_of_attribution():
    l = log()
    frame = l.attribution(model="markov", order=1)
    for tp, effect in zip(frame["touchpoint"], frame["removal_effect"]):
        w = l.what_if([{"change": "completion", "touchpoint": tp, "completion": 0}])
        assert 1 - w.conversions_after / w.conversions_before == pytest.approx(effect, abs=1e-9), tp


TIERS = ("effect", "map", "no_effect")


def assert_ranked_in_tiers(items):
    """The rank rule (cases.json's backlog "ranking"): lines that win conversions first, by the effect's
    priority (conversions in place of reach); then those the log cannot judge; then those that win none."""
    assert [i.rank for i in items] == list(range(1, len(items) + 1))
    for i in items:
        gain = i.effect is not None and i.effect.conversions > 1e-9
        assert (i.ranked_by == "effect") == gain, i.title
        if i.effect is None:
            assert i.ranked_by == "map"
        if gain:
            p = i.effect.conversions * i.impact * i.confidence * i.importance / 5 / i.effort
            assert i.effect.priority == pytest.approx(p, rel=1e-9)

    def key(i):
        return i.effect.priority if i.ranked_by == "effect" else i.priority

    for a, b in zip(items, items[1:]):
        assert TIERS.index(a.ranked_by) <= TIERS.index(b.ranked_by), (a.title, b.title)
        if a.ranked_by == b.ranked_by:
            assert key(a) >= key(b), (a.title, b.title)


def test_backlog_lines_carry_the_fixture_effects():
    want = CASES["backlog"]
    l = log()
    j = journey.Journey.load(HERE / want["map"]).apply(l)
    items = j.prioritize(log=l)
    assert items[0].id == want["first"]
    for w in want["lines"]:
        item = next(i for i in items if i.id == w["id"])
        assert item.source == w["source"]
        assert sorted(a.id for a in item.addresses if a.source != "gap") == w["addresses"]
        assert isinstance(item.effect, journey.Effect)
        assert item.effect.conversions == pytest.approx(w["effect_conversions"], rel=1e-9)
        assert item.effect.value == pytest.approx(w["effect_value"], rel=1e-9)
        assert "absorbing Markov chain" in item.effect.basis
        assert all(isinstance(c, journey.EffectChange) for c in item.effect.changes)
        assert item.ranked_by == w["ranked_by"]
    assert_ranked_in_tiers(items)
    plain = j.prioritize()
    assert all(i.effect is None and i.ranked_by == "map" for i in plain)
    assert_ranked_in_tiers(plain)
    with pytest.raises(journey.ArgumentError, match=r"^outcome: "):
        j.prioritize(log=log(outcome=None))


def test_the_example_backlog_leads_with_the_delivery_cost():
    l = journey.EventLog.from_csv(ROOT / "examples" / "data" / "electronics-events.csv", outcome="order_value")
    items = journey.Journey.load(EXAMPLE).apply(l).prioritize(log=l)
    assert items[0].id == "opp_shipping_upfront" and items[0].quick_win
    assert items[0].effect.conversions > 1
    assert all(i.ranked_by == "effect" for i in items[:5])
    assert "opp_book_advisor" in [i.id for i in items[:5]]
    assert_ranked_in_tiers(items)
    df = items.to_pandas()
    assert df.effect_conversions[0] == items[0].effect.conversions
