"""Persona lows weighed by the persona's share (tests/fixtures/persona_shares, the same checks as
journey-core/tests/persona_shares.rs)."""
import json

import pytest

import journey
from conftest import FIXTURES

HERE = FIXTURES / "persona_shares"
WANT = json.loads((HERE / "expected.json").read_text())


def test_a_persona_low_weighs_by_the_persona_share():
    gaps = journey.Journey.load(HERE / "map.json").gaps()
    for tp, severity in WANT["negative_moment_of_truth"].items():
        found = [g for g in gaps if g.kind == "negative_moment_of_truth" and g.location.touchpoint == tp]
        assert len(found) == 1 and found[0].severity == severity, (tp, found)
        text = WANT["message_contains"].get(tp)
        assert text is None or text in found[0].message, found[0].message


@pytest.mark.parametrize("case", WANT["invalid"], ids=[c["kind"] for c in WANT["invalid"]])
def test_shares_are_checked(case):
    doc = json.loads((HERE / "map.json").read_text())
    doc["personas"][case["persona"]]["share"] = case["share"]
    with pytest.raises(journey.ValidationError) as caught:
        journey.Journey.from_dict(doc)
    assert [p.kind for p in caught.value.problems if p.path == case["path"]] == [case["kind"]]
