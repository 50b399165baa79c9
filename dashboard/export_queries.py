"""The full exports of a selection (transactions, listings, rejects), streamed from the warehouse as Arrow."""

import calendar
import difflib
import io
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any, Literal, get_args

import duckdb

from dashboard.exports import XLSX_MAX_ROWS, TooManyRows, write_csv, write_xlsx
from dashboard.filters import Filters, InvalidFilter

__all__ = [
    "EXPORTS",
    "Export",
    "applicable_filters",
    "export_bytes",
    "export_name",
    "export_notes",
    "export_reader",
    "export_rows",
    "resolve_codes",
    "warehouse_is_sample",
    "whole_months",
    "write_export",
]

Export = Literal["transactions", "listings", "rejects"]
EXPORTS: tuple[Export, ...] = get_args(Export)
Reference = Literal["province", "exchange", "category"]
# Rejected rows were never normalised: only their file's exchange is known (see export_rejects.sql).
_APPLICABLE: dict[Export, tuple[str, ...]] = {
    "transactions": ("start", "end", "provinces", "exchanges", "categories", "sources"),
    "listings": ("start", "end", "provinces", "exchanges", "categories", "sources"),
    "rejects": ("exchanges",),
}
_NAME_MAX = 200
# The sidebar counts both exports on every new selection. Over whole months the mart answers exactly:
# its deals (listings) are count(*) per month and dimension, and every filter is one of its columns;
# at 10M transactions that reads 0.9M rows instead of 10M (BENCHMARKS.md, issue 5).
_MART_COUNTS: dict[Export, str] = {"transactions": "transaction_count", "listings": "listing_count"}
# A download's order (unique keys last, so two downloads of one build are identical). It is applied here,
# not in export_*.sql: counting a selection (every page render does, for the sidebar) must not sort it;
# DuckDB kept the sort under count(*): 10M rows sorted to say how many there are.
_ORDER: dict[Export, str] = {
    "transactions": "txn_date, exchange_id, txn_id",
    "listings": "listed_on nulls last, exchange_id, listing_id",
    "rejects": "run_id, file, sheet nulls first, row_number nulls first, reason_code, reason, raw",
}
_NAMES = """
select code, name_zh, name_en, aliases from (
    select 'province' as kind, province_code as code, name_zh, name_en, aliases from provinces
    union all select 'exchange', exchange_id, name_zh, name_en, aliases from exchanges
    union all select 'category', category_id, name_zh, name_en, aliases from categories
) where kind = $kind
order by code
"""


@cache
def _sql(name: str) -> str:
    return resources.files("dashboard").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


def export_name(name: str) -> Export:
    """`name` as an Export, or a ValueError."""
    for export in EXPORTS:
        if name == export:
            return export
    raise ValueError(f"unknown export {name[:40]!r}; one of {', '.join(EXPORTS)}")


def applicable_filters(export: Export) -> tuple[str, ...]:
    """The Filters fields that narrow this export; the others are ignored by its query."""
    return _APPLICABLE[export]


def _relation(con: duckdb.DuckDBPyConnection, export: Export, filters: Filters) -> duckdb.DuckDBPyRelation:
    params = {key: value for key, value in filters.params().items() if key in _APPLICABLE[export]}
    relation = con.sql(_sql(f"export_{export}"), params=params)
    assert relation is not None  # a SELECT always gives a relation
    return relation


def export_rows(con: duckdb.DuckDBPyConnection, export: Export, filters: Filters) -> int:
    """How many rows the export of this selection holds."""
    if export in _MART_COUNTS and whole_months(filters):
        return int(con.execute(_sql(_MART_COUNTS[export]), filters.params()).fetchall()[0][0])
    return int(_relation(con, export, filters).count("*").fetchall()[0][0])


def whole_months(filters: Filters) -> bool:
    """Whether the dates cut no month: the start (if any) is a first day and the end (if any) a last day."""
    start, end = filters.start, filters.end
    return (start is None or start.day == 1) and (
        end is None or end.day == calendar.monthrange(end.year, end.month)[1]
    )


def export_reader(
    con: duckdb.DuckDBPyConnection, export: Export, filters: Filters, batch_rows: int = 100_000
) -> Any:
    """The export's rows in a stable order, as a pyarrow RecordBatchReader read a batch at a time."""
    return _relation(con, export, filters).order(_ORDER[export]).to_arrow_reader(batch_rows)


def resolve_codes(
    con: duckdb.DuckDBPyConnection, kind: Reference, values: tuple[str, ...]
) -> tuple[str, ...]:
    """The codes of province, exchange or category values given as codes, names (zh or en) or aliases."""
    rows = con.execute(_NAMES, {"kind": kind}).fetchall()
    codes: dict[str, set[str]] = {}
    spelled: dict[str, str] = {}  # how a name is written, to suggest it as written
    for code, name_zh, name_en, aliases in rows:
        for name in (name_zh, name_en, *(aliases or "").split("|")):
            if name.strip():
                codes.setdefault(name.strip().casefold(), set()).add(code)
                spelled.setdefault(name.strip().casefold(), name.strip())
    for code, *_ in rows:  # a code wins over a name or alias that spells it
        codes[code.casefold()] = {code}
        spelled[code.casefold()] = code
    return tuple(_resolve(kind, value, codes, spelled) for value in values)


def _resolve(kind: str, value: str, codes: dict[str, set[str]], spelled: dict[str, str]) -> str:
    shown = repr(value[:40]) + ("…" if len(value) > 40 else "")
    if len(value) > _NAME_MAX:
        raise InvalidFilter(f"{kind}: {shown} is too long to be a {kind} code or name.")
    key = value.strip().casefold()
    found = codes.get(key, set())
    if len(found) == 1:
        return found.pop()
    if found:
        raise InvalidFilter(f"{kind}: {shown} could be any of {', '.join(sorted(found))}; give the code.")
    close = [spelled[name] for name in difflib.get_close_matches(key, list(codes), n=3, cutoff=0.6)]
    hint = f" Did you mean {', '.join(repr(name) for name in close)}?" if close else ""
    raise InvalidFilter(f"{kind}: {shown} is not a known {kind} code or name.{hint}")


def warehouse_is_sample(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the last refresh read the generated sample: its numbers are invented."""
    last = con.execute("select is_sample from refresh_runs order by run_id desc limit 1").fetchall()
    return bool(last and last[0][0])


def export_notes(con: duckdb.DuckDBPyConnection, export: Export, filters: Filters) -> list[str]:
    """Lines saying where the export comes from, what it selects and whether its data are synthetic."""
    last = con.execute("select as_of, finished_at from refresh_runs order by run_id desc limit 1").fetchall()
    as_of, finished_at = last[0] if last else (None, None)
    notes = [f"dexstat export of {export} from the warehouse as of {as_of or 'no transactions'}"]
    if finished_at:
        notes.append(f"Last refresh finished at {finished_at:%Y-%m-%d %H:%M:%S}.")
    if warehouse_is_sample(con):
        notes.append(
            "SYNTHETIC DATA: this warehouse was built from the generated sample; its numbers are invented."
        )
    chosen = {key: value for key, value in filters.params().items() if value not in (None, [])}
    applied = {key: value for key, value in chosen.items() if key in _APPLICABLE[export]}
    notes.append(
        "Selection: "
        + ("; ".join(f"{key} = {_shown(value)}" for key, value in applied.items()) or "everything")
    )
    ignored = sorted(set(chosen) - set(applied))
    if ignored:
        notes.append(f"Not applicable to {export}, so not applied: {', '.join(ignored)}.")
    notes.append("Text is stored as text: no cell in this file is a formula.")
    return notes


def _shown(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def export_bytes(
    con: duckdb.DuckDBPyConnection, export: Export, filters: Filters, xlsx: bool = False
) -> bytes:
    """The whole export as file bytes, for a download button (CSV, or XLSX with a Notes sheet)."""
    buffer = io.BytesIO()
    _write(con, export, filters, buffer, xlsx)
    return buffer.getvalue()


def write_export(
    con: duckdb.DuckDBPyConnection, export: Export, filters: Filters, path: Path, xlsx: bool = False
) -> int:
    """Write the export to `path` and return its rows; a failed export leaves no half-written file.

    The rows go to a hidden file beside `path`, renamed over it only once complete and synced.
    """
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    handle = partial.open("xb")
    try:
        with handle:
            rows = _write(con, export, filters, handle, xlsx)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return rows


def _write(
    con: duckdb.DuckDBPyConnection, export: Export, filters: Filters, target: IO[bytes], xlsx: bool
) -> int:
    if not xlsx:
        return write_csv(export_reader(con, export, filters), target)
    if (total := export_rows(con, export, filters)) > XLSX_MAX_ROWS:
        raise TooManyRows(f"{total:,} rows do not fit in an XLSX sheet (at most {XLSX_MAX_ROWS:,}): use CSV.")
    notes = export_notes(con, export, filters)
    # constant_memory streams rows to a temporary file instead of holding the sheet in memory.
    return write_xlsx(
        {export: export_reader(con, export, filters)}, target, notes=notes, constant_memory=True
    )
