//! Large maps: every operation runs on generated maps of 10^4 touchpoints (the size benchmark,
//! `journey-bench --bin map_scale`, measures how the time grows; these tests bound no time, they only make a
//! return of per-item scans expensive), the indexes a journey keeps stay right through edits, and the limits
//! that keep work proportional to the input (parts of a partition, persona curves on the poster) hold.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../journey-bench/src/map_gen.rs"]
mod map_gen;

use journey_core::analytics::{Event, EventLog, EventLogBuilder};
use journey_core::render::{HtmlOptions, SvgOptions};
use journey_core::{Channel, Journey, ScoringModel, Touchpoint, Transition, diff};
use map_gen::MapShape;

fn ids(v: Vec<&Touchpoint>) -> Vec<String> {
    v.into_iter().map(|t| t.id.clone()).collect()
}

/// The touchpoints stage by stage, computed from the document (the definition of the order).
fn expected_order(j: &Journey) -> Vec<String> {
    let doc = j.to_document();
    j.stages()
        .iter()
        .flat_map(|s| doc.touchpoints.iter().filter(|t| t.stage == s.id).map(|t| t.id.clone()).collect::<Vec<_>>())
        .collect()
}

fn every_operation(shape: MapShape) {
    let model = ScoringModel::default();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1);
    let doc = map_gen::document(shape);
    let j = Journey::from_json(&serde_json::to_string(&doc).unwrap()).unwrap();
    assert_eq!(j.touchpoint_count(), shape.touchpoints);
    assert_eq!(j.stages().len(), shape.stages);
    assert!(j.validate().is_empty());
    assert_eq!(ids(j.touchpoints()), expected_order(&j));
    let last = &j.stages()[shape.stages - 1].id;
    assert_eq!(j.touchpoints_in_stage(last).unwrap().len(), shape.touchpoints / shape.stages);

    let sheet = Journey::from_csv_sheet(&map_gen::csv_sheet(shape, 10), "sheet", "Sheet").unwrap();
    assert_eq!(sheet.touchpoint_count(), shape.touchpoints);
    assert_eq!(sheet.stages().len(), shape.stages);
    assert_eq!(sheet.transition_count(), j.transition_count());

    let scores = j.score(&model).unwrap();
    assert_eq!(scores.touchpoints.len(), shape.touchpoints);
    assert_eq!(scores.stages.len(), shape.stages);
    let gaps = j.gaps(&model, as_of).unwrap();
    assert!(gaps.iter().any(|g| g.kind == journey_core::GapKind::Loop));
    assert!(gaps.iter().any(|g| g.kind == journey_core::GapKind::DropOff));
    let backlog = j.prioritize(&model, as_of).unwrap();
    // One line per problem: every gap is a line or part of one.
    let held: usize = backlog.iter().map(|b| b.addresses.iter().filter(|a| a.source == "gap").count()).sum();
    assert_eq!(backlog.iter().filter(|b| b.source == "gap").count() + held, gaps.len());
    let same = diff(&j, &j, &model).unwrap();
    assert!(same.touchpoints_added.is_empty() && same.transitions_added.is_empty() && same.score_changes.is_empty());
    let mut changed = j.clone();
    changed.remove_touchpoint("t1").unwrap();
    let d = diff(&j, &changed, &model).unwrap();
    assert_eq!(d.touchpoints_removed, vec!["t1".to_owned()]);
    assert_eq!(d.transitions_removed, vec![("t0".to_owned(), "t1".to_owned()), ("t1".to_owned(), "t2".to_owned())]);
    let svg = j.to_svg(&SvgOptions::default()).unwrap();
    assert!(svg.contains(&format!("{} touchpoints", shape.touchpoints)));
    let html = j.to_html(&HtmlOptions { as_of, ..HtmlOptions::default() }, None).unwrap();
    assert!(html.contains("<svg") && html.ends_with("</html>\n"));
    assert!(j.to_dot().contains("t9999"));
}

#[test]
fn ten_thousand_touchpoints_in_five_hundred_stages_go_through_every_operation() {
    every_operation(MapShape::realistic(10_000));
}

#[test]
fn ten_thousand_stages_of_one_touchpoint_go_through_every_operation() {
    every_operation(MapShape { stages: 10_000, personas: 3, ..MapShape::realistic(10_000) });
}

#[test]
fn two_thousand_personas_go_through_every_operation() {
    every_operation(MapShape { personas: 2_000, ..MapShape::realistic(10_000) });
}

#[test]
fn queries_stay_right_through_edits() {
    let mut j = Journey::from_document(map_gen::document(MapShape::realistic(200))).unwrap();
    let check = |j: &Journey| {
        let rebuilt = Journey::from_document(j.to_document()).unwrap();
        assert_eq!(ids(j.touchpoints()), ids(rebuilt.touchpoints()));
        assert_eq!(ids(j.touchpoints()), expected_order(j));
        for s in j.stages() {
            assert_eq!(ids(j.touchpoints_in_stage(&s.id).unwrap()), ids(rebuilt.touchpoints_in_stage(&s.id).unwrap()));
        }
        for t in j.touchpoints() {
            assert_eq!(j.is_entry(&t.id), rebuilt.is_entry(&t.id));
            assert_eq!(j.is_goal(&t.id), rebuilt.is_goal(&t.id));
            assert_eq!(ids(j.successors(&t.id).unwrap()), ids(rebuilt.successors(&t.id).unwrap()));
        }
        for tr in j.transitions() {
            assert_eq!(j.transition(&tr.from, &tr.to), Some(tr));
        }
        let model = ScoringModel::default();
        assert_eq!(j.gaps(&model, None).unwrap(), rebuilt.gaps(&model, None).unwrap());
        assert_eq!(j.score(&model).unwrap(), rebuilt.score(&model).unwrap());
    };
    check(&j);
    // t0 is an entry, t49 a goal; removing them takes them out of the entries, goals and transitions.
    assert!(j.is_entry("t0") && j.is_goal("t49"));
    j.remove_touchpoint("t0").unwrap();
    j.remove_touchpoint("t49").unwrap();
    assert!(!j.is_entry("t0") && !j.is_goal("t49") && j.transition("t0", "t1").is_none());
    assert!(j.stage("s0").is_some() && j.stage_position("s9") == Some(9) && j.persona("p2").is_some());
    check(&j);
    // A new touchpoint takes a freed place in the graph; moving one changes its stage's list.
    j.add_touchpoint(Touchpoint::new("new", "New", "s0", Channel::Web)).unwrap();
    j.add_transition(Transition::new("new", "t1")).unwrap();
    assert!(j.add_transition(Transition::new("new", "t1")).is_err());
    j.update_touchpoint("t5", |t| t.stage = "s3".into()).unwrap();
    assert!(j.update_touchpoint("t6", |t| t.stage = "nowhere".into()).is_err());
    assert!(ids(j.touchpoints_in_stage("s3").unwrap()).contains(&"t5".to_owned()));
    assert!(!ids(j.touchpoints_in_stage("s0").unwrap()).contains(&"t5".to_owned()));
    assert!(j.update_transition("new", "t1", |t| t.count = Some(3)));
    assert_eq!(j.transition("new", "t1").and_then(|t| t.count), Some(3));
    check(&j);
}

fn log_of(customers: usize) -> EventLog {
    let mut b = EventLogBuilder::new();
    for c in 0..customers {
        for k in 0..3 {
            let name = format!("c{c:05}");
            b.push(&Event { customer: &name, timestamp_ns: k * 1000, touchpoint: "ad", ..Default::default() })
                .expect("a valid event");
        }
    }
    b.build().unwrap()
}

#[test]
fn partition_never_makes_more_parts_than_customers() {
    let log = log_of(1000);
    // Ten million parts of a thousand customers: a thousand logs of one customer each, in one pass.
    let parts = log.partition(10_000_000);
    assert_eq!(parts.len(), 1000);
    assert!(parts.iter().all(|p| p.customer_count() == 1 && p.len() == 3));
    let parts = log.partition(3);
    assert_eq!(parts.iter().map(EventLog::customer_count).collect::<Vec<_>>(), vec![334, 333, 333]);
    assert_eq!(log.partition(0).len(), 1);
    assert_eq!(log.partition(1)[0], log);
    let empty = log_of(0);
    assert_eq!(empty.partition(5).len(), 1);
    assert_eq!(empty.partition(5)[0].customer_count(), 0);
}

#[test]
fn the_poster_draws_a_curve_for_seven_personas_and_counts_the_others() {
    let shape = MapShape { touchpoints: 200, stages: 10, personas: 10 };
    let j = Journey::from_document(map_gen::document(shape)).unwrap();
    let svg = j.to_svg(&SvgOptions::default()).unwrap();
    // The general curve (dashed) and seven persona curves.
    assert_eq!(svg.matches("stroke-width=\"3\" stroke-linejoin=\"round\"").count(), 8);
    assert!(svg.contains("+3 more personas (draw one with the persona option)"));
    for p in 0..7 {
        assert!(svg.contains(&format!(">Persona {p}<")), "persona {p}");
    }
    assert!(!svg.contains(">Persona 7<"));
    // One persona's poster draws that persona's curve.
    let one = j.to_svg(&SvgOptions { persona: Some("p9".into()), ..SvgOptions::default() }).unwrap();
    assert!(one.contains("Emotion of Persona 9") && !one.contains("more personas"));
}
