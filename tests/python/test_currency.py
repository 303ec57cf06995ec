"""A map's currency against the shared fixture (tests/fixtures/currency), as the Rust and JS suites check it:
the codes it takes, the error and the validation problem for others, and outcome values written in it in
the backlog's estimated effects, the report and the attribution chart."""

import json

import pytest

import journey
from conftest import FIXTURES

HERE = FIXTURES / "currency"
WANT = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))


def map_and_log():
    log = journey.EventLog.from_csv(HERE / WANT["events"], outcome=WANT["outcome"])
    return journey.Journey.load(HERE / WANT["map"]).apply(log), log


def test_a_currency_is_a_code_or_a_symbol_and_anything_else_is_named():
    j, _ = map_and_log()
    assert j.currency is None
    for ok in WANT["valid"]:
        assert j.with_currency(ok).currency == ok
    eur = j.with_currency("EUR")
    for bad in WANT["invalid"]:
        with pytest.raises(journey.ArgumentError) as caught:
            eur.with_currency(bad["currency"])
        assert caught.value.kind == bad["kind"]
        assert str(caught.value) == bad["message"]
    assert eur.currency == "EUR"
    assert eur.with_currency(None).currency is None
    with pytest.raises(TypeError):
        eur.with_currency(3)


def test_a_map_with_a_bad_currency_is_invalid_and_a_good_one_round_trips():
    doc = json.loads((HERE / WANT["map"]).read_text(encoding="utf-8"))
    doc["currency"] = WANT["invalid_map"]["currency"]
    with pytest.raises(journey.ValidationError) as caught:
        journey.Journey.from_dict(doc)
    want = WANT["invalid_map"]["problem"]
    assert [(p.kind, p.path, p.message) for p in caught.value.problems] == [(want["kind"], want["path"], want["message"])]
    doc["currency"] = "CHF"
    j = journey.Journey.from_dict(doc)
    assert j.currency == "CHF"
    assert journey.Journey.from_json(j.to_json()) == j
    assert journey.Journey.builder("m", "M").currency("CHF").build().currency == "CHF"
    with pytest.raises(journey.ValidationError):
        journey.Journey.builder("m", "M").currency("pounds").build()


@pytest.mark.parametrize("case", WANT["effects"], ids=lambda c: str(c["currency"]))
def test_estimated_effects_and_the_report_write_values_in_the_currency(case):
    j, log = map_and_log()
    j = j.with_currency(case["currency"])
    item = next(i for i in j.prioritize(log=log) if i.id == case["line"])
    assert case["in_basis"] in item.effect.basis
    assert case["in_report"] in j.to_html(log=log)


def test_the_attribution_chart_writes_values_in_the_currency():
    j, log = map_and_log()
    want = WANT["attribution"]
    assert want["in_chart"] in str(log.attribution_chart(want["model"], journey=j.with_currency(want["currency"])))
    assert want["in_chart_without"] in str(log.attribution_chart(want["model"], journey=j))
