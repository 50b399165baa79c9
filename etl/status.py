"""What a published warehouse holds, for `dexstat status`."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from etl.errors import DexstatError
from etl.warehouse import connect_read_only

COUNTED = ("transactions", "listings", "rejects", "statistics", "published_figures", "source_files")


@dataclass(frozen=True)
class Status:
    """The as-of date, whether the data are synthetic, the last runs and row counts."""

    db: Path
    as_of: date | None
    is_sample: bool
    runs: list[tuple[object, ...]]
    counts: dict[str, int]
    kind: str = "Warehouse"  # or "Lake"
    version: str | None = None  # a lake: the version folder its link points to


def read_status(db: Path, runs: int) -> Status:
    """Read the status of the warehouse at `db` without changing it."""
    if not db.exists():
        raise DexstatError(f"There is no warehouse at {db}. Build one with: dexstat refresh --db {db}")
    try:
        con = connect_read_only(db)
    except duckdb.Error as error:
        raise DexstatError(f"{db} cannot be opened as a dexstat warehouse: {error}") from None
    try:
        return status_of(con, db, runs)
    finally:
        con.close()


def status_of(con: duckdb.DuckDBPyConnection, db: Path, runs: int) -> Status:
    """The status of the build `con` reads (the warehouse at `db`, or a lake opened as the dashboard does)."""
    try:
        last = con.execute(
            "select run_id, finished_at, status, files_read, files_skipped, files_removed, rows_read, "
            "rows_loaded, rows_rejected, rows_replaced, is_sample, as_of from refresh_runs "
            "order by run_id desc limit $runs",
            {"runs": runs},
        ).fetchall()
        counts = {
            name: int((con.execute(f"select count(*) from {name}").fetchone() or (0,))[0])  # noqa: S608
            for name in COUNTED
        }
    except duckdb.Error as error:
        raise DexstatError(f"{db} is not a dexstat warehouse ({error}).") from None
    return Status(
        db=db,
        as_of=last[0][11] if last else None,
        is_sample=bool(last and last[0][10]),
        runs=[tuple(row) for row in last],
        counts=counts,
    )


def render_status(status: Status) -> RenderableType:
    """Status as rich renderables."""
    parts: list[RenderableType] = [
        Text(
            f"{status.kind} {status.db}{f' ({status.version})' if status.version else ''}, "
            f"as of {status.as_of or 'no transactions'}.",
            style="bold",
        )
    ]
    if status.is_sample:
        parts.append(Text("Built from SYNTHETIC sample data: its numbers are invented.", style="bold yellow"))
    runs = Table(title="Last refreshes", title_justify="left")
    for column in (
        "run",
        "finished",
        "status",
        "files read",
        "skipped",
        "removed",
        "rows read",
        "loaded",
        "rejected",
        "replaced",
    ):
        runs.add_column(column)
    for row in status.runs:
        runs.add_row(*[f"{value:,}" if isinstance(value, int) else str(value) for value in row[:10]])
    parts.append(runs)
    counts = Table(title="Contents", title_justify="left")
    counts.add_column("relation")
    counts.add_column("rows", justify="right")
    for name, count in status.counts.items():
        counts.add_row(name, f"{count:,}")
    parts.append(counts)
    return Group(*parts)
