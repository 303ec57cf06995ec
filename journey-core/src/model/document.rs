//! The file form of a journey.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::channel::JourneyKind;
use super::parts::{Persona, Stage, Touchpoint, Transition};

/// The schema version this library reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// A journey as it is stored: plain lists that refer to each other by id.
///
/// A `Journey` is built from a document (after validation) and turned back into one to be saved; the two
/// carry the same information.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
#[schemars(title = "journey", description = "A customer journey map (journey file format).")]
pub struct Document {
    /// The file format version; this library reads and writes 1.
    pub schema_version: u32,
    /// Unique id of the journey.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the map covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What the map describes.
    #[serde(default)]
    pub kind: JourneyKind,
    /// For a future-state map: the id of the current-state map it changes, so that the two can be
    /// compared (`diff`). Without it a future-state map gets a `no_current_state` gap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_state: Option<String>,
    /// When the map was last reviewed against evidence (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "super::date")]
    #[schemars(with = "Option<NaiveDate>")]
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    pub reviewed_on: Option<NaiveDate>,
    /// The currency of outcome values (an ISO 4217 code such as `EUR`, or a symbol such as `€`): what the
    /// value of the event log's conversions is written in, in the backlog's estimated effects, the
    /// attribution and the report. Without it values are plain numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Who the customers are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub personas: Vec<Persona>,
    /// The columns of the map, in order.
    #[serde(default)]
    pub stages: Vec<Stage>,
    /// The touchpoints; within a stage they keep this order.
    #[serde(default)]
    pub touchpoints: Vec<Touchpoint>,
    /// The moves between touchpoints.
    #[serde(default)]
    pub transitions: Vec<Transition>,
    /// Ids of the touchpoints where journeys start.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<String>,
    /// Ids of the goal (conversion) touchpoints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<String>,
}

impl Document {
    /// An empty document with an id and a name.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Document {
            schema_version: SCHEMA_VERSION,
            id: id.into(),
            name: name.into(),
            description: None,
            kind: JourneyKind::default(),
            current_state: None,
            reviewed_on: None,
            currency: None,
            personas: Vec::new(),
            stages: Vec::new(),
            touchpoints: Vec::new(),
            transitions: Vec::new(),
            entries: Vec::new(),
            goals: Vec::new(),
        }
    }

    /// Every problem of the document; see [`problems`](super::validate::problems).
    pub fn problems(&self) -> Vec<super::Problem> {
        super::validate::problems(self)
    }
}
