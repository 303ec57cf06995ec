"""Every drop_off gap says why when the map knows, against the shared fixture in tests/fixtures/reasons/
(the same checks as journey-core/tests/flow_reasons.rs): the pain points at its touchpoint, most severe
first, with severity and share, and the evidence behind them."""

import json

import journey
from conftest import FIXTURES

REASONS = FIXTURES / "reasons"
WANT = json.loads((REASONS / "expected.json").read_text(encoding="utf-8"))


def test_a_drop_off_names_its_pain_points_and_their_evidence():
    gaps = journey.Journey.load(REASONS / WANT["map"]).gaps()
    drops = {g.location.touchpoint: g for g in gaps if g.kind == "drop_off"}
    assert sorted(drops) == sorted(w["touchpoint"] for w in WANT["drop_off"])
    for w in WANT["drop_off"]:
        g = drops[w["touchpoint"]]
        assert (g.message, g.severity, list(g.evidence)) == (w["message"], w["severity"], w["evidence"])
