"""Keep the warehouse a mirror of the source folder: what to load, what to keep, what to forget."""

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from etl.inventory import Seen, SourceFile
from etl.sql import quote, sql

ITEM_TABLES = {
    "transactions": ("transaction_rows", "txn_id"),
    "listings": ("listing_rows", "listing_id"),
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
    """Remove every row a previous version of these files put in, remembering the keys touched."""
    con.execute("create or replace temp table affected_keys (kind varchar, key_hash ubigint)")
    if not files:
        return
    con.execute(
        "create or replace temp table forgotten as select unnest($files) as file",
        {"files": list(files)},
    )
    _remember_keys(con, files)
    for table, column in (
        *((table, "source_file") for table, _ in ITEM_TABLES.values()),
        ("statistic_rows", "source_file"),
        ("rejects", "file"),
        ("unmapped_values", "file"),
        ("source_files", "file"),
    ):
        con.execute(f"delete from {quote(table)} where {quote(column)} in (select file from forgotten)")  # noqa: S608


def supersede(con: duckdb.DuckDBPyConnection, loaded: Sequence[str]) -> dict[str, int]:
    """Settle which row is current for every key touched; returns rows replaced per loaded file."""
    touched_views(con, loaded)
    for kind in ITEM_TABLES:
        con.execute(sql(f"staging/supersede_{kind}"))
    rows = con.execute(sql("staging/replaced"), {"files": list(loaded)}).fetchall()
    return {file: int(count) for file, count in rows}


def touched_views(con: duckdb.DuckDBPyConnection, loaded: Sequence[str]) -> None:
    """touched_transaction_rows and touched_listing_rows: the rows whose key this refresh touched.

    Supersede and the unique checks read them. When every row of a table came from a file loaded in
    this refresh (a first load), each row's own key was touched, and the view is the whole table:
    testing 10M rows against a hash table of 10M touched keys cost 1 s in each of those statements, and
    the loaded files' keys are not even listed (0.3 s). Otherwise they join the forgotten files' keys in
    affected_keys, and the view keeps the rows holding any of them.
    """
    for kind, (table, _key) in ITEM_TABLES.items():
        older = con.execute(
            f"select 1 from {quote(table)} where source_file not in (select unnest($files)) limit 1",  # noqa: S608
            {"files": list(loaded)},
        ).fetchone()
        if older:
            _remember_keys(con, loaded, kinds=(kind,))
        view = _TOUCHED[table] if older else f"select * from {quote(table)}"  # noqa: S608
        con.execute(f"create or replace temp view {quote('touched_' + table)} as {view}")


def _remember_keys(
    con: duckdb.DuckDBPyConnection, files: Sequence[str], kinds: Sequence[str] = tuple(ITEM_TABLES)
) -> None:
    """Add the keys these files' rows hold to affected_keys, as the hashes supersede and checks compare."""
    for kind in kinds:
        table, key = ITEM_TABLES[kind]
        con.execute(
            f"insert into affected_keys select $kind, hash(exchange_id, {quote(key)}) "  # noqa: S608
            f"from {quote(table)} where source_file in (select unnest($files))",
            {"kind": kind, "files": list(files)},
        )
