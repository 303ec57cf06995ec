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

/// Escapes text for XML and HTML alike (text and attribute values) and drops the characters XML 1.0 does not
/// allow; tabs and line breaks become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
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
