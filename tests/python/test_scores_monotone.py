"""Monotone scores and stage weights against the shared fixtures in tests/fixtures/scores/ (the same checks
as journey-core/tests/scores_roles.rs): a single improving edit never lowers a touchpoint's, a stage's or the
journey's score, and stage weights count customers, not impressions."""

import json

import pytest

import journey
from conftest import FIXTURES

SCORES = FIXTURES / "scores"
MONOTONE = sorted((SCORES / "monotone").glob("*.json"))


def model_of(fields):
    return journey.ScoringModel(**(fields or {}))


def test_there_are_pairs_for_every_kind_of_edit():
    assert len(MONOTONE) >= 7


@pytest.mark.parametrize("path", MONOTONE, ids=[p.stem for p in MONOTONE])
def test_an_improving_edit_never_lowers_a_score(path):
    case = json.loads(path.read_text(encoding="utf-8"))
    model = model_of(case["model"])
    before = journey.Journey.from_dict(case["before"]).score(model)
    after = journey.Journey.from_dict(case["after"]).score(model)
    tp, stage = case["touchpoint"], case["stage"]
    for label, s in (("before", before), ("after", after)):
        want = case["expected"][label]
        assert s.touchpoint(tp).value == pytest.approx(want["touchpoint"], abs=1e-6), label
        assert s.stage(stage).value == pytest.approx(want["stage"], abs=1e-6), label
        assert s.value == pytest.approx(want["journey"], abs=1e-6), label
    assert after.touchpoint(tp).value > before.touchpoint(tp).value
    for b, a in zip(before.touchpoints, after.touchpoints):
        assert a.value >= b.value - 1e-9, b.touchpoint
    for b, a in zip(before.stages, after.stages):
        assert a.value >= b.value - 1e-9, b.stage
        assert a.weight == b.weight, "a stage's weight never follows scores"
    assert after.value >= before.value - 1e-9


def test_freedom_from_pain_is_always_a_component():
    case = json.loads((SCORES / "monotone" / "remove_all_pain_points_of_payment.json").read_text(encoding="utf-8"))
    after = journey.Journey.from_dict(case["after"]).score().touchpoint("payment")
    pain = next(c for c in after.components if c.name == "pain")
    assert pain.value == 1.0 and "pain" not in after.missing


STAGE_WEIGHTS = json.loads((SCORES / "stage_weights.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", STAGE_WEIGHTS["cases"], ids=[c["name"] for c in STAGE_WEIGHTS["cases"]])
def test_stage_weights_count_customers_not_impressions(case):
    s = journey.Journey.from_dict(STAGE_WEIGHTS["map"]).score(model_of(case["model"]))
    assert [st.weight for st in s.stages] == pytest.approx(case["weights"], abs=1e-9)
    assert [c.weight for c in s.components] == pytest.approx(case["weights"], abs=1e-9)
    assert s.value == pytest.approx(case["journey"], abs=1e-6)
    assert [st.customers for st in s.stages] == STAGE_WEIGHTS["customers"]
    # The ad's 100,000 impressions are reach, not customers.
    assert s.stages[0].reach == 100000 and s.stages[0].customers == 3000
    if case["model"] is None or case["model"].get("max_stage_share", 0.5) <= 0.5:
        assert max(st.weight for st in s.stages) <= 0.5
