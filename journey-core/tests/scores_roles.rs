//! Issue 10, items 1 to 3, as properties over generated maps and as the shared fixtures of
//! `tests/fixtures/scores/` and `tests/fixtures/roles/`:
//!
//! - scores are monotone: a single improving edit (a pain point removed, a severity or share lowered, a
//!   higher satisfaction or completion, a lower effort, a better emotion) never lowers a touchpoint's, a
//!   stage's or the journey's score, whatever the model;
//! - stage weights: with the default model no stage carries more than 1 / (stages with touchpoints), and by
//!   customers none more than the cap; weights never depend on scores;
//! - roles: an optional touchpoint or an entry never yields a `drop_off` gap, never is the target of a
//!   channel or owner switch loss, and is never judged on completion.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::{
    Channel, Document, GapKind, Journey, JourneyScore, Metrics, Moment, ScoringModel, Stage, StageWeighting,
    Touchpoint, TouchpointRole, Transition, Weights,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn role() -> impl Strategy<Value = TouchpointRole> {
    prop_oneof![Just(TouchpointRole::Entry), Just(TouchpointRole::Step), Just(TouchpointRole::Optional)]
}

/// A touchpoint of one of `stages` stages with any mix of figures, pain points and a role (or none).
fn touchpoint(stages: usize) -> impl Strategy<Value = Touchpoint> {
    let channels = [Channel::Web, Channel::Email, Channel::Store, Channel::PaidAds];
    (
        (0..stages, proptest::sample::select(channels.to_vec()), 1.0f64..=5.0, option::of(role())),
        (option::of(-2.0f64..=2.0), option::of(0.0f64..=1.0), option::of(0.0f64..=1.0)),
        (option::of((0u64..5000, 0.0f64..=1.0)), vec((1u8..=5, option::of(0.0f64..=1.0)), 0..4)),
        option::of(proptest::sample::select(vec!["sales", "service"])),
    )
        .prop_map(|((stage, channel, importance, role), (emotion, satisfaction, effort), (flow, pains), owner)| {
            let mut t = Touchpoint::new("", "Touchpoint", format!("s{stage}"), channel);
            t.importance = importance;
            t.role = role;
            t.emotion = emotion;
            t.owner = owner.map(str::to_owned);
            t.metrics = Metrics {
                entered: flow.map(|(e, _)| e),
                completed: flow.map(|(e, share)| (e as f64 * share).floor() as u64),
                satisfaction,
                effort,
                ..Metrics::default()
            };
            t.pain_points = pains
                .into_iter()
                .map(|(severity, share)| Moment { share, ..Moment::new("it hurts", severity) })
                .collect();
            t
        })
}

/// A valid map: 1 to 6 stages, 1 to 12 touchpoints, some transitions with counts, some entries and goals.
fn document() -> impl Strategy<Value = Document> {
    (1usize..7)
        .prop_flat_map(|stages| {
            (
                Just(stages),
                vec(touchpoint(stages), 1..12),
                vec((0usize..12, 0usize..12, option::of(0u64..3000)), 0..20),
                vec(0usize..12, 0..3),
                vec(0usize..12, 0..3),
            )
        })
        .prop_map(|(stages, mut touchpoints, edges, entries, goals)| {
            let mut doc = Document::new("j", "Journey");
            doc.stages = (0..stages).map(|i| Stage::new(format!("s{i}"), format!("Stage {i}"))).collect();
            let n = touchpoints.len();
            for (i, t) in touchpoints.iter_mut().enumerate() {
                t.id = format!("t{i}");
            }
            doc.touchpoints = touchpoints;
            let mut seen = std::collections::HashSet::new();
            for (a, b, count) in edges {
                let (a, b) = (a % n, b % n);
                if seen.insert((a, b)) {
                    doc.transitions.push(Transition { count, ..Transition::new(format!("t{a}"), format!("t{b}")) });
                }
            }
            let pick = |list: Vec<usize>| {
                let mut ids: Vec<String> = list.into_iter().map(|i| format!("t{}", i % n)).collect();
                ids.sort();
                ids.dedup();
                ids
            };
            doc.entries = pick(entries);
            doc.goals = pick(goals);
            doc
        })
}

/// Any valid model, weighing stages either way.
fn model() -> impl Strategy<Value = ScoringModel> {
    (vec(0.0f64..10.0, 5), 0.0f64..=1.0, any::<bool>(), 0.05f64..=1.0).prop_filter_map(
        "all weights zero",
        |(w, share, customers, cap)| {
            (w.iter().sum::<f64>() > 0.0).then(|| ScoringModel {
                weights: Weights { emotion: w[0], satisfaction: w[1], completion: w[2], effort: w[3], pain: w[4] },
                default_share: share,
                stage_weighting: if customers { StageWeighting::Customers } else { StageWeighting::Equal },
                max_stage_share: cap,
                ..ScoringModel::default()
            })
        },
    )
}

/// One improving edit of a touchpoint.
#[derive(Debug, Clone)]
enum Edit {
    RemovePain(usize),
    LowerSeverity(usize),
    LowerShare(usize, f64),
    RaiseSatisfaction(f64),
    LowerEffort(f64),
    RaiseEmotion(f64),
    RaiseCompleted(u64),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0usize..4).prop_map(Edit::RemovePain),
        (0usize..4).prop_map(Edit::LowerSeverity),
        (0usize..4, 0.0f64..=1.0).prop_map(|(k, by)| Edit::LowerShare(k, by)),
        (0.0f64..=1.0).prop_map(Edit::RaiseSatisfaction),
        (0.0f64..=1.0).prop_map(Edit::LowerEffort),
        (0.0f64..=4.0).prop_map(Edit::RaiseEmotion),
        (0u64..5000).prop_map(Edit::RaiseCompleted),
    ]
}

impl Edit {
    /// Applies the edit; false when it does not apply to this touchpoint (nothing to improve).
    fn apply(&self, t: &mut Touchpoint) -> bool {
        match *self {
            Edit::RemovePain(k) if k < t.pain_points.len() => {
                t.pain_points.remove(k);
            }
            Edit::LowerSeverity(k) if t.pain_points.get(k).is_some_and(|p| p.severity > 1) => {
                t.pain_points[k].severity -= 1;
            }
            Edit::LowerShare(k, by) if t.pain_points.get(k).is_some_and(|p| p.share.is_some()) => {
                let p = &mut t.pain_points[k];
                p.share = p.share.map(|s| (s - by).max(0.0));
            }
            Edit::RaiseSatisfaction(by) if t.metrics.satisfaction.is_some() => {
                t.metrics.satisfaction = t.metrics.satisfaction.map(|s| (s + by).min(1.0));
            }
            Edit::LowerEffort(by) if t.metrics.effort.is_some() => {
                t.metrics.effort = t.metrics.effort.map(|e| (e - by).max(0.0));
            }
            Edit::RaiseEmotion(by) if t.emotion.is_some() => t.emotion = t.emotion.map(|e| (e + by).min(2.0)),
            Edit::RaiseCompleted(by) if t.metrics.completed.is_some() => {
                let entered = t.metrics.entered.unwrap_or(0);
                t.metrics.completed = t.metrics.completed.map(|c| c.saturating_add(by).min(entered));
            }
            _ => return false,
        }
        true
    }
}

const EPS: f64 = 1e-9;

/// Every score of `after` is at least the one of `before`, by id.
fn not_lower(before: &JourneyScore, after: &JourneyScore) -> Result<(), TestCaseError> {
    for (b, a) in before.touchpoints.iter().zip(&after.touchpoints) {
        prop_assert!(
            a.score.value >= b.score.value - EPS,
            "touchpoint {}: {} -> {}",
            b.touchpoint,
            b.score.value,
            a.score.value
        );
    }
    for (b, a) in before.stages.iter().zip(&after.stages) {
        prop_assert!(a.score.value >= b.score.value - EPS, "stage {}: {} -> {}", b.stage, b.score.value, a.score.value);
        prop_assert_eq!(a.weight, b.weight, "a stage's weight does not follow scores");
    }
    prop_assert!(
        after.score.value >= before.score.value - EPS,
        "journey: {} -> {}",
        before.score.value,
        after.score.value
    );
    Ok(())
}

fn build(doc: Document) -> Result<Journey, TestCaseError> {
    Journey::from_document(doc).map_err(|e| TestCaseError::fail(e.to_string()))
}

fn score(j: &Journey, model: &ScoringModel) -> Result<JourneyScore, TestCaseError> {
    j.score(model).map_err(|e| TestCaseError::fail(e.to_string()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn an_improving_edit_never_lowers_a_score(doc in document(), model in model(), at in 0usize..12, edit in edit()) {
        let before = score(&build(doc.clone())?, &model)?;
        let mut changed = doc;
        let n = changed.touchpoints.len();
        prop_assume!(edit.apply(&mut changed.touchpoints[at % n]));
        let after = score(&build(changed)?, &model)?;
        not_lower(&before, &after)?;
    }

    #[test]
    fn no_stage_carries_most_of_the_weight(doc in document(), model in model()) {
        let j = build(doc)?;
        let s = score(&j, &model)?;
        let scored: Vec<f64> = s.stages.iter().filter(|st| st.weakest.is_some()).map(|st| st.weight).collect();
        prop_assume!(!scored.is_empty());
        prop_assert!((scored.iter().sum::<f64>() - 1.0).abs() < 1e-9, "shares sum to 1: {scored:?}");
        prop_assert!(s.stages.iter().filter(|st| st.weakest.is_none()).all(|st| st.weight == 0.0));
        let n = scored.len() as f64;
        let default = score(&j, &ScoringModel::default())?;
        for st in default.stages.iter().filter(|st| st.weakest.is_some()) {
            prop_assert!((st.weight - 1.0 / n).abs() < 1e-12, "equal by default");
            if n >= 3.0 {
                prop_assert!(st.weight <= 0.5);
            }
        }
        let cap = model.max_stage_share.max(1.0 / n);
        prop_assert!(scored.iter().all(|w| *w <= cap + 1e-12), "no share above the cap {cap}: {scored:?}");
        // The journey is the weighted mean of its stages with those shares.
        let mean: f64 = s.stages.iter().map(|st| st.weight * st.score.value).sum();
        prop_assert!((mean - s.score.value).abs() < 1e-6, "{mean} vs {}", s.score.value);
    }

    #[test]
    fn only_steps_drop_off_lose_customers_or_are_judged_on_completion(doc in document(), model in model()) {
        let j = build(doc.clone())?;
        let gaps = j.gaps(&model, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for g in &gaps {
            match g.kind {
                GapKind::DropOff => {
                    let t = g.location.touchpoint.as_deref().unwrap();
                    prop_assert_eq!(j.role(t), Some(TouchpointRole::Step), "drop_off at {}", t);
                }
                GapKind::ChannelSwitchLoss | GapKind::HandoffLoss => {
                    let (_, to) = g.location.transition.clone().unwrap();
                    prop_assert_eq!(j.role(&to), Some(TouchpointRole::Step), "{} into {}", g.kind, to);
                }
                _ => {}
            }
        }
        let s = score(&j, &model)?;
        for t in &s.touchpoints {
            prop_assert_eq!(Some(t.role), j.role(&t.touchpoint));
            let judged = t.score.components.iter().any(|c| c.name == "completion")
                || t.score.missing.iter().any(|m| m == "completion");
            prop_assert_eq!(judged, t.role == TouchpointRole::Step, "{} ({})", t.touchpoint, t.role);
        }
        // What an entry or an optional touchpoint completes changes no score and no gap.
        let mut other = doc;
        for t in &mut other.touchpoints {
            if j.role(&t.id) != Some(TouchpointRole::Step) {
                t.metrics.completed = t.metrics.entered.map(|e| e / 7);
            }
        }
        let k = build(other)?;
        let (s2, gaps2) = (score(&k, &model)?, k.gaps(&model, None).map_err(|e| TestCaseError::fail(e.to_string()))?);
        for (a, b) in s.touchpoints.iter().zip(&s2.touchpoints) {
            prop_assert_eq!(a.score.value, b.score.value, "{}", a.touchpoint);
        }
        let flow = |gaps: &[journey_core::Gap]| -> Vec<String> {
            gaps.iter()
                .filter(|g| matches!(g.kind, GapKind::DropOff | GapKind::ChannelSwitchLoss | GapKind::HandoffLoss))
                .map(|g| g.message.clone())
                .collect()
        };
        prop_assert_eq!(flow(&gaps), flow(&gaps2));
    }

    #[test]
    fn an_absent_role_stays_absent(doc in document()) {
        let j = build(doc.clone())?;
        let back = j.to_document();
        for (a, b) in doc.touchpoints.iter().zip(&back.touchpoints) {
            prop_assert_eq!(a.role, b.role);
            let expected = a.role.unwrap_or(if doc.entries.contains(&a.id) { TouchpointRole::Entry } else { TouchpointRole::Step });
            prop_assert_eq!(j.role(&a.id), Some(expected));
        }
        let json = j.to_json();
        let roles_in_file = json.matches("\"role\"").count();
        prop_assert_eq!(roles_in_file, doc.touchpoints.iter().filter(|t| t.role.is_some()).count());
    }
}

// ---- the shared fixtures ----------------------------------------------------------------------------

fn read(path: PathBuf) -> Value {
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

fn journey_of(v: &Value) -> Journey {
    Journey::from_json(&v.to_string()).unwrap()
}

fn model_of(v: &Value) -> ScoringModel {
    if v.is_null() { ScoringModel::default() } else { serde_json::from_value(v.clone()).unwrap() }
}

fn close(a: f64, b: &Value, what: &str) {
    let b = b.as_f64().unwrap_or_else(|| panic!("{what}: {b} is not a number"));
    assert!((a - b).abs() < 1e-6, "{what}: {a} vs {b}");
}

#[test]
fn monotone_fixtures_score_no_lower_after_the_edit() {
    let dir = fixtures().join("scores/monotone");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    assert!(files.len() >= 7, "{files:?}");
    for f in files {
        let case = read(f.clone());
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let model = model_of(&case["model"]);
        let (before, after) =
            (journey_of(&case["before"]).score(&model).unwrap(), journey_of(&case["after"]).score(&model).unwrap());
        let want = &case["expected"];
        let (tp, st) = (case["touchpoint"].as_str().unwrap(), case["stage"].as_str().unwrap());
        for (label, s) in [("before", &before), ("after", &after)] {
            close(
                s.touchpoint(tp).unwrap().score.value,
                &want[label]["touchpoint"],
                &format!("{name} {label} touchpoint"),
            );
            close(s.stage(st).unwrap().score.value, &want[label]["stage"], &format!("{name} {label} stage"));
            close(s.score.value, &want[label]["journey"], &format!("{name} {label} journey"));
        }
        let gain = |f: fn(&JourneyScore) -> f64| f(&after) - f(&before);
        assert!(gain(|s| s.score.value) >= -EPS, "{name}: the journey fell");
        assert!(
            after.touchpoint(tp).unwrap().score.value > before.touchpoint(tp).unwrap().score.value,
            "{name}: the edit must raise its touchpoint"
        );
        assert!(
            after.stage(st).unwrap().score.value >= before.stage(st).unwrap().score.value - EPS,
            "{name}: the stage fell"
        );
    }
}

#[test]
fn stage_weight_fixtures() {
    let case = read(fixtures().join("scores/stage_weights.json"));
    let j = journey_of(&case["map"]);
    for c in case["cases"].as_array().unwrap() {
        let what = c["name"].as_str().unwrap();
        let s = j.score(&model_of(&c["model"])).unwrap();
        let weights: Vec<f64> = s.stages.iter().map(|st| st.weight).collect();
        let want: Vec<f64> = c["weights"].as_array().unwrap().iter().map(|w| w.as_f64().unwrap()).collect();
        assert_eq!(weights.len(), want.len(), "{what}");
        for (a, b) in weights.iter().zip(&want) {
            assert!((a - b).abs() < 1e-9, "{what}: {weights:?} vs {want:?}");
        }
        close(s.score.value, &c["journey"], what);
        let customers: Vec<Value> = s.stages.iter().map(|st| st.customers.map_or(Value::Null, Value::from)).collect();
        assert_eq!(Value::from(customers), case["customers"], "{what}");
    }
}

#[test]
fn role_fixtures() {
    let dir = fixtures().join("roles");
    let cases = read(dir.join("cases.json"));
    let j = Journey::load(dir.join(cases["map"].as_str().unwrap())).unwrap();
    let model = ScoringModel::default();
    for (id, role) in cases["roles"].as_object().unwrap() {
        assert_eq!(j.role(id).map(|r| r.as_str()), role.as_str(), "{id}");
    }
    let written: Vec<&str> = j.touchpoints().iter().filter(|t| t.role.is_some()).map(|t| t.id.as_str()).collect();
    let want: Vec<&str> = cases["roles_in_file"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(written, want);
    let gaps = j.gaps(&model, None).unwrap();
    let at = |kind: GapKind| -> Vec<String> {
        let mut ids: Vec<String> = gaps
            .iter()
            .filter(|g| g.kind == kind)
            .map(|g| match &g.location.transition {
                Some((a, b)) => format!("{a}->{b}"),
                None => g.location.touchpoint.clone().unwrap_or_default(),
            })
            .collect();
        ids.sort();
        ids
    };
    for (kind, want) in cases["gaps"].as_object().unwrap() {
        let kind: GapKind = serde_json::from_value(Value::from(kind.as_str())).unwrap();
        let want: Vec<String> = want.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
        assert_eq!(at(kind), want, "{kind}");
    }
    let s = j.score(&model).unwrap();
    for (id, names) in cases["components"].as_object().unwrap() {
        let got: Vec<&str> = s.touchpoint(id).unwrap().score.components.iter().map(|c| c.name.as_str()).collect();
        let want: Vec<&str> = names.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(got, want, "{id}");
    }
    // The sheet with a role column gives the same roles, and the same file roles.
    let sheet = Journey::load_csv_sheet(dir.join(cases["sheet"].as_str().unwrap())).unwrap();
    for t in j.touchpoints() {
        assert_eq!(sheet.touchpoint(&t.id).map(|s| s.role), Some(t.role), "{}", t.id);
        assert_eq!(sheet.role(&t.id), j.role(&t.id), "{}", t.id);
    }
    // Saving keeps each role as the file has it.
    let back: Value = serde_json::from_str(&j.to_json()).unwrap();
    let file = read(dir.join(cases["map"].as_str().unwrap()));
    for (a, b) in back["touchpoints"].as_array().unwrap().iter().zip(file["touchpoints"].as_array().unwrap()) {
        assert_eq!(a.get("role"), b.get("role"), "{}", a["id"]);
    }
}

/// The bundled example reads right: no drop-off or switch loss at an ad or an optional touchpoint,
/// fewer pain points never score worse, and purchase weighs as much as awareness.
#[test]
fn the_example_map_is_judged_by_role() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data/electronics-retailer.json");
    let j = Journey::load(path).unwrap();
    let model = ScoringModel::default();
    for id in ["social_ad", "search_result", "shop_window", "catalogue"] {
        assert_eq!(j.role(id), Some(TouchpointRole::Entry), "{id}");
    }
    for id in ["social_share", "refer_friend", "loyalty_email", "review_request"] {
        assert_eq!(j.role(id), Some(TouchpointRole::Optional), "{id}");
    }
    let gaps = j.gaps(&model, None).unwrap();
    for g in
        gaps.iter().filter(|g| matches!(g.kind, GapKind::DropOff | GapKind::ChannelSwitchLoss | GapKind::HandoffLoss))
    {
        let id = match &g.location.transition {
            Some((_, to)) => to.clone(),
            None => g.location.touchpoint.clone().unwrap(),
        };
        assert_eq!(j.role(&id), Some(TouchpointRole::Step), "{}", g.message);
    }
    assert!(gaps.iter().any(|g| g.kind == GapKind::DropOff && g.location.touchpoint.as_deref() == Some("cart")));
    let before = j.score(&model).unwrap();
    for t in j.touchpoints().iter().filter(|t| !t.pain_points.is_empty()) {
        let mut doc = j.to_document();
        let edited = doc.touchpoints.iter_mut().find(|x| x.id == t.id).unwrap();
        edited.pain_points.clear();
        // Opportunities name the pain points they address.
        edited.opportunities.iter_mut().for_each(|o| o.addresses.clear());
        let after = Journey::from_document(doc).unwrap().score(&model).unwrap();
        let (b, a) = (before.touchpoint(&t.id).unwrap().score.value, after.touchpoint(&t.id).unwrap().score.value);
        assert!(a > b, "{}: {b} -> {a}", t.id);
        assert!(after.score.value > before.score.value, "{}", t.id);
    }
    let weight = |id: &str| before.stage(id).unwrap().weight;
    assert_eq!(weight("awareness"), weight("purchase"));
    assert!(before.stages.iter().all(|s| (s.weight - 0.2).abs() < 1e-12));
}
