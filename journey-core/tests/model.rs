//! The model API: builder, queries, edits, validation of values a file cannot hold (NaN).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use journey_core::{Channel, Error, Journey, JourneyBuilder, Moment, STANDARD_STAGES, Touchpoint, Transition};

fn shop() -> JourneyBuilder {
    Journey::with_standard_stages("shop", "Shop")
        .touchpoint(Touchpoint::new("ad", "Ad", "awareness", Channel::PaidAds).with_emotion(0.5))
        .touchpoint(Touchpoint::new("site", "Site", "consideration", Channel::Web))
        .touchpoint(Touchpoint::new("cart", "Cart", "purchase", Channel::Web))
        .touchpoint(Touchpoint::new("shipping", "Shipping details", "purchase", Channel::Web).with_emotion(-1.0))
        .touchpoint(Touchpoint::new("order", "Order", "purchase", Channel::Web))
        .touchpoint(Touchpoint::new("mail", "Newsletter", "retention", Channel::Email))
        .touchpoint(Touchpoint::new("refer", "Refer a friend", "advocacy", Channel::Referral))
        .transition("ad", "site")
        .transition("site", "cart")
        .transition("cart", "shipping")
        .transition("shipping", "cart")
        .transition("shipping", "order")
        .transition("order", "mail")
        .transition("mail", "refer")
        .transition("refer", "ad")
        .entry("ad")
        .goal("order")
}

#[test]
fn standard_stages_are_the_five_in_order() {
    let j = Journey::with_standard_stages("x", "X").build().unwrap();
    let ids: Vec<&str> = j.stages().iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, STANDARD_STAGES.map(|(id, _)| id));
    assert_eq!(j.stages()[2].name, "Purchase");
}

#[test]
fn builder_makes_a_cyclic_journey_that_answers_queries() {
    let j = shop().build().unwrap();
    assert_eq!(j.touchpoint_count(), 7);
    assert_eq!(j.transition_count(), 8);
    let ids = |v: Vec<&Touchpoint>| v.into_iter().map(|t| t.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(j.touchpoints_in_stage("purchase").unwrap()), ["cart", "shipping", "order"]);
    assert_eq!(ids(j.successors("shipping").unwrap()), ["cart", "order"]);
    assert_eq!(ids(j.predecessors("cart").unwrap()), ["site", "shipping"]);
    assert_eq!(ids(j.touchpoints_on_channel(&Channel::Web)), ["site", "cart", "shipping", "order"]);
    // Around the cycle: from the order back to the ad through retention and advocacy.
    assert_eq!(ids(j.path("order", "ad").unwrap().unwrap()), ["order", "mail", "refer", "ad"]);
    assert!(j.reaches("refer", "shipping").unwrap());
    assert!(j.is_entry("ad") && j.is_goal("order") && !j.is_goal("ad"));
    assert_eq!(j.transition("shipping", "cart").map(|t| t.expected), Some(true));
    assert!(j.transition("cart", "ad").is_none());
}

#[test]
fn unknown_ids_are_errors_that_name_them() {
    let j = shop().build().unwrap();
    let e = j.successors("nope").unwrap_err();
    assert_eq!(e.kind(), "not_found");
    assert_eq!(
        e.to_string(),
        "unknown touchpoint \"nope\"; the map's touchpoints are ad, site, cart, shipping, order, mail, refer"
    );
    let stages: Vec<&str> = j.stages().iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        j.touchpoints_in_stage("after").unwrap_err().to_string(),
        format!("unknown stage \"after\"; the map's stages are {}", stages.join(", "))
    );
    assert_eq!(j.touchpoints_for_persona("ghost").unwrap_err().kind(), "not_found");
    assert!(j.path("ad", "nope").is_err());
    assert!(j.touchpoint("nope").is_none());
}

#[test]
fn builder_reports_every_problem_including_nan_and_infinity() {
    let err = Journey::with_standard_stages("x", "")
        .touchpoint(Touchpoint::new("a", "A", "awareness", Channel::Web).with_emotion(f64::NAN))
        .touchpoint(
            Touchpoint::new("b", "B", "nowhere", Channel::Web)
                .with_pain_point(Moment::new("slow", 0))
                .with_emotion(-2.5),
        )
        .touchpoint(Touchpoint { importance: f64::INFINITY, ..Touchpoint::new("c", "C", "purchase", Channel::Store) })
        .transition("a", "z")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), "invalid");
    let got: Vec<(&str, &str)> = err.problems().iter().map(|p| (p.kind.as_str(), p.path.as_str())).collect();
    assert_eq!(
        got,
        [
            ("empty", "name"),
            ("not_finite", "touchpoints[0].emotion"),
            ("unknown_reference", "touchpoints[1].stage"),
            ("out_of_range", "touchpoints[1].emotion"),
            ("out_of_range", "touchpoints[1].pain_points[0].severity"),
            ("not_finite", "touchpoints[2].importance"),
            ("unknown_reference", "transitions[0].to"),
        ]
    );
    assert!(err.to_string().starts_with("7 problems: name: journey \"x\": name is empty"), "{err}");
    assert!(
        err.to_string().contains("touchpoints[0].emotion: touchpoint \"a\": emotion is NaN, expected a finite number")
    );
}

#[test]
fn a_handle_names_its_own_touchpoint_only() {
    let mut j = shop().build().unwrap();
    let shipping = j.touchpoint_id("shipping").unwrap();
    j.remove_touchpoint("shipping").unwrap();
    assert!(j.get(shipping).is_none(), "a removed touchpoint's handle finds nothing");
    // The graph gives the freed place to the next touchpoint; the old handle still finds nothing.
    let store = j.add_touchpoint(Touchpoint::new("store", "Store", "purchase", Channel::Store)).unwrap();
    assert!(j.get(shipping).is_none(), "a handle does not name the touchpoint that took its place");
    assert_eq!(j.get(store).unwrap().id, "store");
    assert_eq!(j.touchpoint_id("store"), Some(store));

    let other = shop().build().unwrap();
    let ad = other.touchpoint_id("ad").unwrap();
    assert!(j.get(ad).is_none(), "a handle of another map with the same ids finds nothing");
    assert_eq!(other.get(ad).unwrap().id, "ad");
    let copy = other.clone();
    assert_eq!(copy.get(ad).unwrap().id, "ad", "a clone has the touchpoints, and the handles, it copied");
}

#[test]
fn edits_keep_the_graph_sound_and_handles_valid() {
    let mut j = shop().build().unwrap();
    let order = j.touchpoint_id("order").unwrap();
    let removed = j.remove_touchpoint("shipping").unwrap();
    assert_eq!(removed.id, "shipping");
    assert_eq!(j.get(order).unwrap().id, "order", "other handles survive a removal");
    assert!(!j.reaches("ad", "order").unwrap());
    j.add_transition(Transition::new("cart", "order")).unwrap();
    assert!(j.reaches("ad", "order").unwrap());
    assert_eq!(j.add_transition(Transition::new("cart", "order")).unwrap_err().kind(), "duplicate");
    assert_eq!(j.add_transition(Transition::new("cart", "gone")).unwrap_err().kind(), "not_found");
    assert_eq!(
        j.add_touchpoint(Touchpoint::new("ad", "Ad", "awareness", Channel::Web)).unwrap_err().kind(),
        "duplicate"
    );
    assert_eq!(
        j.add_touchpoint(Touchpoint::new("kiosk", "K", "later", Channel::Store)).unwrap_err().kind(),
        "not_found"
    );
    j.add_touchpoint(Touchpoint::new("store", "Store", "purchase", Channel::Store)).unwrap();

    j.update_touchpoint("cart", |t| t.emotion = Some(9.0)).unwrap();
    let problems = j.validate();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "touchpoints[2].emotion");
    assert_eq!(j.update_touchpoint("cart", |t| t.id = "basket".into()).unwrap_err().kind(), "argument");
    assert_eq!(j.update_touchpoint("cart", |t| t.stage = "limbo".into()).unwrap_err().kind(), "not_found");
    assert_eq!(j.touchpoint("cart").unwrap().stage, "purchase", "a refused change is undone");

    // What was edited saves and loads back the same, but a file with a bad value no longer loads.
    let err = Journey::from_json(&j.to_json()).unwrap_err();
    assert!(matches!(err, Error::Invalid(_)));
    j.update_touchpoint("cart", |t| t.emotion = Some(-1.0)).unwrap();
    assert_eq!(Journey::from_json(&j.to_json()).unwrap(), j);
}

#[test]
fn personas_select_their_touchpoints_and_emotions() {
    let mut savvy = journey_core::Persona { id: "savvy".into(), name: "Savvy".into(), ..Default::default() };
    savvy.preferred_channels = vec![Channel::Web];
    let mut t = Touchpoint::new("store", "Store", "purchase", Channel::Store).with_emotion(1.0);
    t.personas = vec!["trad".into()];
    t.persona_emotions.insert("trad".into(), 2.0);
    let j = shop()
        .persona(savvy)
        .persona(journey_core::Persona { id: "trad".into(), name: "Traditional".into(), ..Default::default() })
        .touchpoint(t)
        .build()
        .unwrap();
    assert_eq!(j.touchpoints_for_persona("savvy").unwrap().len(), 7);
    assert_eq!(j.touchpoints_for_persona("trad").unwrap().len(), 8);
    let store = j.touchpoint("store").unwrap();
    assert_eq!(store.emotion_for(Some("trad")), Some(2.0));
    assert_eq!(store.emotion_for(Some("savvy")), Some(1.0));
    assert!(!store.channel.is_online());
}

#[test]
fn large_input_is_refused_with_its_size() {
    let text = format!("{{\"schema_version\": 1, \"id\": \"{}\"}}", "x".repeat(journey_core::io::MAX_DOCUMENT_BYTES));
    let err = Journey::from_json(&text).unwrap_err();
    assert_eq!(err.kind(), "too_large");
    assert!(err.to_string().contains("more than the limit of 67108864 bytes"));
}
