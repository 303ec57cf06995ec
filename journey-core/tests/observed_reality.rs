//! Observed reality the design lacks becomes gaps with figures, and `apply` keeps the touchpoints the map
//! lacks as proposed ones: properties over generated maps and logs, and the shared fixtures in
//! `tests/fixtures/observed/` (which the Python and JavaScript tests check too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use journey_core::analytics::{Event, EventColumns, EventLog};
use journey_core::{Channel, GapKind, Journey, ScoringModel, Stage, Touchpoint};
use proptest::prelude::*;
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/observed")
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap()
}

/// A chain of `n` touchpoints over `stages` stages (in stage order), the first the entry, the last the goal.
fn chain(n: usize, stages: usize, cuts: &[usize]) -> Journey {
    let mut b = Journey::builder("g", "Generated");
    for s in 0..stages {
        b = b.stage(Stage::new(format!("s{s}"), format!("Stage {s}")));
    }
    for i in 0..n {
        let s = cuts.get(i).copied().unwrap_or(0).min(stages - 1);
        b = b.touchpoint(Touchpoint::new(format!("t{i}"), format!("Touchpoint {i}"), format!("s{s}"), Channel::Web));
    }
    for i in 1..n {
        b = b.transition(format!("t{}", i - 1), format!("t{i}"));
    }
    b.entry("t0").goal(format!("t{}", n - 1)).build().unwrap()
}

/// A log of the customers' paths (touchpoint ids in order); the last touchpoint of a path converts when it
/// is the goal.
fn log_of(paths: &[Vec<String>], goal: &str) -> EventLog {
    let mut b = EventLog::builder();
    for (c, path) in paths.iter().enumerate() {
        let customer = format!("c{c}");
        for (k, tp) in path.iter().enumerate() {
            let last = k + 1 == path.len();
            let outcome = if last && tp == goal { 1.0 } else { 0.0 };
            b.push(&Event {
                customer: &customer,
                timestamp_ns: k as i64 * 1000,
                touchpoint: tp,
                outcome: Some(outcome),
                ..Default::default()
            })
            .expect("a valid event");
        }
    }
    b.build().unwrap()
}

fn stage_cuts(n: usize, stages: usize) -> impl Strategy<Value = Vec<usize>> {
    proptest::collection::vec(0..stages, n).prop_map(|mut v| {
        v.sort_unstable();
        v
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A touchpoint of the log that the map lacks is added as proposed, in a stage of the map, with every
    /// customer of it (none of its events lost), and `unmapped_touchpoint` names it.
    #[test]
    fn unmapped_touchpoints_are_kept_and_reported(
        (n, stages, cuts) in (2usize..7, 1usize..4).prop_flat_map(|(n, s)| (Just(n), Just(s), stage_cuts(n, s))),
        walks in proptest::collection::vec((0usize..7, 0usize..7, any::<bool>()), 1..12),
        at_start in any::<bool>(),
    ) {
        let mut map = chain(n, stages, &cuts);
        let goal = format!("t{}", n - 1);
        // Each customer walks the chain from t0 for `len` steps; `detour` customers visit the unmapped
        // touchpoint after step `at` (or first of all, when `at_start`).
        let mut paths = Vec::new();
        for (len, at, detour) in &walks {
            let len = 1 + len % n;
            let mut path: Vec<String> = (0..len).map(|i| format!("t{i}")).collect();
            if *detour || paths.is_empty() {
                let pos = if at_start { 0 } else { 1 + at % len };
                path.insert(pos, "x_unmapped".to_owned());
            }
            paths.push(path);
        }
        let visitors: HashSet<usize> =
            paths.iter().enumerate().filter(|(_, p)| p.iter().any(|t| t == "x_unmapped")).map(|(c, _)| c).collect();
        let applied = map.apply(&log_of(&paths, &goal).discover());
        prop_assert_eq!(&applied.unknown_touchpoints, &vec!["x_unmapped".to_owned()]);
        prop_assert_eq!(applied.added_touchpoints, 1);
        let x = map.touchpoint("x_unmapped").unwrap();
        prop_assert!(x.proposed);
        prop_assert!(map.stage(&x.stage).is_some());
        prop_assert_eq!(x.metrics.entered, Some(visitors.len() as u64));
        prop_assert!(map.validate().is_empty(), "{:?}", map.validate());
        // Its moves are in the map too: every move into or out of it, as often as the log has it.
        let mut moves: HashMap<(String, String), u64> = HashMap::new();
        for p in &paths {
            for w in p.windows(2) {
                if w[0] != w[1] && (w[0] == "x_unmapped" || w[1] == "x_unmapped") {
                    *moves.entry((w[0].clone(), w[1].clone())).or_default() += 1;
                }
            }
        }
        for ((a, b), c) in &moves {
            let tr = map.transition(a, b).unwrap();
            prop_assert_eq!(tr.count, Some(*c));
            prop_assert!(!tr.expected && tr.observed);
        }
        let gaps = map.gaps(&ScoringModel::default(), None).unwrap();
        let found: Vec<_> = gaps
            .iter()
            .filter(|g| g.kind == GapKind::UnmappedTouchpoint && g.location.touchpoint.as_deref() == Some("x_unmapped"))
            .collect();
        prop_assert_eq!(found.len(), 1, "{:#?}", gaps);
        // Proposed as optional: the design sends nobody through it, so not passing it is no drop-off.
        prop_assert_eq!(map.role("x_unmapped"), Some(journey_core::TouchpointRole::Optional));
        prop_assert!(!gaps.iter().any(|g| g.kind == GapKind::DropOff && g.location.touchpoint.as_deref() == Some("x_unmapped")));
        let customers = if visitors.len() == 1 { "1 customer ".to_owned() } else { format!("{} customers ", visitors.len()) };
        prop_assert!(found[0].message.contains(&customers), "{}", found[0].message);
        // Those who start there start at a touchpoint that is not an entry.
        let starters = paths.iter().filter(|p| p[0] == "x_unmapped").count();
        let entry_gap = gaps
            .iter()
            .any(|g| g.kind == GapKind::UndesignedEntry && g.location.touchpoint.as_deref() == Some("x_unmapped"));
        prop_assert_eq!(entry_gap, starters > 0);
    }

    /// Customers who start at a touchpoint that is not an entry give `undesigned_entry` there, with their
    /// count; those who start at the entry give none.
    #[test]
    fn starts_off_the_entries_are_undesigned_entries(
        (n, stages, cuts) in (2usize..7, 1usize..4).prop_flat_map(|(n, s)| (Just(n), Just(s), stage_cuts(n, s))),
        starts in proptest::collection::vec(0usize..7, 1..12),
    ) {
        let mut map = chain(n, stages, &cuts);
        let goal = format!("t{}", n - 1);
        let paths: Vec<Vec<String>> =
            starts.iter().map(|s| (s % n..n).map(|i| format!("t{i}")).collect()).collect();
        map.apply(&log_of(&paths, &goal).discover());
        let gaps = map.gaps(&ScoringModel::default(), None).unwrap();
        for i in 0..n {
            let id = format!("t{i}");
            let started = paths.iter().filter(|p| p[0] == id).count();
            let g: Vec<_> = gaps
                .iter()
                .filter(|g| g.kind == GapKind::UndesignedEntry && g.location.touchpoint.as_deref() == Some(&id))
                .collect();
            if i == 0 || started == 0 {
                prop_assert!(g.is_empty(), "{id}: {g:#?}");
            } else {
                prop_assert_eq!(g.len(), 1);
                let count = if started == 1 { "1 customer ".to_owned() } else { format!("{started} customers ") };
                prop_assert!(g[0].message.starts_with(&count), "{}", g[0].message);
            }
        }
        // Nothing unmapped in this log.
        prop_assert!(!gaps.iter().any(|g| g.kind == GapKind::UnmappedTouchpoint));
    }
}

fn check_gaps(gaps: &[journey_core::Gap], want: &Value) {
    for w in want.as_array().unwrap() {
        let kind = w["kind"].as_str().unwrap();
        let found: Vec<_> =
            gaps.iter().filter(|g| g.kind.as_str() == kind && g.message == w["message"].as_str().unwrap()).collect();
        assert_eq!(found.len(), 1, "{kind}: {}\n{gaps:#?}", w["message"]);
        let g = found[0];
        assert_eq!(u64::from(g.severity), w["severity"].as_u64().unwrap(), "{g:?}");
        let loc = serde_json::to_value(&g.location).unwrap();
        for (field, value) in w["where"].as_object().unwrap() {
            assert_eq!(&loc[field], value, "{kind}: {field} of {g:?}");
        }
    }
}

#[test]
fn the_shared_fixture_says_what_the_design_lacks() {
    let want = expected();
    let mut map = Journey::load(dir().join(want["map"].as_str().unwrap())).unwrap();
    let model = ScoringModel::default();
    let before = map.gaps(&model, None).unwrap();
    check_gaps(&before, &want["before"]["gaps"]);
    let columns =
        EventColumns { outcome: Some(want["columns"]["outcome"].as_str().unwrap().into()), ..Default::default() };
    let log = EventLog::load_csv(dir().join(want["log"].as_str().unwrap()), &columns).unwrap();
    let applied = map.apply(&log.discover());
    let unknown: Vec<String> = serde_json::from_value(want["unknown_touchpoints"].clone()).unwrap();
    assert_eq!(applied.unknown_touchpoints, unknown);
    assert_eq!(applied.added_touchpoints, unknown.len() as u64);
    for (id, p) in want["proposed"].as_object().unwrap() {
        let t = map.touchpoint(id).unwrap();
        assert!(t.proposed, "{id}");
        assert_eq!(t.stage, p["stage"].as_str().unwrap(), "{id}");
        assert_eq!(t.channel.to_string(), p["channel"].as_str().unwrap(), "{id}");
        assert_eq!(t.metrics.entered, p["entered"].as_u64(), "{id}");
        assert_eq!(t.metrics.starts, p["starts"].as_u64(), "{id}");
    }
    // Saved and loaded, the proposals stay proposals.
    let again = Journey::from_json(&map.to_json()).unwrap();
    assert!(again.touchpoint("compare_tool").unwrap().proposed);
    assert!(!again.touchpoint("site").unwrap().proposed);
    let after = map.gaps(&model, None).unwrap();
    check_gaps(&after, &want["after"]["gaps"]);
    for kind in want["after"]["absent"].as_array().unwrap() {
        assert!(!after.iter().any(|g| g.kind.as_str() == kind.as_str().unwrap()), "{kind}: {after:#?}");
    }
}

/// A long chain of touchpoints the map lacks, behind one it has: each is placed next to the one before it
/// (all in the known touchpoint's stage), in one sweep over the log's moves.
#[test]
fn a_long_chain_of_unmapped_touchpoints_follows_its_known_start() {
    let n = 20_000;
    let mut map = chain(2, 2, &[1, 1]);
    let mut path = vec!["t0".to_owned()];
    path.extend((0..n).map(|i| format!("u{i:05}")));
    let applied = map.apply(&log_of(&[path], "t1").discover());
    assert_eq!(applied.added_touchpoints, n as u64);
    assert!((0..n).all(|i| {
        let t = map.touchpoint(&format!("u{i:05}")).unwrap();
        t.proposed && t.stage == "s1" && t.metrics.entered == Some(1)
    }));
}

/// The sheet carries the two marks `apply` leaves: `starts` (a count) and `proposed` (a flag); a bad flag
/// is refused with its place.
#[test]
fn the_sheet_reads_starts_and_proposed() {
    let text = "stage,touchpoint,id,channel,entered,starts,proposed,entry,next\n\
                Find,Web shop,site,web,10,4,,yes,compare_tool\n\
                Find,compare_tool,compare_tool,web,3,1,yes,,\n";
    let j = Journey::from_csv_sheet(text, "s", "Sheet").unwrap();
    let (site, tool) = (j.touchpoint("site").unwrap(), j.touchpoint("compare_tool").unwrap());
    assert_eq!((site.metrics.starts, site.proposed), (Some(4), false));
    assert_eq!((tool.metrics.starts, tool.proposed), (Some(1), true));
    let bad = "stage,touchpoint,channel,proposed\nFind,Shop,web,perhaps\n";
    let e = Journey::from_csv_sheet(bad, "s", "Sheet").unwrap_err();
    assert!(e.to_string().contains("line 2, column \"proposed\""), "{e}");
}
