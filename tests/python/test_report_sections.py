"""The HTML report's Shapley, cost per conversion and ROAS, retention cohorts, sessions and switches against
the shared fixture (tests/fixtures/report), as the Rust and JS suites check them: the sentences and cells
written from the figures worked out by hand, spend in its currency or the map's, and the errors."""

import html as html_lib
import json
import re

import pytest

import journey
from conftest import FIXTURES

HERE = FIXTURES / "report"
WANT = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))


def the_map():
    return journey.Journey.load(HERE / WANT["map"])


def the_log(outcome=True):
    return journey.EventLog.from_csv(
        HERE / WANT["events"],
        outcome=WANT["outcome"] if outcome else None,
        channel=WANT["channel"],
        device=WANT["device"],
    )


def text(page):
    """The page's text, tags left out and every run of white space one space."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def cells(page):
    return [html_lib.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", page)]


def report(j=None, spend=WANT["spend"]["amounts"], currency=WANT["spend"]["currency"], log=None):
    return (j or the_map()).to_html(
        log or the_log(), as_of="2026-12-01", spend=spend, spend_currency=currency
    )


def test_the_report_has_every_section_with_the_fixtures_figures():
    page = report()
    for section in ["shapley", "cost", "cohorts", "sessions", "switches"]:
        assert f'<h3 id="{section}">' in page
    words = text(page)
    for sentence in WANT["sentences"]:
        assert sentence in words
    found = cells(page)
    for cell in WANT["cells"]:
        assert cell in found
    assert '<h3 id="cost">' not in report(spend=None, currency=None)


def test_the_spend_is_in_its_currency_or_the_maps_and_a_mismatch_is_refused():
    usd = the_map().with_currency(WANT["mismatch"]["map_currency"])
    with pytest.raises(journey.ArgumentError) as caught:
        report(usd)
    assert str(caught.value) == WANT["mismatch"]["message"]
    assert "$2.72 per $1" in cells(report(usd, currency=None))
    assert "2.72 per 1 spent" in cells(report(currency=None))
    with pytest.raises(journey.ArgumentError, match='^spend.currency: currency "euros" is not a currency'):
        report(currency="euros")


def test_spend_needs_a_log_with_outcomes_and_amounts_of_money():
    with pytest.raises(journey.ArgumentError) as caught:
        the_map().to_html(spend=WANT["spend"]["amounts"])
    assert str(caught.value) == WANT["without_outcome"]
    with pytest.raises(journey.ArgumentError) as caught:
        report(log=the_log(outcome=False))
    assert str(caught.value) == WANT["without_outcome"]
    with pytest.raises(journey.ArgumentError, match=r'^spend\["ad"\]: -1'):
        report(spend={"ad": -1})
    with pytest.raises(journey.NotFoundError):
        report(spend={"fax": 1})
    with pytest.raises(TypeError):
        report(spend=[("ad", 1)])


def test_save_html_takes_the_spend(tmp_path):
    path = tmp_path / "report.html"
    the_map().save_html(
        path, the_log(), as_of="2026-12-01", spend=WANT["spend"]["amounts"], spend_currency="EUR"
    )
    assert path.read_text(encoding="utf-8") == report()
