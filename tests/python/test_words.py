"""Words for people: the core's sentences reach Python unchanged (shared fixture tests/fixtures/words/)."""

import json

import pytest

import journey
from conftest import FIXTURES

DIR = FIXTURES / "words"
WANT = json.loads((DIR / "expected.json").read_text(encoding="utf-8"))


def test_gap_messages_and_breakdowns_read_as_the_core_writes_them():
    j = journey.Journey.load(DIR / WANT["map"])
    gaps = j.gaps(as_of=WANT["as_of"])
    texts = [g.message for g in gaps]
    for want in WANT["gaps"]:
        assert any(g.kind == want["kind"] and want["contains"] in g.message for g in gaps), (want, texts)
    scores = j.score()
    for tp, fragments in WANT["breakdowns"].items():
        details = [c.detail for c in scores.touchpoint(tp).components]
        for f in fragments:
            assert any(f in d for d in details), (tp, f, details)
    texts += [c.detail for t in scores.touchpoints for c in t.components]
    for absent in WANT["absent"]:
        assert all(absent not in t for t in texts), (absent, texts)


FORMATS = {
    "count": journey.format_count,
    "plural": journey.plural,
    "number": journey.format_number,
    "signed": journey.format_signed,
    "percent": journey.format_percent,
    "money": journey.format_money,
    "quantity": journey.format_quantity,
    "p_value": journey.format_p_value,
    "duration": journey.format_duration,
}


def test_number_words_give_the_core_texts():
    assert set(FORMATS) == {c["fn"] for c in WANT["formats"]}
    for case in WANT["formats"]:
        assert FORMATS[case["fn"]](*case["args"]) == case["out"], case
    for case in WANT["format_errors"]:
        with pytest.raises(journey.ArgumentError) as caught:
            FORMATS[case["fn"]](*case["args"])
        assert str(caught.value).startswith(case["starts"]), (case, str(caught.value))
