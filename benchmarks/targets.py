"""The issue's targets, judged on the results: each a (target, measured, verdict) row of the report."""

import statistics
from typing import Any

from benchmarks import markdown as md
from benchmarks.measure import Summary
from benchmarks.refresh import LABELS

WARM_TARGET, COLD_TARGET = 0.050, 0.500
RSS_TARGET = 1.5 * 1024**3
PAGE_TARGET = 1.0
TARGET_ROWS = 10_000_000
WEIGHT_TARGET = 2 * 1024**2


def targets_section(results: dict[str, Any]) -> str:
    """The issue's targets, each measured and judged, as a table."""
    sizes = results.get("sizes", [])
    table: list[tuple[str, str, str]] = []
    if sizes:
        # The targets are set at 10M rows; other sizes show in the growth tables.
        big = next((size for size in sizes if size["rows"] == TARGET_ROWS), sizes[-1])
        s = {name: md.summary(runs) for name, runs in big["runs"].items()}
        at = f"{big['rows']:,} rows"
        table.append(
            _ratio_row(f"UTF-8 refresh <= 1.5x CTAS ({at})", s, "refresh_utf8", "baseline_utf8", 1.5)
        )
        table.append(_floor_row(s, "floor_utf8", "refresh_utf8", 1.5, at))
        table.append(_ratio_row(f"GBK refresh <= 2.5x CTAS ({at})", s, "refresh_gbk", "baseline_utf8", 2.5))
        table.append(_floor_row(s, "floor_gbk", "refresh_gbk", 2.5, at))
        for name in ("refresh_utf8", "refresh_gbk", "refresh_sample"):
            if name in s:
                rss = s[name].peak_rss
                verdict = "met" if rss < RSS_TARGET else f"**missed**, {rss / RSS_TARGET:.1f}x the limit"
                table.append((f"peak RSS < 1.5 GB, {LABELS[name]} ({at})", f"{md.mb(rss)} MB", verdict))
        table.append(_rss_growth(sizes))
        for name in ("incremental_added", "incremental_changed"):
            table.append(_ratio_row(f"{LABELS[name]} <= 10% of full ({at})", s, name, "refresh_utf8", 0.10))
    if "queries" in results:
        table += _query_targets(results["queries"])
    table += _page_targets(results)
    return "### Targets (issue 5)\n\n" + md.table(("target", "measured", "verdict"), table, "lrl")


def _ratio_row(
    label: str, s: dict[str, Summary], name: str, reference: str, limit: float
) -> tuple[str, str, str]:
    if name not in s or reference not in s:
        return (label, "not measured", "-")
    ratio, cpu = _ratios(s, name, reference)
    # Judged on the larger of the two: on a busy machine a wall ratio can flatter (the baseline ran while
    # the cores were taken), and on an idle one the CPU ratio can (a baseline that waits on the disk).
    worst = max(ratio, cpu) if cpu == cpu else ratio
    verdict = "met" if worst <= limit else f"**missed** by {worst / limit:.1f}x"
    shown = f"{ratio:.2f}x (CPU {cpu:.2f}x)" if limit >= 1 else f"{ratio:.0%} (CPU {cpu:.0%})"
    return (label, shown, verdict)


def _ratios(s: dict[str, Summary], name: str, reference: str) -> tuple[float, float]:
    """Median wall and CPU seconds of `name` over `reference`'s (CPU: nan when not measured)."""
    wall = s[name].median / s[reference].median
    cpu = s[name].cpu / s[reference].cpu if s[reference].cpu else float("nan")
    return wall, cpu


def _floor_row(s: dict[str, Summary], name: str, refresh: str, limit: float, at: str) -> tuple[str, str, str]:
    """Not a target: the least any refresh can cost against the same baseline (`benchmarks.floor`), and
    what the target leaves above it for cleaning, mapping and validating the rows."""
    kind = "UTF-8" if name.endswith("utf8") else "GBK"
    label = f"(no target) the {kind} floor against CTAS: hash, typed read, repeated ids ({at})"
    if name not in s or "baseline_utf8" not in s:
        return (label, "not measured", "-")
    base = s["baseline_utf8"]
    ratio, cpu = _ratios(s, name, "baseline_utf8")
    measured = f"{ratio:.2f}x (CPU {cpu:.2f}x)"
    spent = ""
    if refresh in s:
        measured += f"; {s[name].median / s[refresh].median:.0%} of the {kind} refresh"
        spent = f"; the refresh spends {s[refresh].median - s[name].median:.1f} s above the floor"
    # "Under the floor" is the strong claim, so it must hold by CPU time too, which noise moves less.
    if ratio >= limit and not cpu < limit:
        return (label, measured, f"the {limit}x target is under it: no refresh keeping these rules meets it")
    if ratio >= limit:
        return (label, measured, f"the {limit}x target is under it by wall time, not by CPU time: unsettled")
    room = (limit - ratio) * base.median
    return (
        label,
        measured,
        f"the {limit}x target leaves {room:.1f} s above it for the rows' cleaning{spent}",
    )


def _rss_growth(sizes: list[dict[str, Any]]) -> tuple[str, str, str]:
    first, last = sizes[0], sizes[-1]
    if first is last or "refresh_utf8" not in first["runs"]:
        return ("peak RSS not proportional to input", "one size only", "-")
    low, high = (md.summary(size["runs"]["refresh_utf8"]).peak_rss for size in (first, last))
    growth, rows = high / low, last["rows"] / first["rows"]
    verdict = "met" if growth < rows / 2 else "**missed**"
    return ("peak RSS not proportional to input (UTF-8)", f"x{growth:.1f} for x{rows:.0f} rows", verdict)


def _query_targets(queries: dict[str, Any]) -> list[tuple[str, str, str]]:
    def medians(runs: dict[str, list[float]]) -> dict[str, float]:
        return {
            label: statistics.median(times) if min(times) >= 0 else float("inf")
            for label, times in runs.items()
            if not label.startswith("(") and not label.endswith("(download)")
        }

    warm, cold = medians(queries["warm"]), medians(queries["cold"])
    rows = []
    for name, found, limit in (
        ("warm median < 50 ms", warm, WARM_TARGET),
        ("cold < 500 ms", cold, COLD_TARGET),
    ):
        worst = max(found, key=lambda label: found[label])
        over = sum(value >= limit for value in found.values())
        rows.append(
            (
                f"every page query {name} ({queries['rows']:,} rows)",
                f"slowest `{worst}` {found[worst] * 1000:.0f} ms",
                "met" if not over else f"**missed** by {over} of {len(found)} queries",
            )
        )
    return rows


def _page_targets(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    rows = []
    if "pages" in results:
        renders = results["pages"]["renders"]
        warm = {page: statistics.median(found["warm"]) for page, found in renders.items() if found["warm"]}
        slowest = max(warm, key=lambda page: warm[page])
        over = [page for page, seconds in warm.items() if seconds >= PAGE_TARGET]
        rows.append(
            (
                "every page renders in AppTest < 1 s warm",
                f"slowest `{slowest}` {warm[slowest]:.2f} s",
                "met" if not over else f"**missed** by {', '.join(over)}",
            )
        )
    else:
        rows.append(("every page renders in AppTest < 1 s warm", "not measured", "-"))
    pages = results.get("weight", {}).get("pages", {})
    if pages and "skipped" not in pages:
        # The page's own bytes: websocket frames and non-static responses, on its first visit.
        first = {page: visits["first"] for page, visits in pages.items()}
        own = {page: v["websocket"] + v["http"] - v["static"] for page, v in first.items()}
        heaviest = max(own, key=lambda page: own[page])
        ratio = own[heaviest] / WEIGHT_TARGET
        rows.append(
            (
                "heaviest page sends < 2 MB: the page's own data (websocket + non-static HTTP)",
                f"`{heaviest}` {md.mib(own[heaviest])} MB",
                "met" if ratio < 1 else f"**missed** by {ratio:.1f}x",
            )
        )
        # A page's first visit in all: every response and frame, plus any static file that only landed
        # in the second visit (Streamlit's files load lazily).
        total = {
            page: v["first"]["http"] + v["first"]["websocket"] + v["again"]["static"]
            for page, v in pages.items()
        }
        worst = max(total, key=lambda page: total[page])
        ratio = total[worst] / WEIGHT_TARGET
        rows.append(
            (
                "heaviest page sends < 2 MB: a first visit in all, static files (as `dexstat serve` "
                "sends them: brotli, the chart frame's plotly.js once) included",
                f"`{worst}` {md.mib(total[worst])} MB (static {md.mib(pages[worst]['first']['static'])} MB)",
                "met" if ratio < 1 else f"**missed** by {ratio:.1f}x",
            )
        )
    else:
        rows.append(("heaviest page sends < 2 MB", "not measured", "-"))
    return rows
