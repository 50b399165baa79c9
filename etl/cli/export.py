"""`dexstat export`: the rows of a selection, as the dashboard filters them, to a CSV or XLSX file."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from etl.cli.terminal import DB_OPTION, LAKE_PROBLEMS, err, fail, lake_option, out

if TYPE_CHECKING:
    import duckdb


@click.command("export")
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
@lake_option(
    "Export from the lake DIR written by `dexstat refresh --lake DIR` instead of the warehouse.",
)
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
    lake: Path | None,
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
    from dashboard.warehouse import Unavailable

    name = queries.export_name(table)
    kind = file_format or ("xlsx" if out_path.suffix.lower() == ".xlsx" else "csv")
    chosen = {("start", "--from"): start, ("end", "--to"): end, ("provinces", "--province"): provinces}
    chosen |= {("exchanges", "--exchange"): exchanges, ("categories", "--category"): categories}
    chosen |= {("sources", "--source"): sources}
    applicable = queries.applicable_filters(name)
    refused = [option for (key, option), value in chosen.items() if value and key not in applicable]
    if refused:
        fail(f"{table} can be narrowed by --exchange only, not {', '.join(refused)}. Nothing was written.", 2)
    origin = lake or db
    if lake is None and not db.exists():
        fail(f"There is no warehouse at {db}. Build one first: dexstat refresh --db {db}")
    if lake is not None and not lake.is_dir():
        fail(f"There is no lake at {lake}. Write one first: dexstat refresh --lake {lake}")
    if out_path.resolve() == db.resolve() or (lake and out_path.resolve().is_relative_to(lake.resolve())):
        fail(f"--out names a file of the {'lake' if lake else 'warehouse'} itself; choose another file.", 2)
    try:
        with _opened(db, lake) as con:
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
        what = "lake" if lake else "warehouse"
        fail(f"{origin} cannot be read as a dexstat {what} ({reason}). Nothing was written.")
    except Unavailable as error:  # the lake, as the dashboard would open it
        fail(
            f"{origin} cannot be read as a dexstat lake: {LAKE_PROBLEMS[error.problem]}. Nothing was written."
        )
    except OSError as error:
        fail(f"Could not write {out_path}: {error.strerror or error}. Nothing was written.")
    out.print(f"Wrote {rows:,} rows of {table} to {out_path} ({kind}).", markup=False, soft_wrap=True)
    if synthetic:
        err.print("Note: this warehouse was built from SYNTHETIC sample data; its numbers are invented.")


@contextmanager
def _opened(db: Path, lake: Path | None) -> Iterator["duckdb.DuckDBPyConnection"]:
    """The warehouse file read-only, or the lake as `dexstat serve --lake` opens it."""
    from dashboard import warehouse
    from etl.warehouse import connect_read_only

    if lake is None:
        with connect_read_only(db) as con:
            yield con
        return
    con = warehouse.connect(warehouse.identify(lake))
    cur = warehouse.cursor(con)
    try:
        yield cur
    finally:
        cur.close()
        con.close()


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
