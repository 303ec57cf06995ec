"""Loading, saving, building and querying journeys; the records they hand out."""

import json
import pickle

import pytest

import journey
from conftest import EXAMPLE


def ids(touchpoints):
    return [t.id for t in touchpoints]


# ---- round trips -------------------------------------------------------------------------------------


def test_example_loads_with_its_figures(example):
    assert example.id == "electronics-retailer"
    assert example.name == "Voltaro: buying a laptop"
    assert example.kind == "current_state"
    assert example.reviewed_on == "2026-03-02"
    assert example.description.startswith("Current-state map")
    assert [s.id for s in example.stages] == ["awareness", "consideration", "purchase", "retention", "advocacy"]
    assert len(example) == 22
    assert len(example.transitions) == 34
    assert [p.id for p in example.personas] == ["savvy", "traditional"]
    assert repr(example) == "<Journey 'electronics-retailer' 5 stages, 22 touchpoints, 34 transitions>"
    assert example.validate() == []


def test_round_trip_through_json_text_and_bytes(example):
    text = example.to_json()
    again = journey.Journey.from_json(text)
    assert again == example
    assert journey.Journey.from_json(text.encode("utf-8")) == example
    assert journey.Journey.from_json(bytearray(text.encode("utf-8"))) == example
    assert again.to_json() == text
    # The saved text is the file's text, up to formatting and importance 3 (the default) left out.
    original = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    for tp in original["touchpoints"]:
        if tp.get("importance") == 3:
            del tp["importance"]
    assert json.loads(text) == original


def test_round_trip_through_dict(example):
    d = example.to_dict()
    assert d["schema_version"] == journey.SCHEMA_VERSION
    assert d["touchpoints"][0]["id"] == "social_ad"
    assert journey.Journey.from_dict(d) == example
    assert d == json.loads(example.to_json())


def test_save_and_load(example, tmp_path):
    path = tmp_path / "saved.json"
    example.save(path)
    assert journey.Journey.load(path) == example
    example.save(str(tmp_path / "as-str.json"))
    assert journey.Journey.load(str(tmp_path / "as-str.json")) == example
    assert path.read_text(encoding="utf-8") == example.to_json() + "\n"


def test_equality_sees_a_change(example):
    d = example.to_dict()
    d["touchpoints"][3]["emotion"] = 0.25
    changed = journey.Journey.from_dict(d)
    assert changed != example
    assert not (changed == example)
    assert example != "electronics-retailer"
    with pytest.raises(TypeError):
        hash(example)


def test_pickle(example):
    assert pickle.loads(pickle.dumps(example)) == example
    tp = example.touchpoint("shipping")
    assert pickle.loads(pickle.dumps(tp)) == tp


def test_to_dict_matches_the_json_schema(example):
    import jsonschema
    schema = json.loads(journey.json_schema())
    jsonschema.validate(example.to_dict(), schema)
    assert schema["title"] == "journey"


def test_csv_sheet_text_and_path(tmp_path):
    sheet = (
        "stage,touchpoint,channel,emotion,next,entry,goal\n"
        "Awareness,Social ad,paid_ads,1,product_page,yes,\n"
        "Consideration,Product page,web,0.5,checkout,,\n"
        "Purchase,Checkout,web,-1,,,yes\n"
    )
    j = journey.Journey.from_csv_sheet_text(sheet, "shop", "Shop")
    assert (j.id, j.name) == ("shop", "Shop")
    assert ids(j.touchpoints) == ["social_ad", "product_page", "checkout"]
    assert j.touchpoint("checkout").emotion == -1
    assert j.reaches("social_ad", "checkout")
    assert journey.Journey.from_csv_sheet_text(sheet.encode(), "shop", "Shop") == j
    path = tmp_path / "my_shop-map.csv"
    path.write_text(sheet, encoding="utf-8")
    loaded = journey.Journey.from_csv_sheet(path)
    assert (loaded.id, loaded.name) == ("my_shop-map", "My shop map")
    named = journey.Journey.from_csv_sheet(path, id="shop", name="Shop")
    assert named == j
    assert journey.Journey.from_csv_sheet(path, name="Shop").id == "my_shop-map"
    with pytest.raises(journey.ValidationError) as caught:
        journey.Journey.from_csv_sheet(path, id=" ")
    assert [p.kind for p in caught.value.problems] == ["empty"]


# ---- builder -----------------------------------------------------------------------------------------


def bike_builder():
    return (
        journey.JourneyBuilder("bikes", "Bike rental")
        .description("Renting a city bike")
        .kind("future_state")
        .reviewed_on("2026-02-01")
        .stage("discover", "Discover", description="Finding out")
        .stage("ride", "Ride", kpis=[{"name": "rides per user", "target": 4.0, "actual": 3.2}])
        .persona("commuter", "Commuter", preferred_channels=["mobile_app"], goals={"ride": ["get to work"]})
        .persona("tourist", "Tourist")
        .touchpoint("poster", "Poster", "discover", "print", emotion=0.5)
        .touchpoint(
            "app",
            "App",
            "discover",
            "mobile_app",
            personas=["commuter"],
            importance=4,
            pain_points=[{"id": "slow", "description": "Slow sign-up", "severity": 4, "share": 0.3}],
            metrics={"entered": 1000, "completed": 700, "satisfaction": 0.8},
        )
        .touchpoint("unlock", "Unlock", "ride", "other:kiosk", moment_of_truth=True, device="kiosk")
        .touchpoint("lock", "Lock", "ride", "mobile_app")
        .transition("poster", "app")
        .transition("app", "unlock", probability=0.7)
        .transition("unlock", "lock", observed=True, count=120)
        .transition("lock", "unlock", expected=False)  # a cycle
        .entry("poster")
        .goal("lock")
    )


def test_builder_builds_and_queries():
    b = bike_builder()
    assert repr(b) == "<JourneyBuilder 'bikes' 2 stages, 4 touchpoints, 4 transitions>"
    j = b.build()
    assert repr(j) == "<Journey 'bikes' 2 stages, 4 touchpoints, 4 transitions>"
    assert (j.description, j.kind, j.reviewed_on) == ("Renting a city bike", "future_state", "2026-02-01")
    assert ids(j.successors("unlock")) == ["lock"]
    assert ids(j.successors("lock")) == ["unlock"]
    assert ids(j.predecessors("unlock")) == ["app", "lock"]
    assert ids(j.path("poster", "lock")) == ["poster", "app", "unlock", "lock"]
    assert ids(j.path("lock", "unlock")) == ["lock", "unlock"]
    assert j.path("lock", "poster") is None
    assert j.reaches("unlock", "unlock") and not j.reaches("app", "poster")
    assert ids(j.stage_touchpoints("ride")) == ["unlock", "lock"]
    assert ids(j.persona_touchpoints("tourist")) == ["poster", "unlock", "lock"]
    assert ids(j.persona_touchpoints("commuter")) == ["poster", "app", "unlock", "lock"]
    assert ids(j.channel_touchpoints("mobile_app")) == ["app", "lock"]
    assert ids(j.channel_touchpoints("other:kiosk")) == ["unlock"]
    assert ids(j.channel_touchpoints("email")) == []
    assert ids(j.entries) == ["poster"] and ids(j.goals) == ["lock"]
    # The builder is reusable and the built journey survives the file format.
    assert b.build() == j
    assert journey.Journey.from_json(j.to_json()) == j


def test_builder_fields_reach_the_records():
    j = bike_builder().build()
    app = j.touchpoint("app")
    assert app.importance == 4
    assert app.personas == ["commuter"]
    assert app.pain_points[0]["severity"] == 4
    assert app.pain_points[0]["share"] == 0.3
    assert app.metrics == {"entered": 1000, "completed": 700, "satisfaction": 0.8}
    unlock = j.touchpoint("unlock")
    assert unlock.moment_of_truth is True and unlock.device == "kiosk" and unlock.channel == "other:kiosk"
    ride = j.stage("ride")
    assert ride.kpis == [{"name": "rides per user", "target": 4.0, "actual": 3.2}]
    assert j.stage("discover").description == "Finding out"
    commuter = j.persona("commuter")
    assert commuter.preferred_channels == ["mobile_app"] and commuter.goals == {"ride": ["get to work"]}
    t = j.transitions
    assert (t[1].from_, t[1].to, t[1].probability) == ("app", "unlock", 0.7)
    assert (t[2].observed, t[2].count) == (True, 120)
    assert t[3].expected is False
    assert getattr(t[0], "from") == "poster"


def test_with_standard_stages():
    j = journey.Journey.with_standard_stages("s", "S").touchpoint("ad", "Ad", "awareness", "social").build()
    assert [s.id for s in j.stages] == ["awareness", "consideration", "purchase", "retention", "advocacy"]
    assert [s.name for s in j.stages][:2] == ["Awareness", "Consideration"]
    assert journey.JourneyBuilder("s", "S", standard_stages=True).build().stages == j.stages
    assert journey.Journey.builder("e", "E").build().stages == []


def test_builder_reports_every_problem():
    b = (
        journey.Journey.builder("x", "X")
        .stage("s", "S")
        .touchpoint("a", "A", "s", "web", emotion=3)
        .touchpoint("a", "A again", "nowhere", "web")
        .transition("a", "ghost")
    )
    with pytest.raises(journey.ValidationError) as caught:
        b.build()
    problems = caught.value.problems
    assert [(p.kind, p.path) for p in problems] == [
        ("duplicate_id", "touchpoints[1].id"),
        ("out_of_range", "touchpoints[0].emotion"),
        ("unknown_reference", "touchpoints[1].stage"),
        ("unknown_reference", "transitions[0].to"),
    ]
    assert caught.value.kind == "invalid"
    assert str(caught.value).startswith("4 problems: ")
    assert problems[0].message in str(caught.value)


@pytest.mark.parametrize(
    "call, fragment",
    [
        (lambda b: b.touchpoint("t", "T", "s", "web", emoton=1), "unknown field `emoton`"),
        (lambda b: b.touchpoint("t", "T", "s", "teleport"), 'unknown channel "teleport"'),
        (lambda b: b.touchpoint("t", "T", "s", "web", pain_points=[{"severity": 2}]), "pain_points[0]"),
        (lambda b: b.stage("s2", "S2", kpis=[{"name": "k"}]), "missing field `target`"),
        (lambda b: b.transition("a", "b", **{"from": "c"}), '"from" is given twice'),
        (lambda b: b.kind("someday"), 'kind: unknown journey kind "someday", expected "current_state", "future_state"'),
        (lambda b: b.reviewed_on("2026-13-45"), "reviewed_on"),
    ],
)
def test_builder_rejects_bad_fields(call, fragment):
    b = journey.Journey.builder("x", "X").stage("s", "S")
    with pytest.raises(journey.ArgumentError) as caught:
        call(b)
    assert caught.value.kind == "argument"
    assert fragment in str(caught.value)
    # The builder is unchanged by a rejected call.
    assert repr(b) == "<JourneyBuilder 'x' 1 stages, 0 touchpoints, 0 transitions>"


def test_nan_and_infinity_are_refused_at_the_call_with_their_place():
    b = journey.Journey.builder("x", "X").stage("s", "S")
    with pytest.raises(journey.ArgumentError) as caught:
        b.touchpoint("a", "A", "s", "web", emotion=float("nan"))
    assert 'touchpoint "a": emotion: NaN is not a finite number' in str(caught.value)
    with pytest.raises(journey.ArgumentError, match=r"pain_points\[0\]\.share: inf is not a finite number"):
        b.touchpoint("a", "A", "s", "web", pain_points=[{"description": "d", "severity": 2, "share": float("inf")}])
    # NaN set on a journey built otherwise is still caught by validation: see the Rust tests.


def test_a_str_where_a_list_is_expected_is_an_error_not_a_list_of_characters():
    b = journey.Journey.builder("x", "X").stage("s", "S")
    with pytest.raises(journey.ArgumentError, match=r'actions: invalid type: string "Browse", expected a sequence'):
        b.touchpoint("a", "A", "s", "web", actions="Browse")
    b.touchpoint("a", "A", "s", "web", actions=("Browse", "Compare"))
    assert b.build().touchpoint("a").actions == ["Browse", "Compare"]


# ---- records -----------------------------------------------------------------------------------------


def test_touchpoint_record(example):
    tp = example.touchpoint("shipping")
    assert isinstance(tp, journey.Touchpoint)
    assert (tp.id, tp.stage, tp.channel) == ("shipping", "purchase", "web")
    assert tp.pain_points[0]["severity"] == 4
    assert tp.pain_points[0]["share"] == 0.38
    assert tp.pain_points[0]["evidence"][0]["source"] == "survey"
    assert tp.moment_of_truth is True
    # Absent fields read as None, [] or {} by their type.
    search = example.touchpoint("search_result")
    assert "delights" not in search.to_dict() and search.delights == []
    assert "persona_emotions" not in search.to_dict() and search.persona_emotions == {}
    assert "personas" not in search.to_dict() and search.personas == []
    assert "moment_of_truth" not in search.to_dict()
    assert example.touchpoint("nope") is None
    assert example.stage("nope") is None and example.persona("nope") is None


def test_absent_fields_follow_the_schema(example):
    b = journey.Journey.builder("x", "X").stage("s", "S").touchpoint("t", "T", "s", "web").transition("t", "t")
    j = b.persona("p", "P").build()
    tp, stage, persona, transition = j.touchpoint("t"), j.stage("s"), j.persona("p"), j.transitions[0]
    assert tp.to_dict() == {"id": "t", "name": "T", "stage": "s", "channel": "web"}
    assert stage.description is None and stage.kpis == []
    assert tp.owner is None and tp.emotion is None and tp.device is None
    assert tp.pain_points == [] and tp.actions == [] and tp.metrics == {}
    assert persona.demographics == {} and persona.goals == {} and persona.summary is None
    assert transition.count is None and transition.duration is None
    for record, type_name in [(tp, "Touchpoint"), (stage, "Stage"), (persona, "Persona"), (transition, "Transition")]:
        schema = json.loads(journey.json_schema())["$defs"][type_name]
        assert set(type(record).field_names()) == set(schema["properties"])
        for field, prop in schema["properties"].items():
            if field not in record.to_dict() and "default" in prop:
                assert getattr(record, field) == prop["default"], (type_name, field)


def test_defaults_of_flags_and_importance():
    """Fields with a non-empty default (importance 3, expected true, moment_of_truth false) read as that
    default, which the core's schema states."""
    schema = json.loads(journey.json_schema())["$defs"]
    assert schema["Touchpoint"]["properties"]["importance"]["default"] == 3
    j = journey.Journey.builder("x", "X").stage("s", "S").touchpoint("t", "T", "s", "web").transition("t", "t").build()
    assert j.touchpoint("t").importance == 3
    assert j.touchpoint("t").moment_of_truth is False
    assert j.transitions[0].expected is True and j.transitions[0].observed is False


def test_records_are_read_only_and_copy_their_insides(example):
    tp = example.touchpoint("shipping")
    with pytest.raises(AttributeError):
        tp.name = "x"
    with pytest.raises(AttributeError):
        del tp.name
    with pytest.raises(AttributeError):
        tp.no_such_field
    tp.pain_points.append({"description": "x"})
    tp.to_dict()["pain_points"].clear()
    assert len(tp.pain_points) == 2
    assert example.touchpoint("shipping") == tp


def test_record_equality_and_repr(example):
    a, b = example.touchpoint("cart"), example.touchpoint("cart")
    assert a == b and a is not b
    assert a != example.touchpoint("shipping")
    assert a != a.to_dict()
    assert repr(example.stage("purchase")) == "Stage(id='purchase', name='Purchase', ...)"
    assert repr(example.transitions[0]) == "Transition(from='social_ad', to='product_page')"
    assert repr(a).startswith("Touchpoint(id='cart', name=")
    assert journey.Touchpoint(a.to_dict()) == a
    with pytest.raises(TypeError):
        hash(a)


def test_problem_record():
    with pytest.raises(journey.ValidationError) as caught:
        journey.Journey.builder("x", "X").stage("s", "S").touchpoint("t", "T", "s", "web", emotion=-3).build()
    (problem,) = caught.value.problems
    assert problem.kind == "out_of_range"
    assert problem.path == "touchpoints[0].emotion"
    assert problem.id == "t"
    assert problem.message == 'touchpoint "t": emotion -3 is outside -2..=2'
    assert str(problem) == 'touchpoints[0].emotion: touchpoint "t": emotion -3 is outside -2..=2'
    assert problem.to_dict() == {
        "kind": "out_of_range",
        "path": "touchpoints[0].emotion",
        "id": "t",
        "message": 'touchpoint "t": emotion -3 is outside -2..=2',
    }


def test_lists_are_in_map_order(example):
    assert [t.stage for t in example.touchpoints] == sorted(
        (t.stage for t in example.touchpoints), key=[s.id for s in example.stages].index
    )
    assert ids(example.stage_touchpoints("purchase")) == [
        "cart",
        "shipping",
        "payment",
        "order_confirmation",
        "store_checkout",
    ]
    assert ids(example.successors("cart")) == ["shipping"]
    assert ids(example.predecessors("cart")) == ["product_page", "compare_reviews", "live_chat", "shipping"]
    assert ids(example.path("social_ad", "order_confirmation")) == [
        "social_ad",
        "product_page",
        "cart",
        "shipping",
        "payment",
        "order_confirmation",
    ]
