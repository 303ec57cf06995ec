//! Benchmarks of the journey analytics. Prints figures and ratios; never asserts on time.
//!
//! - `journey-bench gen --events N --customers C --touchpoints T --seed S --out file.csv` writes a
//!   deterministic synthetic event log: touchpoints grouped in stages, Markov moves between them,
//!   conversions with values on the last event, a segment per customer, rows in global time order (customers
//!   interleaved, as a real log is).
//! - `journey-bench run` measures, from in-memory columns (10M events, 1M customers, 50 touchpoints by
//!   default): building the log, discovery (with variants), the funnel and Markov order 1 attribution
//!   (median of 3 runs, each step's time), CSV ingest speed on a generated file, and peak memory against the
//!   size of the input columns.
//! - `journey-bench analyses` times each of the later analyses (journeys per conversion, sessions, windowed
//!   funnels, time to convert, cohorts, Shapley, the transition matrix, order selection, selections) next
//!   to `discover` on the same in-memory log.
//! - `journey-bench partials` prints the size of each analysis's partial result in bytes per event, summed
//!   over 8 parts of the customers (1M events, 100k customers, 50 touchpoints by default), and checks that
//!   the merged partials finish into the one-pass answer.
//! - `journey-bench steps --csv file.csv` times load + discover + funnel + Markov on one CSV file (used by
//!   `bench/peers_bench.py` when the Python binding is not importable).
//!
//! The map operations (load, validate, score, gaps, backlog, diff, SVG, HTML) at growing sizes are timed by
//! the `map_scale` program (`src/bin/map_scale.rs`).

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, Subcommand};
use journey_core::analytics::{AttributionModel, EventChunk, EventColumns, EventLog, TextColumn};
use serde_json::json;

#[derive(Parser)]
#[command(name = "journey-bench", about = "Benchmarks of the journey analytics (figures, not assertions)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone, Copy)]
struct Shape {
    /// Events in the log.
    #[arg(long, default_value_t = 1_000_000)]
    events: usize,
    /// Distinct customers.
    #[arg(long, default_value_t = 100_000)]
    customers: usize,
    /// Distinct touchpoints (grouped in 5 stages).
    #[arg(long, default_value_t = 50)]
    touchpoints: usize,
    /// Random seed: the same seed gives the same log.
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

#[derive(Subcommand)]
enum Command {
    /// Writes a deterministic synthetic event log as CSV.
    Gen {
        #[command(flatten)]
        shape: Shape,
        /// Output CSV file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Times the in-memory pipeline, CSV ingest and peak memory.
    Run {
        /// Events in memory.
        #[arg(long, default_value_t = 10_000_000)]
        events: usize,
        /// Customers in memory.
        #[arg(long, default_value_t = 1_000_000)]
        customers: usize,
        /// Touchpoints.
        #[arg(long, default_value_t = 50)]
        touchpoints: usize,
        /// Seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Runs of the in-memory pipeline (the median is reported).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Events of the generated CSV file for the ingest figure (0: skip).
        #[arg(long, default_value_t = 2_000_000)]
        csv_events: usize,
        /// Where to write the generated CSV file (default: a file in the temp dir, removed after).
        #[arg(long)]
        csv: Option<PathBuf>,
        /// Also write the figures as JSON here.
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// Times each of the analyses added after the first pipeline (journeys per conversion, sessions, a
    /// funnel with a window and step times, time to convert, cohorts, Shapley, the transition matrix, Markov
    /// order selection, selections) on in-memory columns, next to `discover` on the same log (median of runs).
    Analyses {
        #[command(flatten)]
        shape: Shape,
        /// Runs (the median is reported).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Also write the figures as JSON here.
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// The size of each analysis's partial result (`EventLog::partial`) in bytes and bytes per event, summed
    /// over the parts of the customers, and whether the merged partials finish into the one-pass answer.
    Partials {
        #[command(flatten)]
        shape: Shape,
        /// Parts the customers are split into (by rank of their ids).
        #[arg(long, default_value_t = 8)]
        parts: usize,
        /// Also write the figures as JSON here.
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// Times load_csv + discover + funnel + Markov order 1 on a CSV file (median of runs).
    Steps {
        /// A CSV file with customer_id, timestamp, touchpoint and value columns (as `gen` writes).
        #[arg(long)]
        csv: PathBuf,
        /// Outcome column.
        #[arg(long, default_value = "value")]
        outcome: String,
        /// Funnel steps, comma separated (default: the main touchpoint of each generated stage).
        #[arg(long)]
        funnel: Option<String>,
        /// Runs (the median is reported).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Also write the figures as JSON here.
        #[arg(long)]
        json: Option<PathBuf>,
    },
}

/// The core's SplitMix64: small, fast, deterministic.
type Rng = journey_core::analytics::SplitMix64;

const STAGES: [&str; 5] = ["aware", "consider", "cart", "checkout", "purchase"];
const SEGMENTS: [&str; 3] = ["online", "offline", "b2b"];
/// 2026-03-01T00:00:00Z.
const EPOCH_MS: i64 = 1_772_323_200_000;

/// The synthetic log's touchpoints: `stage_tNN`, grouped in stages; the first of each stage is its main one.
fn touchpoint_names(t: usize) -> (Vec<String>, Vec<usize>) {
    let t = t.max(STAGES.len());
    let mut names = Vec::with_capacity(t);
    let mut stage_of = Vec::with_capacity(t);
    for i in 0..t {
        let s = i * STAGES.len() / t;
        stage_of.push(s);
        let k = i - stage_of.iter().position(|x| *x == s).unwrap_or(0);
        names.push(format!("{}_t{k:02}", STAGES[s]));
    }
    (names, stage_of)
}

/// The funnel of the synthetic log: the main touchpoint of each stage.
fn funnel_steps(names: &[String]) -> Vec<String> {
    STAGES.iter().filter_map(|s| names.iter().find(|n| n.starts_with(s)).cloned()).collect()
}

/// One synthetic event.
#[derive(Clone, Copy)]
struct Ev {
    customer: u32,
    touchpoint: u16,
    ts: i64,
    value: f64,
}

/// A synthetic log in global time order (customers interleaved).
fn generate(shape: Shape) -> (Vec<String>, Vec<Ev>, Vec<u8>) {
    let Shape { events, customers, touchpoints, seed } = shape;
    let customers = customers.clamp(1, events.max(1));
    let (names, stage_of) = touchpoint_names(touchpoints);
    let by_stage: Vec<Vec<usize>> =
        (0..STAGES.len()).map(|s| (0..names.len()).filter(|i| stage_of[*i] == s).collect()).collect();
    let mut rng = Rng::new(seed ^ 0x006A_6F75_726E_6579);
    // Lengths: uniform around the mean, then adjusted so that they add up to `events` exactly.
    let mean = events as f64 / customers as f64;
    let mut lengths: Vec<usize> =
        (0..customers).map(|_| 1 + (rng.unit() * 2.0 * (mean - 1.0).max(0.0)).round() as usize).collect();
    let mut total: usize = lengths.iter().sum();
    let mut i = 0;
    while total != events {
        let c = i % customers;
        if total > events && lengths[c] > 1 {
            lengths[c] -= 1;
            total -= 1;
        } else if total < events {
            lengths[c] += 1;
            total += 1;
        }
        i += 1;
    }
    // Touchpoints inside a stage: the main one (index 0) is the most visited, the rest fall off as 1/(k+1).
    let pick = |rng: &mut Rng, s: usize| -> usize {
        let tps = &by_stage[s];
        let weights: f64 = (0..tps.len()).map(|k| 1.0 / (k as f64 + 1.0)).sum();
        let mut x = rng.unit() * weights;
        for (k, t) in tps.iter().enumerate() {
            x -= 1.0 / (k as f64 + 1.0);
            if x <= 0.0 {
                return *t;
            }
        }
        tps[tps.len() - 1]
    };
    let last_stage = STAGES.len() - 1;
    let mut out = Vec::with_capacity(events);
    let mut segments = Vec::with_capacity(customers);
    for (c, &len) in lengths.iter().enumerate() {
        segments.push(rng.below(SEGMENTS.len() as u64) as u8);
        let mut stage = if rng.unit() < 0.85 { 0 } else { 1 };
        let mut tp = pick(&mut rng, stage);
        let mut ts = EPOCH_MS + rng.below(30 * 86_400) as i64 * 1000;
        let mut max_stage = stage;
        let start = out.len();
        for k in 0..len {
            if k > 0 {
                let r = rng.unit();
                if r < 0.30 && stage < last_stage {
                    stage += 1;
                    tp = pick(&mut rng, stage);
                } else if r < 0.40 && stage > 0 {
                    stage -= 1;
                    tp = pick(&mut rng, stage);
                } else if r < 0.50 {
                    // A repeat of the same touchpoint.
                } else {
                    tp = pick(&mut rng, stage);
                }
                max_stage = max_stage.max(stage);
                ts += 1000 * (5 + rng.below(3 * 3600)) as i64;
            }
            out.push(Ev { customer: c as u32, touchpoint: tp as u16, ts, value: 0.0 });
        }
        if max_stage == last_stage && rng.unit() < 0.6 {
            let v = (2000.0 + rng.unit() * 48_000.0).round() / 100.0;
            if let Some(e) = out[start..].last_mut() {
                e.value = v;
            }
        }
    }
    // Global time order (ties by customer, then position): stable sort keeps each customer's order.
    out.sort_by_key(|e| e.ts);
    (names, out, segments)
}

fn customer_id(c: u32) -> String {
    format!("c{c:07}")
}

fn iso(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil from days (Howard Hinnant).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem / 60 % 60, rem % 60)
}

fn write_csv(shape: Shape, path: &PathBuf) -> std::io::Result<u64> {
    let (names, events, segments) = generate(shape);
    let file = std::fs::File::create(path)?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    writeln!(w, "customer_id,timestamp,touchpoint,segment,value")?;
    for e in &events {
        let value = if e.value > 0.0 { format!("{:.2}", e.value) } else { "0".to_owned() };
        writeln!(
            w,
            "{},{},{},{},{}",
            customer_id(e.customer),
            iso(e.ts),
            names[e.touchpoint as usize],
            SEGMENTS[segments[e.customer as usize] as usize],
            value
        )?;
    }
    w.flush()?;
    Ok(std::fs::metadata(path)?.len())
}

/// Strings as Arrow holds them: one buffer and offsets.
struct StringColumn {
    data: Vec<u8>,
    offsets: Vec<u32>,
}

impl StringColumn {
    fn with_capacity(n: usize, bytes: usize) -> Self {
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        StringColumn { data: Vec::with_capacity(bytes), offsets }
    }
    fn push(&mut self, s: &str) {
        self.data.extend_from_slice(s.as_bytes());
        self.offsets.push(u32::try_from(self.data.len()).unwrap_or(u32::MAX));
    }
    fn get(&self, i: usize) -> &str {
        std::str::from_utf8(&self.data[self.offsets[i] as usize..self.offsets[i + 1] as usize]).unwrap_or("")
    }
    fn bytes(&self) -> usize {
        self.data.len() + 4 * self.offsets.len()
    }
}

/// The input columns of the in-memory benchmark, as Arrow would hold them.
struct Columns {
    customer: StringColumn,
    touchpoint: StringColumn,
    timestamp_ns: Vec<i64>,
    outcome: Vec<f64>,
}

impl Columns {
    fn bytes(&self) -> usize {
        self.customer.bytes() + self.touchpoint.bytes() + 8 * self.timestamp_ns.len() + 8 * self.outcome.len()
    }
}

fn columns(shape: Shape) -> (Columns, Vec<String>) {
    let (names, events, _) = generate(shape);
    let n = events.len();
    let ids: Vec<String> = (0..shape.customers.max(1)).map(|c| customer_id(c as u32)).collect();
    let mut cols = Columns {
        customer: StringColumn::with_capacity(n, n * 8),
        touchpoint: StringColumn::with_capacity(n, n * 12),
        timestamp_ns: Vec::with_capacity(n),
        outcome: Vec::with_capacity(n),
    };
    for e in &events {
        cols.customer.push(&ids[e.customer as usize]);
        cols.touchpoint.push(&names[e.touchpoint as usize]);
        cols.timestamp_ns.push(e.ts * 1_000_000); // ms to ns
        cols.outcome.push(e.value);
    }
    (cols, names)
}

/// Peak resident set size (VmHWM) of this process, in bytes.
fn peak_rss() -> Option<u64> {
    proc_status_kib("VmHWM:").map(|k| k * 1024)
}

fn rss() -> Option<u64> {
    proc_status_kib("VmRSS:").map(|k| k * 1024)
}

fn proc_status_kib(key: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets VmHWM to the current RSS (Linux 4.0+); false when the kernel does not allow it.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn mib(b: u64) -> f64 {
    b as f64 / 1_048_576.0
}

fn secs<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let r = f();
    (r, t.elapsed().as_secs_f64())
}

impl TextColumn for StringColumn {
    fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    fn text(&self, row: usize) -> Option<&str> {
        Some(self.get(row))
    }
}

fn build(cols: &Columns) -> EventLog {
    let chunk = EventChunk {
        outcome: Some(&cols.outcome),
        ..EventChunk::new(&cols.customer, &cols.timestamp_ns, &cols.touchpoint)
    };
    EventLog::from_columns(&[chunk]).unwrap_or_default()
}

const STEPS: [&str; 6] = ["build", "discover", "discover.observe", "discover.finish", "funnel", "markov1"];

/// One pass of the pipeline: each step's seconds (discover is observe + finish, also given apart).
fn pipeline(cols: &Columns, funnel: &[&str]) -> ([f64; 6], String) {
    let (log, t_build) = secs(|| build(cols));
    let (obs, t_obs) = secs(|| log.observe());
    let (found, t_fin) = secs(|| obs.finish());
    drop(obs);
    let (f, t_funnel) = secs(|| log.funnel(funnel));
    let (m, t_markov) = secs(|| log.attribution(AttributionModel::Markov { order: 1 }, true));
    let summary = format!(
        "{} events, {} customers, {} transitions, {} variants, funnel {:?}, markov p(conv)={:.4}",
        found.events,
        found.customers,
        found.transitions.len(),
        found.variants.len(),
        f.map(|f| f.steps.iter().map(|s| s.customers).collect::<Vec<_>>()).unwrap_or_default(),
        m.ok().and_then(|m| m.conversion_probability).unwrap_or(f64::NAN),
    );
    ([t_build, t_obs + t_fin, t_obs, t_fin, t_funnel, t_markov], summary)
}

fn run(
    shape: Shape,
    runs: usize,
    csv_events: usize,
    csv: Option<PathBuf>,
    json_out: Option<PathBuf>,
) -> std::io::Result<()> {
    println!(
        "journey-bench run: {} events, {} customers, {} touchpoints, seed {}",
        shape.events, shape.customers, shape.touchpoints, shape.seed
    );
    let ((cols, names), t_gen) = secs(|| columns(shape));
    let steps = funnel_steps(&names);
    let steps: Vec<&str> = steps.iter().map(String::as_str).collect();
    let input = cols.bytes() as u64;
    println!("generated the columns in {t_gen:.2} s; input columns (Arrow layout): {:.1} MiB", mib(input));
    println!("funnel: {}", steps.join(" > "));
    let baseline = rss().unwrap_or(0);
    let reset = reset_peak();
    let mut times: Vec<[f64; 6]> = Vec::new();
    let mut peak_first = None;
    for r in 0..runs.max(1) {
        let (t, summary) = pipeline(&cols, &steps);
        if r == 0 {
            peak_first = peak_rss();
            println!("result: {summary}");
        }
        println!(
            "run {}: build {:.3} s, discover {:.3} s (observe {:.3} + finish {:.3}), funnel {:.3} s, markov1 {:.3} s",
            r + 1,
            t[0],
            t[1],
            t[2],
            t[3],
            t[4],
            t[5]
        );
        times.push(t);
    }
    let med: Vec<f64> = (0..6)
        .map(|k| {
            let mut v: Vec<f64> = times.iter().map(|t| t[k]).collect();
            median(&mut v)
        })
        .collect();
    let mut analyses: Vec<f64> = times.iter().map(|t| t[1] + t[4] + t[5]).collect();
    let mut totals: Vec<f64> = times.iter().map(|t| t[0] + t[1] + t[4] + t[5]).collect();
    let analyses = median(&mut analyses);
    let totals = median(&mut totals);
    println!();
    println!("median of {} runs:", times.len());
    for (k, name) in STEPS.iter().enumerate() {
        println!("  {name:<18} {:>8.3} s", med[k]);
    }
    println!("  {:<18} {analyses:>8.3} s   (discover + variants + funnel + markov1; target < 2 s)", "analyses");
    println!("  {:<18} {totals:>8.3} s   (build + analyses)", "total");
    let peak = peak_first.unwrap_or(0);
    let extra = peak.saturating_sub(baseline);
    println!();
    println!(
        "memory: input columns {:.1} MiB; RSS before the pipeline {:.1} MiB; peak during it {:.1} MiB{}",
        mib(input),
        mib(baseline),
        mib(peak),
        if reset { "" } else { " (VmHWM could not be reset: includes generation)" }
    );
    println!(
        "  peak / input {:.2}x (whole process, input included); (peak - before) / input {:.2}x (what the analytics add); target < 3x",
        peak as f64 / input as f64,
        extra as f64 / input as f64
    );
    drop(cols);

    let mut ingest = serde_json::Value::Null;
    if csv_events > 0 {
        let keep = csv.is_some();
        let path =
            csv.unwrap_or_else(|| std::env::temp_dir().join(format!("journey-bench-{}.csv", std::process::id())));
        let csv_shape = Shape { events: csv_events, customers: (csv_events / 10).max(1), ..shape };
        let bytes = write_csv(csv_shape, &path)?;
        let columns = EventColumns { outcome: Some("value".into()), ..EventColumns::default() };
        let mut t: Vec<f64> = (0..runs.max(1))
            .map(|_| secs(|| EventLog::load_csv(&path, &columns).map(|l| l.len()).unwrap_or(0)).1)
            .collect();
        let t = median(&mut t);
        let mbps = bytes as f64 / 1e6 / t;
        println!();
        println!(
            "CSV ingest: {} events, {:.1} MB in {t:.3} s (median) = {mbps:.0} MB/s ({:.2} M events/s); target > 200 MB/s",
            csv_events,
            bytes as f64 / 1e6,
            csv_events as f64 / 1e6 / t
        );
        ingest = json!({"events": csv_events, "bytes": bytes, "seconds": t, "mb_per_s": mbps});
        if !keep {
            let _ = std::fs::remove_file(&path);
        }
    }
    if let Some(p) = json_out {
        let v = json!({
            "events": shape.events, "customers": shape.customers, "touchpoints": shape.touchpoints,
            "runs": times.len(),
            "median_seconds": STEPS.iter().zip(&med).map(|(k, v)| ((*k).to_owned(), json!(v))).collect::<serde_json::Map<_, _>>(),
            "analyses_seconds": analyses, "total_seconds": totals,
            "input_bytes": input, "rss_before_bytes": baseline, "peak_bytes": peak, "peak_reset": reset,
            "csv_ingest": ingest,
        });
        std::fs::write(p, serde_json::to_string_pretty(&v).unwrap_or_default())?;
    }
    Ok(())
}

fn steps_cmd(
    csv: PathBuf,
    outcome: String,
    funnel: Option<String>,
    runs: usize,
    json_out: Option<PathBuf>,
) -> std::io::Result<()> {
    let columns = EventColumns { outcome: Some(outcome), ..EventColumns::default() };
    let mut load = Vec::new();
    let mut disc = Vec::new();
    let mut fun = Vec::new();
    let mut mark = Vec::new();
    for _ in 0..runs.max(1) {
        let (log, t) = secs(|| EventLog::load_csv(&csv, &columns));
        let log = log.map_err(|e| std::io::Error::other(e.to_string()))?;
        load.push(t);
        disc.push(secs(|| log.discover()).1);
        let steps: Vec<String> = match &funnel {
            Some(f) => f.split(',').map(str::to_owned).collect(),
            None => funnel_steps(log.touchpoint_ids()),
        };
        let steps: Vec<&str> = steps.iter().map(String::as_str).collect();
        fun.push(secs(|| log.funnel(&steps)).1);
        mark.push(secs(|| log.attribution(AttributionModel::Markov { order: 1 }, true)).1);
    }
    let v = json!({
        "load_csv": median(&mut load), "discover": median(&mut disc), "funnel": median(&mut fun),
        "markov1": median(&mut mark), "peak_bytes": peak_rss(),
    });
    println!("{v}");
    if let Some(p) = json_out {
        std::fs::write(p, v.to_string())?;
    }
    Ok(())
}

/// The analyses `journey-bench analyses` times, by name: each returns a figure of its result, so that the
/// work cannot be skipped and the run shows what it computed.
/// A timed analysis: its name and the call.
type Analysis<'a> = (&'static str, Box<dyn Fn() -> String + 'a>);

fn analyses_of<'a>(log: &'a EventLog, steps: &[&str]) -> Vec<Analysis<'a>> {
    use journey_core::analytics::{
        CohortOptions, DidThenOptions, FunnelOptions, JourneyOptions, SessionOptions, TimeToConvertOptions,
    };
    let first = steps[0].to_owned();
    let last = steps[steps.len() - 1].to_owned();
    let steps: Vec<String> = steps.iter().map(|s| (*s).to_owned()).collect();
    let shown = |r: journey_core::Result<String>| r.unwrap_or_else(|e| format!("error: {e}"));
    vec![
        ("discover", Box::new(move || format!("{} transitions", log.discover().transitions.len()))),
        (
            "journeys per conversion",
            Box::new(move || {
                shown(log.journeys(&JourneyOptions::default()).map(|j| format!("{} journeys", j.customer_count())))
            }),
        ),
        (
            "sessions (30 min)",
            Box::new(move || {
                shown(log.sessions(&SessionOptions::default()).map(|s| format!("{} sessions", s.customer_count())))
            }),
        ),
        (
            "funnel within 1 day, step times",
            Box::new(move || {
                let options = FunnelOptions { within_days: Some(1.0), ..FunnelOptions::default() };
                shown(
                    log.funnel_with(&steps, &options)
                        .map(|f| format!("{} at the last step", f.steps[f.steps.len() - 1].customers)),
                )
            }),
        ),
        (
            "time to convert (Kaplan-Meier)",
            Box::new(move || {
                shown(
                    log.time_to_convert(&TimeToConvertOptions::default()).map(|t| format!("{} converted", t.converted)),
                )
            }),
        ),
        (
            "cohorts by month",
            Box::new(move || {
                shown(log.cohorts(&CohortOptions::default()).map(|c| format!("{} cohorts", c.cohorts.len())))
            }),
        ),
        (
            "shapley",
            Box::new(move || {
                shown(log.attribution(AttributionModel::Shapley, true).map(|a| format!("{} rows", a.rows.len())))
            }),
        ),
        (
            "transition matrix, order 2",
            Box::new(move || shown(log.transition_matrix(2, true).map(|m| format!("{} rows", m.rows.len())))),
        ),
        (
            "markov order selection 1..4",
            Box::new(move || shown(log.markov_order_selection(4, true).map(|s| format!("order {} chosen", s.chosen)))),
        ),
        (
            "select did first then last",
            Box::new(move || {
                shown(
                    log.select_did_then(&first, &last, &DidThenOptions::default())
                        .map(|l| format!("{} customers", l.customer_count())),
                )
            }),
        ),
    ]
}

fn analyses_cmd(shape: Shape, runs: usize, json_out: Option<PathBuf>) -> std::io::Result<()> {
    println!(
        "journey-bench analyses: {} events, {} customers, {} touchpoints, seed {}",
        shape.events, shape.customers, shape.touchpoints, shape.seed
    );
    let (cols, names) = columns(shape);
    let (log, t_build) = secs(|| build(&cols));
    drop(cols);
    println!("built the log in {t_build:.2} s");
    let steps = funnel_steps(&names);
    let steps: Vec<&str> = steps.iter().map(String::as_str).collect();
    let mut figures = serde_json::Map::new();
    let mut discover = f64::NAN;
    for (name, analysis) in analyses_of(&log, &steps) {
        let mut times = Vec::new();
        let mut result = String::new();
        for _ in 0..runs.max(1) {
            let (r, t) = secs(&analysis);
            times.push(t);
            result = r;
        }
        let t = median(&mut times);
        if name == "discover" {
            discover = t;
        }
        println!("  {name:<34} {t:>8.3} s  ({:>5.2}x discover)  {result}", t / discover);
        figures.insert(name.to_owned(), json!(t));
    }
    if let Some(p) = json_out {
        std::fs::write(p, serde_json::Value::Object(figures).to_string())?;
    }
    Ok(())
}

/// A map of the synthetic log: its stages, each touchpoint in its stage, the main touchpoints of the stages
/// one after another, the first the entry and the last the goal.
fn synthetic_map(names: &[String]) -> journey_core::Result<journey_core::Journey> {
    use journey_core::{Channel, Journey, Stage, Touchpoint, Transition};
    let mut b = Journey::builder("synthetic", "Synthetic");
    for s in STAGES {
        b.add_stage(Stage::new(s, s));
    }
    for n in names {
        let stage = STAGES.iter().find(|s| n.starts_with(*s)).copied().unwrap_or(STAGES[0]);
        b.add_touchpoint(Touchpoint::new(n, n, stage, Channel::Web));
    }
    let main = funnel_steps(names);
    for w in main.windows(2) {
        b.add_transition(Transition::new(&w[0], &w[1]));
    }
    if let (Some(first), Some(last)) = (main.first(), main.last()) {
        b.add_entry(first.clone());
        b.add_goal(last.clone());
    }
    b.build()
}

fn partials_cmd(shape: Shape, parts: usize, json_out: Option<PathBuf>) -> std::io::Result<()> {
    use journey_core::analytics::{Analysis, Partial, Request, merge_all};
    let fail = |e: journey_core::Error| std::io::Error::other(e.to_string());
    println!(
        "journey-bench partials: {} events, {} customers, {} touchpoints, seed {}, {parts} parts",
        shape.events, shape.customers, shape.touchpoints, shape.seed
    );
    let (cols, names) = columns(shape);
    let log = build(&cols);
    drop(cols);
    let map = synthetic_map(&names).map_err(fail)?;
    let steps = serde_json::Value::from(funnel_steps(&names));
    let doc: serde_json::Value = serde_json::from_str(&map.to_json()).map_err(std::io::Error::other)?;
    let asked = [
        ("discover", json!({})),
        ("dfg", json!({})),
        ("funnel", json!({ "steps": steps })),
        ("stage_funnel", json!({ "map": doc })),
        ("attribution:linear", json!({ "model": "linear" })),
        ("attribution:time_decay", json!({ "model": "time_decay" })),
        ("attribution:ordered_shapley", json!({ "model": "ordered_shapley" })),
        ("markov", json!({ "order": 1 })),
        ("markov:2", json!({ "order": 2 })),
        ("markov:4", json!({ "order": 4 })),
        ("conformance", json!({ "map": doc })),
        ("loops", json!({})),
        ("loops:map", json!({ "map": doc })),
    ];
    let split = log.partition(parts);
    let events = log.len() as f64;
    let mut figures = serde_json::Map::new();
    println!(
        "  {:<28} {:>12} {:>10} {:>9} {:>9}  one-pass answer",
        "analysis", "bytes", "B/event", "partial", "finish"
    );
    for (key, options) in asked {
        let analysis = Analysis::from_options(key, options, None).map_err(fail)?;
        let request = Request::new().with(key, analysis);
        let ((bytes, merged), t_partial) = secs(|| {
            let blobs: Vec<Vec<u8>> =
                split.iter().filter_map(|p| p.partial(&request).and_then(|x| x.to_bytes()).ok()).collect();
            let total: usize = blobs.iter().map(Vec::len).sum();
            let read: Vec<Partial> = blobs.iter().filter_map(|b| Partial::from_bytes(b).ok()).collect();
            (total, merge_all(read))
        });
        let (finished, t_finish) = secs(|| merged.and_then(|m| m.finish()));
        let one_pass = log.partial(&request).and_then(|p| p.finish());
        let same = match (&finished, &one_pass) {
            (Ok(a), Ok(b)) => (if a == b { "equal" } else { "DIFFERENT" }).to_owned(),
            (Err(a), Err(b)) if a.to_string() == b.to_string() => format!("the same error: {a}"),
            (a, b) => format!("DIFFERENT: {:?} against {:?}", a.as_ref().err(), b.as_ref().err()),
        };
        println!("  {key:<28} {bytes:>12} {:>10.3} {t_partial:>8.2}s {t_finish:>8.2}s  {same}", bytes as f64 / events);
        figures.insert(key.to_owned(), json!({ "bytes": bytes, "bytes_per_event": bytes as f64 / events }));
    }
    if let Some(p) = json_out {
        std::fs::write(p, serde_json::Value::Object(figures).to_string())?;
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Gen { shape, out } => write_csv(shape, &out).map(|bytes| {
            eprintln!("wrote {} events ({:.1} MB) to {}", shape.events, bytes as f64 / 1e6, out.display());
        }),
        Command::Run { events, customers, touchpoints, seed, runs, csv_events, csv, json } => {
            run(Shape { events, customers, touchpoints, seed }, runs, csv_events, csv, json)
        }
        Command::Steps { csv, outcome, funnel, runs, json } => steps_cmd(csv, outcome, funnel, runs, json),
        Command::Analyses { shape, runs, json } => analyses_cmd(shape, runs, json),
        Command::Partials { shape, parts, json } => partials_cmd(shape, parts, json),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("journey-bench: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
