//! The report command speaks to people: it names touchpoints (not ids) in its drop-off, paths, attribution,
//! loop and conformance lists, agrees its plurals, writes one p-value format, and says where the report is and how to
//! open it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The `k`-th text in double quotes of a line.
fn quoted(line: &str, k: usize) -> &str {
    line.split('"').nth(2 * k + 1).unwrap_or_else(|| panic!("no quoted text {k} in {line:?}"))
}

/// The lines of a section of the report: from the line starting with `title` to the next blank line.
fn section<'a>(out: &'a str, title: &str) -> Vec<&'a str> {
    let mut lines = out.lines().skip_while(|l| !l.starts_with(title));
    let head = lines.next().unwrap_or_else(|| panic!("no section {title:?} in:\n{out}"));
    std::iter::once(head).chain(lines.take_while(|l| !l.trim().is_empty())).collect()
}

#[test]
fn the_report_names_touchpoints_and_says_where_the_report_is() {
    let dir = std::env::temp_dir().join(format!("journey-cli-{}-words", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_journey"))
        .arg("report")
        .arg(root().join("examples/data/electronics-retailer.json"))
        .arg("--events")
        .arg(root().join("examples/data/electronics-events.csv"))
        .args(["--outcome", "order_value", "--segment", "segment", "--as-of", "2026-12-01", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // Where the report is, and how to open it.
    let report = dir.join("report.html");
    assert!(report.is_file());
    let said = format!("the report is {}: open it in a web browser", report.display());
    assert!(stdout.contains(&said), "{stdout}");
    assert!(stdout.contains(&format!("xdg-open {}", report.display())), "{stdout}");

    // Names, not ids, in the lists of touchpoints.
    let drop = section(&stdout, "biggest drop-offs");
    assert!(drop.len() > 1 && drop.iter().any(|l| l.contains("Product page")), "{drop:?}");
    // The paths around the touchpoint where most customers left, by name, with the ends in words.
    let paths = section(&stdout, "paths around Sponsored social ad (where most left: 3 events each way");
    assert!(paths.iter().any(|l| l.contains("927 customers  journey started > Sponsored social ad")), "{paths:?}");
    assert!(
        paths.iter().any(|l| l.contains("Sponsored social ad > Product page > left without converting")),
        "{paths:?}"
    );
    assert!(paths.iter().all(|l| !l.contains("social_ad")), "{paths:?}");
    let attribution = section(&stdout, "attribution of");
    assert!(attribution.len() > 1 && attribution.iter().any(|l| l.contains("Product page")), "{attribution:?}");
    let loops = section(&stdout, "loops:");
    assert!(loops.iter().any(|l| l.contains("from Payment back to Phone advice line")), "{loops:?}");
    // The list judges loops on the map with the log applied, as the loop gaps do: every loop gap shown is
    // in it, the one from a touchpoint the map lacked included.
    let title = stdout.lines().find(|l| l.contains(" gaps as of ")).expect("a list of gaps");
    let gaps = section(&stdout, title);
    let loop_gaps: Vec<&&str> = gaps.iter().filter(|l| l.contains("] loop ")).collect();
    assert!(!loop_gaps.is_empty(), "{gaps:?}");
    for gap in loop_gaps {
        let (from, to) = (quoted(gap, 0), quoted(gap, 1));
        let to = to.split(" in \"").next().unwrap_or(to);
        assert!(loops.iter().any(|l| l.contains(&format!("from {from} back to {to} ("))), "{gap} not in {loops:?}");
    }
    for (what, lines) in [("drop-offs", &drop), ("attribution", &attribution), ("loops", &loops)] {
        for id in ["product_page", "shipping", "search_result", "payment", "store_advice"] {
            assert!(lines.iter().all(|l| !l.split_whitespace().any(|w| w == id)), "{what} shows id {id}: {lines:?}");
        }
    }
    // Money is not shown with a glued code, counts agree with their nouns, one p-value format.
    for bad in ["1 pain points", "1 customers", "1 touchpoints", "1 quick wins", "1 conversions", "1 times"] {
        assert!(!stdout.lines().any(|l| l.contains(&format!(" {bad}"))), "{bad:?} in:\n{stdout}");
    }
    assert!(!stdout.contains("EUR"), "{stdout}");
    let segment = section(&stdout, "segment ");
    assert!(segment.iter().skip(1).any(|l| l.contains("(p < 0.001)") || l.contains("(p = ")), "{segment:?}");
    assert!(!stdout.contains("e-"), "a p-value in e-notation:\n{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}
