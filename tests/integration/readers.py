"""Reading one export into DuckDB's tables of text, as the reader tests do, and what a refusal says."""

from pathlib import Path

import duckdb
import pytest

from etl.errors import FileRejected
from etl.sources.exports import RawSheet, read_export

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exports"


def read(con: duckdb.DuckDBPyConnection, path: Path, workdir: Path) -> list[RawSheet]:
    return read_export(con, path, "raw", workdir)


def read_one(con: duckdb.DuckDBPyConnection, path: Path, workdir: Path) -> RawSheet:
    sheets = read(con, path, workdir)
    assert len(sheets) == 1
    return sheets[0]


def rows(con: duckdb.DuckDBPyConnection, sheet: RawSheet) -> list[tuple[object, ...]]:
    return con.execute(f'select _row, * exclude (_row) from "{sheet.table}" order by _row').fetchall()


def rejection(con: duckdb.DuckDBPyConnection, path: Path, workdir: Path) -> str:
    with pytest.raises(FileRejected) as raised:
        read(con, path, workdir)
    message = str(raised.value)
    assert path.name in message
    assert "Traceback" not in message
    return message
