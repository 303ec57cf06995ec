//! Generated journey maps of any size, for the size benchmark (`map_scale`) and the scale tests of
//! journey-core (which include this file). Deterministic: the same shape gives the same map.
//!
//! A map has `touchpoints` touchpoints spread evenly over `stages` stages, `personas` personas (each with a
//! goal at a few stages and preferred channels), and about what a real map has per touchpoint: a channel, an
//! owner, an emotion, actions and thoughts, pain points (some with evidence and a share), delights,
//! metrics (entered and completed, satisfaction, effort), evidence, backstage items, opportunities that
//! address pain points, a few personas and persona emotions; transitions to the next touchpoint (with
//! counts), some skips, some loops back (observed, not designed); entries and goals; KPIs on some stages.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use journey_core::{
    BackstageItem, BackstageLane, Channel, Document, Evidence, EvidenceKind, EvidenceSource, Kpi, Moment, Opportunity,
    Persona, Stage, Touchpoint, Transition,
};

/// The size of a generated map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapShape {
    /// Touchpoints.
    pub touchpoints: usize,
    /// Stages (at least 1).
    pub stages: usize,
    /// Personas.
    pub personas: usize,
}

impl MapShape {
    /// The realistic shape for `n` touchpoints: about 20 touchpoints per stage, one persona per 200
    /// touchpoints (at least 3).
    pub fn realistic(n: usize) -> Self {
        MapShape { touchpoints: n, stages: (n / 20).max(1), personas: (n / 200).max(3) }
    }
}

const CHANNELS: [Channel; 8] = [
    Channel::Web,
    Channel::Email,
    Channel::MobileApp,
    Channel::Store,
    Channel::Social,
    Channel::Search,
    Channel::Sms,
    Channel::Referral,
];

fn stage_of(shape: &MapShape, i: usize) -> usize {
    i * shape.stages.max(1) / shape.touchpoints.max(1)
}

/// A generated map as a document (valid: it loads without problems).
pub fn document(shape: MapShape) -> Document {
    let n = shape.touchpoints;
    let stages = shape.stages.max(1);
    let mut doc = Document::new("generated", "Generated map");
    doc.description = Some(format!("{n} touchpoints over {stages} stages, {} personas", shape.personas));
    doc.reviewed_on = chrono::NaiveDate::from_ymd_opt(2026, 1, 15);
    for s in 0..stages {
        let mut stage = Stage::new(format!("s{s}"), format!("Stage {s}"));
        if s % 3 == 0 {
            stage.kpis.push(Kpi {
                name: format!("Conversion {s}"),
                target: 0.5,
                actual: Some(0.3 + (s % 5) as f64 * 0.1),
                unit: None,
                higher_is_better: true,
            });
        }
        doc.stages.push(stage);
    }
    for p in 0..shape.personas {
        let mut goals = BTreeMap::new();
        for k in 0..3 {
            let s = (p * 7 + k * 13) % stages;
            goals.insert(format!("s{s}"), vec![format!("reach goal {k}")]);
        }
        doc.personas.push(Persona {
            id: format!("p{p}"),
            name: format!("Persona {p}"),
            goals,
            // Channels every stage of the realistic shape offers to everyone: a persona × stage mismatch would
            // be a gap per persona and stage, which is the answer's size, not the work's.
            preferred_channels: vec![CHANNELS[1 + p % 3].clone(), CHANNELS[5 + p % 3].clone()],
            ..Persona::default()
        });
    }
    for i in 0..n {
        let s = stage_of(&shape, i);
        let mut t = Touchpoint::new(format!("t{i}"), format!("Touchpoint {i} of stage {s}"), format!("s{s}"), {
            CHANNELS[i % CHANNELS.len()].clone()
        });
        t.owner = Some(format!("team {}", i % 6));
        t.importance = 1.0 + (i % 5) as f64;
        t.moment_of_truth = i % 10 == 0;
        t.emotion = Some(((i % 9) as f64 - 4.0) / 2.0);
        t.actions = vec![format!("does step {i}"), "compares offers".into()];
        t.thoughts = vec![format!("is step {i} worth it?")];
        if shape.personas > 0 && i % 4 == 0 {
            let p = (i / 4) % shape.personas;
            t.personas = vec![format!("p{p}")];
            t.persona_emotions.insert(format!("p{p}"), ((i % 5) as f64 - 2.0) / 2.0);
        }
        if i % 3 == 0 {
            let mut pain = Moment::new(format!("waits too long at {i}"), (1 + i % 5) as u8);
            pain.id = Some(format!("pain{i}"));
            pain.share = Some(0.1 + (i % 7) as f64 * 0.1);
            if i % 2 == 0 {
                pain.evidence.push(Evidence::new(EvidenceKind::Qualitative, EvidenceSource::Interview, "said so"));
            }
            t.pain_points.push(pain);
            if i % 7 == 0 {
                t.opportunities.push(Opportunity {
                    id: Some(format!("opp{i}")),
                    description: format!("shorten the wait at {i}"),
                    impact: (1 + i % 5) as u8,
                    effort: (1 + (i / 3) % 5) as u8,
                    confidence: 0.6,
                    addresses: vec![format!("pain{i}")],
                });
            }
        }
        if i % 5 == 0 {
            t.delights.push(Moment::new(format!("quick answer at {i}"), 3));
        }
        let entered = 10_000 - (i % 1000) as u64;
        t.metrics.entered = Some(entered);
        t.metrics.completed = Some(entered - entered * (i % 8) as u64 / 10);
        t.metrics.satisfaction = Some(0.4 + (i % 6) as f64 * 0.1);
        t.metrics.effort = Some((i % 4) as f64 * 0.2);
        if i % 2 == 0 {
            t.evidence.push(Evidence::new(
                EvidenceKind::Quantitative,
                EvidenceSource::Analytics,
                format!("{entered} visits"),
            ));
        }
        if i % 4 == 1 {
            t.backstage.push(BackstageItem {
                lane: BackstageLane::Process,
                description: format!("process {i}"),
                owner: None,
            });
        }
        doc.touchpoints.push(t);
    }
    for i in 0..n {
        let mut add = |to: usize, count: Option<u64>, designed: bool| {
            let mut tr = Transition::new(format!("t{i}"), format!("t{to}"));
            tr.count = count;
            tr.expected = designed;
            tr.observed = !designed;
            doc.transitions.push(tr);
        };
        if i + 1 < n {
            add(i + 1, Some(5_000 + (i % 100) as u64), true);
        }
        if i % 3 == 0 && i + 2 < n {
            add(i + 2, Some(100), true);
        }
        if i % 10 == 9 && i >= 5 {
            // A loop back, within the stage or to an earlier one, that customers take and the design lacks.
            add(i - 5, Some(50), false);
        }
    }
    doc.entries = (0..n).step_by(500).map(|i| format!("t{i}")).collect();
    doc.goals = (49..n).step_by(50).map(|i| format!("t{i}")).collect();
    if n > 0 && !doc.goals.contains(&format!("t{}", n - 1)) {
        doc.goals.push(format!("t{}", n - 1));
    }
    doc
}

fn cell(text: &str) -> String {
    if text.contains([',', '"', '\n', ';']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() }
}

/// The same kind of map as a CSV sheet (one row per touchpoint). A sheet holds less than a document:
/// its personas are those the rows name, with no goals, and only the first `persona_columns` personas get
/// an `emotion:<persona>` column.
pub fn csv_sheet(shape: MapShape, persona_columns: usize) -> String {
    let doc = document(shape);
    let persona_columns = persona_columns.min(shape.personas);
    let mut out = String::with_capacity(doc.touchpoints.len() * 300);
    out.push_str(
        "stage_id,stage,id,touchpoint,channel,owner,importance,moment_of_truth,personas,actions,thoughts,emotion,\
         pain_points,delights,entered,completed,satisfaction,effort,evidence,backstage,next,entry,goal",
    );
    for p in 0..persona_columns {
        let _ = write!(out, ",emotion:p{p}");
    }
    out.push('\n');
    let mut next: Vec<Vec<&str>> = vec![Vec::new(); doc.touchpoints.len()];
    let index: std::collections::HashMap<&str, usize> =
        doc.touchpoints.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();
    for tr in &doc.transitions {
        if let Some(i) = index.get(tr.from.as_str()) {
            next[*i].push(tr.to.as_str());
        }
    }
    let entries: std::collections::HashSet<&str> = doc.entries.iter().map(String::as_str).collect();
    let goals: std::collections::HashSet<&str> = doc.goals.iter().map(String::as_str).collect();
    let stage_names: std::collections::HashMap<&str, &str> =
        doc.stages.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
    let flag = |b: bool| if b { "yes" } else { "" };
    for (i, t) in doc.touchpoints.iter().enumerate() {
        let pains: Vec<String> = t.pain_points.iter().map(|p| format!("{} ({})", p.description, p.severity)).collect();
        let delights: Vec<String> = t.delights.iter().map(|p| format!("{} ({})", p.description, p.severity)).collect();
        let evidence: Vec<String> = t.evidence.iter().map(|e| format!("analytics: {}", e.summary)).collect();
        let backstage: Vec<String> = t.backstage.iter().map(|b| format!("process: {}", b.description)).collect();
        let fields = [
            t.stage.clone(),
            stage_names.get(t.stage.as_str()).copied().unwrap_or_default().to_owned(),
            t.id.clone(),
            t.name.clone(),
            t.channel.to_string(),
            t.owner.clone().unwrap_or_default(),
            t.importance.to_string(),
            flag(t.moment_of_truth).to_owned(),
            t.personas.join(";"),
            t.actions.join(";"),
            t.thoughts.join(";"),
            t.emotion.map(|e| e.to_string()).unwrap_or_default(),
            pains.join(";"),
            delights.join(";"),
            t.metrics.entered.map(|e| e.to_string()).unwrap_or_default(),
            t.metrics.completed.map(|e| e.to_string()).unwrap_or_default(),
            t.metrics.satisfaction.map(|e| e.to_string()).unwrap_or_default(),
            t.metrics.effort.map(|e| e.to_string()).unwrap_or_default(),
            evidence.join(";"),
            backstage.join(";"),
            next[i].join(";"),
            flag(entries.contains(t.id.as_str())).to_owned(),
            flag(goals.contains(t.id.as_str())).to_owned(),
        ];
        let row: Vec<String> = fields.iter().map(|f| cell(f)).collect();
        out.push_str(&row.join(","));
        for p in 0..persona_columns {
            out.push(',');
            if let Some(e) = t.persona_emotions.get(&format!("p{p}")) {
                out.push_str(&e.to_string());
            }
        }
        out.push('\n');
    }
    out
}
