#!/usr/bin/env python3
"""Writes the peer-checked fixtures in tests/fixtures/events/peers/.

Runs the peers (pm4py, retentioneering, ChannelAttribution), each in its own virtual environment under
.bench-venvs/ (installed by bench/install_peers.sh), on the project's small event logs, and saves what
they answer as JSON, with each peer's name and version. journey-core/tests/peers.rs then checks the core
against these files; the test suite never needs the peers.

    python3 bench/peer_fixtures.py            # all peers (installs them on first use)
    python3 bench/peer_fixtures.py pm4py      # one peer

Inside a peer's venv the script is re-run as `python bench/peer_fixtures.py --peer NAME`.

How the inputs are shaped for each peer (the same rules the Rust test states):
- Events are ordered by (customer, timestamp, position in the file) with a stable sort, as journey orders
  them. pm4py's discover_dfg gets the rows as they are in the file (it orders them itself);
  get_variants gets the sorted rows (it is wrong on unsorted rows).
- A customer converted when any of their events has an outcome above 0; their value is the sum of the
  outcomes.
- ChannelAttribution gets one row per distinct path: the touchpoints that earn the customer's conversion
  (for a converting customer those before their last converting event, the converting events left out, as
  journey credits them) with consecutive repeats collapsed, joined with " > ", with the number of
  converting customers, their total value and the number of customers who did not convert ("nulls").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "events" / "peers"
VENVS = Path(os.environ.get("BENCH_VENVS", ROOT / ".bench-venvs"))

DATASETS = {
    "small": {
        "path": "tests/fixtures/events/small.csv",
        "outcome": "converted",
        "funnels": [["ad", "site", "checkout"], ["site", "checkout"], ["site", "ad", "site"]],
    },
    "markov": {"path": "tests/fixtures/events/markov.csv", "outcome": "value", "funnels": [["a", "b"], ["b", "a"]]},
    "electronics": {
        "path": "examples/data/electronics-events.csv",
        "outcome": "order_value",
        "funnels": [
            ["product_page", "cart", "shipping", "payment", "order_confirmation"],
            ["social_ad", "product_page", "cart"],
            ["search_result", "compare_reviews", "store_advice", "store_checkout"],
        ],
    },
}

PEERS = {"pm4py": "pm4py", "retentioneering": "retentioneering", "channelattribution": "ChannelAttribution"}

# ChannelAttribution's simulation settings for the fixture: more simulations than its default 1e5, so the
# estimate is tighter; the fixed seed makes the file reproducible. It is run twice: with its default
# max_step (a simulated path is cut, as a non-conversion, after as many steps as the longest observed path:
# a bias wherever the chain has loops) and with max_step=200 (no cut in practice: the estimate of the
# absorbing chain's removal effects, which journey computes exactly).
CA_SETTINGS = {"order": 1, "nsim_start": 1_000_000, "seed": 0, "conv_par": 0.05}
CA_LONG_STEPS = 200


def read(name: str):
    """The dataset as a DataFrame with a parsed UTC timestamp and the file position of each row."""
    import pandas as pd

    spec = DATASETS[name]
    df = pd.read_csv(ROOT / spec["path"], dtype={"customer_id": str, "touchpoint": str, "timestamp": str})
    ts = df["timestamp"].str.strip()
    if ts.str.fullmatch(r"-?\d+(\.\d+)?").all():
        # Epoch numbers: 11 or more digits before any point are milliseconds, as journey reads them.
        ms = ts.str.split(".").str[0].str.lstrip("-").str.len() >= 11
        num = pd.to_numeric(ts)
        df["timestamp"] = pd.to_datetime((num.where(ms, num * 1000)).round().astype("int64"), unit="ms", utc=True)
    else:
        df["timestamp"] = pd.to_datetime(ts, utc=True, format="ISO8601")
    df["row"] = range(len(df))
    df["outcome"] = pd.to_numeric(df[spec["outcome"]]).astype(float)
    return df


def ordered(df):
    """Rows ordered by (customer, timestamp, position in the file): a stable sort, as journey orders."""
    return df.sort_values(["customer_id", "timestamp", "row"], kind="mergesort").reset_index(drop=True)


def customer_paths(df):
    """Per customer: the touchpoints in order, whether they converted and their value."""
    out = []
    for cid, g in ordered(df).groupby("customer_id", sort=True):
        out.append((cid, g["touchpoint"].tolist(), bool((g["outcome"] > 0).any()), float(g["outcome"].sum())))
    return out


def run_pm4py(name: str) -> dict:
    import pm4py

    df = read(name)
    keys = dict(case_id_key="customer_id", activity_key="touchpoint", timestamp_key="timestamp")
    # discover_dfg on the rows as they are in the file, and on the sorted rows: its directly-follows counts
    # are the same either way, but its start and end activities are the first and last rows of each case in
    # the order given (not in time order), so on unsorted rows they are wrong.
    as_is = pm4py.discover_dfg(df[["customer_id", "touchpoint", "timestamp"]].copy(), **keys)
    on_sorted = pm4py.discover_dfg(ordered(df)[["customer_id", "touchpoint", "timestamp"]].copy(), **keys)
    # get_variants on rows sorted by customer and time (it is wrong on unsorted rows).
    variants = pm4py.get_variants(ordered(df)[["customer_id", "touchpoint", "timestamp"]].copy(), **keys)

    def dfg_json(result):
        dfg, starts, ends = result
        return {
            "dfg": sorted(([a, b, int(n)] for (a, b), n in dfg.items()), key=lambda r: (-r[2], r[0], r[1])),
            "start_activities": dict(sorted((k, int(v)) for k, v in starts.items())),
            "end_activities": dict(sorted((k, int(v)) for k, v in ends.items())),
        }

    return {
        "rows_in_file_order": dfg_json(as_is),
        "rows_sorted": dfg_json(on_sorted),
        "variants": sorted(
            ([list(v), int(n if isinstance(n, int) else len(n))] for v, n in variants.items()),
            key=lambda r: (-r[1], r[0]),
        ),
    }


def run_retentioneering(name: str) -> dict:
    from retentioneering.eventstream import Eventstream

    df = read(name)
    raw = df[["customer_id", "touchpoint", "timestamp"]].rename(columns={"customer_id": "user_id", "touchpoint": "event"})
    stream = Eventstream(raw, schema={"path_cols": ["user_id"], "event_col": "event", "timestamp_col": "timestamp"})
    funnels = []
    for steps in DATASETS[name]["funnels"]:
        got = stream.funnel_data(steps=steps)
        funnels.append(
            {
                "steps": steps,
                "result": [
                    {
                        "step": s["step"],
                        "unique_paths": int(s["unique_paths"]),
                        "conversion_rate": float(s["conversion_rate"]),
                        "step_conversion_rate": float(s["step_conversion_rate"]),
                    }
                    for s in got["steps"]
                ],
            }
        )
    return {"paths": int(raw["user_id"].nunique()), "funnels": funnels}


def credited_paths(df):
    """Per customer: the touchpoints that earn their conversion, as journey takes them, whether they
    converted and their value. A converting customer's path is their events before their last converting
    event (outcome above 0), the converting events left out; the first event alone when nothing comes
    before it; every event when all of them carry an outcome (the log marks customers, not events)."""
    out = []
    for cid, g in ordered(df).groupby("customer_id", sort=True):
        tps, outcomes = g["touchpoint"].tolist(), g["outcome"].tolist()
        conv = [k for k, o in enumerate(outcomes) if o > 0]
        path = tps
        if conv and len(conv) < len(tps):
            path = [t for k, t in enumerate(tps) if k < conv[-1] and not outcomes[k] > 0] or [tps[0]]
        out.append((cid, path, bool(conv), float(sum(outcomes))))
    return out


def ca_table(df):
    """ChannelAttribution's input: one row per collapsed credited path (see `credited_paths`), with
    conversions, value and nulls."""
    import pandas as pd

    rows = {}
    for _, path, converted, value in credited_paths(df):
        collapsed = [t for i, t in enumerate(path) if i == 0 or path[i - 1] != t]
        key = " > ".join(collapsed)
        r = rows.setdefault(key, [0, 0.0, 0])
        if converted:
            r[0] += 1
            r[1] += value
        else:
            r[2] += 1
    return pd.DataFrame(
        [{"path": k, "total_conversions": c, "total_conversion_value": v, "total_null": n} for k, (c, v, n) in rows.items()]
    )


def run_channelattribution(name: str) -> dict:
    import ChannelAttribution as ca

    table = ca_table(read(name))
    heur = ca.heuristic_models(table, "path", "total_conversions", var_value="total_conversion_value", sep=">", flg_pro=False)
    heuristic = {}
    for _, r in heur.iterrows():
        heuristic[str(r["channel_name"]).strip()] = {
            k: float(r[k])
            for k in heur.columns
            if k != "channel_name"
        }
    out = {
        "paths_table": [
            [r["path"], int(r["total_conversions"]), float(r["total_conversion_value"]), int(r["total_null"])]
            for _, r in table.sort_values("path").iterrows()
        ],
        "heuristic_models": dict(sorted(heuristic.items())),
        "markov_settings": CA_SETTINGS,
    }
    if int(table["total_conversions"].sum()) > 0:
        out["markov_model"] = ca_markov(ca, table, None)
        out["markov_model_max_step_200"] = ca_markov(ca, table, CA_LONG_STEPS)
    return out


def ca_markov(ca, table, max_step):
    res = ca.markov_model(
        table,
        "path",
        "total_conversions",
        var_value="total_conversion_value",
        var_null="total_null",
        out_more=True,
        verbose=False,
        flg_pro=False,
        max_step=max_step,
        **CA_SETTINGS,
    )
    result, re = res["result"], res["removal_effects"]
    return {
        "max_step": max_step,
        "result": {
            str(r["channel_name"]).strip(): {
                "total_conversions": float(r["total_conversions"]),
                "total_conversion_value": float(r["total_conversion_value"]),
            }
            for _, r in result.iterrows()
        },
        "removal_effects": {
            str(r["channel_name"]).strip(): {k: float(r[k]) for k in re.columns if k != "channel_name"}
            for _, r in re.iterrows()
        },
    }


def peer_main(peer: str) -> None:
    from importlib.metadata import version

    fn = {"pm4py": run_pm4py, "retentioneering": run_retentioneering, "channelattribution": run_channelattribution}[peer]
    data = {
        "peer": PEERS[peer],
        "version": version(PEERS[peer].lower() if peer != "channelattribution" else "ChannelAttribution"),
        "generated_by": "bench/peer_fixtures.py (do not edit by hand; run it again)",
        "python": sys.version.split()[0],
        "pandas": version("pandas"),
        "datasets": {name: {"path": spec["path"], "outcome": spec["outcome"], **fn(name)} for name, spec in DATASETS.items()},
    }
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / f"{peer}.json"
    target.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n")
    print(f"wrote {target.relative_to(ROOT)} ({PEERS[peer]} {data['version']})")


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "--peer":
        os.environ.setdefault("RETENTIONEERING_NO_TRACK", "1")
        peer_main(argv[1])
        return 0
    peers = argv or list(PEERS)
    subprocess.run(["bash", str(ROOT / "bench" / "install_peers.sh"), *peers], check=True)
    env = dict(os.environ, RETENTIONEERING_NO_TRACK="1", PYTHONWARNINGS="ignore")
    status = 0
    for peer in peers:
        py = VENVS / peer / "bin" / "python"
        r = subprocess.run([str(py), __file__, "--peer", peer], env=env)
        status |= r.returncode
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
