//! Dates in files: `YYYY-MM-DD`, with an error that says so.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serializer};

/// Parses `YYYY-MM-DD`.
pub(crate) fn parse(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("invalid date \"{text}\", expected a calendar date as YYYY-MM-DD"))
}

pub(crate) fn serialize<S: Serializer>(date: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => serializer.collect_str(&d.format("%Y-%m-%d")),
        None => serializer.serialize_none(),
    }
}

pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<std::borrow::Cow<'de, str>>::deserialize(deserializer)? {
        Some(text) => parse(&text).map(Some).map_err(serde::de::Error::custom),
        None => Ok(None),
    }
}
