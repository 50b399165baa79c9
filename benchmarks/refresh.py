"""Refresh measurements for one row count: full refreshes against the baseline, then incremental ones.

Every measurement is a child process (`dexstat refresh`, or the baseline) timed from the outside, its
peak RSS read with wait4. Within a repeat the baseline and the refreshes alternate, so a noisy
neighbour slows both rather than one.
"""

import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from benchmarks.inputs import UTF8_EXCHANGE, Inputs
from benchmarks.measure import Sample, run_child

Log = Callable[[str], None]
FULL = (
    "baseline_utf8",
    "floor_utf8",
    "refresh_utf8",
    "baseline_gbk",
    "floor_gbk",
    "refresh_gbk",
    "refresh_sample",
)
INCREMENTAL = ("incremental_added", "incremental_changed", "incremental_unchanged")
# How the report names each measurement.
LABELS = {
    "baseline_utf8": "baseline: typed `read_csv` CTAS of the UTF-8 CSV",
    "floor_utf8": "floor: the least any refresh does (`benchmarks.floor`), UTF-8 CSV",
    "refresh_utf8": "`dexstat refresh`, UTF-8 CSV (one file)",
    "baseline_gbk": "baseline: stream-transcode the GBK CSV, then the same CTAS",
    "floor_gbk": "floor: the least any refresh does (`benchmarks.floor`), GBK CSV",
    "refresh_gbk": "`dexstat refresh`, GBK CSV (one file, Chinese headers)",
    "refresh_sample": "`dexstat refresh`, mixed sample (`dexstat sample`, 67 files)",
    "incremental_added": "incremental: a new file with 1% more rows",
    "incremental_changed": "incremental: that 1% file replaced by a changed copy",
    "incremental_unchanged": "incremental: nothing changed",
}
# Each measurement's ratio is taken against this one, measured in the same run.
REFERENCE = {
    "baseline_utf8": "baseline_utf8",
    "floor_utf8": "baseline_utf8",
    "refresh_utf8": "baseline_utf8",
    "baseline_gbk": "baseline_utf8",
    "floor_gbk": "baseline_utf8",
    "refresh_gbk": "baseline_utf8",
    "refresh_sample": "baseline_utf8",
    "incremental_added": "refresh_utf8",
    "incremental_changed": "refresh_utf8",
    "incremental_unchanged": "refresh_utf8",
}
SHORT = {"baseline_utf8": "UTF-8 CTAS", "refresh_utf8": "full UTF-8 refresh", "baseline_gbk": "GBK CTAS"}


@dataclass
class SizeResult:
    """Every run for one row count, by measurement name, and what the refreshes loaded."""

    rows: int
    input_bytes: dict[str, int]
    runs: dict[str, list[Sample]] = field(default_factory=dict)
    loaded: dict[str, tuple[int, int]] = field(default_factory=dict)  # (rows loaded, rows rejected)
    # each floor measurement's steps: the seconds of each run
    floor_steps: dict[str, dict[str, list[float]]] = field(default_factory=dict)

    def add(self, name: str, sample: Sample) -> None:
        self.runs.setdefault(name, []).append(sample)

    def last(self, name: str) -> float:
        """Seconds of the latest run of `name`."""
        return self.runs[name][-1].seconds


def dexstat() -> list[str]:
    """The dexstat console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("dexstat")
    return [str(script)] if script.exists() else [sys.executable, "-m", "etl"]


def refresh(source: Path, db: Path, log: Path, fresh: bool = True) -> Sample:
    """Time `dexstat refresh` of `source` into `db` (removed first when `fresh`)."""
    if fresh:
        remove_warehouse(db)
    args = [*dexstat(), "refresh", "--source", str(source), "--db", str(db), "--quiet"]
    return run_child(args, log, inputs=[source] if fresh else [source, db])


def baseline(csv_path: Path, db: Path, log: Path, encoding: str = "utf-8") -> Sample:
    """Time the typed read_csv CTAS of `csv_path` into a new DuckDB file."""
    args = ["--csv", str(csv_path), "--db", str(db), "--encoding", encoding]
    return run_child([sys.executable, "-m", "benchmarks.baseline", *args], log, inputs=[csv_path])


def floor(csv_path: Path, db: Path, log: Path, encoding: str = "utf-8") -> Sample:
    """Time the floor's steps (`benchmarks.floor`) on `csv_path`, into a new DuckDB file."""
    args = ["--csv", str(csv_path), "--db", str(db), "--exchange", UTF8_EXCHANGE, "--encoding", encoding]
    return run_child([sys.executable, "-m", "benchmarks.floor", *args], log, inputs=[csv_path])


def remove_warehouse(db: Path) -> None:
    """Delete a warehouse file and what a refresh leaves beside it."""
    for path in (db, db.with_name(db.name + ".wal"), db.with_name(db.name + ".lock")):
        path.unlink(missing_ok=True)


def last_run(db: Path) -> tuple[int, int]:
    """(rows loaded, rows rejected) of the warehouse's latest refresh."""
    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute(
            "select rows_loaded, rows_rejected from refresh_runs order by run_id desc limit 1"
        ).fetchone()
    return (int(found[0]), int(found[1])) if found else (0, 0)


def measure_size(
    inputs: Inputs, work: Path, repeat: int, say: Log, only: frozenset[str] = frozenset()
) -> SizeResult:
    """Full refreshes (UTF-8, GBK, mixed sample) with their baselines, then incremental refreshes.

    `only` limits the measurements to those names (FULL, and "incremental"); empty means all.
    """
    result = SizeResult(inputs.rows, inputs.sizes())
    dbs = work / "warehouses" / str(inputs.rows)
    logs = work / "logs" / str(inputs.rows)
    dbs.mkdir(parents=True, exist_ok=True)
    steps: dict[str, Callable[[], Sample]] = {
        "baseline_utf8": lambda: baseline(
            inputs.utf8_csv, dbs / "baseline.duckdb", logs / "baseline_utf8.log"
        ),
        "floor_utf8": lambda: floor(inputs.utf8_csv, dbs / "floor.duckdb", logs / "floor_utf8.log"),
        "refresh_utf8": lambda: refresh(inputs.utf8, dbs / "utf8.duckdb", logs / "refresh_utf8.log"),
        "baseline_gbk": lambda: baseline(
            inputs.gbk_csv, dbs / "baseline.duckdb", logs / "baseline_gbk.log", "gb18030"
        ),
        "floor_gbk": lambda: floor(inputs.gbk_csv, dbs / "floor.duckdb", logs / "floor_gbk.log", "gb18030"),
        "refresh_gbk": lambda: refresh(inputs.gbk, dbs / "gbk.duckdb", logs / "refresh_gbk.log"),
        "refresh_sample": lambda: refresh(inputs.sample, dbs / "sample.duckdb", logs / "refresh_sample.log"),
    }
    chosen = [name for name in FULL if not only or name in only]
    for number in range(repeat):
        for name in chosen:
            result.add(name, steps[name]())
            if name.startswith("floor_"):
                _add_floor_steps(result, name, logs / f"{name}.log")
            say(f"{inputs.rows:,} rows, run {number + 1}/{repeat}: {name} {result.last(name):.2f} s")
    for kind in ("utf8", "gbk", "sample"):
        if f"refresh_{kind}" in chosen:
            result.loaded[kind] = last_run(dbs / f"{kind}.duckdb")
    for leftover in ("baseline.duckdb", "floor.duckdb"):
        remove_warehouse(dbs / leftover)
    if (not only or "incremental" in only) and "refresh_utf8" in chosen:
        _measure_incremental(inputs, dbs, logs, repeat, result, say)
    return result


def _add_floor_steps(result: SizeResult, name: str, log: Path) -> None:
    """Keep what a floor run printed (its last line): the rows it wrote and its steps' times."""
    found = json.loads(log.read_text(encoding="utf-8").splitlines()[-1])
    result.loaded[name] = (found["rows"], 0)
    steps = result.floor_steps.setdefault(name, {})
    for step, seconds in found["steps"].items():
        steps.setdefault(step, []).append(seconds)


def _measure_incremental(
    inputs: Inputs, dbs: Path, logs: Path, repeat: int, result: SizeResult, say: Log
) -> None:
    """On a copy of the UTF-8 warehouse: add a 1% file, replace it with a changed one, refresh again."""
    base, db = dbs / "utf8.duckdb", dbs / "incremental.duckdb"
    for number in range(repeat):
        remove_warehouse(db)
        shutil.copyfile(base, db)
        for name, source in zip(INCREMENTAL, (inputs.added, inputs.changed, inputs.changed), strict=True):
            result.add(name, refresh(source, db, logs / f"{name}.log", fresh=False))
            if name != "incremental_unchanged":
                result.loaded[name.removeprefix("incremental_")] = last_run(db)
            say(f"{inputs.rows:,} rows, run {number + 1}/{repeat}: {name} {result.last(name):.2f} s")
    remove_warehouse(db)
