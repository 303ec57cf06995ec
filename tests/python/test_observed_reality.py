"""Observed reality the design lacks, against the shared fixtures in tests/fixtures/observed/ (the same
checks as journey-core/tests/observed_reality.rs): applying a log keeps the touchpoints the map lacks as
proposed ones, and the gaps say what customers really do that the design does not have."""

import json

import journey
from conftest import FIXTURES

OBSERVED = FIXTURES / "observed"
WANT = json.loads((OBSERVED / "expected.json").read_text(encoding="utf-8"))


def check_gaps(gaps, want):
    for w in want:
        found = [g for g in gaps if g.kind == w["kind"] and g.message == w["message"]]
        assert len(found) == 1, (w, [(g.kind, g.message) for g in gaps])
        g = found[0]
        assert g.severity == w["severity"], g
        for field, value in w["where"].items():
            got = getattr(g.location, field)
            assert (list(got) if isinstance(got, tuple) else got) == value, (field, g)


def test_a_map_without_customer_evidence_says_it_rests_on_assumptions():
    check_gaps(journey.Journey.load(OBSERVED / WANT["map"]).gaps(), WANT["before"]["gaps"])


def test_applying_a_log_keeps_unmapped_touchpoints_as_proposed_and_reports_them():
    map = journey.Journey.load(OBSERVED / WANT["map"])
    log = journey.EventLog.from_csv(OBSERVED / WANT["log"], **WANT["columns"])
    applied = map.apply(log)
    assert map.touchpoint("compare_tool") is None, "the map applied to is not changed"
    for id, p in WANT["proposed"].items():
        t = applied.touchpoint(id)
        assert t.proposed is True, id
        assert (t.stage, t.channel) == (p["stage"], p["channel"]), id
        assert (t.metrics["entered"], t.metrics["starts"]) == (p["entered"], p["starts"]), id
    assert applied.touchpoint("site").proposed is False
    assert json.loads(applied.to_json())["touchpoints"][-1]["proposed"] is True
    gaps = applied.gaps()
    check_gaps(gaps, WANT["after"]["gaps"])
    assert not any(g.kind in WANT["after"]["absent"] for g in gaps)
