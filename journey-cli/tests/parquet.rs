//! `journey report --events FILE.parquet`: a Parquet event log (by its extension, in any case) gives the
//! report its CSV gives, and a file that is not Parquet is refused naming it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data").join(name)
}

fn report(events: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_journey"))
        .arg("report")
        .arg(data("electronics-retailer.json"))
        .arg("--events")
        .arg(events)
        .args(["--outcome", "order_value", "--segment", "segment", "--as-of", "2026-12-01"])
        .output()
        .unwrap()
}

/// The report from the line that says what was observed on: what the events gave.
fn observed(out: &Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let at = text.find("\nobserved: ").expect("an observed section");
    text[at..].to_owned()
}

#[test]
fn the_parquet_events_give_the_report_of_the_csv() {
    let csv = observed(&report(&data("electronics-events.csv")));
    let parquet = observed(&report(&data("electronics-events.parquet")));
    assert!(csv.contains("9,076 events") || csv.contains("9076 events"), "{csv}");
    assert_eq!(parquet, csv);
}

#[test]
fn the_extension_is_read_in_any_case() {
    let dir = std::env::temp_dir().join(format!("journey-cli-parquet-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let upper = dir.join("EVENTS.PARQUET");
    std::fs::copy(data("electronics-events.parquet"), &upper).unwrap();
    let out = report(&upper);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(observed(&out), observed(&report(&data("electronics-events.parquet"))));
}

#[test]
fn a_file_that_is_not_parquet_is_refused_by_name() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/parquet/not-parquet.parquet");
    let out = report(&path);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("not-parquet.parquet") && stderr.contains("not a Parquet file"), "{stderr}");
}
