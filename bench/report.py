"""bench/results.md's tables, from the JSON each run writes. The prose around the tables
(the notes on each run) is kept; only the part between the markers is rewritten."""

import json
from pathlib import Path

BEGIN = "<!-- tables: written by `python -m bench report` -->"
END = "<!-- end of tables -->"
P99_GOAL_MS = 250


def _load(directory: Path, kind: str) -> dict[float, dict]:
    runs = {}
    for path in sorted(directory.glob(f"results-{kind}-s*.json")):
        data = json.loads(path.read_text())
        runs[data["scale"]] = data
    return runs


def _verdict(name: str, measured: dict) -> str:
    goal = measured.get("share_goal")
    if goal is None:
        return "baseline"
    held = measured["share"] >= goal and measured["p99_ms"] <= P99_GOAL_MS
    held = held and measured["queries_max"] <= 10 and not measured["errors"]
    return "holds" if held else "**misses**"


def _web_table(scale: float, run: dict) -> list[str]:
    rows = [
        f"### Web, BENCH_SCALE={scale:g} (started {run['started']})",
        "",
        "| page | req/s | p50 ms | p99 ms | share of baseline (goal) | queries | cold req/s "
        "| cache hits | load avg | peak RSS/worker MB | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, m in run["targets"].items():
        goal = f" ({m['share_goal']:.0%})" if m.get("share_goal") else ""
        queries = f"{m['queries_min']}–{m['queries_max']}"
        if m["queries_min"] == m["queries_max"]:
            queries = str(m["queries_max"])
        hits = "—" if m["cache_hit_ratio"] is None else f"{m['cache_hit_ratio']:.0%}"
        rows.append(
            f"| {m['title']} | {m['rps']:.1f} | {m['p50_ms']:.0f} | {m['p99_ms']:.0f} "
            f"| {m['share']:.2%}{goal} | {queries} | {m['cold']['rps']:.1f} | {hits} "
            f"| {m['load_average']} | {max(m['peak_rss_mb'])} | {_verdict(name, m)} |"
        )
    return [*rows, ""]


def _growth_table(runs: dict[float, dict]) -> list[str]:
    if len(runs) < 2:
        return []
    small, big = sorted(runs)[:2]
    rows = [
        f"### Growth: p50 at BENCH_SCALE={big:g} over BENCH_SCALE={small:g} (goal ≤ 1.5×)",
        "",
        "| page | p50 small ms | p50 big ms | ratio | queries small → big |",
        "|---|---:|---:|---:|---|",
    ]
    for name, m in runs[big]["targets"].items():
        s = runs[small]["targets"].get(name)
        if s is None:
            continue
        ratio = m["p50_ms"] / max(s["p50_ms"], 0.1)
        rows.append(
            f"| {m['title']} | {s['p50_ms']:.0f} | {m['p50_ms']:.0f} | {ratio:.2f}× "
            f"| {s['queries_max']} → {m['queries_max']} |"
        )
    return [*rows, ""]


def _recompute_table(runs: dict[float, dict]) -> list[str]:
    if not runs:
        return []
    rows = [
        "### recompute_labels (goal: < 30 s and ≤ 10× the SQL UPDATE at 100,000 labels)",
        "",
        "| scale | labels | moves | recompute s | peak RSS MB | one SQL UPDATE s | ratio "
        "| load avg |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scale, r in sorted(runs.items()):
        rows.append(
            f"| {scale:g} | {r['labels']} | {r['moves']} | {r['recompute']['seconds']} "
            f"| {r['recompute']['peak_rss_mb']} | {r['sql_update_seconds']} | {r['ratio']}× "
            f"| {r['load_average']} |"
        )
    return [*rows, ""]


def tables(directory: Path) -> str:
    web = _load(directory, "web")
    lines = []
    for scale, run in sorted(web.items()):
        lines += _web_table(scale, run)
    lines += _growth_table(web)
    lines += _recompute_table(_load(directory, "recompute"))
    return "\n".join(lines)


def write(directory: Path) -> None:
    path = directory / "results.md"
    text = path.read_text() if path.exists() else f"# Benchmark results\n\n{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    path.write_text(f"{head}{BEGIN}\n{tables(directory)}\n{END}{tail}")
