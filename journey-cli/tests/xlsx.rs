//! The report command reads a map from an Excel worksheet (by its .xlsx extension) and writes the scores,
//! gaps and backlog as report.xlsx into `--out`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn report(map: &Path, out: Option<&Path>) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_journey"));
    command.arg("report").arg(map).args(["--as-of", "2026-06-01"]);
    if let Some(dir) = out {
        command.arg("--out").arg(dir);
    }
    let run = command.output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    String::from_utf8(run.stdout).unwrap()
}

#[test]
fn an_xlsx_map_reports_as_its_csv_sheet_and_the_workbook_is_written() {
    let from_xlsx = report(&root().join("examples/data/electronics-retailer.xlsx"), None);
    let from_csv = report(&root().join("examples/data/electronics-retailer.csv"), None);
    assert_eq!(from_xlsx, from_csv);
    assert!(from_xlsx.contains("backlog"), "{from_xlsx}");

    let dir = std::env::temp_dir().join(format!("journey-cli-{}-xlsx", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = report(&root().join("examples/data/electronics-retailer.xlsx"), Some(&dir));
    let workbook = dir.join("report.xlsx");
    assert!(stdout.contains(&format!("  {}\n", workbook.display())), "{stdout}");
    let bytes = std::fs::read(&workbook).unwrap();
    // A zip archive whose directory (names stored as written) lists the three worksheets.
    assert!(bytes.starts_with(b"PK\x03\x04"));
    let has = |name: &str| bytes.windows(name.len()).any(|w| w == name.as_bytes());
    assert!(has("xl/worksheets/sheet1.xml") && has("xl/worksheets/sheet3.xml") && !has("xl/worksheets/sheet4.xml"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_xlsx_map_is_reported_at_its_row() {
    let run = Command::new(env!("CARGO_BIN_EXE_journey"))
        .arg("check")
        .arg(root().join("tests/fixtures/xlsx/bad.xlsx"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let text = String::from_utf8_lossy(&run.stdout).into_owned() + &String::from_utf8_lossy(&run.stderr);
    assert!(text.contains(r#"sheet "Emotion", row 3, column "emotion": "happy" is not a number"#), "{text}");
}
