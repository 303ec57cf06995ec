#![doc = include_str!("../../README.md")]

pub mod error;
pub mod io;
pub mod model;

pub use error::{Error, Problems, Result};
pub use model::*;
