"""The text tables every export reader leaves on the connection, and the names they use."""

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from etl.sql import quote


@dataclass(frozen=True)
class RawSheet:
    """One table of text read from an export: `_row` BIGINT and c0..cN VARCHAR, one per header.

    Columns are used by name: `_row` is first in some readers' tables and last in the CSV reader's.
    """

    table: str  # a temp table on the connection
    headers: tuple[str, ...]  # the header texts as written (stripped), in the order of c0..cN
    sheet: str | None  # xlsx sheet name, else None
    encoding: str | None  # csv: 'utf-8', 'utf-8-sig', 'gb18030', 'utf-16'; else None
    rows: int  # data rows in the table (records with no value at all are left out)


def column_names(width: int) -> list[str]:
    """The generated column names c0..c{width-1}."""
    return [f"c{index}" for index in range(width)]


def drop_blank_rows(con: duckdb.DuckDBPyConnection, table: str, width: int) -> None:
    """Delete rows whose every value is NULL: blank lines and empty spreadsheet rows are not records."""
    blank = f"coalesce({', '.join(quote(name) for name in column_names(width))}) is null" if width else "true"
    con.execute(f"delete from {quote(table)} where {blank}")  # noqa: S608


def row_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """How many rows a table holds."""
    found = con.execute(f"select count(*) from {quote(table)}").fetchone()  # noqa: S608
    return int(found[0]) if found else 0


def drop_tables(con: duckdb.DuckDBPyConnection, tables: Sequence[str]) -> None:
    """Drop tables a reader created, when it gives up half-way."""
    for table in tables:
        con.execute(f"drop table if exists {quote(table)}")
