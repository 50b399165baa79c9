"""Run every benchmark and write the results as Markdown (and JSON beside it).

    python -m benchmarks.run --rows 1000000,10000000 --repeat 3 --out build/bench/results.md
    python -m benchmarks.run --rows 30000000 --repeat 1 --only baseline_utf8,refresh_utf8 --resume \
        --skip queries,lake,pages,weight,profile --out build/bench/results.md

Inputs are generated once per row count under --work (default build/bench/, which git ignores) and
reused. Sizes run one after the other, smallest first; nothing runs in parallel, so the 2 cores are
not shared between two measurements. With --resume the sizes already in --out's JSON are kept (and
not measured again) and the other parts are kept unless measured again.
"""

import argparse
import json
import os
import sys
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from benchmarks import machine, report
from benchmarks.inputs import ensure_inputs
from benchmarks.measure import run_child
from benchmarks.profiling import profile_refreshes
from benchmarks.refresh import dexstat, measure_size
from etl.lake import publish_lake


def say(message: str) -> None:
    """Progress on stderr, with the time of day."""
    print(f"{datetime.now():%H:%M:%S} {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", default="100000", help="comma-separated row counts, e.g. 1000000,10000000")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each refresh measurement")
    parser.add_argument(
        "--big-repeat", type=int, default=None, help="runs for row counts of 5M or more (default: --repeat)"
    )
    parser.add_argument("--query-repeat", type=int, default=20, help="warm runs of each dashboard query")
    parser.add_argument("--cold-repeat", type=int, default=5, help="new processes for cold query runs")
    parser.add_argument(
        "--profile-rows", type=int, default=1_000_000, help="row count to profile the refresh at (0: skip)"
    )
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated parts to leave out: refresh, growth, queries, lake, pages, weight, profile "
        "(lake: the same queries on the sample warehouse's lake, unless queries are left out too, and "
        "the time to write a lake)",
    )
    parser.add_argument(
        "--query-rows",
        type=int,
        default=None,
        help="row count of the mixed-sample warehouse the dashboard is measured on (default: the largest "
        "of --rows up to 10M)",
    )
    parser.add_argument("--page-repeat", type=int, default=5, help="warm AppTest reruns of each page")
    parser.add_argument("--growth-repeat", type=int, default=5, help="warm runs of each query per size")
    parser.add_argument(
        "--download-repeat", type=int, default=2, help="full-export downloads timed (0: none)"
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated refresh measurements to run (default all): baseline_utf8, refresh_utf8, "
        "baseline_gbk, refresh_gbk, refresh_sample, incremental",
    )
    parser.add_argument("--work", type=Path, default=Path("build/bench"))
    parser.add_argument("--out", type=Path, default=Path("build/bench/results.md"))
    parser.add_argument("--render", type=Path, help="only re-render a results JSON as Markdown")
    parser.add_argument(
        "--resume", action="store_true", help="keep the sizes already in --out's JSON and measure the rest"
    )
    parser.add_argument(
        "--merge",
        type=Path,
        action="append",
        default=[],
        help="also keep the sizes of this results JSON (a run made beside this one); repeatable",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Measure, then write --out (Markdown) and --out with .json."""
    args = parse_args(argv)
    if args.render:
        _write(args.out, json.loads(args.render.read_text(encoding="utf-8")))
        return
    sizes = sorted(int(value.replace("_", "")) for value in args.rows.split(",") if value)
    skip = {value.strip() for value in args.skip.split(",") if value.strip()}
    results: dict[str, Any] = {
        "command": "python -m benchmarks.run " + " ".join(sys.argv[1:] if argv is None else argv),
        "started": f"{datetime.now():%Y-%m-%d %H:%M}",
        "machine": machine.describe(),
        "settings": {
            "repeat": args.repeat,
            "big_repeat": args.big_repeat or args.repeat,
            "query_repeat": args.query_repeat,
            "cold_repeat": args.cold_repeat,
            "page_repeat": args.page_repeat,
            "growth_repeat": args.growth_repeat,
            "download_repeat": args.download_repeat,
        },
        "sizes": [],
    }
    work = args.work.resolve()
    previous = args.out.with_suffix(".json")
    if args.resume and previous.exists():
        kept = json.loads(previous.read_text(encoding="utf-8"))
        for key in ("queries", "lake_queries", "lake_publish", "pages", "weight", "profiles"):
            if key in kept:
                results[key] = kept[key]
        results["sizes"] = kept.get("sizes", [])
        results["command"] = kept["command"] + "; then " + results["command"]
        results["started"] = kept["started"]
        results["settings"] = {**kept["settings"], f"settings of run {len(results['command'].split('; '))}":
                               results["settings"]}  # fmt: skip
        results["machine"]["load average at the start"] = kept["machine"]["load average"]
        if kept["machine"].get("commit") not in (None, results["machine"].get("commit")):
            # the parts measured before ran at the first commit: name both
            results["machine"]["commit"] = f"{kept['machine']['commit']}, then {results['machine']['commit']}"
    for other in args.merge:
        merged = json.loads(other.read_text(encoding="utf-8"))
        _merge_sizes(results["sizes"], merged["sizes"])
        results["command"] += "; with the measurements of: " + merged["command"]
    results["sizes"].sort(key=lambda size: size["rows"])
    done = {size["rows"] for size in results["sizes"]}
    if "refresh" not in skip:
        for rows in (rows for rows in sizes if rows not in done):
            results["sizes"].append(_measure_size(rows, work, args, "growth" not in skip))
            results["sizes"].sort(key=lambda size: size["rows"])
            _write(args.out, results)
    query_rows = args.query_rows or max([rows for rows in sizes if rows <= 10_000_000] or sizes)
    db = work / "warehouses" / str(query_rows) / "sample.duckdb"
    if not {"queries", "pages", "weight"} <= skip:
        _ensure_sample_warehouse(query_rows, db, work)
    if "queries" not in skip:
        results["queries"] = _measure_queries(query_rows, db, work, args)
        _write(args.out, results)
    if not {"queries", "lake"} & skip:
        lake = work / "lakes" / str(query_rows) / "sample"
        say(f"writing the lake of {db} (unless it is current)")
        publish_lake(db, lake)
        results["lake_queries"] = {**_measure_queries(query_rows, lake, work, args), "lake": True}
        _write(args.out, results)
    if "lake" not in skip:
        say(f"lake publish at {query_rows:,} rows: whole, unchanged, after a 1% file, x{args.repeat}")
        child = [sys.executable, "-m", "benchmarks.lake_publish", "--rows", str(query_rows)]
        times = _json_child([*child, "--repeat", str(args.repeat), "--work", str(work)], work)
        results["lake_publish"] = {"rows": query_rows, "times": times}
        _write(args.out, results)
    if "pages" not in skip:
        results["pages"] = _measure_pages(query_rows, db, work, args)
        _write(args.out, results)
    if "weight" not in skip:
        results["weight"] = _measure_weight(query_rows, db, work)
        _write(args.out, results)
    if "profile" not in skip and args.profile_rows:
        results["profiles"] = profile_refreshes(args.profile_rows, work, say)
    results["finished"] = f"{datetime.now():%Y-%m-%d %H:%M}"
    results["machine"]["load average at the end"] = machine.load_average()
    _write(args.out, results)
    say(f"wrote {args.out} and {args.out.with_suffix('.json')}")


def _merge_sizes(sizes: list[dict[str, Any]], others: list[dict[str, Any]]) -> None:
    """Add the sizes of another run; at a size both measured, its runs join this run's runs."""
    by_rows = {size["rows"]: size for size in sizes}
    for other in others:
        size = by_rows.get(other["rows"])
        if size is None:
            sizes.append(other)
            continue
        for name, runs in other.get("runs", {}).items():
            size["runs"][name] = size["runs"].get(name, []) + runs  # one baseline: all its runs
        for key in ("loaded", "input_bytes"):
            size[key] = {**other.get(key, {}), **size.get(key, {})}
        for key in ("queries_warm", "queries_warm_cpu", "floor_steps"):
            if key not in size and key in other:
                size[key] = other[key]


def _measure_size(rows: int, work: Path, args: argparse.Namespace, growth: bool) -> dict[str, Any]:
    start = time.perf_counter()
    only = frozenset(value.strip() for value in args.only.split(",") if value.strip())
    inputs = ensure_inputs(rows, work, with_sample=not only or "refresh_sample" in only)
    say(f"inputs for {rows:,} rows ready in {time.perf_counter() - start:.0f} s: {inputs.root}")
    repeat = (args.big_repeat or args.repeat) if rows >= 5_000_000 else args.repeat
    result = measure_size(inputs, work, repeat, say, only)
    found: dict[str, Any] = {
        "rows": result.rows,
        "input_bytes": result.input_bytes,
        "runs": {name: [asdict(sample) for sample in samples] for name, samples in result.runs.items()},
        "loaded": result.loaded,
        "floor_steps": result.floor_steps,
    }
    utf8 = work / "warehouses" / str(rows) / "utf8.duckdb"
    if growth and utf8.exists():
        say(f"growth: dashboard queries on the {rows:,}-row UTF-8 warehouse, warm x{args.growth_repeat}")
        child = [sys.executable, "-m", "benchmarks.dashboard_queries", "--db", str(utf8), "--mode", "warm"]
        warm = _json_child([*child, "--repeat", str(args.growth_repeat), "--download-repeat", "0"], work)
        found["queries_warm"], found["queries_warm_cpu"] = warm["wall"], warm["cpu"]
    return found


def _ensure_sample_warehouse(rows: int, db: Path, work: Path) -> None:
    if not db.exists():
        inputs = ensure_inputs(rows, work)
        say(f"building the {rows:,}-row sample warehouse for the dashboard")
        db.parent.mkdir(parents=True, exist_ok=True)
        run_child(_dexstat_refresh(inputs.sample, db), work / "logs" / "queries-refresh.log")


def _measure_pages(rows: int, db: Path, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    say(f"AppTest: every page on {db}, first run then warm x{args.page_repeat}")
    child = [sys.executable, "-m", "benchmarks.page_renders", "--db", str(db)]
    return {"rows": rows, "renders": _json_child([*child, "--repeat", str(args.page_repeat)], work)}


def _measure_weight(rows: int, db: Path, work: Path) -> dict[str, Any]:
    say(f"page weight: dexstat serve on {db} and Chromium")
    return {
        "rows": rows,
        "pages": _json_child([sys.executable, "-m", "benchmarks.page_weight", "--db", str(db)], work),
    }


def _measure_queries(rows: int, db: Path, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    child = [sys.executable, "-m", "benchmarks.dashboard_queries", "--db", str(db)]
    say(f"dashboard queries on {db}: warm x{args.query_repeat}")
    warm = _json_child(
        [
            *child,
            "--mode",
            "warm",
            "--repeat",
            str(args.query_repeat),
            "--download-repeat",
            str(args.download_repeat),
        ],
        work,
    )
    cold: dict[str, list[float]] = {}
    for number in range(args.cold_repeat):
        say(f"dashboard queries: cold process {number + 1}/{args.cold_repeat}")
        for label, seconds in _json_child([*child, "--mode", "cold"], work).items():
            cold.setdefault(label, []).extend(seconds)
    listing = _json_child([*child, "--mode", "cases"], work)
    return {
        "db": str(db),
        "rows": rows,
        "warm": warm["wall"],
        "warm_cpu": warm["cpu"],
        "cold": cold,
        "result_rows": _json_child([*child, "--mode", "rows"], work),
        "skipped": listing["skipped"],
        "mart_rows": _mart_rows(db) if db.is_file() else {},  # a lake: the warehouse's rows, given above
    }


def _dexstat_refresh(source: Path, db: Path) -> list[str]:
    return [*dexstat(), "refresh", "--source", str(source), "--db", str(db), "--quiet"]


def _json_child(args: list[str], work: Path) -> Any:
    log = work / "logs" / f"child-{os.getpid()}.json"  # two runs may share --work
    run_child(args, log, errors=work / "logs" / "child.stderr.log")
    return json.loads(log.read_text(encoding="utf-8"))


def _mart_rows(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        counts = {}
        for table in ("transaction_rows", "mart_monthly_transactions", "mart_monthly_listings"):
            found = con.execute(f"select count(*) from {table}").fetchone()  # noqa: S608
            counts[table] = int(found[0]) if found else 0
    return counts


def _write(out: Path, results: dict[str, Any]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    out.write_text(report.render(results), encoding="utf-8")


if __name__ == "__main__":
    main()
