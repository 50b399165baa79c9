"""Read-only connections are locked down: no other file, no extension, no setting, no write gets through.

Both connections a reader uses are tried: `etl.warehouse.connect_read_only` (dexstat export, status)
and the dashboard's own `dashboard.warehouse.connect`. Every statement must raise, and afterwards no
file has appeared and the warehouse's bytes are unchanged.
"""

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from source_folders import built_once, write_base_source
from warehouse_state import refresh_in_process

from etl.warehouse import connect_read_only

Connect = Callable[[Path], duckdb.DuckDBPyConnection]


def _dashboard_connect(path: Path) -> duckdb.DuckDBPyConnection:
    warehouse = pytest.importorskip("dashboard.warehouse", reason="the dashboard has no warehouse module")
    return warehouse.connect(warehouse.identify(path))  # type: ignore[no-any-return]


CONNECTIONS: dict[str, Connect] = {"etl": connect_read_only, "dashboard": _dashboard_connect}

# {out} a file that must not appear, {folder} a folder that must stay empty, {other} another database.
FORBIDDEN = {
    "read_csv other file": "select count(*) from read_csv('/etc/passwd')",
    "read_text other file": "select content from read_text('/etc/passwd')",
    "read_blob other file": "select content from read_blob('/etc/hostname')",
    "glob": "select * from glob('/etc/*')",
    "read_parquet": "select * from read_parquet('{other}')",
    "copy query to": "copy (select 1) to '{out}'",
    "copy table to": "copy provinces to '{out}' (format csv)",
    "export database": "export database '{folder}'",
    "attach a file": "attach '{other}' as other",
    "attach a new file": "attach '{folder}/new.duckdb' as other",
    "install": "install httpfs",
    "force install": "force install spatial",
    "load an extension": "load httpfs",
    "load a file": "load '{folder}/evil.duckdb_extension'",
    "set enable_external_access": "set enable_external_access = true",
    "reset enable_external_access": "reset enable_external_access",
    "set memory_limit": "set memory_limit = '64GB'",
    "set threads": "set threads = 64",
    "set temp_directory": "set temp_directory = '{folder}'",
    "set profiling_output": "set profiling_output = '{out}'",
    "pragma enable_profiling": "pragma enable_profiling",
    "unlock configuration": "set lock_configuration = false",
    "allow unsigned extensions": "set allow_unsigned_extensions = true",
    "insert": "insert into provinces select * from provinces",
    "update": "update provinces set name_en = 'x'",
    "delete": "delete from transaction_rows",
    "create table": "create table injected (x integer)",
    "create view": "create view injected as select 1",
    "create macro": "create macro injected(x) as x",
    "create sequence": "create sequence injected",
    "alter table": "alter table provinces add column x integer",
    "drop table": "drop table provinces",
    "drop view": "drop view transactions",
    "truncate": "truncate transaction_rows",
}


def build_warehouses(root: Path) -> None:
    db = root / "warehouse" / "warehouse.duckdb"
    assert refresh_in_process(write_base_source(root / "source"), db).exit_code == 0
    with duckdb.connect(str(root / "other.duckdb")) as con:
        con.execute("create table secret as select 42 as answer")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real warehouse, and beside it another database a locked connection must not reach."""
    return built_once(tmp_path_factory, "locked", build_warehouses) / "warehouse" / "warehouse.duckdb"


@pytest.fixture
def places(tmp_path: Path, warehouse: Path) -> Iterator[dict[str, str]]:
    folder = tmp_path / "nothing-here"
    folder.mkdir()
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    yield {
        "out": str(folder / "out.csv"),
        "folder": str(folder),
        "other": str(warehouse.parents[1] / "other.duckdb"),
    }
    assert list(folder.iterdir()) == [], "a statement wrote a file"
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before, "the warehouse changed"


@pytest.mark.parametrize("connection", CONNECTIONS)
@pytest.mark.parametrize("statement", FORBIDDEN)
def test_a_read_only_connection_refuses(
    warehouse: Path, places: dict[str, str], connection: str, statement: str
) -> None:
    con = CONNECTIONS[connection](warehouse)
    try:
        with pytest.raises(duckdb.Error):
            con.execute(FORBIDDEN[statement].format(**places)).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("connection", CONNECTIONS)
def test_the_connection_still_reads_the_warehouse(warehouse: Path, connection: str) -> None:
    con = CONNECTIONS[connection](warehouse)
    try:
        assert con.execute("select count(*) from transactions").fetchone() == (1_400,)
        assert con.execute("select current_setting('enable_external_access')").fetchone() == (False,)
    finally:
        con.close()


@pytest.mark.parametrize("connection", CONNECTIONS)
def test_scratch_tables_stay_in_the_connections_memory(
    warehouse: Path, places: dict[str, str], connection: str
) -> None:
    # DuckDB has no switch against temporary tables: they are private to the connection, bounded by its
    # memory limit, and never reach a file (the `places` fixture checks the warehouse's bytes).
    con = CONNECTIONS[connection](warehouse)
    try:
        con.execute("create temp table scratch as select 1 as x")
    finally:
        con.close()
    con = CONNECTIONS[connection](warehouse)
    try:
        with pytest.raises(duckdb.CatalogException):
            con.execute("select * from scratch")
    finally:
        con.close()
