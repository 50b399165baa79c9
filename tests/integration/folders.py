"""Writing small source folders in the real export formats, and reading the published warehouse."""

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import duckdb

TODAY = date(2026, 1, 15)


def write_csv(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], encoding: str = "utf-8"
) -> Path:
    """Write one CSV export the way exchanges do (any encoding, CRLF line ends)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def query(db: Path, sql: str, params: object = None) -> list[tuple[object, ...]]:
    """Rows of a query on the published warehouse, opened read-only."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).fetchall()
