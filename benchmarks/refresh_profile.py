"""Where a refresh spends its time, without editing etl: timed steps, timed SQL statements, UDF calls.

Run as a child process: `python -m benchmarks.refresh_profile --source DIR --db FILE --out JSON`.
It wraps the pipeline's own functions (by replacing module attributes in this process only), hands the
pipeline a connection that times every statement, counts calls of the Python UDF `nfkc_clean`, and with
`--operators` saves DuckDB's JSON profile (per-operator time) of the slowest statements. The parent
may run it under py-spy for a sampled view of the Python side.
"""

import argparse
import functools
import json
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

import etl.load.exports
import etl.load.value_maps
import etl.pipeline
import etl.sources.csv_files
import etl.sources.encodings
import etl.sources.exports
import etl.sql
import etl.warehouse
from etl.normalise.text import clean_texts

# (label, module, attribute, depth): inclusive times, shown indented under the step that calls them.
STEPS: tuple[tuple[str, Any, str, int], ...] = (
    ("refresh (in process)", etl.pipeline, "refresh", 0),
    ("copy previous warehouse", shutil, "copyfile", 1),
    ("scan: list and SHA-256 every file", etl.pipeline, "scan", 1),
    ("config digest", etl.pipeline, "config_digest", 1),
    ("load reference tables", etl.pipeline, "load_reference_tables", 1),
    ("plan mirror", etl.pipeline, "plan_mirror", 1),
    ("forget changed files' rows", etl.pipeline, "forget", 1),
    ("load files (all)", etl.pipeline, "_load", 1),
    ("read export", etl.load.exports, "read_export", 2),
    ("csv: read_csv_export", etl.sources.exports, "read_csv_export", 3),
    ("csv: guess encoding (first MiB)", etl.sources.encodings, "guess_encoding", 4),
    ("csv: header shape", etl.sources.csv_files, "_header_shape", 4),
    ("csv: quotes closed", etl.sources.csv_files, "_check_quotes_closed", 4),
    ("csv: read_csv into temp table", etl.sources.csv_files, "_load", 4),
    ("stage_all (a view over the raw tables)", etl.load.exports, "_stage", 2),
    ("value maps and validated_rows()", etl.load.exports, "_validate", 2),
    ("date map", etl.load.value_maps, "date_map", 3),
    ("lookup maps", etl.load.value_maps, "lookup_maps", 3),
    ("amount map", etl.load.value_maps, "amount_map", 3),
    ("unit map", etl.load.value_maps, "unit_map", 3),
    ("insert, then rejects and unmapped", etl.load.exports, "_insert", 2),
    ("insert valid rows, repeated ids", etl.load.exports, "_load_valid", 3),
    ("validate the rows not loaded", etl.load.exports, "_explain", 4),
    ("drop raw tables", etl.load.exports, "_drop", 2),
    ("record source file", etl.pipeline, "_record_file", 1),
    ("supersede", etl.pipeline, "supersede", 1),
    ("reference statistics", etl.pipeline, "load_reference_statistics", 1),
    ("checks", etl.pipeline, "_check", 1),
    ("report", etl.pipeline, "_report", 1),
    ("record run", etl.pipeline, "_record_run", 1),
    ("publish (fsync, rename)", etl.warehouse, "_publish", 1),
)
_WORDS = re.compile(r"\s+")
_RAW_TABLE = re.compile(r'"raw_\d+"')


@dataclass
class Tally:
    """Calls and total seconds of one label."""

    calls: int = 0
    seconds: float = 0.0

    def add(self, seconds: float) -> None:
        self.calls += 1
        self.seconds += seconds


@dataclass(frozen=True)
class Options:
    """What-if switches for a profiled refresh: DuckDB settings, one transaction, operator profiles."""

    operators_dir: Path | None = None
    settings: dict[str, str] = field(default_factory=dict)
    one_transaction: bool = False


@dataclass
class Profile:
    """Everything one profiled refresh measured."""

    steps: dict[str, Tally] = field(default_factory=dict)
    statements: dict[str, Tally] = field(default_factory=dict)
    udf: Tally = field(default_factory=Tally)
    operators: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def tally(self, table: dict[str, Tally], label: str, seconds: float) -> None:
        with self.lock:
            table.setdefault(label, Tally()).add(seconds)

    def recorder(self, label: str) -> Callable[[float], None]:
        """A function adding seconds to the step `label`."""
        return lambda seconds: self.tally(self.steps, label, seconds)


def _known_sql() -> dict[str, str]:
    root = Path(etl.sql.__file__).parent
    return {
        path.read_text(encoding="utf-8").strip(): path.relative_to(root).with_suffix("").as_posix()
        for path in sorted(root.rglob("*.sql"))
    }


class TimedConnection:
    """A DuckDB connection that times every statement it runs, labelled by SQL file or first words."""

    def __init__(self, con: duckdb.DuckDBPyConnection, profile: Profile, options: "Options") -> None:
        self._con = con
        self._profile = profile
        self._known = _known_sql()
        self._operators_dir = options.operators_dir
        for name, value in options.settings.items():
            con.execute(f"set {name} = '{value}'")  # a setting the person running the benchmark chose
        if self._operators_dir is not None:
            con.execute("pragma enable_profiling = 'json'")
            con.execute(f"pragma profiling_output = '{self._operators_dir / 'last.json'}'")
        self._open_transaction = options.one_transaction
        if self._open_transaction:
            con.execute("begin transaction")

    def label(self, query: str) -> str:
        text = query.strip()
        for known, name in self._known.items():
            if known in text:
                return (
                    f"sql: {name}"
                    if known == text
                    else f"{_first_words(text.replace(known, ''))} <sql: {name}>"
                )
        return _first_words(text)

    def execute(self, query: str, parameters: object = None) -> Any:
        start = time.perf_counter()
        if self._open_transaction and query.strip().lower() == "checkpoint":
            self._con.execute("commit")
            self._open_transaction = False
        result = self._con.execute(query, parameters)
        seconds = time.perf_counter() - start
        label = self.label(query)
        self._profile.tally(self._profile.statements, label, seconds)
        if self._operators_dir is not None and seconds > 0.05:
            self._keep_operators(label, seconds)
        return result

    def executemany(self, query: str, parameters: object = None) -> Any:
        start = time.perf_counter()
        result = self._con.executemany(query, parameters)
        self._profile.tally(
            self._profile.statements, "executemany: " + self.label(query), time.perf_counter() - start
        )
        return result

    def _keep_operators(self, label: str, seconds: float) -> None:
        assert self._operators_dir is not None
        try:
            tree = json.loads((self._operators_dir / "last.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        totals: dict[str, float] = {}
        for node in _nodes(tree.get("operator") or tree.get("children") or []):
            kind = str(node.get("type") or node.get("operator_type") or "?")
            totals[kind] = totals.get(kind, 0.0) + float(
                node.get("timing") or node.get("operator_timing") or 0
            )
        self._profile.operators.append({"statement": label, "seconds": seconds, "operators": totals})

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)

    def __enter__(self) -> "TimedConnection":
        return self

    def __exit__(self, *exc: object) -> None:
        self._con.close()


def _nodes(children: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for child in children:
        found.append(child)
        found += _nodes(child.get("children") or [])
    return found


def _first_words(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip() and not line.strip().startswith("--")]
    flat = _RAW_TABLE.sub('"raw_N"', _WORDS.sub(" ", " ".join(lines)))
    return flat[:90]


def instrument(profile: Profile, options: Options) -> None:
    """Wrap the pipeline's steps, its connection and its UDF in this process."""
    for label, owner, name, _ in STEPS:
        setattr(owner, name, _timed(getattr(owner, name), profile.recorder(label)))
    original_connect = duckdb.connect

    def connect(*args: Any, **kwargs: Any) -> Any:
        con = original_connect(*args, **kwargs)
        read_only = kwargs.get("read_only", False)
        return con if read_only else TimedConnection(con, profile, options)

    # The pipeline opens the build with duckdb.connect inside etl.warehouse: this process only.
    duckdb.connect = connect

    def counted(values: pa.Array) -> pa.Array:
        start = time.perf_counter()
        try:
            return clean_texts(values)
        finally:
            profile.udf.add(time.perf_counter() - start)

    # The pipeline registers the UDF from its own namespace when the refresh starts.
    etl.pipeline.clean_texts = counted  # type: ignore[attr-defined]


def _timed(function: Callable[..., Any], record: Callable[[float], None]) -> Callable[..., Any]:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            record(time.perf_counter() - start)

    return timed


def main() -> None:
    """Refresh once with everything timed; write the profile as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--operators", action="store_true", help="save DuckDB's per-operator profile")
    parser.add_argument("--set", action="append", default=[], help="a DuckDB setting, e.g. memory_limit=1GB")
    parser.add_argument(
        "--one-transaction", action="store_true", help="run the whole build in one transaction (what-if)"
    )
    args = parser.parse_args()
    profile = Profile()
    settings = dict(item.split("=", 1) for item in args.set)
    with tempfile.TemporaryDirectory() as scratch:
        operators = Path(scratch) if args.operators else None
        instrument(profile, Options(operators, settings, args.one_transaction))
        start, cpu = time.perf_counter(), time.process_time()
        etl.pipeline.refresh(args.source, args.db)
        total, cpu = time.perf_counter() - start, time.process_time() - cpu
    args.out.write_text(
        json.dumps(
            {
                "total_seconds": total,
                "cpu_seconds": cpu,
                "steps": {label: vars(tally) for label, tally in profile.steps.items()},
                "statements": {label: vars(tally) for label, tally in profile.statements.items()},
                "udf": vars(profile.udf),
                "operators": profile.operators,
            },
            indent=1,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
