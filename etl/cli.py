"""The `dexstat` command: parse options, call the pipeline, print what happened."""

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from etl.errors import DexstatError
from etl.paths import SAMPLE_DIR, default_db, default_source

out = Console()
err = Console(stderr=True)

DB_OPTION = click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    default=default_db,
    show_default="$DEXSTAT_DB or data/warehouse.duckdb",
    help="The warehouse file.",
)


def fail(message: str, code: int = 1) -> None:
    """Print a plain message (never a traceback) and exit non-zero."""
    err.print(f"[bold red]Error:[/] {message}", highlight=False, soft_wrap=True)
    sys.exit(code)


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
    type=click.Path(path_type=Path, file_okay=False),
    default=SAMPLE_DIR,
    show_default="data/sample",
    help="Folder to write (its transactions/ and listings/ are replaced).",
)
def sample(rows: int, seed: int, out: Path) -> None:
    """Write deterministic SYNTHETIC exchange exports in the real input formats."""
    from etl.sample import write_sample

    summary = write_sample(out, rows=rows, seed=seed)
    planted = sum(summary.bad_rows.values())
    out.print(
        f"Wrote {len(summary.files)} files with {summary.transactions:,} transactions and "
        f"{summary.listings:,} listings into {out} (synthetic data; {planted} bad rows "
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
def refresh(source: Path, db: Path, strict: bool, today: datetime | None, quiet: bool) -> None:
    """Validate, normalise and load the exports in SOURCE into the warehouse, atomically.

    Unchanged files are skipped, changed files replace their rows, removed files' rows disappear.
    Exit code 0 when a new warehouse was published, 1 when nothing was.
    """
    from etl.pipeline import refresh as run_refresh
    from etl.report import render

    if source.resolve() == SAMPLE_DIR.resolve() and not source.exists():
        from etl.sample import write_sample

        err.print("The embedded sample has not been generated yet: generating it (dexstat sample).")
        write_sample(source)
    day = today.date() if today else date.today()
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            disable=quiet or not err.is_terminal,
        ) as bar:
            task = bar.add_task("refresh", total=None)

            def show(message: str, done: int, total: int) -> None:
                bar.update(task, description=message, completed=done, total=total or None)

            report = run_refresh(source, db, today=day, progress=show, strict=strict)
    except DexstatError as error:
        fail(str(error))
    except KeyboardInterrupt:
        fail("Interrupted: nothing was published; the previous warehouse is unchanged.", 130)
    except OSError as error:
        fail(
            f"{error.strerror or error} ({error.filename or 'no file'}): nothing was published; "
            "the previous warehouse is unchanged."
        )
    out.print(render(report), soft_wrap=True)


@main.command()
@DB_OPTION
@click.option(
    "--runs", type=click.IntRange(min=1), default=5, show_default=True, help="How many recent runs."
)
def status(db: Path, runs: int) -> None:
    """Show the warehouse's as-of date, its last refreshes and what it holds."""
    from etl.status import read_status, render_status

    try:
        out.print(render_status(read_status(db, runs)))
    except DexstatError as error:
        fail(str(error))


@main.command()
@DB_OPTION
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True)
@click.option("--address", default="localhost", show_default=True, help="Interface to listen on.")
def serve(db: Path, port: int, address: str) -> None:
    """Start the dashboard on the warehouse DB."""
    if not db.exists():
        fail(f"There is no warehouse at {db}. Build one first: dexstat refresh --db {db}")
    app = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
    env = {**os.environ, "DEXSTAT_DB": str(db.resolve())}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    sys.exit(subprocess.call(command, env=env))
