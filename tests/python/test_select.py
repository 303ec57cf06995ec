"""Selecting customers: the shared cases of tests/fixtures/select/cases.json (which the Rust and JavaScript
tests run too), and on the example log, selections that agree with the funnel, the discovery and the
persona's log they are defined by."""

import json

import pytest

import journey
from conftest import EXAMPLE, FIXTURES, ROOT

HERE = FIXTURES / "select"
ALL = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))
LOG = journey.EventLog.from_csv(HERE / "events.csv", segment="segment")
MAP = journey.Journey.load(HERE / "map.json")
EXAMPLE_LOG = journey.EventLog.from_csv(
    ROOT / "examples" / "data" / "electronics-events.csv", segment="segment", outcome="order_value"
)
STEPS = ["social_ad", "product_page", "cart", "payment"]


def select(log, op):
    """One selection of a case's chain."""
    strict = {"strict": op["strict"]} if "strict" in op else {}
    kind = op["select"]
    if kind == "persona":
        return log.for_persona(MAP, op["persona"])
    if kind == "at_step":
        return log.select_at_step(op["steps"], op["step"], **strict)
    if kind == "dropped_at_step":
        return log.select_dropped_at_step(op["steps"], op["step"], **strict)
    if kind == "did":
        return log.select_did(op["touchpoint"], **strict)
    if kind == "did_not":
        return log.select_did_not(op["touchpoint"], **strict)
    if kind == "did_then":
        within = {"within_seconds": op["within_seconds"]} if "within_seconds" in op else {}
        return log.select_did_then(op["first"], op["then"], **within, **strict)
    if kind == "top_variants":
        return log.select_top_variants(op["top"])
    raise AssertionError(f"unknown selection {kind}")


def run(chain):
    log = LOG
    for op in chain:
        log = select(log, op)
    return log


def test_there_are_cases():
    assert len(ALL["cases"]) >= 40
    assert sum("error" in c for c in ALL["cases"]) >= 8


@pytest.mark.parametrize("case", ALL["cases"], ids=[c["name"] for c in ALL["cases"]])
def test_selections_choose_the_customers_the_shared_cases_say(case):
    if "customers" in case:
        selected = run(case["chain"])
        assert isinstance(selected, journey.EventLog)
        assert sorted(selected.customer_ids) == case["customers"]
        assert selected.customer_count == len(case["customers"])
        return
    with pytest.raises(journey.JourneyError) as raised:
        run(case["chain"])
    assert raised.value.kind == case["error"]["kind"]
    assert str(raised.value) == case["error"]["message"]
    # Each kind is its own exception class.
    expected = journey.NotFoundError if case["error"]["kind"] == "not_found" else journey.ArgumentError
    assert isinstance(raised.value, expected)


def test_the_customers_at_and_dropped_at_each_step_are_those_the_funnel_counts():
    counts = list(EXAMPLE_LOG.funnel(STEPS)["customers"])
    assert all(n > 0 for n in counts)
    for k, n in enumerate(counts):
        assert EXAMPLE_LOG.select_at_step(STEPS, k).customer_count == n
        if k + 1 < len(counts):
            dropped = EXAMPLE_LOG.select_dropped_at_step(STEPS, k)
            assert dropped.customer_count == n - counts[k + 1]
            # Every analysis runs on a selection: their own funnel stops at the step.
            theirs = list(dropped.funnel(STEPS, strict=False)["customers"])
            assert theirs[k] == dropped.customer_count and theirs[k + 1] == 0


def test_did_then_is_the_funnel_of_two_steps_and_a_time_limit_keeps_some():
    then = EXAMPLE_LOG.select_did_then("social_ad", "payment")
    assert sorted(then.customer_ids) == sorted(EXAMPLE_LOG.select_at_step(["social_ad", "payment"], 1).customer_ids)
    soon = EXAMPLE_LOG.select_did_then("social_ad", "payment", within_seconds=3600.0)
    assert set(soon.customer_ids) < set(then.customer_ids)
    did = EXAMPLE_LOG.select_did("live_chat")
    did_not = EXAMPLE_LOG.select_did_not("live_chat")
    assert did.customer_count + did_not.customer_count == EXAMPLE_LOG.customer_count
    assert not set(did.customer_ids) & set(did_not.customer_ids)


def test_the_top_variants_are_those_discovery_lists_first():
    variants = EXAMPLE_LOG.discover().variants(backend="polars")
    for top in (1, 3, 10):
        selected = EXAMPLE_LOG.select_top_variants(top)
        assert selected.customer_count == sum(variants["customers"][:top])
        assert list(selected.discover().variants(backend="polars")["path"]) == list(variants["path"][:top])


def test_a_persona_selects_its_segment_and_selections_compose():
    j = journey.Journey.load(EXAMPLE)
    persona = next(p for p in j.personas if p.segment)
    mine = EXAMPLE_LOG.for_persona(j, persona.id)
    assert mine.customer_count > 0
    assert sorted(mine.customer_ids) == sorted(EXAMPLE_LOG.filter_segment(persona.segment).customer_ids)
    both = mine.select_did("cart")
    assert sorted(both.customer_ids) == sorted(set(mine.customer_ids) & set(EXAMPLE_LOG.select_did("cart").customer_ids))


def test_bad_arguments_are_journey_errors_naming_them():
    with pytest.raises(journey.ArgumentError, match=r"^within_seconds: expected a number of seconds, 0 or more, found NaN$"):
        LOG.select_did_then("ad", "site", within_seconds=float("nan"))
    with pytest.raises(journey.ArgumentError, match=r"^steps: expected a list of touchpoint ids, found str$"):
        LOG.select_at_step("ad", 0)
    refused = {
        "step: -1 is not a whole number of at least 0": lambda: LOG.select_at_step(["ad"], -1),
        "top: -2 is not a whole number of at least 0": lambda: LOG.select_top_variants(-2),
        "touchpoint: 'int' object is not an instance of 'str'": lambda: LOG.select_did(3),
        "EventLog.select_did: got an unexpected keyword argument 'stric'": lambda: LOG.select_did("ad", stric=False),
    }
    for message, call in refused.items():
        with pytest.raises(journey.JourneyError) as raised:
            call()
        assert (raised.value.kind, str(raised.value)) == ("argument", message)
