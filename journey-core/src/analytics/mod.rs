//! Analytics from event logs: what customers really did, where they dropped off, which touchpoints earn the
//! conversions, how far reality follows the designed map, and what changed between two logs.
//!
//! A log is read from CSV ([`EventLog::from_csv_reader`]), from columns in memory
//! ([`EventLog::from_columns`]), with the `arrow` feature from Arrow record batches (`EventLog::from_arrow`)
//! and with the `parquet` feature from Parquet files (`EventLog::load_parquet`).
//!
//! ```
//! use journey_core::analytics::{AttributionModel, EventColumns, EventLog};
//!
//! let csv = "customer_id,timestamp,touchpoint,converted\n\
//!            a,2026-03-01T10:00:00Z,ad,0\n\
//!            a,2026-03-01T10:05:00Z,site,0\n\
//!            a,2026-03-01T10:09:00Z,checkout,1\n\
//!            b,2026-03-02T09:00:00Z,site,0\n";
//! let columns = EventColumns { outcome: Some("converted".into()), ..EventColumns::default() };
//! let log = EventLog::from_csv_str(csv, &columns)?;
//! let found = log.discover();
//! assert_eq!(found.transitions[0].count, 1);
//! assert_eq!(log.funnel(&["site", "checkout"])?.steps[1].customers, 1);
//! let markov = log.attribution(AttributionModel::Markov { order: 1 }, true)?;
//! assert_eq!(markov.conversions, 1);
//! # Ok::<(), journey_core::Error>(())
//! ```

mod anchor;
mod apply;
#[cfg(feature = "arrow")]
mod arrow;
mod attribution;
mod bootstrap;
mod chain;
mod cohorts;
mod columns;
mod compare;
pub(crate) mod conformance;
mod cost;
mod csv;
mod dfg;
mod discover;
mod durations;
mod funnel;
mod log;
mod markov;
#[cfg(feature = "parquet")]
mod parquet;
mod partial;
mod paths;
mod progress;
mod row;
mod select;
mod shapley;
mod stats;
mod sum;
mod time;
mod views;
mod what_if;
mod wire;

pub use anchor::{CustomerPath, JOURNEY_SEPARATOR, JourneyOptions};
pub use apply::{Applied, CONVERSIONS_PER_CUSTOMER, REPEAT_PURCHASE_RATE};
pub use attribution::{
    Attribution, AttributionModel, AttributionModelName, AttributionOptions, AttributionPartial, AttributionRow,
    ModelParameters,
};
pub use bootstrap::{AttributionInterval, AttributionIntervals, BootstrapOptions, SplitMix64};
pub use chain::{
    CONVERSION_STATE, MAX_MARKOV_ORDER, MarkovTransition, NULL_STATE, OrderFit, OrderSelection, OrderSelectionOptions,
    START_STATE, STATE_SEPARATOR, TransitionMatrix, TransitionMatrixOptions,
};
pub use cohorts::{Cohort, CohortOptions, CohortPeriod, Cohorts, Retained};
pub use columns::{EventChunk, EventField, NumberColumn, TextColumn, ValueError};
pub use compare::{CompareInputs, CompareOptions, Comparison, ShareChange, ShareTest};
pub use conformance::{Conformance, CustomerFitness, Loops, PathCount};
pub use cost::{Cost, CostOptions, CostRow, MIN_SPEND, Spend, spend_amount, spend_entry};
pub use csv::{
    ColumnPositions, EpochUnit, EventColumns, MAX_CSV_BYTES, MAX_OUTCOME, MAX_TIMESTAMP_NS, MIN_TIMESTAMP_NS,
    OUTCOME_EXPECTED, TIMESTAMP_FORMS, TIMESTAMP_RANGE, check_csv_size, epoch_integer_to_ns, epoch_ticks_to_ns,
    epoch_to_ns, is_outcome, parse_outcome, parse_timestamp, timestamp_in_range,
};
pub use dfg::{Dfg, DfgCounts};
pub use discover::{
    Discovery, DropOff, Observations, ReasonCount, TOP_REASONS, TouchpointCount, TransitionStats, Variant,
    VariantTable, Visits,
};
pub use durations::{Durations, MAX_DURATIONS};
pub use funnel::{Funnel, FunnelCounts, FunnelOptions, FunnelStep, check_funnel_steps, steps_wrong_type};
pub use log::{Event, EventLog, EventLogBuilder, NO_SEQUENCE, TieOrder};
#[doc(hidden)]
pub use markov::with_markov_limits;
pub use markov::{MARKOV_TOLERANCE, MAX_ITERATION_WORK};
pub use markov::{MAX_COMPONENT_STATES, MAX_REMOVAL_WORK};
pub use partial::{
    ANALYSIS_KINDS, Analysis, Finding, Finished, MAX_PARTIAL_EVENTS, PARTIAL_FORMAT_VERSION, PARTIAL_MAGIC, Partial,
    Request, merge_all,
};
pub use paths::{
    DEFAULT_PATH_STEPS, DEFAULT_PATH_TOP, MAX_PATH_STEPS, PathAnchor, PathFlow, PathMarker, PathNode, PathSequence,
    PathsAround, PathsOptions, PathsOther,
};
pub use progress::Progress;
pub use row::{EventValues, Outcome, Sequence, Timestamp, timestamp_argument};
pub use select::{DidThenOptions, SelectOptions};
pub use shapley::PositionCredit;
pub use time::{SurvivalStep, TimeToConvert, TimeToConvertOptions};
pub use views::{
    DEFAULT_SESSION_TIMEOUT_MINUTES, Dimension, NO_VALUE, SessionOptions, SessionsFrom, SwitchGroup, SwitchPair,
    Switches,
};
pub(crate) use what_if::{Changed, Paths};
pub use what_if::{MAX_WHAT_IF_CHANGES, WhatIf, WhatIfChange, WhatIfEffect};
