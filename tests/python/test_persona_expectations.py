"""Expectations that name their personas (tests/fixtures/persona_expectations, the same checks as
journey-core/tests/persona_expectations.rs): the poster and the report drawn for a persona show the shared
expectations and that persona's, drawn for every customer the shared ones and each persona's after the
persona's name; an unknown persona or a blank expectation is a validation problem naming its path."""
import html
import json
import re
import xml.etree.ElementTree as ET

import pytest

import journey
from conftest import FIXTURES

HERE = FIXTURES / "persona_expectations"
WANT = json.loads((HERE / "expected.json").read_text())
SVG = "{http://www.w3.org/2000/svg}"


def report_lines(text):
    """The report's "Expects" lines by touchpoint id, for each touchpoint with a card."""
    start = text.find('<section id="voice">')
    if start < 0:
        return {}
    section = text[start:text.index("</section>", start)]
    out = {}
    for card in section.split('<div class="card voice">')[1:]:
        tp = html.unescape(re.search(r'<span class="id">(.*?)</span>', card).group(1))
        listed = re.search(r'<ul class="expectations">(.*?)</ul>', card, re.S)
        out[tp] = [html.unescape(li) for li in re.findall(r"<li>(.*?)</li>", listed.group(1))] if listed else []
    return out


def lane_lines(svg):
    root = ET.fromstring(svg.encode("utf-8"))
    lane = next((g for g in root.iter(f"{SVG}g") if g.get("class") == "lane voice"), None)
    return [] if lane is None else [t.text or "" for t in lane.iter(f"{SVG}text")]


def persona_of(who):
    return None if who == "all" else who


@pytest.mark.parametrize("who", sorted(WANT["views"]))
def test_the_report_shows_the_shared_expectations_and_the_persona_s(who):
    j = journey.Journey.load(HERE / "map.json")
    want = {t: lines for t, lines in WANT["views"][who]["report"].items() if lines}
    assert report_lines(j.to_html(persona=persona_of(who), top=0, as_of="2026-12-01")) == want


@pytest.mark.parametrize("who", sorted(WANT["views"]))
def test_the_poster_shows_the_first_expectations_and_counts_the_rest(who):
    poster = WANT["views"][who]["poster"]
    j = journey.Journey.load(HERE / "map.json")
    lines = lane_lines(j.to_svg(persona=persona_of(who)))
    text = " ".join(lines)
    for shown in poster["shown"]:
        assert shown in text
    for hidden in poster["hidden"]:
        assert hidden not in text
    assert [line for line in lines if line.endswith(" more expected")] == poster["more"]


def test_an_unknown_persona_and_a_blank_expectation_are_problems_naming_their_paths():
    want = WANT["invalid"]
    doc = json.loads((HERE / "map.json").read_text())
    doc["touchpoints"][0]["persona_expectations"] = want["persona_expectations"]
    with pytest.raises(journey.ValidationError) as caught:
        journey.Journey.from_dict(doc)
    assert [p.to_dict() for p in caught.value.problems] == want["problems"]


def test_a_touchpoint_reads_its_persona_expectations():
    j = journey.Journey.load(HERE / "map.json")
    assert j.touchpoint("checkout").persona_expectations["savvy"] == ["Free returns", "Mobile wallet"]
    assert j.touchpoint("cart").expectations == []
