//! Spreadsheet-style CSV sheets: one row per touchpoint, which is how most journey maps start.
//!
//! The format is described column by column in `docs/csv-sheet.md`. In short: a header row names the
//! columns (case-insensitive, any order); `stage`, `touchpoint` and `channel` are required; list cells hold
//! `;`-separated items; empty cells mean "not given". Stages and personas are created as they first appear.
//!
//! ```
//! use journey_core::Journey;
//!
//! let sheet = "stage,touchpoint,channel,emotion,next,entry,goal\n\
//!              Awareness,Social ad,paid_ads,1,product_page,yes,\n\
//!              Consideration,Product page,web,0.5,checkout,,\n\
//!              Purchase,Checkout,web,-1,,,yes\n";
//! let j = Journey::from_csv_sheet(sheet, "shop", "Shop")?;
//! assert_eq!(j.stages().len(), 3);
//! assert!(j.reaches("social_ad", "checkout")?);
//! # Ok::<(), journey_core::Error>(())
//! ```

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use serde::de::IntoDeserializer;

use crate::error::{Error, Problems, Result};
use crate::io::text::slug;
use crate::io::{MAX_DOCUMENT_BYTES, read_file};
use crate::model::{
    BackstageItem, BackstageLane, Channel, Document, Evidence, EvidenceKind, EvidenceSource, Journey, Moment, Persona,
    Problem, Stage, Touchpoint, Transition,
};

/// The severity of a pain point or delight written without one.
const DEFAULT_SEVERITY: u8 = 3;

/// What `Error::Empty` says the input should have held.
const EXPECTED_SHEET: &str = "a CSV sheet with a header row and one row per touchpoint";

/// The columns a sheet may have, in the order the documentation lists them.
const KNOWN_COLUMNS: [&str; 32] = [
    "stage",
    "stage_id",
    "touchpoint",
    "id",
    "channel",
    "device",
    "owner",
    "importance",
    "moment_of_truth",
    "personas",
    "actions",
    "thoughts",
    "expectations",
    "expectations:<persona id>",
    "emotion",
    "emotion:<persona id>",
    "pain_points",
    "delights",
    "entered",
    "completed",
    "satisfaction",
    "effort",
    "nps",
    "median_seconds",
    "evidence",
    "backstage",
    "next",
    "entry",
    "goal",
    "role",
    "starts",
    "proposed",
];

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Field {
    Stage,
    StageId,
    Touchpoint,
    Id,
    Channel,
    Device,
    Owner,
    Importance,
    MomentOfTruth,
    Personas,
    Actions,
    Thoughts,
    Expectations,
    /// `expectations:<persona id>`, with the persona id as written.
    PersonaExpectations(String),
    Emotion,
    /// `emotion:<persona id>`, with the persona id as written.
    PersonaEmotion(String),
    PainPoints,
    Delights,
    Entered,
    Completed,
    Satisfaction,
    Effort,
    Nps,
    MedianSeconds,
    Evidence,
    Backstage,
    Next,
    Entry,
    Goal,
    Role,
    Starts,
    Proposed,
    /// A column with an empty header; its cells must be empty too.
    Blank,
}

impl Field {
    /// The field a header names, `None` for an unknown header. Case and surrounding spaces do not matter, and
    /// spaces or hyphens count as underscores (`Moment of truth` is `moment_of_truth`).
    fn from_header(header: &str) -> Option<Field> {
        let trimmed = header.trim();
        if trimmed.is_empty() {
            return Some(Field::Blank);
        }
        if let Some((prefix, persona)) = trimmed.split_once(':') {
            let (prefix, persona) = (prefix.trim(), persona.trim());
            if persona.is_empty() {
                return None;
            }
            return if prefix.eq_ignore_ascii_case("emotion") {
                Some(Field::PersonaEmotion(persona.to_owned()))
            } else if prefix.eq_ignore_ascii_case("expectations") {
                Some(Field::PersonaExpectations(persona.to_owned()))
            } else {
                None
            };
        }
        let name = trimmed.to_lowercase().replace([' ', '-'], "_");
        Some(match name.as_str() {
            "stage" => Field::Stage,
            "stage_id" => Field::StageId,
            "touchpoint" => Field::Touchpoint,
            "id" => Field::Id,
            "channel" => Field::Channel,
            "device" => Field::Device,
            "owner" => Field::Owner,
            "importance" => Field::Importance,
            "moment_of_truth" => Field::MomentOfTruth,
            "personas" => Field::Personas,
            "actions" => Field::Actions,
            "thoughts" => Field::Thoughts,
            "expectations" => Field::Expectations,
            "emotion" => Field::Emotion,
            "pain_points" => Field::PainPoints,
            "delights" => Field::Delights,
            "entered" => Field::Entered,
            "completed" => Field::Completed,
            "satisfaction" => Field::Satisfaction,
            "effort" => Field::Effort,
            "nps" => Field::Nps,
            "median_seconds" => Field::MedianSeconds,
            "evidence" => Field::Evidence,
            "backstage" => Field::Backstage,
            "next" => Field::Next,
            "entry" => Field::Entry,
            "goal" => Field::Goal,
            "role" => Field::Role,
            "starts" => Field::Starts,
            "proposed" => Field::Proposed,
            _ => return None,
        })
    }
}

/// One column of the sheet: what it holds and its header as written (trimmed), which messages use.
#[derive(Debug)]
struct Column {
    field: Field,
    header: String,
}

/// The columns of a sheet, in file order.
#[derive(Debug)]
struct Layout {
    columns: Vec<Column>,
    /// The position of the first column of each field in `columns`.
    first_of: HashMap<Field, usize>,
}

impl Layout {
    /// Reads the header row, which is on line (or row) `line`.
    fn new(header: &csv::StringRecord, line: u64) -> Result<Layout> {
        let mut columns: Vec<Column> = Vec::with_capacity(header.len());
        // The first column of each field (a header may have many `emotion:<persona>` and
        // `expectations:<persona>` columns).
        let mut first_of: HashMap<Field, usize> = HashMap::new();
        for raw in header {
            let text = raw.trim();
            let field = Field::from_header(text).ok_or_else(|| Error::Csv {
                line,
                column: Some(text.to_owned()),
                message: format!("unknown column \"{text}\", expected one of {}", KNOWN_COLUMNS.join(", ")),
            })?;
            if let Some(first) = first_of.get(&field).copied().filter(|_| field != Field::Blank) {
                return Err(Error::Csv {
                    line,
                    column: Some(text.to_owned()),
                    message: format!(
                        "column \"{text}\" is the same as column {} (\"{}\"), expected each column once",
                        first + 1,
                        columns.get(first).map_or("", |c| c.header.as_str())
                    ),
                });
            }
            first_of.entry(field.clone()).or_insert(columns.len());
            columns.push(Column { field, header: text.to_owned() });
        }
        let missing: Vec<&str> =
            [(Field::Stage, "stage"), (Field::Touchpoint, "touchpoint"), (Field::Channel, "channel")]
                .into_iter()
                .filter(|(f, _)| !columns.iter().any(|c| &c.field == f))
                .map(|(_, name)| name)
                .collect();
        if !missing.is_empty() {
            let plural = if missing.len() == 1 { "" } else { "s" };
            return Err(Error::Csv {
                line,
                column: None,
                message: format!(
                    "missing required column{plural} {}, expected a header with stage, touchpoint and channel",
                    missing.iter().map(|m| format!("\"{m}\"")).collect::<Vec<_>>().join(", ")
                ),
            });
        }
        Ok(Layout { columns, first_of })
    }

    /// The header of the column holding a field, when the sheet has one.
    fn header(&self, field: &Field) -> Option<&str> {
        self.first_of.get(field).and_then(|i| self.columns.get(*i)).map(|c| c.header.as_str())
    }
}

/// Where each part of the document came from in the sheet, to report problems at lines and columns.
#[derive(Debug, Default)]
struct Origins {
    /// The line of each touchpoint's row.
    touchpoints: Vec<u64>,
    /// The line where each stage first appears.
    stages: Vec<u64>,
    /// The line and column where each persona first appears.
    personas: Vec<(u64, String)>,
    /// The line of the row whose `next` cell gave each transition.
    transitions: Vec<u64>,
    /// The line of each entry's row.
    entries: Vec<u64>,
    /// The line of each goal's row.
    goals: Vec<u64>,
}

/// How a sheet numbers its rows in messages.
#[derive(Debug, Clone)]
pub(crate) enum Place {
    /// A CSV file's lines: `line 5`.
    Line,
    /// A workbook's rows, on the named worksheet: `sheet "Map", row 5`.
    #[cfg(feature = "excel")]
    Row(String),
}

impl Place {
    /// The place of line or row `n`.
    fn at(&self, n: u64) -> String {
        match self {
            Place::Line => format!("line {n}"),
            #[cfg(feature = "excel")]
            Place::Row(sheet) => format!("sheet \"{}\", row {n}", crate::io::printable(sheet)),
        }
    }

    /// What a row is called: `line` or `row`.
    fn word(&self) -> &'static str {
        match self {
            Place::Line => "line",
            #[cfg(feature = "excel")]
            Place::Row(_) => "row",
        }
    }
}

/// A parsed sheet: the document and where its parts came from.
pub(crate) struct Sheet {
    doc: Document,
    layout: Layout,
    origins: Origins,
    place: Place,
}

impl Sheet {
    /// The sheet's map, validated, with each problem at the sheet's place.
    pub(crate) fn into_journey(self) -> Result<Journey> {
        let problems = self.doc.problems();
        if !problems.is_empty() {
            let located = problems.into_iter().map(|p| self.locate_problem(p)).collect();
            return Err(Error::Invalid(Problems(located)));
        }
        Journey::from_document(self.doc)
    }
}

/// Reads a CSV sheet into a [`Document`], without validating it beyond what parsing needs. Costs O(size of
/// the sheet).
///
/// `id` and `name` are the journey's id and name, which a sheet does not hold.
///
/// # Errors
/// [`Error::TooLarge`] above [`MAX_DOCUMENT_BYTES`]; [`Error::Empty`] for empty input; [`Error::Csv`] with the
/// line and, where one is at fault, the column: an unknown or repeated column, a missing required column, a
/// header with no rows, a row with more or fewer cells than the header, an empty required cell, or a value
/// that cannot be read (a bad number, flag, channel, device, evidence source or backstage lane).
pub fn document_from_csv_sheet(text: &str, id: &str, name: &str) -> Result<Document> {
    Ok(parse(text, id, name)?.doc)
}

impl Journey {
    /// Reads and validates a CSV sheet. Problems found by validation are reported at the sheet's place,
    /// `line N, column "col"` (`touchpoints[3].emotion` becomes `line 5, column "emotion"`). Costs O(size of
    /// the sheet).
    ///
    /// # Errors
    /// Those of [`document_from_csv_sheet`], and [`Error::Invalid`] with every problem of the map.
    pub fn from_csv_sheet(text: &str, id: &str, name: &str) -> Result<Journey> {
        parse(text, id, name)?.into_journey()
    }

    /// Reads and validates a CSV sheet from bytes, which must be UTF-8 (a byte order mark is skipped).
    ///
    /// # Errors
    /// [`Error::TooLarge`]; [`Error::WrongEncoding`] naming the encoding of UTF-16 or UTF-32 bytes;
    /// [`Error::Encoding`] with the offset of the first bad byte; those of
    /// [`Journey::from_csv_sheet`].
    pub fn from_csv_sheet_bytes(bytes: &[u8], id: &str, name: &str) -> Result<Journey> {
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(Error::TooLarge { size: bytes.len(), limit: MAX_DOCUMENT_BYTES });
        }
        Journey::from_csv_sheet(super::text::utf8(bytes)?, id, name)
    }

    /// Loads and validates a CSV sheet from a file. The journey's id is the file stem
    /// (`electronics-retailer`); its name is the stem with `-` and `_` as spaces and the first letter in upper
    /// case (`Electronics retailer`).
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read, and those of [`Journey::from_csv_sheet_bytes`].
    pub fn load_csv_sheet(path: impl AsRef<Path>) -> Result<Journey> {
        let path = path.as_ref();
        let bytes = read_file(path)?;
        let (id, name) = id_and_name(path);
        Journey::from_csv_sheet_bytes(&bytes, &id, &name)
    }
}

/// A file's journey id (its stem) and name (from the stem).
pub(crate) fn id_and_name(path: &Path) -> (String, String) {
    let id = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = name_from_stem(&id);
    (id, name)
}

/// `electronics-retailer` → `Electronics retailer`.
fn name_from_stem(stem: &str) -> String {
    let spaced = stem.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn cell_error(line: u64, column: &str, message: String) -> Error {
    Error::Csv { line, column: Some(column.to_owned()), message }
}

fn parse(text: &str, id: &str, name: &str) -> Result<Sheet> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::TooLarge { size: text.len(), limit: MAX_DOCUMENT_BYTES });
    }
    let text = super::text::without_bom(text)?;
    if text.trim().is_empty() {
        return Err(Error::Empty { expected: EXPECTED_SHEET });
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text.as_bytes());
    let header = reader.headers().map_err(csv_error)?.clone();
    read_sheet(&header, 1, reader.into_records().map(|r| r.map_err(csv_error)), id, name, Place::Line)
}

/// Reads a sheet's rows: the header row (on line or row `header_line`), then the records, each with its
/// line or row as its position. One reader for every kind of sheet: the same rules and the same messages.
pub(crate) fn read_sheet(
    header: &csv::StringRecord,
    header_line: u64,
    records: impl Iterator<Item = Result<csv::StringRecord>>,
    id: &str,
    name: &str,
    place: Place,
) -> Result<Sheet> {
    let layout = Layout::new(header, header_line)?;

    let mut doc = Document::new(id, name);
    let mut origins = Origins::default();
    let mut personas: HashSet<String> = HashSet::new();
    let mut add_persona = |doc: &mut Document, origins: &mut Origins, id: &str, line: u64, column: &str| {
        if personas.insert(id.to_owned()) {
            doc.personas.push(Persona { id: id.to_owned(), name: id.to_owned(), ..Persona::default() });
            origins.personas.push((line, column.to_owned()));
        }
    };
    for c in &layout.columns {
        if let Field::PersonaEmotion(p) | Field::PersonaExpectations(p) = &c.field {
            add_persona(&mut doc, &mut origins, p, 1, &c.header);
        }
    }

    let mut rows = 0usize;
    // The position of each stage in `doc.stages` by id: a lookup per row, not a scan of the stages.
    let mut stage_at: HashMap<String, usize> = HashMap::new();
    let personas_header = layout.header(&Field::Personas).unwrap_or("personas").to_owned();
    for record in records {
        let record = record?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line());
        let row = read_row(&layout, &record, line)?;
        rows += 1;

        // The stage: created on first appearance; later rows must agree on its name.
        match stage_at.get(&row.stage_id).copied() {
            Some(pos) => {
                let known = doc.stages.get(pos).map_or("", |s| s.name.as_str());
                if slug(known) != slug(&row.stage_name) {
                    let first = origins.stages.get(pos).copied().unwrap_or(0);
                    return Err(cell_error(
                        line,
                        layout.header(&Field::Stage).unwrap_or("stage"),
                        format!(
                            "stage \"{}\" is named \"{}\" on {} {first}, expected the same name, found \"{}\"",
                            row.stage_id,
                            known,
                            place.word(),
                            row.stage_name
                        ),
                    ));
                }
            }
            None => {
                stage_at.insert(row.stage_id.clone(), doc.stages.len());
                doc.stages.push(Stage::new(row.stage_id.clone(), row.stage_name.clone()));
                origins.stages.push(line);
            }
        }

        for p in &row.touchpoint.personas {
            add_persona(&mut doc, &mut origins, p, line, &personas_header);
        }
        for next in row.next {
            doc.transitions.push(Transition::new(row.touchpoint.id.clone(), next));
            origins.transitions.push(line);
        }
        if row.entry {
            doc.entries.push(row.touchpoint.id.clone());
            origins.entries.push(line);
        }
        if row.goal {
            doc.goals.push(row.touchpoint.id.clone());
            origins.goals.push(line);
        }
        doc.touchpoints.push(row.touchpoint);
        origins.touchpoints.push(line);
    }
    if rows == 0 {
        return Err(Error::Csv {
            line: header_line + 1,
            column: None,
            message: "the sheet has a header but no rows, expected one row per touchpoint".into(),
        });
    }
    Ok(Sheet { doc, layout, origins, place })
}

/// An error of the csv reader, with its line.
fn csv_error(e: csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            let cells = if *len == 1 { "cell" } else { "cells" };
            format!("the row has {len} {cells}, expected {expected_len} like the header")
        }
        _ => e.to_string(),
    };
    Error::Csv { line, column: None, message }
}

/// What one row gives.
struct Row {
    stage_id: String,
    stage_name: String,
    touchpoint: Touchpoint,
    next: Vec<String>,
    entry: bool,
    goal: bool,
}

fn read_row(layout: &Layout, record: &csv::StringRecord, line: u64) -> Result<Row> {
    let mut stage_name = None;
    let mut stage_id = None;
    let mut name = None;
    let mut id = None;
    let mut channel = None;
    let mut t = Touchpoint::new(String::new(), String::new(), String::new(), Channel::Web);
    let mut next = Vec::new();
    let (mut entry, mut goal) = (false, false);

    for (column, cell) in layout.columns.iter().zip(record.iter()) {
        let value = cell.trim();
        if value.is_empty() {
            continue;
        }
        let header = column.header.as_str();
        let err = |message: String| cell_error(line, header, message);
        let number = |expected: &str| parse_number(value).ok_or_else(|| err(not_a(value, "number", expected)));
        let count =
            || value.parse::<u64>().map_err(|_| err(not_a(value, "whole number", "a count of customers, 0 or more")));
        let flag =
            || parse_flag(value).ok_or_else(|| err(not_a(value, "flag", "yes, no, true, false, 1, 0, x or empty")));
        match &column.field {
            Field::Stage => stage_name = Some(value.to_owned()),
            Field::StageId => stage_id = Some(value.to_owned()),
            Field::Touchpoint => name = Some(value.to_owned()),
            Field::Id => id = Some(value.to_owned()),
            Field::Channel => channel = Some(value.parse::<Channel>().map_err(|e| err(e.to_string()))?),
            Field::Device => t.device = Some(parse_name(value, "device").map_err(err)?),
            Field::Owner => t.owner = Some(value.to_owned()),
            Field::Importance => t.importance = number("a number from 1 to 5")?,
            Field::MomentOfTruth => t.moment_of_truth = flag()?,
            Field::Personas => t.personas = list(value),
            Field::Actions => t.actions = list(value),
            Field::Thoughts => t.thoughts = list(value),
            Field::Expectations => t.expectations = list(value),
            Field::PersonaExpectations(p) => {
                let items = list(value);
                if !items.is_empty() {
                    t.persona_expectations.insert(p.clone(), items);
                }
            }
            Field::Emotion => t.emotion = Some(number("a number from -2 to 2")?),
            Field::PersonaEmotion(p) => {
                t.persona_emotions.insert(p.clone(), number("a number from -2 to 2")?);
            }
            Field::PainPoints => t.pain_points = moments(value).map_err(err)?,
            Field::Delights => t.delights = moments(value).map_err(err)?,
            Field::Entered => t.metrics.entered = Some(count()?),
            Field::Completed => t.metrics.completed = Some(count()?),
            Field::Satisfaction => t.metrics.satisfaction = Some(number("a number from 0 to 1")?),
            Field::Effort => t.metrics.effort = Some(number("a number from 0 to 1")?),
            Field::Nps => t.metrics.nps = Some(number("a number from -100 to 100")?),
            Field::MedianSeconds => t.metrics.median_seconds = Some(number("a number of seconds")?),
            Field::Evidence => {
                t.evidence = split(value).map(parse_evidence).collect::<std::result::Result<_, _>>().map_err(err)?
            }
            Field::Backstage => {
                t.backstage = split(value).map(parse_backstage).collect::<std::result::Result<_, _>>().map_err(err)?
            }
            Field::Next => next = list(value),
            Field::Entry => entry = flag()?,
            Field::Goal => goal = flag()?,
            Field::Role => t.role = Some(parse_name(value, "role").map_err(err)?),
            Field::Starts => t.metrics.starts = Some(count()?),
            Field::Proposed => t.proposed = flag()?,
            Field::Blank => {
                return Err(Error::Csv { line, column: None, message: no_header(value) });
            }
        }
    }

    let required = |value: Option<String>, field: Field, name: &str, expected: &str| {
        value.ok_or_else(|| {
            cell_error(line, layout.header(&field).unwrap_or(name), format!("the cell is empty, expected {expected}"))
        })
    };
    let stage_name = required(stage_name, Field::Stage, "stage", "the name of the touchpoint's stage")?;
    let name = required(name, Field::Touchpoint, "touchpoint", "the touchpoint's name")?;
    t.channel = channel.ok_or_else(|| {
        cell_error(
            line,
            layout.header(&Field::Channel).unwrap_or("channel"),
            "the cell is empty, expected the touchpoint's channel".into(),
        )
    })?;
    t.stage = match stage_id {
        Some(id) => id,
        None => slug_of(&stage_name, line, layout.header(&Field::Stage).unwrap_or("stage"), "stage_id")?,
    };
    t.id = match id {
        Some(id) => id,
        None => slug_of(&name, line, layout.header(&Field::Touchpoint).unwrap_or("touchpoint"), "id")?,
    };
    t.name = name;
    Ok(Row { stage_id: t.stage.clone(), stage_name, touchpoint: t, next, entry, goal })
}

/// What a value in a column without a header is told.
pub(crate) fn no_header(value: &str) -> String {
    format!("value \"{value}\" in a column with no header, expected a header for every column that has values")
}

/// The id made from a name, which must have a letter or a digit.
fn slug_of(name: &str, line: u64, column: &str, id_column: &str) -> Result<String> {
    let id = slug(name);
    if id.is_empty() {
        return Err(cell_error(
            line,
            column,
            format!(
                "\"{name}\" makes an empty id, expected a name with a letter or digit, or a value in column \"{id_column}\""
            ),
        ));
    }
    Ok(id)
}

/// `emotion "happy" is not a number, expected ...` without the column name, which the error carries.
fn not_a(value: &str, what: &str, expected: &str) -> String {
    format!("\"{value}\" is not a {what}, expected {expected}")
}

/// A number as Rust reads it (`1`, `-0.5`, `1e3`); `NaN` and `inf` are read too, and validation reports them.
fn parse_number(value: &str) -> Option<f64> {
    value.trim().parse::<f64>().ok()
}

/// `yes`/`true`/`1`/`x` → true, `no`/`false`/`0` → false, in any case.
fn parse_flag(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "yes" | "true" | "1" | "x" => Some(true),
        "no" | "false" | "0" | "" => Some(false),
        _ => None,
    }
}

/// The trimmed, non-empty items of a `;`-separated cell.
fn split(value: &str) -> impl Iterator<Item = &str> {
    value.split(';').map(str::trim).filter(|s| !s.is_empty())
}

fn list(value: &str) -> Vec<String> {
    split(value).map(str::to_owned).collect()
}

/// A snake_case enum value (device, evidence source, backstage lane) by name; case, spaces and hyphens do not
/// matter. The error names the value and lists the names there are.
fn parse_name<T: for<'de> Deserialize<'de>>(value: &str, what: &str) -> std::result::Result<T, String> {
    let name = value.trim().to_lowercase().replace([' ', '-'], "_");
    let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> = name.as_str().into_deserializer();
    T::deserialize(de).map_err(|e| {
        // serde says "unknown variant `x`, expected one of `a`, `b`"; keep the list, in this crate's quoting.
        let message = e.to_string();
        let expected = message.split_once("expected ").map_or(message.as_str(), |(_, rest)| rest).replace('`', "");
        format!("unknown {what} \"{}\", expected {expected}", value.trim())
    })
}

/// `text` or `text (N)`, N the severity (3 when not given).
fn parse_moment(item: &str) -> std::result::Result<Moment, String> {
    let item = item.trim();
    if let Some((text, inner)) = item.strip_suffix(')').and_then(|rest| rest.rsplit_once('(')) {
        let inner = inner.trim();
        if parse_number(inner).is_some_and(f64::is_finite) {
            let severity = inner
                .parse::<u8>()
                .map_err(|_| format!("severity \"{inner}\" in \"{item}\" is not a whole number, expected 1 to 5"))?;
            return Ok(Moment::new(text.trim(), severity));
        }
    }
    Ok(Moment::new(item, DEFAULT_SEVERITY))
}

fn moments(value: &str) -> std::result::Result<Vec<Moment>, String> {
    split(value).map(parse_moment).collect()
}

/// `source: summary`; survey and analytics evidence is quantitative, the rest qualitative.
fn parse_evidence(item: &str) -> std::result::Result<Evidence, String> {
    let (source, summary) = item.split_once(':').ok_or_else(|| {
        format!("evidence \"{item}\" has no source, expected \"source: summary\" such as \"survey: 38% abandon\"")
    })?;
    let source: EvidenceSource = parse_name(source, "evidence source")?;
    let kind = match source {
        EvidenceSource::Survey | EvidenceSource::Analytics => EvidenceKind::Quantitative,
        _ => EvidenceKind::Qualitative,
    };
    Ok(Evidence::new(kind, source, summary.trim()))
}

/// `lane: description`.
fn parse_backstage(item: &str) -> std::result::Result<BackstageItem, String> {
    let (lane, description) = item.split_once(':').ok_or_else(|| {
        format!("backstage item \"{item}\" has no lane, expected \"lane: description\" such as \"process: picking\"")
    })?;
    let lane: BackstageLane = parse_name(lane, "backstage lane")?;
    Ok(BackstageItem { lane, description: description.trim().to_owned(), owner: None })
}

impl Sheet {
    /// A validation problem with its JSON path (and any path in its message) turned into the sheet's place.
    fn locate_problem(&self, mut problem: Problem) -> Problem {
        if let Some(place) = self.locate(&problem.path) {
            problem.path = place;
        }
        problem.message = problem
            .message
            .split(' ')
            .map(|word| self.locate(word).unwrap_or_else(|| word.to_owned()))
            .collect::<Vec<_>>()
            .join(" ");
        problem
    }

    /// `touchpoints[3].emotion` → `line 5, column "emotion"`; `None` for a path that is not in the sheet.
    fn locate(&self, path: &str) -> Option<String> {
        let (section, rest) = path.split_once('[')?;
        let (index, rest) = rest.split_once(']')?;
        let index: usize = index.parse().ok()?;
        let field = rest.strip_prefix('.').unwrap_or(rest);
        let header = |f: Field, fallback: &str| self.layout.header(&f).unwrap_or(fallback).to_owned();
        let (line, column) = match section {
            // A whole row, as in "id is already used by touchpoints[0]".
            "touchpoints" if field.is_empty() => return Some(self.place.at(*self.origins.touchpoints.get(index)?)),
            "touchpoints" => (*self.origins.touchpoints.get(index)?, self.touchpoint_column(field)),
            "stages" => {
                let column = if field == "id" && self.layout.header(&Field::StageId).is_some() {
                    header(Field::StageId, "stage_id")
                } else {
                    header(Field::Stage, "stage")
                };
                (*self.origins.stages.get(index)?, column)
            }
            "personas" => self.origins.personas.get(index)?.clone(),
            "transitions" => (*self.origins.transitions.get(index)?, header(Field::Next, "next")),
            "entries" => (*self.origins.entries.get(index)?, header(Field::Entry, "entry")),
            "goals" => (*self.origins.goals.get(index)?, header(Field::Goal, "goal")),
            _ => return None,
        };
        Some(format!("{}, column \"{column}\"", self.place.at(line)))
    }

    /// The column a touchpoint's field (`emotion`, `pain_points[1].severity`, `metrics.nps`) came from.
    fn touchpoint_column(&self, field: &str) -> String {
        let head = field.split(['.', '[']).next().unwrap_or(field);
        let header = |f: Field, fallback: &str| self.layout.header(&f).unwrap_or(fallback).to_owned();
        match head {
            "id" => match self.layout.header(&Field::Id) {
                Some(h) => h.to_owned(),
                None => header(Field::Touchpoint, "touchpoint"),
            },
            "name" => header(Field::Touchpoint, "touchpoint"),
            "stage" => match self.layout.header(&Field::StageId) {
                Some(h) => h.to_owned(),
                None => header(Field::Stage, "stage"),
            },
            "persona_emotions" => {
                let persona = field.strip_prefix("persona_emotions.").unwrap_or_default();
                header(Field::PersonaEmotion(persona.to_owned()), &format!("emotion:{persona}"))
            }
            "persona_expectations" => {
                // `persona_expectations.savvy[0]`: the persona id is what comes before the index.
                let rest = field.strip_prefix("persona_expectations.").unwrap_or_default();
                let persona = rest.rsplit_once('[').map_or(rest, |(p, _)| p);
                header(Field::PersonaExpectations(persona.to_owned()), &format!("expectations:{persona}"))
            }
            "metrics" => self.column_named(field.strip_prefix("metrics.").unwrap_or(head)),
            other => self.column_named(other),
        }
    }

    /// The header of the column for a field name (as written in the file), or the name itself.
    fn column_named(&self, name: &str) -> String {
        match Field::from_header(name) {
            Some(f) if f != Field::Blank => self.layout.header(&f).unwrap_or(name).to_owned(),
            _ => name.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::model::Device;

    #[test]
    fn names_from_stems() {
        assert_eq!(name_from_stem("electronics-retailer"), "Electronics retailer");
        assert_eq!(name_from_stem("my_shop"), "My shop");
        assert_eq!(name_from_stem(""), "");
    }

    #[test]
    fn flags() {
        for yes in ["yes", "YES", "true", "1", "x", "X"] {
            assert_eq!(parse_flag(yes), Some(true), "{yes}");
        }
        for no in ["no", "False", "0", ""] {
            assert_eq!(parse_flag(no), Some(false), "{no}");
        }
        assert_eq!(parse_flag("maybe"), None);
    }

    #[test]
    fn a_persona_s_expectations_are_located_at_their_column() {
        let sheet =
            parse("stage,touchpoint,channel,Expectations: savvy\nBuy,Checkout,web,Free returns\n", "s", "S").unwrap(); // ok: unit test
        assert_eq!(
            sheet.locate("touchpoints[0].persona_expectations.savvy[0]").as_deref(),
            Some("line 2, column \"Expectations: savvy\"")
        );
        assert_eq!(
            sheet.locate("touchpoints[0].persona_expectations.trad").as_deref(),
            Some("line 2, column \"expectations:trad\"")
        );
    }

    #[test]
    fn lists_skip_empty_items() {
        assert_eq!(list(" a ; b;;c; "), vec!["a", "b", "c"]);
        assert!(list(" ; ").is_empty());
    }

    #[test]
    fn moments_with_and_without_severity() {
        let m = parse_moment("Shipping cost shown late (4)").unwrap(); // ok: unit test
        assert_eq!((m.description.as_str(), m.severity), ("Shipping cost shown late", 4));
        let m = parse_moment("Slow site").unwrap(); // ok: unit test
        assert_eq!((m.description.as_str(), m.severity), ("Slow site", DEFAULT_SEVERITY));
        // A parenthesis that is not a number is part of the text.
        let m = parse_moment("Bot loops (again)").unwrap(); // ok: unit test
        assert_eq!((m.description.as_str(), m.severity), ("Bot loops (again)", DEFAULT_SEVERITY));
        // Out of 1..=5 is read, and left to validation.
        assert_eq!(parse_moment("x (7)").unwrap().severity, 7); // ok: unit test
        let e = parse_moment("x (3.5)").unwrap_err();
        assert!(e.contains("severity \"3.5\"") && e.contains("1 to 5"), "{e}");
        assert!(parse_moment("x (300)").is_err());
        assert_eq!(moments("a (1); b").unwrap().len(), 2); // ok: unit test
    }

    #[test]
    fn evidence_and_backstage_items() {
        let e = parse_evidence("survey: 38% abandon at shipping").unwrap(); // ok: unit test
        assert_eq!(
            (e.kind, e.source, e.summary.as_str()),
            (EvidenceKind::Quantitative, EvidenceSource::Survey, "38% abandon at shipping")
        );
        let e = parse_evidence("Support ticket: late parcels").unwrap(); // ok: unit test
        assert_eq!((e.kind, e.source), (EvidenceKind::Qualitative, EvidenceSource::SupportTicket));
        let err = parse_evidence("gossip: x").unwrap_err();
        assert!(err.contains("unknown evidence source \"gossip\"") && err.contains("survey"), "{err}");
        assert!(parse_evidence("no colon here").unwrap_err().contains("source: summary"));

        let b = parse_backstage("technology: order management system").unwrap(); // ok: unit test
        assert_eq!((b.lane, b.description.as_str()), (BackstageLane::Technology, "order management system"));
        let err = parse_backstage("staff: training").unwrap_err();
        assert!(err.contains("unknown backstage lane \"staff\"") && err.contains("people, process"), "{err}");
    }

    #[test]
    fn roles_by_name_and_absent_when_empty() {
        let text = "stage,touchpoint,channel,role,entry,next\n\
                    A,Ad,paid_ads,,yes,post\n\
                    A,Post,social,Optional,,\n";
        let j = Journey::from_csv_sheet(text, "j", "J").unwrap(); // ok: unit test
        assert_eq!(j.touchpoint("ad").unwrap().role, None); // ok: unit test
        assert_eq!(j.role("ad"), Some(crate::model::TouchpointRole::Entry));
        assert_eq!(j.touchpoint("post").unwrap().role, Some(crate::model::TouchpointRole::Optional)); // ok: unit test
        let err = Journey::from_csv_sheet("stage,touchpoint,channel,role\nA,Ad,web,extra\n", "j", "J").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 2, column \"role\": unknown role \"extra\", expected one of entry, step, optional"
        );
    }

    #[test]
    fn devices_by_name() {
        assert_eq!(parse_name::<Device>("in person", "device").unwrap(), Device::InPerson); // ok: unit test
        assert_eq!(parse_name::<Device>("Mobile", "device").unwrap(), Device::Mobile); // ok: unit test
        let err = parse_name::<Device>("fridge", "device").unwrap_err();
        assert!(err.starts_with("unknown device \"fridge\", expected one of desktop"), "{err}");
    }

    #[test]
    fn headers() {
        assert_eq!(Field::from_header(" Moment of Truth "), Some(Field::MomentOfTruth));
        assert_eq!(Field::from_header("EMOTION:savvy"), Some(Field::PersonaEmotion("savvy".into())));
        assert_eq!(Field::from_header("emotion:"), None);
        assert_eq!(Field::from_header("colour"), None);
        assert_eq!(Field::from_header(""), Some(Field::Blank));
    }

    #[test]
    fn locates_problems_at_lines_and_columns() {
        let text = "Stage,Touchpoint,channel,emotion,pain_points,next\n\
                    A,One,web,3,x (9),two\n\
                    A,Two,web,1,,nowhere\n";
        let err = Journey::from_csv_sheet(text, "j", "J").unwrap_err();
        let paths: Vec<&str> = err.problems().iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            vec!["line 2, column \"emotion\"", "line 2, column \"pain_points\"", "line 3, column \"next\"",]
        );
    }

    #[test]
    fn duplicate_ids_name_the_first_line() {
        let text = "stage,touchpoint,channel\nA,Cart,web\nA,Cart,store\n";
        let err = Journey::from_csv_sheet(text, "j", "J").unwrap_err();
        let p = err.problems().first().unwrap(); // ok: unit test
        assert_eq!(p.path, "line 3, column \"touchpoint\"");
        assert!(p.message.ends_with("id is already used by line 2"), "{}", p.message);
    }
}
