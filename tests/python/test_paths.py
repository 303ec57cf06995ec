"""Paths around a touchpoint against the shared fixture in tests/fixtures/paths/ (the same checks as
journey-core/tests/paths.rs and tests/js/paths.test.mjs): the results worked out by hand, the tables as data
frames, the Sankey diagram as a ``journey.Svg``, and the errors of bad calls."""

import json

import polars as pl
import pytest

import journey
from conftest import FIXTURES

DIR = FIXTURES / "paths"
WANT = json.loads((DIR / "expected.json").read_text(encoding="utf-8"))
EVENTS = DIR / WANT["events"]


@pytest.fixture(scope="module")
def log():
    return journey.EventLog.from_csv(EVENTS, **WANT["columns"])


@pytest.mark.parametrize("case", WANT["cases"], ids=[c["name"] for c in WANT["cases"]])
def test_the_fixture_cases_come_out_as_worked_out_by_hand(log, case):
    found = log.paths_around(case["touchpoint"], **case["options"])
    assert isinstance(found, journey.PathsAround)
    assert found.to_dict() == case["expected"]
    want = case["expected"]
    assert (found.touchpoint, found.steps, found.customers) == (want["touchpoint"], want["steps"], want["customers"])
    assert (found.anchor, found.visits) == (want["anchor"], want["visits"])
    assert (found.of_customers, found.conversions, found.has_outcome) == (6, 2, True)
    assert found.before_other == want["before_other"] and found.after_other == want["after_other"]
    # The tables: one row per sequence, node and flow, in the core's order; totals add up with the other.
    before = found.before()
    assert list(before.columns) == ["path", "length", "marker", "customers", "conversions"]
    assert list(before["path"]) == [" > ".join(s["path"]) for s in want["before"]]
    assert list(before["length"]) == [len(s["path"]) for s in want["before"]]
    assert int(before["customers"].sum()) + found.before_other["customers"] == found.visits
    after = found.after(backend="polars")
    assert isinstance(after, pl.DataFrame)
    assert after["marker"].to_list() == [s["marker"] for s in want["after"]]
    assert after["customers"].sum() + found.after_other["customers"] == found.visits
    nodes = found.nodes()
    assert list(nodes["offset"]) == [n["offset"] for n in want["nodes"]]
    assert [m if isinstance(m, str) else None for m in nodes["marker"]] == [n["marker"] for n in want["nodes"]]
    flows = found.flows(backend="polars")
    assert flows.rows() == [(f["source"], f["target"], f["customers"], f["conversions"]) for f in want["flows"]]


def test_steps_default_to_three_around_the_first_visit(log):
    assert log.paths_around("basket").steps == 3
    assert log.paths_around("basket") == log.paths_around("basket", steps=3, top=10, anchor="first")
    assert log.paths_around("basket").anchor == "first"


@pytest.mark.parametrize("case", WANT["bad_options"], ids=[str(c["options"]) for c in WANT["bad_options"]])
def test_a_bad_anchor_names_the_option_and_the_allowed_values(log, case):
    with pytest.raises(journey.ArgumentError) as raised:
        log.paths_around(case["touchpoint"], **case["options"])
    assert raised.value.kind == case["kind"]
    message = str(raised.value)
    assert message.startswith("anchor: ")
    for word in case["mentions"]:
        assert word in message, message


@pytest.mark.parametrize("case", WANT["errors"], ids=[e["message"] for e in WANT["errors"]])
def test_the_fixture_errors_are_named(log, case):
    error = journey.NotFoundError if case["kind"] == "not_found" else journey.ArgumentError
    with pytest.raises(error) as raised:
        log.paths_around(case["touchpoint"], **case["options"])
    assert raised.value.kind == case["kind"]
    assert str(raised.value) == case["message"]


def test_the_sankey_diagram_of_every_visit_counts_visits(log):
    svg = str(log.paths_around("basket", steps=2, top=0, anchor="every").svg())
    assert "5 of 6 customers came to basket, 6 visits in all" in svg
    assert ">6 (100%)</text>" in svg and "site \u2192 basket: 5 visits" in svg


def test_the_sankey_diagram_is_an_svg_with_the_maps_names(log):
    paths = log.paths_around("basket", steps=2)
    svg = paths.svg()
    assert isinstance(svg, journey.Svg) and svg.title == "Paths around basket"
    assert ">left without converting</text>" in str(svg)
    j = (
        journey.Journey.builder("shop", "Shop")
        .stage("buy", "Buy")
        .touchpoint("basket", "Basket <&>", "buy", "web")
        .build()
    )
    named = paths.svg(j)
    assert named.title == "Paths around Basket <&>"
    assert "Basket &lt;&amp;&gt;" in str(named) and "<&>" not in str(named)
    # A result made from data draws the same (the fields are checked on the way in).
    assert journey.PathsAround(paths.to_dict()).svg() == svg
    with pytest.raises(journey.ArgumentError):
        journey.PathsAround({**paths.to_dict(), "steps": "two"}).svg()


def test_the_report_draws_the_paths_around_every_visit_when_asked(log):
    j = journey.Journey.builder("shop", "Shop").stage("buy", "Buy")
    for tp in ["email", "ad", "site", "basket", "pay"]:
        j = j.touchpoint(tp, tp, "buy", "web")
    j = j.build()
    first = j.to_html(log, as_of="2026-12-01")
    assert "3 events each way around their first visit." in first
    assert first == j.to_html(log, as_of="2026-12-01", paths_anchor="first")
    every = j.to_html(log, as_of="2026-12-01", paths_anchor="every")
    assert "3 events each way around every visit." in every
    assert "5 of 6 customers came to basket, 6 visits in all" in every
    with pytest.raises(journey.ArgumentError, match=r'^anchor: unknown path anchor "all", expected "first" or "every"'):
        j.to_html(log, paths_anchor="all")
    with pytest.raises(journey.ArgumentError, match=r'^anchor: unknown path anchor "all"'):
        j.report_pdf(log, paths_anchor="all")


def test_save_html_takes_the_paths_anchor(log, tmp_path):
    j = journey.Journey.builder("shop", "Shop").stage("buy", "Buy").touchpoint("basket", "Basket", "buy", "web").build()
    path = tmp_path / "report.html"
    j.save_html(path, log, as_of="2026-12-01", paths_anchor="every")
    assert path.read_text(encoding="utf-8") == j.to_html(log, as_of="2026-12-01", paths_anchor="every")
    assert "around every visit." in path.read_text(encoding="utf-8")
