//! Event logs from CSV.

use std::io::Read;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::log::{Event, EventLog, EventLogBuilder};
use crate::error::{Error, Result};

/// Which columns of a CSV file (or table) hold what. Only customer, timestamp and touchpoint are needed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct EventColumns {
    /// Customer id column (default `customer_id`).
    pub customer: String,
    /// Timestamp column (default `timestamp`): ISO 8601 / RFC 3339 with or without an offset (no offset
    /// means UTC), a date alone, or epoch seconds or milliseconds (numbers of 11 or more digits before any
    /// decimal point are milliseconds).
    pub timestamp: String,
    /// Touchpoint id column (default `touchpoint`).
    pub touchpoint: String,
    /// Channel column, if any.
    pub channel: Option<String>,
    /// Device column, if any.
    pub device: Option<String>,
    /// Session column, if any.
    pub session: Option<String>,
    /// Segment column, if any.
    pub segment: Option<String>,
    /// Outcome column, if any: a flag (`1`/`0`, `true`/`false`, `yes`/`no`) or a value (a number from 0 to [`MAX_OUTCOME`]).
    pub outcome: Option<String>,
}

impl Default for EventColumns {
    fn default() -> Self {
        EventColumns {
            customer: "customer_id".into(),
            timestamp: "timestamp".into(),
            touchpoint: "touchpoint".into(),
            channel: None,
            device: None,
            session: None,
            segment: None,
            outcome: None,
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    b.iter().try_fold(0i64, |acc, d| acc.checked_mul(10)?.checked_add(i64::from(d - b'0')))
}

/// Parses a timestamp to milliseconds since the epoch; `None` when it is not one of the accepted forms.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let s = text.trim().as_bytes();
    if s.is_empty() {
        return None;
    }
    // Epoch seconds or milliseconds, maybe with a fraction and a sign.
    if s.iter().all(|c| c.is_ascii_digit() || *c == b'.' || *c == b'-') && !(s.len() >= 10 && s.get(4) == Some(&b'-')) {
        let (neg, body) = if s[0] == b'-' { (true, &s[1..]) } else { (false, s) };
        let (int, frac) = match body.iter().position(|c| *c == b'.') {
            Some(i) => (&body[..i], &body[i + 1..]),
            None => (body, &b""[..]),
        };
        let whole = digits(int)?;
        let frac_value: f64 =
            if frac.is_empty() { 0.0 } else { digits(frac)? as f64 / 10f64.powi(i32::try_from(frac.len()).ok()?) };
        let ms = if int.len() >= 11 { whole as f64 + frac_value } else { (whole as f64 + frac_value) * 1000.0 };
        let ms = ms.round();
        if !ms.is_finite() || ms.abs() > 8.64e15 {
            return None;
        }
        return Some(if neg { -(ms as i64) } else { ms as i64 });
    }
    // YYYY-MM-DD[(T| )HH:MM[:SS[.fff...]]][Z|(+|-)HH[:]MM]
    if s.len() < 10 || s[4] != b'-' || s[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(&s[0..4])?, digits(&s[5..7])?, digits(&s[8..10])?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
        return None;
    }
    let mut ms = days_from_civil(y, m, d) * 86_400_000;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(ms);
    }
    if !(rest[0] == b'T' || rest[0] == b't' || rest[0] == b' ') || rest.len() < 6 || rest[3] != b':' {
        return None;
    }
    let (hh, mm) = (digits(&rest[1..3])?, digits(&rest[4..6])?);
    let mut i = 6;
    let mut ss = 0;
    let mut millis = 0i64;
    if rest.get(i) == Some(&b':') {
        ss = digits(rest.get(i + 1..i + 3)?)?;
        i += 3;
        if rest.get(i) == Some(&b'.') || rest.get(i) == Some(&b',') {
            let start = i + 1;
            let mut end = start;
            while end < rest.len() && rest[end].is_ascii_digit() {
                end += 1;
            }
            let frac = &rest[start..end];
            if frac.is_empty() {
                return None;
            }
            let first3: Vec<u8> = frac.iter().copied().chain(std::iter::repeat(b'0')).take(3).collect();
            millis = digits(&first3)?;
            i = end;
        }
    }
    if hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    ms += ((hh * 60 + mm) * 60 + ss) * 1000 + millis;
    let zone = &rest[i..];
    let offset_min = match zone {
        [] | [b'Z'] | [b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
            let oh = digits(&[*h1, *h2])?;
            let om = digits(&[*m1, *m2])?;
            let v = oh * 60 + om;
            if *sign == b'+' { v } else { -v }
        }
        [sign @ (b'+' | b'-'), h1, h2] => {
            let v = digits(&[*h1, *h2])? * 60;
            if *sign == b'+' { v } else { -v }
        }
        _ => return None,
    };
    Some(ms - offset_min * 60_000)
}

/// Epoch seconds or milliseconds given as a number, by the rule of text timestamps: a magnitude of 10^10 or
/// more (11 or more digits before the point) is milliseconds, anything smaller seconds. `None` for NaN,
/// infinities and times more than 100 million days from the epoch.
pub fn epoch_to_ms(value: f64) -> Option<i64> {
    if !value.is_finite() {
        return None;
    }
    let a = value.abs();
    let ms = if a.trunc() >= 1e10 { a } else { a * 1000.0 }.round();
    if ms > 8.64e15 {
        return None;
    }
    let ms = ms as i64;
    Some(if value < 0.0 { -ms } else { ms })
}

/// The largest outcome value an event log takes: 10^15. Far below it every sum over a log (up to 2^32
/// events) is exact in attribution and stays far from overflow, and a value keeps cents (its resolution
/// at 10^15 is 1/8).
pub const MAX_OUTCOME: f64 = 1e15;

/// Whether `v` is an outcome an event log takes: a number from 0 to [`MAX_OUTCOME`].
pub(crate) fn is_outcome(v: f64) -> bool {
    (0.0..=MAX_OUTCOME).contains(&v)
}

/// Reads an outcome: a flag (`1`/`0`, `true`/`false`, `yes`/`no`, `y`/`n`, empty for no) or a value (a
/// number from 0 to [`MAX_OUTCOME`]). `None` for anything else.
pub fn parse_outcome(text: &str) -> Option<f64> {
    let t = text.trim();
    match t.to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "n" => Some(0.0),
        "true" | "yes" | "y" => Some(1.0),
        _ => t.parse::<f64>().ok().filter(|v| is_outcome(*v)),
    }
}

/// Where each column named by [`EventColumns`] is in a table: an index into the header, or `None` for an
/// optional column the caller did not name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnPositions {
    /// The customer id column.
    pub customer: usize,
    /// The timestamp column.
    pub timestamp: usize,
    /// The touchpoint column.
    pub touchpoint: usize,
    /// The channel column.
    pub channel: Option<usize>,
    /// The device column.
    pub device: Option<usize>,
    /// The session column.
    pub session: Option<usize>,
    /// The segment column.
    pub segment: Option<usize>,
    /// The outcome column.
    pub outcome: Option<usize>,
}

impl EventColumns {
    /// The names of the columns the log reads: customer, timestamp, touchpoint and those of the optional
    /// columns that are named.
    pub fn names(&self) -> Vec<&str> {
        let optional = [&self.channel, &self.device, &self.session, &self.segment, &self.outcome];
        [&self.customer, &self.timestamp, &self.touchpoint]
            .into_iter()
            .map(String::as_str)
            .chain(optional.into_iter().filter_map(|n| n.as_deref()))
            .collect()
    }

    /// Finds each named column in a header (names compared after trimming). O(columns²), for a header.
    ///
    /// # Errors
    /// The name of the first column the header does not have.
    pub fn positions<S: AsRef<str>>(&self, header: &[S]) -> std::result::Result<ColumnPositions, String> {
        let find = |want: &str| header.iter().position(|h| h.as_ref().trim() == want).ok_or_else(|| want.to_owned());
        let optional = |want: &Option<String>| want.as_deref().map(find).transpose();
        Ok(ColumnPositions {
            customer: find(&self.customer)?,
            timestamp: find(&self.timestamp)?,
            touchpoint: find(&self.touchpoint)?,
            channel: optional(&self.channel)?,
            device: optional(&self.device)?,
            session: optional(&self.session)?,
            segment: optional(&self.segment)?,
            outcome: optional(&self.outcome)?,
        })
    }
}

/// Parses the data rows in `data` (no header), whose first line is line `first_line` of the file, into a
/// builder.
fn parse_rows(
    data: &[u8],
    first_line: u64,
    width: usize,
    at: ColumnPositions,
    columns: &EventColumns,
) -> Result<EventLogBuilder> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(data);
    let mut builder = EventLogBuilder::new();
    if at.outcome.is_some() {
        builder = builder.with_outcome_column();
    }
    let mut record = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = first_line + e.position().map_or(1, |p| p.line()) - 1;
                return Err(Error::Csv { line, column: None, message: e.to_string() });
            }
        }
        let line = first_line + record.position().map_or(1, |p| p.line()) - 1;
        if record.len() != width {
            if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
                continue; // a blank line
            }
            return Err(Error::Csv {
                line,
                column: None,
                message: format!("the row has {} fields, expected {} as in the header", record.len(), width),
            });
        }
        let field = |i: usize, name: &str| -> Result<&str> {
            std::str::from_utf8(record.get(i).unwrap_or_default()).map_err(|e| Error::Csv {
                line,
                column: Some(name.to_owned()),
                message: format!("not valid UTF-8 (invalid byte at offset {} of the field)", e.valid_up_to()),
            })
        };
        let opt = |i: Option<usize>, name: &Option<String>| -> Result<Option<&str>> {
            match (i, name) {
                (Some(i), Some(n)) => field(i, n).map(Some),
                _ => Ok(None),
            }
        };
        let customer = field(at.customer, &columns.customer)?;
        if customer.trim().is_empty() {
            return Err(Error::Csv {
                line,
                column: Some(columns.customer.clone()),
                message: "customer id is empty, expected an id".into(),
            });
        }
        let touchpoint = field(at.touchpoint, &columns.touchpoint)?;
        if touchpoint.trim().is_empty() {
            return Err(Error::Csv {
                line,
                column: Some(columns.touchpoint.clone()),
                message: "touchpoint is empty, expected a touchpoint id".into(),
            });
        }
        let ts_text = field(at.timestamp, &columns.timestamp)?;
        let timestamp_ms = parse_timestamp(ts_text).ok_or_else(|| Error::Csv {
            line,
            column: Some(columns.timestamp.clone()),
            message: format!(
                "cannot read \"{ts_text}\" as a timestamp, expected ISO 8601 (2026-03-01T10:15:00Z, with or without an offset), a date, or epoch seconds or milliseconds"
            ),
        })?;
        let outcome = match opt(at.outcome, &columns.outcome)? {
            Some(text) => Some(parse_outcome(text).ok_or_else(|| Error::Csv {
                line,
                column: columns.outcome.clone(),
                message: format!(
                    "cannot read \"{text}\" as an outcome, expected 1/0, true/false, yes/no or a number from 0 to 1e15"
                ),
            })?),
            None => None,
        };
        builder.push(&Event {
            customer: customer.trim(),
            timestamp_ms,
            touchpoint: touchpoint.trim(),
            channel: opt(at.channel, &columns.channel)?,
            device: opt(at.device, &columns.device)?,
            session: opt(at.session, &columns.session)?,
            segment: opt(at.segment, &columns.segment)?,
            outcome,
        });
    }
    Ok(builder)
}

/// Cuts `data` into about `parts` pieces at line ends that are not inside a quoted field. Data without a
/// quote character needs no quote tracking; otherwise the quote state is carried from cut to cut.
fn split_rows(data: &[u8], parts: usize) -> Vec<std::ops::Range<usize>> {
    let quoted = memchr::memchr(b'"', data).is_some();
    let mut cuts = vec![0usize];
    let step = data.len() / parts.max(1);
    let mut in_quotes = false;
    let mut at = 0;
    for k in 1..parts {
        let target = k * step;
        if target <= at {
            continue;
        }
        let end = if quoted {
            in_quotes ^= memchr::memchr_iter(b'"', &data[at..target]).count() % 2 == 1;
            let mut i = target;
            while i < data.len() {
                match data[i] {
                    b'"' => in_quotes = !in_quotes,
                    b'\n' if !in_quotes => break,
                    _ => {}
                }
                i += 1;
            }
            i
        } else {
            memchr::memchr(b'\n', &data[target..]).map_or(data.len(), |i| target + i)
        };
        if end >= data.len() {
            break;
        }
        at = end + 1;
        cuts.push(at);
    }
    cuts.push(data.len());
    cuts.dedup();
    cuts.windows(2).map(|w| w[0]..w[1]).collect()
}

impl EventLog {
    /// Reads an event log from CSV (a header row, then one event per row). `progress`, when given, is called
    /// with the bytes read so far about every 4 MiB and at the end. Large inputs are parsed on all cores. An
    /// input with no rows is an empty log.
    ///
    /// # Errors
    /// [`Error::Csv`] naming the line and column: a missing column (line 1), an unparsable timestamp, an
    /// empty customer id or touchpoint, an outcome that is not a flag or a number from 0 to 1e15, a row of the wrong
    /// length, bytes that are not UTF-8; [`Error::Io`] when reading fails.
    pub fn from_csv_reader(
        mut reader: impl Read,
        columns: &EventColumns,
        mut progress: Option<&mut dyn FnMut(u64)>,
    ) -> Result<EventLog> {
        let mut bytes = Vec::new();
        let mut buf = vec![0u8; 4 << 20];
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(source) => return Err(Error::Io { path: "<reader>".into(), source }),
            };
            bytes.extend_from_slice(&buf[..n]);
            if let Some(report) = progress.as_deref_mut() {
                report(bytes.len() as u64);
            }
        }
        Self::from_csv_bytes(&bytes, columns)
    }

    /// Reads an event log from CSV bytes; see [`EventLog::from_csv_reader`].
    ///
    /// # Errors
    /// As [`EventLog::from_csv_reader`].
    pub fn from_csv_bytes(bytes: &[u8], columns: &EventColumns) -> Result<EventLog> {
        let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
        let headers = rdr
            .byte_headers()
            .map_err(|e| Error::Csv {
                line: e.position().map_or(1, |p| p.line()),
                column: None,
                message: e.to_string(),
            })?
            .clone();
        if headers.is_empty() || (headers.len() == 1 && headers.get(0).is_some_and(|h| h.is_empty())) {
            // No header at all: an empty log, with the outcome column the caller named.
            let empty = EventLogBuilder::new();
            return if columns.outcome.is_some() { empty.with_outcome_column() } else { empty }.build();
        }
        let start = usize::try_from(rdr.position().byte()).unwrap_or(bytes.len()).min(bytes.len());
        let first_line = rdr.position().line();
        let names: Vec<String> = headers.iter().map(|h| String::from_utf8_lossy(h).trim().to_owned()).collect();
        let width = names.len();
        let at = columns.positions(&names).map_err(|want| Error::Csv {
            line: 1,
            message: format!("missing column \"{want}\", expected it among: {}", names.join(", ")),
            column: Some(want),
        })?;
        let data = &bytes[start..];
        #[cfg(not(target_arch = "wasm32"))]
        {
            let threads = rayon::current_num_threads();
            if data.len() >= 8 << 20 && threads > 1 {
                use rayon::prelude::*;
                let pieces = split_rows(data, threads * 2);
                let builders: Vec<Result<EventLogBuilder>> = pieces
                    .into_par_iter()
                    .map(|range| {
                        let start = range.start;
                        parse_rows(&data[range], 1, width, at, columns).map_err(|e| match e {
                            // Lines are counted only when there is an error to place.
                            Error::Csv { line, column, message } => Error::Csv {
                                line: line + first_line - 1 + memchr::memchr_iter(b'\n', &data[..start]).count() as u64,
                                column,
                                message,
                            },
                            other => other,
                        })
                    })
                    .collect();
                let mut all = EventLogBuilder::new();
                if at.outcome.is_some() {
                    all = all.with_outcome_column();
                }
                for b in builders {
                    all.append(b?);
                }
                return all.build();
            }
        }
        parse_rows(data, first_line, width, at, columns)?.build()
    }

    /// Reads an event log from CSV text; see [`EventLog::from_csv_reader`].
    ///
    /// # Errors
    /// As [`EventLog::from_csv_reader`].
    pub fn from_csv_str(text: &str, columns: &EventColumns) -> Result<EventLog> {
        Self::from_csv_bytes(text.as_bytes(), columns)
    }

    /// Reads an event log from a CSV file; see [`EventLog::from_csv_reader`].
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be opened, and those of [`EventLog::from_csv_reader`].
    pub fn load_csv(path: impl AsRef<Path>, columns: &EventColumns) -> Result<EventLog> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
        Self::from_csv_bytes(&bytes, columns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_every_accepted_form() {
        let t = 1_772_360_100_000; // 2026-03-01T10:15:00Z
        assert_eq!(parse_timestamp("2026-03-01T10:15:00Z"), Some(t));
        assert_eq!(parse_timestamp("2026-03-01T10:15:00"), Some(t));
        assert_eq!(parse_timestamp("2026-03-01 10:15:00"), Some(t));
        assert_eq!(parse_timestamp("2026-03-01T11:15:00+01:00"), Some(t));
        assert_eq!(parse_timestamp("2026-03-01T05:15:00-0500"), Some(t));
        assert_eq!(parse_timestamp("2026-03-01T10:15:00.250Z"), Some(t + 250));
        assert_eq!(parse_timestamp("2026-03-01T10:15Z"), Some(t));
        assert_eq!(parse_timestamp("2026-03-01"), Some(t - (10 * 3600 + 15 * 60) * 1000));
        assert_eq!(parse_timestamp("1772360100"), Some(t));
        assert_eq!(parse_timestamp("1772360100.5"), Some(t + 500));
        assert_eq!(parse_timestamp("1772360100000"), Some(t));
        assert_eq!(parse_timestamp(" 1772360100000 "), Some(t));
        for bad in [
            "",
            "yesterday",
            "2026-02-30",
            "2026-13-01",
            "2026-03-01T25:00:00",
            "2026-03-01T10:15:00+5",
            "1.2.3",
            "--1",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
        // Agrees with chrono on a spread of dates.
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2024, 12, 31), (1969, 7, 20), (2100, 3, 1)] {
            let c = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(0, 0, 0).unwrap().and_utc(); // ok: unit test
            assert_eq!(parse_timestamp(&format!("{y:04}-{m:02}-{d:02}")), Some(c.timestamp_millis()));
        }
    }

    #[test]
    fn epochs_given_as_numbers_follow_the_text_rule() {
        assert_eq!(epoch_to_ms(1_772_360_100.0), Some(1_772_360_100_000));
        assert_eq!(epoch_to_ms(1_772_360_100_000.0), Some(1_772_360_100_000));
        assert_eq!(epoch_to_ms(-86_400.0), Some(-86_400_000));
        assert_eq!(epoch_to_ms(i64::MAX as f64), None);
        assert_eq!(epoch_to_ms(1_772_360_100.5), Some(1_772_360_100_500));
        assert_eq!(epoch_to_ms(f64::NAN), None);
        for (text, v) in [("1772360100.5", 1_772_360_100.5), ("1772360100000", 1_772_360_100_000.0), ("-5.25", -5.25)] {
            assert_eq!(parse_timestamp(text), epoch_to_ms(v), "{text}");
        }
    }

    #[test]
    fn outcomes() {
        assert_eq!(parse_outcome("1"), Some(1.0));
        assert_eq!(parse_outcome("yes"), Some(1.0));
        assert_eq!(parse_outcome("FALSE"), Some(0.0));
        assert_eq!(parse_outcome(""), Some(0.0));
        assert_eq!(parse_outcome("129.90"), Some(129.9));
        assert_eq!(parse_outcome("-3"), None);
        assert_eq!(parse_outcome("lots"), None);
        assert_eq!(parse_outcome(" 12.5 "), Some(12.5));
        assert_eq!(parse_outcome("NaN"), None);
        assert_eq!(parse_outcome("1e15"), Some(1e15));
        assert_eq!(parse_outcome("2.5e28"), None);
    }
}
