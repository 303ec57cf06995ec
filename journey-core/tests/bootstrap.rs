//! Bootstrap intervals on attribution shares: the shared case of `tests/fixtures/bootstrap/cases.json`
//! (also run by the Python and JavaScript tests, worked out by its `make.py`), the intervals' properties,
//! their limits and their coverage of known shares on simulated logs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::ops::ControlFlow;
use std::path::PathBuf;

use journey_core::Error;
use journey_core::analytics::{AttributionIntervals, AttributionOptions, BootstrapOptions, EventColumns, EventLog};
use serde_json::Value;

fn fixture() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/bootstrap/cases.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("bootstrap/cases.json")).expect("JSON")
}

fn log_of(csv: &str) -> EventLog {
    let columns = EventColumns { outcome: Some("converted".into()), ..EventColumns::default() };
    EventLog::from_csv_str(csv, &columns).unwrap()
}

fn model(name: &str) -> AttributionOptions {
    AttributionOptions { model: Some(name.into()), ..AttributionOptions::default() }
}

fn close(got: f64, want: &Value, what: &str) {
    let want = want.as_f64().unwrap_or_else(|| panic!("{what}: {want} is not a number"));
    assert!((got - want).abs() <= 1e-9, "{what}: {got} != {want}");
}

fn intervals(log: &EventLog, name: &str, resamples: usize, seed: u64) -> AttributionIntervals {
    log.attribution_intervals(&model(name), &BootstrapOptions { resamples, level: 0.95, seed }).unwrap()
}

#[test]
fn the_intervals_are_those_worked_out_by_hand() {
    let all = fixture();
    let log = log_of(all["events"].as_str().unwrap());
    let bootstrap = BootstrapOptions {
        resamples: all["resamples"].as_u64().unwrap() as usize,
        level: all["level"].as_f64().unwrap(),
        seed: all["seed"].as_u64().unwrap(),
    };
    for (name, want) in all["models"].as_object().unwrap() {
        let got = log.attribution_intervals(&model(name), &bootstrap).unwrap();
        assert_eq!(got.model.as_str(), name);
        assert_eq!(got.customers, all["customers"].as_u64().unwrap());
        assert_eq!(got.conversions, all["conversions"].as_u64().unwrap());
        assert_eq!(got.resamples as u64, want["resamples"].as_u64().unwrap(), "{name}");
        assert_eq!((got.level, got.seed), (bootstrap.level, bootstrap.seed));
        let rows = want["rows"].as_array().unwrap();
        let names: Vec<&str> = rows.iter().map(|r| r["touchpoint"].as_str().unwrap()).collect();
        assert_eq!(got.rows.iter().map(|r| r.touchpoint.as_str()).collect::<Vec<_>>(), names, "{name}");
        for (row, w) in got.rows.iter().zip(rows) {
            let what = format!("{name} {}", row.touchpoint);
            close(row.share, &w["share"], &format!("{what} share"));
            close(row.low, &w["low"], &format!("{what} low"));
            close(row.high, &w["high"], &format!("{what} high"));
        }
    }
}

#[test]
fn the_intervals_hold_the_share_and_follow_the_seed() {
    let all = fixture();
    let log = log_of(all["events"].as_str().unwrap());
    for name in ["first_touch", "last_touch", "linear", "position_based", "time_decay", "markov", "shapley"] {
        let first = intervals(&log, name, 100, 1);
        assert!(!first.rows.is_empty(), "{name}");
        for seed in 0..8 {
            let a = intervals(&log, name, 100, seed);
            for r in &a.rows {
                assert!(r.low <= r.share && r.share <= r.high, "{name} seed {seed}: {r:?}");
                assert!((0.0..=1.0).contains(&r.low) && r.high <= 1.0, "{name} seed {seed}: {r:?}");
            }
            assert_eq!(a, intervals(&log, name, 100, seed), "{name}: the same seed draws the same");
            if seed != 1 {
                assert_ne!(a.rows, first.rows, "{name}: seeds {seed} and 1 drew the same intervals");
            }
        }
        // The shares are those of the attribution.
        let a = log.attribution_with(&model(name)).unwrap();
        for (r, i) in a.rows.iter().zip(&first.rows) {
            assert_eq!(r.touchpoint, i.touchpoint);
            assert!((r.conversions / a.conversions as f64 - i.share).abs() < 1e-12);
        }
    }
}

#[test]
fn the_draws_follow_the_customer_ids_not_the_input_order() {
    let all = fixture();
    let csv = all["events"].as_str().unwrap();
    let (header, body) = csv.split_once('\n').unwrap();
    let mut lines: Vec<&str> = body.lines().collect();
    lines.reverse();
    let reversed = format!("{header}\n{}\n", lines.join("\n"));
    let (a, b) = (log_of(csv), log_of(&reversed));
    for name in ["linear", "markov"] {
        assert_eq!(intervals(&a, name, 50, 3), intervals(&b, name, 50, 3), "{name}");
    }
}

/// The fixture's log with every customer `times` times over (ids suffixed), the same shares.
fn repeated(csv: &str, times: usize) -> String {
    let (header, body) = csv.split_once('\n').unwrap();
    let mut out = format!("{header}\n");
    for k in 0..times {
        for line in body.lines() {
            let (id, rest) = line.split_once(',').unwrap();
            out += &format!("{id}-{k},{rest}\n");
        }
    }
    out
}

#[test]
fn more_customers_give_narrower_intervals() {
    let all = fixture();
    let csv = all["events"].as_str().unwrap();
    for name in ["first_touch", "linear", "markov"] {
        let small = intervals(&log_of(csv), name, 200, 5);
        let large = intervals(&log_of(&repeated(csv, 8)), name, 200, 5);
        assert_eq!(large.customers, 8 * small.customers);
        for (s, l) in small.rows.iter().zip(&large.rows) {
            assert_eq!(s.touchpoint, l.touchpoint);
            assert!((s.share - l.share).abs() < 1e-12, "{name}: the same shares");
            assert!(l.high - l.low < s.high - s.low, "{name} {}: {l:?} not narrower than {s:?}", s.touchpoint);
        }
    }
}

#[test]
fn per_conversion_draws_each_customer_with_all_their_journeys() {
    let csv = "customer_id,timestamp,touchpoint,converted\n\
               a,2026-03-01T10:00:00Z,ad,0\na,2026-03-01T10:01:00Z,buy,1\n\
               a,2026-03-02T10:00:00Z,email,0\na,2026-03-02T10:01:00Z,buy,1\n\
               b,2026-03-01T10:00:00Z,ad,0\nb,2026-03-01T10:01:00Z,buy,1\n\
               c,2026-03-01T10:00:00Z,search,0\n";
    let log = log_of(csv);
    let options = AttributionOptions { per_conversion: true, ..model("last_touch") };
    let a = log.attribution_intervals(&options, &BootstrapOptions { resamples: 300, ..Default::default() }).unwrap();
    assert_eq!((a.customers, a.conversions), (3, 3));
    let email = a.rows.iter().find(|r| r.touchpoint == "email").unwrap();
    assert!((email.share - 1.0 / 3.0).abs() < 1e-12);
    // Email comes only with customer a, who brings an ad too: its share is never above one half.
    assert!(email.high <= 0.5 && email.low == 0.0, "{email:?}");
}

#[test]
fn a_log_without_conversions_has_no_rows() {
    let log = log_of("customer_id,timestamp,touchpoint,converted\na,2026-03-01T10:00:00Z,ad,0\n");
    let a = log.attribution_intervals(&model("linear"), &BootstrapOptions::default()).unwrap();
    assert_eq!((a.customers, a.conversions, a.resamples, a.rows.len()), (1, 0, 0, 0));
    let empty = log_of("customer_id,timestamp,touchpoint,converted\n");
    let a = empty.attribution_intervals(&model("markov"), &BootstrapOptions::default()).unwrap();
    assert_eq!((a.customers, a.rows.len()), (0, 0));
}

#[test]
fn the_limits_are_errors_naming_the_option() {
    let log = log_of(fixture()["events"].as_str().unwrap());
    let named = |b: BootstrapOptions| match log.attribution_intervals(&model("linear"), &b) {
        Err(Error::Argument { name, message }) => format!("{name}: {message}"),
        other => panic!("{other:?}"),
    };
    let d = BootstrapOptions::default();
    assert_eq!(named(BootstrapOptions { resamples: 0, ..d }), "resamples: 0 is outside 1..=10000");
    assert_eq!(named(BootstrapOptions { resamples: 10_001, ..d }), "resamples: 10001 is outside 1..=10000");
    for level in [0.0, 1.0, -0.5, f64::NAN, f64::INFINITY] {
        assert!(named(BootstrapOptions { level, ..d }).starts_with("level: "), "{level}");
    }
    assert!(log.attribution_intervals(&model("linear"), &BootstrapOptions { resamples: 10_000, ..d }).is_ok());
    let unknown = log.attribution_intervals(&model("lineal"), &d).unwrap_err();
    assert!(unknown.to_string().starts_with("model: unknown model"), "{unknown}");
    let csv = "customer_id,timestamp,touchpoint\na,2026-03-01T10:00:00Z,ad\n";
    let flags = EventLog::from_csv_str(csv, &EventColumns::default()).unwrap();
    let none = flags.attribution_intervals(&model("linear"), &d).unwrap_err();
    assert!(none.to_string().starts_with("outcome: "), "{none}");
}

#[test]
fn progress_counts_the_resamples_and_stops() {
    let log = log_of(fixture()["events"].as_str().unwrap());
    let b = BootstrapOptions { resamples: 50, ..Default::default() };
    let mut seen = Vec::new();
    let a = log
        .attribution_intervals_with_progress(&model("linear"), &b, &mut |p| {
            seen.push(p);
            ControlFlow::Continue(())
        })
        .unwrap();
    assert_eq!(a, log.attribution_intervals(&model("linear"), &b).unwrap());
    let (first, last) = (seen[0], seen[seen.len() - 1]);
    assert_eq!((first.done, first.total, last.done, last.total), (0, 50, 50, 50));
    let stopped = log.attribution_intervals_with_progress(&model("linear"), &b, &mut |_| ControlFlow::Break(()));
    assert!(matches!(stopped, Err(Error::Cancelled { .. })), "{stopped:?}");
}

/// A small generator of the simulated logs (xorshift64*), apart from the one the bootstrap draws with.
struct Sim(u64);

impl Sim {
    fn uniform(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn the_95_percent_intervals_cover_the_true_share_about_95_times_in_100() {
    // Every customer converts, after `ad` (probability 0.3), `ad` then `email` (0.3) or `email` (0.4): the
    // true linear share of `ad` is 0.3 + 0.3 / 2 = 0.45.
    let mut sim = Sim(0x9E37_79B9_7F4A_7C15);
    let mut covered = 0;
    for rep in 0..100u64 {
        let mut csv = String::from("customer_id,timestamp,touchpoint,converted\n");
        for c in 0..150 {
            let u = sim.uniform();
            let path: &[&str] = if u < 0.3 {
                &["ad"]
            } else if u < 0.6 {
                &["ad", "email"]
            } else {
                &["email"]
            };
            for (i, t) in path.iter().chain(&["buy"]).enumerate() {
                let flag = u8::from(*t == "buy");
                csv += &format!("c{c},2026-03-01T10:{i:02}:00Z,{t},{flag}\n");
            }
        }
        let a = intervals(&log_of(&csv), "linear", 200, rep);
        let ad = a.rows.iter().find(|r| r.touchpoint == "ad").unwrap();
        covered += usize::from(ad.low <= 0.45 && 0.45 <= ad.high);
    }
    eprintln!("the 95% intervals covered the true share {covered} times in 100");
    assert!((85..=100).contains(&covered), "covered the truth {covered} times in 100");
}
