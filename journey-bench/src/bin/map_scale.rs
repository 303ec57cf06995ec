//! How the map operations grow with the size of the map. Prints figures and growth ratios; never asserts on
//! time.
//!
//! For each shape and size it generates a map (see `map_gen.rs`) and times, as the median of `--runs` runs:
//! loading it from JSON and from a CSV sheet, validating, listing the touchpoints, saving as JSON, scoring,
//! the gaps, the backlog, the diff against a changed copy, the SVG poster and the HTML report. Then it prints
//! each operation's growth from one size to the next: near-linear work grows about 10x per 10x (up to about
//! 15x with n log n and the caches).
//!
//! Shapes: `realistic` (about 20 touchpoints per stage, one persona per 200 touchpoints), `stages` (one stage
//! per touchpoint, 3 personas) and `personas` (one persona per 5 touchpoints).
//!
//! ```text
//! cargo run --release -p journey-bench --bin map_scale -- --sizes 1000,10000,100000 --runs 3
//! ```

#[path = "../map_gen.rs"]
mod map_gen;

use std::time::Instant;

use clap::Parser;
use journey_core::render::{HtmlOptions, SvgOptions};
use journey_core::{Journey, ScoringModel, diff};
use map_gen::MapShape;

#[derive(Parser)]
#[command(name = "map_scale", about = "Times the map operations at growing sizes (figures, not assertions)")]
struct Cli {
    /// Numbers of touchpoints, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000")]
    sizes: Vec<usize>,
    /// Shapes, comma-separated: realistic, stages, personas.
    #[arg(long, value_delimiter = ',', default_value = "realistic,stages,personas")]
    shapes: Vec<String>,
    /// Runs of each operation (the median is reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Only these operations, comma-separated (default: all).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Also write the figures as JSON here.
    #[arg(long)]
    json: Option<std::path::PathBuf>,
}

fn shape(name: &str, n: usize) -> Result<MapShape, String> {
    Ok(match name {
        "realistic" => MapShape::realistic(n),
        // One stage per touchpoint; few personas, as a persona × stage gap is possible at every stage.
        "stages" => MapShape { stages: n.max(1), personas: 3, ..MapShape::realistic(n) },
        "personas" => MapShape { personas: (n / 5).max(1), ..MapShape::realistic(n) },
        other => return Err(format!("unknown shape {other:?}, expected realistic, stages or personas")),
    })
}

/// Median time in seconds of `runs` runs of `f`.
fn median(runs: usize, mut f: impl FnMut() -> Result<usize, String>) -> Result<f64, String> {
    if runs == 0 {
        return Ok(f64::NAN);
    }
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        std::hint::black_box(f()?);
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

/// A changed copy of a map, for the diff: every 10th touchpoint renamed, every 7th with other metrics,
/// every 50th removed, a few transitions added.
fn changed(j: &Journey) -> Result<Journey, String> {
    let mut doc = j.to_document();
    for (i, t) in doc.touchpoints.iter_mut().enumerate() {
        if i % 10 == 0 {
            t.name.push_str(" (new)");
        }
        if i % 7 == 0 {
            t.metrics.entered = t.metrics.entered.map(|e| e + 1);
            t.emotion = t.emotion.map(|e| (e + 0.5).min(2.0));
        }
    }
    let removed: std::collections::HashSet<String> =
        doc.touchpoints.iter().enumerate().filter(|(i, _)| i % 50 == 25).map(|(_, t)| t.id.clone()).collect();
    doc.touchpoints.retain(|t| !removed.contains(&t.id));
    doc.transitions.retain(|t| !removed.contains(&t.from) && !removed.contains(&t.to));
    doc.entries.retain(|t| !removed.contains(t));
    doc.goals.retain(|t| !removed.contains(t));
    let n = doc.touchpoints.len();
    for i in (0..n.saturating_sub(3)).step_by(11) {
        let (a, b) = (doc.touchpoints[i].id.clone(), doc.touchpoints[i + 3].id.clone());
        if !doc.transitions.iter().rev().take(4).any(|t| t.from == a && t.to == b) && i % 3 != 0 {
            doc.transitions.push(journey_core::Transition::new(a, b));
        }
    }
    Journey::from_document(doc).map_err(|e| e.to_string())
}

const OPS: [&str; 12] = [
    "load json",
    "load csv sheet",
    "validate",
    "touchpoints",
    "save json",
    "score",
    "gaps",
    "backlog",
    "diff",
    "svg",
    "html",
    "all",
];

fn measure(shape: MapShape, runs: usize, only: &[String]) -> Result<Vec<f64>, String> {
    // No runs for an operation left out: its time is NaN, printed as "-".
    let mut k = 0;
    let mut runs_of = || {
        let op = OPS[k];
        k += 1;
        if only.is_empty() || only.iter().any(|o| o == op) { runs } else { 0 }
    };
    let err = |e: journey_core::Error| e.to_string();
    let doc = map_gen::document(shape);
    // Compact, so that the largest maps stay under the loader's size limit (64 MiB).
    let json = serde_json::to_string(&doc).map_err(|e| e.to_string())?;
    let sheet = map_gen::csv_sheet(shape, 10);
    let j = Journey::from_document(doc).map_err(err)?;
    let other = changed(&j)?;
    let model = ScoringModel::default();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1);
    let (svg, html) = (SvgOptions::default(), HtmlOptions { as_of, ..HtmlOptions::default() });
    let mut t = vec![
        median(runs_of(), || Ok(Journey::from_json(&json).map_err(err)?.touchpoint_count()))?,
        median(runs_of(), || Ok(Journey::from_csv_sheet(&sheet, "sheet", "Sheet").map_err(err)?.touchpoint_count()))?,
        median(runs_of(), || Ok(j.validate().len()))?,
        median(runs_of(), || Ok(j.touchpoints().len()))?,
        median(runs_of(), || Ok(j.to_json().len()))?,
        median(runs_of(), || Ok(j.score(&model).map_err(err)?.touchpoints.len()))?,
        median(runs_of(), || Ok(j.gaps(&model, as_of).map_err(err)?.len()))?,
        median(runs_of(), || Ok(j.prioritize(&model, as_of).map_err(err)?.len()))?,
        median(runs_of(), || Ok(diff(&j, &other, &model).map_err(err)?.touchpoints_removed.len()))?,
        median(runs_of(), || Ok(j.to_svg(&svg).map_err(err)?.len()))?,
        median(runs_of(), || Ok(j.to_html(&html, None).map_err(err)?.len()))?,
    ];
    t.push(t.iter().filter(|x| !x.is_nan()).sum());
    Ok(t)
}

fn main() -> Result<(), String> {
    let cli = Cli::parse();
    let mut report = serde_json::Map::new();
    for name in &cli.shapes {
        let mut rows: Vec<(MapShape, Vec<f64>)> = Vec::new();
        for &n in &cli.sizes {
            let s = shape(name, n)?;
            eprintln!("{name}: {} touchpoints, {} stages, {} personas ...", s.touchpoints, s.stages, s.personas);
            rows.push((s, measure(s, cli.runs, &cli.only)?));
        }
        println!("\n== shape {name} (median of {} runs, seconds)", cli.runs);
        let mut header = format!("{:<16}", "operation");
        for (s, _) in &rows {
            header.push_str(&format!(" {:>12}", format!("n={}", s.touchpoints)));
        }
        for w in rows.windows(2) {
            header.push_str(&format!(" {:>14}", format!("x{}->{}", w[0].0.touchpoints, w[1].0.touchpoints)));
        }
        println!("{header}");
        let mut figures = serde_json::Map::new();
        for (k, op) in OPS.iter().enumerate() {
            let mut line = format!("{op:<16}");
            if rows.iter().any(|(_, t)| t[k].is_nan()) {
                continue;
            }
            for (_, t) in &rows {
                line.push_str(&format!(" {:>12.4}", t[k]));
            }
            for w in rows.windows(2) {
                let ratio = w[1].1[k] / w[0].1[k].max(1e-9);
                line.push_str(&format!(" {:>14.1}", ratio));
            }
            println!("{line}");
            figures.insert(
                (*op).to_owned(),
                serde_json::Value::Object(
                    rows.iter().map(|(s, t)| (s.touchpoints.to_string(), serde_json::json!(t[k]))).collect(),
                ),
            );
        }
        report.insert(name.clone(), serde_json::Value::Object(figures));
    }
    if let Some(path) = cli.json {
        let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
