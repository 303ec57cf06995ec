//! Every drop_off gap says why when the map knows: the pain points at its touchpoint with severity and
//! share, and the evidence behind them. A property over generated touchpoints and the shared fixture in
//! `tests/fixtures/reasons/` (which the Python and JavaScript tests check too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::{
    Channel, Evidence, EvidenceKind, EvidenceSource, GapKind, Journey, PainPoint, ScoringModel, Stage, Touchpoint,
};
use proptest::prelude::*;
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/reasons")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// A step that loses customers names every one of its pain points with its severity (and share, when
    /// known), most severe first, and carries the evidence of each.
    #[test]
    fn a_drop_off_names_its_pain_points_and_their_evidence(
        kept in 0u64..690,
        pains in proptest::collection::vec((1u8..=5, proptest::option::of(0.0f64..=1.0), any::<bool>()), 0..5),
    ) {
        let mut t = Touchpoint::new("pay", "Payment", "buy", Channel::Web);
        t.metrics.entered = Some(1000);
        t.metrics.completed = Some(kept);
        for (i, (severity, share, evidenced)) in pains.iter().enumerate() {
            let mut p = PainPoint::new(format!("pain {i}"), *severity);
            p.share = *share;
            if *evidenced {
                p.evidence.push(Evidence::new(EvidenceKind::Qualitative, EvidenceSource::Interview, format!("heard {i}")));
            }
            t.pain_points.push(p);
        }
        let j = Journey::builder("r", "Reasons")
            .stage(Stage::new("buy", "Buy"))
            .touchpoint(Touchpoint::new("start", "Start", "buy", Channel::Web))
            .touchpoint(t)
            .touchpoint(Touchpoint::new("done", "Done", "buy", Channel::Web))
            .transition("start", "pay")
            .transition("pay", "done")
            .entry("start")
            .goal("done")
            .build()
            .unwrap();
        let gaps = j.gaps(&ScoringModel::default(), None).unwrap();
        let drop: Vec<_> = gaps.iter().filter(|g| g.kind == GapKind::DropOff).collect();
        prop_assert_eq!(drop.len(), 1, "{:#?}", gaps);
        let g = drop[0];
        prop_assert_eq!(g.message.contains("pain point"), !pains.is_empty(), "{}", g.message);
        // Each pain point is named with its severity and share, in order of severity.
        for (i, (severity, share, evidenced)) in pains.iter().enumerate() {
            let named = match share {
                Some(s) => format!("\"pain {i}\" (severity {severity} of 5, {} of customers)", journey_core::words::percent(*s)),
                None => format!("\"pain {i}\" (severity {severity} of 5)"),
            };
            prop_assert!(g.message.contains(&named), "{} not in {}", named, g.message);
            prop_assert_eq!(
                g.evidence.iter().any(|e| e == &format!("\"pain {i}\": interview (qualitative): heard {i}")),
                *evidenced,
                "{:?}", g.evidence
            );
        }
        // Most severe first: positions follow severities, descending.
        let positions: Vec<(u8, usize)> = pains
            .iter()
            .enumerate()
            .map(|(i, (s, _, _))| (*s, g.message.find(&format!("\"pain {i}\" (")).unwrap()))
            .collect();
        for a in &positions {
            for b in &positions {
                if a.0 > b.0 {
                    prop_assert!(a.1 < b.1, "{}", g.message);
                }
            }
        }
    }
}

#[test]
fn the_shared_fixture_says_why_customers_leave() {
    let want: Value = serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap();
    let j = Journey::load(dir().join(want["map"].as_str().unwrap())).unwrap();
    let gaps = j.gaps(&ScoringModel::default(), None).unwrap();
    let drops: Vec<_> = gaps.iter().filter(|g| g.kind == GapKind::DropOff).collect();
    let list = want["drop_off"].as_array().unwrap();
    assert_eq!(drops.len(), list.len(), "{drops:#?}");
    for w in list {
        let g = drops
            .iter()
            .find(|g| g.location.touchpoint.as_deref() == w["touchpoint"].as_str())
            .unwrap_or_else(|| panic!("no drop_off at {}: {drops:#?}", w["touchpoint"]));
        assert_eq!(g.message, w["message"].as_str().unwrap());
        assert_eq!(u64::from(g.severity), w["severity"].as_u64().unwrap());
        let evidence: Vec<String> = serde_json::from_value(w["evidence"].clone()).unwrap();
        assert_eq!(g.evidence, evidence);
    }
}
