"""Load one exchange export (transactions or listings) into the warehouse, with its rejects."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import duckdb

from etl.errors import FileRejected
from etl.inventory import SourceFile
from etl.load import value_maps
from etl.load.context import MAX_VALUE_CNY, LoadContext
from etl.load.rejects import insert_rejects
from etl.mirror import ITEM_TABLES
from etl.normalise.columns import LISTING_FIELDS, TRANSACTION_FIELDS, ColumnPlan, plan_columns
from etl.sources.exports import RawSheet, read_export
from etl.sources.tables import row_count
from etl.sql import quote, sql

# This module's temp tables for one file, dropped after it so they do not hold memory meanwhile.
_PER_FILE = ("unloaded", "fates", "repeated_ids", "duplicates", "rejected")
FIELDS = {"transactions": TRANSACTION_FIELDS, "listings": LISTING_FIELDS}
DATE_FIELD = {"transactions": "txn_date", "listings": "listed_on"}


@dataclass
class FileOutcome:
    """What happened to one file: counts that balance, and notes for the report."""

    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    encoding: str | None = None
    exchange_id: str | None = None
    rejected_whole: str | None = None
    notes: list[str] = field(default_factory=list)


def load_export(
    con: duckdb.DuckDBPyConnection,
    source: SourceFile,
    ctx: LoadContext,
    stage: Callable[[str], None] = lambda _step: None,
) -> FileOutcome:
    """Read, stage, validate and insert one export; a broken file becomes rejects, not an error.

    `stage` is told each step as it starts ("reading", "normalising", "loading"): a 10M-row file takes
    a while in each.
    """
    outcome = FileOutcome()
    stage("reading")
    try:
        sheets = read_export(con, source.path, "raw", ctx.workdir)
    except FileRejected as error:
        _reject_unreadable(con, source, ctx, str(error), outcome)
        return outcome
    outcome.encoding = next((s.encoding for s in sheets if s.encoding), None)
    outcome.rows_read = sum(sheet.rows for sheet in sheets)
    try:
        default_exchange = _default_exchange(source, ctx)
        plans = [_plan(sheet, source, default_exchange, ctx) for sheet in sheets]
    except FileRejected as error:
        _reject_rows(con, source, ctx, sheets, str(error), outcome)
        return outcome
    outcome.exchange_id = default_exchange
    stage("normalising")
    _stage(con, source.kind, sheets, plans)
    params = _validate(con, source, ctx, default_exchange)
    stage("loading")
    _insert(con, source, ctx, sheets, plans, params, outcome)
    _drop(con, sheets)
    return outcome


def _default_exchange(source: SourceFile, ctx: LoadContext) -> str | None:
    named = ctx.mapping.exchange_for(source.file) or source.folder
    if named is None:
        return None
    exchange = ctx.exchanges.resolve(named)
    if exchange is None and ctx.mapping.exchange_for(source.file):
        raise FileRejected(f"mapping.toml names exchange '{named}', which is not a known exchange")
    return exchange


def _plan(sheet: RawSheet, source: SourceFile, exchange: str | None, ctx: LoadContext) -> ColumnPlan:
    plan = plan_columns(sheet.headers, source.kind, ctx.mapping.columns)  # type: ignore[arg-type]
    missing = list(plan.missing)
    if exchange is None and "exchange" not in plan.fields:
        missing.append("exchange")
    if missing:
        where = f"sheet '{sheet.sheet}'" if sheet.sheet else "the file"
        raise FileRejected(
            f"{where} has no column for {', '.join(missing)} (headers found: "
            f"{', '.join(sheet.headers) or 'none'}); rename the column or map it in mapping.toml"
            + (
                "; the exchange can also come from a sub-folder named after it"
                if "exchange" in missing
                else ""
            )
        )
    return plan


def _stage(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    sheets: Sequence[RawSheet],
    plans: Sequence[ColumnPlan],
) -> None:
    """stage_all: a view of every sheet's rows as the kind's fields, text as read (nothing copied).

    stage_rows, which validated_rows() reads, starts as all of them and is narrowed to the rows the
    insert did not load before those are validated again (_explain).
    """
    fields = FIELDS[kind]
    selects = []
    for number, (sheet, plan) in enumerate(zip(sheets, plans, strict=True)):
        values = ", ".join(
            f"{quote(f'c{plan.fields[name]}')} as {name}"
            if name in plan.fields
            else f"null::varchar as {name}"
            for name in fields
        )
        selects.append(
            f"select {number}::integer as sheet_no, _row as row_number, {values} "  # noqa: S608
            f"from {quote(sheet.table)}"
        )
    stage = " union all ".join(selects)
    con.execute(f"create or replace temp view stage_all as {stage}")
    con.execute("create or replace temp view stage_rows as select * from stage_all")
    con.execute(
        "create or replace temp table stage_sheets "
        "(sheet_no integer, sheet varchar, header_multiplier decimal(18, 0))"
    )
    con.executemany(
        "insert into stage_sheets values (?, ?, ?)",
        [
            [number, sheet.sheet, plan.amount_multiplier]
            for number, (sheet, plan) in enumerate(zip(sheets, plans, strict=True))
        ],
    )


def _validate(
    con: duckdb.DuckDBPyConnection, source: SourceFile, ctx: LoadContext, exchange: str | None
) -> dict[str, object]:
    """Build the value maps and this kind's validated_rows(); returns the parameters it is read with."""
    value_maps.date_map(con, DATE_FIELD[source.kind])
    value_maps.lookup_maps(con, ctx)
    if source.kind == "transactions":
        value_maps.amount_map(con)
        value_maps.unit_map(con)
    con.execute(sql("staging/" + source.kind))
    return {"default_exchange": exchange, "today": ctx.today, "max_value_cny": MAX_VALUE_CNY}


def _load_valid(
    con: duckdb.DuckDBPyConnection, source: SourceFile, params: dict[str, object], rows_read: int
) -> int:
    """Insert every loadable row in one pass, take repeated ids out again, and find why the rest were
    refused; leaves `rejected` (sheet, row, reason) and returns the rows loaded."""
    inserted = con.execute(sql(f"staging/insert_{source.kind}"), {**params, "file": source.file}).fetchone()
    loaded = int(inserted[0]) if inserted else 0
    _explain(con, params, source.file, unloaded=rows_read - loaded)
    con.execute(sql("staging/repeated_ids"), {"file": source.file})
    if row_count(con, "repeated_ids"):
        # kept for etl/mirror.py's touched_views
        kept = "insert into repeated_keys select $kind, key_hash from repeated_ids"
        con.execute(kept, {"kind": source.kind})
        con.execute(sql("staging/duplicates"), {"file": source.file, "kind": source.kind})
        table = ITEM_TABLES[source.kind].table
        con.execute(
            f"delete from {quote(table)} as t using duplicates as d, stage_sheets as h "  # noqa: S608
            "where t.source_file = $file and d.sheet_no = h.sheet_no and t.source_row = d.row_number "
            "and coalesce(t.source_sheet, '') = coalesce(h.sheet, '')",
            {"file": source.file},
        )
        loaded -= row_count(con, "duplicates")
    else:
        _no_reasons(con, "duplicates")
    con.execute(sql("staging/rejected"))
    return loaded


def _explain(con: duckdb.DuckDBPyConnection, params: dict[str, object], file: str, unloaded: int) -> None:
    """fates: each row the insert did not load, validated again (only those rows) for its reason."""
    if unloaded == 0:
        _no_reasons(con, "fates")
        return
    con.execute(sql("staging/unloaded"), {"file": file})
    con.execute(
        "create or replace temp view stage_rows as select s.* from stage_all as s "
        "semi join unloaded as u on u.sheet_no = s.sheet_no and u.row_number = s.row_number"
    )
    con.execute(sql("staging/fates"), params)


def _no_reasons(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """An empty `fates` or `duplicates`: the shape staging/rejected reads, when a step found no rows."""
    con.execute(
        f"create or replace temp table {quote(table)} "
        "(sheet_no integer, row_number bigint, reason_code varchar, reason varchar)"
    )


def _insert(
    con: duckdb.DuckDBPyConnection,
    source: SourceFile,
    ctx: LoadContext,
    sheets: Sequence[RawSheet],
    plans: Sequence[ColumnPlan],
    params: dict[str, object],
    outcome: FileOutcome,
) -> None:
    outcome.rows_loaded = _load_valid(con, source, params, outcome.rows_read)
    for number, sheet in enumerate(sheets):
        insert_rejects(
            con,
            source,
            ctx,
            sheet,
            "from rejected as v join {raw} as r on r._row = v.row_number where v.sheet_no = $sheet_no",
            {"sheet_no": number},
            "v.row_number, v.reason_code, v.reason",
        )
    con.execute(sql("staging/insert_unmapped"), {"file": source.file})
    for sheet, plan in zip(sheets, plans, strict=True):
        for header in plan.unrecognised:
            con.execute(
                "insert into unmapped_values values ($file, 'column', $header, $rows)",
                {"file": source.file, "header": header, "rows": sheet.rows},
            )
        if plan.unrecognised:
            outcome.notes.append(_kept_aside(plan.unrecognised))
        if source.kind == "transactions" and plan.amount_multiplier is None and "unit" not in plan.fields:
            outcome.notes.append("no amount unit in the header or a unit column: amounts read as 元")
    outcome.rows_rejected = row_count(con, "rejected")


def _reject_rows(
    con: duckdb.DuckDBPyConnection,
    source: SourceFile,
    ctx: LoadContext,
    sheets: Sequence[RawSheet],
    message: str,
    outcome: FileOutcome,
) -> None:
    """The file was read but cannot be loaded: every row goes to rejects with the file's reason."""
    for sheet in sheets:
        insert_rejects(
            con,
            source,
            ctx,
            sheet,
            "from {raw} as r",
            {"reason": message},
            "r._row, 'file_rejected', $reason",
        )
    outcome.rows_rejected = outcome.rows_read
    outcome.rejected_whole = message
    _drop(con, sheets)


def _reject_unreadable(
    con: duckdb.DuckDBPyConnection,
    source: SourceFile,
    ctx: LoadContext,
    message: str,
    outcome: FileOutcome,
) -> None:
    con.execute(
        "insert into rejects values ($run_id, $file, null, null, 'file_unreadable', $reason, null)",
        {"run_id": ctx.run_id, "file": source.file, "reason": message},
    )
    outcome.rejected_whole = message


def _drop(con: duckdb.DuckDBPyConnection, sheets: Sequence[RawSheet]) -> None:
    con.execute("drop view if exists stage_rows")
    con.execute("drop view if exists stage_all")
    for table in _PER_FILE:
        con.execute(f"drop table if exists {quote(table)}")
    for sheet in sheets:
        con.execute(f"drop table if exists {quote(sheet.table)}")


def _kept_aside(headers: Sequence[str], shown: int = 10) -> str:
    """The note on unrecognised columns: the first few by name (all are in unmapped_values)."""
    names = ", ".join(headers[:shown])
    more = len(headers) - shown
    return f"columns kept aside: {names}" + (f" and {more} more (see unmapped_values)" if more > 0 else "")
