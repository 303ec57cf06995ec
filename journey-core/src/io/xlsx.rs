//! Excel workbooks: a map read from an `.xlsx` worksheet laid out as a CSV sheet, and the scores, gaps and
//! backlog written to a workbook a team can sort and filter.
//!
//! Reading converts each cell to the text a CSV sheet would hold (numbers as Rust prints them, `true` and
//! `false` for booleans) and hands the rows to the CSV sheet's reader: the same columns, rules and
//! messages (see `docs/csv-sheet.md`), at `sheet "Map", row 5, column "emotion"` in place of a line.
//!
//! ```
//! use journey_core::{Journey, XlsxOptions};
//!
//! let sheet = "stage,touchpoint,channel,emotion,next,entry,goal\n\
//!              Awareness,Social ad,paid_ads,1,checkout,yes,\n\
//!              Purchase,Checkout,web,-1,,,yes\n";
//! let j = Journey::from_csv_sheet(sheet, "shop", "Shop")?;
//! let workbook: Vec<u8> = j.to_xlsx(&XlsxOptions::default())?;
//! assert!(workbook.starts_with(b"PK")); // a zip archive, as every .xlsx file is
//! # Ok::<(), journey_core::Error>(())
//! ```

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{DataRef, Reader, SheetType, Xlsx};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

use crate::backlog::BacklogItem;
use crate::error::{Error, Result};
use crate::io::csv_sheet::{Place, id_and_name, no_header, read_sheet};
use crate::io::{MAX_DOCUMENT_BYTES, read_file};
use crate::model::Journey;
use crate::score::ScoringModel;

/// What `Error::Empty` says an empty worksheet should have held.
const EXPECTED_WORKSHEET: &str = "an .xlsx worksheet with a header row and one row per touchpoint";

/// The widest a written column gets, in characters; longer text wraps in Excel's cell editor.
const MAX_COLUMN_WIDTH: usize = 60;

/// The options of [`Journey::to_xlsx`]: the scoring model and the date the map's age is measured against,
/// as for [`Journey::gaps`] and [`Journey::prioritize`].
#[derive(Debug, Clone, Default)]
pub struct XlsxOptions {
    /// The scoring model of the scores, gaps and backlog.
    pub model: ScoringModel,
    /// The date the map's age (`stale_map`) is measured against; no such gap when `None`.
    pub as_of: Option<NaiveDate>,
}

impl Journey {
    /// Reads and validates the first worksheet of an `.xlsx` workbook laid out as a CSV sheet (see
    /// [`Journey::from_csv_sheet`]). Costs O(size of the worksheet).
    ///
    /// # Errors
    /// Those of [`Journey::from_xlsx_worksheet`].
    pub fn from_xlsx_sheet(bytes: &[u8], id: &str, name: &str) -> Result<Journey> {
        Journey::from_xlsx_worksheet(bytes, None, id, name)
    }

    /// Reads and validates a worksheet of an `.xlsx` workbook laid out as a CSV sheet: the one named
    /// `sheet`, or the first worksheet when `None`. The header is the first row with a value; problems are
    /// reported at `sheet "Map", row N, column "col"`, with the CSV sheet's messages.
    ///
    /// # Errors
    /// [`Error::TooLarge`] above [`MAX_DOCUMENT_BYTES`] (of the file, or of the worksheet's text);
    /// [`Error::Empty`] for a worksheet with no values; [`Error::Xlsx`] for bytes that are not a workbook, a
    /// missing worksheet, a cell holding a date or a spreadsheet error, a value right of the header, and
    /// every error the CSV sheet gives at a line (there at the worksheet's row); [`Error::Invalid`] with
    /// every problem of the map.
    pub fn from_xlsx_worksheet(bytes: &[u8], sheet: Option<&str>, id: &str, name: &str) -> Result<Journey> {
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(Error::TooLarge { size: bytes.len(), limit: MAX_DOCUMENT_BYTES });
        }
        let (sheet_name, rows) = read_rows(bytes, sheet)?;
        let (header_row, header_cells) = rows.first_key_value().ok_or(Error::Empty { expected: EXPECTED_WORKSHEET })?;
        let at = |row: u32, column: Option<String>, message: String| Error::Xlsx {
            sheet: Some(sheet_name.clone()),
            row: Some(u64::from(row) + 1),
            column,
            message,
        };
        let width = header_cells.last().map_or(0, |(c, _)| *c as usize + 1);
        let mut headers = vec![String::new(); width];
        for (c, value) in header_cells {
            let text = value.clone().map_err(|m| at(*header_row, None, m))?;
            if let Some(slot) = headers.get_mut(*c as usize) {
                *slot = text;
            }
        }
        let header_line = u64::from(*header_row) + 1;
        let records = rows.iter().skip(1).map(|(row, cells)| {
            let mut record = vec![String::new(); width];
            for (c, value) in cells {
                let column = headers.get(*c as usize).filter(|h| !h.trim().is_empty()).cloned();
                let text = value.clone().map_err(|m| at(*row, column, m))?;
                match record.get_mut(*c as usize) {
                    Some(slot) => *slot = text,
                    None => return Err(at(*row, None, no_header(&text))),
                }
            }
            let mut record = csv::StringRecord::from(record);
            let mut position = csv::Position::new();
            position.set_line(u64::from(*row) + 1);
            record.set_position(Some(position));
            Ok(record)
        });
        let header = csv::StringRecord::from(headers.clone());
        let parsed = read_sheet(&header, header_line, records, id, name, Place::Row(sheet_name.clone()));
        parsed
            .map_err(|e| match e {
                Error::Csv { line, column, message } => {
                    Error::Xlsx { sheet: Some(sheet_name.clone()), row: Some(line), column, message }
                }
                other => other,
            })?
            .into_journey()
    }

    /// Loads and validates the first worksheet of an `.xlsx` file laid out as a CSV sheet. The journey's id
    /// and name come from the file name, as for [`Journey::load_csv_sheet`].
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read, and those of [`Journey::from_xlsx_sheet`].
    pub fn load_xlsx_sheet(path: impl AsRef<Path>) -> Result<Journey> {
        Journey::load_xlsx_worksheet(path, None)
    }

    /// [`Journey::load_xlsx_sheet`] of the worksheet named `sheet` (the first worksheet when `None`).
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read, and those of [`Journey::from_xlsx_worksheet`].
    pub fn load_xlsx_worksheet(path: impl AsRef<Path>, sheet: Option<&str>) -> Result<Journey> {
        let path = path.as_ref();
        let bytes = read_file(path)?;
        let (id, name) = id_and_name(path);
        Journey::from_xlsx_worksheet(&bytes, sheet, &id, &name)
    }

    /// Writes [`Journey::to_xlsx`] to a file, and gives its bytes too.
    ///
    /// # Errors
    /// Those of [`Journey::to_xlsx`], and [`Error::Io`] when the file cannot be written.
    pub fn save_xlsx(&self, path: impl AsRef<Path>, options: &XlsxOptions) -> Result<Vec<u8>> {
        write_to(path.as_ref(), self.to_xlsx(options)?)
    }

    /// An `.xlsx` workbook with three worksheets: "Scores" (the journey, each stage and each touchpoint with
    /// its score and confidence), "Gaps" ([`Journey::gaps`]: kind, severity, place, message, evidence) and
    /// "Backlog" ([`Journey::prioritize`]: rank, title, kind, priority and its parts). Each has its header
    /// row frozen and an autofilter over its rows; figures are numbers, quick wins booleans. Costs
    /// O(size of the map + gaps + backlog).
    ///
    /// # Errors
    /// Those of [`Journey::score`], [`Journey::gaps`] and [`Journey::prioritize`] (a model value out of its
    /// domain); [`Error::Xlsx`] naming the worksheet, row and column of a value Excel cannot hold (text
    /// past 32,767 characters).
    pub fn to_xlsx(&self, options: &XlsxOptions) -> Result<Vec<u8>> {
        let backlog = self.prioritize(&options.model, options.as_of)?;
        self.workbook(options, &backlog)
    }

    /// [`Journey::to_xlsx`] with an event log, as the HTML report uses one: the log's discovery is applied
    /// to a copy of the map ([`Journey::apply`]; applying it again to a map it was applied to changes
    /// nothing), so the scores, gaps and backlog show the log's figures; when the log has an outcome column
    /// the Backlog worksheet is [`Journey::prioritize_with_log`], each line with its estimated effect in five
    /// more columns:
    /// `effect_conversions`, `effect_value` (in the map's currency), `effect_priority`, `ranked_by` (`effect`
    /// or `priority`) and `effect_basis`; a line the log cannot judge leaves them empty. Costs as
    /// [`Journey::to_xlsx`] plus [`Journey::prioritize_with_log`].
    ///
    /// # Errors
    /// Those of [`Journey::to_xlsx`] and [`Journey::prioritize_with_log`] ([`Error::Limit`] for a chain
    /// past the limits of Markov attribution).
    #[cfg(feature = "analytics")]
    pub fn to_xlsx_with_log(&self, options: &XlsxOptions, log: &crate::analytics::EventLog) -> Result<Vec<u8>> {
        let mut applied = self.clone();
        applied.apply(&log.discover());
        let backlog = if log.has_outcome() {
            applied.prioritize_with_log(&options.model, options.as_of, log)?
        } else {
            applied.prioritize(&options.model, options.as_of)?
        };
        applied.workbook(options, &backlog)
    }

    /// Writes [`Journey::to_xlsx_with_log`] to a file, and gives its bytes too.
    ///
    /// # Errors
    /// Those of [`Journey::to_xlsx_with_log`], and [`Error::Io`] when the file cannot be written.
    #[cfg(feature = "analytics")]
    pub fn save_xlsx_with_log(
        &self,
        path: impl AsRef<Path>,
        options: &XlsxOptions,
        log: &crate::analytics::EventLog,
    ) -> Result<Vec<u8>> {
        write_to(path.as_ref(), self.to_xlsx_with_log(options, log)?)
    }

    /// The workbook of the map's scores and gaps and of `backlog`.
    fn workbook(&self, options: &XlsxOptions, backlog: &[BacklogItem]) -> Result<Vec<u8>> {
        let tables = [self.scores_table(options)?, self.gaps_table(options)?, backlog_table(backlog)];
        let mut book = Workbook::new();
        for table in &tables {
            table.write(book.add_worksheet())?;
        }
        book.save_to_buffer().map_err(|e| write_error(None, None, None, &e))
    }

    fn scores_table(&self, options: &XlsxOptions) -> Result<Table> {
        let score = self.score(&options.model)?;
        let mut table = Table::new(
            "Scores",
            &["level", "id", "name", "stage", "score", "confidence", "weakest", "opportunity", "role", "missing"],
        );
        table.rows.push(vec![
            Cell::text("journey"),
            Cell::text(&self.id),
            Cell::text(&self.name),
            Cell::Empty,
            Cell::Number(score.score.value),
            Cell::Number(score.score.confidence),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::text(&score.score.missing.join("; ")),
        ]);
        for s in &score.stages {
            table.rows.push(vec![
                Cell::text("stage"),
                Cell::text(&s.stage),
                Cell::text(self.stage(&s.stage).map_or("", |st| st.name.as_str())),
                Cell::text(&s.stage),
                Cell::Number(s.score.value),
                Cell::Number(s.score.confidence),
                Cell::text(s.weakest.as_deref().unwrap_or_default()),
                Cell::Empty,
                Cell::Empty,
                Cell::text(&s.score.missing.join("; ")),
            ]);
        }
        for t in &score.touchpoints {
            table.rows.push(vec![
                Cell::text("touchpoint"),
                Cell::text(&t.touchpoint),
                Cell::text(self.touchpoint(&t.touchpoint).map_or("", |tp| tp.name.as_str())),
                Cell::text(&t.stage),
                Cell::Number(t.score.value),
                Cell::Number(t.score.confidence),
                Cell::Empty,
                t.opportunity.map_or(Cell::Empty, Cell::Number),
                Cell::text(t.role.as_str()),
                Cell::text(&t.score.missing.join("; ")),
            ]);
        }
        Ok(table)
    }

    fn gaps_table(&self, options: &XlsxOptions) -> Result<Table> {
        let gaps = self.gaps(&options.model, options.as_of)?;
        let mut table = Table::new(
            "Gaps",
            &["kind", "severity", "stage", "touchpoint", "transition", "persona", "message", "evidence"],
        );
        for g in &gaps {
            let mut row = vec![Cell::text(g.kind.as_str()), Cell::Number(f64::from(g.severity))];
            row.extend(place(&g.location));
            row.extend([Cell::text(&g.message), Cell::text(&g.evidence.join("; "))]);
            table.rows.push(row);
        }
        Ok(table)
    }
}

/// Bytes written to a file, and given back.
fn write_to(path: &Path, bytes: Vec<u8>) -> Result<Vec<u8>> {
    std::fs::write(path, &bytes).map_err(|source| Error::Io { path: path.to_owned(), source })?;
    Ok(bytes)
}

/// The columns of a backlog line's estimated effect, when some line has one.
const EFFECT_COLUMNS: [&str; 5] =
    ["effect_conversions", "effect_value", "effect_priority", "ranked_by", "effect_basis"];

/// The Backlog worksheet: a line per item, with the estimated effect's columns when some item has one.
fn backlog_table(items: &[BacklogItem]) -> Table {
    let mut head = vec![
        "rank",
        "title",
        "kind",
        "source",
        "priority",
        "quick_win",
        "reach",
        "impact",
        "confidence",
        "importance",
        "effort",
        "stage",
        "touchpoint",
        "transition",
        "persona",
        "reach_basis",
    ];
    let effects = items.iter().any(|b| b.effect.is_some());
    if effects {
        head.extend(EFFECT_COLUMNS);
    }
    let mut table = Table::new("Backlog", &head);
    for b in items {
        let mut row = vec![
            Cell::Number(b.rank as f64),
            Cell::text(&b.title),
            Cell::text(b.kind.as_str()),
            Cell::text(b.source.as_str()),
            Cell::Number(b.priority),
            Cell::Bool(b.quick_win),
            Cell::Number(b.reach),
            Cell::Number(b.impact),
            Cell::Number(b.confidence),
            Cell::Number(b.importance),
            Cell::Number(b.effort),
        ];
        row.extend(place(&b.location));
        row.push(Cell::text(&b.reach_basis));
        if effects {
            match &b.effect {
                Some(e) => row.extend([
                    Cell::Number(e.conversions),
                    Cell::Number(e.value),
                    Cell::Number(e.priority),
                    Cell::text(b.ranked_by.as_str()),
                    Cell::text(&e.basis),
                ]),
                None => {
                    row.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::text(b.ranked_by.as_str()), Cell::Empty])
                }
            }
        }
        table.rows.push(row);
    }
    table
}

/// The stage, touchpoint, transition (`from → to`) and persona of a gap or backlog line.
fn place(location: &crate::gaps::Location) -> [Cell; 4] {
    let text = |v: Option<&String>| v.map_or(Cell::Empty, |s| Cell::text(s));
    [
        text(location.stage.as_ref()),
        text(location.touchpoint.as_ref()),
        location.transition.as_ref().map_or(Cell::Empty, |(from, to)| Cell::text(&format!("{from} → {to}"))),
        text(location.persona.as_ref()),
    ]
}

/// The worksheet's name and its non-empty cells by row (0-based), each row's cells by column (0-based)
/// with their text, or what is wrong with the cell.
type Rows = BTreeMap<u32, Vec<(u32, std::result::Result<String, String>)>>;

/// The cells of the chosen worksheet, read as a stream (a sparse sheet costs its cells, not its extent).
fn read_rows(bytes: &[u8], wanted: Option<&str>) -> Result<(String, Rows)> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| Error::Xlsx {
        sheet: None,
        row: None,
        column: None,
        message: format!("the bytes are not a workbook that can be read ({e}), expected an Excel .xlsx file"),
    })?;
    let worksheets: Vec<String> =
        book.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect();
    let name = match wanted {
        Some(w) => worksheets.iter().find(|n| n.as_str() == w).cloned().ok_or_else(|| Error::Xlsx {
            sheet: Some(w.to_owned()),
            row: None,
            column: None,
            message: format!(
                "the workbook has no worksheet of that name, expected one of {}",
                worksheets.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
            ),
        })?,
        None => worksheets.first().cloned().ok_or(Error::Empty { expected: EXPECTED_WORKSHEET })?,
    };
    let read_error = |e: calamine::XlsxError| Error::Xlsx {
        sheet: Some(name.clone()),
        row: None,
        column: None,
        message: format!("the worksheet cannot be read ({e}), expected a worksheet Excel wrote"),
    };
    let mut cells = book.worksheet_cells_reader(&name).map_err(read_error)?;
    let mut rows = Rows::new();
    let mut size = 0usize;
    while let Some(cell) = cells.next_cell().map_err(read_error)? {
        let (row, column) = cell.get_position();
        let value = cell_text(cell.get_value());
        if value.as_ref().is_ok_and(|t| t.trim().is_empty()) {
            continue;
        }
        size = size.saturating_add(value.as_ref().map_or(1, String::len) + 1);
        if size > MAX_DOCUMENT_BYTES {
            return Err(Error::TooLarge { size, limit: MAX_DOCUMENT_BYTES });
        }
        rows.entry(row).or_default().push((column, value));
    }
    drop(cells);
    for cells in rows.values_mut() {
        cells.sort_by_key(|(c, _)| *c);
    }
    Ok((name, rows))
}

/// A cell as the text a CSV sheet would hold, or what is wrong with it.
fn cell_text(value: &DataRef<'_>) -> std::result::Result<String, String> {
    match value {
        DataRef::Empty => Ok(String::new()),
        DataRef::String(s) => Ok(s.clone()),
        DataRef::SharedString(s) => Ok((*s).to_owned()),
        DataRef::Int(i) => Ok(i.to_string()),
        DataRef::Float(f) => Ok(f.to_string()),
        DataRef::Bool(b) => Ok(b.to_string()),
        DataRef::DateTime(_) | DataRef::DateTimeIso(_) | DataRef::DurationIso(_) => {
            Err("the cell holds a date or time, expected text or a number (format the cell as text)".into())
        }
        DataRef::Error(e) => Err(format!("the cell holds the spreadsheet error {e}, expected a value")),
    }
}

/// A value of a written worksheet.
enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Cell {
    fn text(s: &str) -> Cell {
        if s.is_empty() { Cell::Empty } else { Cell::Text(s.to_owned()) }
    }

    /// The characters the cell shows, for the column's width.
    fn width(&self) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Text(s) => s.chars().count(),
            Cell::Number(_) => 10,
            Cell::Bool(_) => 5,
        }
    }
}

/// A worksheet to write: its name, its header and its rows.
struct Table {
    name: &'static str,
    headers: Vec<&'static str>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    fn new(name: &'static str, headers: &[&'static str]) -> Table {
        Table { name, headers: headers.to_vec(), rows: Vec::new() }
    }

    /// Writes the table: the header row in bold and frozen, an autofilter over it and the rows, and each
    /// column as wide as its widest value (within [`MAX_COLUMN_WIDTH`]).
    fn write(&self, sheet: &mut Worksheet) -> Result<()> {
        let fail = |row: Option<u32>, column: Option<usize>, e: rust_xlsxwriter::XlsxError| {
            write_error(Some(self.name), row, column.and_then(|c| self.headers.get(c).copied()), &e)
        };
        sheet.set_name(self.name).map_err(|e| fail(None, None, e))?;
        let bold = Format::new().set_bold();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.len() + 3).collect();
        for (c, header) in self.headers.iter().enumerate() {
            sheet.write_string_with_format(0, col(c), *header, &bold).map_err(|e| fail(Some(0), Some(c), e))?;
        }
        for (r, cells) in self.rows.iter().enumerate() {
            let row =
                u32::try_from(r + 1).map_err(|_| fail(None, None, rust_xlsxwriter::XlsxError::RowColumnLimitError))?;
            for (c, cell) in cells.iter().enumerate() {
                let written = match cell {
                    Cell::Empty => Ok(&mut *sheet),
                    Cell::Text(s) => sheet.write_string(row, col(c), s),
                    Cell::Number(n) if n.is_finite() => sheet.write_number(row, col(c), *n),
                    // Excel has no NaN or infinity: the value as text, not a wrong number.
                    Cell::Number(n) => sheet.write_string(row, col(c), n.to_string()),
                    Cell::Bool(b) => sheet.write_boolean(row, col(c), *b),
                };
                written.map_err(|e| fail(Some(row), Some(c), e))?;
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(cell.width() + 1);
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            sheet
                .set_column_width(col(c), w.min(&MAX_COLUMN_WIDTH).to_owned() as f64)
                .map_err(|e| fail(None, Some(c), e))?;
        }
        sheet.set_freeze_panes(1, 0).map_err(|e| fail(None, None, e))?;
        let last_row = u32::try_from(self.rows.len()).unwrap_or(u32::MAX);
        let last_column = col(self.headers.len().saturating_sub(1));
        sheet.autofilter(0, 0, last_row, last_column).map_err(|e| fail(None, None, e))?;
        Ok(())
    }
}

/// A column index as the writer takes it (the tables have a few dozen columns at most).
fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// An error of the workbook writer, at its worksheet, row (1-based) and column.
fn write_error(sheet: Option<&str>, row: Option<u32>, column: Option<&str>, e: &rust_xlsxwriter::XlsxError) -> Error {
    Error::Xlsx {
        sheet: sheet.map(str::to_owned),
        row: row.map(|r| u64::from(r) + 1),
        column: column.map(str::to_owned),
        message: format!("the workbook cannot be written: {e}"),
    }
}
