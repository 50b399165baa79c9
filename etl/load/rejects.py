"""Rows set aside as rejects, each with its record as read: header -> value, as JSON."""

from collections.abc import Sequence

import duckdb

from etl.inventory import SourceFile
from etl.load.context import LoadContext
from etl.sources.tables import RawSheet
from etl.sql import quote


def insert_rejects(
    con: duckdb.DuckDBPyConnection,
    source: SourceFile,
    ctx: LoadContext,
    sheet: RawSheet,
    from_clause: str,
    params: dict[str, object],
    selected: str,
) -> None:
    """Insert into rejects `selected` (row, reason code, reason) `from_clause`, with each row's record.

    `from_clause` names the sheet's raw table as {raw}, aliased r; the record is built from its columns.
    """
    # The record as JSON, header -> value; headers are bound as parameters, columns are ours (c0..cN).
    headers = _unique(sheet.headers)
    pairs = ", ".join(f"$h{i}, r.c{i}" for i in range(len(headers)))
    raw = f"json_object({pairs})" if headers else "null"
    query = f"insert into rejects select $run_id, $file, $sheet, {selected}, {raw} " + from_clause.format(
        raw=quote(sheet.table)
    )
    bound = {f"h{i}": header for i, header in enumerate(headers)}
    con.execute(query, {**bound, **params, "run_id": ctx.run_id, "file": source.file, "sheet": sheet.sheet})


def _unique(headers: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for header in headers:
        name = header or "(blank)"
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique
