"""Many small inserts at once: in autocommit DuckDB commits (and writes) after every row."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import duckdb

from etl.sql import quote


@contextmanager
def one_transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run the block's statements in one transaction (hundreds of one-row inserts: 2 s -> 0.2 s)."""
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: Sequence[Sequence[object]]
) -> None:
    """Insert Python rows into `table` in one statement: each column is bound as a list and unnested.

    executemany runs one insert per row, even in one transaction: 0.22 s for the 600 reference
    statistics, against 0.01 s here. A column's values must share a Python type (or be None).
    """
    if not rows:
        return
    # `table` and `columns` are the caller's own names, never text from a file; the values are bound.
    names = ", ".join(quote(column) for column in columns)
    unnested = ", ".join(f"unnest($c{index})" for index in range(len(columns)))
    values = {f"c{index}": list(column) for index, column in enumerate(zip(*rows, strict=True))}
    con.execute(f"insert into {quote(table)} ({names}) select {unnested}", values)
