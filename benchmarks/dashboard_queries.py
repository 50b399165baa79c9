"""Every SQL file in dashboard/sql, run on a warehouse as the dashboard runs it: cold and warm.

Parameters are bound as the pages bind them: a default `Filters().params()` (everything selected), and
for a breakdown each dimension the pages offer. A query's parameters are read from its text (`$name`),
so a new file is picked up without editing this module; one with a parameter not known here is listed
as skipped. Each export query (`export_*`) is run two ways: `(rows)` counts the selection's rows, as
the sidebar does on every page render (dashboard.export_queries.export_rows), and `(download)` streams
every row as Arrow batches, as a download does (warm only: its cost is the streaming, not the cache).

Run as a child process: `python -m benchmarks.dashboard_queries --db FILE --mode warm|cold`; warm prints
{"wall": {case: [seconds, ...]}, "cpu": {case: [CPU seconds, ...]}}, cold {case: [seconds]}.
"""

import argparse
import json
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from dashboard import export_queries, warehouse
from dashboard.filters import Filters

DIMENSIONS = ("source", "category", "exchange", "province", "supplier_type")
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
EXPORT_PREFIX = "export_"
FAILED = -1.0  # the time recorded for a query DuckDB refused (out of memory, ...): see the child's stderr


@dataclass(frozen=True)
class Case:
    """One query with one set of bound parameters."""

    label: str
    name: str  # the file in dashboard/sql, without .sql
    params: dict[str, Any]

    @property
    def export(self) -> bool:
        return self.name.startswith(EXPORT_PREFIX)

    @property
    def download(self) -> bool:
        return self.export and self.label.endswith("(download)")


def sql_text(name: str) -> str:
    """The text of dashboard/sql/<name>.sql."""
    return resources.files("dashboard").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


def query_names() -> list[str]:
    """Every query file in dashboard/sql, sorted."""
    folder = resources.files("dashboard").joinpath("sql")
    return sorted(
        entry.name.removesuffix(".sql") for entry in folder.iterdir() if entry.name.endswith(".sql")
    )


def cases() -> tuple[list[Case], list[str]]:
    """The cases to run, and the queries skipped (with why)."""
    found: list[Case] = []
    skipped: list[str] = []
    filters = Filters().params()
    for name in query_names():
        wanted = set(_PARAMETER.findall(sql_text(name)))
        base = {key: value for key, value in filters.items() if key in wanted}
        unknown = wanted - set(base) - {"dimension", "rows", "columns"}
        if unknown:
            skipped.append(f"{name}: unknown parameters {', '.join(sorted(unknown))}")
            continue
        found += list(_variants(name, wanted, base))
    return found, skipped


def _variants(name: str, wanted: set[str], base: dict[str, Any]) -> Iterator[Case]:
    if name.startswith(EXPORT_PREFIX):
        yield Case(f"{name} (rows)", name, base)
        yield Case(f"{name} (download)", name, base)
    elif "dimension" in wanted:
        for dimension in DIMENSIONS:
            yield Case(f"{name}({dimension})", name, {**base, "dimension": dimension})
    elif {"rows", "columns"} <= wanted:
        for dimension in DIMENSIONS[1:]:
            yield Case(
                f"{name}({dimension} x source)", name, {**base, "rows": dimension, "columns": "source"}
            )
    else:
        yield Case(name, name, base)


def run_case(con: duckdb.DuckDBPyConnection, case: Case) -> int:
    """Run one case on a fresh cursor as the dashboard does; returns the rows it gave."""
    cur = warehouse.cursor(con)
    try:
        if case.export:  # through export_queries, as the sidebar and a download run them
            export = export_queries.export_name(case.name.removeprefix(EXPORT_PREFIX))
            if case.download:
                reader = export_queries.export_reader(cur, export, Filters())
                return sum(batch.num_rows for batch in reader)
            return export_queries.export_rows(cur, export, Filters())
        return len(cur.execute(sql_text(case.name), case.params).df())
    finally:
        cur.close()


def connect(db: Path) -> duckdb.DuckDBPyConnection:
    """The dashboard's own read-only connection to the build at `db`."""
    return warehouse.connect(warehouse.identify(db))


# CPU seconds (this process, every thread) of each timed run, by case: steadier than wall time on a
# shared machine, where other work takes the cores.
CPU: dict[str, list[float]] = {}


def timed(con: duckdb.DuckDBPyConnection, case: Case) -> float:
    """Seconds to run the case; FAILED (negative) when DuckDB raises, with the error on stderr."""
    start, cpu = time.perf_counter(), time.process_time()
    try:
        run_case(con, case)
    except duckdb.Error as error:
        print(f"{case.label}: {error}", file=sys.stderr)
        return FAILED
    CPU.setdefault(case.label, []).append(time.process_time() - cpu)
    return time.perf_counter() - start


def warm(db: Path, repeat: int, download_repeat: int) -> dict[str, list[float]]:
    """Per case: seconds of `repeat` runs on one open connection, after one untimed run.

    Downloads run `download_repeat` times with no untimed run (0: not at all).
    """
    timings: dict[str, list[float]] = {}
    con = connect(db)
    try:
        for case in cases()[0]:
            if case.download:
                if download_repeat:
                    timings[case.label] = [timed(con, case) for _ in range(download_repeat)]
                continue
            if timed(con, case) == FAILED:
                timings[case.label] = [FAILED]
                continue
            CPU.pop(case.label)  # the untimed run
            timings[case.label] = [timed(con, case) for _ in range(repeat)]
    finally:
        con.close()
    return timings


def cold(db: Path) -> dict[str, list[float]]:
    """Per case: seconds to open a new connection and run the case once (a fresh database instance).

    The OS page cache is not dropped (the machine is shared), so "cold" means DuckDB's buffers are empty.
    """
    timings: dict[str, list[float]] = {}
    _load_libraries()
    start = time.perf_counter()
    connect(db).close()
    timings["(open connection only)"] = [time.perf_counter() - start]
    for case in (case for case in cases()[0] if not case.download):
        start = time.perf_counter()
        con = connect(db)
        try:
            failed = timed(con, case) == FAILED
        finally:
            con.close()
        timings[case.label] = [FAILED if failed else time.perf_counter() - start]
    return timings


def _load_libraries() -> None:
    """Import what a running dashboard has already imported (pandas conversion), outside the timings."""
    with duckdb.connect() as con:
        con.execute("select 1 as one").df()


def case_rows(db: Path) -> dict[str, int]:
    """How many rows each case returns (for the report); a download, the rows it streams."""
    rows = {}
    con = connect(db)
    try:
        for case in (case for case in cases()[0] if not case.download):
            try:
                rows[case.label] = run_case(con, case)
            except duckdb.Error:
                rows[case.label] = -1
    finally:
        con.close()
    return rows


def main() -> None:
    """Print {case label: [seconds, ...]} as JSON for the parent process."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--mode", choices=("warm", "cold", "rows", "cases"), required=True)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--download-repeat", type=int, default=2, help="0: no downloads")
    args = parser.parse_args()
    result: object
    if args.mode == "warm":
        result = {"wall": warm(args.db, args.repeat, args.download_repeat), "cpu": CPU}
    elif args.mode == "cold":
        result = cold(args.db)
    elif args.mode == "rows":
        result = case_rows(args.db)
    else:
        found, skipped = cases()
        result = {"cases": [asdict(case) for case in found], "skipped": skipped}
    json.dump(result, sys.stdout, default=str)


if __name__ == "__main__":
    main()
