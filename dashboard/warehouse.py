"""The published warehouse as the dashboard sees it: where it is, which build, a read-only connection."""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from dashboard.lake import MANIFEST, NotALake, attach_lake, is_lake

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "warehouse.duckdb"
# Relations every page reads; a warehouse without them was built by an older dexstat or never refreshed.
REQUIRED = (
    "mart_monthly_transactions",
    "mart_monthly_exchange_transactions",
    "mart_monthly_listings",
    "refresh_runs",
    "provinces",
    "statistics",
)
Problem = Literal["missing", "empty", "busy", "unreadable"]
_SELECTION = (Path(__file__).parent / "sql" / "selection.sql").read_text(encoding="utf-8")


class Unavailable(Exception):
    """The warehouse cannot be shown; `problem` picks the plain-words message, never a path."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.problem: Problem = problem


class Replaced(Unavailable):
    """The build asked for is no longer the file at its path: a refresh has published a newer one."""

    def __init__(self) -> None:
        super().__init__("busy")


@dataclass(frozen=True)
class Identity:
    """One published build of the warehouse: an atomic refresh gives a new inode and mtime."""

    path: str
    inode: int
    mtime_ns: int
    size: int


def locate() -> Path:
    """What to show: the lake $DEXSTAT_LAKE or the warehouse file $DEXSTAT_DB (both set by
    `dexstat serve`), else data/warehouse.duckdb."""
    return Path(os.environ.get("DEXSTAT_LAKE") or os.environ.get("DEXSTAT_DB") or DEFAULT_PATH)


def identify(path: Path) -> Identity:
    """The identity of the build currently published at `path`: a warehouse file, or a lake's link to
    the folder of its current version (a new lake is a new folder, never changed once published)."""
    try:
        stat = path.stat()
    except OSError:
        raise Unavailable("missing") from None
    if stat.st_size == 0 or (is_lake(path) and not (path / MANIFEST).is_file()):
        raise Unavailable("empty")
    return Identity(str(path.resolve()), stat.st_ino, stat.st_mtime_ns, stat.st_size)


def connect(identity: Identity) -> duckdb.DuckDBPyConnection:
    """Attach the build read-only in a private in-memory database, then shut off file access.

    Attaching (rather than `duckdb.connect(path)`) gives every build its own database instance:
    DuckDB reuses an open instance per path, which would keep serving a replaced file. A lake's
    version folder is read through views, so file access stays open to that folder alone.
    """
    path = Path(identity.path)
    if not path.exists():  # e.g. a lake version removed by a later publish: look at what is published now
        raise Replaced()
    con = duckdb.connect(":memory:", config={"memory_limit": "1GB"})
    try:
        if is_lake(path):
            attach_lake(con, path)
            con.execute("set allowed_directories = $folders", {"folders": [f"{path}{os.sep}"]})
        else:
            con.execute("attach $path as warehouse (read_only)", {"path": identity.path})
        if identify(path) != identity:
            # What was attached may be a newer build than the one asked for: serving it under the old
            # build's name would mix two builds in one page.
            raise Replaced()
        con.execute("use warehouse")
        con.execute(_SELECTION)
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
        _check_complete(con)
    except NotALake:
        con.close()
        raise Unavailable("unreadable") from None
    except duckdb.IOException as error:
        con.close()
        # A writer holding the file's lock means a refresh is replacing it; anything else is damage.
        raise Unavailable("busy" if "lock" in str(error).lower() else "unreadable") from None
    except duckdb.Error:
        con.close()
        raise Unavailable("unreadable") from None
    except Unavailable:
        con.close()
        raise
    return con


def _check_complete(con: duckdb.DuckDBPyConnection) -> None:
    found = {
        row[0]
        for row in con.execute(
            "select table_name from information_schema.tables where table_catalog = 'warehouse'"
        ).fetchall()
    }
    if not set(REQUIRED) <= found:
        raise Unavailable("empty")
    row = con.execute("select count(*) from refresh_runs").fetchone()
    if row is None or row[0] == 0:
        raise Unavailable("empty")


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor for one query (connections are not thread-safe), reading the attached build."""
    cur = con.cursor()
    cur.execute("use warehouse")
    return cur
