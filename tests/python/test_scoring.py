"""Scores, gaps, backlog and diff against the shared fixtures in tests/fixtures/gaps/ (the same checks as
journey-core/tests/scoring.rs)."""

import datetime
import doctest
import json
import math
import pickle
import sys

import pytest

import journey
from conftest import FIXTURES, manifest

GAPS = FIXTURES / "gaps"
CASES = manifest(GAPS)
AS_OF = CASES["as_of"]


def load(file):
    return journey.Journey.load(GAPS / file)


def floats(value):
    """JSON-like data with numbers as floats and tuples as lists, so that 400 == 400.0 and (a, b) == [a, b]."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [floats(v) for v in value]
    if isinstance(value, dict):
        return {k: floats(v) for k, v in value.items()}
    return value


# ---- gaps --------------------------------------------------------------------------------------------


def test_clean_map_has_no_gap_of_any_kind():
    gaps = load(CASES["clean"]).gaps(as_of=AS_OF)
    assert gaps == []
    assert isinstance(gaps, journey.GapList)
    assert load(CASES["clean"]).gaps(as_of=datetime.date.fromisoformat(AS_OF)) == []


def test_there_is_a_case_for_every_kind():
    assert len(CASES["kinds"]) == 20


@pytest.mark.parametrize("case", CASES["kinds"], ids=[c["kind"] for c in CASES["kinds"]])
def test_every_gap_kind_fires_where_its_defect_is(case):
    gaps = load(case["file"]).gaps(journey.ScoringModel(), AS_OF)
    found = [g for g in gaps if g.kind == case["kind"]]
    assert found, f"{case['kind']} did not fire: {gaps!r}"
    for g in found:
        assert isinstance(g, journey.Gap)
        for field, value in case["where"].items():
            got = getattr(g.location, field)
            assert (list(got) if isinstance(got, tuple) else got) == value, (field, g)
        assert 1 <= g.severity <= 5
        assert g.message and not g.message.endswith(".")
        assert all(isinstance(e, str) for e in g.evidence)
        assert g.kind in repr(g) and str(g) == g.message
    assert [g.severity for g in gaps] == sorted((g.severity for g in gaps), reverse=True)


def test_a_gap_about_one_pain_point_names_it_and_joins_its_line():
    links = CASES["links"]
    j = load(links["file"])
    gaps = j.gaps(as_of=AS_OF)
    for want in links["gaps"]:
        hits = [
            g
            for g in gaps
            if g.kind == want["kind"]
            and g.location.touchpoint == want["touchpoint"]
            and g.location.pain_point == want["pain_point"]
        ]
        assert len(hits) == 1, want
    items = j.prioritize(as_of=AS_OF)
    for want in links["lines"]:
        line = next(i for i in items if i.id == want["pain_point"] or any(a.id == want["pain_point"] for a in i.addresses))
        held = [a for a in line.addresses if a.source == "gap" and a.kind == "unevidenced"]
        assert len(held) == want["unevidenced"], (want, line.addresses)
    kpi = next(g for g in load("kpi_below_target.json").gaps(as_of=AS_OF) if g.kind == "kpi_below_target")
    assert kpi.location.kpi == 0


def test_stale_map_follows_the_date_and_the_threshold():
    j = load("stale_map.json")
    kinds = lambda gaps: {g.kind for g in gaps}  # noqa: E731
    assert "stale_map" in kinds(j.gaps(as_of=AS_OF))
    assert "stale_map" in kinds(j.gaps(as_of=datetime.datetime(2026, 11, 1, 12, 30)))
    assert "stale_map" in kinds(j.gaps())  # today, which is later than the fixture's date
    assert "stale_map" not in kinds(j.gaps(as_of=j.reviewed_on))
    lenient = journey.ScoringModel(thresholds={"stale_after_days": 1000})
    assert "stale_map" not in kinds(j.gaps(lenient, as_of=AS_OF))


@pytest.mark.parametrize("bad", ["2026-13-01", "1 November 2026", 20261101])
def test_a_bad_date_is_an_argument_error(bad):
    with pytest.raises(journey.ArgumentError, match=r"^as_of: .* is not a date") as e:
        load("clean.json").gaps(as_of=bad)
    assert e.value.kind == "argument"


def test_gap_list_to_pandas():
    import pandas  # noqa: F401  (the frame needs it; the tests install it)
    df = load("loop.json").gaps(as_of=AS_OF).to_pandas()
    assert list(df.columns) == [
        "kind", "severity", "stage", "touchpoint", "transition", "persona", "message", "evidence",
    ]
    row = df[df.kind == "loop"].iloc[0]
    assert row.transition == "checkout -> site"
    empty = load("clean.json").gaps(as_of=AS_OF).to_pandas()
    assert len(empty) == 0 and list(empty.columns) == list(df.columns)


def test_gap_repr_and_location():
    g = next(g for g in load("loop.json").gaps(as_of=AS_OF) if g.kind == "loop")
    assert repr(g).startswith("<Gap loop severity ")
    assert "at transition checkout -> site" in repr(g)
    assert g.location.transition == ("checkout", "site")
    assert repr(g.location).startswith("Location(stage=")
    assert g.to_dict()["location"]["transition"] == ("checkout", "site")
    assert json.loads(json.dumps(g.to_dict()))["kind"] == "loop"
    no_goal = next(g for g in load("no_goal.json").gaps(as_of=AS_OF) if g.kind == "no_goal")
    assert str(no_goal.location) == "the whole map" and repr(no_goal.location) == "Location()"


# ---- scores ------------------------------------------------------------------------------------------


def test_clean_scores_follow_the_documented_formulas():
    want = CASES["clean_scores"]
    s = load("clean.json").score()
    assert isinstance(s, journey.JourneyScore)
    assert s.value == pytest.approx(want["journey"], abs=1e-9)
    assert s.value == s.score.value and s.confidence == s.score.confidence
    assert [st.stage for st in s.stages] == list(want["stages"])
    for st in s.stages:
        assert st.value == pytest.approx(want["stages"][st.stage], abs=1e-9), st.stage
        assert st.score.value == st.value and 0 <= st.confidence <= 1
    for t in s.touchpoints:
        assert t.value == pytest.approx(want["touchpoints"][t.touchpoint], abs=1e-9), t.touchpoint
        assert t.opportunity == pytest.approx(want["opportunity"][t.touchpoint], abs=1e-9), t.touchpoint
    assert s.stage("buy").weakest == "checkout"
    assert s.stage("find").weakest == "ad"
    assert s.stage("nowhere") is None and s.touchpoint("nowhere") is None
    checkout = s.touchpoint("checkout")
    assert [c.name for c in checkout.components] == ["emotion", "satisfaction", "completion", "effort", "pain"]
    assert checkout.missing == []
    assert all(isinstance(c, journey.Component) and c.detail for c in checkout.components)
    # The ad is an entry: judged on reach, never on completion.
    ad = s.touchpoint("ad")
    assert ad.role == "entry" and [c.name for c in ad.components] == ["emotion", "satisfaction", "pain"]
    assert ad.missing == ["effort"]
    # The default model weighs the stages equally; each stage shows its share.
    assert all(c.weight == pytest.approx(1 / 3) and "equal" in c.detail for c in s.components)
    assert [st.weight for st in s.stages] == pytest.approx([1 / 3] * 3)
    assert [st.customers for st in s.stages] == [900, 800, None]

    d = load("clean.json").to_dict()
    d["touchpoints"][3]["metrics"] = {"entered": 600}
    by_customers = journey.ScoringModel(stage_weighting="customers")
    s = journey.Journey.from_dict(d).score(by_customers)
    assert [st.weight for st in s.stages] == pytest.approx([900 / 2300, 800 / 2300, 600 / 2300])
    assert [st.reach for st in s.stages] == [1000, 800, 600]
    assert [st.customers for st in s.stages] == [900, 800, 600]


def test_a_map_without_metrics_scores_a_neutral_experience_with_low_confidence():
    s = journey.Journey.load(FIXTURES / "valid" / "minimal.json").score()
    # A neutral experience (0.5, the weight of four components) free of known pain (1, weight 1).
    assert s.value == pytest.approx(60.0) and s.confidence == pytest.approx(0.1)
    assert [c.name for c in s.touchpoints[0].components] == ["experience", "pain"]
    assert s.touchpoints[0].missing == ["emotion", "satisfaction", "completion", "effort"]
    assert s.touchpoints[0].opportunity is None
    empty = journey.Journey.with_standard_stages("e", "Empty").build().score()
    assert (empty.value, empty.confidence) == (50.0, 0.0)
    assert len(empty.missing) == 5


def test_persona_scores_use_their_touchpoints_and_emotions():
    j = journey.Journey.load(FIXTURES / "valid" / "bike-rental.json")
    commuter = j.score(persona="commuter")
    assert commuter.persona == "commuter"
    ids = [t.touchpoint for t in commuter.touchpoints]
    assert "kiosk" not in ids and "app_store" in ids
    assert commuter.touchpoint("kiosk") is None
    assert commuter.touchpoint("unlock").components[0].value == (-1.5 + 2) / 4
    assert "'commuter'" in repr(commuter)
    assert j.score().persona is None
    with pytest.raises(journey.NotFoundError) as e:
        j.score(persona="ghost")
    assert e.value.kind == "not_found"
    assert isinstance(e.value, KeyError)


def test_score_reprs_are_readable():
    s = load("clean.json").score()
    assert repr(s) == f"<JourneyScore {s.value:.1f} confidence {s.confidence:.2f}: 3 stages, 4 touchpoints>"
    assert repr(s.stage("buy")).startswith("<StageScore 'buy' 76.4 confidence ")
    assert "weakest 'checkout', reach 800, weight 33%" in repr(s.stage("buy"))
    assert repr(s.touchpoint("checkout")).endswith(", opportunity 13>")
    assert repr(s.score).startswith("<Score 85.2 confidence ")
    assert repr(s.touchpoint("ad").components[0]).startswith("Component(name='emotion', value=0.75, weight=1.0")


def test_score_to_dict_is_the_core_shape():
    s = load("clean.json").score()
    d = s.to_dict()
    assert set(d) == {"persona", "score", "stages", "touchpoints"}
    assert set(d["score"]) == {"value", "components", "missing", "confidence"}
    assert d["touchpoints"][2]["opportunity"] == 13.0
    assert json.loads(json.dumps(d)) == d


def test_score_to_pandas():
    import pandas  # noqa: F401  (the frame needs it; the tests install it)
    s = load("clean.json").score()
    df = s.to_pandas()
    assert list(df.columns) == [
        "level", "id", "stage", "value", "confidence", "weakest", "reach", "opportunity", "missing", "role",
        "weight", "customers",
    ]
    assert list(df.level) == ["stage"] * 3 + ["touchpoint"] * 4
    assert list(df.id) == ["find", "buy", "keep", "ad", "site", "checkout", "mail"]
    row = df.set_index("id").loc["ad"]
    assert row.value == pytest.approx(CASES["clean_scores"]["touchpoints"]["ad"])
    assert row.missing == "effort" and row.stage == "find" and row.role == "entry"
    assert df.set_index("id").loc["buy"].weakest == "checkout"


def test_to_pandas_without_pandas_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    j = load("pain_hotspot.json")
    for result in (j.score(), j.gaps(as_of=AS_OF), j.prioritize(as_of=AS_OF), journey.diff(j, j)):
        with pytest.raises(ImportError, match=r"pip install journey-maps\[pandas\]"):
            result.to_pandas()


# ---- the model ---------------------------------------------------------------------------------------


def test_default_model():
    m = journey.ScoringModel()
    assert m == journey.ScoringModel.default()
    assert repr(m) == "ScoringModel()"
    assert m.weights == {"emotion": 1.0, "satisfaction": 1.0, "completion": 1.0, "effort": 1.0, "pain": 1.0}
    assert m.thresholds["stale_after_days"] == 183 and m.thresholds["drop_off"] == 0.3
    assert (m.default_share, m.evidence_target, m.default_effort, m.default_reach) == (0.5, 3, 3.0, 0.5)
    assert (m.stage_weighting, m.max_stage_share) == ("equal", 0.5)
    assert set(m.to_dict()) == {
        "weights", "default_share", "evidence_target", "default_effort", "default_reach", "thresholds",
        "stage_weighting", "max_stage_share",
    }


def test_model_from_keywords():
    m = journey.ScoringModel(weights={"pain": 2}, thresholds={"drop_off": 0.4}, default_share=0.25)
    assert m.weights["pain"] == 2.0 and m.weights["emotion"] == 1.0
    assert m.thresholds["drop_off"] == 0.4 and m.thresholds["pain_hotspot"] == 0.3
    assert m.default_share == 0.25
    assert repr(m) == "ScoringModel(default_share=0.25, thresholds={'drop_off': 0.4}, weights={'pain': 2.0})"
    assert journey.ScoringModel(**m.to_dict()) == m
    assert eval(repr(m), {"ScoringModel": journey.ScoringModel}) == m
    assert pickle.loads(pickle.dumps(m)) == m
    assert m != journey.ScoringModel()
    # The weights are a copy: changing it does not change the model.
    m.weights["pain"] = 7
    assert m.weights["pain"] == 2.0
    # A weight changes the score.
    clean = load("clean.json")
    assert clean.score(m).value != clean.score().value


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"weights": {"pain": -1}}, "ScoringModel: weights.pain: -1 is not a number in 0..=1000000"),
        ({"weights": {"pain": float("nan")}}, "ScoringModel: weights.pain: NaN"),
        ({"weights": {"pain": math.inf}}, "ScoringModel: weights.pain: "),
        ({"weights": dict.fromkeys(["emotion", "satisfaction", "completion", "effort", "pain"], 0)},
         "ScoringModel: weights: all weights are zero"),
        ({"thresholds": {"drop_off": 1.5}}, "ScoringModel: thresholds.drop_off: 1.5 is not a number in 0..=1"),
        ({"default_share": -0.1}, "ScoringModel: default_share: "),
        ({"weights": {"pian": 1}}, "ScoringModel: weights.pian: unknown field `pian`, expected one of `emotion`"),
        ({"wieghts": {}}, 'ScoringModel: unexpected argument "wieghts"; expected any of '),
        ({"weights": {"pain": "high"}}, "ScoringModel: weights.pain: invalid type"),
        ({"evidence_target": 2.5}, "ScoringModel: evidence_target: invalid type"),
        ({"stage_weighting": "reach"}, "ScoringModel: stage_weighting: unknown variant `reach`, expected `equal` or `customers`"),
        ({"max_stage_share": 0}, "ScoringModel: max_stage_share: 0 is not a share above 0"),
        ({"max_stage_share": 1.5}, "ScoringModel: max_stage_share: 1.5 is not a number in 0..=1"),
    ],
)
def test_bad_models_name_the_field(fields, message):
    with pytest.raises(journey.ArgumentError) as e:
        journey.ScoringModel(**fields)
    assert str(e.value).startswith(message), str(e.value)
    assert e.value.kind == "argument"
    assert isinstance(e.value, ValueError)


def test_model_must_be_a_scoring_model():
    with pytest.raises(TypeError):
        load("clean.json").score({"weights": {"pain": 2}})


# ---- backlog -----------------------------------------------------------------------------------------


def test_backlog_ranks_by_reach_impact_confidence_importance_over_effort():
    items = load("pain_hotspot.json").prioritize(as_of=AS_OF)
    assert isinstance(items, journey.Backlog)
    for i, item in enumerate(items):
        assert isinstance(item, journey.BacklogItem)
        assert item.rank == i + 1
        want = item.reach * item.impact * item.confidence * item.importance / 5 / item.effort
        assert item.priority == pytest.approx(want, abs=1e-12)
    assert [i.priority for i in items] == sorted((i.priority for i in items), reverse=True)
    # One problem, one line: the opportunity holds the pain point it addresses and the hot spot about it.
    assert len(items) == 1
    lookup = items[0]
    assert (lookup.source, lookup.title) == ("opportunity", 'Address lookup (at "Checkout")')
    assert [(a.kind, a.id) for a in lookup.addresses] == [("pain_point", "pain_form"), ("pain_hotspot", None)]
    assert all(isinstance(a, journey.Addressed) for a in lookup.addresses)
    assert lookup.quick_win, "impact 4, effort 2 is a quick win"
    assert (lookup.impact, lookup.effort, lookup.confidence, lookup.importance) == (4.0, 2.0, 0.7, 5.0)
    # 800 at the checkout, 60% affected, of the 900 at the busiest touchpoint (the ad's 1000 are
    # impressions: the 900 who went on are customers).
    assert lookup.reach == pytest.approx(800 / 900 * 0.6, abs=1e-12)
    assert lookup.reach_basis.startswith('480 of the 800 customers at "Checkout"')
    assert lookup.location.touchpoint == "checkout" and lookup.effect is None
    assert repr(lookup).startswith(f"<BacklogItem #{lookup.rank} priority ")
    assert "quick win" in repr(lookup)


def test_a_kpi_short_of_its_target_reaches_the_share_it_is_short_by():
    kpi = next(i for i in load("kpi_below_target.json").prioritize(as_of=AS_OF) if i.kind == "kpi_below_target")
    assert kpi.reach == pytest.approx(0.3, abs=1e-12)
    assert "(30% short of its target)" in kpi.reach_basis
    assert (kpi.confidence, kpi.importance, kpi.effect) == (0.5, 3.5, None)


def test_backlog_to_pandas():
    import pandas  # noqa: F401  (the frame needs it; the tests install it)
    items = load("pain_hotspot.json").prioritize(as_of=AS_OF)
    df = items.to_pandas()
    assert list(df.columns) == [
        "rank", "source", "kind", "title", "stage", "touchpoint", "transition", "persona",
        "reach", "reach_basis", "impact", "confidence", "effort", "priority", "quick_win",
        "id", "importance", "addresses", "effect_conversions", "effect_value",
        "effect_priority", "ranked_by",
    ]
    assert list(df["rank"]) == list(range(1, len(items) + 1))
    assert df.quick_win.dtype == bool
    assert df.addresses[0] == "pain_form, pain_hotspot"


# ---- diff --------------------------------------------------------------------------------------------

LISTS = [
    "stages_added",
    "stages_removed",
    "stages_changed",
    "touchpoints_added",
    "touchpoints_removed",
    "touchpoints_moved",
    "touchpoints_changed",
    "transitions_added",
    "transitions_removed",
    "emotion_changes",
    "metric_changes",
]


@pytest.mark.parametrize("case", CASES["diffs"], ids=[c["other"] for c in CASES["diffs"]])
def test_diff_reports_what_changed_by_id(case):
    clean = load("clean.json")
    d = journey.diff(clean, load(case["other"]))
    assert isinstance(d, journey.JourneyDiff)
    data = d.to_dict()
    for name in LISTS:
        assert floats(data[name]) == floats(case.get(name, [])), name
    if "score_change_ids" in case:
        assert [c.id for c in d.score_changes] == case["score_change_ids"]
        assert all(c.field == "score" and c.before != c.after for c in d.score_changes)
    assert d and len(d) == len(data["edits"]) + len(data["score_changes"])
    assert len(d.lines) == len(d)
    assert repr(d).startswith("<JourneyDiff ") and "no changes" not in repr(d)


def test_diff_of_a_map_with_itself_is_empty():
    clean = load("clean.json")
    d = journey.diff(clean, clean, journey.ScoringModel())
    assert not d and len(d) == 0
    assert repr(d) == "<JourneyDiff no changes>"
    assert all(v == [] for v in d.to_dict().values())


def test_diff_attributes_and_repr():
    d = journey.diff(load("clean.json"), load("no_post_purchase_stage.json"))
    assert d.stages_removed == ["keep"]
    assert d.transitions_added == [("checkout", "ad")]
    assert repr(d) == (
        "<JourneyDiff stages_removed=1, touchpoints_removed=1, transitions_added=1, transitions_removed=2, "
        f"score_changes=1, edits={len(d.edits)}>"
    )
    m = journey.diff(load("clean.json"), load("drop_off.json")).metric_changes[0]
    assert (m.id, m.field, m.before, m.after) == ("site", "completed", 800, 400)
    assert repr(m) == "Change(id='site', field='completed', before=800.0, after=400.0)"


def test_diff_to_pandas():
    import pandas  # noqa: F401  (the frame needs it; the tests install it)
    d = journey.diff(load("clean.json"), load("no_post_purchase_stage.json"))
    df = d.to_pandas()
    assert list(df.columns) == ["change", "id", "field", "before", "after"]
    # One row per item of the typed lists (the edits have their own table, `edits_to_pandas`).
    assert len(df) == sum(len(items) for _, items in d._lists())
    assert len(d.edits_to_pandas()) == len(d.edits)
    assert list(df[df.change == "transitions_added"].id) == ["checkout -> ad"]
    assert list(df[df.change == "stages_removed"].id) == ["keep"]
    changed = journey.diff(load("clean.json"), load("emotional_dip.json"))
    row = changed.to_pandas().set_index("change").loc["emotion_changes"]
    assert (row.id, row.field, row.before, row.after) == ("checkout", "emotion", 0.5, -0.5)


# ---- the package docs ----------------------------------------------------------------------------------


def test_package_docstring_examples():
    failures, tried = doctest.testmod(journey, verbose=False, report=True)
    assert tried > 0 and failures == 0
