#!/usr/bin/env python3
"""journey against its peers on the same generated event log, in the same run (figures, not assertions).

    python3 bench/peers_bench.py --csv /tmp/journey-bench-1m.csv [--runs 5] [--json out.json] [--only TASK...]

Every tool runs in its own subprocess (so its peak memory, ru_maxrss, is its own), each in its venv:
- directly-follows graph: pm4py `discover_dfg(df)` against journey `EventLog.from_arrow(df)` + `.dfg()` (the
  same counts, starts and ends), and against `.discover()`, which also gives durations, visits, variants and
  drop-off;
- Markov order 1: ChannelAttribution `markov_model(order=1)`, including building its paths table from the
  DataFrame (sort, collapse repeats, " > "-join, group by path), against journey `from_arrow(df)` +
  `.attribution("markov", order=1)`;
- closed funnel: retentioneering `Eventstream(df)` + `funnel_data(steps)` against journey `from_arrow(df)` +
  `.funnel(steps)`;
- time to convert: the pandas an analyst writes (first event, first conversion, censored at the end) +
  lifelines `KaplanMeierFitter` against journey `from_arrow(df)` + `.time_to_convert()`;
- sessions at a 30-minute timeout: pandas (sort, `diff() > 30 min`, `cumsum`) against journey
  `from_arrow(df)` + `.sessions()`, which also builds the log of sessions;
- monthly retention cohorts: pandas (first conversion month per customer, months since it for each later
  conversion, distinct customers per cell) against `from_arrow(df)` + `.cohorts(period="month")`;
- full discovery like for like: pm4py `discover_dfg` + `discover_performance_dfg` + `get_variants` against
  journey `from_arrow(df)` + `.discover()`;
- the polars query an analyst writes for the directly-follows counts (sort, `shift(-1).over(customer)`,
  `group_by`) and for the variants (sort, paths as lists, `group_by`), against `from_arrow(df)` + `.dfg()`
  and + `.variants()`;
- reading the CSV: `EventLog.from_csv(path)` against the pandas route (`read_csv` + `to_datetime` +
  `from_arrow`), both in journey's environment, with MB/s. Use a file with shuffled rows
  (`bench/shuffle_csv.py`) for the figure the README quotes.
Each worker reads the CSV with pandas and parses the timestamps before the clock starts: what is timed
starts from the same pandas DataFrame. Medians of --runs runs.

journey's Python side needs the `journey` module with pandas and pyarrow: $JOURNEY_PYTHON, else the
project's .venv (scripts/build-python.sh). When it cannot import journey, the journey rows fall back to the
`journey-bench steps` binary on the same CSV (timed from the file: CSV parsing included), marked as such.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENVS = Path(os.environ.get("BENCH_VENVS", ROOT / ".bench-venvs"))
FUNNEL = ["aware_t00", "consider_t00", "cart_t00", "checkout_t00", "purchase_t00"]


# ---------------------------------------------------------------------------------------------- workers


def load_frame(csv: str):
    import pandas as pd

    df = pd.read_csv(csv, dtype={"customer_id": str, "touchpoint": str, "segment": str})
    df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True, format="ISO8601")
    return df


def pd_timedelta(**kw):
    import pandas as pd

    return pd.Timedelta(**kw)


def rss_now() -> int:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def ca_paths(df):
    """ChannelAttribution's input from the event DataFrame: one row per collapsed path."""
    d = df.sort_values(["customer_id", "timestamp"], kind="mergesort")
    cust, tp = d["customer_id"], d["touchpoint"]
    keep = (tp != tp.shift()) | (cust != cust.shift())
    per_customer = d[keep].groupby("customer_id", sort=False)["touchpoint"].agg(" > ".join).to_frame("path")
    outcome = d.groupby("customer_id", sort=False)["value"].agg(["max", "sum"])
    per_customer["conv"] = (outcome["max"] > 0).astype(int)
    per_customer["value"] = outcome["sum"]
    per_customer["null"] = 1 - per_customer["conv"]
    return per_customer.groupby("path", sort=False).agg(
        total_conversions=("conv", "sum"), total_conversion_value=("value", "sum"), total_null=("null", "sum")
    ).reset_index()


def task(tool: str, what: str, df, csv_path: str = ""):
    """A function that runs the timed step once and returns something small to check."""
    if tool == "pm4py" and what in ("dfg", "discover"):
        import pm4py

        def run():
            dfg, _, _ = pm4py.discover_dfg(
                df, case_id_key="customer_id", activity_key="touchpoint", timestamp_key="timestamp"
            )
            return {"transitions": len(dfg)}

        return run
    if tool == "pm4py" and what == "discover_full":
        import pm4py

        def run():
            # What discover() gives, in pm4py's calls: counts, durations, starts, ends and variants.
            keys = dict(case_id_key="customer_id", activity_key="touchpoint", timestamp_key="timestamp")
            dfg, starts, ends = pm4py.discover_dfg(df, **keys)
            perf, _, _ = pm4py.discover_performance_dfg(df, **keys)
            variants = pm4py.get_variants(df, **keys)
            return {"transitions": len(dfg), "durations": len(perf), "variants": len(variants)}

        return run
    if tool == "polars" and what in ("dfg", "variants"):
        import polars as pl

        def run():
            # The query an analyst writes: events in customer and time order, then the next touchpoint
            # within the customer (dfg), or each customer's path as a list (variants), counted. From the same
            # pandas DataFrame as every other tool here.
            frame = pl.from_pandas(df[["customer_id", "timestamp", "touchpoint"]])
            d = frame.sort(["customer_id", "timestamp"], maintain_order=True)
            if what == "dfg":
                pairs = (
                    d.with_columns(pl.col("touchpoint").shift(-1).over("customer_id").alias("next"))
                    .drop_nulls("next")
                    .group_by(["touchpoint", "next"])
                    .len()
                )
                return {"transitions": pairs.height}
            paths = d.group_by("customer_id", maintain_order=True).agg(pl.col("touchpoint"))
            return {"variants": paths.group_by("touchpoint").len().height}

        return run
    if tool == "pandas_route" and what == "from_csv":
        import pandas as pd

        import journey

        def run():
            # The way around journey's reader: pandas reads and parses, journey takes the frame.
            d = pd.read_csv(csv_path, dtype={"customer_id": str, "touchpoint": str, "segment": str})
            d["timestamp"] = pd.to_datetime(d["timestamp"], utc=True, format="ISO8601")
            return {"customers": journey.EventLog.from_arrow(d, outcome="value").customer_count}

        return run
    if tool == "channelattribution":
        import ChannelAttribution as ca

        def run():
            table = ca_paths(df)
            res = ca.markov_model(
                table, "path", "total_conversions", var_value="total_conversion_value", var_null="total_null",
                order=1, out_more=True, verbose=False, flg_pro=False,
            )
            return {"paths": len(table), "channels": len(res["result"])}

        return run
    if tool == "retentioneering":
        from retentioneering.eventstream import Eventstream

        raw = df[["customer_id", "touchpoint", "timestamp"]].rename(columns={"customer_id": "user_id", "touchpoint": "event"})

        def run():
            stream = Eventstream(raw, schema={"path_cols": ["user_id"], "event_col": "event", "timestamp_col": "timestamp"})
            f = stream.funnel_data(steps=FUNNEL)
            return {"funnel": [s["unique_paths"] for s in f["steps"]]}

        return run
    if tool == "lifelines":
        from lifelines import KaplanMeierFitter

        def run():
            # What an analyst writes: each customer's time from the first event to the first conversion, the
            # others censored at the end of the log, then the Kaplan-Meier fit.
            d = df.sort_values(["customer_id", "timestamp"], kind="mergesort")
            first = d.groupby("customer_id", sort=False)["timestamp"].min()
            converted = d[d["value"] > 0].groupby("customer_id", sort=False)["timestamp"].min()
            end = d["timestamp"].max()
            stop = converted.reindex(first.index).fillna(end)
            seconds = (stop - first).dt.total_seconds()
            kmf = KaplanMeierFitter().fit(seconds, event_observed=first.index.isin(converted.index))
            return {"converted": int(len(converted)), "median": float(kmf.median_survival_time_)}

        return run
    if tool == "pandas" and what == "cohorts":

        def run():
            # Monthly retention cohorts as an analyst writes them: each customer's first conversion month, and
            # for every later conversion the months since it, customers counted once per cell.
            conv = df.loc[df["value"] > 0, ["customer_id", "timestamp"]].sort_values(
                ["customer_id", "timestamp"], kind="mergesort"
            )
            month = conv["timestamp"].dt.year * 12 + conv["timestamp"].dt.month
            first = month.groupby(conv["customer_id"]).transform("min")
            again = conv.groupby("customer_id").cumcount() > 0
            cells = (
                conv[again].assign(cohort=first[again], offset=(month - first)[again])
                .groupby(["cohort", "offset"])["customer_id"].nunique()
            )
            sizes = first.groupby(conv["customer_id"]).first().value_counts()
            return {"cohorts": int(len(sizes)), "cells": int(len(cells))}

        return run
    if tool == "pandas" and what == "sessions":

        def run():
            # Sessions by a 30-minute inactivity timeout, as an analyst writes them in pandas.
            d = df.sort_values(["customer_id", "timestamp"], kind="mergesort")
            new = (d["customer_id"] != d["customer_id"].shift()) | (
                d["timestamp"].diff() > pd_timedelta(minutes=30)
            )
            return {"sessions": int(new.cumsum().iloc[-1])}

        return run
    if tool == "journey":
        import journey

        def log():
            return journey.EventLog.from_arrow(df, outcome="value")

        def timed(step):
            def run():
                t = time.perf_counter()
                lg = log()
                t_log = time.perf_counter() - t
                t = time.perf_counter()
                step(lg)
                return {"from_arrow_s": t_log, "step_s": time.perf_counter() - t}

            return run

        if what == "from_csv":

            def read():
                t = time.perf_counter()
                lg = journey.EventLog.from_csv(csv_path, outcome="value", progress=False)
                return {"from_arrow_s": time.perf_counter() - t, "step_s": 0.0, "customers": lg.customer_count}

            return read
        if what == "dfg":
            return timed(lambda lg: lg.dfg())
        if what == "discover_full":
            return timed(lambda lg: lg.discover())
        if what == "variants":
            return timed(lambda lg: lg.variants())
        if what == "discover":
            return timed(lambda lg: lg.discover())
        if what == "markov":
            return timed(lambda lg: lg.attribution("markov", order=1))
        if what == "funnel":
            return timed(lambda lg: lg.funnel(FUNNEL))
        if what == "time_to_convert":
            return timed(lambda lg: lg.time_to_convert())
        if what == "sessions":
            return timed(lambda lg: lg.sessions(timeout_minutes=30))
        if what == "cohorts":
            return timed(lambda lg: lg.cohorts(period="month"))
    raise SystemExit(f"unknown task {tool} {what}")


def worker(tool: str, what: str, csv: str, runs: int) -> None:
    os.environ.setdefault("RETENTIONEERING_NO_TRACK", "1")
    t0 = time.perf_counter()
    df = load_frame(csv)
    load_s = time.perf_counter() - t0
    rss_frame = rss_now()
    run = task(tool, what, df, csv)
    times, check, parts = [], None, []
    for _ in range(runs):
        t = time.perf_counter()
        check = run()
        times.append(time.perf_counter() - t)
        parts.append(check)
    if tool == "journey":
        check = {k: statistics.median(p[k] for p in parts) for k in ("from_arrow_s", "step_s")}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({
        "tool": tool, "task": what, "seconds": times, "median": statistics.median(times),
        "read_frame_seconds": load_s, "rss_with_frame": rss_frame, "peak_rss": peak, "check": check,
    }))


# ----------------------------------------------------------------------------------------------- driver


def peer_python(name: str) -> Path:
    return VENVS / name / "bin" / "python"


def journey_python() -> str | None:
    candidates = [os.environ.get("JOURNEY_PYTHON"), str(ROOT / ".venv" / "bin" / "python")]
    for c in candidates:
        if c and Path(c).exists():
            ok = subprocess.run([c, "-c", "import journey, pandas, pyarrow; journey.EventLog.from_arrow"],
                                capture_output=True)
            if ok.returncode == 0:
                return c
    return None


def call(py: str, tool: str, what: str, csv: str, runs: int) -> dict:
    env = dict(os.environ, RETENTIONEERING_NO_TRACK="1", PYTHONWARNINGS="ignore")
    r = subprocess.run([py, __file__, "--worker", tool, what, "--csv", csv, "--runs", str(runs)],
                       capture_output=True, text=True, env=env)
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith("{")]
    if r.returncode != 0 or not lines:
        return {"tool": tool, "task": what, "error": (r.stderr or r.stdout).strip().splitlines()[-3:]}
    return json.loads(lines[-1])


def journey_binary_steps(csv: str, runs: int) -> dict:
    exe = ROOT / "target" / "release" / "journey-bench"
    r = subprocess.run(["/usr/bin/time", "-f", "%M", str(exe), "steps", "--csv", csv, "--runs", str(runs)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return {"error": r.stderr.strip().splitlines()[-3:]}
    out = json.loads(r.stdout.strip().splitlines()[-1])
    try:
        out["peak_rss"] = int(r.stderr.strip().splitlines()[-1]) * 1024
    except ValueError:
        pass
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json")
    ap.add_argument("--worker", nargs=2)
    ap.add_argument("--only", nargs="+", metavar="TASK", help="run only these tasks (e.g. dfg variants from_csv)")
    a = ap.parse_args()
    if a.worker:
        worker(a.worker[0], a.worker[1], a.csv, a.runs)
        return 0

    size = Path(a.csv).stat().st_size
    events = sum(1 for _ in open(a.csv)) - 1
    print(f"peers bench on {a.csv}: {events} events, {size / 1e6:.1f} MB, median of {a.runs} runs")
    jpy = journey_python()
    pairs = [("dfg", "pm4py", "discover_dfg"), ("discover", "pm4py", "discover_dfg"), ("markov", "channelattribution", "markov_model order 1 (+ paths)"),
             ("funnel", "retentioneering", "Eventstream + funnel_data"),
             ("time_to_convert", "lifelines", "pandas prep + KaplanMeierFitter"),
             ("sessions", "pandas", "sort + diff > 30 min + cumsum"),
             ("cohorts", "pandas", "monthly cohorts: first conversion, later months"),
             ("discover_full", "pm4py", "dfg + performance dfg + variants"),
             ("dfg", "polars", "sort + shift over customer + group_by"),
             ("variants", "polars", "sort + paths as lists + group_by"),
             ("from_csv", "pandas_route", "read_csv + to_datetime + from_arrow")]
    if a.only:
        pairs = [p for p in pairs if p[0] in a.only]
    results = {"csv": a.csv, "events": events, "bytes": size, "runs": a.runs, "pairs": []}
    fallback = None
    if jpy is None:
        print("journey's Python module is not importable (set JOURNEY_PYTHON or run scripts/build-python.sh):\n"
              "  journey rows use the journey-bench binary from the CSV file instead (CSV parsing included).")
        fallback = journey_binary_steps(a.csv, a.runs)
    for what, peer, label in pairs:
        # The pandas route into journey runs where journey is.
        py = Path(jpy) if peer == "pandas_route" and jpy else peer_python(peer)
        theirs = call(str(py), peer, what, a.csv, a.runs) if py.exists() else {"error": [f"{py} missing"]}
        if jpy:
            ours = call(jpy, "journey", what, a.csv, a.runs)
            ours_label = "journey from_csv" if what == "from_csv" else "journey from_arrow + " + what
        else:
            key = {"markov": "markov1", "funnel": "funnel", "from_csv": "load_csv"}.get(what, "discover")
            step = 0 if key == "load_csv" else fallback.get(key, 0)
            ours = {"median": (fallback.get("load_csv", 0) + step) if "error" not in fallback else None,
                    "peak_rss": fallback.get("peak_rss"), "error": fallback.get("error")}
            ours = {k: v for k, v in ours.items() if v is not None}
            ours_label = f"journey binary: load_csv + {key}"
        results["pairs"].append({"task": what, "peer": peer, "peer_call": label, "peer_result": theirs,
                                 "journey_call": ours_label, "journey_result": ours})

    print()
    print(f"{'task':<10} {'peer':<42} {'peer s':>9} {'journey':<36} {'journey s':>9} {'ratio':>7}  peak RSS peer / journey")
    for p in results["pairs"]:
        t, o = p["peer_result"], p["journey_result"]
        ts, os_ = t.get("median"), o.get("median")
        ratio = f"{ts / os_:6.1f}x" if ts and os_ else "   n/a"
        mem = lambda r: f"{r['peak_rss'] / 2**20:.0f} MiB" if r.get("peak_rss") else "n/a"
        print(f"{p['task']:<10} {p['peer'] + ' ' + p['peer_call']:<42.42} {ts if ts else float('nan'):>9.3f} "
              f"{p['journey_call']:<36.36} {os_ if os_ else float('nan'):>9.3f} {ratio:>7}  {mem(t)} / {mem(o)}")
        for r, who in ((t, p["peer"]), (o, "journey")):
            if r.get("error"):
                print(f"    {who} failed: {' | '.join(r['error'])}")
        c = o.get("check") or {}
        if p["task"] == "from_csv" and ts and os_:
            print(f"    reading {results['bytes'] / 1e6:.0f} MB: journey from_csv {results['bytes'] / os_ / 1e6:.0f} MB/s, "
                  f"pandas route {results['bytes'] / ts / 1e6:.0f} MB/s")
        elif "from_arrow_s" in c:
            print(f"    journey: from_arrow {c['from_arrow_s']:.3f} s + {p['task']} {c['step_s']:.3f} s")
        runs = lambda r: ", ".join(f"{s:.3f}" for s in r.get("seconds", []))
        print(f"    runs in order (s): {p['peer']} {runs(t)}; journey {runs(o)}")
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
