#![doc = include_str!("../../README.md")]

#[cfg(feature = "analytics")]
pub mod analytics;
pub mod backlog;
pub mod binding;
pub mod diff;
pub mod error;
pub mod gaps;
pub mod io;
pub mod model;
mod names;
#[cfg(feature = "analytics")]
pub mod parallel;
#[cfg(feature = "render")]
pub mod render;
pub mod score;
pub mod words;

pub use backlog::{BacklogItem, BacklogKind, BacklogSource};
pub use diff::{Change, JourneyDiff, diff};
pub use error::{Error, ErrorColumn, ErrorKind, ErrorLocation, Problems, Result};
pub use gaps::{Gap, GapKind, Location};
#[cfg(feature = "excel")]
pub use io::xlsx::XlsxOptions;
pub use model::*;
pub use score::{
    Component, JourneyScore, Score, ScoringModel, StageScore, StageWeighting, Thresholds, TouchpointScore, Weights,
};
