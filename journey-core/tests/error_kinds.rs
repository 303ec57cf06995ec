//! The binding's lists of error kinds (the TypeScript `ErrorKind` union, the Python `_ErrorKind` literal)
//! are the core's [`ErrorKind::ALL`]: this test fails when they drift.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use journey_core::ErrorKind;

/// The quoted names between `start` and the first `end` after it in `text`.
fn quoted(text: &str, start: &str, end: &str) -> Vec<String> {
    let from = text.find(start).unwrap_or_else(|| panic!("{start:?} not found")) + start.len();
    let body = &text[from..from + text[from..].find(end).expect("end of the list")];
    body.split('"').skip(1).step_by(2).map(str::to_owned).collect()
}

fn names() -> Vec<String> {
    ErrorKind::ALL.iter().map(|k| k.as_str().to_owned()).collect()
}

#[test]
fn typescript_union_is_the_enum() {
    let text = include_str!("../../journey-wasm/src/lib.rs");
    assert_eq!(quoted(text, "export type ErrorKind =", ";"), names());
}

#[test]
fn python_literal_is_the_enum() {
    let text = include_str!("../../journey-py/python/journey/_journey.pyi");
    assert_eq!(quoted(text, "_ErrorKind = Literal[", "]"), names());
}

#[test]
fn names_parse_back() {
    for &kind in ErrorKind::ALL {
        assert_eq!(kind.as_str().parse::<ErrorKind>().expect("a kind"), kind);
        assert_eq!(kind.to_string(), kind.as_str());
    }
    let e = "nope".parse::<ErrorKind>().expect_err("not a kind");
    assert_eq!(e.kind(), ErrorKind::Argument);
    // The standard wording of every kind enum's names (`names!`).
    assert!(e.to_string().starts_with("kind: unknown error kind \"nope\", expected \"json\", \"csv\", "), "{e}");
    assert!(e.to_string().ends_with(", \"cancelled\" or \"partial\""), "{e}");
    assert_eq!(ErrorKind::NAMES, names());
}
