"""Pain points that name their personas (tests/fixtures/persona_moments, the same checks as
journey-core/tests/persona_moments.rs): a persona's score counts only the pain points that concern them."""
import json

import pytest

import journey
from conftest import FIXTURES

HERE = FIXTURES / "persona_moments"
WANT = json.loads((HERE / "expected.json").read_text())


@pytest.mark.parametrize("who", sorted(WANT["pain"]))
def test_a_persona_counts_the_pain_points_that_concern_them(who):
    j = journey.Journey.load(HERE / "map.json")
    scores = j.score() if who == "all" else j.score(persona=who)
    t = next(t for t in scores.touchpoints if t.touchpoint == WANT["touchpoint"])
    pain = next(c for c in t.score.components if c.name == "pain")
    assert pain.value == pytest.approx(WANT["pain"][who], abs=1e-12)
    assert pain.detail.startswith(f"{WANT['pain_points_counted'][who]} pain point")


def test_an_unknown_persona_of_a_pain_point_is_a_problem_naming_its_path():
    want = WANT["unknown_persona"]
    doc = json.loads((HERE / "map.json").read_text())
    doc["touchpoints"][0]["pain_points"][0]["personas"][0] = "ghost"
    with pytest.raises(journey.ValidationError) as caught:
        journey.Journey.from_dict(doc)
    found = [p for p in caught.value.problems if p.path == want["path"]]
    assert len(found) == 1 and found[0].kind == want["kind"] and want["message"] in found[0].message
