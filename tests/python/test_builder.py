"""One builder used step by step, against the shared fixture (tests/fixtures/builder/steps.json) that the
Rust and JS suites run too: it builds again after a build, goes on after a refused call or a refused build,
and a refused call changes nothing."""

import json

import pytest

import journey
from conftest import FIXTURES

FIXTURE = json.loads((FIXTURES / "builder" / "steps.json").read_text(encoding="utf-8"))


def apply(b, call, value):
    """Runs one step other than build; parts go as keyword arguments, a transition's ends by position."""
    if call == "transition":
        fields = dict(value)
        return b.transition(fields.pop("from"), fields.pop("to"), **fields)
    if isinstance(value, dict):
        return getattr(b, call)(**value)
    return getattr(b, call)(value)


def test_the_builder_goes_on_after_builds_and_refused_calls():
    b = journey.JourneyBuilder(FIXTURE["id"], FIXTURE["name"])
    last = None
    for n, step in enumerate(FIXTURE["steps"]):
        call = step["call"]
        before = repr(b)
        if call != "build":
            if "error" in step:
                with pytest.raises(journey.JourneyError) as caught:
                    apply(b, call, step["with"])
                assert caught.value.kind == step["error"], n
                assert step["contains"] in str(caught.value), n
                assert repr(b) == before, f"step {n}: a refused call changes nothing"
            else:
                assert apply(b, call, step["with"]) is b, f"step {n}: a call returns the builder"
            last = None
            continue
        if "invalid" in step:
            with pytest.raises(journey.ValidationError) as caught:
                b.build()
            assert [(p.kind, p.path) for p in caught.value.problems] == [
                (p["kind"], p["path"]) for p in step["invalid"]
            ], n
            assert repr(b) == before, f"step {n}: a refused build changes nothing"
            last = None
            continue
        j = b.build()
        assert repr(b) == before, f"step {n}: building changes nothing"
        assert [t.id for t in j.touchpoints] == step["touchpoints"], n
        assert [f"{t.from_}->{t.to}" for t in j.transitions] == step["transitions"], n
        assert j.reviewed_on == step["reviewed_on"], n
        if last is not None:
            assert j == last, f"step {n}: built twice, the same map"
        last = j


def test_the_repr_follows_the_builder():
    b = journey.Journey.with_standard_stages("s", "S")
    assert repr(b) == "<JourneyBuilder 's' 5 stages, 0 touchpoints, 0 transitions>"
    b.touchpoint("a", "A", "awareness", "web").build()
    b.touchpoint("b", "B", "purchase", "web").transition("a", "b")
    assert repr(b) == "<JourneyBuilder 's' 5 stages, 2 touchpoints, 1 transitions>"
    with pytest.raises(journey.ArgumentError):
        b.reviewed_on("yesterday")
    assert repr(b) == "<JourneyBuilder 's' 5 stages, 2 touchpoints, 1 transitions>"
