//! `journey`: load, check and report on customer journey maps from the command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use journey_core::{Error, Journey};

#[derive(Parser)]
#[command(name = "journey", version, about = "Customer journey maps: check, summarise and report")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load a map (JSON, or a CSV sheet by its .csv extension), validate it and print a report.
    Report {
        /// The journey map.
        map: PathBuf,
    },
    /// Validate a map and list every problem; exits with 1 when there are any.
    Check {
        /// The journey map.
        map: PathBuf,
    },
    /// Convert a map (JSON or CSV sheet) to the JSON file format on standard output.
    Convert {
        /// The journey map.
        map: PathBuf,
    },
    /// Print the JSON Schema of the journey file format.
    Schema,
}

fn load(path: &Path) -> Result<Journey, Error> {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
        Journey::load_csv_sheet(path)
    } else {
        Journey::load(path)
    }
}

fn report(j: &Journey) -> String {
    let mut out = String::new();
    let kind = serde_json::to_value(j.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    out += &format!("{} ({kind})\n", j.name);
    if let Some(d) = &j.description {
        out += &format!("{d}\n");
    }
    if let Some(r) = j.reviewed_on {
        out += &format!("last reviewed {r}\n");
    }
    let channels: std::collections::BTreeSet<String> = j.touchpoints().iter().map(|t| t.channel.to_string()).collect();
    let online = j.touchpoints().iter().filter(|t| t.channel.is_online()).count();
    out += &format!(
        "\n{} stages, {} touchpoints ({} online, {} offline) on {} channels, {} transitions, {} personas\n",
        j.stages().len(),
        j.touchpoint_count(),
        online,
        j.touchpoint_count() - online,
        channels.len(),
        j.transition_count(),
        j.personas().len()
    );
    for p in j.personas() {
        let n = j.touchpoints_for_persona(&p.id).map(|t| t.len()).unwrap_or(0);
        out += &format!("  persona {}: {} ({} touchpoints)\n", p.id, p.name, n);
    }
    out += "\nstages\n";
    for s in j.stages() {
        let tps = j.touchpoints_in_stage(&s.id).unwrap_or_default();
        let emotions: Vec<f64> = tps.iter().filter_map(|t| t.emotion).collect();
        let mean = if emotions.is_empty() {
            "  n/a".to_owned()
        } else {
            format!("{:+.2}", emotions.iter().sum::<f64>() / emotions.len() as f64)
        };
        let pains: usize = tps.iter().map(|t| t.pain_points.len()).sum();
        out += &format!("  {:<16} {:>3} touchpoints  emotion {mean}  {pains} pain points\n", s.name, tps.len());
        for t in tps {
            let mut marks = String::new();
            if j.is_entry(&t.id) {
                marks += " [entry]";
            }
            if j.is_goal(&t.id) {
                marks += " [goal]";
            }
            if t.moment_of_truth {
                marks += " [moment of truth]";
            }
            out += &format!("    - {} ({}){marks}\n", t.name, t.channel);
        }
    }
    let entries: Vec<&str> = j.entries().iter().map(|t| t.id.as_str()).collect();
    let goals: Vec<&str> = j.goals().iter().map(|t| t.id.as_str()).collect();
    out += &format!("\nentries: {}\ngoals: {}\n", entries.join(", "), goals.join(", "));
    for e in &entries {
        for g in &goals {
            if let Ok(Some(path)) = j.path(e, g) {
                let ids: Vec<&str> = path.iter().map(|t| t.id.as_str()).collect();
                out += &format!("shortest path {e} -> {g}: {}\n", ids.join(" -> "));
            }
        }
    }
    out
}

fn print_error(path: &Path, e: &Error) {
    eprintln!("error: {}: {e}", path.display());
    for p in e.problems() {
        eprintln!("  {p}");
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Schema => {
            println!("{}", journey_core::io::json_schema());
            ExitCode::SUCCESS
        }
        Command::Report { map } => match load(&map) {
            Ok(j) => {
                print!("{}", report(&j));
                ExitCode::SUCCESS
            }
            Err(e) => {
                print_error(&map, &e);
                ExitCode::FAILURE
            }
        },
        Command::Check { map } => match load(&map) {
            Ok(j) => {
                println!("{}: valid ({} touchpoints)", map.display(), j.touchpoint_count());
                ExitCode::SUCCESS
            }
            Err(e) => {
                println!("kind: {}", e.kind());
                for p in e.problems() {
                    println!("problem: {} {}", p.kind, p.path);
                }
                print_error(&map, &e);
                ExitCode::FAILURE
            }
        },
        Command::Convert { map } => match load(&map) {
            Ok(j) => {
                println!("{}", j.to_json());
                ExitCode::SUCCESS
            }
            Err(e) => {
                print_error(&map, &e);
                ExitCode::FAILURE
            }
        },
    }
}
