"""The observable state of a warehouse folder: every relation's rows, and the files beside it."""

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import duckdb
from click.testing import CliRunner, Result
from source_folders import TODAY_OPTION

from etl.cli import main
from etl.warehouse import connect_read_only

# Wall-clock times of a run: the only values two identical refreshes do not share.
VOLATILE = {"refresh_runs": {"started_at", "finished_at"}}
Snapshot = dict[str, list[tuple[object, ...]]]


def snapshot(db: Path, ignore: Mapping[str, set[str]] = VOLATILE) -> Snapshot:
    """Every table and view of the warehouse, all rows in a stable order, `ignore`d columns left out."""
    with connect_read_only(db) as con:
        names = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = 'main' order by 1"
            ).fetchall()
        ]
        tables = {}
        for name in names:
            skip = ignore.get(name, set())
            columns = [c[0] for c in con.execute(f'describe "{name}"').fetchall() if c[0] not in skip]
            listed = ", ".join(f'"{c}"' for c in columns)
            tables[name] = con.execute(f'select {listed} from "{name}" order by all').fetchall()
        return tables


def without(state: Snapshot, *names: str) -> Snapshot:
    """The snapshot less some relations (refresh_runs grows by one row with every refresh)."""
    return {name: rows for name, rows in state.items() if name not in names}


def leftovers(db: Path) -> list[str]:
    """Files a refresh left beside the warehouse, other than the warehouse and its lock file."""
    keep = {db.name, db.name + ".lock"}
    return sorted(
        path.name
        for path in db.parent.iterdir()
        if path.name.startswith((db.name, "." + db.name)) and path.name not in keep
    )


def dexstat(*args: object, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the real `dexstat` command in a new process; its output as text."""
    return subprocess.run(
        [sys.executable, "-m", "etl", *[str(arg) for arg in args]],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def in_process(*args: object) -> Result:
    """`dexstat ARGS` through its click entry point in this process (no interpreter start-up)."""
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def refresh_in_process(source: Path, db: Path) -> Result:
    """`dexstat refresh --quiet` of `source` into `db` with the tests' fixed day, in this process."""
    return in_process("refresh", "--quiet", "--source", source, "--db", db, *TODAY_OPTION)


def status_in_process(db: Path) -> Result:
    """`dexstat status` of `db`, in this process."""
    return in_process("status", "--db", db)


def is_plain_failure(result: subprocess.CompletedProcess[str]) -> bool:
    """Non-zero exit with a one-paragraph 'Error:' message and no traceback."""
    text = result.stdout + result.stderr
    return result.returncode != 0 and "Error:" in result.stderr and "Traceback" not in text


def count(db: Path, relation: str) -> int:
    """Rows in one relation of the published warehouse."""
    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute(f'select count(*) from "{relation}"').fetchone()
    return int(found[0]) if found else 0
