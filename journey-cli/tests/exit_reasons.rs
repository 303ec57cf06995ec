//! `journey report --reason COLUMN`: the drop-off list says why customers left, from the shared fixture in
//! `tests/fixtures/exit_reasons/`; a reason column the log lacks is named.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/exit_reasons").join(name)
}

fn report(reason: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_journey"));
    cmd.arg("report").arg(fixture("map.json")).arg("--events").arg(fixture("events.csv"));
    cmd.args(["--outcome", "converted", "--as-of", "2026-12-01"]);
    if let Some(r) = reason {
        cmd.args(["--reason", r]);
    }
    cmd.output().unwrap()
}

#[test]
fn the_drop_off_list_gives_the_top_reasons() {
    let out = report(Some("why"));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("biggest drop-offs"))
        .take_while(|l| !l.trim().is_empty())
        .collect();
    let basket = lines.iter().position(|l| l.trim_start().starts_with("Basket")).unwrap_or_else(|| panic!("{lines:?}"));
    assert_eq!(
        lines[basket + 1].trim(),
        "top reasons: \"too expensive\" (3 customers), \"account required\" (1), \"coupon invalid\" (1), \
         \"just browsing\" (1), \"shipping cost\" (1)",
        "{lines:?}"
    );
    let checkout = lines.iter().position(|l| l.trim_start().starts_with("Checkout")).unwrap();
    assert_eq!(lines[checkout + 1].trim(), "top reasons: \"payment failed\" (2 customers), \"E402\" (1)");
    // The home page's one leaver gave no reason: no line of reasons under it.
    let home = lines.iter().position(|l| l.trim_start().starts_with("Home page")).unwrap();
    assert!(lines.get(home + 1).is_none_or(|l| !l.contains("top reasons")), "{lines:?}");
    // Without --reason, no reasons.
    let plain = String::from_utf8(report(None).stdout).unwrap();
    assert!(plain.contains("biggest drop-offs") && !plain.contains("top reasons"), "{plain}");
}

#[test]
fn a_reason_column_the_log_lacks_is_named() {
    let out = report(Some("cause"));
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("missing column \"cause\""), "{stderr}");
}
