//! `journey`: load, check and report on customer journey maps from the command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod check;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use journey_core::analytics::{
    AttributionModel, CohortOptions, CompareOptions, Cost, Dimension, EventColumns, EventLog, PathAnchor, PathMarker,
    PathsOptions, Spend, TieOrder, TimeToConvertOptions,
};
use journey_core::backlog::RankedBy;
use journey_core::render::{HtmlOptions, PageOptions, PageSize, PosterSize, SvgOptions};
use journey_core::words::{self, count, plural};
use journey_core::{Error, Journey, Problems, ScoringModel};

// Every piece of user text the command prints (ids, names, messages that quote them, paths) goes through the
// core's escaping: `shown` writes control and invisible characters as escapes (`\n`, `\u{1b}`), so a value
// cannot start a line of its own (a forged `error:`), move the cursor, recolour or reorder what follows;
// `shown_json` writes them inside JSON strings as JSON escapes (`\u001b`), the same JSON value.
use journey_core::io::{printable as shown, printable_json as shown_json};

/// A path as [`shown`] shows text.
fn shown_path(path: &Path) -> String {
    shown(&path.display().to_string()).into_owned()
}

#[derive(Parser)]
#[command(name = "journey", version, about = "Customer journey maps: check, summarise and report")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The columns of the event log.
#[derive(clap::Args)]
struct Columns {
    /// Customer id column of the event log.
    #[arg(long, default_value = "customer_id")]
    customer: String,
    /// Timestamp column of the event log.
    #[arg(long, default_value = "timestamp")]
    timestamp: String,
    /// Touchpoint column of the event log.
    #[arg(long, default_value = "touchpoint")]
    touchpoint: String,
    /// Outcome column (conversion flag or value) of the event log.
    #[arg(long)]
    outcome: Option<String>,
    /// Segment column of the event log; the first two segments are compared.
    #[arg(long)]
    segment: Option<String>,
    /// Channel column of the event log (web, app, store, ...): the report counts the customers' switches of
    /// channel and the conversion of those who switch.
    #[arg(long)]
    channel: Option<String>,
    /// Device column of the event log (mobile, desktop, ...): the report counts the switches of device.
    #[arg(long)]
    device: Option<String>,
    /// Session column of the event log: the report's sessions are its values; without it, a customer's
    /// event more than 30 minutes after their previous one starts a new session.
    #[arg(long)]
    session: Option<String>,
    /// Reason column of the event log (a cancellation reason, a survey answer, an error code): the
    /// drop-off list shows the top reasons of the customers who left at each touchpoint, from the reason
    /// of their last event.
    #[arg(long)]
    reason: Option<String>,
    /// Sequence column of the event log: an integer per event that orders a customer's events with the
    /// same timestamp.
    #[arg(long)]
    sequence: Option<String>,
    /// How a customer's events with the same timestamp are ordered: canonical (by sequence, then by
    /// touchpoint and the other columns, whatever the order of the rows) or input (the rows' order).
    #[arg(long, default_value_t = TieOrder::Canonical)]
    ties: TieOrder,
}

impl Columns {
    fn event_columns(&self) -> EventColumns {
        EventColumns {
            customer: self.customer.clone(),
            timestamp: self.timestamp.clone(),
            touchpoint: self.touchpoint.clone(),
            segment: self.segment.clone(),
            channel: self.channel.clone(),
            device: self.device.clone(),
            session: self.session.clone(),
            reason: self.reason.clone(),
            outcome: self.outcome.clone(),
            sequence: self.sequence.clone(),
            ties: self.ties,
        }
    }
}

// Parsed once per run: the size of the report's options does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Load a map (JSON, a CSV sheet by its .csv extension, or an Excel worksheet laid out as a CSV sheet
    /// by its .xlsx extension), validate it and print a report: the map,
    /// its scores with their weakest points, the gaps by severity and the top of the backlog.
    #[command(after_help = "Examples:\n  \
        journey report examples/data/electronics-retailer.json\n  \
        journey report examples/data/electronics-retailer.xlsx --out out   # also writes out/report.xlsx\n  \
        journey report examples/data/electronics-retailer.json --events examples/data/electronics-events.csv \\\n    \
        --outcome order_value --segment segment \\\n    \
        --channel channel --device device --session session --out out")]
    Report {
        /// The journey map.
        map: PathBuf,
        /// The date the map's age is measured against (YYYY-MM-DD); today when not given.
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// How many gaps and backlog items to list.
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// An event log to check the map against, CSV or Parquet (by its .parquet extension); its
        /// observations are applied to the map before scoring.
        #[arg(long)]
        events: Option<PathBuf>,
        #[command(flatten)]
        columns: Columns,
        /// A folder to write the pictures to: the poster (poster.svg), the HTML report (report.html), the
        /// scores, gaps and backlog as an Excel workbook to filter (report.xlsx; with --events and
        /// --outcome, each backlog line's estimated effect too), the map as Mermaid (journey.mmd) and
        /// Graphviz DOT (journey.dot).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The currency of the outcome values (an ISO 4217 code such as EUR, or a symbol such as €) for this
        /// run: sets the map's `currency`, or overrides it. Without it, and without one in the map, values
        /// are plain numbers.
        #[arg(long, value_name = "CODE", value_parser = currency)]
        currency: Option<String>,
        /// Money spent on a touchpoint, as ID=AMOUNT (repeat it, or separate them with commas, so an id with a
        /// comma cannot be given here): the report adds each one's cost per converting customer and return on
        /// ad spend (needs --events with --outcome). An amount is 0, or 0.01 to 1e15.
        #[arg(long, value_name = "ID=AMOUNT", value_delimiter = ',', value_parser = spend_entry)]
        spend: Vec<(String, f64)>,
        /// The currency of --spend (an ISO 4217 code or a symbol), checked against the map's (or --currency):
        /// one other than the map's, or one where the map names none, is refused.
        #[arg(long, value_name = "CODE", requires = "spend")]
        spend_currency: Option<String>,
        /// Also write the report as a PDF (report.pdf in --out) on this page: screen, a4, a4_landscape, a3,
        /// a3_landscape or WIDTHxHEIGHT in millimetres (screen is A4 portrait). It holds the HTML report's
        /// content on numbered pages, the charts in place.
        #[arg(long, value_name = "PAGE", requires = "out", value_parser = page_size)]
        pdf: Option<PageSize>,
        /// The paths around the touchpoint where most customers left, in the text and the HTML report:
        /// around each customer's first visit (first, counting customers) or around every visit (every,
        /// counting visits).
        #[arg(long, value_name = "ANCHOR", default_value_t = PathAnchor::First)]
        paths_anchor: PathAnchor,
    },
    /// Draw a map's poster as SVG, PDF or PNG, by the extension of --out or by --format.
    #[command(after_help = "Examples:
  \
        journey poster examples/data/electronics-retailer.json --out poster.pdf --page a3_landscape\n  \
        journey poster examples/data/electronics-retailer.json --out poster.png --page a4_landscape --dpi 150\n  \
        journey poster map.json --out poster.pdf --font /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")]
    Poster {
        /// The journey map (JSON, a CSV sheet by its .csv extension or an Excel worksheet by .xlsx).
        map: PathBuf,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
        /// svg, pdf or png; by default the extension of --out.
        #[arg(long, value_enum)]
        format: Option<PosterFormat>,
        /// The page: screen (the poster's own size), a4, a4_landscape, a3, a3_landscape or WIDTHxHEIGHT in
        /// millimetres (210x297); on paper the poster is scaled to fit inside a 10 mm margin. An SVG takes
        /// screen, a4_landscape or a3_landscape.
        #[arg(long, default_value = "screen", value_parser = page_size)]
        page: PageSize,
        /// Pixels per inch of a PNG (96: a screen page has the poster's size in pixels).
        #[arg(long, default_value_t = 96.0)]
        dpi: f64,
        /// Draw the map of this persona.
        #[arg(long)]
        persona: Option<String>,
        /// A font file (TrueType, OpenType or a collection) for characters the bundled and the system's fonts
        /// lack; repeat it for more.
        #[arg(long = "font", value_name = "FILE")]
        fonts: Vec<PathBuf>,
    },
    /// Validate maps and list their gaps: a lint step for a repository of maps.
    ///
    /// Exit codes: 0 every map is valid (and no gap reaches --fail-on); 1 a map cannot be read or is
    /// invalid; 3 every map is valid but a gap reaches --fail-on; 2 wrong usage.
    #[command(after_help = "Examples:\n  \
        journey check examples/data/electronics-retailer.json\n  \
        journey check maps/ --fail-on 4            # fail on gaps of severity 4 or 5\n  \
        journey check a.json b.csv --format json   # one JSON document for scripts\n  \
        cat map.json | journey check -             # a map on standard input")]
    Check {
        /// The journey maps: JSON files, CSV sheets (by their .csv extension), Excel worksheets (.xlsx), folders (every .json file
        /// in them and their subfolders) or - for a JSON map on standard input.
        #[arg(required = true, value_name = "MAP")]
        maps: Vec<PathBuf>,
        /// Fail (exit code 3) when a valid map has a gap of at least this severity (1 to 5); never (the
        /// default) lists the gaps without failing.
        #[arg(long, value_name = "SEVERITY", default_value = "never", value_parser = check::fail_on)]
        fail_on: check::FailOn,
        /// text for people, json for scripts (one document on standard output).
        #[arg(long, value_enum, default_value_t = check::Format::Text)]
        format: check::Format,
        /// The date the maps' age is measured against (YYYY-MM-DD); today when not given.
        #[arg(long)]
        as_of: Option<NaiveDate>,
    },
    /// Convert a map (JSON or CSV sheet) to the JSON file format on standard output.
    #[command(after_help = "Example:\n  journey convert examples/data/electronics-retailer.csv > map.json")]
    Convert {
        /// The journey map.
        map: PathBuf,
    },
    /// Print the JSON Schema of the journey file format.
    #[command(after_help = "Example:\n  journey schema > journey.schema.json")]
    Schema,
}

/// The formats of `journey poster`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum PosterFormat {
    Svg,
    Pdf,
    Png,
}

/// A page size as `--page` and `--pdf` take it, by the core's names.
fn page_size(text: &str) -> Result<PageSize, String> {
    text.parse::<PageSize>().map_err(|e| match e {
        Error::Argument { message, .. } => message,
        other => other.to_string(),
    })
}

/// Writes the poster of `journey poster`, saying where.
#[allow(clippy::too_many_arguments)]
fn poster(
    map: &Path,
    out: &Path,
    format: Option<PosterFormat>,
    page: PageSize,
    dpi: f64,
    persona: Option<String>,
    fonts: &[PathBuf],
) -> ExitCode {
    let by_extension = out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let format = match (format, by_extension.as_deref()) {
        (Some(f), _) => f,
        (None, Some("svg")) => PosterFormat::Svg,
        (None, Some("pdf")) => PosterFormat::Pdf,
        (None, Some("png")) => PosterFormat::Png,
        (None, _) => {
            eprintln!("error: --out {}: no .svg, .pdf or .png extension, give --format", shown_path(out));
            return ExitCode::from(2);
        }
    };
    let size = match (format, page) {
        (PosterFormat::Svg, PageSize::Screen) => PosterSize::Auto,
        (PosterFormat::Svg, PageSize::A4Landscape) => PosterSize::A4Landscape,
        (PosterFormat::Svg, PageSize::A3Landscape) => PosterSize::A3Landscape,
        (PosterFormat::Svg, other) => {
            eprintln!("error: --page {other}: an SVG poster is screen, a4_landscape or a3_landscape");
            return ExitCode::from(2);
        }
        _ => PosterSize::Auto,
    };
    let written = load(map).map_err(about(map)).and_then(|j| {
        let mut files = Vec::with_capacity(fonts.len());
        for f in fonts {
            files.push(std::fs::read(f).map_err(|source| Failure::io(f, source))?);
        }
        let svg = SvgOptions { persona, size, ..SvgOptions::default() };
        let options = PageOptions { page, dpi, fonts: files };
        let bytes = match format {
            PosterFormat::Svg => j.to_svg(&svg).map(String::into_bytes),
            PosterFormat::Pdf => j.poster_pdf(&svg, &options),
            PosterFormat::Png => j.poster_png(&svg, &options),
        }
        .map_err(about(map))?;
        std::fs::write(out, &bytes).map_err(|source| Failure::io(out, source))?;
        Ok(bytes.len())
    });
    match written {
        Ok(n) => {
            println!("written: {} ({})", shown_path(out), plural(n as u64, "byte"));
            ExitCode::SUCCESS
        }
        Err(f) => {
            print_error(&f.file, &f.error);
            ExitCode::FAILURE
        }
    }
}

/// A currency as `--currency` takes it, by the core's rule for a map's `currency`.
fn currency(code: &str) -> Result<String, String> {
    words::currency_problem(code).map_or_else(|| Ok(code.trim().to_owned()), Err)
}

/// A touchpoint's spend as `--spend` takes it: `ID=AMOUNT`.
fn spend_entry(text: &str) -> Result<(String, f64), String> {
    // The amount is after the last `=`, so an id may hold one; commas separate entries.
    let (id, amount) = text
        .rsplit_once('=')
        .ok_or_else(|| format!("\"{text}\" is not ID=AMOUNT (entries are separated by commas)"))?;
    let amount = amount.trim().parse::<f64>().map_err(|_| format!("\"{amount}\" is not an amount of money"))?;
    Ok((id.trim().to_owned(), amount))
}

/// The spend of `--spend` and `--spend-currency`, `None` without spend, checked before anything is loaded.
///
/// # Errors
/// As [`Spend::from_entries`].
fn spend_of(entries: &[(String, f64)], currency: Option<String>) -> Result<Option<Spend>, Error> {
    if entries.is_empty() {
        return Ok(None);
    }
    Spend::from_entries(entries, currency).map(Some)
}

/// A map by its file's extension: a CSV sheet (.csv), an Excel worksheet laid out as one (.xlsx), or JSON.
fn load(path: &Path) -> Result<Journey, Error> {
    let is = |ext: &str| path.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext));
    if is("csv") {
        Journey::load_csv_sheet(path)
    } else if is("xlsx") {
        Journey::load_xlsx_sheet(path)
    } else {
        Journey::load(path)
    }
}

/// An event log from a Parquet file by its `.parquet` extension (in any case), from a CSV file otherwise.
fn load_events(path: &Path, columns: &EventColumns) -> Result<EventLog, Error> {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet")) {
        EventLog::load_parquet(path, columns)
    } else {
        EventLog::load_csv(path, columns)
    }
}

fn report(j: &Journey) -> String {
    let mut out = String::new();
    out += &format!("{} ({})\n", shown(&j.name), j.kind);
    if let Some(d) = &j.description {
        out += &format!("{}\n", shown(d));
    }
    if let Some(r) = j.reviewed_on {
        out += &format!("last reviewed {r}\n");
    }
    let channels: std::collections::BTreeSet<String> = j.touchpoints().iter().map(|t| t.channel.to_string()).collect();
    let online = j.touchpoints().iter().filter(|t| t.channel.is_online()).count();
    out += &format!(
        "\n{}, {} ({} online, {} offline) on {}, {}, {}\n",
        plural(j.stages().len() as u64, "stage"),
        plural(j.touchpoint_count() as u64, "touchpoint"),
        count(online as u64),
        count((j.touchpoint_count() - online) as u64),
        plural(channels.len() as u64, "channel"),
        plural(j.transition_count() as u64, "transition"),
        plural(j.personas().len() as u64, "persona")
    );
    for p in j.personas() {
        let n = j.touchpoints_for_persona(&p.id).map(|t| t.len()).unwrap_or(0);
        out += &format!("  persona {}: {} ({})\n", shown(&p.id), shown(&p.name), plural(n as u64, "touchpoint"));
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
        out += &format!(
            "  {:<16} {:>15}  emotion {mean}  {}\n",
            shown(&s.name),
            plural(tps.len() as u64, "touchpoint"),
            plural(pains as u64, "pain point")
        );
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
            out += &format!("    - {} ({}){marks}\n", shown(&t.name), shown(&t.channel.to_string()));
        }
    }
    let entries: Vec<&str> = j.entries().iter().map(|t| t.id.as_str()).collect();
    let goals: Vec<&str> = j.goals().iter().map(|t| t.id.as_str()).collect();
    let names = |ids: &[&str]| ids.iter().map(|id| tp_name(j, id)).collect::<Vec<_>>().join(", ");
    out += &format!("\nentries: {}\ngoals: {}\n", names(&entries), names(&goals));
    if let (Some(e), Some(g)) = (entries.first(), goals.first())
        && let Ok(Some(path)) = j.path(e, g)
    {
        let steps: Vec<String> = path.iter().map(|t| shown(&t.name).into_owned()).collect();
        out += &format!("shortest path from {} to {}: {}\n", tp_name(j, e), tp_name(j, g), steps.join(" \u{2192} "));
    }
    out
}

fn pct(x: f64) -> String {
    words::percent(x)
}

/// How many customers start somewhere: `1 customer starts`, `3 customers start`.
fn starts(n: u64) -> String {
    if n == 1 { "1 customer starts".into() } else { format!("{} start", plural(n, "customer")) }
}

/// A touchpoint as people know it: its name from the map, or its id (for one the map lacks).
fn tp_name(j: &Journey, id: &str) -> String {
    shown(j.touchpoint(id).map_or(id, |t| t.name.as_str())).into_owned()
}

/// A move between two touchpoints by their names: `Product page → Basket`.
fn tp_move(j: &Journey, source: &str, target: &str) -> String {
    format!("{} \u{2192} {}", tp_name(j, source), tp_name(j, target))
}

/// What the event log shows, checked against the map; the observations are then applied to the map.
fn observed(
    j: &mut Journey,
    log: &EventLog,
    top: usize,
    spend: Option<&Spend>,
    paths_anchor: PathAnchor,
) -> Result<String, Error> {
    if log.is_empty() {
        return Ok("\nobserved: the event log has no events, so nothing was observed\n".to_owned());
    }
    let found = log.discover();
    let mut out = format!(
        "\nobserved: {}, {}, {} ({})\n",
        plural(found.events, "event"),
        plural(found.customers, "customer"),
        plural(found.conversions, "converting customer"),
        pct(found.conversions as f64 / found.customers.max(1) as f64)
    );
    out += "\nstage funnel (customers who reached each stage after the ones before)\n";
    for s in log.stage_funnel(j).steps {
        let name = j.stage(&s.step).map_or(s.step.clone(), |st| st.name.clone());
        let name = shown(&name);
        let time =
            s.median_seconds.map_or_else(String::new, |m| format!("  median {} after the step before", seconds(m)));
        out += &format!(
            "  {name:<20} {:>8}  {:>6} of the step before  {:>6} overall{time}\n",
            count(s.customers),
            pct(s.step_conversion),
            pct(s.overall_conversion)
        );
    }
    if !found.dropoff.is_empty() {
        out += "\nbiggest drop-offs (customers who left there without converting)\n";
        for d in found.dropoff.iter().take(top.min(5)) {
            let tp = tp_name(j, &d.touchpoint);
            out += &format!("  {tp:<26} {:>15}, {} of those who came\n", plural(d.customers, "customer"), pct(d.rate));
            if !d.reasons.is_empty() {
                out += &format!("  {:<26} top reasons: {}\n", "", shown(&words::reasons(&d.reasons)));
            }
        }
    }
    if let Some(d) = found.dropoff.first() {
        let paths =
            log.paths_around(&d.touchpoint, &PathsOptions { anchor: paths_anchor, ..PathsOptions::default() })?;
        let (around, counted) = match paths.anchor {
            PathAnchor::First => ("customers' first visit", "customer"),
            PathAnchor::Every => ("every visit", "visit"),
        };
        out += &format!(
            "\npaths around {} (where most left: {} each way around {around})\n",
            tp_name(j, &paths.touchpoint),
            plural(paths.steps as u64, "event")
        );
        let anchor = tp_name(j, &paths.touchpoint);
        for (way, sequences) in [("before", &paths.before), ("after", &paths.after)] {
            for s in sequences.iter().take(top.min(3)) {
                let mut names: Vec<String> = s.path.iter().map(|t| tp_name(j, t)).collect();
                match s.marker {
                    Some(PathMarker::Start) => names.insert(0, PathMarker::Start.words().to_owned()),
                    Some(m) => names.push(m.words().to_owned()),
                    None => {}
                }
                if way == "before" {
                    names.push(anchor.clone());
                } else {
                    names.insert(0, anchor.clone());
                }
                out += &format!("  {way:<6} {:>15}  {}\n", plural(s.customers, counted), names.join(" > "));
            }
        }
    }
    out += &timing(j, log)?;
    if log.has_outcome() {
        let markov = log.attribution(AttributionModel::Markov { order: 1 }, true)?;
        let last = log.attribution(AttributionModel::LastTouch, true)?;
        out += &format!(
            "\nattribution of {} (Markov order 1, exact removal effects; last touch beside it)\n",
            plural(markov.conversions, "converting customer")
        );
        for r in markov.rows.iter().take(top.min(8)) {
            let lt = last.rows.iter().find(|x| x.touchpoint == r.touchpoint).map_or(0.0, |x| x.conversions);
            out += &format!(
                "  {:<26} removal effect {:>5.3}  {:>7} customers  value {:>11}  (last touch {:>5})\n",
                tp_name(j, &r.touchpoint),
                r.removal_effect.unwrap_or_default(),
                words::number(r.conversions, 1),
                words::outcome_value(r.value, j.currency.as_deref()),
                words::number(lt, 0)
            );
        }
    }
    out += &repeat_and_shapley(j, log, top)?;
    if let Some(spend) = spend {
        out += &cost(j, &spend.costed(log, j.currency.as_deref())?);
    }
    let c = log.conformance(j);
    out += &format!(
        "\nconformance: fitness {:.3}; {} of {} follow the designed map throughout; {} outside its entries\n",
        c.fitness,
        count(c.fully_conforming),
        plural(c.customers, "customer"),
        starts(c.starts_outside_entries)
    );
    for u in c.unexpected.iter().take(top.min(5)) {
        out += &format!(
            "  not designed: {} ({}, by {})\n",
            tp_move(j, &u.source, &u.target),
            plural(u.count, "move"),
            plural(u.customers, "customer")
        );
    }
    for (a, b) in c.untaken.iter().take(top.min(5)) {
        out += &format!("  designed but never taken: {}\n", tp_move(j, a, b));
    }
    for (t, n) in &c.unknown_touchpoints {
        out += &format!("  not on the map: {} ({})\n", shown(t), plural(*n, "event"));
    }
    // Loops are judged on the map with the log applied, as the loop gaps below are: a touchpoint customers
    // use that the map lacks is on it then (proposed), and moves back from it count.
    let mut seen = j.clone();
    seen.apply(&found);
    let loops = log.loops(Some(&seen));
    out += &format!(
        "\nloops: {} of {} went back where the design does not send them\n",
        count(loops.customers),
        plural(loops.of_customers, "customer")
    );
    for m in loops.moves.iter().take(top.min(5)) {
        out += &format!(
            "  from {} back to {} ({}, by {})\n",
            tp_name(&seen, &m.source),
            tp_name(&seen, &m.target),
            plural(m.count, "move"),
            plural(m.customers, "customer")
        );
    }
    if let Some(segments) = log.customer_segments() {
        let mut names: Vec<&str> = segments.values().copied().collect();
        names.sort_unstable();
        names.dedup();
        if let [a, b, ..] = names.as_slice() {
            let (la, lb) = (log.filter_segment(a)?, log.filter_segment(b)?);
            let names = [format!("segment \"{a}\""), format!("segment \"{b}\"")];
            let cmp = la.compare(&lb, Some(j), &CompareOptions { names, ..CompareOptions::default() })?;
            let significant = cmp.transitions.iter().filter(|t| t.significant).count();
            out += &format!(
                "\nsegment {} ({}) against {} ({}): {} differ significantly\n",
                shown(a),
                plural(la.customer_count() as u64, "customer"),
                shown(b),
                plural(lb.customer_count() as u64, "customer"),
                plural(significant as u64, "transition share")
            );
            for t in cmp.transitions.iter().filter(|t| t.significant).take(top.min(5)) {
                let subject = match t.subject.split_once(" -> ") {
                    Some((source, target)) => tp_move(j, source, target),
                    None => tp_name(j, &t.subject),
                };
                out += &format!(
                    "  {:<34} {:>6} vs {:>6}  ({})\n",
                    subject,
                    pct(t.a_share),
                    pct(t.b_share),
                    words::p_value(t.p_value)
                );
            }
            for g in cmp.gaps.iter().take(top.min(5)) {
                out += &format!("  [{}] {} {}\n", g.severity, g.kind.as_str(), shown(&g.message));
            }
        }
    }
    out += &personas_observed(j, log)?;
    let applied = j.apply(&found);
    out += &format!(
        "\napplied to the map: metrics of {}, {} observed, {} added\n",
        plural(applied.touchpoints, "touchpoint"),
        plural(applied.transitions, "transition"),
        plural(applied.added_transitions, "observed transition")
    );
    Ok(out)
}

/// Shapley attribution and the retention cohorts with the repeat-purchase rate (with an outcome column).
fn repeat_and_shapley(j: &Journey, log: &EventLog, top: usize) -> Result<String, Error> {
    if !log.has_outcome() {
        return Ok(String::new());
    }
    let shapley = log.attribution(AttributionModel::Shapley, true)?;
    let mut out = format!(
        "\nshapley attribution of {} (each in equal parts to the distinct touchpoints on the customer's path)\n",
        plural(shapley.conversions, "converting customer")
    );
    for r in shapley.rows.iter().take(top.min(8)) {
        out += &format!(
            "  {:<26} {:>7} customers  value {:>11}\n",
            tp_name(j, &r.touchpoint),
            words::number(r.conversions, 1),
            words::outcome_value(r.value, j.currency.as_deref())
        );
    }
    let c = log.cohorts(&CohortOptions::default())?;
    let period = c.period.as_str();
    out += &format!(
        "\nretention cohorts (a cohort: the customers whose first conversion fell in one calendar {period}, UTC)\n"
    );
    if c.converters == 0 {
        out += &format!("  none of the {} converted: no cohort\n", plural(c.customers, "customer"));
        return Ok(out);
    }
    out += &format!(
        "  {} of {} converted, {} in all; {} converted at least twice: repeat-purchase rate {}\n",
        count(c.converters),
        plural(c.customers, "customer"),
        plural(c.conversions, "time"),
        count(c.repeat_customers),
        pct(c.repeat_purchase_rate)
    );
    for k in c.cohorts.iter().take(top.min(12)) {
        let again: Vec<String> = k.retention.iter().take(4).map(|r| pct(r.share)).collect();
        let when = match again.len() {
            0 | 1 => format!("in the same {period}"),
            n => format!("in the same {period} and the {} after", plural(n as u64 - 1, period)),
        };
        out += &format!(
            "  {:<10} {:>15}, repeat-purchase rate {:>6}, converted again {when}: {}\n",
            k.cohort,
            plural(k.customers, "customer"),
            pct(k.repeat_purchase_rate),
            again.join(", ")
        );
    }
    Ok(out)
}

/// The cost per converting customer and return on ad spend of each touchpoint with spend, in `currency`.
fn cost(j: &Journey, cost: &Cost) -> String {
    let currency = cost.currency.as_deref();
    let money = |v: f64| words::outcome_value(v, currency);
    let unit = currency.map_or_else(|| "as plain numbers: the map names no currency".to_owned(), |c| format!("in {c}"));
    let mut out = format!(
        "\ncost per converting customer and return on ad spend (spend {unit}; credit by Markov order 1 and Shapley)\n"
    );
    let dash = || "-".to_owned();
    let mut ids: Vec<&str> = cost.rows.iter().map(|r| r.touchpoint.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let rows: Vec<_> = cost.rows.iter().filter(|r| r.touchpoint == id).collect();
        let spent = rows.first().map_or_else(dash, |r| money(r.spend));
        let by: Vec<String> = rows
            .iter()
            .map(|r| match r.cost_per_conversion {
                Some(c) => format!(
                    "{}: {} per converting customer, ROAS {}",
                    r.model,
                    money(c),
                    r.roas.map_or_else(dash, |x| words::roas(x, currency))
                ),
                None => format!("{}: no converting customer credited", r.model),
            })
            .collect();
        out += &format!("  {:<26} spend {spent:>9}  {}\n", tp_name(j, id), by.join("  "));
    }
    out
}

/// A number of seconds as a duration with its unit: `3.5 min`, `2.1 days`.
fn seconds(s: f64) -> String {
    words::duration_ms(s * 1000.0)
}

/// How long customers take to convert (with an outcome column), their sessions (as
/// [`EventLog::report_sessions`] cuts them) and the most common move within a session against on the whole
/// paths, and the switches of channel and device (with those columns).
fn timing(j: &Journey, log: &EventLog) -> Result<String, Error> {
    let mut out = String::new();
    if log.has_outcome() {
        let t = log.time_to_convert(&TimeToConvertOptions::default())?;
        out += "\ntime to convert (from a customer's first event to their first conversion)\n";
        match (t.median_seconds, t.p90_seconds) {
            (Some(median), Some(p90)) => {
                out += &format!(
                    "  of the {} who converted: median {}, 90th percentile {}\n",
                    count(t.converted),
                    seconds(median),
                    seconds(p90)
                );
            }
            _ => out += "  nobody converted\n",
        }
        let km = t.km_median_seconds.map_or_else(
            || "is not reached (the estimated share not yet converted stays above a half)".to_owned(),
            |m| format!("is {}", seconds(m)),
        );
        out += &format!(
            "  {} not converted by the log's last event (censored); counting them, the Kaplan\u{2013}Meier \
             median {km}\n",
            plural(t.censored, "customer")
        );
    }
    let (sessions, from) = log.report_sessions()?;
    out += &format!(
        "\nsessions (a session: {}): {} of {}\n",
        from.words(),
        plural(sessions.customer_count() as u64, "session"),
        plural(log.customer_count() as u64, "customer")
    );
    let per_customer = log.discover().transitions;
    // The most common move per customer; the first of the most common ones in the discovery's order.
    let top = per_customer.iter().fold(
        None,
        |best: Option<&journey_core::analytics::TransitionStats>, t| {
            if best.is_none_or(|b| t.count > b.count) { Some(t) } else { best }
        },
    );
    if let Some(t) = top {
        let within = sessions.discover().transitions;
        let within = within.iter().find(|w| w.source == t.source && w.target == t.target);
        let session = within.map_or_else(
            || "never within a session".to_owned(),
            |w| format!("{} within a session, mean {}", plural(w.count, "move"), seconds(w.mean_seconds)),
        );
        out += &format!(
            "  the most common move, {}: {session}; {} on the customers' whole paths, mean {} (the time between sessions counts)\n",
            tp_move(j, &t.source, &t.target),
            plural(t.count, "move"),
            seconds(t.mean_seconds)
        );
    }
    for dimension in [Dimension::Channel, Dimension::Device] {
        let s = match log.switches(dimension) {
            Ok(s) => s,
            // The log has no such column: nothing to say.
            Err(Error::Argument { .. }) => continue,
            Err(e) => return Err(e),
        };
        out += &format!(
            "\n{dimension} switches (between consecutive events with a {dimension}): {} by {} of {}\n",
            plural(s.switches, "switch"),
            count(s.with_switch.customers),
            plural(log.customer_count() as u64, "customer")
        );
        if let (Some(a), Some(b)) = (s.with_switch.conversion_rate, s.without_switch.conversion_rate) {
            out += &format!(
                "  conversion: {} of those who switched, {} of the {} who never switched\n",
                pct(a),
                pct(b),
                count(s.without_switch.customers)
            );
        }
        for p in s.pairs.iter().take(3) {
            out += &format!(
                "  {} \u{2192} {} ({}, by {})\n",
                shown(&p.from),
                shown(&p.to),
                plural(p.switches, "switch"),
                plural(p.customers.customers, "customer")
            );
        }
    }
    Ok(out)
}

/// Each persona's customers (those of its segment), their conversions and the persona's score with their
/// customers' observations applied to the map: when the log has a segment column and a persona a segment.
fn personas_observed(j: &Journey, log: &EventLog) -> Result<String, Error> {
    if log.customer_segments().is_none() || j.personas().iter().all(|p| p.segment.is_none()) {
        return Ok(String::new());
    }
    let model = ScoringModel::default();
    let mut out =
        "\npersonas (the customers of their segment; their score with these customers' observations applied)\n"
            .to_owned();
    for p in j.personas() {
        let label = format!("{} ({})", shown(&p.name), shown(&p.id));
        let mine = match log.for_persona(j, &p.id) {
            Ok(mine) => mine,
            // A persona without a segment: the core says what to set.
            Err(Error::Argument { message, .. }) => {
                out += &format!("  {}: {}\n", shown(&p.name), shown(&message));
                continue;
            }
            Err(e) => return Err(e),
        };
        let customers = mine.customer_count() as u64;
        if customers == 0 {
            let segment = p.segment.as_deref().unwrap_or_default();
            out += &format!("  {label:<34} no customer of the log has segment \"{}\"\n", shown(segment));
            continue;
        }
        let mut seen = j.clone();
        seen.apply(&mine.discover());
        let score = seen.score_persona(&model, &p.id)?.score.value;
        let conversions = if log.has_outcome() {
            let n = mine.conversions() as u64;
            format!(", {} ({})", plural(n, "conversion"), pct(n as f64 / customers as f64))
        } else {
            String::new()
        };
        out += &format!("  {label:<34} {}{conversions}, score {score:.1}\n", plural(customers, "customer"));
    }
    Ok(out)
}

/// Writes the poster, the report, Mermaid and DOT into `dir` and says where they are.
fn pictures(
    j: &Journey,
    log: Option<&EventLog>,
    html: &HtmlOptions,
    pdf: Option<PageSize>,
    dir: &Path,
) -> Result<String, Error> {
    let io = |path: &Path, source| Error::Io { path: path.to_owned(), source };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let xlsx = journey_core::XlsxOptions { as_of: html.as_of, ..Default::default() };
    let mut files = vec![
        ("poster.svg", j.to_svg(&SvgOptions::default())?.into_bytes()),
        ("report.html", j.to_html(html, log)?.into_bytes()),
        ("report.xlsx", log.map_or_else(|| j.to_xlsx(&xlsx), |l| j.to_xlsx_with_log(&xlsx, l))?),
        ("journey.mmd", j.to_mermaid(None)?.into_bytes()),
        ("journey.dot", j.to_dot().into_bytes()),
    ];
    if let Some(page) = pdf {
        files.push(("report.pdf", j.report_pdf(html, log, &PageOptions { page, ..PageOptions::default() })?));
    }
    let mut out = String::from("\nwritten:\n");
    for (name, content) in files {
        let path = dir.join(name);
        std::fs::write(&path, content).map_err(|e| io(&path, e))?;
        out += &format!("  {}\n", shown_path(&path));
    }
    let report = dir.join("report.html");
    out += &format!(
        "\nthe report is {}: open it in a web browser (it needs no network), e.g. `open {}` on macOS, `xdg-open {}` \
         on Linux or `start {}` on Windows; the poster is {}\n",
        shown_path(&report),
        shown_path(&report),
        shown_path(&report),
        shown_path(&report),
        shown_path(&dir.join("poster.svg"))
    );
    Ok(out)
}

/// Today's date in local time, as Python's `datetime.date.today()` and JavaScript's `Date` give it.
fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn bar(value: f64) -> String {
    let filled = (value / 10.0).round().clamp(0.0, 10.0) as usize;
    format!("{}{}", "#".repeat(filled), ".".repeat(10 - filled))
}

/// Scores, gaps and backlog for a CX lead to read.
fn analysis(
    j: &Journey,
    model: &ScoringModel,
    as_of: NaiveDate,
    top: usize,
    log: Option<&EventLog>,
) -> Result<String, Error> {
    let scores = j.score(model)?;
    let gaps = j.gaps(model, Some(as_of))?;
    let backlog = match log.filter(|l| l.has_outcome()) {
        Some(log) => j.prioritize_with_log(model, Some(as_of), log)?,
        None => j.prioritize(model, Some(as_of))?,
    };
    let name = |id: &str| j.touchpoint(id).map_or(id.to_owned(), |t| t.name.clone());
    let mut out = String::new();
    out += &format!(
        "\nscores (0-100, confidence 0-1)\n  {:<20} {:>5.1} {}  confidence {:.2}\n",
        "journey",
        scores.score.value,
        bar(scores.score.value),
        scores.score.confidence
    );
    for s in &scores.stages {
        let stage = shown(j.stage(&s.stage).map_or(s.stage.as_str(), |st| st.name.as_str()));
        let weakest = s
            .weakest
            .as_deref()
            .and_then(|w| scores.touchpoint(w))
            .map(|w| format!("weakest: {} ({:.0})", shown(&name(&w.touchpoint)), w.score.value))
            .unwrap_or_else(|| "no touchpoints".into());
        out += &format!(
            "  {stage:<20} {:>5.1} {}  confidence {:.2}  weight {:.0}%  {weakest}\n",
            s.score.value,
            bar(s.score.value),
            s.score.confidence,
            s.weight * 100.0
        );
    }
    for p in j.personas() {
        let ps = j.score_persona(model, &p.id)?;
        let label = format!("persona {}", shown(&p.id));
        out += &format!(
            "  {label:<20} {:>5.1} {}  confidence {:.2}  ({})\n",
            ps.score.value,
            bar(ps.score.value),
            ps.score.confidence,
            shown(&p.name)
        );
    }
    let mut by_severity = [0usize; 6];
    for g in &gaps {
        by_severity[usize::from(g.severity.min(5))] += 1;
    }
    out += &format!(
        "\n{} as of {as_of} (severity 5: {}, 4: {}, 3: {}, 2: {}, 1: {})\n",
        plural(gaps.len() as u64, "gap"),
        by_severity[5],
        by_severity[4],
        by_severity[3],
        by_severity[2],
        by_severity[1]
    );
    for g in gaps.iter().take(top) {
        out += &format!("  [{}] {:<24} {}\n", g.severity, g.kind.as_str(), shown(&g.message));
    }
    if gaps.len() > top {
        out += &format!("  ... and {} more\n", gaps.len() - top);
    }
    out += &format!("\nbacklog ({})\n", journey_core::backlog::ranking(&backlog));
    for b in backlog.iter().take(top) {
        // The figure that ranked the line: the effect's priority where the log shows a gain.
        let figure = match (&b.effect, b.ranked_by) {
            (Some(e), RankedBy::Effect) => words::number(e.priority, 1),
            _ => format!("{:.3}", b.priority),
        };
        out += &format!(
            "  {:>2}. {figure}{} {} [{}: reach {:.2}, impact {}, confidence {:.2}, importance {}, effort {}]\n",
            b.rank,
            if b.quick_win { " QUICK WIN" } else { "" },
            shown(&b.title),
            b.source,
            b.reach,
            b.impact,
            b.confidence,
            words::number(b.importance, 1),
            b.effort
        );
        if !b.addresses.is_empty() {
            let what: Vec<String> =
                b.addresses.iter().map(|a| a.id.clone().unwrap_or_else(|| a.kind.to_string())).collect();
            out += &format!("      addresses: {}\n", shown(&what.join(", ")));
        }
        if let Some(e) = &b.effect {
            out += &if e.conversions == 0.0 {
                // Say why nothing changes (nobody left there without converting, or nobody met it).
                format!("      estimated effect: none ({})\n", shown(&e.basis))
            } else {
                format!("      estimated effect: {}\n", words::effect(e.conversions, e.value, j.currency.as_deref()))
            };
        }
    }
    let quick = backlog.iter().filter(|b| b.quick_win).count();
    out += &format!("  {}, {}\n", plural(backlog.len() as u64, "item"), plural(quick as u64, "quick win"));
    Ok(out)
}

/// An error and the file it is about: the map, or the event log.
struct Failure {
    file: PathBuf,
    error: Error,
}

impl Failure {
    /// A file that cannot be read or written.
    fn io(file: &Path, source: std::io::Error) -> Failure {
        Failure { file: file.to_owned(), error: Error::Io { path: file.to_owned(), source } }
    }
}

/// What turns an error about `file` into a [`Failure`].
fn about(file: &Path) -> impl FnOnce(Error) -> Failure + '_ {
    move |error| Failure { file: file.to_owned(), error }
}

/// Prints an error about `file` on standard error, with the problems of an invalid map.
fn print_error(file: &Path, error: &Error) {
    let message = shown(&error.to_string()).into_owned();
    match error {
        // It names its file (which may be another one, such as a picture being written).
        Error::Io { .. } => eprintln!("error: {message}"),
        _ => eprintln!("error: {}: {message}", shown_path(file)),
    }
    // The message spells out the first problems; the `problem:` lines of `check` list them all.
    let problems = error.problems();
    for p in problems.iter().take(Problems::SHOWN) {
        eprintln!("  {}", shown(&p.to_string()));
    }
    if problems.len() > Problems::SHOWN {
        eprintln!("  and {} more", problems.len() - Problems::SHOWN);
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Schema => {
            println!("{}", journey_core::io::json_schema());
            ExitCode::SUCCESS
        }
        Command::Report {
            map,
            as_of,
            top,
            events,
            columns,
            out,
            currency,
            spend,
            spend_currency,
            pdf,
            paths_anchor,
        } => {
            match load(&map).map_err(about(&map)).and_then(|mut j| {
                if currency.is_some() {
                    j.set_currency(currency.as_deref()).map_err(about(&map))?;
                }
                let spend = spend_of(&spend, spend_currency).map_err(about(&map))?;
                // A currency that is none, or not the map's, is about the map and the options, not the log.
                if let Some(s) = &spend {
                    s.currency_with(j.currency.as_deref()).map_err(about(&map))?;
                }
                if spend.is_some() && events.is_none() {
                    return Err(about(&map)(Spend::needs_outcome()));
                }
                let as_of = as_of.unwrap_or_else(today);
                let mut text = report(&j);
                let mut log = None;
                if let Some(path) = &events {
                    // What goes wrong with the events is reported against the events file.
                    let l = load_events(path, &columns.event_columns()).map_err(about(path))?;
                    text += &observed(&mut j, &l, top, spend.as_ref(), paths_anchor).map_err(about(path))?;
                    text += "\nthe scores, gaps and backlog below use these observations\n";
                    log = Some(l);
                }
                text += &analysis(&j, &ScoringModel::default(), as_of, top, log.as_ref()).map_err(about(&map))?;
                if let Some(dir) = &out {
                    let html = HtmlOptions { as_of: Some(as_of), spend, paths_anchor, ..HtmlOptions::default() };
                    text += &pictures(&j, log.as_ref(), &html, pdf, dir).map_err(about(&map))?;
                }
                Ok(text)
            }) {
                Ok(text) => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                Err(f) => {
                    print_error(&f.file, &f.error);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Poster { map, out, format, page, dpi, persona, fonts } => {
            poster(&map, &out, format, page, dpi, persona, &fonts)
        }
        Command::Check { maps, fail_on, format, as_of } => {
            check::run(&maps, fail_on, format, as_of.unwrap_or_else(today))
        }
        Command::Convert { map } => match load(&map) {
            Ok(j) => {
                println!("{}", shown_json(&j.to_json()));
                ExitCode::SUCCESS
            }
            Err(e) => {
                print_error(&map, &e);
                ExitCode::FAILURE
            }
        },
    }
}
