//! The journey model: stages, touchpoints, transitions, personas and what hangs off them.

pub(crate) mod back_moves;
mod builder;
mod channel;
pub(crate) mod date;
mod document;
mod journey;
mod parts;
pub mod validate;

pub use builder::JourneyBuilder;
pub use channel::{Channel, Device, JourneyKind, UnknownChannel};
pub use document::{Document, SCHEMA_VERSION};
#[cfg(feature = "analytics")]
pub(crate) use journey::known_ids;
pub use journey::{Journey, STANDARD_STAGES, TouchpointId, TransitionId};
pub use parts::{
    BackstageItem, BackstageLane, Delight, Demographics, DurationStats, Evidence, EvidenceKind, EvidenceSource, Kpi,
    Metrics, Moment, Opportunity, PainPoint, Persona, ReasonCount, Stage, TOP_REASONS, Touchpoint, TouchpointRole,
    Transition,
};
pub use validate::{Problem, ProblemKind};
