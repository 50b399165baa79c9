"""What the `dexstat` command prints, and its one way of failing: a plain message and an exit code."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from etl.paths import default_db

# Piped output (CI logs, files) gets wide tables instead of rich's default 80 columns.
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)

# Why a lake could not be opened (dashboard.warehouse.Unavailable's problem), in words.
LAKE_PROBLEMS = {
    "missing": "it is not there",
    "empty": "it holds no complete lake",
    "unreadable": "its manifest is damaged or of another format (write it again with this dexstat)",
    "busy": "a new lake was published while it was opened; run the command again",
}
DB_OPTION = click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    default=default_db,
    show_default="$DEXSTAT_DB or data/warehouse.duckdb",
    help="The warehouse file.",
)


def lake_option(help_text: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """--lake DIR: a lake folder, as `dexstat refresh --lake DIR` writes it."""
    return click.option(
        "--lake", type=click.Path(path_type=Path, file_okay=False), default=None, help=help_text
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
