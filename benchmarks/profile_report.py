"""The profiled refresh's section of the benchmark report: steps, statements, operators, py-spy."""

from typing import Any

from benchmarks import markdown as md
from benchmarks.refresh_profile import STEPS


def profile_section(entry: dict[str, Any]) -> str:
    """One profiled refresh: steps, slowest statements, operators, py-spy."""
    profile = entry["profile"]
    total = profile["total_seconds"]
    steps = profile["steps"]
    step_rows = [
        (
            "&nbsp;&nbsp;" * depth + label,
            steps[label]["calls"],
            f"{steps[label]['seconds']:.2f}",
            f"{steps[label]['seconds'] / total:.0%}",
        )
        for label, _, _, depth in STEPS
        if label in steps
    ]
    statements = sorted(profile["statements"].items(), key=lambda item: -item[1]["seconds"])[:15]
    statement_rows = [
        (f"`{label}`", tally["calls"], f"{tally['seconds']:.2f}", f"{tally['seconds'] / total:.0%}")
        for label, tally in statements
    ]
    udf = profile["udf"]
    parts = [
        f"### Profile: {entry['name']}",
        f"Wall time of the profiled process {entry['wall_seconds']:.1f} s, of which `refresh()` "
        f"{total:.1f} s "
        f"(the rest is interpreter start and imports). The Python UDF `nfkc_clean` ran {udf['calls']:,} "
        f"times, {udf['seconds']:.2f} s inside Python (the calls' overhead shows in the statements).",
        "Pipeline steps (inclusive, nested by indentation):\n\n"
        + md.table(("step", "calls", "seconds", "share"), step_rows),
        "Slowest SQL statements (summed over files):\n\n"
        + md.table(("statement", "calls", "seconds", "share"), statement_rows),
        _operators(entry.get("operators", [])),
    ]
    if "pyspy" in entry:
        spy = entry["pyspy"]
        own = [(f"`{name}`", f"{seconds:.2f}") for name, seconds in spy["own_self"][:12]]
        parts.append(
            f"py-spy ({spy['samples']:,} samples, {spy['seconds']:.1f} s): the project line each sample "
            "was in (a line that calls DuckDB counts DuckDB's time):\n\n" + md.table(("line", "seconds"), own)
        )
    return "\n\n".join(parts)


def _operators(operators: list[dict[str, Any]]) -> str:
    if not operators:
        return ""
    by_statement: dict[str, dict[str, float]] = {}
    seconds: dict[str, float] = {}
    for entry in operators:
        label = entry["statement"]
        seconds[label] = seconds.get(label, 0.0) + entry["seconds"]
        totals = by_statement.setdefault(label, {})
        for kind, timing in entry["operators"].items():
            totals[kind] = totals.get(kind, 0.0) + timing
    rows = []
    for label in sorted(seconds, key=lambda k: -seconds[k])[:5]:
        kinds = sorted(by_statement[label].items(), key=lambda item: -item[1])[:5]
        rows.append((f"`{label}`", f"{seconds[label]:.2f}", ", ".join(f"{k} {v:.2f}" for k, v in kinds)))
    return (
        "DuckDB's own profile of the statements over 50 ms (operator seconds are summed over threads; "
        "profiling on):\n\n" + md.table(("statement", "wall s", "top operators (s)"), rows, "lrl")
    )
