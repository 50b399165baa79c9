"""The warehouse file: open it, build a new version beside it, check it, publish it atomically."""

import errno
import fcntl
import hashlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from etl.errors import RefreshRefused
from etl.marts import MARTS, create_marts
from etl.sql import sql

# In dependency order: each relation's DDL lives in etl/sql/schema/<name>.sql.
SCHEMA = (
    "provinces",
    "exchanges",
    "categories",
    "supplier_types",
    "published_figures",
    "source_files",
    "transaction_rows",
    "listing_rows",
    "statistic_rows",
    "refresh_runs",
    "rejects",
    "unmapped_values",
)
BUILD_SUFFIX = ".building-"


def schema_version() -> str:
    """A digest of the DDL and the marts' SQL: a warehouse built with others is rebuilt from scratch."""
    digest = hashlib.sha256()
    for name in (*(f"schema/{n}" for n in SCHEMA), *(f"marts/{n}" for n in MARTS)):
        digest.update(sql(name).encode())
    return digest.hexdigest()[:16]


# Reading other files, installing or loading extensions and changing any setting afterwards (a higher
# memory limit, a profiling output file, external access back on) are all refused.
READ_ONLY_CONFIG = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """Open a published warehouse for reading only: no other files, no extensions, no SET."""
    return duckdb.connect(str(path), read_only=True, config=dict(READ_ONLY_CONFIG))


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every relation of an empty warehouse and stamp its schema version."""
    for name in SCHEMA:
        con.execute(sql(f"schema/{name}"))
    create_marts(con)
    con.execute("create table schema_info (schema_version varchar not null)")
    con.execute("insert into schema_info values ($v)", {"v": schema_version()})


def _has_current_schema(path: Path) -> bool:
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            row = con.execute("select schema_version from schema_info").fetchone()
    except duckdb.Error:
        return False
    return row is not None and row[0] == schema_version()


@contextmanager
def refresh_lock(db: Path) -> Iterator[None]:
    """Hold the warehouse's refresh lock; a second refresh is refused while one runs."""
    db.parent.mkdir(parents=True, exist_ok=True)
    lock_path = db.with_name(db.name + ".lock")
    handle = lock_path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise RefreshRefused(
                f"Another refresh of {db.name} is running ({holder}). "
                "Wait for it to finish, then run the refresh again."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()


def remove_stray_builds(db: Path) -> list[Path]:
    """Delete half-built files left by a refresh that was killed; call with the lock held."""
    strays = sorted(db.parent.glob(db.name + BUILD_SUFFIX + "*"))
    strays += sorted(db.parent.glob(f".{db.name}.work-*"))
    for stray in strays:
        if stray.is_dir():
            shutil.rmtree(stray, ignore_errors=True)
        else:
            stray.unlink(missing_ok=True)
    return strays


@contextmanager
def building(db: Path) -> Iterator[tuple[duckdb.DuckDBPyConnection, bool]]:
    """Yield (connection, fresh) on a new file seeded from the current warehouse; publish on exit.

    `fresh` is True when the build starts empty (no warehouse yet, or one of an older schema).
    The current warehouse is never written to: readers keep seeing it until the atomic rename.
    """
    db.parent.mkdir(parents=True, exist_ok=True)
    new = db.with_name(f"{db.name}{BUILD_SUFFIX}{os.getpid()}")
    fresh = not (db.exists() and _has_current_schema(db))
    try:
        if not fresh:
            shutil.copyfile(db, new)
        con = duckdb.connect(str(new))
    except (OSError, duckdb.Error) as error:
        _discard(new)
        raise _not_published(error, db) from None
    try:
        if fresh:
            create_schema(con)
        yield con, fresh
        con.execute("checkpoint")
        con.close()
        _publish(new, db)
    except BaseException as error:
        con.close()
        _discard(new)
        if _is_disk_full(error):
            raise _not_published(error, db) from None
        raise


def _is_disk_full(error: BaseException) -> bool:
    """ENOSPC from Python's own writes, or from DuckDB's (which reports it as text in its message)."""
    if isinstance(error, OSError):
        return error.errno == errno.ENOSPC
    return isinstance(error, duckdb.Error) and os.strerror(errno.ENOSPC) in str(error)


def _not_published(error: BaseException, db: Path) -> RefreshRefused:
    """The plain message for a new warehouse that could not be started or written."""
    unchanged = "nothing was published and the previous warehouse is unchanged"
    if _is_disk_full(error):
        return RefreshRefused(
            f"The disk is full: there was no room to build the new warehouse beside {db.name}, so "
            f"{unchanged}. Free some space in {db.parent} and run the refresh again."
        )
    reason = error.strerror if isinstance(error, OSError) else (str(error).splitlines() or ["?"])[0]
    return RefreshRefused(f"Could not start a new warehouse beside {db.name} ({reason}), so {unchanged}.")


def _publish(new: Path, db: Path) -> None:
    try:
        with new.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(new, db)
        directory = os.open(db.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    except OSError as error:
        raise RefreshRefused(f"Could not publish the new warehouse: {error.strerror}.") from None


def _discard(new: Path) -> None:
    new.unlink(missing_ok=True)
    new.with_name(new.name + ".wal").unlink(missing_ok=True)
