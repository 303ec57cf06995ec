//! Validation: every problem of a document at once, each with its place.

use std::collections::{HashMap, HashSet};
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::document::Document;
use super::parts::{Evidence, Metrics, Moment};

/// One problem found by validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Problem {
    /// What kind of problem it is.
    pub kind: ProblemKind,
    /// Where: a JSON path such as `touchpoints[3].emotion`, or `line 5, column "emotion"` for a CSV sheet.
    pub path: String,
    /// The id of the object at fault, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What is wrong and what was expected, e.g. `touchpoint "checkout": emotion 3.5 is outside -2..=2`.
    pub message: String,
}

/// What kind of problem validation found; its names ([`ProblemKind::as_str`]) are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// A text that must not be empty is empty or blank.
    Empty,
    /// An id listed twice.
    DuplicateId,
    /// A reference to an id the document does not have.
    UnknownReference,
    /// A value outside its range.
    OutOfRange,
    /// A number that is NaN or infinite.
    NotFinite,
    /// Values that contradict each other.
    Inconsistent,
    /// Two transitions between the same two touchpoints.
    DuplicateTransition,
    /// A currency that is neither an ISO 4217 code nor a symbol.
    NotACurrency,
    /// The last problem of a list cut at [`MAX_PROBLEMS`]: it counts those left out.
    TooManyProblems,
}

crate::names::names!(ProblemKind, "problem kind", "kind" {
    Empty => "empty",
    DuplicateId => "duplicate_id",
    UnknownReference => "unknown_reference",
    OutOfRange => "out_of_range",
    NotFinite => "not_finite",
    Inconsistent => "inconsistent",
    DuplicateTransition => "duplicate_transition",
    NotACurrency => "not_a_currency",
    TooManyProblems => "too_many_problems",
});

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The most problems [`problems`] lists: past it the rest are only counted, in one last problem of kind
/// [`TOO_MANY_PROBLEMS`], so that a hostile document cannot make its list of problems many times its own
/// size.
pub const MAX_PROBLEMS: usize = 10_000;

/// The kind of the last problem of a list cut at [`MAX_PROBLEMS`]: its message says how many were left out.
pub const TOO_MANY_PROBLEMS: ProblemKind = ProblemKind::TooManyProblems;

/// Collects problems while walking a document, up to [`MAX_PROBLEMS`]; counts the rest.
struct Checker {
    problems: Vec<Problem>,
    unlisted: usize,
}

/// The object being checked: how messages name it.
#[derive(Clone, Copy)]
struct Owner<'a> {
    what: &'a str,
    id: &'a str,
}

impl fmt::Display for Owner<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.id.is_empty() { f.write_str(self.what) } else { write!(f, "{} \"{}\"", self.what, self.id) }
    }
}

impl Checker {
    fn push(&mut self, kind: ProblemKind, path: String, owner: Owner<'_>, message: String) {
        if self.problems.len() >= MAX_PROBLEMS {
            self.unlisted += 1;
            return;
        }
        self.problems.push(Problem {
            kind,
            path,
            id: (!owner.id.is_empty()).then(|| owner.id.to_owned()),
            message: crate::io::text::printable(&format!("{owner}: {message}")).into_owned(),
        });
    }

    fn non_empty(&mut self, path: &str, field: &str, owner: Owner<'_>, value: &str) {
        if value.trim().is_empty() {
            self.push(ProblemKind::Empty, format!("{path}.{field}"), owner, format!("{field} is empty, expected text"));
        }
    }

    /// Checks that `value` is finite and within `lo..=hi`.
    fn range(&mut self, path: String, owner: Owner<'_>, field: &str, value: f64, lo: f64, hi: f64) {
        let domain = match (lo == f64::MIN, hi == f64::MAX) {
            (true, true) => String::new(),
            (false, true) => format!(" of at least {lo}"),
            _ => format!(" in {lo}..={hi}"),
        };
        if !value.is_finite() {
            self.push(
                ProblemKind::NotFinite,
                path,
                owner,
                format!("{field} is {value}, expected a finite number{domain}"),
            );
        } else if value < lo || value > hi {
            let expected = if hi == f64::MAX { format!("is below {lo}") } else { format!("is outside {lo}..={hi}") };
            self.push(ProblemKind::OutOfRange, path, owner, format!("{field} {value} {expected}"));
        }
    }

    fn unique_ids<'a>(&mut self, section: &str, what: &str, ids: impl Iterator<Item = &'a str>) -> HashSet<&'a str> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.enumerate() {
            let owner = Owner { what, id };
            if id.trim().is_empty() {
                self.push(ProblemKind::Empty, format!("{section}[{i}].id"), owner, "id is empty, expected text".into());
            } else if let Some(first) = seen.get(id) {
                self.push(
                    ProblemKind::DuplicateId,
                    format!("{section}[{i}].id"),
                    owner,
                    format!("id is already used by {section}[{first}]"),
                );
            } else {
                seen.insert(id, i);
            }
        }
        seen.into_keys().collect()
    }

    fn reference(&mut self, path: String, owner: Owner<'_>, what: &str, id: &str, known: &HashSet<&str>) {
        if !known.contains(id) {
            self.push(ProblemKind::UnknownReference, path, owner, format!("refers to unknown {what} \"{id}\""));
        }
    }

    fn evidence(&mut self, path: &str, owner: Owner<'_>, evidence: &[Evidence]) {
        for (i, e) in evidence.iter().enumerate() {
            self.non_empty(&format!("{path}.evidence[{i}]"), "summary", owner, &e.summary);
        }
    }

    fn moments(&mut self, path: &str, field: &str, owner: Owner<'_>, moments: &[Moment]) {
        for (i, m) in moments.iter().enumerate() {
            let p = format!("{path}.{field}[{i}]");
            self.non_empty(&p, "description", owner, &m.description);
            if !(1..=5).contains(&m.severity) {
                self.push(
                    ProblemKind::OutOfRange,
                    format!("{p}.severity"),
                    owner,
                    format!("severity {} is outside 1..=5", m.severity),
                );
            }
            if let Some(share) = m.share {
                self.range(format!("{p}.share"), owner, "share", share, 0.0, 1.0);
            }
            self.evidence(&p, owner, &m.evidence);
        }
    }

    fn metrics(&mut self, path: &str, owner: Owner<'_>, m: &Metrics) {
        let p = |f: &str| format!("{path}.metrics.{f}");
        if let Some(v) = m.satisfaction {
            self.range(p("satisfaction"), owner, "satisfaction", v, 0.0, 1.0);
        }
        if let Some(v) = m.effort {
            self.range(p("effort"), owner, "effort", v, 0.0, 1.0);
        }
        if let Some(v) = m.nps {
            self.range(p("nps"), owner, "nps", v, -100.0, 100.0);
        }
        if let Some(v) = m.median_seconds {
            self.range(p("median_seconds"), owner, "median_seconds", v, 0.0, f64::MAX);
        }
        if let (Some(entered), Some(completed)) = (m.entered, m.completed)
            && completed > entered
        {
            self.push(
                ProblemKind::Inconsistent,
                p("completed"),
                owner,
                format!("completed {completed} is more than entered {entered}"),
            );
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, r) in m.exit_reasons.iter().enumerate() {
            let rp = p(&format!("exit_reasons[{i}]"));
            self.non_empty(&rp, "reason", owner, &r.reason);
            if r.customers == 0 {
                self.push(
                    ProblemKind::OutOfRange,
                    format!("{rp}.customers"),
                    owner,
                    "customers 0 is below 1: a reason is listed for the customers who gave it".into(),
                );
            }
            if let Some(first) = seen.insert(r.reason.trim(), i) {
                self.push(
                    ProblemKind::DuplicateId,
                    format!("{rp}.reason"),
                    owner,
                    format!("reason \"{}\" is already listed at exit_reasons[{first}]", r.reason.trim()),
                );
            }
        }
        let gave: u64 = m.exit_reasons.iter().fold(0, |s, r| s.saturating_add(r.customers));
        if let (Some(entered), Some(completed)) = (m.entered, m.completed)
            && completed <= entered
            && gave > entered - completed
        {
            self.push(
                ProblemKind::Inconsistent,
                p("exit_reasons"),
                owner,
                format!(
                    "exit reasons count {gave} customers, more than the {} who left (entered {entered}, completed \
                     {completed})",
                    entered - completed
                ),
            );
        }
    }
}

/// Every problem of a document, in document order, up to [`MAX_PROBLEMS`] (then one last problem of kind
/// [`TOO_MANY_PROBLEMS`] counts the rest). Costs O(size of the document).
pub fn problems(doc: &Document) -> Vec<Problem> {
    let mut c = Checker { problems: Vec::new(), unlisted: 0 };
    let top = Owner { what: "journey", id: &doc.id };
    c.non_empty("", "id", top, &doc.id);
    c.non_empty("", "name", top, &doc.name);
    if let Some(current) = &doc.current_state {
        c.non_empty("", "current_state", top, current);
    }
    if let Some(message) = doc.currency.as_deref().and_then(crate::words::currency_problem) {
        c.push(ProblemKind::NotACurrency, "currency".into(), top, message);
    }
    for p in c.problems.iter_mut() {
        p.path = p.path.trim_start_matches('.').to_owned();
    }

    let stages = c.unique_ids("stages", "stage", doc.stages.iter().map(|s| s.id.as_str()));
    for (i, s) in doc.stages.iter().enumerate() {
        let owner = Owner { what: "stage", id: &s.id };
        let path = format!("stages[{i}]");
        c.non_empty(&path, "name", owner, &s.name);
        for (k, kpi) in s.kpis.iter().enumerate() {
            let kp = format!("{path}.kpis[{k}]");
            c.non_empty(&kp, "name", owner, &kpi.name);
            c.range(format!("{kp}.target"), owner, "kpi target", kpi.target, f64::MIN, f64::MAX);
            if let Some(a) = kpi.actual {
                c.range(format!("{kp}.actual"), owner, "kpi actual", a, f64::MIN, f64::MAX);
            }
        }
    }

    let personas = c.unique_ids("personas", "persona", doc.personas.iter().map(|p| p.id.as_str()));
    for (i, p) in doc.personas.iter().enumerate() {
        let owner = Owner { what: "persona", id: &p.id };
        let path = format!("personas[{i}]");
        c.non_empty(&path, "name", owner, &p.name);
        for stage in p.goals.keys() {
            c.reference(format!("{path}.goals.{stage}"), owner, "stage", stage, &stages);
        }
        if let Some(s) = p.share {
            c.range(format!("{path}.share"), owner, "share", s, 0.0, 1.0);
        }
    }
    let shares: f64 = doc.personas.iter().filter_map(|p| p.share).filter(|s| s.is_finite()).sum();
    if shares > 1.0 + 1e-9 {
        c.push(
            ProblemKind::Inconsistent,
            "personas".into(),
            top,
            format!("the personas' shares add up to {}, more than 1", crate::words::number(shares, 3)),
        );
    }

    let touchpoints = c.unique_ids("touchpoints", "touchpoint", doc.touchpoints.iter().map(|t| t.id.as_str()));
    let mut pain_ids: HashMap<&str, String> = HashMap::new();
    for (i, t) in doc.touchpoints.iter().enumerate() {
        for (k, pain) in t.pain_points.iter().enumerate() {
            if let Some(id) = pain.id.as_deref() {
                let here = format!("touchpoints[{i}].pain_points[{k}]");
                if let Some(first) = pain_ids.get(id) {
                    c.push(
                        ProblemKind::DuplicateId,
                        format!("{here}.id"),
                        Owner { what: "pain point", id },
                        format!("id is already used by {first}"),
                    );
                } else {
                    pain_ids.insert(id, here);
                }
            }
        }
    }
    for (i, t) in doc.touchpoints.iter().enumerate() {
        let owner = Owner { what: "touchpoint", id: &t.id };
        let path = format!("touchpoints[{i}]");
        c.non_empty(&path, "name", owner, &t.name);
        c.reference(format!("{path}.stage"), owner, "stage", &t.stage, &stages);
        for (k, p) in t.personas.iter().enumerate() {
            c.reference(format!("{path}.personas[{k}]"), owner, "persona", p, &personas);
        }
        c.range(format!("{path}.importance"), owner, "importance", t.importance, 1.0, 5.0);
        if let Some(e) = t.emotion {
            c.range(format!("{path}.emotion"), owner, "emotion", e, -2.0, 2.0);
        }
        for (p, e) in &t.persona_emotions {
            c.reference(format!("{path}.persona_emotions.{p}"), owner, "persona", p, &personas);
            c.range(format!("{path}.persona_emotions.{p}"), owner, "emotion", *e, -2.0, 2.0);
        }
        for (p, expectations) in &t.persona_expectations {
            c.reference(format!("{path}.persona_expectations.{p}"), owner, "persona", p, &personas);
            for (k, e) in expectations.iter().enumerate() {
                if e.trim().is_empty() {
                    c.push(
                        ProblemKind::Empty,
                        format!("{path}.persona_expectations.{p}[{k}]"),
                        owner,
                        format!("expectation of persona \"{p}\" is empty, expected text"),
                    );
                }
            }
        }
        c.moments(&path, "pain_points", owner, &t.pain_points);
        c.moments(&path, "delights", owner, &t.delights);
        for (field, moments) in [("pain_points", &t.pain_points), ("delights", &t.delights)] {
            for (k, m) in moments.iter().enumerate() {
                for (q, p) in m.personas.iter().enumerate() {
                    c.reference(format!("{path}.{field}[{k}].personas[{q}]"), owner, "persona", p, &personas);
                }
            }
        }
        c.metrics(&path, owner, &t.metrics);
        c.evidence(&path, owner, &t.evidence);
        for (k, b) in t.backstage.iter().enumerate() {
            c.non_empty(&format!("{path}.backstage[{k}]"), "description", owner, &b.description);
        }
        for (k, o) in t.opportunities.iter().enumerate() {
            let op = format!("{path}.opportunities[{k}]");
            c.non_empty(&op, "description", owner, &o.description);
            for (field, v) in [("impact", o.impact), ("effort", o.effort)] {
                if !(1..=5).contains(&v) {
                    c.push(
                        ProblemKind::OutOfRange,
                        format!("{op}.{field}"),
                        owner,
                        format!("{field} {v} is outside 1..=5"),
                    );
                }
            }
            c.range(format!("{op}.confidence"), owner, "confidence", o.confidence, 0.0, 1.0);
            for (a, pain) in o.addresses.iter().enumerate() {
                if !pain_ids.contains_key(pain.as_str()) {
                    c.push(
                        ProblemKind::UnknownReference,
                        format!("{op}.addresses[{a}]"),
                        owner,
                        format!("refers to unknown pain point \"{pain}\""),
                    );
                }
            }
        }
    }

    let mut pairs: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, t) in doc.transitions.iter().enumerate() {
        let label = format!("{}->{}", t.from, t.to);
        let owner = Owner { what: "transition", id: &label };
        let path = format!("transitions[{i}]");
        c.reference(format!("{path}.from"), owner, "touchpoint", &t.from, &touchpoints);
        c.reference(format!("{path}.to"), owner, "touchpoint", &t.to, &touchpoints);
        if let Some(first) = pairs.insert((&t.from, &t.to), i) {
            pairs.insert((&t.from, &t.to), first);
            c.push(ProblemKind::DuplicateTransition, path.clone(), owner, format!("repeats transitions[{first}]"));
        }
        if let Some(p) = t.probability {
            c.range(format!("{path}.probability"), owner, "probability", p, 0.0, 1.0);
        }
        if let Some(d) = &t.duration {
            for (field, v) in
                [("mean_seconds", d.mean_seconds), ("median_seconds", d.median_seconds), ("p95_seconds", d.p95_seconds)]
            {
                c.range(format!("{path}.duration.{field}"), owner, field, v, 0.0, f64::MAX);
            }
        }
    }

    for (section, list) in [("entries", &doc.entries), ("goals", &doc.goals)] {
        let mut seen = HashSet::new();
        for (i, id) in list.iter().enumerate() {
            let owner = Owner { what: "touchpoint", id };
            c.reference(format!("{section}[{i}]"), owner, "touchpoint", id, &touchpoints);
            if !seen.insert(id) {
                c.push(
                    ProblemKind::DuplicateId,
                    format!("{section}[{i}]"),
                    owner,
                    format!("is listed twice in {section}"),
                );
            }
        }
    }
    if c.unlisted > 0 {
        c.problems.push(Problem {
            kind: TOO_MANY_PROBLEMS,
            path: String::new(),
            id: None,
            message: format!("{} more problems are not listed: at most {MAX_PROBLEMS} are", c.unlisted),
        });
    }
    c.problems
}
