"""Results (the JSON `benchmarks.run` writes) as Markdown tables, with ratios against the baseline."""

import statistics
from typing import Any

from benchmarks import markdown as md
from benchmarks.dashboard_report import pages_section, queries_section, query_growth_section, weight_section
from benchmarks.measure import Sample, Summary
from benchmarks.profile_report import profile_section
from benchmarks.refresh import LABELS, REFERENCE, SHORT
from benchmarks.targets import targets_section


def render(results: dict[str, Any]) -> str:
    """The whole report."""
    parts = [f"Command: `{results['command']}`", f"Started {results['started']}"]
    if "finished" in results:
        parts[-1] += f", finished {results['finished']}."
    parts += [_machine(results), _settings(results)]
    for size in results.get("sizes", []):
        parts.append(_size_table(size))
    if len(results.get("sizes", [])) > 1:
        parts.append(_growth(results["sizes"]))
    if any("queries_warm" in size for size in results.get("sizes", [])):
        parts.append(query_growth_section(results["sizes"]))
    if "queries" in results:
        parts.append(queries_section(results["queries"]))
    if "lake_queries" in results:
        parts.append(queries_section(results["lake_queries"]))
    if "lake_publish" in results:
        parts.append(_lake_publish(results["lake_publish"]))
    if "pages" in results:
        parts.append(pages_section(results["pages"]))
    if "weight" in results:
        parts.append(weight_section(results["weight"]))
    parts.append(targets_section(results))
    for profile in results.get("profiles", []):
        parts.append(profile_section(profile))
    return "\n\n".join(parts) + "\n"


def _lake_publish(found: dict[str, Any]) -> str:
    """Writing the lake of the UTF-8 warehouse: whole, with nothing changed, and after a 1% file."""
    summaries = {case: Summary.of([Sample(s) for s in times]) for case, times in found["times"].items()}
    whole = summaries.get("whole lake")
    rows = [
        (
            case,
            len(found["times"][case]),
            f"{summary.median:.2f}",
            f"{summary.low:.2f}-{summary.high:.2f}",
            f"{summary.median / whole.median:.2f}x" if whole else "-",
        )
        for case, summary in summaries.items()
    ]
    return (
        f"### Lake publish, {found['rows']:,}-row UTF-8 warehouse\n\n"
        "`python -m benchmarks.lake_publish`: `etl.lake.publish_lake` (what `dexstat refresh --lake` "
        "runs after the warehouse is published) into a new folder, again with nothing changed, and "
        "from a copy of the warehouse with the bench's 1% file added (every row in the last year: one "
        "partition of one exchange changed; the others are linked from the previous lake).\n\n"
        + md.table(("case", "runs", "median s", "min-max s", "against the whole lake"), rows)
    )


def _machine(results: dict[str, Any]) -> str:
    rows = [(key, value) for key, value in results["machine"].items()]
    return "### Machine\n\n" + md.table(("", ""), rows, "ll")


def _settings(results: dict[str, Any]) -> str:
    s = results["settings"]
    return (
        f"Runs per refresh measurement: {s['repeat']} (row counts of 5M and more: {s['big_repeat']}). "
        f"Dashboard queries: {s['query_repeat']} warm runs each on one connection after an untimed one; "
        f"{s['cold_repeat']} cold runs each, every one on a new connection in a new process."
    )


def _size_table(size: dict[str, Any]) -> str:
    rows, runs = size["rows"], size["runs"]
    summaries = {name: md.summary(samples) for name, samples in runs.items()}
    table = []
    for name, summary in summaries.items():
        reference = REFERENCE.get(name, "baseline_utf8")
        base = summaries.get(reference)
        wall = f"**{summary.median / base.median:.2f}x**" if base and name != reference else "1"
        cpu = f"{summary.cpu / base.cpu:.2f}x" if base and base.cpu and name != reference else "1"
        table.append(
            (
                LABELS.get(name, name),
                summary.n,
                f"{summary.median:.2f}",
                f"{summary.low:.2f}-{summary.high:.2f}",
                wall,
                f"{summary.cpu:.2f}",
                cpu,
                SHORT.get(reference, reference) if name != reference else "",
                md.mb(summary.peak_rss),
                f"{summary.median / rows * 1e6:.2f}" if not name.startswith("incremental") else "-",
                f"{summary.load:.1f}",
            )
        )
    sizes = ", ".join(f"{kind} {md.mb(value)} MB" for kind, value in size["input_bytes"].items())
    loaded = "; ".join(
        f"{kind}: {ok:,} loaded, {bad:,} rejected" for kind, (ok, bad) in size["loaded"].items()
    )
    empty = [kind for kind, (ok, _) in size["loaded"].items() if ok == 0]
    if empty:
        loaded += f". **Loaded nothing: {', '.join(empty)}: these timings measure a failure**"
    headers = (
        "measurement",
        "runs",
        "median s",
        "min-max s",
        "ratio",
        "CPU s",
        "CPU ratio",
        "against",
        "peak RSS MB",
        "µs/row",
        "load",
    )
    return (
        f"### {rows:,} transactions\n\nInputs: {sizes}. Last run of each: {loaded}.\n\n"
        + md.table(headers, table, "lrrrrrrlrrr")
        + _floor_steps(size.get("floor_steps", {}))
        + "\n\n`ratio`: of median wall times; `CPU s`: median user + system seconds of the process (all "
        "threads), steadier than wall time when other work competes for the cores; `load`: median 1-minute "
        "load average when the runs started (2 cores)."
    )


def _floor_steps(floors: dict[str, dict[str, list[float]]]) -> str:
    """Each floor's own steps, medians over its runs; the rest of its time is Python starting."""
    lines = []
    for name, steps in floors.items():
        parts = ", ".join(f"{step} {statistics.median(times):.2f} s" for step, times in steps.items())
        runs = len(next(iter(steps.values()), []))
        lines.append(f"{LABELS.get(name, name)}, median of {runs} runs: {parts}")
    if not lines:
        return ""
    return (
        "\n\nThe floors' steps (the rest of each one's time is the interpreter starting and importing "
        "DuckDB and dexstat):\n\n" + "\n".join(f"- {line}" for line in lines)
    )


def _growth(sizes: list[dict[str, Any]]) -> str:
    table = []
    for name in ("baseline_utf8", "floor_utf8", "refresh_utf8", "floor_gbk", "refresh_gbk", "refresh_sample"):
        for size in sizes:
            if name not in size["runs"]:
                continue
            summary, rows = md.summary(size["runs"][name]), size["rows"]
            table.append(
                (
                    LABELS[name],
                    f"{rows:,}",
                    f"{summary.median / rows * 1e6:.2f}",
                    f"{summary.cpu / rows * 1e6:.2f}",
                    md.mb(summary.peak_rss),
                    md.mb(summary.peak_rss / rows * 1e6),
                )
            )
    headers = ("measurement", "rows", "wall µs/row", "CPU µs/row", "peak RSS MB", "RSS MB per 1M rows")
    return "### Growth: time per row and peak memory\n\n" + md.table(headers, table)
