"""The `dexstat` command: parse options, call the pipeline, print what happened."""

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from etl.errors import DexstatError
from etl.paths import SAMPLE_DIR, default_db, default_source

# Piped output (CI logs, files) gets wide tables instead of rich's default 80 columns.
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)

DB_OPTION = click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    default=default_db,
    show_default="$DEXSTAT_DB or data/warehouse.duckdb",
    help="The warehouse file.",
)


def fail(message: str, code: int = 1) -> None:
    """Print a plain message (never a traceback) and exit non-zero."""
    err.print(Text.assemble(("Error: ", "bold red"), message), highlight=False, soft_wrap=True)
    sys.exit(code)


@contextmanager
def progress_bar(first: str, quiet: bool) -> Iterator[Callable[[str, int, int], None]]:
    """A progress line on stderr (only on a terminal, never with --quiet); yields its update function."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
    ) as bar:
        task = bar.add_task(first, total=None)

        def show(message: str, done: int, total: int) -> None:
            bar.update(task, description=message, completed=done, total=total or None)

        yield show


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
@click.option(
    "--lake",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Also publish the curated tables as Hive-partitioned Parquet in this folder, atomically "
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
def status(db: Path, runs: int) -> None:
    """Show the warehouse's as-of date, its last refreshes and what it holds."""
    from etl.status import read_status, render_status

    try:
        out.print(render_status(read_status(db, runs)))
    except DexstatError as error:
        fail(str(error))


# Pinned on the command line, which outranks any config.toml or environment variable: a stray
# .streamlit/config.toml cannot loosen them.
HARDENED = {
    "server.headless": "true",
    "server.fileWatcherType": "none",  # a reader's server never reloads code from disk
    "server.enableXsrfProtection": "true",
    "server.enableCORS": "true",
    "server.maxUploadSize": "1",  # megabytes: the dashboard takes no uploads
    "server.enableAgentApi": "false",
    "browser.gatherUsageStats": "false",
    "client.toolbarMode": "viewer",
    "client.showErrorDetails": "none",
    "client.showErrorLinks": "false",  # no "Ask Google / ChatGPT" links under an error
    "client.allowedOrigins": "",  # no page embedding the dashboard may send it commands (postMessage)
}


@main.command()
@DB_OPTION
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True)
@click.option("--address", default="localhost", show_default=True, help="Interface to listen on.")
@click.option(
    "--allow-user",
    "allowed_users",
    multiple=True,
    metavar="EMAIL",
    help="Require sign-in and admit only these users (repeatable; also $DEXSTAT_ALLOWED_USERS, "
    "comma-separated). Sign-in uses st.login: an [auth] section in .streamlit/secrets.toml and Authlib.",
)
def serve(db: Path, port: int, address: str, allowed_users: tuple[str, ...]) -> None:
    """Start the dashboard on the warehouse DB: server settings hardened, its JavaScript gzipped."""
    from dashboard.access import ALLOWED_USERS_VARIABLE

    if not db.exists():
        fail(f"There is no warehouse at {db}. Build one first: dexstat refresh --db {db}")
    # dashboard/server.py: dashboard/app.py as an st.App, with Streamlit's JavaScript and CSS gzipped.
    app = Path(__file__).resolve().parents[1] / "dashboard" / "server.py"
    env = {**os.environ, "DEXSTAT_DB": str(db.resolve())}
    if allowed_users:
        env[ALLOWED_USERS_VARIABLE] = ",".join(allowed_users)
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port)]
    command += ["--server.address", address]
    command += [part for option, value in HARDENED.items() for part in (f"--{option}", value)]
    # Become the server (no child left behind): a supervisor's SIGTERM stops the server itself.
    os.execve(sys.executable, command, env)


@main.command("export")
@click.argument("table", type=click.Choice(["transactions", "listings", "rejects"]))
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["csv", "xlsx"]),
    default=None,
    help="csv (UTF-8 with BOM) or xlsx (at most 1,048,575 rows).  [default: --out's suffix, else csv]",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The file to write; replaced only once the export is complete.",
)
@DB_OPTION
@click.option("--from", "start", metavar="DATE", help="First day to keep (YYYY-MM-DD), inclusive.")
@click.option("--to", "end", metavar="DATE", help="Last day to keep (YYYY-MM-DD), inclusive.")
@click.option(
    "--province", "provinces", multiple=True, metavar="CODE_OR_NAME", help="e.g. 52, 贵州, Guizhou."
)
@click.option("--exchange", "exchanges", multiple=True, metavar="CODE_OR_NAME", help="e.g. GBDEX, 贵数所.")
@click.option("--category", "categories", multiple=True, metavar="CODE_OR_NAME", help="e.g. finance, 金融.")
@click.option(
    "--source", "sources", multiple=True, metavar="government|private|unknown", help="Data supplier."
)
def export(
    table: str,
    file_format: str | None,
    out_path: Path,
    db: Path,
    start: str | None,
    end: str | None,
    provinces: tuple[str, ...],
    exchanges: tuple[str, ...],
    categories: tuple[str, ...],
    sources: tuple[str, ...],
) -> None:
    """Write the TABLE rows of a selection (transactions, listings or rejects) to a CSV or XLSX file.

    Every filter is repeatable; dates apply to the transaction or listing date. Rejects can be narrowed
    by --exchange only: a rejected row was never normalised. Text a spreadsheet would run as a formula
    (starting with = + - @, a tab or a carriage return) gets a leading ' in CSV and is plain text in
    XLSX. Exit code 2 for an invalid filter, 1 for any other failure; either way nothing is written.
    """
    import duckdb

    from dashboard import export_queries as queries
    from dashboard.exports import TooManyRows
    from dashboard.filters import Filters, InvalidFilter
    from etl.warehouse import connect_read_only

    name = queries.export_name(table)
    kind = file_format or ("xlsx" if out_path.suffix.lower() == ".xlsx" else "csv")
    chosen = {("start", "--from"): start, ("end", "--to"): end, ("provinces", "--province"): provinces}
    chosen |= {("exchanges", "--exchange"): exchanges, ("categories", "--category"): categories}
    chosen |= {("sources", "--source"): sources}
    applicable = queries.applicable_filters(name)
    refused = [option for (key, option), value in chosen.items() if value and key not in applicable]
    if refused:
        fail(f"{table} can be narrowed by --exchange only, not {', '.join(refused)}. Nothing was written.", 2)
    if not db.exists():
        fail(f"There is no warehouse at {db}. Build one first: dexstat refresh --db {db}")
    if out_path.resolve() == db.resolve():
        fail("--out names the warehouse itself; choose another file.", 2)
    try:
        with connect_read_only(db) as con:
            filters = Filters(
                start=_export_day("--from", start),
                end=_export_day("--to", end),
                provinces=queries.resolve_codes(con, "province", provinces),
                exchanges=queries.resolve_codes(con, "exchange", exchanges),
                categories=queries.resolve_codes(con, "category", categories),
                sources=tuple(source.lower() for source in sources),
            )
            rows = queries.write_export(con, name, filters, out_path, xlsx=kind == "xlsx")
            synthetic = queries.warehouse_is_sample(con)
    except InvalidFilter as error:  # values from the command line: never rich markup
        fail(_sentence(str(error)) + " Nothing was written.", 2)
    except TooManyRows as error:
        fail(f"{error} Nothing was written.")
    except duckdb.Error as error:
        reason = (str(error).splitlines() or ["unknown error"])[0]
        fail(f"{db} cannot be read as a dexstat warehouse ({reason}). Nothing was written.")
    except OSError as error:
        fail(f"Could not write {out_path}: {error.strerror or error}. Nothing was written.")
    out.print(f"Wrote {rows:,} rows of {table} to {out_path} ({kind}).", markup=False, soft_wrap=True)
    if synthetic:
        err.print("Note: this warehouse was built from SYNTHETIC sample data; its numbers are invented.")


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _export_day(option: str, raw: str | None) -> date | None:
    """A --from or --to value as a date; an InvalidFilter naming the option otherwise."""
    from dashboard.filters import InvalidFilter

    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidFilter(f"{option}: {raw[:40]!r} is not a date like 2024-01-31") from None
