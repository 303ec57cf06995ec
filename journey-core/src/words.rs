//! Words for people: the one place where counts, money, shares, p-values, durations and score colours are
//! put into text, so that every sentence the library writes (gap messages, score breakdowns, backlog titles,
//! the poster, the report and the CLI) reads the same way.
//!
//! The rules:
//! - a count has thousands separators and a noun that agrees with it: `1 pain point`, `2,400 customers`;
//! - money has its currency: a known currency's symbol goes before the number (`€0.95`, `$12,345.60`), any
//!   other code after it with a space (`0.95 CHF`); it has two decimals unless it is whole;
//! - a share is a percentage with at most one decimal (`12%`, `12.5%`);
//! - a p-value is `p < 0.001` below 0.001 and `p = ` with three significant digits otherwise;
//! - a duration uses the largest unit that fits (`45 s`, `3.5 min`, `2.1 h`, `3.2 days`);
//! - a score 0..100 falls in one of three bands ([`score_band`]) whose colour the poster, the report and
//!   their legends share.
//!
//! ```
//! use journey_core::words;
//! assert_eq!(words::plural(1, "pain point"), "1 pain point");
//! assert_eq!(words::plural(12_345, "opportunity"), "12,345 opportunities");
//! assert_eq!(words::quantity(0.95, Some("EUR")), "€0.95");
//! assert_eq!(words::p_value(5.31e-85), "p < 0.001");
//! assert_eq!(words::p_value(0.04567), "p = 0.0457");
//! ```

/// A whole number with thousands separators: `12,345`.
pub fn count(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The plural of an English noun phrase (its last word): `pain point` → `pain points`, `opportunity` →
/// `opportunities`, `loss` → `losses`; `evidence` and `feedback` stay as they are.
pub fn plural_noun(noun: &str) -> String {
    let last = noun.rsplit(' ').next().unwrap_or(noun);
    if matches!(last, "evidence" | "feedback" | "data" | "people" | "staff") {
        return noun.to_owned();
    }
    if last == "person" {
        return format!("{}people", &noun[..noun.len() - last.len()]);
    }
    let before_y = last.len().checked_sub(2).and_then(|i| last.as_bytes().get(i)).copied();
    if last.ends_with('y') && before_y.is_some_and(|c| !b"aeiou".contains(&c)) {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|e| last.ends_with(e)) {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

/// A count and its noun, agreeing: `1 pain point`, `0 gaps`, `1,204 customers`.
pub fn plural(n: u64, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{} {}", count(n), plural_noun(noun)) }
}

/// The most decimals [`number`] writes: an `f64` holds no more than 17 significant digits.
pub const MAX_DECIMALS: usize = 17;

/// The largest whole number a JavaScript number (or an `f64`) holds exactly: 2^53 − 1.
pub const MAX_WHOLE: f64 = 9_007_199_254_740_991.0;

/// A whole number given as a number, as JavaScript and Python give counts and numbers of decimals: `v`
/// must be a whole number in `0..=max` (at most [`MAX_WHOLE`]).
///
/// # Errors
/// [`crate::Error::Argument`] naming `name` for anything else (negative, fractional, not finite, too large).
pub fn whole(name: &str, v: f64, max: f64) -> crate::Result<u64> {
    let max = max.min(MAX_WHOLE);
    if v.is_finite() && v.fract() == 0.0 && (0.0..=max).contains(&v) {
        Ok(v as u64)
    } else {
        Err(crate::Error::Argument { name: name.into(), message: format!("{v} is not a whole number in 0..={max}") })
    }
}

/// A number with thousands separators and at most `decimals` decimals (at most [`MAX_DECIMALS`]), trailing
/// zeros dropped: `1,234.5`; `?` when it is not finite.
pub fn number(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "?".into();
    }
    let decimals = decimals.min(MAX_DECIMALS);
    let text = format!("{:.decimals$}", v.abs());
    let (whole, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let frac = frac.trim_end_matches('0');
    let whole_text = whole.parse::<u64>().map(count).unwrap_or_else(|_| whole.to_owned());
    let zero = whole.chars().all(|c| c == '0') && frac.is_empty();
    let sign = if v < 0.0 && !zero { "-" } else { "" };
    if frac.is_empty() { format!("{sign}{whole_text}") } else { format!("{sign}{whole_text}.{frac}") }
}

/// The symbol of a currency written before the number, for the codes and symbols that have one.
fn currency_symbol(unit: &str) -> Option<&'static str> {
    Some(match unit.trim().to_ascii_uppercase().as_str() {
        "EUR" | "€" => "€",
        "USD" | "$" => "$",
        "GBP" | "£" => "£",
        "JPY" | "¥" => "¥",
        "INR" | "₹" => "₹",
        _ => return None,
    })
}

/// Whether a unit names money: a currency symbol or a three-letter upper-case code (ISO 4217).
pub fn is_currency(unit: &str) -> bool {
    let u = unit.trim();
    currency_symbol(u).is_some() || (u.len() == 3 && u.chars().all(|c| c.is_ascii_uppercase()))
}

/// An amount of money: two decimals unless whole, thousands separators, the symbol before the number or the
/// code after it: `€0.95`, `€12,345.60`, `-€3`, `12.50 CHF`.
pub fn money(v: f64, currency: &str) -> String {
    if !v.is_finite() {
        return "?".into();
    }
    // From 10^15 on cents do not count (and `v * 100` may not be a finite number).
    let rounded = if v.abs() < 1e15 { (v.abs() * 100.0).round() / 100.0 } else { v.abs().round() };
    let body = if rounded >= 1e15 {
        number(rounded, 0)
    } else if rounded.fract() == 0.0 {
        count(rounded as u64)
    } else {
        let text = format!("{rounded:.2}");
        let (whole, frac) = text.split_once('.').unwrap_or((text.as_str(), "00"));
        format!("{}.{frac}", whole.parse::<u64>().map(count).unwrap_or_else(|_| whole.to_owned()))
    };
    let sign = if v < 0.0 && rounded > 0.0 { "-" } else { "" };
    match currency_symbol(currency) {
        Some(sym) => format!("{sign}{sym}{body}"),
        None => format!("{sign}{body} {}", currency.trim()),
    }
}

/// What is wrong with a map's `currency`, or `None` when it names money ([`is_currency`]): the one rule
/// that validation and every setter of the currency share.
///
/// ```
/// use journey_core::words;
/// assert_eq!(words::currency_problem("EUR"), None);
/// assert_eq!(words::currency_problem("€"), None);
/// assert!(words::currency_problem("euros").unwrap().contains("expected an ISO 4217 code")); // ok: doc example
/// ```
pub fn currency_problem(currency: &str) -> Option<String> {
    (!is_currency(currency)).then(|| {
        format!(
            "currency \"{currency}\" is not a currency, expected an ISO 4217 code of three capital letters \
             (EUR, USD, CHF) or a symbol (€, $, £, ¥, ₹)"
        )
    })
}

/// An outcome value of an event log (what the customers' conversions are worth), in the map's currency:
/// [`money`] with a currency (`€1,234.50`), else the plain number with separators and at most two decimals
/// (`1,234.5`) — the words around it then say "in value" or "value", never a unit the map does not give.
///
/// ```
/// use journey_core::words;
/// assert_eq!(words::outcome_value(1234.5, Some("EUR")), "€1,234.50");
/// assert_eq!(words::outcome_value(1234.5, Some("CHF")), "1,234.50 CHF");
/// assert_eq!(words::outcome_value(1234.5, None), "1,234.5");
/// ```
pub fn outcome_value(v: f64, currency: Option<&str>) -> String {
    match currency.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => money(v, c),
        None => number(v, 2),
    }
}

/// Whether two currencies are the same money: the same code (in any case, spaces around ignored), or a code
/// and its symbol (`EUR` and `€`).
///
/// ```
/// use journey_core::words;
/// assert!(words::same_currency("EUR", "€") && words::same_currency(" chf", "CHF"));
/// assert!(!words::same_currency("EUR", "USD"));
/// ```
pub fn same_currency(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    a.eq_ignore_ascii_case(b) || currency_symbol(a).is_some_and(|s| currency_symbol(b) == Some(s))
}

/// A return on ad spend (value credited over money spent) in the currency of both: `€4.50 per €1`, `4.5 per
/// 1 spent` without a currency; `?` when it is not finite.
///
/// ```
/// use journey_core::words;
/// assert_eq!(words::roas(4.5, Some("EUR")), "€4.50 per €1");
/// assert_eq!(words::roas(2.0, Some("CHF")), "2 CHF per 1 CHF");
/// assert_eq!(words::roas(4.5, None), "4.5 per 1 spent");
/// ```
pub fn roas(r: f64, currency: Option<&str>) -> String {
    if !r.is_finite() {
        return "?".into();
    }
    match currency.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => format!("{} per {}", money(r, c), money(1.0, c)),
        None => format!("{} per 1 spent", number(r, 2)),
    }
}

/// A change of an outcome value, as [`outcome_value`] writes it, with its sign: `+€250`, `-€3.50`,
/// `+1,234.5`, `0` (nothing to sign).
///
/// ```
/// use journey_core::words;
/// assert_eq!(words::signed_outcome_value(250.0, Some("EUR")), "+€250");
/// assert_eq!(words::signed_outcome_value(-3.5, Some("EUR")), "-€3.50");
/// assert_eq!(words::signed_outcome_value(1234.5, None), "+1,234.5");
/// assert_eq!(words::signed_outcome_value(0.001, Some("EUR")), "€0");
/// ```
pub fn signed_outcome_value(v: f64, currency: Option<&str>) -> String {
    with_sign(v, outcome_value(v, currency))
}

/// An estimated change of an outcome value, in whole units of the map's currency (an estimate has no
/// cents to trust): `+€42,400`, `-$25`, `+100` without a currency.
///
/// ```
/// use journey_core::words;
/// assert_eq!(words::estimated_value(42_399.97, Some("EUR")), "+€42,400");
/// assert_eq!(words::estimated_value(99.5, None), "+100");
/// ```
pub fn estimated_value(v: f64, currency: Option<&str>) -> String {
    signed_outcome_value(v.round(), currency)
}

/// An estimated change in conversions and in value, as the backlog, the report and the CLI say it:
/// `+2.5 conversions, +€250 in value` (`+250 in value` when the map names no currency).
///
/// ```
/// use journey_core::words;
/// assert_eq!(words::effect(2.5, 250.0, Some("EUR")), "+2.5 conversions, +€250 in value");
/// assert_eq!(words::effect(1.0, 99.4, None), "+1 conversion, +99 in value");
/// assert_eq!(words::effect(-0.26, -25.0, Some("USD")), "-0.3 conversions, -$25 in value");
/// ```
pub fn effect(conversions: f64, value: f64, currency: Option<&str>) -> String {
    let n = signed(conversions, 1);
    let noun = if n == "+1" || n == "-1" { "conversion" } else { "conversions" };
    format!("{n} {noun}, {} in value", estimated_value(value, currency))
}

/// A figure in the unit a map declares: money for a currency (`€0.95`), `31%` for `%`, `12 days` for any
/// other unit, the bare number (two decimals at most, separators) without one.
pub fn quantity(v: f64, unit: Option<&str>) -> String {
    match unit.map(str::trim) {
        Some(u) if is_currency(u) => money(v, u),
        Some("%") => format!("{}%", number(v, 2)),
        Some(u) if !u.is_empty() => format!("{} {u}", number(v, 2)),
        _ => number(v, 2),
    }
}

/// A share 0..1 as a percentage with at most one decimal: `12%`, `12.5%`, `?` when not finite.
pub fn percent(share: f64) -> String {
    if !share.is_finite() {
        return "?".into();
    }
    let p = (share * 1000.0).round() / 10.0;
    if p.fract() == 0.0 { format!("{p:.0}%") } else { format!("{p:.1}%") }
}

/// A p-value the one way the library writes it: `p < 0.001` below 0.001, else `p = ` with three
/// significant digits (`p = 0.0457`, `p = 0.5`).
pub fn p_value(p: f64) -> String {
    if !p.is_finite() {
        return "p = ?".into();
    }
    if p < 0.001 {
        return "p < 0.001".into();
    }
    let p = p.min(1.0);
    let digits = (2 - p.log10().floor() as i32).max(0) as usize;
    let text = format!("{p:.digits$}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
    format!("p = {text}")
}

/// A duration in milliseconds with the largest unit that fits and at most one decimal: `850 ms`, `45 s`,
/// `3.5 min`, `2.1 h`, `3.2 days`.
pub fn duration_ms(ms: f64) -> String {
    if !ms.is_finite() {
        return "?".into();
    }
    let a = ms.abs();
    let (v, unit) = if a < 1_000.0 {
        (ms, "ms")
    } else if a < 60_000.0 {
        (ms / 1_000.0, "s")
    } else if a < 3_600_000.0 {
        (ms / 60_000.0, "min")
    } else if a < 86_400_000.0 {
        (ms / 3_600_000.0, "h")
    } else {
        let days = ms / 86_400_000.0;
        let text = number(days, 1);
        return if text == "1" { "1 day".into() } else { format!("{text} days") };
    };
    format!("{} {unit}", number(v, 1))
}

/// A point in time given in nanoseconds since 1970-01-01T00:00:00Z, as ISO 8601 text in UTC to the second
/// (`2026-03-01T10:15:00Z`), with as many digits of fraction as it needs in threes: milliseconds
/// (`2026-03-01T10:15:00.250Z`), microseconds or nanoseconds (`2026-03-01T10:15:00.000000001Z`). Every
/// `i64` is a time, from 1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z.
pub fn instant(ns: i64) -> String {
    let t = chrono::DateTime::from_timestamp_nanos(ns);
    let format = match ns.rem_euclid(1_000_000_000) {
        0 => "%Y-%m-%dT%H:%M:%SZ",
        f if f % 1_000_000 == 0 => "%Y-%m-%dT%H:%M:%S%.3fZ",
        f if f % 1_000 == 0 => "%Y-%m-%dT%H:%M:%S%.6fZ",
        _ => "%Y-%m-%dT%H:%M:%S%.9fZ",
    };
    t.format(format).to_string()
}

/// One band of the score scale: what it is called, its colour, the colour of text on it and its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreBand {
    /// `poor`, `fair` or `good`.
    pub name: &'static str,
    /// The fill colour, `#rrggbb`.
    pub colour: &'static str,
    /// A text colour that reads on the fill.
    pub ink: &'static str,
    /// The range in words, as the legends say it: `below 40`, `40 to 69`, `70 or more`.
    pub range: &'static str,
}

/// The three bands of the score scale, worst first, as the legends list them.
pub const SCORE_BANDS: [ScoreBand; 3] = [
    ScoreBand { name: "poor", colour: "#d64545", ink: "#ffffff", range: "below 40" },
    ScoreBand { name: "fair", colour: "#f0a830", ink: "#1d2733", range: "40 to 69" },
    ScoreBand { name: "good", colour: "#2e9e57", ink: "#ffffff", range: "70 or more" },
];

/// The band a score 0..100 falls in, rounded as it is shown (69.6 shows as 70 and is good); a score that is
/// not a number is fair.
pub fn score_band(score: f64) -> ScoreBand {
    let v = if score.is_finite() { score.round() } else { 50.0 };
    if v < 40.0 {
        SCORE_BANDS[0]
    } else if v < 70.0 {
        SCORE_BANDS[1]
    } else {
        SCORE_BANDS[2]
    }
}

/// A change as [`number`] writes it, with its sign: `+36.9`, `-17.8`, `0` (nothing to sign).
///
/// ```
/// use journey_core::words;
/// assert_eq!(words::signed(36.876, 1), "+36.9");
/// assert_eq!(words::signed(-1234.6, 0), "-1,235");
/// assert_eq!(words::signed(0.01, 1), "0");
/// ```
pub fn signed(v: f64, decimals: usize) -> String {
    with_sign(v, number(v, decimals))
}

/// `text` (the writing of `v`) with a `+` before it when `v` is positive and shows as more than zero.
fn with_sign(v: f64, text: String) -> String {
    if v > 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') { format!("+{text}") } else { text }
}

/// The reasons customers gave for leaving, most first, the first with its noun: `"too expensive" (12
/// customers), "shipping cost" (5)`; empty for none.
///
/// ```
/// use journey_core::analytics::ReasonCount;
/// use journey_core::words;
/// let r = |reason: &str, customers| ReasonCount { reason: reason.into(), customers };
/// assert_eq!(words::reasons(&[r("too expensive", 1_204), r("E402", 5)]), "\"too expensive\" (1,204 customers), \"E402\" (5)");
/// assert_eq!(words::reasons(&[r("E402", 1)]), "\"E402\" (1 customer)");
/// assert_eq!(words::reasons(&[]), "");
/// ```
pub fn reasons(list: &[crate::model::ReasonCount]) -> String {
    list.iter()
        .enumerate()
        .map(|(i, r)| {
            let n = if i == 0 { plural(r.customers, "customer") } else { count(r.customers) };
            format!("\"{}\" ({n})", r.reason)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where a piece of evidence comes from, in words: `interview`, `support ticket`, `usability test`.
pub fn evidence_source(source: crate::model::EvidenceSource) -> &'static str {
    use crate::model::EvidenceSource as S;
    match source {
        S::Survey => "survey",
        S::Interview => "interview",
        S::Analytics => "analytics",
        S::SupportTicket => "support ticket",
        S::Review => "review",
        S::Observation => "observation",
        S::UsabilityTest => "usability test",
        S::Other => "other research",
    }
}

/// What a piece of evidence is, for a line under a quote: its source, its kind, how many customers it
/// covers and when it was collected, as far as the map says: `interview, qualitative, 12 customers,
/// 2026-01-15`.
///
/// ```
/// use journey_core::{Evidence, EvidenceKind, EvidenceSource, words};
/// let mut e = Evidence::new(EvidenceKind::Qualitative, EvidenceSource::SupportTicket, "Address form");
/// assert_eq!(words::evidence(&e), "support ticket, qualitative");
/// e.sample_size = Some(1_204);
/// assert_eq!(words::evidence(&e), "support ticket, qualitative, 1,204 customers");
/// ```
pub fn evidence(e: &crate::model::Evidence) -> String {
    let kind = match e.kind {
        crate::model::EvidenceKind::Quantitative => "quantitative",
        crate::model::EvidenceKind::Qualitative => "qualitative",
    };
    let mut parts = vec![evidence_source(e.source).to_owned(), kind.to_owned()];
    if let Some(n) = e.sample_size {
        parts.push(plural(n, "customer"));
    }
    if let Some(d) = e.date {
        parts.push(d.format("%Y-%m-%d").to_string());
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_from_bindings_are_checked() {
        assert_eq!(whole("n", 12.0, MAX_WHOLE).unwrap(), 12); // ok: unit test
        for bad in [-1.0, 1.5, f64::NAN, f64::INFINITY, 1e300] {
            let e = whole("n", bad, MAX_WHOLE).unwrap_err();
            assert!(e.to_string().starts_with("n: "), "{e}");
        }
        assert!(whole("decimals", 18.0, MAX_DECIMALS as f64).is_err());
        // More decimals than an f64 holds are not written (and do not allocate).
        assert_eq!(number(0.5, usize::MAX), "0.5");
    }

    #[test]
    fn counts_and_plurals() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(plural(1, "pain point"), "1 pain point");
        assert_eq!(plural(0, "gap"), "0 gaps");
        assert_eq!(plural(2, "opportunity"), "2 opportunities");
        assert_eq!(plural(3, "day"), "3 days");
        assert_eq!(plural(2, "loss"), "2 losses");
        assert_eq!(plural(2, "switch"), "2 switches");
        assert_eq!(plural(5, "evidence"), "5 evidence");
        assert_eq!(plural(2, "person"), "2 people");
        assert_eq!(plural(14_500, "customer"), "14,500 customers");
    }

    #[test]
    fn money_has_its_currency_and_separators() {
        assert_eq!(money(0.95, "EUR"), "€0.95");
        assert_eq!(money(12_345.6, "EUR"), "€12,345.60");
        assert_eq!(money(3.0, "USD"), "$3");
        assert_eq!(money(-3.0, "GBP"), "-£3");
        assert_eq!(money(12.5, "CHF"), "12.50 CHF");
        assert_eq!(money(0.001, "EUR"), "€0");
        assert_eq!(money(1e307, "EUR"), format!("€{}", number(1e307, 0)));
        assert_eq!(money(-2e15, "USD"), "-$2,000,000,000,000,000");
        assert_eq!(quantity(0.95, Some("EUR")), "€0.95");
        assert_eq!(quantity(31.0, Some("%")), "31%");
        assert_eq!(quantity(2.5, Some("days")), "2.5 days");
        assert_eq!(quantity(12_000.0, None), "12,000");
        assert!(is_currency("SEK") && !is_currency("days") && !is_currency("%"));
    }

    #[test]
    fn outcome_values_are_money_with_a_currency_and_plain_numbers_without() {
        assert_eq!(outcome_value(12_345.678, Some("EUR")), "€12,345.68");
        assert_eq!(outcome_value(250.0, Some("EUR")), "€250");
        assert_eq!(outcome_value(12.5, Some(" CHF ")), "12.50 CHF");
        assert_eq!(outcome_value(-3.0, Some("$")), "-$3");
        assert_eq!(outcome_value(12_345.678, None), "12,345.68");
        assert_eq!(outcome_value(12_345.678, Some("")), "12,345.68");
        assert_eq!(outcome_value(f64::NAN, Some("EUR")), "?");
        assert_eq!(outcome_value(f64::INFINITY, None), "?");
        assert_eq!(signed_outcome_value(1_500.0, Some("GBP")), "+£1,500");
        assert_eq!(signed_outcome_value(0.004, Some("GBP")), "£0");
        assert_eq!(signed_outcome_value(-0.004, None), "0");
        assert_eq!(signed_outcome_value(-1_234.5, None), "-1,234.5");
        assert_eq!(estimated_value(-0.4, Some("EUR")), "€0");
        assert_eq!(estimated_value(-0.4, None), "0");
        assert_eq!(effect(36.876, 3_687.6, Some("EUR")), "+36.9 conversions, +€3,688 in value");
        assert_eq!(effect(36.876, 3_687.6, None), "+36.9 conversions, +3,688 in value");
        assert_eq!(effect(1.0, 80.0, Some("SEK")), "+1 conversion, +80 SEK in value");
        assert_eq!(effect(-1.0, -80.0, None), "-1 conversion, -80 in value");
        assert_eq!(effect(0.0, 0.0, Some("EUR")), "0 conversions, €0 in value");
    }

    #[test]
    fn a_currency_is_a_code_or_a_symbol() {
        for ok in ["EUR", "CHF", "€", "$", " USD ", "eur"] {
            assert_eq!(currency_problem(ok), None, "{ok}");
        }
        for bad in ["euros", "EURO", "", " ", "12%", "E1R"] {
            let p = currency_problem(bad).unwrap_or_else(|| panic!("{bad:?} is no currency")); // ok: unit test
            assert!(p.starts_with(&format!("currency \"{bad}\" is not a currency, expected")), "{p}");
        }
    }

    #[test]
    fn shares_p_values_and_durations() {
        assert_eq!(percent(0.12), "12%");
        assert_eq!(percent(0.125), "12.5%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(f64::NAN), "?");
        assert_eq!(p_value(0.0), "p < 0.001");
        assert_eq!(p_value(5.31e-85), "p < 0.001");
        assert_eq!(p_value(0.000_999), "p < 0.001");
        assert_eq!(p_value(0.001), "p = 0.001");
        assert_eq!(p_value(0.012_34), "p = 0.0123");
        assert_eq!(p_value(0.5), "p = 0.5");
        assert_eq!(p_value(0.123_456), "p = 0.123");
        assert_eq!(p_value(1.0), "p = 1");
        assert_eq!(instant(1_772_360_100_000_000_000), "2026-03-01T10:15:00Z");
        assert_eq!(instant(1_772_360_100_250_000_000), "2026-03-01T10:15:00.250Z");
        assert_eq!(instant(1_772_360_100_000_250_000), "2026-03-01T10:15:00.000250Z");
        assert_eq!(instant(-1), "1969-12-31T23:59:59.999999999Z");
        assert_eq!(instant(i64::MIN), "1677-09-21T00:12:43.145224192Z");
        assert_eq!(instant(i64::MAX), "2262-04-11T23:47:16.854775807Z");
        assert_eq!(duration_ms(850.0), "850 ms");
        assert_eq!(duration_ms(45_000.0), "45 s");
        assert_eq!(duration_ms(210_000.0), "3.5 min");
        assert_eq!(duration_ms(86_400_000.0), "1 day");
        assert_eq!(duration_ms(3.0 * 86_400_000.0), "3 days");
    }

    #[test]
    fn score_bands_meet_at_the_shown_figure() {
        assert_eq!(score_band(0.0).name, "poor");
        assert_eq!(score_band(39.4).name, "poor");
        assert_eq!(score_band(39.5).name, "fair");
        assert_eq!(score_band(69.6).name, "good");
        assert_eq!(score_band(100.0).colour, "#2e9e57");
        assert_eq!(score_band(f64::NAN).name, "fair");
    }
}
