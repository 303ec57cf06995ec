//! Property tests: any valid journey survives save and load unchanged; its scores stay within 0..=100
//! with their explanations, whatever the weights; and the committed JSON Schema is the one the types
//! generate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use journey_core::{
    BackstageItem, BackstageLane, Channel, Device, Document, DurationStats, Evidence, EvidenceKind, EvidenceSource,
    Journey, JourneyKind, Kpi, Metrics, Moment, Opportunity, Persona, ScoringModel, Stage, Touchpoint, TouchpointRole,
    Transition, Weights,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    // Words with spaces, punctuation, quotes and non-Latin letters.
    "[a-zA-Z0-9 ,.;:!?'\"\\\\/äöüßăîșțőűÁ中文日本語🙂-]{1,24}".prop_filter("not blank", |s| !s.trim().is_empty())
}

fn channel() -> impl Strategy<Value = Channel> {
    let named: Vec<Channel> = Channel::names().map(|n| n.parse().unwrap()).collect();
    prop_oneof![proptest::sample::select(named), "[a-z]{1,8}".prop_map(Channel::Other)]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (2000i32..2030, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

fn evidence() -> impl Strategy<Value = Evidence> {
    (
        prop_oneof![Just(EvidenceKind::Quantitative), Just(EvidenceKind::Qualitative)],
        prop_oneof![Just(EvidenceSource::Survey), Just(EvidenceSource::Interview), Just(EvidenceSource::Review)],
        text(),
        option::of(text()),
        option::of(0u64..100_000),
        option::of(date()),
    )
        .prop_map(|(kind, source, summary, quote, sample_size, date)| Evidence {
            kind,
            source,
            summary,
            quote,
            sample_size,
            date,
        })
}

fn moment() -> impl Strategy<Value = Moment> {
    (text(), 1u8..=5, option::of(0.0f64..=1.0), vec(evidence(), 0..2)).prop_map(
        |(description, severity, share, evidence)| Moment {
            id: None,
            description,
            severity,
            share,
            evidence,
            personas: Vec::new(),
        },
    )
}

fn metrics() -> impl Strategy<Value = Metrics> {
    (
        option::of(0u64..10_000),
        option::of(0.0f64..=1.0),
        option::of(0.0f64..=1.0),
        option::of(-100.0f64..=100.0),
        option::of(0.0f64..1e6),
    )
        .prop_map(|(entered, satisfaction, effort, nps, median_seconds)| Metrics {
            entered,
            completed: entered.map(|e| e / 2),
            satisfaction,
            effort,
            nps,
            median_seconds,
            starts: None,
            // Those who left (entered - completed) gave at most that many reasons.
            exit_reasons: entered
                .map(|e| e - e / 2)
                .filter(|left| *left > 0)
                .map(|left| vec![journey_core::ReasonCount { reason: "too expensive".into(), customers: left }])
                .unwrap_or_default(),
        })
}

fn touchpoint(stages: usize, personas: usize) -> impl Strategy<Value = Touchpoint> {
    (
        (
            text(),
            0..stages,
            channel(),
            option::of(Just(Device::Mobile)),
            option::of(text()),
            1.0f64..=5.0,
            any::<bool>(),
            option::of(prop_oneof![
                Just(TouchpointRole::Entry),
                Just(TouchpointRole::Step),
                Just(TouchpointRole::Optional)
            ]),
        ),
        (vec(0..personas.max(1), 0..3), vec(text(), 0..3), option::of(-2.0f64..=2.0), vec(moment(), 0..3)),
        (
            vec(moment(), 0..2),
            metrics(),
            vec(evidence(), 0..3),
            vec(text(), 0..2),
            vec(-2.0f64..=2.0, 0..3),
            vec((0..personas.max(1), text()), 0..3),
        ),
    )
        .prop_map(move |(a, b, c)| {
            let (name, stage, channel, device, owner, importance, moment_of_truth, role) = a;
            let (persona_picks, actions, emotion, pain_points) = b;
            let (delights, metrics, evidence, backstage, persona_emotion_values, persona_expectations) = c;
            let mut t = Touchpoint::new("", name, format!("s{stage}"), channel);
            t.device = device;
            t.owner = owner;
            t.importance = importance;
            t.moment_of_truth = moment_of_truth;
            t.role = role;
            if personas > 0 {
                let mut ps: Vec<String> = persona_picks.iter().map(|p| format!("p{p}")).collect();
                ps.dedup();
                t.personas = ps;
                t.persona_emotions = persona_emotion_values
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (format!("p{}", i % personas), *e))
                    .collect::<BTreeMap<_, _>>();
                for (p, e) in persona_expectations {
                    t.persona_expectations.entry(format!("p{p}")).or_default().push(e);
                }
            }
            t.actions = actions.clone();
            t.thoughts = actions;
            t.emotion = emotion;
            t.pain_points = pain_points;
            t.delights = delights;
            t.metrics = metrics;
            t.evidence = evidence;
            t.backstage = backstage
                .into_iter()
                .map(|d| BackstageItem { lane: BackstageLane::Technology, description: d, owner: None })
                .collect();
            t
        })
}

fn document() -> impl Strategy<Value = Document> {
    (1usize..5, 0usize..3)
        .prop_flat_map(|(stages, personas)| {
            (
                Just(stages),
                Just(personas),
                vec(touchpoint(stages, personas), 1..12),
                vec((0usize..12, 0usize..12, any::<bool>(), option::of(0u64..1000), option::of(0.0f64..=1.0)), 0..20),
                (option::of(text()), option::of(date()), any::<bool>(), option::of(prop_oneof!["EUR", "CHF", "¥"])),
            )
        })
        .prop_map(|(stages, personas, mut touchpoints, edges, (description, reviewed_on, blueprint, currency))| {
            let mut doc = Document::new("j", "Journey");
            doc.description = description;
            doc.reviewed_on = reviewed_on;
            doc.currency = currency;
            doc.kind = if blueprint { JourneyKind::ServiceBlueprint } else { JourneyKind::CurrentState };
            doc.stages = (0..stages)
                .map(|i| {
                    let mut s = Stage::new(format!("s{i}"), format!("Stage {i}"));
                    s.kpis = vec![Kpi {
                        name: "rate".into(),
                        target: 0.5,
                        actual: Some(i as f64 / 10.0),
                        unit: None,
                        higher_is_better: i % 2 == 0,
                    }];
                    s
                })
                .collect();
            doc.personas = (0..personas)
                .map(|i| Persona {
                    id: format!("p{i}"),
                    name: format!("Persona {i}"),
                    preferred_channels: vec![Channel::Web, Channel::Other("kiosk".into())],
                    goals: BTreeMap::from([("s0".to_owned(), vec!["a goal".to_owned()])]),
                    ..Persona::default()
                })
                .collect();
            let n = touchpoints.len();
            for (i, t) in touchpoints.iter_mut().enumerate() {
                t.id = format!("t{i}");
                for (k, pain) in t.pain_points.iter_mut().enumerate() {
                    pain.id = Some(format!("pain{i}_{k}"));
                }
                if i % 3 == 0 && !t.pain_points.is_empty() {
                    t.opportunities.push(Opportunity {
                        id: Some(format!("o{i}")),
                        description: "fix it".into(),
                        impact: 4,
                        effort: 2,
                        confidence: 0.5,
                        addresses: vec![format!("pain{i}_0")],
                    });
                }
            }
            let mut seen = std::collections::HashSet::new();
            for (a, b, observed, count, probability) in edges {
                let (a, b) = (a % n, b % n);
                if seen.insert((a, b)) {
                    let mut tr = Transition::new(format!("t{a}"), format!("t{b}"));
                    tr.expected = !observed;
                    tr.observed = observed;
                    tr.count = count;
                    tr.probability = probability;
                    if observed {
                        tr.duration =
                            Some(DurationStats { mean_seconds: 10.0, median_seconds: 5.0, p95_seconds: 60.0 });
                    }
                    doc.transitions.push(tr);
                }
            }
            doc.touchpoints = touchpoints;
            doc.entries = vec!["t0".into()];
            doc.goals = vec![format!("t{}", n - 1)];
            doc
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn load_save_load_is_lossless(doc in document()) {
        let journey = Journey::from_document(doc.clone()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&journey.to_document(), &doc);
        let text = journey.to_json();
        let again = Journey::from_json(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&again.to_document(), &doc);
        prop_assert_eq!(again.to_json(), text);
    }

    #[test]
    fn any_bytes_give_a_journey_or_an_error_never_a_panic(bytes in vec(any::<u8>(), 0..300)) {
        let _ = Journey::from_json_bytes(&bytes);
    }

    #[test]
    fn mangled_documents_give_errors_not_panics(doc in document(), cut in 0usize..4000, byte in any::<u8>()) {
        let mut text = Journey::from_document(doc).map_err(|e| TestCaseError::fail(e.to_string()))?.to_json().into_bytes();
        let at = cut % text.len();
        text[at] = byte;
        let _ = Journey::from_json_bytes(&text);
        text.truncate(at);
        let _ = Journey::from_json_bytes(&text);
    }
}

fn check_score(score: &journey_core::Score) -> Result<(), TestCaseError> {
    prop_assert!((0.0..=100.0).contains(&score.value), "value {}", score.value);
    prop_assert!((0.0..=1.0).contains(&score.confidence), "confidence {}", score.confidence);
    for c in &score.components {
        prop_assert!((0.0..=1.0).contains(&c.value) && c.weight.is_finite() && c.weight >= 0.0, "{c:?}");
        prop_assert!(!c.detail.is_empty());
    }
    Ok(())
}

fn model() -> impl Strategy<Value = ScoringModel> {
    (vec(0.0f64..10.0, 5), 0.0f64..=1.0, 0.0f64..=1.0).prop_filter_map("all weights zero", |(w, share, reach)| {
        (w.iter().sum::<f64>() > 0.0).then(|| ScoringModel {
            weights: Weights { emotion: w[0], satisfaction: w[1], completion: w[2], effort: w[3], pain: w[4] },
            default_share: share,
            default_reach: reach,
            ..ScoringModel::default()
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn scores_gaps_and_backlog_stay_in_bounds(doc in document(), model in model(), days in 0i64..2000) {
        let journey = Journey::from_document(doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let scores = journey.score(&model).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_score(&scores.score)?;
        prop_assert_eq!(scores.stages.len(), journey.stages().len());
        prop_assert_eq!(scores.touchpoints.len(), journey.touchpoint_count());
        for s in &scores.stages {
            check_score(&s.score)?;
            prop_assert_eq!(s.weakest.is_some(), !journey.touchpoints_in_stage(&s.stage).unwrap().is_empty());
        }
        for t in &scores.touchpoints {
            check_score(&t.score)?;
            // The neutral `experience` stands in for what is missing; completion applies to steps only.
            let names: Vec<&str> = t.score.components.iter().map(|c| c.name.as_str()).filter(|n| *n != "experience").chain(t.score.missing.iter().map(String::as_str)).collect();
            prop_assert_eq!(names.len(), if t.role.is_step() { 5 } else { 4 }, "every component is either present or missing");
            if let Some(o) = t.opportunity {
                prop_assert!((0.0..=20.0).contains(&o));
            }
        }
        for p in journey.personas() {
            check_score(&journey.score_persona(&model, &p.id).map_err(|e| TestCaseError::fail(e.to_string()))?.score)?;
        }
        let as_of = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(days);
        let gaps = journey.gaps(&model, Some(as_of)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for g in &gaps {
            prop_assert!((1..=5).contains(&g.severity) && !g.message.is_empty());
        }
        prop_assert!(gaps.windows(2).all(|w| w[0].severity >= w[1].severity));
        let backlog = journey.prioritize(&model, Some(as_of)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for (i, b) in backlog.iter().enumerate() {
            prop_assert_eq!(b.rank, i + 1);
            prop_assert!(b.priority.is_finite() && b.priority >= 0.0);
            prop_assert!((0.0..=1.0).contains(&b.reach) && (0.0..=1.0).contains(&b.confidence));
        }
        let same = journey_core::diff(&journey, &journey, &model).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(same, journey_core::JourneyDiff::default());
    }
}

#[test]
fn committed_schema_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/journey.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = journey_core::io::json_schema() + "\n";
    if committed != generated {
        if std::env::var_os("JOURNEY_UPDATE_SCHEMA").is_some() {
            std::fs::write(&path, generated).unwrap();
        } else {
            panic!(
                "{} is out of date; run `JOURNEY_UPDATE_SCHEMA=1 cargo test -p journey-core --test roundtrip` and commit it",
                path.display()
            );
        }
    }
}
