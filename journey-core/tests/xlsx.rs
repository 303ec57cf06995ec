//! Excel workbooks: the shared cases in `tests/fixtures/xlsx/cases.json` (which the Python and JavaScript
//! tests run too), and the written workbook read back with calamine.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Cursor;
use std::path::PathBuf;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use journey_core::{Error, ErrorKind, Journey, ScoringModel, XlsxOptions};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/xlsx")
}

fn cases() -> Value {
    let text = std::fs::read_to_string(fixtures().join("cases.json")).expect("cases.json");
    serde_json::from_str(&text).expect("cases.json is JSON")
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array().expect("a list").iter().map(|s| s.as_str().expect("a string").to_owned()).collect()
}

fn example() -> Journey {
    let map = &cases()["map"];
    Journey::load_xlsx_sheet(fixtures().join(map["file"].as_str().expect("file"))).expect("the example workbook reads")
}

#[test]
fn the_example_workbook_reads_to_the_csv_sheets_map() {
    let map = &cases()["map"];
    let from_csv = Journey::load_csv_sheet(fixtures().join(map["csv"].as_str().expect("csv"))).expect("csv");
    let from_path = example();
    assert_eq!(from_path.to_document(), from_csv.to_document());
    let bytes = std::fs::read(fixtures().join(map["file"].as_str().expect("file"))).expect("bytes");
    let (id, name) = (map["id"].as_str().expect("id"), map["name"].as_str().expect("name"));
    let from_bytes = Journey::from_xlsx_sheet(&bytes, id, name).expect("bytes read");
    assert_eq!(from_bytes.to_document(), from_csv.to_document());
    let named = Journey::from_xlsx_worksheet(&bytes, map["first_sheet"].as_str(), id, name).expect("named sheet");
    assert_eq!(named.to_document(), from_csv.to_document());
    assert!(from_csv.touchpoint_count() > 10, "the example has its touchpoints");
}

#[test]
fn a_named_worksheet_is_read_and_a_missing_one_is_named() {
    let bytes = std::fs::read(fixtures().join(cases()["map"]["file"].as_str().expect("file"))).expect("bytes");
    let other = Journey::from_xlsx_worksheet(&bytes, Some("Other"), "x", "X").expect_err("a header only");
    assert_eq!(
        other.to_string(),
        "sheet \"Other\", row 1: missing required columns \"touchpoint\", \"channel\", expected a header with stage, touchpoint and channel"
    );
    let missing = Journey::from_xlsx_worksheet(&bytes, Some("Nope"), "x", "X").expect_err("no such sheet");
    assert!(matches!(&missing, Error::Xlsx { sheet: Some(s), .. } if s == "Nope"), "{missing:?}");
    assert!(missing.to_string().contains("expected one of \"Map\", \"Other\""), "{missing}");
}

#[test]
fn bad_cells_give_the_csv_sheets_message_at_the_worksheets_row() {
    let cases = cases();
    let bytes = std::fs::read(fixtures().join(cases["bad_file"].as_str().expect("bad_file"))).expect("bad.xlsx");
    let list = cases["bad"].as_array().expect("bad cases");
    assert!(list.len() >= 5);
    for case in list {
        let name = case["name"].as_str().expect("name");
        let err = Journey::from_xlsx_worksheet(&bytes, case["sheet"].as_str(), "x", "X").expect_err(name);
        assert_eq!(err.kind().as_str(), case["kind"].as_str().expect("kind"), "{name}: {err}");
        let message = err.to_string();
        for part in strs(&case["message_contains"]) {
            assert!(message.contains(&part), "{name}: {message:?} lacks {part:?}");
        }
        let problems: Vec<String> = match &err {
            Error::Invalid(p) => p.0.iter().map(|p| p.path.clone()).collect(),
            _ => Vec::new(),
        };
        assert_eq!(problems, strs(&case["problems"]), "{name}");
        if err.kind() == ErrorKind::Csv {
            let row = err.location().line.expect("a row");
            assert!(message.contains(&format!("row {row}")), "{name}: {message}");
        }
        if let Some(csv) = case["csv"].as_str() {
            let csv_err = Journey::from_csv_sheet(csv, "x", "X").expect_err(name).to_string();
            for part in strs(&case["csv_message_contains"]) {
                assert!(csv_err.contains(&part), "{name}: {csv_err:?} lacks {part:?}");
            }
        }
    }
}

#[test]
fn bytes_that_are_not_a_workbook_are_refused() {
    let err = Journey::from_xlsx_sheet(b"stage,touchpoint,channel\n", "x", "X").expect_err("csv text");
    assert_eq!(err.kind(), ErrorKind::Csv);
    assert!(err.to_string().contains("expected an Excel .xlsx file"), "{err}");
}

/// The rows of a written worksheet under its header, which must start with `header`.
fn rows(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str, header: &[&str]) -> Vec<Vec<Data>> {
    let range = book.worksheet_range(sheet).expect(sheet);
    let mut rows = range.rows().map(<[Data]>::to_vec);
    let first: Vec<String> = rows.next().expect("a header").iter().map(ToString::to_string).collect();
    assert_eq!(&first[..header.len()], header, "{sheet}");
    rows.collect()
}

fn text(d: &Data) -> String {
    d.to_string()
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn the_written_workbook_holds_the_cores_scores_gaps_and_backlog() {
    let j = example();
    let as_of = NaiveDate::from_ymd_opt(2026, 6, 1);
    let options = XlsxOptions { model: ScoringModel::default(), as_of };
    let bytes = j.to_xlsx(&options).expect("written");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("a workbook calamine reads");
    assert_eq!(book.sheet_names(), ["Scores", "Gaps", "Backlog"]);

    let gaps = j.gaps(&options.model, as_of).expect("gaps");
    let written = rows(
        &mut book,
        "Gaps",
        &["kind", "severity", "stage", "touchpoint", "transition", "persona", "message", "evidence"],
    );
    assert!(!gaps.is_empty());
    assert_eq!(written.len(), gaps.len());
    for (row, gap) in written.iter().zip(&gaps) {
        assert_eq!(text(&row[0]), gap.kind.as_str());
        assert_eq!(number(&row[1]), f64::from(gap.severity));
        assert_eq!(text(&row[3]), gap.location.touchpoint.clone().unwrap_or_default());
        assert_eq!(text(&row[6]), gap.message);
    }

    let backlog = j.prioritize(&options.model, as_of).expect("backlog");
    let written = rows(&mut book, "Backlog", &["rank", "title", "kind", "source", "priority", "quick_win"]);
    assert!(!backlog.is_empty());
    assert_eq!(written.len(), backlog.len());
    for (row, item) in written.iter().zip(&backlog) {
        assert_eq!(number(&row[0]), item.rank as f64);
        assert_eq!(text(&row[1]), item.title);
        assert_eq!(text(&row[2]), item.kind.as_str());
        assert_eq!(number(&row[4]), item.priority);
        assert_eq!(row[5], Data::Bool(item.quick_win));
        assert_eq!(number(&row[8]), item.confidence);
    }

    let score = j.score(&options.model).expect("score");
    let written = rows(
        &mut book,
        "Scores",
        &["level", "id", "name", "stage", "score", "confidence", "weakest", "opportunity", "role", "missing"],
    );
    assert_eq!(written.len(), 1 + score.stages.len() + score.touchpoints.len());
    assert_eq!((text(&written[0][0]), number(&written[0][4])), ("journey".to_owned(), score.score.value));
    let touchpoints: Vec<(String, f64)> =
        written.iter().filter(|r| text(&r[0]) == "touchpoint").map(|r| (text(&r[1]), number(&r[4]))).collect();
    let expected: Vec<(String, f64)> =
        score.touchpoints.iter().map(|t| (t.touchpoint.clone(), t.score.value)).collect();
    assert_eq!(touchpoints, expected);
}

#[test]
fn the_written_worksheets_freeze_their_header_and_filter_their_rows() {
    let bytes = example().to_xlsx(&XlsxOptions::default()).expect("written");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).expect("a workbook");
    for (i, (sheet, last_column)) in [("Scores", "J"), ("Gaps", "H"), ("Backlog", "P")].into_iter().enumerate() {
        let rows = book.worksheet_range(sheet).expect(sheet).height();
        let xml = sheet_xml(&bytes, i + 1);
        assert!(xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#), "{sheet}: header not frozen");
        let filter = format!(r#"<autoFilter ref="A1:{last_column}{rows}"/>"#);
        assert!(xml.contains(&filter), "{sheet}: no {filter}");
        assert!(xml.contains("<col "), "{sheet}: no column widths");
    }
}

/// The XML of worksheet `n` (1-based) of a workbook.
fn sheet_xml(bytes: &[u8], n: usize) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut file = zip.by_name(&format!("xl/worksheets/sheet{n}.xml")).expect("the worksheet part");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut file, &mut xml).expect("UTF-8 XML");
    xml
}

/// The what_if fixture: its map, its log and the estimated effects its backlog lines have (worked out by
/// hand in `tests/fixtures/what_if/make_fixtures.py`).
fn what_if() -> (Journey, journey_core::analytics::EventLog, Value) {
    let dir = fixtures().join("../what_if");
    let cases: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("cases.json")).unwrap()).unwrap();
    let columns = journey_core::analytics::EventColumns {
        outcome: Some(cases["outcome"].as_str().unwrap().to_owned()),
        ..Default::default()
    };
    let log =
        journey_core::analytics::EventLog::load_csv(dir.join(cases["events"].as_str().unwrap()), &columns).unwrap();
    let j = Journey::load(dir.join(cases["backlog"]["map"].as_str().unwrap())).unwrap();
    (j, log, cases["backlog"].clone())
}

#[test]
fn a_workbook_written_with_a_log_has_the_backlogs_estimated_effects() {
    let (j, log, want) = what_if();
    let options = XlsxOptions { model: ScoringModel::default(), as_of: NaiveDate::from_ymd_opt(2026, 6, 1) };
    let bytes = j.to_xlsx_with_log(&options, &log).expect("written");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("a workbook");
    let range = book.worksheet_range("Backlog").expect("Backlog");
    let mut rows = range.rows();
    let head: Vec<String> = rows.next().unwrap().iter().map(ToString::to_string).collect();
    let at = |name: &str| head.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}: {head:?}"));
    let rows: Vec<&[Data]> = rows.collect();
    let title_of = |id: &str| {
        j.prioritize(&options.model, options.as_of).unwrap().into_iter().find(|b| b.id.as_deref() == Some(id))
    };
    for line in want["lines"].as_array().unwrap() {
        let id = line["id"].as_str().unwrap();
        let title = title_of(id).unwrap().title;
        let row = rows.iter().find(|r| text(&r[1]) == title).unwrap_or_else(|| panic!("no line {id}"));
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
        assert!(close(number(&row[at("effect_conversions")]), line["effect_conversions"].as_f64().unwrap()), "{id}");
        assert!(close(number(&row[at("effect_value")]), line["effect_value"].as_f64().unwrap()), "{id}");
        assert_eq!(text(&row[at("ranked_by")]), line["ranked_by"].as_str().unwrap(), "{id}");
        assert!(!text(&row[at("effect_basis")]).is_empty());
    }
    // Without a log, or with one without outcomes, there are no such columns.
    let plain = j.to_xlsx(&options).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(plain)).unwrap();
    let head = book.worksheet_range("Backlog").unwrap().rows().next().unwrap().to_vec();
    assert!(!head.iter().any(|h| h.to_string().starts_with("effect_")));
    let no_outcome = journey_core::analytics::EventLog::load_csv(
        fixtures().join("../what_if/events.csv"),
        &journey_core::analytics::EventColumns::default(),
    )
    .unwrap();
    let bytes = j.to_xlsx_with_log(&options, &no_outcome).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let head = book.worksheet_range("Backlog").unwrap().rows().next().unwrap().to_vec();
    assert!(!head.iter().any(|h| h.to_string().starts_with("effect_")));
}
