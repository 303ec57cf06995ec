"""The HTML report's Shapley, cost per conversion and ROAS, retention cohorts, sessions and switches against
the shared fixture (tests/fixtures/report), as the Rust and JS suites check them: the sentences and cells
written from the figures worked out by hand, spend in its currency or the map's, and the errors."""

import html as html_lib
import json
import re
from fractions import Fraction

import numpy
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


def rows(page):
    """The rows of the page's tables, each its cells' text."""
    return [r for r in (cells(tr) for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S)) if r]


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
    # The cost table, row by row: touchpoint (its name, then its id), spend, Markov's two columns, Shapley's two.
    cost = [r for r in rows(page) if len(r) == 6]
    assert len(cost) == len(WANT["cost_rows"])
    for row, want in zip(cost, WANT["cost_rows"]):
        assert row[0].startswith(want["touchpoint"])
        keys = ["spend", "markov_cost", "markov_roas", "shapley_cost", "shapley_roas"]
        assert row[1:] == [want[k] for k in keys]
    assert '<h3 id="cost">' not in report(spend=None, currency=None)


def test_markov_credit_is_the_chain_make_py_solved():
    df = the_log().attribution("markov", order=1)
    want = WANT["markov"]
    effects = {t: Fraction(e) for t, e in want["removal_effects"].items()}
    assert sorted(df["touchpoint"]) == sorted(effects)
    assert df.attrs["conversion_probability"] == pytest.approx(float(Fraction(want["conversion_probability"])))
    for row in df.itertuples():
        assert row.removal_effect == pytest.approx(float(effects[row.touchpoint]), rel=1e-12)
        assert row.conversions == pytest.approx(want["credit"][row.touchpoint]["conversions"], rel=1e-12)
        assert row.value == pytest.approx(want["credit"][row.touchpoint]["value"], rel=1e-12)


def test_the_spend_is_in_its_currency_or_the_maps_and_a_mismatch_is_refused():
    usd = the_map().with_currency(WANT["mismatch"]["map_currency"])
    with pytest.raises(journey.ArgumentError) as caught:
        report(usd)
    assert str(caught.value) == WANT["mismatch"]["message"]
    assert "$2.72 per $1" in cells(report(usd, currency=None))
    plain = the_map().with_currency(None)
    assert "2.72 per 1 spent" in cells(report(plain, currency=None))
    with pytest.raises(journey.ArgumentError) as caught:
        report(plain)
    assert str(caught.value) == WANT["no_map_currency"]
    with pytest.raises(journey.ArgumentError, match='^spend.currency: currency "euros" is not a currency'):
        report(currency="euros")


def test_spend_needs_a_log_with_outcomes_and_amounts_of_money():
    with pytest.raises(journey.ArgumentError) as caught:
        the_map().to_html(spend=WANT["spend"]["amounts"])
    assert str(caught.value) == WANT["without_outcome"]
    with pytest.raises(journey.ArgumentError) as caught:
        report(log=the_log(outcome=False))
    assert str(caught.value) == WANT["without_outcome"]
    for amount in WANT["refused_amounts"]:
        with pytest.raises(journey.ArgumentError) as caught:
            report(spend={"ad": amount})
        assert str(caught.value).startswith('spend["ad"]: ')
        assert str(caught.value).endswith(WANT["refused_amount_message"])
    for empty in [{}, None]:
        with pytest.raises(journey.ArgumentError) as caught:
            report(spend=empty, currency="EUR")
        assert str(caught.value) == WANT["empty_spend"]
    with pytest.raises(journey.NotFoundError):
        report(spend={"fax": 1})
    with pytest.raises(TypeError):
        report(spend=[("ad", 1)])


def test_spend_takes_any_number_but_a_bool():
    amounts = dict(WANT["spend"]["amounts"], ad=numpy.int64(30), mail=numpy.float32(10))
    assert report(spend=amounts) == report()
    with pytest.raises(TypeError):
        report(spend={"ad": True})
    with pytest.raises(TypeError):
        report(spend={"ad": "30"})


def test_save_html_takes_the_spend(tmp_path):
    path = tmp_path / "report.html"
    the_map().save_html(
        path, the_log(), as_of="2026-12-01", spend=WANT["spend"]["amounts"], spend_currency="EUR"
    )
    assert path.read_text(encoding="utf-8") == report()


def test_the_cost_carries_the_currency_the_caller_names():
    want = WANT["cost_currency"]
    spend = WANT["spend"]["amounts"]
    log = the_log()
    plain = log.cost(spend, ["markov", "shapley"])
    assert plain.attrs["currency"] is None
    named = log.cost(spend, ["markov", "shapley"], currency=want["currency"])
    assert named.attrs["currency"] == want["currency"]
    assert named.equals(plain)
    for row in named.itertuples():
        figures = WANT["cost_" + row.model][row.touchpoint]
        assert row.conversions == pytest.approx(figures["conversions"], rel=1e-12)
        assert row.value == pytest.approx(figures["value"], rel=1e-12)
    with pytest.raises(journey.ArgumentError) as caught:
        log.cost(spend, currency=want["refused"])
    assert str(caught.value) == "currency: " + want["refused_message"]
