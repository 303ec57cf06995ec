"""Touchpoint roles against the shared fixtures in tests/fixtures/roles/ (the same checks as
journey-core/tests/scores_roles.rs): entry (reach), step (customers are meant to pass it) and optional
(take-up); only steps drop customers off, lose them after a move or are judged on completion."""

import json

import pytest

import journey
from conftest import EXAMPLE, FIXTURES

ROLES = FIXTURES / "roles"
CASES = json.loads((ROLES / "cases.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def roles():
    return journey.Journey.load(ROLES / CASES["map"])


def test_every_touchpoint_has_the_role_of_its_file_or_its_default(roles):
    for id, role in CASES["roles"].items():
        assert roles.role(id) == role, id
    assert [t.id for t in roles.touchpoints if t.role is not None] == CASES["roles_in_file"]
    assert roles.touchpoint("ad").role is None and roles.touchpoint("window").role == "entry"
    with pytest.raises(journey.NotFoundError):
        roles.role("nowhere")


def test_absent_stays_absent_when_saved(roles):
    saved = json.loads(roles.to_json())
    original = json.loads((ROLES / CASES["map"]).read_text(encoding="utf-8"))
    assert [t.get("role") for t in saved["touchpoints"]] == [t.get("role") for t in original["touchpoints"]]


def test_flow_gaps_are_judged_by_role(roles):
    gaps = roles.gaps()
    for kind, want in CASES["gaps"].items():
        found = sorted(
            f"{g.location.transition[0]}->{g.location.transition[1]}" if g.location.transition else g.location.touchpoint
            for g in gaps
            if g.kind == kind
        )
        assert found == want, kind


def test_only_steps_are_judged_on_completion(roles):
    s = roles.score()
    for id, names in CASES["components"].items():
        assert [c.name for c in s.touchpoint(id).components] == names, id
    for t in s.touchpoints:
        assert t.role == roles.role(t.touchpoint)
        judged = any(c.name == "completion" for c in t.components) or "completion" in t.missing
        assert judged == (t.role == "step"), t.touchpoint


def test_the_sheet_gives_the_same_roles(roles):
    sheet = journey.Journey.from_csv_sheet(ROLES / CASES["sheet"])
    for t in roles.touchpoints:
        assert sheet.touchpoint(t.id).role == t.role, t.id
        assert sheet.role(t.id) == roles.role(t.id), t.id


def test_the_builder_takes_a_role():
    b = journey.JourneyBuilder("b", "Built", standard_stages=True)
    b.touchpoint("ad", "Ad", "awareness", "paid_ads")
    b.touchpoint("post", "Unboxing post", "advocacy", "social", role="optional",
                 metrics={"entered": 100, "completed": 5})
    b.transition("ad", "post")
    b.entry("ad")
    b.goal("post")
    j = b.build()
    assert (j.role("ad"), j.role("post")) == ("entry", "optional")
    assert j.touchpoint("post").role == "optional" and j.touchpoint("ad").role is None
    assert not [g for g in j.gaps() if g.kind == "drop_off"]
    with pytest.raises(journey.ArgumentError, match="unknown variant `later`"):
        journey.JourneyBuilder("b", "B", standard_stages=True).touchpoint("x", "X", "awareness", "web", role="later")


def test_the_example_judges_optional_touchpoints_on_take_up():
    j = journey.Journey.load(EXAMPLE)
    assert [t.id for t in j.touchpoints if j.role(t.id) == "optional"] == [
        "loyalty_email", "review_request", "social_share", "refer_friend",
    ]
    assert [t.id for t in j.touchpoints if j.role(t.id) == "entry"] == [
        "social_ad", "search_result", "shop_window", "catalogue",
    ]
    for g in j.gaps():
        if g.kind in ("drop_off", "channel_switch_loss", "handoff_loss"):
            at = g.location.transition[1] if g.location.transition else g.location.touchpoint
            assert j.role(at) == "step", g.message
