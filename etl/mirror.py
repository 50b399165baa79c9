"""Keep the warehouse a mirror of the source folder: what to load, what to keep, what to forget."""

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from etl.inventory import Seen, SourceFile
from etl.sql import quote, sql


@dataclass(frozen=True)
class ItemTable:
    """Where one kind of export's rows go, the column that with exchange_id is their key, and their date."""

    table: str
    key: str
    dated_by: str  # the marts sum the rows by this date's calendar month


ITEM_TABLES = {
    "transactions": ItemTable("transaction_rows", "txn_id", "txn_date"),
    "listings": ItemTable("listing_rows", "listing_id", "listed_on"),
}
# Each item table's rows whose key is in affected_keys (touched_views).
_TOUCHED = {
    "transaction_rows": "select * from transaction_rows where hash(exchange_id, txn_id) in "
    "(select key_hash from affected_keys where kind = 'transactions')",
    "listing_rows": "select * from listing_rows where hash(exchange_id, listing_id) in "
    "(select key_hash from affected_keys where kind = 'listings')",
}


@dataclass(frozen=True)
class MirrorPlan:
    """Files to (re)load, files unchanged since the last refresh, and files no longer there."""

    to_load: list[SourceFile]
    unchanged: list[SourceFile]
    removed: list[str]


def seen_files(con: duckdb.DuckDBPyConnection) -> dict[str, Seen]:
    """Each file's size, mtime and hash as the warehouse last recorded them, for scan() to trust."""
    rows = con.execute("select file, size_bytes, modified_at, sha256 from source_files").fetchall()
    return {file: Seen(size, modified_at, sha256) for file, size, modified_at, sha256 in rows}


def plan_mirror(con: duckdb.DuckDBPyConnection, files: Sequence[SourceFile], config: str) -> MirrorPlan:
    """Compare the folder with source_files: a file is unchanged when its hash and config match."""
    known = dict(con.execute("select file, sha256 || ':' || config_sha256 from source_files").fetchall())
    to_load = [f for f in files if known.get(f.file) != f"{f.sha256}:{config}"]
    unchanged = [f for f in files if known.get(f.file) == f"{f.sha256}:{config}"]
    present = {f.file for f in files}
    removed = sorted(file for file in known if file not in present)
    return MirrorPlan(to_load=to_load, unchanged=unchanged, removed=removed)


def forget(con: duckdb.DuckDBPyConnection, files: Sequence[str]) -> None:
    """Remove every row a previous version of these files put in, remembering the keys and months touched."""
    con.execute("create or replace temp table affected_keys (kind varchar, key_hash ubigint)")
    con.execute("create or replace temp table changed_months (kind varchar, month date)")
    # The keys each file loaded in this refresh held more than once (staging/repeated_ids): touched_views
    con.execute("create or replace temp table repeated_keys (kind varchar, key_hash ubigint)")
    if not files:
        return
    con.execute(
        "create or replace temp table forgotten as select unnest($files) as file",
        {"files": list(files)},
    )
    _remember_keys(con, files)
    for kind, item in ITEM_TABLES.items():
        _remember_months(con, kind, _rows_of_files(con, item, "forgotten"))
    con.execute(sql("staging/forget_files"))


def supersede(con: duckdb.DuckDBPyConnection, loaded: Sequence[str]) -> dict[str, int]:
    """Settle which row is current for every key touched; returns rows replaced per loaded file.

    The months of the rows loaded now, and of those whose superseded flag changed, join
    changed_months: with the forgotten rows' months, they are the only months of the marts that can
    have changed.
    """
    touched_views(con, loaded)
    con.execute(
        "create or replace temp table loaded as select unnest(cast($files as varchar[])) as file",
        {"files": list(loaded)},
    )
    for kind, item in ITEM_TABLES.items():
        con.execute(sql(f"staging/supersede_{kind}"))
        _remember_months(con, kind, _rows_of_files(con, item, "loaded"))
        _remember_months(con, kind, "flipped_" + item.table)
    rows = con.execute(sql("staging/replaced"), {"files": list(loaded)}).fetchall()
    return {file: int(count) for file, count in rows}


def touched_views(con: duckdb.DuckDBPyConnection, loaded: Sequence[str]) -> None:
    """touched_transaction_rows and touched_listing_rows: the rows whose key this refresh touched; and
    contested_keys: those keys that can need settling, held by more than one row (`shared`) or by a
    superseded row.

    Supersede and the unique checks read contested_keys, grouped once here: grouping the touched keys
    again in the check cost 0.9 s on a first load of 10M rows, and 0.2 s in an incremental refresh.
    When every row of a table came from a file loaded in this refresh (a first load), each row's own
    key was touched, and the view is the whole table: testing 10M rows against a hash table of 10M
    touched keys cost 1 s in each statement, and the loaded files' keys are not even listed (0.3 s).
    Otherwise they join the forgotten files' keys in affected_keys, and the view keeps the rows holding
    any of them.

    When those rows all came from one file, no key needs grouping again (1 s at 10M rows): a key held
    twice now was held twice in that file, so it is among the keys its load grouped (repeated_keys,
    before the repeats were taken out), and no row is superseded yet. Those keys are the contested
    ones, so the unique check still tests each of them.
    """
    con.execute(
        "create or replace temp table contested_keys (kind varchar, key_hash ubigint, shared boolean)"
    )
    for kind, item in ITEM_TABLES.items():
        older = con.execute(
            f"select 1 from {quote(item.table)} where source_file not in (select unnest($files)) limit 1",  # noqa: S608
            {"files": list(loaded)},
        ).fetchone()
        if older:
            _remember_keys(con, loaded, kinds=(kind,))
        view = _TOUCHED[item.table] if older else f"select * from {quote(item.table)}"  # noqa: S608
        con.execute(f"create or replace temp view {quote('touched_' + item.table)} as {view}")
        files = con.execute(f"select count(distinct source_file) from {quote(item.table)}").fetchone()  # noqa: S608
        if not older and files and files[0] <= 1:
            con.execute(
                "insert into contested_keys select distinct kind, key_hash, true from repeated_keys "
                "where kind = $kind",
                {"kind": kind},
            )
            continue
        # Keys are grouped as 64-bit hashes: 10M two-string keys spill under the build's memory limit,
        # 10M hashes fit. A colliding hash only brings in rows that supersede and the checks, which
        # compare the real keys, then leave as they are.
        con.execute(
            f"insert into contested_keys select $kind, hash(exchange_id, {quote(item.key)}) as key_hash, "  # noqa: S608
            f"count(*) > 1 from {quote('touched_' + item.table)} group by key_hash "
            "having count(*) > 1 or bool_or(superseded)",
            {"kind": kind},
        )


def _remember_keys(
    con: duckdb.DuckDBPyConnection, files: Sequence[str], kinds: Sequence[str] = tuple(ITEM_TABLES)
) -> None:
    """Add the keys these files' rows hold to affected_keys, as the hashes supersede and checks compare."""
    for kind in kinds:
        con.execute(
            f"insert into affected_keys select $kind, hash(exchange_id, {quote(ITEM_TABLES[kind].key)}) "  # noqa: S608
            f"from {quote(ITEM_TABLES[kind].table)} where source_file in (select unnest($files))",
            {"kind": kind, "files": list(files)},
        )


def _rows_of_files(con: duckdb.DuckDBPyConnection, item: ItemTable, files: str) -> str:
    """A view, named `<files>_<table>`, of the item table's rows from the files in temp table `files`."""
    view = f"{files}_{item.table}"
    con.execute(
        f"create or replace temp view {quote(view)} as select * from {quote(item.table)} "  # noqa: S608
        f"where source_file in (select file from {quote(files)})"
    )
    return view


def _remember_months(con: duckdb.DuckDBPyConnection, kind: str, rows: str) -> None:
    """Add the calendar months of the rows in relation `rows` (of the kind's table) to changed_months."""
    con.execute(
        "insert into changed_months select distinct $kind, "  # noqa: S608
        f"cast(date_trunc('month', {quote(ITEM_TABLES[kind].dated_by)}) as date) from {quote(rows)}",
        {"kind": kind},
    )
