//! Gap analysis: what is wrong with a map, where, and on what figures.

use crate::words;
use std::collections::{HashMap, HashSet, VecDeque};

use chrono::NaiveDate;
use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{Channel, Journey, JourneyKind, Touchpoint};
use crate::score::{ScoringModel, pain_burden};

/// The kinds of gap, each a stable snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GapKind {
    /// A stage with no touchpoints.
    EmptyStage,
    /// No stage after the one where customers buy: the map stops at the sale.
    NoPostPurchaseStage,
    /// A touchpoint that no entry reaches.
    Unreachable,
    /// A touchpoint that is not a goal and has no way on.
    DeadEnd,
    /// No goal touchpoint at all.
    NoGoal,
    /// A persona's goal at a stage where no touchpoint serves them.
    PersonaGoalUnserved,
    /// A stage that offers none of a persona's preferred channels.
    PersonaChannelMismatch,
    /// A touchpoint whose pain burden × importance is high.
    PainHotspot,
    /// A moment of truth where customers feel bad.
    NegativeMomentOfTruth,
    /// The mean emotion falls sharply from one stage to the next.
    EmotionalDip,
    /// A KPI worse than its target.
    KpiBelowTarget,
    /// Many of the customers who reach a step do not complete it. Only `step` touchpoints drop customers:
    /// at an entry completion is a click-through, at an optional touchpoint the take-up.
    DropOff,
    /// Customers go back where the design does not send them: an undesigned move to an earlier stage, or
    /// within a stage to an earlier touchpoint on a cycle (designed transitions never are).
    Loop,
    /// Moves that switch channel or device lose more customers than moves that stay.
    ChannelSwitchLoss,
    /// Moves between owners lose more customers than moves within one owner.
    HandoffLoss,
    /// A touchpoint or pain point that rests on no evidence.
    Unevidenced,
    /// The map has not been reviewed for longer than the model allows.
    StaleMap,
    /// Customers take a path the map does not have (from an event log).
    UnexpectedPath,
    /// Customers use a touchpoint the design lacks: one that [`Journey::apply`] added as proposed.
    UnmappedTouchpoint,
    /// Customers start their journey at a touchpoint that is not an entry of the map.
    UndesignedEntry,
    /// A designed transition that nobody takes, although customers reach its source (with a log applied).
    UnusedDesign,
    /// No touchpoint rests on any customer evidence (research, measured figures or an event log): the map
    /// shows internal assumptions only.
    AssumptionOnly,
    /// A service blueprint whose touchpoints (some or all) have no backstage: what supports them is missing.
    BlueprintWithoutBackstage,
    /// A future-state map that names no current-state map (`current_state`) to be compared with.
    NoCurrentState,
    /// Several personas share one undifferentiated journey: no touchpoint, emotion, expectation, pain point
    /// or delight tells them apart, so the map shows none of them.
    PersonasLumped,
}

crate::names::names!(GapKind, "gap kind", "kind" {
    EmptyStage => "empty_stage",
    NoPostPurchaseStage => "no_post_purchase_stage",
    Unreachable => "unreachable",
    DeadEnd => "dead_end",
    NoGoal => "no_goal",
    PersonaGoalUnserved => "persona_goal_unserved",
    PersonaChannelMismatch => "persona_channel_mismatch",
    PainHotspot => "pain_hotspot",
    NegativeMomentOfTruth => "negative_moment_of_truth",
    EmotionalDip => "emotional_dip",
    KpiBelowTarget => "kpi_below_target",
    DropOff => "drop_off",
    Loop => "loop",
    ChannelSwitchLoss => "channel_switch_loss",
    HandoffLoss => "handoff_loss",
    Unevidenced => "unevidenced",
    StaleMap => "stale_map",
    UnexpectedPath => "unexpected_path",
    UnmappedTouchpoint => "unmapped_touchpoint",
    UndesignedEntry => "undesigned_entry",
    UnusedDesign => "unused_design",
    AssumptionOnly => "assumption_only",
    BlueprintWithoutBackstage => "blueprint_without_backstage",
    NoCurrentState => "no_current_state",
    PersonasLumped => "personas_lumped",
});

/// Where a gap is; the fields that do not apply are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct Location {
    /// Stage id.
    pub stage: Option<String>,
    /// Touchpoint id.
    pub touchpoint: Option<String>,
    /// Transition as `[from, to]` touchpoint ids.
    pub transition: Option<(String, String)>,
    /// Persona id.
    pub persona: Option<String>,
    /// The pain point it is about: its index in the touchpoint's `pain_points` (pain points need no id).
    #[serde(default)]
    pub pain_point: Option<usize>,
    /// The KPI it is about: its index in the stage's `kpis`.
    #[serde(default)]
    pub kpi: Option<usize>,
}

impl Location {
    fn stage(id: &str) -> Self {
        Location { stage: Some(id.to_owned()), ..Default::default() }
    }

    fn touchpoint(t: &Touchpoint) -> Self {
        Location { stage: Some(t.stage.clone()), touchpoint: Some(t.id.clone()), ..Default::default() }
    }

    fn transition(from: &Touchpoint, to: &Touchpoint) -> Self {
        Location {
            stage: Some(from.stage.clone()),
            touchpoint: Some(from.id.clone()),
            transition: Some((from.id.clone(), to.id.clone())),
            ..Default::default()
        }
    }
}

/// Something wrong with a map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Gap {
    /// What kind of gap.
    pub kind: GapKind,
    /// 1 (minor) to 5 (critical).
    pub severity: u8,
    /// Where.
    pub location: Location,
    /// One sentence that says what is wrong, quoting the figures.
    pub message: String,
    /// The figures and research behind it.
    pub evidence: Vec<String>,
}

fn pct(x: f64) -> String {
    crate::words::percent(x)
}

fn evidence_lines(t: &Touchpoint) -> Vec<String> {
    t.evidence.iter().map(|e| format!("{:?} ({:?}): {}", e.source, e.kind, e.summary).to_lowercase()).collect()
}

/// Why customers may leave a touchpoint, as the map knows it: the top reasons those who left gave (from an
/// event log's reason column, [`crate::Metrics::exit_reasons`]: `"; top reasons: \"too expensive\" (12
/// customers), ..."`), then its pain points, most severe first, each with its severity and the share of
/// customers it affects (`"; pain points there: \"Long form\" (severity 4 of 5, 30% of customers), ..."`);
/// nothing when it has neither.
fn why_they_leave(t: &Touchpoint) -> String {
    let mut why = String::new();
    if !t.metrics.exit_reasons.is_empty() {
        why = format!("; top reasons: {}", crate::words::reasons(&t.metrics.exit_reasons));
    }
    if t.pain_points.is_empty() {
        return why;
    }
    let mut pains: Vec<_> = t.pain_points.iter().collect();
    // Most severe first, then the widest; stable, so ties keep the map's order.
    pains.sort_by(|a, b| b.severity.cmp(&a.severity).then(b.share.unwrap_or(0.0).total_cmp(&a.share.unwrap_or(0.0))));
    let listed: Vec<String> = pains
        .iter()
        .map(|p| match p.share {
            Some(share) => format!("\"{}\" (severity {} of 5, {} of customers)", p.description, p.severity, pct(share)),
            None => format!("\"{}\" (severity {} of 5)", p.description, p.severity),
        })
        .collect();
    let word = if listed.len() == 1 { "pain point" } else { "pain points" };
    why + &format!("; {word} there: {}", listed.join(", "))
}

/// The evidence behind a touchpoint and behind each of its pain points (the latter prefixed with the pain
/// point they support).
fn reasons_evidence(t: &Touchpoint) -> Vec<String> {
    let mut lines = evidence_lines(t);
    for p in &t.pain_points {
        for e in &p.evidence {
            let line = format!("{:?} ({:?}): {}", e.source, e.kind, e.summary).to_lowercase();
            lines.push(format!("\"{}\": {line}", p.description));
        }
    }
    lines
}

/// Finds the gaps of a journey.
struct Finder<'a> {
    j: &'a Journey,
    model: &'a ScoringModel,
    gaps: Vec<Gap>,
    /// The touchpoints of each stage, in stage order (each check walks these rather than the whole map per
    /// stage).
    by_stage: &'a [Vec<&'a Touchpoint>],
}

impl Finder<'_> {
    fn push(&mut self, kind: GapKind, severity: u8, location: Location, message: String, evidence: Vec<String>) {
        self.gaps.push(Gap { kind, severity: severity.clamp(1, 5), location, message, evidence });
    }

    fn structure(&mut self) {
        let j = self.j;
        let by_stage = self.by_stage;
        for (s, members) in j.stages().iter().zip(by_stage) {
            if members.is_empty() {
                self.push(
                    GapKind::EmptyStage,
                    3,
                    Location::stage(&s.id),
                    format!("stage \"{}\" has no touchpoints", s.name),
                    vec![],
                );
            }
        }
        let goal_stage = j.goals().iter().filter_map(|g| j.stage_position(&g.stage)).max();
        let purchase = goal_stage.or_else(|| j.stage_position("purchase"));
        if let Some(p) = purchase
            && p + 1 == j.stages().len()
        {
            let name = &j.stages()[p].name;
            self.push(
                GapKind::NoPostPurchaseStage,
                3,
                Location::stage(&j.stages()[p].id),
                format!("the map ends at \"{name}\": no stage follows the purchase (retention, advocacy)"),
                vec![],
            );
        }
        if j.goals().is_empty() {
            self.push(
                GapKind::NoGoal,
                4,
                Location::default(),
                "the map has no goal (conversion) touchpoint".into(),
                vec![],
            );
        }
        let g = j.graph();
        let entries = j.entries();
        if !entries.is_empty() {
            // Breadth-first from the entries, on node indices (no id hashing).
            let mut seen = vec![false; g.node_bound()];
            let mut queue: VecDeque<_> = VecDeque::new();
            for n in entries.iter().filter_map(|t| j.node_index(&t.id)) {
                if !std::mem::replace(&mut seen[n.index()], true) {
                    queue.push_back(n);
                }
            }
            while let Some(n) = queue.pop_front() {
                for next in g.neighbors(n) {
                    if !std::mem::replace(&mut seen[next.index()], true) {
                        queue.push_back(next);
                    }
                }
            }
            for n in j.nodes() {
                let t = &g[n];
                if !seen[n.index()] {
                    self.push(
                        GapKind::Unreachable,
                        3,
                        Location::touchpoint(t),
                        format!("touchpoint \"{}\" cannot be reached from any entry", t.name),
                        vec![],
                    );
                }
            }
        }
        for n in j.nodes() {
            let t = &g[n];
            if !j.is_goal_node(n) && g.neighbors(n).next().is_none() {
                self.push(
                    GapKind::DeadEnd,
                    if t.moment_of_truth { 4 } else { 3 },
                    Location::touchpoint(t),
                    format!("touchpoint \"{}\" is not a goal and has no way on", t.name),
                    vec![],
                );
            }
        }
    }

    fn personas(&mut self) {
        let j = self.j;
        let by_stage = self.by_stage;
        // Who each stage serves, built once (a scan of the stage per persona and stage is quadratic): the
        // touchpoints that serve everyone (no personas), and those that name a persona, by (stage, persona).
        // Positions are into `by_stage[stage]`.
        let mut universal: Vec<Vec<usize>> = vec![Vec::new(); by_stage.len()];
        let mut named: HashMap<(usize, &str), Vec<usize>> = HashMap::new();
        for (s, members) in by_stage.iter().enumerate() {
            for (i, t) in members.iter().enumerate() {
                if t.personas.is_empty() {
                    universal[s].push(i);
                }
                let mut seen = HashSet::new();
                for p in &t.personas {
                    if seen.insert(p.as_str()) {
                        named.entry((s, p.as_str())).or_default().push(i);
                    }
                }
            }
        }
        // The stages each persona is named at, in stage order.
        let mut named_stages: HashMap<&str, Vec<usize>> = HashMap::new();
        for (s, p) in named.keys() {
            named_stages.entry(*p).or_default().push(*s);
        }
        named_stages.values_mut().for_each(|v| v.sort_unstable());
        // For each set of preferred channels: the stages only their universal touchpoints serve that offer
        // none of them. Personas share a few such sets, so this costs about O(stages) per set, not per
        // persona.
        let mut mismatched: HashMap<Vec<&Channel>, Vec<usize>> = HashMap::new();
        for p in j.personas() {
            for (stage_id, goals) in &p.goals {
                let Some(stage) = j.stage(stage_id) else { continue };
                if goals.is_empty() {
                    continue;
                }
                let served = j.stage_position(stage_id).is_some_and(|s| {
                    universal.get(s).is_some_and(|u| !u.is_empty()) || named.contains_key(&(s, p.id.as_str()))
                });
                if !served {
                    self.push(
                        GapKind::PersonaGoalUnserved,
                        4,
                        Location { stage: Some(stage_id.clone()), persona: Some(p.id.clone()), ..Default::default() },
                        format!(
                            "persona \"{}\" wants to \"{}\" in stage \"{}\" but no touchpoint there serves them",
                            p.name,
                            goals.join("\", \""),
                            stage.name
                        ),
                        vec![],
                    );
                }
            }
            if p.preferred_channels.is_empty() {
                continue;
            }
            let mut key: Vec<&Channel> = p.preferred_channels.iter().collect();
            key.sort_unstable();
            key.dedup();
            let preferred: HashSet<&Channel> = key.iter().copied().collect();
            let bare = mismatched.entry(key).or_insert_with(|| {
                (0..by_stage.len())
                    .filter(|s| {
                        let u = &universal[*s];
                        !u.is_empty() && !u.iter().any(|i| preferred.contains(&by_stage[*s][*i].channel))
                    })
                    .collect()
            });
            // The stages to look at, in order: those where only universal touchpoints serve the persona and
            // none is on a preferred channel, and those that name the persona.
            let own = named_stages.get(p.id.as_str()).map_or(&[][..], Vec::as_slice);
            let mut candidates: Vec<usize> = bare.iter().chain(own).copied().collect();
            candidates.sort_unstable();
            candidates.dedup();
            for s_pos in candidates {
                let s = &j.stages()[s_pos];
                let members = &by_stage[s_pos];
                let mine = named.get(&(s_pos, p.id.as_str())).map_or(&[][..], Vec::as_slice);
                let mut at: Vec<usize> = universal[s_pos].iter().chain(mine).copied().collect();
                at.sort_unstable();
                let theirs: Vec<&Touchpoint> = at.into_iter().map(|i| members[i]).collect();
                if !theirs.is_empty() && !theirs.iter().any(|t| preferred.contains(&t.channel)) {
                    let offered: Vec<String> = theirs.iter().map(|t| t.channel.to_string()).collect();
                    let preferred: Vec<String> = p.preferred_channels.iter().map(ToString::to_string).collect();
                    self.push(
                        GapKind::PersonaChannelMismatch,
                        2,
                        Location { stage: Some(s.id.clone()), persona: Some(p.id.clone()), ..Default::default() },
                        format!(
                            "stage \"{}\" offers persona \"{}\" only {} while they prefer {}",
                            s.name,
                            p.name,
                            offered.join(", "),
                            preferred.join(", ")
                        ),
                        vec![],
                    );
                }
            }
        }
    }

    fn experience(&mut self) {
        let (j, model) = (self.j, self.model);
        let by_stage = self.by_stage;
        let th = &model.thresholds;
        for t in j.touchpoints() {
            let burden = pain_burden(t, model);
            let heat = burden * t.importance / 5.0;
            if !t.pain_points.is_empty() && heat >= th.pain_hotspot {
                let severity = if heat >= 2.0 * th.pain_hotspot {
                    5
                } else if heat >= 1.5 * th.pain_hotspot {
                    4
                } else {
                    3
                };
                let worst =
                    t.pain_points.iter().max_by_key(|p| p.severity).map(|p| p.description.as_str()).unwrap_or("");
                let mut evidence: Vec<String> = t
                    .pain_points
                    .iter()
                    .map(|p| {
                        format!(
                            "{} (severity {}, share {})",
                            p.description,
                            p.severity,
                            p.share.map_or("unknown".into(), pct)
                        )
                    })
                    .collect();
                evidence.extend(t.pain_points.iter().flat_map(|p| &p.evidence).map(|e| e.summary.clone()));
                self.push(
                    GapKind::PainHotspot,
                    severity,
                    Location::touchpoint(t),
                    format!(
                        "touchpoint \"{}\" is a pain hot spot: pain burden {} at importance {} of 5 weighs {} (threshold {}); worst: {worst}",
                        t.name,
                        words::number(burden, 2),
                        words::number(t.importance, 1),
                        words::number(heat, 2),
                        words::number(th.pain_hotspot, 2)
                    ),
                    evidence,
                );
            }
            if t.moment_of_truth {
                // How severe a low is: by how low; a persona's low weighs by their share of the customers
                // (one step less below 25%, two below 5%, at least 2).
                let by_emotion = |e: f64| {
                    if e <= -1.5 {
                        5u8
                    } else if e <= -0.5 {
                        4
                    } else {
                        3
                    }
                };
                let mut lows: Vec<(String, u8)> = t
                    .emotion
                    .filter(|e| *e < 0.0)
                    .map(|e| (format!("customers {e:+}"), by_emotion(e)))
                    .into_iter()
                    .collect();
                for (p, e) in t.persona_emotions.iter().filter(|(_, e)| **e < 0.0) {
                    let share = j.persona(p).and_then(|p| p.share);
                    let severity = match share {
                        Some(s) => by_emotion(*e).saturating_sub(u8::from(s < 0.25) + u8::from(s < 0.05)).max(2),
                        None => by_emotion(*e),
                    };
                    let of = share.map_or(String::new(), |s| format!(" ({} of customers)", pct(s)));
                    lows.push((format!("persona {p} {e:+}{of}"), severity));
                }
                if let Some(severity) = lows.iter().map(|(_, s)| *s).max() {
                    let who: Vec<&str> = lows.iter().map(|(w, _)| w.as_str()).collect();
                    self.push(
                        GapKind::NegativeMomentOfTruth,
                        severity,
                        Location::touchpoint(t),
                        format!("moment of truth \"{}\" feels negative: {}", t.name, who.join(", ")),
                        evidence_lines(t),
                    );
                }
            }
        }
        let mut previous: Option<(&str, &str, f64)> = None;
        for (s, members) in j.stages().iter().zip(by_stage) {
            let emotions: Vec<f64> = members.iter().filter_map(|t| j.customer_emotion(t)).collect();
            if emotions.is_empty() {
                continue;
            }
            let mean = emotions.iter().sum::<f64>() / emotions.len() as f64;
            if let Some((_, prev_name, prev)) = previous {
                let fall = prev - mean;
                if fall >= th.emotional_dip {
                    self.push(
                        GapKind::EmotionalDip,
                        if fall >= 2.0 * th.emotional_dip { 4 } else { 3 },
                        Location::stage(&s.id),
                        format!(
                            "mean emotion falls by {fall:.2} from \"{prev_name}\" ({prev:+.2}) to \"{}\" ({mean:+.2})",
                            s.name
                        ),
                        vec![],
                    );
                }
            }
            previous = Some((&s.id, &s.name, mean));
        }
        for s in j.stages() {
            for (ki, k) in s.kpis.iter().enumerate() {
                let Some(actual) = k.actual else { continue };
                let short = if k.higher_is_better { k.target - actual } else { actual - k.target };
                if short > 0.0 {
                    let relative = if k.target != 0.0 { short / k.target.abs() } else { 1.0 };
                    let unit = k.unit.as_deref();
                    self.push(
                        GapKind::KpiBelowTarget,
                        if relative >= 0.25 {
                            4
                        } else if relative >= 0.1 {
                            3
                        } else {
                            2
                        },
                        Location { kpi: Some(ki), ..Location::stage(&s.id) },
                        format!(
                            "KPI \"{}\" of stage \"{}\" is {} against a target of {} ({} short)",
                            k.name,
                            s.name,
                            crate::words::quantity(actual, unit),
                            crate::words::quantity(k.target, unit),
                            pct(relative)
                        ),
                        vec![],
                    );
                }
            }
        }
    }

    fn flow(&mut self) {
        let (j, model) = (self.j, self.model);
        let th = &model.thresholds;
        let g = j.graph();
        // The counts of the moves on from each touchpoint (by node), summed once (saturating: only
        // `min(entered)` of the sum is used): (any move with a count, their sum).
        let mut moved_on: Vec<(bool, u64)> = vec![(false, 0); g.node_bound()];
        for e in g.edge_references() {
            if let Some(c) = e.weight().count {
                let m = &mut moved_on[e.source().index()];
                *m = (true, m.1.saturating_add(c));
            }
        }
        for n in j.nodes() {
            let t = &g[n];
            // Only customers who leave a step drop off. At an entry (an ad, a search result) "completed" is a
            // click-through: most people who see an ad never go on, and that is reach. At an optional
            // touchpoint (an unboxing post, a loyalty email) it is the take-up.
            if !j.role_of_node(n).is_step() {
                continue;
            }
            let Some(entered) = t.metrics.entered.filter(|e| *e > 0) else { continue };
            // Completion as measured, or else as the counts of the moves on from it say.
            let on = t.metrics.completed.map(|c| (c, "completed")).or_else(|| {
                let (any, sum) = moved_on[n.index()];
                (any && !j.is_goal_node(n)).then(|| (sum.min(entered), "moved on"))
            });
            let Some((kept, how)) = on else { continue };
            let rate = 1.0 - kept as f64 / entered as f64;
            if rate >= th.drop_off {
                self.push(
                    GapKind::DropOff,
                    if rate >= 0.6 {
                        5
                    } else if rate >= 0.45 {
                        4
                    } else {
                        3
                    },
                    Location::touchpoint(t),
                    format!(
                        "{} of customers drop off at \"{}\": {} reached it, {} {how}{}",
                        pct(rate),
                        t.name,
                        words::count(entered),
                        words::count(kept),
                        why_they_leave(t)
                    ),
                    reasons_evidence(t),
                );
            }
        }
        // Loops: the moves that go back where the design does not send customers (one definition with
        // `EventLog::loops`, see `BackMoves`); a designed transition is never one.
        let back = crate::model::back_moves::BackMoves::new(j, &[]);
        for e in g.edge_references() {
            let (na, nb, tr) = (e.source(), e.target(), e.weight());
            if tr.expected || !back.goes_back(na, nb) {
                continue;
            }
            let (a, b) = (&g[na], &g[nb]);
            // The share of the moves out of `a` (moves over moves: one unit).
            let share = tr.probability.or_else(|| {
                let (any, out) = moved_on[na.index()];
                tr.count.filter(|_| any && out > 0).map(|c| c as f64 / out as f64)
            });
            let figures = match (tr.count, share) {
                (Some(c), Some(s)) => {
                    format!("{}, {} of the moves out of \"{}\"", words::plural(c, "move"), pct(s), a.name)
                }
                (Some(c), None) => words::plural(c, "move"),
                (None, Some(s)) => format!("{} of the moves out of \"{}\"", pct(s), a.name),
                (None, None) => if tr.observed { "observed" } else { "not counted" }.into(),
            };
            let severity = 2 + u8::from(share.is_some_and(|s| s >= 0.1)) + u8::from(share.is_some_and(|s| s >= 0.25));
            let to_stage = j.stage(&b.stage).map_or(b.stage.as_str(), |s| s.name.as_str());
            self.push(
                GapKind::Loop,
                severity,
                Location::transition(a, b),
                format!(
                    "customers go back from \"{}\" to \"{}\" in \"{to_stage}\", where the design does not send them ({figures})",
                    a.name, b.name
                ),
                vec![],
            );
        }
        self.losses(GapKind::ChannelSwitchLoss, th.channel_switch_loss, "switch channel or device", |a, b| {
            Some(a.channel != b.channel || matches!((a.device, b.device), (Some(x), Some(y)) if x != y))
        });
        self.losses(GapKind::HandoffLoss, th.handoff_loss, "hand over to another owner", |a, b| {
            match (&a.owner, &b.owner) {
                (Some(x), Some(y)) => Some(x != y),
                _ => None,
            }
        });
    }

    /// Compares how many customers are lost after moves of one sort (`split` true) and of the other: the loss
    /// after a move is the share of those who reach its target and do not complete it, weighted by the move's
    /// count (or 1). Only moves to a `step` count: not taking up an optional touchpoint, or not clicking on
    /// at an entry, loses no one.
    fn losses(
        &mut self,
        kind: GapKind,
        threshold: f64,
        what: &str,
        split: impl Fn(&Touchpoint, &Touchpoint) -> Option<bool>,
    ) {
        let j = self.j;
        let mut groups = [(0.0f64, 0.0f64), (0.0, 0.0)];
        let mut worst: Option<(f64, &Touchpoint, &Touchpoint)> = None;
        let g = j.graph();
        for e in g.edge_references() {
            if !j.role_of_node(e.target()).is_step() {
                continue;
            }
            let (tr, a, b) = (e.weight(), &g[e.source()], &g[e.target()]);
            let (Some(e), Some(c)) = (b.metrics.entered, b.metrics.completed) else { continue };
            if e == 0 {
                continue;
            }
            let Some(switch) = split(a, b) else { continue };
            let loss = 1.0 - (c.min(e) as f64 / e as f64);
            let w = tr.count.map_or(1.0, |c| c as f64);
            let g = &mut groups[usize::from(switch)];
            g.0 += loss * w;
            g.1 += w;
            if switch && worst.is_none_or(|(l, _, _)| loss > l) {
                worst = Some((loss, a, b));
            }
        }
        let [(same_loss, same_w), (switch_loss, switch_w)] = groups;
        if same_w == 0.0 || switch_w == 0.0 {
            return;
        }
        let (same, switch) = (same_loss / same_w, switch_loss / switch_w);
        if let Some((_, a, b)) = worst.filter(|_| switch - same >= threshold) {
            self.push(
                kind,
                if switch - same >= 3.0 * threshold { 4 } else { 3 },
                Location::transition(a, b),
                format!(
                    "customers who {what} lose {} after the move against {} for those who do not; worst: from \"{}\" to \"{}\"",
                    pct(switch),
                    pct(same),
                    a.name,
                    b.name
                ),
                vec![format!("{} moves that {what}, {} that do not", words::number(switch_w, 1), words::number(same_w, 1))],
            );
        }
    }

    /// What each kind of map needs, and one journey per set of customers: a service blueprint has a
    /// backstage, a future-state map names the current state it changes, and personas who share a map are
    /// told apart in it.
    fn kind_of_map(&mut self) {
        let j = self.j;
        let tps = j.touchpoints();
        // Names of at most five, then how many more.
        let some = |names: Vec<&str>| {
            let shown: Vec<String> = names.iter().take(5).map(|n| format!("\"{n}\"")).collect();
            match names.len().saturating_sub(5) {
                0 => shown.join(", "),
                more => format!("{} and {more} more", shown.join(", ")),
            }
        };
        match j.kind {
            JourneyKind::ServiceBlueprint => {
                let bare: Vec<&str> = tps.iter().filter(|t| t.backstage.is_empty()).map(|t| t.name.as_str()).collect();
                if !bare.is_empty() {
                    let none = bare.len() == tps.len();
                    let message = if none {
                        format!(
                            "the map is a service blueprint but none of its {} has a backstage: what supports \
                             them (staff, systems, processes) is missing",
                            words::plural(tps.len() as u64, "touchpoint")
                        )
                    } else {
                        format!(
                            "the map is a service blueprint but has touchpoints without a backstage ({} of {}): {}",
                            words::count(bare.len() as u64),
                            words::count(tps.len() as u64),
                            some(bare)
                        )
                    };
                    self.push(
                        GapKind::BlueprintWithoutBackstage,
                        if none { 4 } else { 2 },
                        Location::default(),
                        message,
                        vec![],
                    );
                }
            }
            // A blank name (which loading rejects, but `Journey::current_state` can be set to) names nothing.
            JourneyKind::FutureState if j.current_state.as_deref().is_none_or(|c| c.trim().is_empty()) => self.push(
                GapKind::NoCurrentState,
                2,
                Location::default(),
                "the map is a future state but names no current-state map (current_state) to be compared with, so \
                 what it changes cannot be shown"
                    .into(),
                vec![],
            ),
            _ => {}
        }
        let personas = j.personas();
        let apart = tps.iter().any(|t| {
            !t.personas.is_empty()
                || !t.persona_emotions.is_empty()
                || t.persona_expectations.values().any(|e| !e.is_empty())
                || t.pain_points.iter().chain(&t.delights).any(|m| !m.personas.is_empty())
        });
        if personas.len() >= 2 && !apart {
            let names: Vec<&str> = personas.iter().map(|p| p.name.as_str()).collect();
            self.push(
                GapKind::PersonasLumped,
                if personas.len() >= 4 { 3 } else { 2 },
                Location::default(),
                format!(
                    "{} ({}) share one journey that no touchpoint, emotion, expectation or pain point tells apart: \
                     name the personas of touchpoints, emotions, expectations and pain points, or map each persona \
                     on its own",
                    words::plural(personas.len() as u64, "persona"),
                    some(names)
                ),
                vec![],
            );
        }
    }

    fn evidence(&mut self, as_of: Option<NaiveDate>) {
        let j = self.j;
        for t in j.touchpoints() {
            let any = !t.evidence.is_empty() || t.pain_points.iter().chain(&t.delights).any(|m| !m.evidence.is_empty());
            if !any {
                self.push(
                    GapKind::Unevidenced,
                    if t.moment_of_truth { 3 } else { 2 },
                    Location::touchpoint(t),
                    format!("touchpoint \"{}\" rests on no evidence", t.name),
                    vec![],
                );
            }
            for (pi, p) in t.pain_points.iter().enumerate().filter(|(_, p)| p.evidence.is_empty()) {
                self.push(
                    GapKind::Unevidenced,
                    2,
                    Location { pain_point: Some(pi), ..Location::touchpoint(t) },
                    format!("pain point \"{}\" at \"{}\" rests on no evidence", p.description, t.name),
                    vec![],
                );
            }
        }
        let Some(today) = as_of else { return };
        let limit = i64::from(self.model.thresholds.stale_after_days);
        match j.reviewed_on {
            None => self.push(
                GapKind::StaleMap,
                3,
                Location::default(),
                "the map has never been reviewed against evidence".into(),
                vec![],
            ),
            Some(d) => {
                let days = (today - d).num_days();
                if days > limit {
                    self.push(
                        GapKind::StaleMap,
                        if days > 2 * limit { 4 } else { 3 },
                        Location::default(),
                        format!(
                            "the map was last reviewed on {d}, {} before {today} (limit {})",
                            words::plural(days.unsigned_abs(), "day"),
                            words::plural(limit.unsigned_abs(), "day")
                        ),
                        vec![],
                    );
                }
            }
        }
    }
}

/// "1 customer", "2 customers".
impl Finder<'_> {
    /// What customers really do that the design lacks (with a log applied), or that the map rests on no
    /// customer evidence at all (without one).
    fn observed_reality(&mut self) {
        let j = self.j;
        let g = j.graph();
        // A log is applied when some touchpoint counts starts (only `apply` and files that record an
        // application set them). The customers of the log are those who started somewhere.
        let all = j.touchpoints();
        let applied = all.iter().any(|t| t.metrics.starts.is_some());
        let customers: u64 = all.iter().filter_map(|t| t.metrics.starts).fold(0, u64::saturating_add);
        let share_of = |n: u64| if customers > 0 { n as f64 / customers as f64 } else { 0.0 };
        for n in j.nodes() {
            let t = &g[n];
            if !t.proposed {
                continue;
            }
            let sum = |dir: petgraph::Direction| -> (u64, Option<(&Touchpoint, u64)>) {
                let mut total = 0u64;
                let mut best: Option<(&Touchpoint, u64)> = None;
                for e in g.edges_directed(n, dir) {
                    let c = e.weight().count.unwrap_or(0);
                    total = total.saturating_add(c);
                    let other = &g[if dir == petgraph::Direction::Incoming { e.source() } else { e.target() }];
                    if other.id != t.id && best.is_none_or(|(_, b)| c > b) {
                        best = Some((other, c));
                    }
                }
                (total, best)
            };
            let (moves_in, from) = sum(petgraph::Direction::Incoming);
            let (moves_out, to) = sum(petgraph::Direction::Outgoing);
            let used = t.metrics.entered.unwrap_or(0);
            let share = share_of(used);
            let mut message = format!(
                "customers use \"{}\", which the design lacks: {} ({} of the log's {}), {} in and {} out",
                t.name,
                words::plural(used, "customer"),
                pct(share),
                words::count(customers),
                words::plural(moves_in, "move"),
                words::count(moves_out)
            );
            if let Some((a, c)) = from {
                message.push_str(&format!("; most come from \"{}\" ({})", a.name, words::count(c)));
            }
            if let Some((b, c)) = to {
                message.push_str(&format!(
                    "{} go on to \"{}\" ({})",
                    if from.is_some() { " and" } else { "; most" },
                    b.name,
                    words::count(c)
                ));
            }
            let stage = j.stage(&t.stage).map_or(t.stage.as_str(), |s| s.name.as_str());
            self.push(
                GapKind::UnmappedTouchpoint,
                if share >= 0.1 {
                    4
                } else if share >= 0.01 {
                    3
                } else {
                    2
                },
                Location::touchpoint(t),
                message,
                vec![format!("proposed in stage \"{stage}\" from the event log; not in the design")],
            );
        }
        for n in j.nodes() {
            let t = &g[n];
            let Some(started) = t.metrics.starts.filter(|s| *s > 0) else { continue };
            if j.is_entry_node(n) {
                continue;
            }
            let share = share_of(started);
            self.push(
                GapKind::UndesignedEntry,
                if share >= 0.25 {
                    4
                } else if share >= 0.05 {
                    3
                } else {
                    2
                },
                Location::touchpoint(t),
                format!(
                    "{} ({} of all starts) begin their journey at \"{}\", which is not an entry of the map",
                    words::plural(started, "customer"),
                    pct(share),
                    t.name
                ),
                vec![format!("{started} of {customers} customers of the event log start there")],
            );
        }
        if applied {
            for e in g.edge_references() {
                let tr = e.weight();
                if !tr.expected || tr.observed {
                    continue;
                }
                let (a, b) = (&g[e.source()], &g[e.target()]);
                let Some(at) = a.metrics.entered.filter(|c| *c > 0) else { continue };
                self.push(
                    GapKind::UnusedDesign,
                    if share_of(at) >= 0.1 { 3 } else { 2 },
                    Location::transition(a, b),
                    format!(
                        "nobody takes the designed move from \"{}\" to \"{}\": 0 of the {at} customers at \"{}\"",
                        a.name, b.name, a.name
                    ),
                    vec![],
                );
            }
        }
        let touchpoints = all.len();
        let evidenced = all.iter().any(|t| {
            !t.evidence.is_empty()
                || t.pain_points.iter().chain(&t.delights).any(|m| !m.evidence.is_empty())
                || t.metrics.entered.is_some()
                || t.metrics.satisfaction.is_some()
                || t.metrics.effort.is_some()
                || t.metrics.nps.is_some()
                || t.proposed
        }) || g.edge_references().any(|e| e.weight().observed);
        if touchpoints > 0 && !evidenced {
            self.push(
                GapKind::AssumptionOnly,
                3,
                Location::default(),
                format!(
                    "the map rests on internal assumptions only: none of its {touchpoints} touchpoints has customer evidence (research, measured figures or an event log)"
                ),
                vec![],
            );
        }
    }
}

impl Journey {
    /// Every gap of the map, most severe first (ties in the order found: structure, personas, experience,
    /// flow, evidence, observed reality). `as_of` is the date the map's age is measured against; without it the `stale_map`
    /// check is skipped. Costs O(size of the map + gaps found), plus O(stages) for each distinct set of
    /// preferred channels among the personas.
    ///
    /// # Errors
    /// [`crate::Error::Argument`] for a model with a value out of its domain.
    pub fn gaps(&self, model: &ScoringModel, as_of: Option<NaiveDate>) -> Result<Vec<Gap>> {
        model.check()?;
        let by_stage = self.touchpoints_by_stage();
        let mut f = Finder { j: self, model, gaps: Vec::new(), by_stage: &by_stage };
        f.structure();
        f.personas();
        f.experience();
        f.flow();
        f.evidence(as_of);
        f.kind_of_map();
        f.observed_reality();
        let mut gaps = f.gaps;
        gaps.sort_by_key(|g| std::cmp::Reverse(g.severity));
        Ok(gaps)
    }
}
