#!/usr/bin/env python3
"""journey on Spark and Dask against what a data engineer writes on the same engine, in the same run, on the
same data (figures, not assertions).

    python3 bench/engines_bench.py [--events 1000000] [--customers 100000] [--runs 3] [--partitions 8]
                                   [--warmup 1] [--only spark|dask] [--out /tmp/journey-bench] [--json out.json]

The log is generated here (deterministic: customers, times over 90 days, 50 touchpoints of which five are a
funnel's steps, an order value on some events) and written as Parquet files in which every customer's
events are spread over several files. Each engine reads them once and keeps them in memory (Spark
``cache()``, Dask ``persist()``), so that what is timed starts from the same in-memory DataFrame:

Spark (``local[2]``):
- repartition alone: ``df.repartition(n, customer)`` written to Spark's ``noop`` sink (the shuffle, no Python);
- repartition + Arrow to Python: the same, each partition sent to a Python worker by ``mapInArrow`` (which
  counts its rows);
- journey: ``journey.spark.dfg`` (the directly-follows counts, starts and ends: what the Spark SQL
  computes), ``journey.spark.discover`` (besides the counts, every duration for exact percentiles, visits,
  variants and drop-off) and ``journey.spark.funnel`` (closed funnel of the five steps), with where the time
  goes: the repartition, the Arrow conversion, journey in the workers (reading and the partial), the merge
  on the driver;
- Spark SQL: the directly-follows counts by a window ``lead`` over the customer ordered by time and a group
  by; the closed funnel by a group by of each customer's events sorted in time and ``aggregate`` walking the
  steps.
Dask (a local ``distributed`` cluster of 2 single-threaded workers):
- shuffle alone (``ddf.shuffle(customer)`` and a count per partition);
- journey: ``journey.dask.dfg``, ``journey.dask.discover`` and ``journey.dask.funnel``;
- pandas by hand: after the same shuffle, each partition sorted, ``groupby(customer).shift(-1)`` and a group
  by of the pairs, summed over partitions; the funnel by one merge per step (the first time of each step
  after the step before), per partition.
Medians of --runs runs (after --warmup runs of each that are not counted, 1 by default); the results of journey and
of the hand-written queries are checked to agree.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

FUNNEL = ["aware_t00", "consider_t00", "cart_t00", "checkout_t00", "purchase_t00"]
STAGES = ["aware", "consider", "cart", "checkout", "purchase"]


def generate(events: int, customers: int, out: Path, files: int = 8) -> Path:
    """The log as `files` Parquet files in a folder: rows in random order, so every customer's events are
    spread over the files. Made once per size."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = out / f"engines-{events}"
    if (folder / "_done").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(42)
    names = np.array([f"{STAGES[i % 5]}_t{i // 5:02d}" for i in range(50)])
    customer = rng.integers(0, customers, events)
    seconds = rng.integers(0, 90 * 86400, events)
    touch = names[rng.integers(0, 50, events)]
    value = np.where(touch == "purchase_t00", np.round(rng.uniform(5, 500, events), 2), 0.0)
    table = pa.table(
        {
            "customer_id": pa.array(np.char.add("c", customer.astype(str))),
            "timestamp": pa.array(seconds * 1_000_000 + 1_772_323_200_000_000, pa.timestamp("us", tz="UTC")),
            "touchpoint": pa.array(touch),
            "value": pa.array(value),
        }
    )
    step = -(-events // files)
    for i in range(files):
        pq.write_table(table.slice(i * step, step), folder / f"part-{i}.parquet")
    (folder / "_done").write_text("")
    return folder


def timed(runs: int, work, warmup: int = 1):
    """Median seconds of `runs` runs of `work` after `warmup` runs that are not counted, and the last result."""
    result = None
    for _ in range(warmup):
        result = work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def spark_bench(folder: Path, args, figures: dict) -> None:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession, Window
    from pyspark.sql import functions as F

    import journey.spark

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", args.driver_memory)
        .config("spark.sql.shuffle.partitions", str(args.partitions))
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "100000")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.read.parquet(str(folder)).cache()
    print(f"spark {spark.version}: {df.count():,} events cached in {df.rdd.getNumPartitions()} partitions")
    n = args.partitions

    def repartition():
        df.repartition(n, "customer_id").write.format("noop").mode("overwrite").save()

    def count_rows(batches):
        import pyarrow as pa

        rows = sum(b.num_rows for b in batches)
        yield pa.RecordBatch.from_pydict({"rows": [rows]})

    def arrow():
        return sum(r.rows for r in df.repartition(n, "customer_id").mapInArrow(count_rows, "rows long").collect())

    def sql_dfg():
        w = Window.partitionBy("customer_id").orderBy("timestamp", "touchpoint")
        pairs = df.select("touchpoint", F.lead("touchpoint").over(w).alias("next")).where(F.col("next").isNotNull())
        return {(r.touchpoint, r.next): r["count"] for r in pairs.groupBy("touchpoint", "next").count().collect()}

    steps = F.array(*[F.lit(s) for s in FUNNEL])

    def sql_funnel():
        events = F.array_sort(F.collect_list(F.struct("timestamp", "touchpoint")))
        walked = F.aggregate(
            events, F.lit(0), lambda k, e: F.when((k < len(FUNNEL)) & (e.touchpoint == steps[k]), k + 1).otherwise(k)
        )
        reached = df.groupBy("customer_id").agg(walked.alias("reached")).groupBy("reached").count().collect()
        per = {r.reached: r["count"] for r in reached}
        return [sum(c for k, c in per.items() if k >= i + 1) for i in range(len(FUNNEL))]

    baselines = {"repartition": repartition, "repartition_arrow": arrow}
    measure("spark", journey.spark, df, args, baselines, sql_dfg, sql_funnel, figures)
    spark.stop()


def dask_bench(folder: Path, args, figures: dict) -> None:
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster

    import journey.dask

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    ddf = dd.read_parquet(str(folder)).persist()
    print(f"dask {client.run_on_scheduler(lambda: __import__('dask').__version__)}: {len(ddf):,} events")
    n = args.partitions

    def shuffle():
        return ddf.shuffle(on="customer_id", npartitions=n).map_partitions(len).compute().sum()

    def pairs(part):
        part = part.sort_values(["customer_id", "timestamp", "touchpoint"], kind="stable")
        nxt = part.groupby("customer_id", sort=False)["touchpoint"].shift(-1)
        return part.assign(next=nxt).dropna(subset=["next"]).groupby(["touchpoint", "next"]).size().reset_index()

    def pandas_dfg():
        meta = pd.DataFrame({"touchpoint": pd.Series(dtype=object), "next": pd.Series(dtype=object), 0: pd.Series(dtype="int64")})
        per = ddf.shuffle(on="customer_id", npartitions=n).map_partitions(pairs, meta=meta).compute()
        return {(a, b): int(c) for (a, b), c in per.groupby(["touchpoint", "next"])[0].sum().items()}

    def reached(part):
        first = part[part["touchpoint"] == FUNNEL[0]].groupby("customer_id")["timestamp"].min()
        counts = [len(first)]
        for step in FUNNEL[1:]:
            later = part[part["touchpoint"] == step].merge(first.rename("before"), left_on="customer_id", right_index=True)
            first = later[later["timestamp"] > later["before"]].groupby("customer_id")["timestamp"].min()
            counts.append(len(first))
        return pd.DataFrame({"step": range(len(FUNNEL)), "customers": counts})

    def pandas_funnel():
        meta = pd.DataFrame({"step": pd.Series(dtype="int64"), "customers": pd.Series(dtype="int64")})
        per = ddf.shuffle(on="customer_id", npartitions=n).map_partitions(reached, meta=meta).compute()
        return [int(c) for c in per.groupby("step")["customers"].sum()]

    measure("dask", journey.dask, ddf, args, {"repartition": shuffle}, pandas_dfg, pandas_funnel, figures)
    client.close()
    cluster.close()


def measure(engine: str, module, frame, args, baselines: dict, hand_dfg, hand_funnel, figures: dict) -> None:
    """Times the baselines (each returns the rows it saw, or None), journey's discovery and funnel, and the
    hand-written queries on `frame`, checks that they agree and reports."""
    columns = dict(customer="customer_id", timestamp="timestamp", touchpoint="touchpoint", outcome="value")
    dfg_timings, discover_timings, funnel_timings = module.Timings(), module.Timings(), module.Timings()
    n = args.partitions
    works = {
        **baselines,
        "journey_dfg": lambda: module.dfg(frame, partitions=n, timings=dfg_timings, **columns),
        "journey_discover": lambda: module.discover(frame, partitions=n, timings=discover_timings, **columns),
        "journey_funnel": lambda: module.funnel(frame, FUNNEL, partitions=n, timings=funnel_timings, **columns),
        "sql_dfg": hand_dfg,
        "sql_funnel": hand_funnel,
    }
    times, results = {}, {}
    for name, work in works.items():
        times[name], results[name] = timed(args.runs, work, args.warmup)
    graph, found, funnel, dfg, counts = (
        results[k] for k in ("journey_dfg", "journey_discover", "journey_funnel", "sql_dfg", "sql_funnel")
    )
    mine = {(t["source"], t["target"]): t["count"] for t in graph.to_dict()["transitions"]}
    discovered = {(t["source"], t["target"]): t["count"] for t in found.to_dict()["transitions"]}
    agree = {
        "dfg": mine == dfg,
        "discover": discovered == dfg,
        "funnel": [int(c) for c in funnel["customers"]] == counts,
        "rows": all(int(results[k]) == args.events for k in baselines if results[k] is not None),
    }
    timings = {"dfg": dfg_timings, "discover": discover_timings, "funnel": funnel_timings}
    report(engine, times, agree, timings, figures)


def report(engine: str, times: dict, agree: dict, timings: dict, figures: dict) -> None:
    hand = "Spark SQL" if engine == "spark" else "pandas by hand"
    print(f"\n{engine}: medians of the runs, seconds")
    for name, value in times.items():
        print(f"  {name:<20} {value:8.3f}")
    for what, hand_key in (("dfg", "sql_dfg"), ("funnel", "sql_funnel"), ("discover", "sql_dfg")):
        mine = times["journey_" + what]
        target = " (target >= 2)" if what != "discover" else " (the counts only; discover does more)"
        print(
            f"  {what}: {hand} {'dfg' if what == 'discover' else what} / journey {what} = "
            f"{times[hand_key] / mine:.2f}x{target}, journey / repartition alone = "
            f"{mine / times['repartition']:.2f}x{' (target <= 1.5)' if what != 'discover' else ''}; "
            f"results agree: {agree[what]}"
        )
    for name, t in timings.items():
        shares = {"repartition (median, alone)": times["repartition"]}
        if "repartition_arrow" in times:
            shares["Arrow to Python (median of repartition + Arrow, less the repartition)"] = (
                times["repartition_arrow"] - times["repartition"]
            )
        shares[f"journey in the workers ({t.partitions} partitions, summed over the 2 workers)"] = t.workers
        shares["merge and finish on the driver"] = t.merge
        print(f"  where {name}'s {t.total:.3f} s (last run) go:")
        for label, seconds in shares.items():
            print(f"    {label:<78} {seconds:7.3f} s")
    print(f"  rows counted: {agree['rows']}")
    figures[engine] = {
        "seconds": times,
        "agree": agree,
        "timings": {k: {"workers": v.workers, "merge": v.merge, "total": v.total} for k, v in timings.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=None, help="default: events / 10")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1, help="runs of each before those timed (default 1)")
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--driver-memory", default="6g")
    parser.add_argument("--only", choices=["spark", "dask"], default=None)
    parser.add_argument("--out", type=Path, default=Path(os.environ.get("BENCH_OUT", "/tmp/journey-bench")))
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    folder = generate(args.events, args.customers or max(1, args.events // 10), args.out)
    figures: dict = {"events": args.events, "partitions": args.partitions, "runs": args.runs}
    if args.only in (None, "spark"):
        spark_bench(folder, args, figures)
    if args.only in (None, "dask"):
        dask_bench(folder, args, figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
