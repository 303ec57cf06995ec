//! What each kind of map needs (issue 10, rule 9), as properties over generated maps:
//!
//! - `blueprint_without_backstage` fires, once, exactly when a service blueprint has a touchpoint without a
//!   backstage: severity 4 when none has one, else 2 naming the bare touchpoints (five, then how many more);
//! - `no_current_state` fires, once, exactly when a future-state map names no current-state map;
//! - `personas_lumped` fires, once, exactly when two or more personas share a map that no touchpoint,
//!   emotion, pain point or delight tells apart, whatever the kind: severity 3 from four personas, else 2,
//!   naming the personas;
//! - the kind of a map and its `current_state` change nothing else: every other gap is the same for all
//!   kinds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use journey_core::{
    BackstageItem, BackstageLane, Channel, Document, Gap, GapKind, Journey, JourneyKind, Moment, Persona, ScoringModel,
    Stage, Touchpoint,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

const KINDS: [JourneyKind; 4] =
    [JourneyKind::CurrentState, JourneyKind::FutureState, JourneyKind::DayInTheLife, JourneyKind::ServiceBlueprint];

/// How a touchpoint may tell a persona apart: not at all, or by naming the persona in its `personas`, its
/// `persona_emotions`, a pain point or a delight.
#[derive(Debug, Clone, Copy)]
enum Mark {
    None,
    Serves,
    Emotion,
    Pain,
    Delight,
}

fn mark() -> impl Strategy<Value = Mark> {
    // Mostly unmarked, so that lumped maps are common.
    prop_oneof![
        6 => Just(Mark::None),
        1 => Just(Mark::Serves),
        1 => Just(Mark::Emotion),
        1 => Just(Mark::Pain),
        1 => Just(Mark::Delight),
    ]
}

/// A valid map of any kind: 0 to 7 personas, 0 to 9 touchpoints over two stages, each with or without a
/// backstage and perhaps naming a persona, and maybe a current state.
fn document() -> impl Strategy<Value = Document> {
    (
        proptest::sample::select(KINDS.to_vec()),
        option::of(proptest::sample::select(vec!["today", "Checkout as it is", "cs-2025"])),
        0usize..8,
        vec((any::<bool>(), mark(), 0usize..8, proptest::sample::select(vec!["Desk", "App", "Call"])), 0..10),
    )
        .prop_map(|(kind, current, personas, touchpoints)| {
            let mut doc = Document::new("kinds", "Kinds");
            doc.kind = kind;
            doc.current_state = current.map(str::to_owned);
            doc.personas = (0..personas)
                .map(|i| Persona { id: format!("p{i}"), name: format!("Persona no. {i}"), ..Persona::default() })
                .collect();
            doc.stages = vec![Stage::new("s0", "Before"), Stage::new("s1", "After")];
            doc.touchpoints = touchpoints
                .into_iter()
                .enumerate()
                .map(|(i, (backstage, mark, who, word))| {
                    let mut t =
                        Touchpoint::new(format!("t{i}"), format!("{word} {i}"), format!("s{}", i % 2), Channel::Web);
                    if backstage {
                        t.backstage = vec![BackstageItem {
                            lane: BackstageLane::Technology,
                            description: format!("system {i}"),
                            owner: None,
                        }];
                    }
                    if personas > 0 {
                        let p = format!("p{}", who % personas);
                        match mark {
                            Mark::None => {}
                            Mark::Serves => t.personas = vec![p],
                            Mark::Emotion => t.persona_emotions = BTreeMap::from([(p, -1.0)]),
                            Mark::Pain => t.pain_points = vec![Moment { personas: vec![p], ..Moment::new("slow", 3) }],
                            Mark::Delight => t.delights = vec![Moment { personas: vec![p], ..Moment::new("quick", 2) }],
                        }
                    }
                    t
                })
                .collect();
            doc
        })
}

fn gaps(j: &Journey) -> Vec<Gap> {
    j.gaps(&ScoringModel::default(), None).unwrap()
}

fn of(gaps: &[Gap], kind: GapKind) -> Vec<&Gap> {
    gaps.iter().filter(|g| g.kind == kind).collect()
}

/// The names of `names`, quoted, at most five, then how many more.
fn some(names: &[String]) -> String {
    let shown: Vec<String> = names.iter().take(5).map(|n| format!("\"{n}\"")).collect();
    if names.len() > 5 { format!("{} and {} more", shown.join(", "), names.len() - 5) } else { shown.join(", ") }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_blueprint_gap_fires_exactly_when_a_blueprint_touchpoint_has_no_backstage(doc in document()) {
        let j = Journey::from_document(doc.clone()).unwrap();
        let found = gaps(&j);
        let got = of(&found, GapKind::BlueprintWithoutBackstage);
        // In the map's order: stage by stage, then as added.
        let mut ordered: Vec<&Touchpoint> = doc.touchpoints.iter().collect();
        ordered.sort_by_key(|t| t.stage.clone());
        let bare: Vec<String> = ordered.iter().filter(|t| t.backstage.is_empty()).map(|t| t.name.clone()).collect();
        let n = doc.touchpoints.len();
        if doc.kind != JourneyKind::ServiceBlueprint || bare.is_empty() {
            prop_assert!(got.is_empty(), "{:?} with {} bare of {n}: {:?}", doc.kind, bare.len(), got);
            return Ok(());
        }
        prop_assert_eq!(got.len(), 1);
        let g = got[0];
        prop_assert_eq!(&g.location, &journey_core::Location::default());
        prop_assert!(g.message.contains("service blueprint"), "{}", g.message);
        if bare.len() == n {
            prop_assert_eq!(g.severity, 4);
            let none = format!("none of its {} has a backstage", plural(n, "touchpoint"));
            prop_assert!(g.message.contains(&none), "{}", g.message);
        } else {
            prop_assert_eq!(g.severity, 2);
            let listed = format!("({} of {n}): {}", bare.len(), some(&bare));
            prop_assert!(g.message.ends_with(&listed), "{} / {listed}", g.message);
            // A touchpoint with a backstage is never named.
            for t in doc.touchpoints.iter().filter(|t| !t.backstage.is_empty()) {
                prop_assert!(!g.message.contains(&format!("\"{}\"", t.name)), "{}", g.message);
            }
        }
    }

    #[test]
    fn a_no_current_state_gap_fires_exactly_when_a_future_state_names_none(doc in document()) {
        let j = Journey::from_document(doc.clone()).unwrap();
        let found = gaps(&j);
        let got = of(&found, GapKind::NoCurrentState);
        if doc.kind == JourneyKind::FutureState && doc.current_state.is_none() {
            prop_assert_eq!(got.len(), 1);
            prop_assert_eq!(got[0].severity, 2);
            prop_assert_eq!(&got[0].location, &journey_core::Location::default());
            prop_assert!(got[0].message.contains("future state"), "{}", got[0].message);
            prop_assert!(got[0].message.contains("(current_state)"), "{}", got[0].message);
        } else {
            prop_assert!(got.is_empty(), "{:?} {:?}: {:?}", doc.kind, doc.current_state, got);
        }
    }

    #[test]
    fn a_blank_current_state_is_no_current_state(doc in document(), blank in proptest::sample::select(vec!["", " ", "\t \n"])) {
        // A file cannot name a blank current state ...
        let mut named = doc.clone();
        named.current_state = Some(blank.to_owned());
        let err = Journey::from_document(named).unwrap_err();
        prop_assert!(err.problems().iter().any(|p| p.path == "current_state" && p.kind == "empty"), "{err}");
        // ... and a journey given one after loading is told that it names none.
        let mut j = Journey::from_document(doc.clone()).unwrap();
        j.current_state = Some(blank.to_owned());
        let want = usize::from(doc.kind == JourneyKind::FutureState);
        prop_assert_eq!(of(&gaps(&j), GapKind::NoCurrentState).len(), want, "{:?}", doc.kind);
    }

    #[test]
    fn personas_are_lumped_exactly_when_nothing_tells_them_apart(doc in document()) {
        let j = Journey::from_document(doc.clone()).unwrap();
        let found = gaps(&j);
        let got = of(&found, GapKind::PersonasLumped);
        let apart = doc.touchpoints.iter().any(|t| {
            !t.personas.is_empty()
                || !t.persona_emotions.is_empty()
                || t.pain_points.iter().chain(&t.delights).any(|m| !m.personas.is_empty())
        });
        let n = doc.personas.len();
        if n < 2 || apart {
            prop_assert!(got.is_empty(), "{n} personas, apart {apart}: {:?}", got);
            return Ok(());
        }
        prop_assert_eq!(got.len(), 1);
        prop_assert_eq!(got[0].severity, if n >= 4 { 3 } else { 2 });
        let names: Vec<String> = doc.personas.iter().map(|p| p.name.clone()).collect();
        let head = format!("{} ({}) share one journey", plural(n, "persona"), some(&names));
        prop_assert!(got[0].message.starts_with(&head), "{} / {head}", got[0].message);
    }

    #[test]
    fn the_kind_and_current_state_change_nothing_but_the_kind_checks(doc in document()) {
        let kind_checks = [GapKind::BlueprintWithoutBackstage, GapKind::NoCurrentState];
        let others = |kind: JourneyKind, current: Option<&str>| {
            let mut d = doc.clone();
            d.kind = kind;
            d.current_state = current.map(str::to_owned);
            let all = gaps(&Journey::from_document(d).unwrap());
            let kinds: Vec<GapKind> = all.iter().map(|g| g.kind).filter(|k| kind_checks.contains(k)).collect();
            let rest: Vec<Gap> = all.into_iter().filter(|g| !kind_checks.contains(&g.kind)).collect();
            (kinds, rest)
        };
        let (_, base) = others(JourneyKind::CurrentState, None);
        for kind in KINDS {
            for current in [None, Some("today")] {
                let (kinds, rest) = others(kind, current);
                prop_assert_eq!(&rest, &base, "{:?} {:?}", kind, current);
                // Each kind check belongs to its kind only.
                for k in kinds {
                    let own = match k {
                        GapKind::BlueprintWithoutBackstage => JourneyKind::ServiceBlueprint,
                        _ => JourneyKind::FutureState,
                    };
                    prop_assert_eq!(kind, own, "{:?}", k);
                }
            }
        }
    }
}
