"""What-if measurements behind the proposals in BENCHMARKS.md, run on the benchmark inputs, etl unedited.

    python -m benchmarks.experiments --rows 1000000 --repeat 3 --out build/bench/experiments.md

Statement-level: the pipeline's own functions (`_stage`, `_validate`, `load_reference_statistics`) on a
scratch warehouse, timed as they are and beside one changed variant (a vectorised UDF, a dedup without
the window, one transaction), with the variant's output compared with the original's. Whole-refresh:
the profiled refresh (`benchmarks.refresh_profile`) with DuckDB settings or one transaction, alternated
with the unchanged refresh. Variants alternate run by run, so a noisy neighbour hits all of them.
"""

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import duckdb.func
import pyarrow as pa
import pyarrow.compute as pc

from benchmarks import machine
from benchmarks.inputs import ensure_inputs
from benchmarks.measure import run_child
from benchmarks.refresh import remove_warehouse
from etl.inventory import scan
from etl.load.context import MAX_VALUE_CNY, LoadContext
from etl.load.exports import _stage, _validate
from etl.load.statistics import load_reference_statistics
from etl.mapping import read_mapping
from etl.normalise.columns import plan_columns
from etl.normalise.text import clean_text
from etl.paths import reference_dir
from etl.sources.exports import read_export
from etl.sources.reference import read_reference
from etl.sql import sql
from etl.warehouse import create_schema

Timing = tuple[float, float]  # (wall seconds, CPU seconds of this process, all threads)
# The staging SQL's window dedup, and the same rule as a join on the keys that repeat (rare in exports).
_DEDUP = re.compile(r"deduplicated as \(.*?\n\),\n", re.DOTALL)
_DEDUP_BY_KEYS = """deduplicated as (
    select
        e.*,
        coalesce(d.first_row, e.row_number) as first_row,
        case when d.first_row is null or d.first_key = (e.sheet_no, e.row_number) then 1 else 2 end
            as occurrence
    from explained as e
    left join (
        select
            exchange_id, txn_id, min((sheet_no, row_number)) as first_key,
            arg_min(row_number, (sheet_no, row_number)) as first_row
        from explained
        where reason_code is null
        group by exchange_id, txn_id
        having count(*) > 1
    ) as d using (exchange_id, txn_id)
    where e.reason_code is null
),
"""


def nfkc_arrow(values: pa.Array) -> pa.Array:
    """clean_text for a whole vector at once: NFKC, trim, blank -> NULL (pyarrow compute)."""
    trimmed = pc.utf8_trim_whitespace(pc.utf8_normalize(values, form="NFKC"))
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)


class Scratch:
    """A scratch warehouse holding one export read and planned exactly as the pipeline does."""

    def __init__(self, source: Path, folder: Path) -> None:
        self.con = duckdb.connect(str(folder / "scratch.duckdb"))
        create_schema(self.con)
        self.con.create_function("nfkc_clean", clean_text, ["VARCHAR"], "VARCHAR")
        self.udf = "native"
        self.con.execute(sql("staging/macros"))
        self.file = scan(source)[0]
        self.ctx = LoadContext.build(
            1, date.today(), read_mapping(source), read_reference(reference_dir()), folder
        )
        self.sheets = read_export(self.con, self.file.path, "raw", folder)
        self.plans = [plan_columns(sheet.headers, "transactions") for sheet in self.sheets]

    def stage(self) -> Timing:
        clock = Clock()
        _stage(self.con, "transactions", self.sheets, self.plans)
        return clock.read()

    def use_udf(self, kind: str) -> None:
        """Register nfkc_clean as the pipeline does (native), vectorised (arrow), or not at all (sql)."""
        # A streaming result left open by the reader (fetchone) would block remove_function.
        self.con.execute("select 1").fetchall()
        if self.udf == "sql":
            self.con.execute("drop macro nfkc_clean")
        else:
            self.con.remove_function("nfkc_clean")
        if kind == "native":
            self.con.create_function("nfkc_clean", clean_text, ["VARCHAR"], "VARCHAR")
        elif kind == "arrow":
            self.con.create_function("nfkc_clean", nfkc_arrow, ["VARCHAR"], "VARCHAR", type=duckdb.func.ARROW)
        else:
            self.con.execute("create temp macro nfkc_clean(x) as nullif(trim(x), '')")
        self.udf = kind
        self.con.execute(sql("staging/macros"))

    def validated(self, query: str) -> Timing:
        params = {"default_exchange": self.file.folder, "today": date.today(), "max_value_cny": MAX_VALUE_CNY}
        clock = Clock()
        self.con.execute(f"create or replace temp table validated as {query}", params)
        return clock.read()


class Clock:
    """Wall and CPU seconds (time.process_time counts every thread of this process) since creation."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def read(self) -> Timing:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def _alternate(variants: dict[str, Callable[[], Timing]], repeat: int) -> dict[str, list[Timing]]:
    times: dict[str, list[Timing]] = {name: [] for name in variants}
    for _ in range(repeat):
        for name, run in variants.items():
            times[name].append(run())
    return times


def stage_udf(scratch: Scratch, repeat: int) -> dict[str, Any]:
    """Staging (clean_text on every value) with the scalar UDF, a vectorised UDF, and no UDF at all."""
    outputs = {}

    def variant(kind: str) -> Callable[[], Timing]:
        def run() -> Timing:
            scratch.use_udf(kind)
            seconds = scratch.stage()
            outputs[kind] = scratch.con.execute("select * from stage_rows order by row_number").fetchall()
            return seconds

        return run

    times = _alternate({kind: variant(kind) for kind in ("native", "arrow", "sql")}, repeat)
    scratch.use_udf("native")
    scratch.stage()
    return {"times": times, "arrow output identical": outputs["arrow"] == outputs["native"]}


def validate_dedup(scratch: Scratch, repeat: int) -> dict[str, Any]:
    """The validated CTAS as it is, and with the duplicate rule as a join on repeated keys only."""
    _validate(scratch.con, scratch.file, scratch.ctx, scratch.file.folder)  # the maps, once
    current = sql("staging/transactions")
    changed = _DEDUP.sub(_DEDUP_BY_KEYS, current, count=1)
    if changed == current:
        return {"skipped": "the staging SQL no longer has the deduplicated CTE this variant replaces"}
    results = {}

    def variant(name: str, query: str) -> Callable[[], Timing]:
        def run() -> Timing:
            seconds = scratch.validated(query)
            results[name] = scratch.con.execute(
                "select row_number, reason_code, reason from validated order by row_number"
            ).fetchall()
            return seconds

        return run

    times = _alternate({"window": variant("window", current), "join": variant("join", changed)}, repeat)
    plant = scratch.con.execute("select count(*) - count(distinct txn_id) from stage_rows").fetchone()
    return {"times": times, "same result": results["window"] == results["join"], "duplicate ids": plant}


def small_inserts(folder: Path, repeat: int) -> dict[str, Any]:
    """load_reference_statistics (hundreds of one-row inserts) in autocommit and in one transaction."""
    reference = read_reference(reference_dir())
    ctx = LoadContext.build(1, date.today(), read_mapping(folder), reference, folder)

    def variant(transaction: bool) -> Callable[[], Timing]:
        def run() -> Timing:
            path = folder / "inserts.duckdb"
            path.unlink(missing_ok=True)
            with duckdb.connect(str(path)) as con:
                create_schema(con)
                clock = Clock()
                if transaction:
                    con.execute("begin transaction")
                load_reference_statistics(con, reference, ctx)
                if transaction:
                    con.execute("commit")
                return clock.read()

        return run

    return {"times": _alternate({"autocommit": variant(False), "one transaction": variant(True)}, repeat)}


def whole_refresh(source: Path, folder: Path, repeat: int) -> dict[str, Any]:
    """The profiled refresh as it is, in one transaction, and with memory settings; seconds and peak RSS."""
    variants: dict[str, list[str]] = {
        "as is": [],
        "one transaction": ["--one-transaction"],
        "memory_limit=1GB": ["--set", "memory_limit=1GB"],
        "memory_limit=1GB, preserve_insertion_order=false": [
            "--set",
            "memory_limit=1GB",
            "--set",
            "preserve_insertion_order=false",
        ],
    }
    found: dict[str, dict[str, list[float]]] = {
        name: {"seconds": [], "peak_rss": [], "cpu": []} for name in variants
    }
    db, out = folder / "whole.duckdb", folder / "whole.json"
    for _ in range(repeat):
        for name, extra in variants.items():
            remove_warehouse(db)
            args = ["--source", str(source), "--db", str(db), "--out", str(out), *extra]
            sample = run_child(
                [sys.executable, "-m", "benchmarks.refresh_profile", *args], folder / "whole.log"
            )
            found[name]["seconds"].append(json.loads(out.read_text(encoding="utf-8"))["total_seconds"])
            found[name]["peak_rss"].append(sample.peak_rss)
            found[name]["cpu"].append(sample.cpu)
    remove_warehouse(db)
    return found


def render(results: dict[str, Any]) -> str:
    """The experiments as Markdown tables: median seconds and the ratio to the pipeline as it is."""
    parts = [f"Command: `{results['command']}`; load average at the start {results['load average']}."]
    for title, key in (
        ("Staging, `clean_text` on every value", "stage_udf"),
        ("The validated CTAS, duplicate ids", "validate_dedup"),
        ("Reference statistics, one-row inserts", "small_inserts"),
    ):
        entry = results.get(key)
        if not entry or "times" not in entry:
            parts.append(f"{title}: {entry.get('skipped') if entry else 'not run'}")
            continue
        rows = _rows({name: ([w for w, _ in t], [c for _, c in t]) for name, t in entry["times"].items()})
        notes = ", ".join(f"{k}: {v}" for k, v in entry.items() if k != "times")
        parts.append(f"**{title}** ({notes or 'no notes'})\n\n" + _table(rows, with_rss=False))
    whole = results.get("whole_refresh")
    if whole:
        rows = _rows({name: (v["seconds"], v["cpu"]) for name, v in whole.items()})
        rss = [f"{max(v['peak_rss']) / 1024**2:,.0f}" for v in whole.values()]
        parts.append(
            f"**Whole refresh, {results['rows']:,}-row UTF-8 CSV** (`refresh()` wall time in process; CPU "
            "and peak RSS of the process)\n\n"
            + _table([(*row, mb) for row, mb in zip(rows, rss, strict=True)])
        )
    return "\n\n".join(parts) + "\n"


def _rows(times: dict[str, tuple[list[float], list[float]]]) -> list[tuple[str, ...]]:
    first_wall, first_cpu = (statistics.median(values) for values in next(iter(times.values())))
    rows: list[tuple[str, ...]] = []
    for name, (wall, cpu) in times.items():
        rows.append(
            (
                name,
                f"{statistics.median(wall):.3f}",
                f"{min(wall):.3f}-{max(wall):.3f}",
                f"{statistics.median(wall) / first_wall:.2f}x",
                f"{statistics.median(cpu):.3f}",
                f"{statistics.median(cpu) / first_cpu:.2f}x" if first_cpu else "-",
            )
        )
    return rows


def _table(rows: Sequence[Sequence[str]], with_rss: bool = True) -> str:
    header = "| variant | median s | min-max s | ratio | CPU s | CPU ratio |" + (
        " peak RSS MB |" if with_rss else ""
    )
    rule = "|---|---:|---:|---:|---:|---:|" + ("---:|" if with_rss else "")
    return "\n".join([header, rule] + ["| " + " | ".join(row) + " |" for row in rows])


def main() -> None:
    """Run the experiments and write Markdown (and JSON beside it)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip", default="", help="comma-separated: statements, whole")
    parser.add_argument("--work", type=Path, default=Path("build/bench"))
    parser.add_argument("--out", type=Path, default=Path("build/bench/experiments.md"))
    args = parser.parse_args()
    inputs = ensure_inputs(args.rows, args.work.resolve())
    results: dict[str, Any] = {
        "command": "python -m benchmarks.experiments " + " ".join(sys.argv[1:]),
        "rows": args.rows,
        "load average": machine.load_average(),
    }
    with tempfile.TemporaryDirectory(dir=args.work) as scratch_dir:
        folder = Path(scratch_dir)
        if "statements" not in args.skip:
            scratch = Scratch(inputs.utf8, folder)
            results["stage_udf"] = stage_udf(scratch, args.repeat)
            results["validate_dedup"] = validate_dedup(scratch, args.repeat)
            scratch.con.close()
            results["small_inserts"] = small_inserts(folder, args.repeat)
        if "whole" not in args.skip:
            results["whole_refresh"] = whole_refresh(inputs.utf8, folder, args.repeat)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    args.out.write_text(render(results), encoding="utf-8")
    print(render(results))


if __name__ == "__main__":
    main()
