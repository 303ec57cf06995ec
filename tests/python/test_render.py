"""Pictures: the SVG poster, Mermaid, DOT, the HTML report, Jupyter reprs and the charts of the analytics."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest

import journey
from conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"
EVENTS = ROOT / "examples" / "data" / "electronics-events.csv"


@pytest.fixture(scope="module")
def log():
    return journey.EventLog.from_csv(EVENTS, outcome="order_value", segment="segment")


def svg_root(text):
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    assert root.get("version") == "1.1"
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    return root


def all_text(root):
    return " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


def test_poster_is_svg_with_a_column_per_stage_and_every_touchpoint(example):
    svg = example.to_svg()
    assert svg.startswith("<?xml")
    root = svg_root(svg)
    stages = [g for g in root.iter(f"{SVG}g") if g.get("class") == "stage"]
    assert len(stages) == len(example.stages)
    cards = [g for g in root.iter(f"{SVG}g") if g.get("class") == "card"]
    assert len(cards) == len(example)
    text = all_text(root)
    for t in example.touchpoints:
        for word in t.name.split():
            assert word in text, t.name
    assert svg == example.to_svg(), "deterministic"


def test_poster_options(example):
    persona = example.personas[0]
    mine = svg_root(example.to_svg(persona=persona.id))
    cards = [g for g in mine.iter(f"{SVG}g") if g.get("class") == "card"]
    assert len(cards) == len(example.persona_touchpoints(persona.id))
    a4 = svg_root(example.to_svg(size="a4_landscape"))
    assert a4.get("width") == "297mm" and a4.get("height") == "210mm"
    few = example.to_svg(lanes=["touchpoints"])
    assert "Emotion" not in all_text(svg_root(few))
    assert example.to_svg(lanes={"emotion": False}) == example.to_svg(lanes=[
        "touchpoints", "actions", "thoughts", "voice", "pains", "delights", "backstage", "flow", "scores"])
    with pytest.raises(journey.ArgumentError, match="lanes"):
        example.to_svg(lanes=["nope"])
    with pytest.raises(journey.ArgumentError, match="lanes"):
        example.to_svg(lanes="emotion")
    with pytest.raises(journey.ArgumentError, match="size"):
        example.to_svg(size="a5")


def test_expectations_and_quotes_in_the_report_and_on_the_poster(example):
    html = example.to_html(as_of="2026-12-01")
    assert '<li><a href="#voice">What customers expect and say</a></li>' in html
    section = html[html.index('<section id="voice">'):]
    section = section[:section.index("</section>")]
    assert "<li>Stock per store</li>" in section
    assert "\u201cSo can I get it in Utrecht today or not?\u201d" in section
    assert "usability test, qualitative, 8 customers, 2026-02-12" in section
    assert "backs the pain point \u201cCatalogue prices differ from the website\u201d" in section
    text = all_text(svg_root(example.to_svg()))
    assert "What customers expect and say" in text and "Stock per store" in text
    assert "\u201cSo can I get it in Utrecht today or not?\u201d" in text
    off = all_text(svg_root(example.to_svg(lanes={"voice": False})))
    assert "Stock per store" not in off and "Utrecht" not in off


def test_unknown_persona_is_not_found(example):
    for call in (
        lambda: example.to_svg(persona="nobody"),
        lambda: example.to_mermaid(persona="nobody"),
        lambda: example.to_html(persona="nobody"),
    ):
        with pytest.raises(journey.NotFoundError) as caught:
            call()
        assert caught.value.kind == "not_found"
        assert "nobody" in str(caught.value)


def test_save_svg_and_html(example, tmp_path):
    example.save_svg(tmp_path / "map.svg", size="a3_landscape")
    assert (tmp_path / "map.svg").read_text(encoding="utf-8") == example.to_svg(size="a3_landscape")
    example.save_html(str(tmp_path / "map.html"), as_of="2026-12-01")
    assert (tmp_path / "map.html").read_text(encoding="utf-8") == example.to_html(as_of="2026-12-01")
    with pytest.raises(journey.JourneyIOError):
        example.save_svg(tmp_path / "missing" / "map.svg")


def test_mermaid_round_trip(example):
    text = example.to_mermaid()
    assert text.startswith("journey\n")
    back = journey.Journey.from_mermaid(text, id="back")
    assert back.id == "back"
    assert back.name == example.name
    assert [s.name for s in back.stages] == [s.name for s in example.stages]
    assert [t.name for t in back.touchpoints] == [t.name for t in example.touchpoints]
    assert back.to_mermaid() == text
    assert journey.Journey.from_mermaid("journey\nsection A\n  Step: 5: Me\n").id == "journey"


def test_bad_mermaid_is_a_parse_error_with_the_line():
    with pytest.raises(journey.ParseError) as caught:
        journey.Journey.from_mermaid("journey\n  title T\n  section A\n    no score here\n")
    e = caught.value
    assert e.kind == "mermaid"
    assert e.line == 4
    assert "line 4" in str(e)
    assert isinstance(e, ValueError)
    with pytest.raises(journey.ParseError) as caught:
        journey.Journey.from_mermaid("graph TD\n")
    assert caught.value.kind == "mermaid" and caught.value.line == 1


def test_parse_errors_carry_their_line():
    with pytest.raises(journey.ParseError) as caught:
        journey.Journey.from_json('{\n  "schema_version": 1,\n  oops\n}')
    assert caught.value.kind == "json" and caught.value.line == 3
    with pytest.raises(journey.ParseError) as caught:
        journey.EventLog.from_csv_text("customer_id,timestamp,touchpoint\na,not a time,x\n")
    assert caught.value.kind == "csv" and caught.value.line == 2


def test_dot_has_a_cluster_per_stage(example):
    dot = example.to_dot()
    assert dot.startswith('digraph "electronics-retailer" {')
    assert dot.rstrip().endswith("}")
    assert len(re.findall(r"subgraph cluster_\d+ \{", dot)) == len(example.stages)
    for s in example.stages:
        assert f'label="{s.name}"' in dot
    assert dot.count("->") == len(example.transitions)


def assert_self_contained(html):
    lower = html.lower()
    for bad in ("http", "src=", "url(", "@import", "<script", "<link", "<img"):
        assert bad not in lower, bad
    for m in re.finditer(r'href="([^"]*)"', html):
        assert m.group(1).startswith("#"), m.group(1)


def test_html_report_without_a_log(example):
    html = example.to_html(as_of=datetime.date(2026, 12, 1))
    assert html.startswith("<!DOCTYPE html>")
    assert_self_contained(html)
    # Written as well-formed XML: parse it without its doctype.
    root = ET.fromstring(html.split("\n", 1)[1].encode("utf-8"))
    assert root.tag == "html"
    text = " ".join(root.itertext())
    for s in example.stages:
        assert s.name in text
    for kind in {g.kind for g in example.gaps(as_of="2026-12-01")}:
        assert kind in text
    assert 'id="backlog"' in html and "quick win" in html
    assert 'id="observed"' not in html
    assert html == example.to_html(as_of="2026-12-01")


def test_html_report_with_a_log(example, log):
    html = example.to_html(log, as_of="2026-12-01", top=5)
    assert_self_contained(html)
    assert 'id="funnel"' in html and "<title>Funnel</title>" in html
    assert 'id="attribution"' in html and "<title>Attribution (markov)</title>" in html
    assert 'id="conformance"' in html
    root = ET.fromstring(html.split("\n", 1)[1].encode("utf-8"))
    text = " ".join(root.itertext())
    funnel = log.stage_funnel(example)
    assert f"{int(funnel['customers'].iloc[0]):,}" in text
    assert "Showing the first 5 of" in text
    # Applied first, the map's scores use the log.
    applied = example.apply(log)
    assert applied.to_html(log, as_of="2026-12-01") != html


def test_html_report_options(example):
    persona = example.personas[0]
    html = example.to_html(persona=persona.id, size="a4_landscape", as_of="2026-12-01")
    assert f"for the persona {persona.name}" in html
    assert 'width="297mm"' in html
    strict = journey.ScoringModel(thresholds={"drop_off": 0.9})
    assert example.to_html(model=strict, as_of="2026-12-01") != example.to_html(as_of="2026-12-01")
    with pytest.raises(journey.ArgumentError, match="as_of"):
        example.to_html(as_of="someday")


def test_html_escapes_the_map():
    evil = '<script>alert(1)</script> & "x"'
    j = (
        journey.Journey.with_standard_stages("evil", "Map <b>bold</b>")
        .touchpoint("ad", evil, "awareness", "social", emotion=-1)
        .touchpoint("order", "Order", "purchase", "web")
        .transition("ad", "order")
        .build()
    )
    html = j.to_html()
    assert "<script>" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in html
    root = ET.fromstring(html.split("\n", 1)[1].encode("utf-8"))
    assert evil in " ".join(root.itertext())
    assert "<script>" not in j._repr_html_() and "Map &lt;b&gt;bold&lt;/b&gt;" in j._repr_html_()


def test_jupyter_reprs(example):
    svg = example._repr_svg_()
    assert isinstance(svg, str) and svg == example.to_svg()
    html = example._repr_html_()
    assert isinstance(html, str)
    assert "<?xml" not in html and "<svg" in html and "to_html()" in html
    assert f"{len(example.stages)} stages, {len(example)} touchpoints" in html
    assert len(html) < len(svg) + 1000, "light: the poster and a line"


def test_charts_are_svg(example, log, tmp_path):
    funnel = log.funnel_chart(["social_ad", "product_page", "cart", "payment"])
    assert isinstance(funnel, journey.Svg)
    root = svg_root(str(funnel))
    assert funnel.title == "Funnel" and funnel._repr_svg_() == str(funnel)
    assert "social_ad" in all_text(root)
    stages = log.stage_funnel_chart(example)
    text = all_text(svg_root(str(stages)))
    for s in example.stages:
        assert s.name in text
    markov = log.attribution_chart()
    assert markov.title == "Attribution (markov)"
    assert "removal effect" in all_text(svg_root(str(markov)))
    named = log.attribution_chart("linear", journey=example)
    text = all_text(svg_root(str(named)))
    assert "removal effect" not in text and "Shopping cart" in text
    funnel.save(tmp_path / "funnel.svg")
    assert (tmp_path / "funnel.svg").read_text(encoding="utf-8") == str(funnel)
    assert repr(funnel).startswith("<Svg 'Funnel'")
    assert funnel == log.funnel_chart(["social_ad", "product_page", "cart", "payment"])
    # The data frames stay data frames.
    assert hasattr(log.funnel(["social_ad", "cart"]), "columns")
    assert hasattr(log.attribution(), "columns")
    with pytest.raises(journey.ArgumentError):
        log.funnel_chart([])
    with pytest.raises(journey.ArgumentError):
        log.attribution_chart("nope")
    plain = journey.EventLog.from_csv(EVENTS)
    with pytest.raises(journey.ArgumentError, match="outcome"):
        plain.attribution_chart()


def test_svg_is_read_only():
    s = journey.Svg("<svg/>")
    with pytest.raises(AttributeError):
        s.x = 1
    with pytest.raises(TypeError):
        journey.Svg(b"<svg/>")
    assert s.title == ""
