#!/usr/bin/env python3
"""Prints the benchmark figures against the targets, from the JSON files scripts/bench.sh wrote.

    python3 bench/summary.py /tmp/journey-bench
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def load(p: Path):
    try:
        return json.loads(p.read_text())
    except (OSError, ValueError):
        return None


def main(out: str) -> int:
    d = Path(out)
    run, peers, node = load(d / "run.json"), load(d / "peers.json"), load(d / "node.json")
    rows = []  # (what, figure, target, met)

    def add(what, figure, target, met):
        rows.append((what, figure, target, "n/a" if met is None else ("yes" if met else "NO")))

    if peers:
        for p in peers["pairs"]:
            t, o = p["peer_result"].get("median"), p["journey_result"].get("median")
            ratio = t / o if t and o else None
            target = {"dfg": 20, "markov": 10}.get(p["task"])
            fig = f"{ratio:.1f}x ({t:.2f} s vs {o:.3f} s)" if ratio else "n/a"
            note = "" if "from_arrow" in p["journey_call"] else " [journey from CSV: binding missing]"
            add(f"1M events: {p['task']} vs {p['peer']}{note}", fig, f">= {target}x" if target else "(figure only)",
                (ratio >= target) if ratio and target else None)
    if run:
        n = run["events"]
        med = run["median_seconds"]
        add(f"{n / 1e6:.0f}M events in memory: discover+variants+funnel+markov1", f"{run['analyses_seconds']:.2f} s "
            f"(discover {med['discover']:.2f}, funnel {med['funnel']:.2f}, markov1 {med['markov1']:.2f})", "< 2 s",
            run["analyses_seconds"] < 2)
        add("  ... plus building the log from the columns", f"{run['total_seconds']:.2f} s (build {med['build']:.2f})",
            "(figure only)", None)
        ing = run.get("csv_ingest") or {}
        if ing:
            add("CSV ingest (load_csv, 2M events)", f"{ing['mb_per_s']:.0f} MB/s", "> 200 MB/s", ing["mb_per_s"] > 200)
        peak, inp, before = run["peak_bytes"], run["input_bytes"], run["rss_before_bytes"]
        add("peak memory / input columns (whole process)", f"{peak / inp:.2f}x ({peak / 2**20:.0f} MiB / {inp / 2**20:.0f} MiB)",
            "< 3x", peak / inp < 3)
        add("  extra memory of the analytics / input columns", f"{(peak - before) / inp:.2f}x", "(figure only)", None)
    if node:
        add("Node, journey-wasm: 1M-event CSV fromCsv+discover+funnel+markov1", f"{node['median']['total']:.2f} s",
            "< 5 s", node["median"]["total"] < 5)
    w = max(len(r[0]) for r in rows) if rows else 10
    print(f"{'measure':<{w}}  {'figure':<48} {'target':<14} met")
    for what, fig, target, met in rows:
        print(f"{what:<{w}}  {fig:<48} {target:<14} {met}")
    print("\n(medians on a shared 2-core machine: compare ratios rather than absolute times)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/journey-bench"))
