//! Persona lows weighed by the persona's share of the customers (`tests/fixtures/persona_shares/`): the
//! severity of a negative moment of truth, the customers' emotion at a touchpoint, and the checks of the
//! shares. Then, as properties over generated maps (issue 10, rule 9): the severity of a persona's low
//! follows the documented steps, never falls as the persona's share grows (a persona without a share weighs
//! fully, a share of 0 as little as any share below 5%), the customers' emotion moves towards the persona's
//! as the share grows (a share of 0 counts as none), gaps stay most severe first in map order, and each
//! low is reported with the persona's share.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use journey_core::{Document, GapKind, Journey, Persona, ScoringModel, Stage, Touchpoint};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/persona_shares")
}

fn read(file: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join(file)).unwrap()).unwrap()
}

#[test]
fn a_persona_low_weighs_by_the_persona_share() {
    let want = read("expected.json");
    let j = Journey::load(dir().join("map.json")).unwrap();
    let gaps = j.gaps(&ScoringModel::default(), None).unwrap();
    for (tp, severity) in want["negative_moment_of_truth"].as_object().unwrap() {
        let g: Vec<_> = gaps
            .iter()
            .filter(|g| g.kind == GapKind::NegativeMomentOfTruth && g.location.touchpoint.as_deref() == Some(tp))
            .collect();
        assert_eq!(g.len(), 1, "{tp}");
        assert_eq!(u64::from(g[0].severity), severity.as_u64().unwrap(), "{tp}: {}", g[0].message);
        if let Some(text) = want["message_contains"][tp].as_str() {
            assert!(g[0].message.contains(text), "{}", g[0].message);
        }
    }
    for (tp, e) in want["customer_emotion"].as_object().unwrap() {
        let got = j.customer_emotion(j.touchpoint(tp).unwrap()).unwrap();
        assert!((got - e.as_f64().unwrap()).abs() < 1e-12, "{tp}: {got} vs {e}");
    }
}

#[test]
fn shares_are_checked() {
    for case in read("expected.json")["invalid"].as_array().unwrap() {
        let mut doc = read("map.json");
        doc["personas"][case["persona"].as_u64().unwrap() as usize]["share"] = case["share"].clone();
        let err = Journey::from_json(&doc.to_string()).unwrap_err();
        let p = err.problems().iter().find(|p| p.path == case["path"].as_str().unwrap()).expect("a problem");
        assert_eq!(p.kind, case["kind"].as_str().unwrap(), "{case}");
    }
}

/// A share on or next to the steps of the severity (5% and 25%), or anywhere in 0..=1.
fn share() -> impl Strategy<Value = f64> {
    prop_oneof![proptest::sample::select(vec![0.0, 0.01, 0.049, 0.05, 0.1, 0.249, 0.25, 0.5, 1.0]), 0.0f64..=1.0]
}

/// An emotion in tenths, so that -1.5 and -0.5 (the steps of the severity) come up.
fn emotion() -> impl Strategy<Value = f64> {
    (-20i32..=20).prop_map(|e| f64::from(e) / 10.0)
}

/// A valid map of one stage: 1 to 4 personas with or without a share (the shares scaled to add up to at most
/// 1), and 1 to 6 touchpoints, mostly moments of truth, with or without an emotion and with some personas'
/// emotions.
fn document() -> impl Strategy<Value = Document> {
    (
        vec(option::of(share()), 1..5),
        vec((prop::bool::weighted(0.8), option::of(emotion()), vec((0usize..4, emotion()), 0..4)), 1..7),
    )
        .prop_map(|(mut shares, touchpoints)| {
            let sum: f64 = shares.iter().flatten().sum();
            if sum > 1.0 {
                shares.iter_mut().flatten().for_each(|s| *s /= sum);
            }
            let n = shares.len();
            let mut doc = Document::new("shares", "Shares");
            doc.personas = shares
                .into_iter()
                .enumerate()
                .map(|(i, share)| Persona {
                    id: format!("p{i}"),
                    name: format!("Persona {i}"),
                    share,
                    ..Persona::default()
                })
                .collect();
            doc.stages = vec![Stage::new("s", "S")];
            doc.touchpoints = touchpoints
                .into_iter()
                .enumerate()
                .map(|(i, (moment, emotion, lows))| {
                    let mut t =
                        Touchpoint::new(format!("t{i}"), format!("Moment {i}"), "s", journey_core::Channel::Web);
                    t.moment_of_truth = moment;
                    t.emotion = emotion;
                    t.persona_emotions = lows.into_iter().map(|(p, e)| (format!("p{}", p % n), e)).collect();
                    t
                })
                .collect();
            doc
        })
}

/// A map, one of its personas and a point in 0..=1 to place a new share for it.
fn case() -> impl Strategy<Value = (Document, usize, f64)> {
    document().prop_flat_map(|doc| {
        let n = doc.personas.len();
        (Just(doc), 0..n, 0.0f64..=1.0)
    })
}

/// The share persona `k` may have with the others' shares as they are.
fn room(doc: &Document, k: usize) -> f64 {
    let others: f64 = doc.personas.iter().enumerate().filter(|(i, _)| *i != k).filter_map(|(_, p)| p.share).sum();
    (1.0 - others).max(0.0)
}

fn with_share(doc: &Document, k: usize, share: Option<f64>) -> Journey {
    let mut d = doc.clone();
    d.personas[k].share = share;
    Journey::from_document(d).unwrap()
}

/// The severity of each touchpoint's negative moment of truth.
fn lows(j: &Journey) -> BTreeMap<String, u8> {
    let mut out = BTreeMap::new();
    for g in j.gaps(&ScoringModel::default(), None).unwrap() {
        if g.kind == GapKind::NegativeMomentOfTruth {
            let t = g.location.touchpoint.clone().unwrap();
            assert!(out.insert(t, g.severity).is_none(), "two negative moments of truth at one touchpoint");
        }
    }
    out
}

fn customer_emotions(j: &Journey) -> Vec<Option<f64>> {
    j.touchpoints().iter().map(|t| j.customer_emotion(t)).collect()
}

/// The documented severity of a low of `e`: 5 at -1.5 or lower, 4 at -0.5 or lower, else 3; for a persona
/// with a share one step less below 25% and two below 5%, at least 2.
fn documented(e: f64, share: Option<f64>) -> u8 {
    let full = if e <= -1.5 {
        5u8
    } else if e <= -0.5 {
        4
    } else {
        3
    };
    match share {
        None => full,
        Some(s) => full.saturating_sub(u8::from(s < 0.25) + u8::from(s < 0.05)).max(2),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_low_is_as_severe_as_documented_and_reported_with_its_share(doc in document()) {
        let j = Journey::from_document(doc.clone()).unwrap();
        let gaps = j.gaps(&ScoringModel::default(), None).unwrap();
        for t in &doc.touchpoints {
            let mut want: Vec<(String, u8)> = t.emotion.filter(|e| *e < 0.0).map(|e| (format!("customers {e:+}"), documented(e, None))).into_iter().collect();
            for (p, e) in t.persona_emotions.iter().filter(|(_, e)| **e < 0.0) {
                let share = doc.personas.iter().find(|q| &q.id == p).unwrap().share;
                let of = share.map_or(String::new(), |s| format!(" ({} of customers)", journey_core::words::percent(s)));
                want.push((format!("persona {p} {e:+}{of}"), documented(*e, share)));
            }
            let got: Vec<_> = gaps
                .iter()
                .filter(|g| g.kind == GapKind::NegativeMomentOfTruth && g.location.touchpoint.as_deref() == Some(&t.id))
                .collect();
            if !t.moment_of_truth || want.is_empty() {
                prop_assert!(got.is_empty(), "{}: {:?}", t.id, got);
                continue;
            }
            prop_assert_eq!(got.len(), 1, "{}", t.id);
            prop_assert_eq!(got[0].severity, want.iter().map(|(_, s)| *s).max().unwrap(), "{}", got[0].message);
            let who: Vec<&str> = want.iter().map(|(w, _)| w.as_str()).collect();
            let message = format!("moment of truth \"{}\" feels negative: {}", t.name, who.join(", "));
            prop_assert_eq!(&got[0].message, &message);
        }
        // The share as written is the share to a tenth of a percent.
        for p in &doc.personas {
            if let Some(s) = p.share {
                let text = journey_core::words::percent(s);
                let back: f64 = text.trim_end_matches('%').parse().unwrap();
                prop_assert!((back - 100.0 * s).abs() <= 0.05 + 1e-9, "{s} written {text}");
            }
        }
    }

    #[test]
    fn a_larger_share_never_makes_a_low_less_severe((doc, k, at) in case()) {
        let Some(before) = doc.personas[k].share else { return Ok(()) };
        let after = before + at * (room(&doc, k) - before).max(0.0);
        prop_assume!(after >= before);
        let (a, b) = (with_share(&doc, k, Some(before)), with_share(&doc, k, Some(after)));
        let (low_a, low_b) = (lows(&a), lows(&b));
        prop_assert_eq!(low_a.keys().collect::<Vec<_>>(), low_b.keys().collect::<Vec<_>>());
        for (t, s) in &low_a {
            prop_assert!(low_b[t] >= *s, "{t}: share {before} gives {s}, {after} gives {}", low_b[t]);
        }
        // The customers' emotion moves towards the persona's: by (share change) × (persona − general).
        for (t, (ea, eb)) in a.touchpoints().iter().zip(customer_emotions(&a).into_iter().zip(customer_emotions(&b))) {
            let Some(ep) = t.persona_emotions.get(&format!("p{k}")).copied() else {
                prop_assert_eq!(ea, eb, "{}", t.id);
                continue;
            };
            let (ea, eb) = match (ea, eb) {
                (Some(ea), Some(eb)) => (ea, eb),
                // Only a share of 0 and no general emotion leave the customers' emotion unknown.
                (None, _) => {
                    prop_assert!(before == 0.0 && t.emotion.is_none(), "{}", t.id);
                    continue;
                }
                (Some(_), None) => panic!("{}: a larger share lost the customers' emotion", t.id),
            };
            match t.emotion {
                Some(e) => prop_assert!((eb - ea) * (ep - e) >= -1e-12, "{}: {ea} -> {eb}, persona {ep}", t.id),
                // Without a general emotion the personas' emotions are averaged by share: it nears theirs.
                None => prop_assert!((eb - ep).abs() <= (ea - ep).abs() + 1e-12, "{}: {ea} -> {eb}, persona {ep}", t.id),
            }
        }
    }

    #[test]
    fn no_share_weighs_fully_and_a_zero_share_weighs_least((doc, k, at) in case()) {
        let room = room(&doc, k);
        let none = with_share(&doc, k, None);
        let zero = with_share(&doc, k, Some(0.0));
        // In the customers' emotion a share of 0 is no share.
        prop_assert_eq!(customer_emotions(&none), customer_emotions(&zero));
        let (low_none, low_zero) = (lows(&none), lows(&zero));
        prop_assert_eq!(low_none.keys().collect::<Vec<_>>(), low_zero.keys().collect::<Vec<_>>());
        let share = at * room;
        let low = lows(&with_share(&doc, k, Some(share)));
        for (t, s) in &low {
            prop_assert!(low_none[t] >= *s, "{t}: no share gives {}, share {share} gives {s}", low_none[t]);
            prop_assert!(low_zero[t] <= *s, "{t}: share 0 gives {}, share {share} gives {s}", low_zero[t]);
            if share < 0.05 {
                prop_assert_eq!(low_zero[t], *s, "{} at share {}", t, share);
            }
            if share >= 0.25 {
                prop_assert_eq!(low_none[t], *s, "{} at share {}", t, share);
            }
        }
    }

    #[test]
    fn lows_are_listed_most_severe_first_in_map_order(doc in document()) {
        let j = Journey::from_document(doc).unwrap();
        let gaps = j.gaps(&ScoringModel::default(), None).unwrap();
        prop_assert!(gaps.windows(2).all(|w| w[0].severity >= w[1].severity));
        let place = |g: &journey_core::Gap| j.touchpoints().iter().position(|t| Some(&t.id) == g.location.touchpoint.as_ref()).unwrap();
        let mots: Vec<_> = gaps.iter().filter(|g| g.kind == GapKind::NegativeMomentOfTruth).collect();
        for w in mots.windows(2) {
            prop_assert!(w[0].severity > w[1].severity || place(w[0]) < place(w[1]), "{:?}", mots);
        }
    }
}
