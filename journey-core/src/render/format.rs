//! Small formatting helpers shared by the poster, the charts and the report.

use crate::model::JourneyKind;

/// Formats a coordinate: finite, at most two decimals, no trailing zeros.
pub(crate) fn n(v: f64) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    let r = (v * 100.0).round() / 100.0;
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_owned() }
}

pub(crate) use crate::words::count;

/// What a map of this kind is called.
pub(crate) fn kind_name(kind: JourneyKind) -> &'static str {
    match kind {
        JourneyKind::CurrentState => "Current-state journey map",
        JourneyKind::FutureState => "Future-state journey map",
        JourneyKind::DayInTheLife => "Day-in-the-life map",
        JourneyKind::ServiceBlueprint => "Service blueprint",
    }
}
