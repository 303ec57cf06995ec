"""Large maps from Python: the touchpoints, gaps and poster of a generated map of 10^4 touchpoints, and
``EventLog.partition`` with far more parts than customers. These bound no time (the size benchmark,
``journey-bench --bin map_scale``, measures growth); they fail when the work goes back to a scan per item,
which takes minutes at these sizes."""

import datetime

import journey

N = 10_000


def generated(n=N, per_stage=20, personas=50):
    """A map like the benchmark's: stages of ``per_stage`` touchpoints, transitions to the next one, skips
    and loops back, pain points, metrics, persona emotions, entries and goals."""
    stages = [{"id": f"s{s}", "name": f"Stage {s}"} for s in range(max(n // per_stage, 1))]
    channels = ["web", "email", "mobile_app", "store", "social", "search", "sms", "referral"]
    touchpoints, transitions = [], []
    for i in range(n):
        t = {
            "id": f"t{i}",
            "name": f"Touchpoint {i}",
            "stage": f"s{i * len(stages) // n}",
            "channel": channels[i % len(channels)],
            "emotion": (i % 9 - 4) / 2,
            "metrics": {"entered": 10_000 - i % 1000, "completed": 9_000 - i % 1000},
        }
        if i % 4 == 0:
            p = f"p{i // 4 % personas}"
            t["personas"] = [p]
            t["persona_emotions"] = {p: (i % 5 - 2) / 2}
        if i % 3 == 0:
            t["pain_points"] = [{"description": f"waits at {i}", "severity": 1 + i % 5}]
        touchpoints.append(t)
        if i + 1 < n:
            transitions.append({"from": f"t{i}", "to": f"t{i + 1}", "count": 5000})
        if i % 10 == 9:
            # A loop back that customers take and the design lacks.
            transitions.append({"from": f"t{i}", "to": f"t{i - 5}", "count": 50, "expected": False, "observed": True})
    return journey.Journey.from_dict({
        "schema_version": 1,
        "id": "generated",
        "name": "Generated",
        "personas": [{"id": f"p{p}", "name": f"Persona {p}"} for p in range(personas)],
        "stages": stages,
        "touchpoints": touchpoints,
        "transitions": transitions,
        "entries": ["t0"],
        "goals": [f"t{i}" for i in range(49, n, 50)],
    })


def test_a_large_map_lists_its_touchpoints_stage_by_stage():
    j = generated()
    tps = j.touchpoints
    assert len(tps) == N
    assert [t.id for t in tps] == [f"t{i}" for i in range(N)]
    assert [t.id for t in j.stage_touchpoints("s7")] == [f"t{i}" for i in range(140, 160)]
    # One stage per touchpoint, listed in stage order.
    many = generated(per_stage=1)
    assert len(many.stages) == N and [t.stage for t in many.touchpoints][:3] == ["s0", "s1", "s2"]


def test_a_large_map_has_its_gaps_and_poster():
    j = generated()
    gaps = j.gaps(as_of=datetime.date(2026, 11, 1))
    kinds = {g.kind for g in gaps}
    assert {"loop", "unevidenced", "stale_map"} <= kinds
    assert sum(g.kind == "loop" for g in gaps) == N // 10
    svg = j.to_svg()
    assert svg.startswith("<?xml") and f"{N} touchpoints" in svg
    # Seven persona curves; the legend counts the other 43 personas.
    assert "+43 more personas (draw one with the persona option)" in svg


def test_partition_caps_the_parts_at_the_customers(tmp_path):
    path = tmp_path / "events.csv"
    rows = [f"c{c:04},2026-01-01T00:00:0{k}Z,ad" for c in range(1000) for k in range(3)]
    path.write_text("customer_id,timestamp,touchpoint\n" + "\n".join(rows) + "\n")
    log = journey.EventLog.from_csv(path)
    parts = log.partition(10**7)
    assert len(parts) == 1000 and all(p.customer_count == 1 and len(p) == 3 for p in parts)
    assert [p.customer_count for p in log.partition(3)] == [334, 333, 333]
