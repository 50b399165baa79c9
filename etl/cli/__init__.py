"""The `dexstat` command: parse options, call the pipeline, print what happened."""

import os
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from etl.cli.export import export
from etl.cli.serve import serve
from etl.cli.terminal import DB_OPTION, LAKE_PROBLEMS, err, fail, lake_option, out, progress_bar
from etl.errors import DexstatError
from etl.paths import SAMPLE_DIR, default_source

if TYPE_CHECKING:
    from etl.status import Status


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
def main() -> None:
    """dexstat: statistics warehouse and dashboard for China's data exchanges."""


@main.command()
@click.option(
    "--rows",
    type=click.IntRange(min=100),
    default=200_000,
    show_default=True,
    help="Transactions to generate (bad rows included).",
)
@click.option(
    "--seed",
    type=int,
    default=20240601,
    show_default=True,
    help="Random seed: same seed, same files.",
)
@click.option(
    "--out",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=SAMPLE_DIR,
    show_default="data/sample",
    help="Folder to write (its transactions/ and listings/ are replaced).",
)
def sample(rows: int, seed: int, folder: Path) -> None:
    """Write deterministic SYNTHETIC exchange exports in the real input formats."""
    from etl.sample import write_sample

    summary = write_sample(folder, rows=rows, seed=seed)
    planted = sum(summary.bad_rows.values())
    out.print(
        f"Wrote {len(summary.files)} files with {summary.transactions:,} transactions and "
        f"{summary.listings:,} listings into {folder} (synthetic data; {planted} bad rows "
        "planted for the refresh to reject).",
        highlight=False,
    )


@main.command()
@click.option(
    "--source",
    type=click.Path(path_type=Path, file_okay=False),
    default=default_source,
    show_default="$DEXSTAT_SOURCE or data/sample",
    help="Folder with transactions/, listings/, statistics/ and an optional mapping.toml.",
)
@DB_OPTION
@click.option("--strict", is_flag=True, help="Publish nothing if any row or file is rejected.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day of the refresh (dates after it are rejected); default today.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--rehash",
    is_flag=True,
    help="Read and hash every file; by default a file whose size and modification time are those "
    "recorded at its last load is taken as unchanged without being read.",
)
@lake_option(
    "Also publish the curated tables as Hive-partitioned Parquet in this folder, atomically "
    "(rewritten only when the data changed).",
)
def refresh(
    source: Path,
    db: Path,
    strict: bool,
    today: datetime | None,
    quiet: bool,
    rehash: bool,
    lake: Path | None,
) -> None:
    """Validate, normalise and load the exports in SOURCE into the warehouse, atomically.

    Unchanged files are skipped, changed files replace their rows, removed files' rows disappear.
    Exit code 0 when a new warehouse (and, with --lake, the lake) was published, 1 otherwise.
    """
    from etl.pipeline import refresh as run_refresh
    from etl.report import render

    if source.resolve() == SAMPLE_DIR.resolve() and not source.exists():
        from etl.sample import write_sample

        err.print("The embedded sample has not been generated yet: generating it (dexstat sample).")
        write_sample(source)
    day = today.date() if today else date.today()
    try:
        with progress_bar("refresh", quiet) as show:
            report = run_refresh(source, db, today=day, progress=show, strict=strict, rehash=rehash)
    except DexstatError as error:
        fail(str(error))
    except KeyboardInterrupt:
        fail("Interrupted: nothing was published; the previous warehouse is unchanged.", 130)
    except OSError as error:
        fail(
            f"{error.strerror or error} ({error.filename or 'no file'}): nothing was published; "
            "the previous warehouse is unchanged."
        )
    except Exception as error:  # a bug, not the user's fault: say so plainly, details on request
        if os.environ.get("DEXSTAT_DEBUG"):
            raise
        first_line = (str(error).splitlines() or [""])[0]
        fail(
            f"Unexpected error ({type(error).__name__}: {first_line}). Nothing was published; the previous "
            "warehouse is unchanged. Run again with DEXSTAT_DEBUG=1 to see the details, and report them."
        )
    out.print(render(report), soft_wrap=True)
    if lake is None:
        return
    from etl.lake import publish_lake

    try:
        with progress_bar("writing lake", quiet) as show_lake:
            outcome = publish_lake(db, lake, progress=show_lake)
    except DexstatError as error:
        fail(str(error))
    except KeyboardInterrupt:
        fail(f"Interrupted: the warehouse was published; the lake at {lake} is unchanged.", 130)
    except Exception as error:  # a bug: the warehouse is published, the lake untouched
        if os.environ.get("DEXSTAT_DEBUG"):
            raise
        first_line = (str(error).splitlines() or [""])[0]
        fail(
            f"Unexpected error writing the lake ({type(error).__name__}: {first_line}). The warehouse was "
            f"published; the lake at {lake} is unchanged. Run again with DEXSTAT_DEBUG=1 to see the details."
        )
    done = "wrote" if outcome.written else "is current: nothing changed since it was written from"
    out.print(
        f"Lake {outcome.path} {done} refresh run {outcome.run_id} "
        f"({outcome.rows['transactions']:,} transactions, {len(outcome.rows)} tables).",
        markup=False,
        soft_wrap=True,
    )


@main.command()
@DB_OPTION
@click.option(
    "--runs", type=click.IntRange(min=1), default=5, show_default=True, help="How many recent runs."
)
@lake_option(
    "Show the lake DIR written by `dexstat refresh --lake DIR` instead of the warehouse.",
)
def status(db: Path, runs: int, lake: Path | None) -> None:
    """Show the warehouse's (or a lake's) as-of date, its last refreshes and what it holds."""
    from etl.status import read_status, render_status

    try:
        out.print(render_status(read_status(db, runs) if lake is None else _lake_status(lake, runs)))
    except DexstatError as error:
        fail(str(error))


def _lake_status(lake: Path, runs: int) -> "Status":
    """The lake's status, read as `dexstat serve --lake` reads it."""
    from dataclasses import replace

    from dashboard import warehouse
    from etl.status import status_of

    try:
        con = warehouse.connect(warehouse.identify(lake))
    except warehouse.Unavailable as error:
        raise DexstatError(
            f"{lake} cannot be read as a dexstat lake: {LAKE_PROBLEMS[error.problem]}."
        ) from None
    cur = warehouse.cursor(con)
    try:
        found = status_of(cur, lake, runs)
    finally:
        cur.close()
        con.close()
    return replace(found, kind="Lake", version=Path(os.path.realpath(lake)).name)


main.add_command(serve)
main.add_command(export)
