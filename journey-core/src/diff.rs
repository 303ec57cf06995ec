//! Comparing two maps: current and future state, or this version and the last.

use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{Journey, Metrics, Touchpoint};
use crate::score::ScoringModel;
use serde_json::{Map, Value};

/// A value that changed between the two maps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Change<T> {
    /// The id of what changed (stage or touchpoint; `journey` for the whole map).
    pub id: String,
    /// What changed: `name`, `stage`, `position`, `channel`, `emotion`, `score`, a metric's name, ...
    pub field: String,
    /// The value in the first map.
    pub before: T,
    /// The value in the second map.
    pub after: T,
}

/// What differs between two maps, by id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct JourneyDiff {
    /// Stage ids only in the second map.
    pub stages_added: Vec<String>,
    /// Stage ids only in the first map.
    pub stages_removed: Vec<String>,
    /// Stages whose name or position changed.
    pub stages_changed: Vec<Change<String>>,
    /// Touchpoint ids only in the second map.
    pub touchpoints_added: Vec<String>,
    /// Touchpoint ids only in the first map.
    pub touchpoints_removed: Vec<String>,
    /// Touchpoints that moved to another stage.
    pub touchpoints_moved: Vec<Change<String>>,
    /// Touchpoints whose name, channel or owner changed.
    pub touchpoints_changed: Vec<Change<String>>,
    /// Transitions (`[from, to]`) only in the second map.
    pub transitions_added: Vec<(String, String)>,
    /// Transitions only in the first map.
    pub transitions_removed: Vec<(String, String)>,
    /// Emotions that changed (`None` where a map has none).
    pub emotion_changes: Vec<Change<Option<f64>>>,
    /// Metrics that changed.
    pub metric_changes: Vec<Change<Option<f64>>>,
    /// Scores (0..100) of the journey, stages and touchpoints in both maps that changed.
    pub score_changes: Vec<Change<f64>>,
    /// Every edit between the two files, field by field, in file order: whatever a reviewer changed
    /// anywhere in the map (its kind, personas, KPIs, pain points, delights, evidence, backstage,
    /// opportunities, transitions, entries and goals, ...) is here, by id, with a sentence for people. The
    /// lists above are views of the most asked-for of these edits (and `score_changes`, which are not edits
    /// but what the edits do to the scores).
    pub edits: Vec<Edit>,
    /// The diff in sentences for people: one per edit (its `line`), then one per score change.
    pub lines: Vec<String>,
}

fn metric_values(m: &Metrics) -> [(&'static str, Option<f64>); 6] {
    [
        ("entered", m.entered.map(|v| v as f64)),
        ("completed", m.completed.map(|v| v as f64)),
        ("satisfaction", m.satisfaction),
        ("effort", m.effort),
        ("nps", m.nps),
        ("median_seconds", m.median_seconds),
    ]
}

fn change<T>(id: &str, field: &str, before: T, after: T) -> Change<T> {
    Change { id: id.to_owned(), field: field.to_owned(), before, after }
}

/// Compares two maps by id: every edit between their files, field by field ([`JourneyDiff::edits`], so no
/// field of the file format is missed: personas, KPIs, pain points, delights, evidence, backstage,
/// opportunities, the map's kind, ...), the most asked-for of them in typed lists (stages and touchpoints
/// added, removed, moved or renamed, transitions, emotions, metrics), how the scores changed, and all of it
/// in sentences ([`JourneyDiff::lines`]). Scores differing by less than 0.05 count as unchanged.
/// O(size of both maps).
///
/// ```
/// use journey_core::{Journey, ScoringModel, diff};
///
/// let a = Journey::from_json(r#"{"schema_version": 1, "id": "j", "name": "Shop",
///     "stages": [{"id": "buy", "name": "Buy"}],
///     "touchpoints": [{"id": "pay", "name": "Payment", "stage": "buy", "channel": "web",
///         "pain_points": [{"id": "slow", "description": "Slow page", "severity": 3}]}]}"#)?;
/// let mut b = a.clone();
/// b.update_touchpoint("pay", |t| t.pain_points[0].severity = 4)?;
/// let d = diff(&a, &b, &ScoringModel::default())?;
/// assert_eq!(d.edits[0].id, "pay");
/// assert_eq!(d.edits[0].field, "pain_points[slow].severity");
/// assert_eq!(d.lines[0], r#"touchpoint "Payment" (pay): pain point "Slow page" (slow) severity 3 -> 4"#);
/// assert!(diff(&a, &a, &ScoringModel::default())?.is_empty());
/// # Ok::<(), journey_core::Error>(())
/// ```
///
/// # Errors
/// [`crate::Error::Argument`] for a model with a value out of its domain.
pub fn diff(a: &Journey, b: &Journey, model: &ScoringModel) -> Result<JourneyDiff> {
    let mut d = JourneyDiff::default();
    let pos_a: HashMap<&str, usize> = a.stages().iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let pos_b: HashMap<&str, usize> = b.stages().iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    d.stages_removed = a.stages().iter().filter(|s| !pos_b.contains_key(s.id.as_str())).map(|s| s.id.clone()).collect();
    d.stages_added = b.stages().iter().filter(|s| !pos_a.contains_key(s.id.as_str())).map(|s| s.id.clone()).collect();
    for s in a.stages() {
        let Some(other) = b.stage(&s.id) else { continue };
        if s.name != other.name {
            d.stages_changed.push(change(&s.id, "name", s.name.clone(), other.name.clone()));
        }
        let (pa, pb) = (pos_a[s.id.as_str()], pos_b[s.id.as_str()]);
        if pa != pb {
            d.stages_changed.push(change(&s.id, "position", (pa + 1).to_string(), (pb + 1).to_string()));
        }
    }
    let tps_a = a.touchpoints();
    let tps_b = b.touchpoints();
    d.touchpoints_removed = tps_a.iter().filter(|t| b.touchpoint(&t.id).is_none()).map(|t| t.id.clone()).collect();
    d.touchpoints_added = tps_b.iter().filter(|t| a.touchpoint(&t.id).is_none()).map(|t| t.id.clone()).collect();
    let both: Vec<(&Touchpoint, &Touchpoint)> =
        tps_a.iter().filter_map(|t| b.touchpoint(&t.id).map(|u| (*t, u))).collect();
    for (t, u) in &both {
        if t.stage != u.stage {
            d.touchpoints_moved.push(change(&t.id, "stage", t.stage.clone(), u.stage.clone()));
        }
        for (field, x, y) in [
            ("name", t.name.clone(), u.name.clone()),
            ("channel", t.channel.to_string(), u.channel.to_string()),
            ("owner", t.owner.clone().unwrap_or_default(), u.owner.clone().unwrap_or_default()),
        ] {
            if x != y {
                d.touchpoints_changed.push(change(&t.id, field, x, y));
            }
        }
        if t.emotion != u.emotion {
            d.emotion_changes.push(change(&t.id, "emotion", t.emotion, u.emotion));
        }
        let mut personas: Vec<&String> = t.persona_emotions.keys().chain(u.persona_emotions.keys()).collect();
        personas.sort();
        personas.dedup();
        for p in personas {
            let (x, y) = (t.persona_emotions.get(p).copied(), u.persona_emotions.get(p).copied());
            if x != y {
                d.emotion_changes.push(change(&t.id, &format!("emotion:{p}"), x, y));
            }
        }
        for ((field, x), (_, y)) in metric_values(&t.metrics).into_iter().zip(metric_values(&u.metrics)) {
            if x != y {
                d.metric_changes.push(change(&t.id, field, x, y));
            }
        }
    }
    let pairs =
        |j: &Journey| -> Vec<(String, String)> { j.transitions().map(|t| (t.from.clone(), t.to.clone())).collect() };
    let (ta, tb) = (pairs(a), pairs(b));
    let in_a: HashSet<&(String, String)> = ta.iter().collect();
    let in_b: HashSet<&(String, String)> = tb.iter().collect();
    d.transitions_removed = ta.iter().filter(|p| !in_b.contains(p)).cloned().collect();
    d.transitions_added = tb.iter().filter(|p| !in_a.contains(p)).cloned().collect();

    d.edits = edits(a, b);
    let (sa, sb) = (a.score(model)?, b.score(model)?);
    let mut scores = |id: &str, x: f64, y: f64| {
        if (x - y).abs() >= 0.05 {
            d.score_changes.push(change(id, "score", x, y));
        }
    };
    scores("journey", sa.score.value, sb.score.value);
    // Looked up by id (the first of an id, as `JourneyScore::stage` and `touchpoint` find), not by a scan per item.
    let stages_b: HashMap<&str, f64> = sb.stages.iter().rev().map(|s| (s.stage.as_str(), s.score.value)).collect();
    for s in &sa.stages {
        if let Some(o) = stages_b.get(s.stage.as_str()) {
            scores(&s.stage, s.score.value, *o);
        }
    }
    let touchpoints_b: HashMap<&str, f64> =
        sb.touchpoints.iter().rev().map(|t| (t.touchpoint.as_str(), t.score.value)).collect();
    for t in &sa.touchpoints {
        if let Some(o) = touchpoints_b.get(t.touchpoint.as_str()) {
            scores(&t.touchpoint, t.score.value, *o);
        }
    }
    d.lines = d.sentences();
    Ok(d)
}

/// What an [`Edit`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum EditKind {
    /// Something only in the second map: an item of a list, or a value that was not set.
    Added,
    /// Something only in the first map.
    Removed,
    /// A value that differs, or a list whose items are the same but in another order.
    Changed,
}

/// One edit between two maps, found by walking both files field by field, so that no field of the file
/// format can be missed.
///
/// Items of lists are matched by their ids: stages, personas and touchpoints by `id`; transitions by
/// `from -> to`; KPIs by `name`; pain points, delights and opportunities by `id` (by description when they
/// have none); evidence by summary; backstage items by description; lists of plain values (actions,
/// entries, goals, ...) by value. A field left out of a file is "not set" (its default).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Edit {
    /// Added, removed or changed.
    pub change: EditKind,
    /// What the top-level item is: `journey`, `stage`, `persona`, `touchpoint`, `transition`, `entry` or
    /// `goal`.
    pub item: String,
    /// The id of the top-level item: a stage, persona or touchpoint id, `from -> to` for a transition,
    /// `journey` for the map itself.
    pub id: String,
    /// The field within that item, as a path: `name`, `metrics.entered`, `pain_points[slow].severity`,
    /// `pain_points[slow]` for a whole pain point added or removed; empty for the whole item.
    pub field: String,
    /// The full path in the file: `touchpoints[checkout].pain_points[slow].severity`.
    pub path: String,
    /// The value in the first map (`None` when not there or not set).
    #[cfg_attr(feature = "typescript", tsify(type = "unknown"))]
    pub before: Option<Value>,
    /// The value in the second map.
    #[cfg_attr(feature = "typescript", tsify(type = "unknown"))]
    pub after: Option<Value>,
    /// The edit in a sentence, with names: `touchpoint "Checkout" (checkout): pain point "Slow page"
    /// severity 3 -> 4`.
    pub line: String,
}

impl JourneyDiff {
    /// Whether the two maps are the same: no edit and no score change.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty() && self.score_changes.is_empty()
    }

    fn sentences(&self) -> Vec<String> {
        let scores = self.score_changes.iter().map(|c| {
            let what = if c.id == "journey" { "the journey".to_owned() } else { format!("\"{}\"", c.id) };
            format!("score of {what}: {:.1} -> {:.1}", c.before, c.after)
        });
        self.edits.iter().map(|e| e.line.clone()).chain(scores).collect()
    }
}

/// The key that matches items of a list of objects in the two files, by the list's field name: `None` for
/// a list of plain values.
fn key_of(list: &str, item: &Value) -> Option<String> {
    let text = |k: &str| item.get(k).and_then(Value::as_str).map(str::to_owned);
    match list {
        "transitions" => Some(format!("{} -> {}", text("from")?, text("to")?)),
        "kpis" => text("name"),
        "pain_points" | "delights" | "opportunities" => text("id").or_else(|| text("description")),
        "evidence" => text("summary"),
        "backstage" => text("description"),
        _ => text("id").or_else(|| text("name")),
    }
}

/// The singular, readable name of an item of a list.
fn singular(list: &str) -> String {
    match list {
        "stages" => "stage".into(),
        "personas" => "persona".into(),
        "touchpoints" => "touchpoint".into(),
        "transitions" => "transition".into(),
        "entries" => "entry".into(),
        "goals" => "goal".into(),
        "kpis" => "KPI".into(),
        "pain_points" => "pain point".into(),
        "delights" => "delight".into(),
        "opportunities" => "opportunity".into(),
        "backstage" => "backstage item".into(),
        "evidence" => "evidence".into(),
        other => other.trim_end_matches('s').replace('_', " "),
    }
}

/// The defaults the file format declares for fields a file may leave out (`expected: true`, `importance:
/// 3`, ...), by field name, read from the JSON Schema generated from the types: a field left out is its
/// default, so setting it to its default is no edit, and changing it shows the default as the value before.
fn default_of(field: &str) -> Option<&'static Value> {
    static DEFAULTS: std::sync::OnceLock<HashMap<String, Value>> = std::sync::OnceLock::new();
    DEFAULTS
        .get_or_init(|| {
            fn walk(v: &Value, out: &mut HashMap<String, Value>) {
                match v {
                    Value::Object(m) => {
                        if let Some(Value::Object(props)) = m.get("properties") {
                            for (k, p) in props {
                                match p.get("default") {
                                    Some(d) if !(d.is_array() || d.is_object() || d.is_null()) => {
                                        out.insert(k.clone(), d.clone());
                                    }
                                    _ => {}
                                }
                            }
                        }
                        m.values().for_each(|x| walk(x, out));
                    }
                    Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                    _ => {}
                }
            }
            let mut out = HashMap::new();
            if let Ok(schema) = serde_json::to_value(schemars::schema_for!(crate::model::Document)) {
                walk(&schema, &mut out);
            }
            out
        })
        .get(field)
}

/// A value as people read it: numbers without a needless `.0`.
fn shown(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "not set".into(),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        Some(Value::String(s)) => format!("\"{s}\""),
        Some(Value::Array(items)) => {
            let items: Vec<String> = items.iter().map(|i| shown(Some(i))).collect();
            format!("[{}]", items.join(", "))
        }
        Some(other) => other.to_string(),
    }
}

/// How an item reads in a sentence: its kind, name and key (`touchpoint "Checkout" (checkout)`).
fn item_label(kind: &str, item: &Value, key: &str) -> String {
    let name = ["name", "description", "summary"].iter().find_map(|k| item.get(*k).and_then(Value::as_str));
    match name {
        Some(n) if n != key => format!("{kind} \"{n}\" ({key})"),
        _ => format!("{kind} \"{key}\""),
    }
}

/// Where the walk is: the path in the file, the path within the top-level item, the path since the
/// innermost item with a label, and that label (empty at the top-level item itself).
#[derive(Clone, Default)]
struct At {
    path: String,
    field: String,
    rel: String,
    label: String,
}

impl At {
    fn key(&self, k: &str) -> At {
        let join = |base: &str| if base.is_empty() { k.to_owned() } else { format!("{base}.{k}") };
        At { path: join(&self.path), field: join(&self.field), rel: join(&self.rel), label: self.label.clone() }
    }

    fn item(&self, k: &str, label: String) -> At {
        At {
            path: format!("{}[{k}]", self.path),
            field: format!("{}[{k}]", self.field),
            rel: String::new(),
            label: if self.label.is_empty() { label } else { format!("{} {label}", self.label) },
        }
    }

    /// The sentence start: the innermost item's label, with a space.
    fn prefix(&self) -> String {
        if self.label.is_empty() { String::new() } else { format!("{} ", self.label) }
    }

    fn words(&self) -> String {
        self.rel.replace('_', " ")
    }
}

/// The lists whose items are the top-level items of a map.
const TOP_LISTS: [&str; 6] = ["stages", "personas", "touchpoints", "transitions", "entries", "goals"];

/// Walks two documents and collects their edits.
struct Walker {
    edits: Vec<Edit>,
    /// The top-level item being walked: its kind, id and label.
    top: (String, String, String),
}

impl Walker {
    fn push(&mut self, change: EditKind, at: &At, before: Option<&Value>, after: Option<&Value>, what: String) {
        let (item, id, top) = &self.top;
        self.edits.push(Edit {
            change,
            item: item.clone(),
            id: id.clone(),
            field: at.field.clone(),
            path: at.path.clone(),
            before: before.cloned(),
            after: after.cloned(),
            line: format!("{top}: {what}"),
        });
    }

    fn value(&mut self, at: &At, a: Option<&Value>, b: Option<&Value>) {
        let absent = |v: Option<&Value>| v.is_none_or(Value::is_null);
        let empty = Map::new();
        match (a, b) {
            (Some(Value::Object(x)), Some(Value::Object(y))) => self.object(at, x, y),
            (Some(Value::Object(x)), None) => self.object(at, x, &empty),
            (None, Some(Value::Object(y))) => self.object(at, &empty, y),
            (Some(Value::Array(x)), Some(Value::Array(y))) => self.list(at, x, y),
            (Some(Value::Array(x)), None) => self.list(at, x, &[]),
            (None, Some(Value::Array(y))) => self.list(at, &[], y),
            _ if a == b || (absent(a) && absent(b)) => {}
            _ => {
                let change = if absent(a) {
                    EditKind::Added
                } else if absent(b) {
                    EditKind::Removed
                } else {
                    EditKind::Changed
                };
                let what = format!("{}{} {} -> {}", at.prefix(), at.words(), shown(a), shown(b));
                self.push(change, at, a, b, what);
            }
        }
    }

    fn object(&mut self, at: &At, a: &Map<String, Value>, b: &Map<String, Value>) {
        let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            let (x, y) = (a.get(k).or_else(|| default_of(k)), b.get(k).or_else(|| default_of(k)));
            self.value(&at.key(k), x, y);
        }
    }

    fn list(&mut self, at: &At, a: &[Value], b: &[Value]) {
        let name = at.path.rsplit(['.', ']']).next().unwrap_or_default().to_owned();
        let top = self.top.0 == "journey" && TOP_LISTS.contains(&at.path.as_str());
        let kind = singular(&name);
        let keyed = |items: &[Value]| -> Option<Vec<String>> {
            let mut seen: HashMap<String, usize> = HashMap::new();
            items
                .iter()
                .map(|i| {
                    let k = i.is_object().then(|| key_of(&name, i)).flatten()?;
                    let n = seen.entry(k.clone()).or_default();
                    *n += 1;
                    Some(if *n == 1 { k } else { format!("{k} #{n}") })
                })
                .collect()
        };
        let (ka, kb) = match (keyed(a), keyed(b)) {
            (Some(ka), Some(kb)) => (ka, kb),
            _ => return self.plain_list(at, &kind, top, a, b),
        };
        let mut in_a: HashMap<&str, usize> = ka.iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
        let in_b: HashMap<&str, usize> = kb.iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
        // Below the top level, an item whose key changed (a pain point's id or description edited) is the
        // item at the same place in both lists when neither place found its key in the other list.
        let mut moved: HashMap<usize, usize> = HashMap::new();
        if !top {
            for (i, k) in kb.iter().enumerate() {
                if !in_a.contains_key(k.as_str()) && ka.get(i).is_some_and(|x| !in_b.contains_key(x.as_str())) {
                    moved.insert(i, i);
                }
            }
        }
        for (i, (k, x)) in ka.iter().zip(a).enumerate() {
            if !in_b.contains_key(k.as_str()) && !moved.contains_key(&i) {
                self.whole(EditKind::Removed, at, &kind, k, top, Some(x), None);
            }
        }
        for (j, k) in kb.iter().enumerate() {
            if let Some(i) = moved.get(&j) {
                in_a.insert(k.as_str(), *i);
            }
        }
        for (k, y) in kb.iter().zip(b) {
            let Some(&i) = in_a.get(k.as_str()) else {
                self.whole(EditKind::Added, at, &kind, k, top, None, Some(y));
                continue;
            };
            let (Some(x), Some(yo)) = (a[i].as_object(), y.as_object()) else { continue };
            if top {
                let saved = std::mem::replace(&mut self.top, (kind.clone(), k.clone(), item_label(&kind, y, k)));
                let inner = At { path: format!("{}[{k}]", at.path), ..At::default() };
                self.object(&inner, x, yo);
                self.top = saved;
            } else {
                self.object(&at.item(k, item_label(&kind, y, k)), x, yo);
            }
        }
        let common_a: Vec<&String> = ka.iter().filter(|k| in_b.contains_key(k.as_str())).collect();
        let common_b: Vec<&String> = kb
            .iter()
            .enumerate()
            .filter(|(j, k)| !moved.contains_key(j) && in_a.contains_key(k.as_str()))
            .map(|(_, k)| k)
            .collect();
        if common_a != common_b {
            let order = |keys: Vec<&String>| Value::Array(keys.into_iter().map(|k| Value::String(k.clone())).collect());
            self.reordered(at, &order(common_a), &order(common_b));
        }
    }

    /// A list of plain values (or of items without a key): matched by value, repeats counted. O(items).
    fn plain_list(&mut self, at: &At, kind: &str, top: bool, a: &[Value], b: &[Value]) {
        let text = |v: &Value| v.to_string();
        let mut unmatched: HashMap<String, std::collections::VecDeque<usize>> = HashMap::new();
        for (j, y) in b.iter().enumerate() {
            unmatched.entry(text(y)).or_default().push_back(j);
        }
        let mut matched_b = vec![false; b.len()];
        let mut kept_a = Vec::new();
        for x in a {
            match unmatched.get_mut(&text(x)).and_then(|q| q.pop_front()) {
                Some(j) => {
                    matched_b[j] = true;
                    kept_a.push(x);
                }
                None => self.whole(EditKind::Removed, at, kind, &shown(Some(x)), top, Some(x), None),
            }
        }
        for (j, y) in b.iter().enumerate() {
            if !matched_b[j] {
                self.whole(EditKind::Added, at, kind, &shown(Some(y)), top, None, Some(y));
            }
        }
        let kept_b = b.iter().zip(&matched_b).filter(|(_, m)| **m).map(|(y, _)| y);
        if !kept_a.iter().copied().eq(kept_b) {
            self.reordered(at, &Value::Array(a.to_vec()), &Value::Array(b.to_vec()));
        }
    }

    fn reordered(&mut self, at: &At, x: &Value, y: &Value) {
        let what = format!("{}order of {} {} -> {}", at.prefix(), at.words(), shown(Some(x)), shown(Some(y)));
        self.push(EditKind::Changed, at, Some(x), Some(y), what);
    }

    /// An item of a list added or removed; `key` is its key (or, for a plain value, the value as shown).
    #[allow(clippy::too_many_arguments)]
    fn whole(
        &mut self,
        change: EditKind,
        at: &At,
        kind: &str,
        key: &str,
        top: bool,
        a: Option<&Value>,
        b: Option<&Value>,
    ) {
        let v = a.or(b).unwrap_or(&Value::Null);
        let done = if change == EditKind::Added { "added" } else { "removed" };
        if top {
            // A top-level item: the edit is the item itself.
            let id = v.as_str().map_or_else(|| key.to_owned(), str::to_owned);
            let line = format!("{} {done}", item_label(kind, v, &id));
            let path = if v.is_object() { format!("{}[{key}]", at.path) } else { at.path.clone() };
            self.edits.push(Edit {
                change,
                item: kind.to_owned(),
                id,
                field: String::new(),
                path,
                before: a.cloned(),
                after: b.cloned(),
                line,
            });
            return;
        }
        if v.is_object() {
            let inner = at.item(key, String::new());
            let at = At { label: at.label.clone(), ..inner };
            let what = format!("{}{} {done}", at.prefix(), item_label(kind, v, key));
            self.push(change, &at, a, b, what);
        } else {
            let to = if change == EditKind::Added { "added to" } else { "removed from" };
            let what = format!("{}{} {to} {}", at.prefix(), shown(Some(v)), at.words());
            self.push(change, at, a, b, what);
        }
    }
}

/// Every edit between two maps, by walking their files.
fn edits(a: &Journey, b: &Journey) -> Vec<Edit> {
    let (Ok(Value::Object(x)), Ok(Value::Object(y))) =
        (serde_json::to_value(a.to_document()), serde_json::to_value(b.to_document()))
    else {
        return Vec::new();
    };
    let mut w =
        Walker { edits: Vec::new(), top: ("journey".into(), "journey".into(), format!("the map \"{}\"", b.name)) };
    w.object(&At::default(), &x, &y);
    w.edits
}
