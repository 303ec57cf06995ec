//! `journey check`: maps validated and their gaps listed, as a lint step in a repository of maps.
//!
//! Exit codes: 0 when every map is valid and no gap reaches `--fail-on`; 1 when a map cannot be read or
//! is invalid (whatever `--fail-on` says); 3 when every map is valid but a gap reaches `--fail-on`;
//! 2 for wrong usage (an unknown option, a missing argument).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use journey_core::gaps::Gap;
use journey_core::words::plural;
use journey_core::{Error, Journey, ScoringModel};
use serde_json::{Value, json};

use crate::{print_error, shown, shown_path};

/// A map could not be read or is invalid.
pub const INVALID: u8 = 1;
/// Every map is valid, but one has a gap of at least the `--fail-on` severity.
pub const GAPS: u8 = 3;

/// How `check` prints what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Lines for people: `path: valid (…)`, the gaps, and errors on standard error.
    Text,
    /// One JSON document on standard output, for scripts.
    Json,
}

/// The severity from which a gap fails the check (1 to 5), or none: gaps are listed but do not fail it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailOn(pub Option<u8>);

/// What `--fail-on` takes: a severity from 1 to 5, or `never` (the default).
pub fn fail_on(text: &str) -> Result<FailOn, String> {
    match text.trim() {
        "never" => Ok(FailOn(None)),
        t => match t.parse::<u8>() {
            Ok(s) if (1..=5).contains(&s) => Ok(FailOn(Some(s))),
            _ => Err(format!("expected a severity from 1 to 5 or never, found {t:?}")),
        },
    }
}

/// The maps named: files as they are (`-` for standard input), folders for every `.json` file in them and
/// in their subfolders, in the order of their paths.
fn maps_of(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            json_files(path, &mut found);
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    out
}

/// Every `.json` file below `dir`, folders whose names start with a dot left out. A folder that cannot be
/// listed is left out too: it is named as an error when given as a file.
fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if path.is_dir() {
            if !hidden {
                json_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            out.push(path);
        }
    }
}

/// The map at `path` (`-`: JSON on standard input).
fn load(path: &Path) -> Result<Journey, Error> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|source| Error::Io { path: PathBuf::from("<standard input>"), source })?;
        return Journey::from_json(&text);
    }
    crate::load(path)
}

/// What one map gave.
struct Checked {
    path: PathBuf,
    result: Result<(Journey, Vec<Gap>), Error>,
}

/// Checks every map named and prints what was found; the exit code is as the module says.
pub fn run(paths: &[PathBuf], FailOn(fail_on): FailOn, format: Format, as_of: NaiveDate) -> ExitCode {
    let model = ScoringModel::default();
    let checked: Vec<Checked> = maps_of(paths)
        .into_iter()
        .map(|path| {
            let result = load(&path).and_then(|j| {
                let gaps = j.gaps(&model, Some(as_of))?;
                Ok((j, gaps))
            });
            Checked { path, result }
        })
        .collect();
    let invalid = checked.iter().any(|c| c.result.is_err());
    let failing = |g: &Gap| fail_on.is_some_and(|s| g.severity >= s);
    let gaps_fail = checked.iter().any(|c| c.result.as_ref().is_ok_and(|(_, gaps)| gaps.iter().any(failing)));
    let code = if invalid {
        INVALID
    } else if gaps_fail {
        GAPS
    } else {
        0
    };
    match format {
        Format::Text => text(&checked, fail_on, failing),
        Format::Json => println!("{}", json_report(&checked, fail_on, code)),
    }
    ExitCode::from(code)
}

fn text(checked: &[Checked], fail_on: Option<u8>, failing: impl Fn(&Gap) -> bool) {
    for c in checked {
        match &c.result {
            Ok((j, gaps)) => {
                let at = gaps.iter().filter(|g| failing(g)).count();
                let mut line = format!(
                    "{}: valid ({}, {})",
                    shown_path(&c.path),
                    plural(j.touchpoint_count() as u64, "touchpoint"),
                    plural(gaps.len() as u64, "gap")
                );
                if let Some(s) = fail_on {
                    line += &format!(", {} at severity {s} or more", crate::count(at as u64));
                }
                println!("{line}");
                for g in gaps.iter().filter(|g| fail_on.is_none() || failing(g)) {
                    println!("  gap {} (severity {}): {}", g.kind, g.severity, shown(&g.message));
                }
            }
            Err(e) => {
                println!("{}: kind: {}", shown_path(&c.path), e.kind());
                for p in e.problems() {
                    println!("problem: {} {}", p.kind, shown(&p.path));
                }
                print_error(&c.path, e);
            }
        }
    }
}

/// The JSON document of `--format json`.
fn json_report(checked: &[Checked], fail_on: Option<u8>, code: u8) -> Value {
    let files: Vec<Value> = checked
        .iter()
        .map(|c| {
            let path = c.path.display().to_string();
            match &c.result {
                Ok((j, gaps)) => json!({
                    "path": path,
                    "valid": true,
                    "touchpoints": j.touchpoint_count(),
                    "gaps": gaps.iter().map(|g| json!({
                        "kind": g.kind,
                        "severity": g.severity,
                        "message": g.message,
                        "location": g.location,
                    })).collect::<Vec<_>>(),
                }),
                Err(e) => json!({
                    "path": path,
                    "valid": false,
                    "error": {
                        "kind": e.kind().as_str(),
                        "message": e.to_string(),
                        "location": e.location(),
                        "problems": e.problems(),
                    },
                }),
            }
        })
        .collect();
    json!({ "files": files, "fail_on": fail_on, "exit_code": code })
}
