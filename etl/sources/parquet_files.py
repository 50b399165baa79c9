"""Parquet exports: every column cast to text by DuckDB (dates as ISO, decimals as written)."""

from pathlib import Path

import duckdb

from etl.errors import FileRejected
from etl.sources.tables import RawSheet, column_names, drop_blank_rows, drop_tables, row_count
from etl.sql import quote


def read_parquet_export(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> RawSheet:
    """Read a Parquet file into `table`: `_row` (record index + 2), then c0..cN as text."""
    try:
        described = con.execute("describe select * from read_parquet($path)", {"path": str(path)}).fetchall()
        headers = tuple(str(row[0]) for row in described)
        names = column_names(len(headers))
        # The file's own column names are data: they are renamed by position, never written into SQL.
        aliases = ", ".join(quote(name) for name in names)
        values = ", ".join(f"nullif(cast({quote(name)} as varchar), '') as {quote(name)}" for name in names)
        con.execute(
            f"create or replace temp table {quote(table)} as "  # noqa: S608
            f"select file_row_number + 2 as _row, {values} "
            f"from read_parquet($path, file_row_number = true) as source({aliases})",
            {"path": str(path)},
        )
        drop_blank_rows(con, table, len(names))
    except duckdb.OutOfMemoryException:
        drop_tables(con, [table])
        raise  # the machine's limit, not the file's fault: the refresh stops, nothing is published
    except duckdb.Error as error:
        drop_tables(con, [table])
        reason = str(error).splitlines()[0].removeprefix("Invalid Input Error: ")
        reason = reason.replace(str(path), path.name).rstrip(": ")
        raise FileRejected(f"{path.name} is not a readable Parquet file ({reason})") from None
    return RawSheet(table, headers, None, None, row_count(con, table))
