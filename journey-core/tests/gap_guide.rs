//! The guide for map owners (docs/gaps.md) describes every gap kind the library has, under its name, once,
//! and names no kind the library does not have.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::gaps::GapKind;

#[test]
fn every_gap_kind_has_its_section_in_the_guide() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/gaps.md");
    let guide = std::fs::read_to_string(path).unwrap();
    let described: Vec<&str> =
        guide.lines().filter_map(|l| l.strip_prefix("### `").and_then(|rest| rest.strip_suffix('`'))).collect();
    for kind in GapKind::NAMES {
        assert_eq!(described.iter().filter(|d| *d == kind).count(), 1, "docs/gaps.md: section of `{kind}`");
    }
    for d in &described {
        assert!(GapKind::NAMES.contains(d), "docs/gaps.md describes `{d}`, which is no gap kind");
    }
    // Each section says something: at least one line of text after its heading.
    for section in guide.split("\n### `").skip(1) {
        let body: Vec<&str> = section.lines().skip(1).take_while(|l| !l.starts_with('#')).collect();
        assert!(body.iter().any(|l| l.split_whitespace().count() >= 8), "an empty section: {section}");
    }
}
