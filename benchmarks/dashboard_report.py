"""The dashboard's sections of the benchmark report: queries, their growth, page renders, page weight."""

import statistics
from typing import Any

from benchmarks import markdown as md
from benchmarks.measure import Sample, Summary
from benchmarks.targets import COLD_TARGET, PAGE_TARGET, WARM_TARGET


def queries_section(queries: dict[str, Any]) -> str:
    """Every dashboard query, warm and cold, against its target."""
    table = []
    labels = list(queries["cold"]) + [label for label in queries["warm"] if label not in queries["cold"]]
    for label in labels:
        cold, warm = queries["cold"].get(label, []), queries["warm"].get(label) or []
        if min(cold + warm, default=0) < 0:
            table.append(
                (f"`{label}`", "-", "failed", "", "", "failed", "", "**no** (see the child's stderr log)")
            )
            continue
        warm_summary = Summary.of([Sample(s) for s in warm]) if warm else None
        cold_summary = Summary.of([Sample(s) for s in cold]) if cold else None
        if label.endswith("(download)"):
            verdict = "(a download, not a page query)"
        else:
            ok = (warm_summary is None or warm_summary.median < WARM_TARGET) and (
                cold_summary is None or cold_summary.median < COLD_TARGET
            )
            verdict = "yes" if ok else "**no**"
        rows_out = queries["result_rows"].get(label.replace("(download)", "(rows)"))
        cpu = queries.get("warm_cpu", {}).get(label)
        table.append(
            (
                f"`{label}`",
                f"{rows_out:,}" if rows_out is not None else "-",
                md.ms(warm_summary.median if warm_summary else None),
                md.ms(warm_summary.p95 if warm_summary else None),
                md.ms(statistics.median(cpu) if cpu else None),
                md.ms(cold_summary.median if cold_summary else None),
                md.ms(cold_summary.p95 if cold_summary else None),
                verdict,
            )
        )
    marts = ", ".join(f"`{name}` {count:,}" for name, count in queries.get("mart_rows", {}).items())
    skipped = "; ".join(queries["skipped"]) or "none"
    headers = (
        "query (dashboard/sql)",
        "rows out",
        "warm median ms",
        "warm p95 ms",
        "warm CPU median ms",
        "cold median ms",
        "cold p95 ms",
        "< 50 / 500 ms",
    )
    if queries.get("lake"):
        heading = (
            f"### Dashboard queries from the lake of the {queries['rows']:,}-row mixed-sample warehouse\n\n"
            "The same queries as above, on the connection `dexstat serve --lake` opens: the marts, "
            "reference tables and refresh history copied into memory, transactions, listings and rejects "
            "read from their Parquet files (`dashboard/lake.py`). Cold includes that copy. "
        )
    else:
        heading = (
            f"### Dashboard queries on the {queries['rows']:,}-row mixed-sample warehouse\n\n"
            f"Rows in the warehouse: {marts}. "
        )
    return (
        heading + f"Skipped: {skipped}. Cold = a new connection "
        "(`dashboard.warehouse.connect`, a new DuckDB instance) in a new process, OS page cache not "
        "dropped. `export_* (rows)` counts the selection's rows, as the sidebar does on every render; "
        "`export_* (download)` streams every row as Arrow batches, as a download does (warm only).\n\n"
        + md.table(headers, table)
    )


def query_growth_section(sizes: list[dict[str, Any]]) -> str:
    """Dashboard query time per warehouse size."""
    table = []
    for size in sizes:
        found = size.get("queries_warm")
        if not found:
            continue
        medians = {
            label: statistics.median(times)
            for label, times in found.items()
            if times and min(times) >= 0 and not label.endswith("(download)")
        }
        slowest = max(medians, key=lambda label: medians[label])
        total = sum(medians.values())
        cpu = sum(statistics.median(times) for times in size.get("queries_warm_cpu", {}).values() if times)
        rows = size["rows"]
        table.append(
            (
                f"{rows:,}",
                len(medians),
                f"{total * 1000:,.0f}",
                f"{cpu * 1000:,.0f}",
                f"`{slowest}` {medians[slowest] * 1000:,.1f}",
                f"{statistics.median(medians.values()) * 1000:.1f}",
                f"{total / rows * 1e9:.1f}",
            )
        )
    headers = (
        "rows",
        "queries",
        "sum of warm medians ms",
        "sum of CPU medians ms",
        "slowest (warm median ms)",
        "median query ms",
        "sum ns/row",
    )
    return (
        "### Growth: dashboard query time\n\nEvery page query (no downloads) on the UTF-8 warehouse of each "
        "size (one exchange, one file), warm, median of the runs.\n\n" + md.table(headers, table)
    )


def pages_section(pages: dict[str, Any]) -> str:
    """Each page's render in AppTest, first run and warm."""
    table = []
    for page, found in pages["renders"].items():
        warm = Summary.of([Sample(s) for s in found["warm"]]) if found["warm"] else None
        table.append(
            (
                page,
                found.get("charts", "-"),
                f"{found['first']:.2f}",
                f"{warm.median:.2f}" if warm else "-",
                f"{warm.low:.2f}-{warm.high:.2f}" if warm else "-",
                f"{statistics.median(found['warm_cpu']):.2f}" if found.get("warm_cpu") else "-",
                "; ".join(found["exceptions"]) or "none",
                "yes" if warm and warm.median < PAGE_TARGET else "**no**",
            )
        )
    headers = (
        "page",
        "charts",
        "first run s",
        "warm median s",
        "warm min-max s",
        "warm CPU s",
        "exceptions",
        "< 1 s",
    )
    return (
        f"### Page renders in AppTest on the {pages['rows']:,}-row mixed-sample warehouse\n\n"
        "One AppTest (`dashboard/app.py`, language zh) opens the pages in navigation order: `first run` is "
        "the page's first render (its own queries uncached; the connection and the sidebar's queries were "
        "cached by the page before), `warm` a rerun with every query cached.\n\n"
        + md.table(headers, table, "lrrrrrll")
    )


def weight_section(weight: dict[str, Any]) -> str:
    """Bytes each page sends to the browser, first visit and again."""
    pages = weight["pages"]
    if "skipped" in pages:
        return f"### Page weight\n\nSkipped: {pages['skipped']}."
    table = [
        (
            f"{page} ({visit} visit)",
            found["requests"],
            md.kib(found["http"]),
            md.kib(found["static"]),
            md.kib(found["websocket"]),
            md.kib(found["http"] + found["websocket"]),
            f"{found['seconds']:.1f}",
        )
        for page, visits in pages.items()
        for visit, found in visits.items()
    ]
    headers = (
        "page",
        "HTTP requests",
        "HTTP KiB (wire)",
        "of which static",
        "websocket KiB",
        "total KiB",
        "seconds to drawn",
    )
    return (
        f"### Page weight on the {weight['rows']:,}-row mixed-sample warehouse\n\n"
        "`dexstat serve` and Debian's Chromium (Playwright). The server is warmed first (every page opened "
        "once, and each static file's brotli copy made). Then each page is opened once in a new browser "
        "context (empty cache, a first visit), counted until the script finished and every chart's frame had "
        "drawn: HTTP is every response as it came over the wire (Chrome's `encodedDataLength`: headers and "
        "compressed bodies); static is the part under /static/ and /component/ (Streamlit's JavaScript and "
        "fonts, the chart frame and its plotly.js); websocket is the payload of every frame the server sent "
        "(the page's data, charts and map). The second visit is the same page again in the same browser "
        "context: the static files come from the browser's cache.\n\n" + md.table(headers, table)
    )
