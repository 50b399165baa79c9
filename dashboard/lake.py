"""A published lake (`dexstat refresh --lake DIR`) as the dashboard's `warehouse` catalog.

The dashboard's SQL runs unchanged on it: every table of the lake gets the name it has in the warehouse.
The small ones (marts, reference tables, the refresh history) are copied into memory when the lake is
opened; the row-level ones are views over their Parquet files, read as queried.

The lake's format is a published contract (its `_manifest.json`), read here without importing etl.
"""

import json
import re
from pathlib import Path
from typing import Any

import duckdb

FORMAT = "dexstat-lake/2"  # the format etl/lake.py writes (a test holds the two together)
MANIFEST = "_manifest.json"
# Read from Parquet as queried: rows per deal, listing or rejected record, too many to hold per server.
ROW_LEVEL = ("transactions", "listings", "rejects")
# The manifest is a file: every name and type it gives is checked before it goes into SQL.
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_TYPE = re.compile(r"[A-Z]+(\(\d+(,\s?\d+)?\))?")


class NotALake(Exception):
    """The folder holds no complete lake of the format this dashboard reads."""


def is_lake(path: Path) -> bool:
    """Whether `path` is a folder to be read as a lake (not a warehouse file)."""
    return path.is_dir()


def attach_lake(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Create the `warehouse` catalog on `con` from the lake in `folder` (one published version)."""
    tables = _tables(folder)
    con.execute("attach ':memory:' as warehouse")
    con.execute("use warehouse")
    for name, (columns, hive) in tables.items():
        if not any((folder / name).rglob("*.parquet")):  # an empty table: a partitioned copy writes no file
            typed = ", ".join(f"{quote(column)} {kind}" for column, kind in columns)
            con.execute(f"create table {quote(name)} ({typed})")
            continue
        kept = ", ".join(quote(column) for column, _kind in columns)  # not the folder keys
        files = _literal(str(folder / name / ("**/*.parquet" if hive else "*.parquet")))
        source = f"select {kept} from read_parquet({files}, hive_partitioning = {str(hive).lower()})"  # noqa: S608
        kind = "view" if name in ROW_LEVEL else "table"
        con.execute(f"create {kind} {quote(name)} as {source}")


def _tables(folder: Path) -> dict[str, tuple[list[tuple[str, str]], bool]]:
    """Each table of the lake's manifest: its columns with their types, and whether it is partitioned."""
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise NotALake(f"{folder} has no readable {MANIFEST}") from None
    if manifest.get("format") != FORMAT:
        raise NotALake(f"{folder} is a lake of format {manifest.get('format')!r}, not {FORMAT!r}")
    tables = {}
    try:
        for name, table in manifest["tables"].items():
            columns = [(str(column), str(kind)) for column, kind in table["columns"]]
            tables[name] = (columns, bool(table["partitioned_by"]))
    except (KeyError, TypeError, ValueError, AttributeError):
        raise NotALake(f"{folder}/{MANIFEST} does not list every table with its columns") from None
    names = [*tables, *(column for columns, _ in tables.values() for column, _ in columns)]
    kinds = [kind for columns, _ in tables.values() for _, kind in columns]
    if not all(_NAME.fullmatch(n) for n in names) or not all(_TYPE.fullmatch(k) for k in kinds):
        raise NotALake(f"{folder}/{MANIFEST} gives a name or a type this dashboard does not read")
    return tables


def quote(name: str) -> str:
    """A table or column name, already checked against _NAME."""
    return f'"{name}"'


def _literal(path: str) -> str:
    """The lake's own path as a SQL string literal: a view's definition takes no bound parameters."""
    return "'" + path.replace("'", "''") + "'"
