"""The dashboard served from a lake (`dexstat serve --lake`): the same answers as from the warehouse."""

import json
import os
import shutil
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner
from folders import write_csv
from lake_files import add_transaction

import dashboard.lake
import etl.lake

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # benchmarks/ is a folder, not installed
from benchmarks.dashboard_queries import cases, sql_text
from dashboard import export_queries, warehouse
from dashboard.filters import Filters
from etl.cli import main
from etl.lake import publish_lake


def with_rejects_and_unmapped(source: Path) -> Path:
    """The shared source folder plus rows the refresh rejects and text it does not recognise."""
    write_csv(
        source / "transactions" / "SDE" / "odd.csv",
        ["Transaction ID", "Trade date", "Province", "Category", "Supplier type", "Amount (CNY)"],
        [
            ["S-7", "2024-02-01", "上海", "量子数据", "外星企业", "100.00"],
            ["", "2024-02-02", "上海", "金融", "", "5.00"],
            ["S-8", "2024-02-03", "上海", "金融", "", "-5.00"],
        ],
    )
    return source


def answers(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Every dashboard query (each variant, as the benchmark runs them) and every export, in full."""
    found, skipped = cases()
    assert not skipped
    results = {}
    for case in found:
        cur = warehouse.cursor(con)
        try:
            if case.export:
                export = export_queries.export_name(case.name.removeprefix("export_"))
                frame = export_queries.export_reader(cur, export, Filters()).read_all().to_pandas()
            else:
                frame = cur.execute(sql_text(case.name), case.params).df()
        finally:
            cur.close()
        results[case.label] = frame
    return results


def test_every_dashboard_query_and_export_gives_the_warehouses_answer(source, db, run_refresh, lake):
    report = run_refresh(with_rejects_and_unmapped(source), db)
    assert report.total("rows_rejected") == 2 and report.unclassified
    publish_lake(db, lake)
    from_warehouse = answers(warehouse.connect(warehouse.identify(db)))
    from_lake = answers(warehouse.connect(warehouse.identify(lake)))
    assert from_lake.keys() == from_warehouse.keys()
    for label, frame in from_warehouse.items():
        pd.testing.assert_frame_equal(from_lake[label], frame, obj=label)
    # the answers compared are not empty: rejects, unmapped text, history and trade all reach the lake
    assert len(from_lake["rejects"]) == 2 and len(from_lake["unmapped"]) >= 2
    assert len(from_lake["refresh_history"]) == 1 and len(from_lake["export_transactions (rows)"]) == 6


def test_every_relation_has_the_warehouses_columns_and_types(source, db, run_refresh, lake):
    run_refresh(source, db)
    publish_lake(db, lake)
    shapes = {}
    for path in (db, lake):
        con = warehouse.connect(warehouse.identify(path))
        shapes[path] = {
            name: [(column, kind) for column, kind, *_ in con.execute(f"describe {name}").fetchall()]
            for name in etl.lake.TABLES
        }
    assert shapes[lake] == shapes[db]  # the folder keys (year, exchange) are not columns


def test_a_table_with_no_rows_is_served_with_its_columns(source, db, run_refresh, lake):
    shutil.rmtree(source / "listings")
    run_refresh(source, db)
    publish_lake(db, lake)
    assert not any((lake / "listings").rglob("*.parquet"))
    con = warehouse.connect(warehouse.identify(lake))
    listings = con.execute("select * from listings").df()
    assert listings.empty and list(listings.columns)[:3] == ["exchange_id", "listing_id", "title"]
    assert con.execute(sql_text("listing_count"), Filters().params()).fetchall() == [(0,)]


def test_the_lake_connection_reads_its_own_folder_and_nothing_else(source, db, run_refresh, lake, tmp_path):
    run_refresh(source, db)
    publish_lake(db, lake)
    outside = tmp_path / "outside.csv"
    outside.write_text("secret\n1\n", encoding="utf-8")
    con = warehouse.connect(warehouse.identify(lake))
    assert con.execute("select count(*) from transactions").fetchone() == (5,)
    with pytest.raises(duckdb.PermissionException):
        con.execute("select * from read_csv($path)", {"path": str(outside)})
    with pytest.raises(duckdb.Error):  # the configuration cannot be loosened again
        con.execute("set enable_external_access = true")


def test_a_new_lake_is_a_new_build_and_the_old_one_still_reads(source, db, run_refresh, lake):
    run_refresh(source, db)
    publish_lake(db, lake)
    first = warehouse.identify(lake)
    old = warehouse.connect(first)
    add_transaction(source, "S-9", "2025-02-01", "100.10")
    run_refresh(source, db)
    publish_lake(db, lake)
    second = warehouse.identify(lake)
    assert second != first and second.path == str(lake.resolve())
    assert old.execute("select count(*) from transactions").fetchone() == (5,)
    assert warehouse.connect(second).execute("select count(*) from transactions").fetchone() == (6,)


def test_a_lake_version_removed_by_later_publishes_is_replaced_not_broken(source, db, run_refresh, lake):
    run_refresh(source, db)
    publish_lake(db, lake)
    first = warehouse.identify(lake)
    for n in (1, 2):  # each publish keeps the lake before it: the second removes the first
        add_transaction(source, f"S-1{n}", "2025-02-01", "100.10")
        run_refresh(source, db)
        publish_lake(db, lake)
    assert not Path(first.path).exists()
    with pytest.raises(warehouse.Replaced):  # the dashboard then opens the lake published now
        warehouse.connect(first)


def rewrite_manifest(lake: Path, change) -> None:
    path = lake / "_manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda lake: shutil.rmtree(lake.resolve()), "missing"),
        (lambda lake: os.remove(lake / "_manifest.json"), "empty"),
        (lambda lake: rewrite_manifest(lake, lambda m: m.update(format="dexstat-lake/1")), "unreadable"),
        (
            lambda lake: rewrite_manifest(
                lake, lambda m: m["tables"]["provinces"]["columns"].append(['x" varchar); drop', "VARCHAR"])
            ),
            "unreadable",
        ),
        (
            lambda lake: rewrite_manifest(
                lake,
                lambda m: m["tables"]["provinces"]["columns"].append(["x", "VARCHAR); drop table y; --"]),
            ),
            "unreadable",
        ),
        (lambda lake: rewrite_manifest(lake, lambda m: m["tables"].pop("refresh_runs")), "empty"),
    ],
    ids=[
        "no folder",
        "no manifest",
        "older format",
        "hostile column name",
        "hostile type",
        "a table missing",
    ],
)
def test_an_unusable_lake_is_reported_by_kind(source, db, run_refresh, lake, damage, problem):
    run_refresh(source, db)
    publish_lake(db, lake)
    damage(lake)
    with pytest.raises(warehouse.Unavailable) as raised:
        warehouse.connect(warehouse.identify(lake))
    assert raised.value.problem == problem


def test_the_dashboard_reads_the_format_etl_writes():
    assert (dashboard.lake.FORMAT, dashboard.lake.MANIFEST) == (etl.lake.FORMAT, etl.lake.MANIFEST)
    assert set(dashboard.lake.ROW_LEVEL) <= set(etl.lake.TABLES)


def test_serving_a_folder_that_is_not_a_lake_is_a_plain_message(tmp_path):
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "none", tmp_path / "empty"):
        result = CliRunner().invoke(main, ["serve", "--lake", str(folder)])
        assert result.exit_code == 1
        assert f"There is no lake at {folder}" in " ".join(result.output.split())
        assert "Traceback" not in result.output
