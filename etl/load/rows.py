"""Many small inserts at once: in autocommit DuckDB commits (and writes) after every row."""

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb


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
