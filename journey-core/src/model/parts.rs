//! The plain data of a map: stages, personas, touchpoints and what hangs off them.
//!
//! These are plain structs with public fields; they are the same in memory and in files (JSON field names
//! are the Rust field names). Ids are human-readable strings such as `"checkout"`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::channel::{Channel, Device};

fn is_false(b: &bool) -> bool {
    !*b
}
fn is_true(b: &bool) -> bool {
    *b
}
fn yes() -> bool {
    true
}
fn default_importance() -> f64 {
    3.0
}
fn is_default_importance(v: &f64) -> bool {
    *v == 3.0
}

/// A column of the map: a phase the customer passes through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Unique id, e.g. `"purchase"`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What happens in this stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Key performance indicators of the stage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<Kpi>,
}

impl Stage {
    /// A stage with an id and a name.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Stage { id: id.into(), name: name.into(), description: None, kpis: Vec::new() }
    }
}

/// A key performance indicator with its target and, when measured, its actual value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    /// Name, e.g. `"conversion rate"`.
    pub name: String,
    /// The value the team aims for.
    pub target: f64,
    /// The measured value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<f64>,
    /// Unit for display, e.g. `"%"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Whether more is better (true, the default) or less is better.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    #[schemars(extend("default" = true))]
    pub higher_is_better: bool,
}

/// Who the customer is: an archetype built from research.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Persona {
    /// Unique id, e.g. `"savvy"`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// One or two sentences about them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Age range, location, income, occupation.
    #[serde(default, skip_serializing_if = "Demographics::is_empty")]
    pub demographics: Demographics,
    /// What they care about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interests: Vec<String>,
    /// What drives them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub motivations: Vec<String>,
    /// What worries them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concerns: Vec<String>,
    /// Their goals, by stage id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub goals: BTreeMap<String, Vec<String>>,
    /// The channels they prefer, most preferred first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred_channels: Vec<Channel>,
    /// The value of the event log's segment column that selects this persona's customers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// The share of the journey's customers this persona stands for, 0..1 (the shares of all personas
    /// add up to at most 1). Their emotions weigh by it: in the customers' emotion at a touchpoint (see
    /// [`crate::Journey::customer_emotion`]) and in how severe their negative moment of truth is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
}

/// Demographics of a persona; every field is optional.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Demographics {
    /// e.g. `"25-34"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_range: Option<String>,
    /// e.g. `"Berlin, urban"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// e.g. `"middle"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income: Option<String>,
    /// e.g. `"software engineer"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupation: Option<String>,
}

impl Demographics {
    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        self == &Demographics::default()
    }
}

/// What a touchpoint is for, which decides how it is judged.
///
/// - `entry`: reach, such as an ad, a search result or a shop window. Most people who see it never go on,
///   and that is reach, not abandonment: its `completed` is a click-through, never a drop-off or a loss,
///   and it is not scored on completion.
/// - `step`: customers are meant to pass it (a product page, the cart, payment, delivery). Completion is
///   scored, and those who do not complete it are a drop-off.
/// - `optional`: take-up, such as an unboxing post, a refer-a-friend reward or a loyalty email. Customers
///   may well skip it: its `completed` is the take-up, never a drop-off or a loss, and it is not scored on
///   completion.
///
/// A touchpoint whose file gives no role is an `entry` when the map lists it among its entries and a
/// `step` otherwise (see [`crate::Journey::role`]); saving it keeps the role absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum TouchpointRole {
    /// Reach: judged on how many it reaches and how many come on, never as abandonment.
    Entry,
    /// Customers are meant to pass it: completion and drop-off apply.
    Step,
    /// Take-up: judged on how many take it up, never as abandonment.
    Optional,
}

crate::names::names!(TouchpointRole, "role", "role" {
    Entry => "entry",
    Step => "step",
    Optional => "optional",
});

impl TouchpointRole {
    /// Whether customers are meant to pass it, so that completion, drop-off and losses after a move apply.
    pub fn is_step(self) -> bool {
        self == TouchpointRole::Step
    }
}

/// A place where the customer meets the company: a node of the journey graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Touchpoint {
    /// Unique id, e.g. `"checkout"`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The id of the stage it belongs to.
    pub stage: String,
    /// The channel.
    #[cfg_attr(feature = "typescript", tsify(type = "Channel"))]
    pub channel: Channel,
    /// The device, when it matters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<Device>,
    /// The team or department that owns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// How much it matters to the customer, 1 (little) to 5 (very much); 3 when not given.
    #[serde(default = "default_importance", skip_serializing_if = "is_default_importance")]
    #[schemars(extend("default" = 3.0))]
    pub importance: f64,
    /// A moment of truth: a point where the customer decides whether to go on.
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub moment_of_truth: bool,
    /// Ids of the personas it serves; empty means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub personas: Vec<String>,
    /// What the customer does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<String>,
    /// What the customer thinks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thoughts: Vec<String>,
    /// What the customer expects: every customer, whatever their persona.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expectations: Vec<String>,
    /// What each persona expects here besides the shared `expectations`, by persona id. The poster and the
    /// report drawn for a persona show the shared expectations and that persona's; drawn for every customer,
    /// the shared ones and then each persona's, after the persona's name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub persona_expectations: BTreeMap<String, Vec<String>>,
    /// How the customer feels, from -2 (very negative) to +2 (very positive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emotion: Option<f64>,
    /// How each persona feels here, by persona id, from -2 to +2.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub persona_emotions: BTreeMap<String, f64>,
    /// What hurts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pain_points: Vec<PainPoint>,
    /// What delights.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delights: Vec<Delight>,
    /// Measured figures.
    #[serde(default, skip_serializing_if = "Metrics::is_empty")]
    pub metrics: Metrics,
    /// The research behind this touchpoint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// What runs behind the line of visibility.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub backstage: Vec<BackstageItem>,
    /// Ideas for improving it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opportunities: Vec<Opportunity>,
    /// What it is for: `entry` (reach), `step` (customers are meant to pass it) or `optional` (take-up).
    /// When absent, an entry of the map is an `entry` and any other touchpoint a `step`
    /// ([`crate::Journey::role`] gives the role that applies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<TouchpointRole>,
    /// Observed, not designed: customers were seen using it in an event log while the map lacked it, and
    /// [`crate::Journey::apply`] added it as a proposal for the team to review (false, the default, for a
    /// designed touchpoint).
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub proposed: bool,
}

impl Touchpoint {
    /// A touchpoint with an id, a name, the id of its stage and its channel; everything else empty.
    pub fn new(id: impl Into<String>, name: impl Into<String>, stage: impl Into<String>, channel: Channel) -> Self {
        Touchpoint {
            id: id.into(),
            name: name.into(),
            stage: stage.into(),
            channel,
            device: None,
            owner: None,
            importance: default_importance(),
            moment_of_truth: false,
            personas: Vec::new(),
            actions: Vec::new(),
            thoughts: Vec::new(),
            expectations: Vec::new(),
            persona_expectations: BTreeMap::new(),
            emotion: None,
            persona_emotions: BTreeMap::new(),
            pain_points: Vec::new(),
            delights: Vec::new(),
            metrics: Metrics::default(),
            evidence: Vec::new(),
            backstage: Vec::new(),
            opportunities: Vec::new(),
            role: None,
            proposed: false,
        }
    }

    /// Sets the emotion (-2..=2).
    pub fn with_emotion(mut self, emotion: f64) -> Self {
        self.emotion = Some(emotion);
        self
    }

    /// Sets the owner.
    pub fn with_owner(mut self, owner: impl Into<String>) -> Self {
        self.owner = Some(owner.into());
        self
    }

    /// Sets the role: entry (reach), step (customers are meant to pass it) or optional (take-up).
    pub fn with_role(mut self, role: TouchpointRole) -> Self {
        self.role = Some(role);
        self
    }

    /// Adds a pain point.
    pub fn with_pain_point(mut self, pain: PainPoint) -> Self {
        self.pain_points.push(pain);
        self
    }

    /// Whether the touchpoint serves the persona (a touchpoint with no personas serves all).
    pub fn serves(&self, persona: &str) -> bool {
        self.personas.is_empty() || self.personas.iter().any(|p| p == persona)
    }

    /// The emotion for a persona: theirs when the map has it, the general one otherwise.
    pub fn emotion_for(&self, persona: Option<&str>) -> Option<f64> {
        persona.and_then(|p| self.persona_emotions.get(p).copied()).or(self.emotion)
    }
}

/// Something noted at a touchpoint: a pain point or a moment of delight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Moment {
    /// Id, needed when an opportunity refers to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What happens.
    pub description: String,
    /// How strong it is, 1 (mild) to 5 (severe).
    pub severity: u8,
    /// The share of customers affected, 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    /// The research behind it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// The personas it concerns, by id; none means every customer. A persona's score counts only the
    /// moments that concern them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub personas: Vec<String>,
}

impl Moment {
    /// A moment with a description and a severity.
    pub fn new(description: impl Into<String>, severity: u8) -> Self {
        Moment {
            id: None,
            description: description.into(),
            severity,
            share: None,
            evidence: Vec::new(),
            personas: Vec::new(),
        }
    }

    /// Whether it concerns `persona` (every moment concerns everyone, `None`).
    pub fn concerns(&self, persona: Option<&str>) -> bool {
        match persona {
            Some(p) => self.personas.is_empty() || self.personas.iter().any(|q| q == p),
            None => true,
        }
    }
}

/// Something that hurts the customer.
pub type PainPoint = Moment;
/// Something that delights the customer.
pub type Delight = Moment;

/// Figures measured at a touchpoint; every field is optional.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Metrics {
    /// Customers who reached it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered: Option<u64>,
    /// Customers who completed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<u64>,
    /// Satisfaction, 0 to 1 (e.g. CSAT as a share).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<f64>,
    /// Effort, 0 (effortless) to 1 (very hard), e.g. CES rescaled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<f64>,
    /// Net promoter score, -100 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nps: Option<f64>,
    /// Median time spent, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_seconds: Option<f64>,
    /// Customers whose journey started here (set by [`crate::Journey::apply`] from an event log).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts: Option<u64>,
    /// Why customers left here without converting, as an event log's reason column says (set by
    /// [`crate::Journey::apply`]): the reason of each such customer's last event, the most common first (ties by
    /// the reason's text), at most [`TOP_REASONS`]. The gaps name them beside the drop-off.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exit_reasons: Vec<ReasonCount>,
}

impl Metrics {
    /// Whether no figure is set.
    pub fn is_empty(&self) -> bool {
        self == &Metrics::default()
    }
}

/// How many reasons a drop-off lists (and [`Metrics::exit_reasons`] keeps): the 5 most common.
pub const TOP_REASONS: usize = 5;

/// A reason customers gave for leaving, and how many of them gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ReasonCount {
    /// The reason, as the log writes it (trimmed).
    pub reason: String,
    /// Customers who left with this reason.
    pub customers: u64,
}

/// Whether evidence counts or describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// Numbers: analytics, survey scores.
    Quantitative,
    /// Words and observations: interviews, reviews.
    Qualitative,
}

/// Where evidence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EvidenceSource {
    /// A survey.
    Survey,
    /// An interview.
    Interview,
    /// Product or web analytics.
    Analytics,
    /// A support ticket or call log.
    SupportTicket,
    /// A public review.
    Review,
    /// Watching customers.
    Observation,
    /// A usability test.
    UsabilityTest,
    /// Anything else.
    Other,
}

/// A piece of research that a touchpoint, pain point or delight rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Quantitative or qualitative.
    pub kind: EvidenceKind,
    /// Where it comes from.
    pub source: EvidenceSource,
    /// What it says.
    pub summary: String,
    /// A customer's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// How many customers it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_size: Option<u64>,
    /// When it was collected (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "super::date")]
    #[schemars(with = "Option<NaiveDate>")]
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    pub date: Option<NaiveDate>,
}

impl Evidence {
    /// Evidence of a kind from a source with a summary.
    pub fn new(kind: EvidenceKind, source: EvidenceSource, summary: impl Into<String>) -> Self {
        Evidence { kind, source, summary: summary.into(), quote: None, sample_size: None, date: None }
    }
}

/// The layer of a service blueprint below the line of visibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum BackstageLane {
    /// Staff the customer does not see.
    People,
    /// Internal processes.
    Process,
    /// Systems and tools.
    Technology,
    /// Rules and policies.
    Policy,
}

/// Something behind the line of visibility that makes a touchpoint work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct BackstageItem {
    /// The lane.
    pub lane: BackstageLane,
    /// What it is.
    pub description: String,
    /// Who owns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// An idea for improving a touchpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Opportunity {
    /// Id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What to do.
    pub description: String,
    /// Expected impact, 1 to 5.
    pub impact: u8,
    /// Effort to build, 1 to 5.
    pub effort: u8,
    /// How sure the team is, 0 to 1.
    pub confidence: f64,
    /// Ids of the pain points it addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<String>,
}

/// A move from one touchpoint to the next: an edge of the journey graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// Id of the touchpoint it leaves.
    pub from: String,
    /// Id of the touchpoint it reaches.
    pub to: String,
    /// Whether the map's designers expect customers to take it (true unless said otherwise).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    #[schemars(extend("default" = true))]
    pub expected: bool,
    /// Whether customers were seen taking it.
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub observed: bool,
    /// How many times it was taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// The share of customers at the source who take it, 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    /// How long it takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<DurationStats>,
}

impl Transition {
    /// An expected transition between two touchpoints, by id.
    pub fn new(from: impl Into<String>, to: impl Into<String>) -> Self {
        Transition {
            from: from.into(),
            to: to.into(),
            expected: true,
            observed: false,
            count: None,
            probability: None,
            duration: None,
        }
    }
}

/// Duration statistics of a transition, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct DurationStats {
    /// Mean.
    pub mean_seconds: f64,
    /// Median.
    pub median_seconds: f64,
    /// 95th percentile.
    pub p95_seconds: f64,
}
