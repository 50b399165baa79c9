"""`dexstat refresh --lake`: the curated tables as Hive-partitioned Parquet, published all or nothing."""

import errno
import hashlib
import json
import os
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from folders import query, write_csv
from lake_files import add_transaction, folders, parquet

from etl.cli import main
from etl.lake import TABLES, LakeNotWritten, publish_lake
from etl.paths import SAMPLE_MARKER


def test_transactions_are_in_one_folder_per_year_and_exchange(source, db, run_refresh, lake):
    run_refresh(source, db)
    publish_lake(db, lake)
    expected = {"year=2023/exchange=GBDEX", "year=2024/exchange=SDE", "year=2024/exchange=SZDEX"}
    assert folders(lake / "transactions") == expected
    assert folders(lake / "listings") == {"exchange=SDE"}
    assert folders(lake / "provinces") == {"."}
    misplaced = "select count(*) from {t} where year <> year(txn_date) or exchange <> exchange_id"
    assert parquet(lake, misplaced) == [(0,)]


def test_every_table_holds_the_warehouses_rows(source, db, run_refresh, lake):
    run_refresh(source, db)
    outcome = publish_lake(db, lake)
    with duckdb.connect() as con:
        count = "select count(*) from read_parquet('{}')"
        in_lake = {
            name: con.execute(count.format(lake / name / "**" / "*.parquet")).fetchone()[0] for name in TABLES
        }
    in_warehouse = {name: query(db, f"select count(*) from {name}")[0][0] for name in TABLES}
    assert in_lake == in_warehouse == outcome.rows
    assert in_lake["transactions"] == 5 and in_lake["provinces"] == 31


def test_duckdb_over_the_lake_gives_the_warehouses_totals_to_the_cent(source, db, run_refresh, lake):
    run_refresh(source, db)
    publish_lake(db, lake)
    totals = "select {year}, {exchange}, count(*), sum(value_cny) from {table} group by all order by all"
    from_lake = parquet(lake, totals.format(year="year", exchange="exchange", table="{t}"))
    by_date = totals.format(year="year(txn_date)", exchange="exchange_id", table="transactions")
    from_warehouse = query(db, by_date)
    assert from_lake == from_warehouse
    assert str(from_lake[0][3]) == "10128000.00"  # 12.5 + 1,000 + 0.3 万元, exact decimals
    types = parquet(lake, "select typeof(value_cny), typeof(txn_date), typeof(year) from {t} limit 1")
    assert types == [("DECIMAL(18,2)", "DATE", "BIGINT")]


def test_the_lake_reads_the_warehouse_without_changing_it(source, db, run_refresh, lake):
    run_refresh(source, db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    publish_lake(db, lake)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_the_manifest_names_the_build_run_rows_and_partitions(source, db, run_refresh, lake):
    report = run_refresh(source, db)
    publish_lake(db, lake)
    manifest = json.loads((lake / "_manifest.json").read_text(encoding="utf-8"))
    assert manifest["warehouse"]["refresh_run_id"] == report.run_id
    assert manifest["warehouse"]["path"] == str(db)
    assert manifest["warehouse"]["as_of"] == "2024-01-06"
    assert manifest["synthetic"] is False
    transactions = manifest["tables"]["transactions"]
    columns = transactions.pop("columns")
    partitions = transactions.pop("partitions")
    assert sorted(partitions) == [
        "year=2023/exchange=GBDEX",
        "year=2024/exchange=SDE",
        "year=2024/exchange=SZDEX",
    ]
    assert transactions == {
        "rows": 5,
        "partitioned_by": ["year", "exchange"],
        "path": "transactions/",
        "files": 3,
    }
    assert columns[:3] == [["exchange_id", "VARCHAR"], ["txn_id", "VARCHAR"], ["txn_date", "DATE"]]
    assert ["value_cny", "DECIMAL(18,2)"] in columns and ["year", "BIGINT"] not in columns
    assert manifest["tables"]["refresh_runs"]["rows"] == 1
    assert manifest["tables"]["statistics"]["partitioned_by"] == []
    guide = (lake / "LAKE.md").read_text(encoding="utf-8")
    assert f"refresh run {report.run_id}" in guide and "SYNTHETIC" not in guide


def test_a_lake_of_sample_data_says_it_is_synthetic(source, db, run_refresh, lake):
    (source / SAMPLE_MARKER).write_text("synthetic", encoding="utf-8")
    run_refresh(source, db)
    publish_lake(db, lake)
    assert json.loads((lake / "_manifest.json").read_text(encoding="utf-8"))["synthetic"] is True
    assert "SYNTHETIC DATA" in (lake / "LAKE.md").read_text(encoding="utf-8")


def test_an_unchanged_warehouse_leaves_the_lake_and_new_data_replaces_it(source, db, run_refresh, lake):
    first_run = run_refresh(source, db).run_id
    assert publish_lake(db, lake).written
    first = os.readlink(lake)
    run_refresh(source, db)  # nothing changed: a new run, the same data
    again = publish_lake(db, lake)
    assert (again.written, again.run_id, os.readlink(lake)) == (False, first_run, first)
    history = "select max(run_id), count(*) from read_parquet('{}')".format(
        lake / "refresh_runs" / "*.parquet"
    )
    assert query(db, history)[0] == (first_run, 1)  # the lake's history ends with the run it was written from
    add_transaction(source, "S-9", "2025-02-01", "100.10")
    newer = run_refresh(source, db).run_id
    assert publish_lake(db, lake).written
    assert os.readlink(lake) != first
    assert json.loads((lake / "_manifest.json").read_text())["warehouse"]["refresh_run_id"] == newer
    assert "year=2025/exchange=SDE" in folders(lake / "transactions")


def test_a_lake_missing_a_table_is_written_again(source, db, run_refresh, lake):
    run_refresh(source, db)
    publish_lake(db, lake)
    for path in (lake / "listings").rglob("*.parquet"):
        path.unlink()
    (lake / "listings" / "exchange=SDE").rmdir()
    (lake / "listings").rmdir()
    assert publish_lake(db, lake).written
    assert folders(lake / "listings") == {"exchange=SDE"}


def test_only_the_current_and_the_previous_lake_are_kept(source, db, run_refresh, lake):
    versions = []
    for day in ("2025-01-01", "2025-01-02", "2025-01-03"):
        add_transaction(source, f"V-{day}", day, "1")
        run_refresh(source, db)
        publish_lake(db, lake)
        versions.append(os.readlink(lake))
    assert len(set(versions)) == 3  # each new day was a new lake
    beside = {path.name for path in lake.parent.iterdir() if path.name.startswith("lake.v")}
    assert beside == set(versions[1:])


def test_a_failure_mid_write_leaves_the_previous_lake(source, db, run_refresh, lake):
    run_refresh(source, db)
    publish_lake(db, lake)
    before = (os.readlink(lake), (lake / "_manifest.json").read_text())
    add_transaction(source, "S-9", "2025-02-01", "100.10")
    run_refresh(source, db)

    def disk_full_after_transactions(message: str, done: int, total: int) -> None:
        if message == "writing lake: listings":
            assert list(lake.parent.glob("lake.building-*/transactions/**/*.parquet"))  # really mid-write
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(lake))

    with pytest.raises(LakeNotWritten, match=r"No space left on device.*previous lake.*unchanged"):
        publish_lake(db, lake, progress=disk_full_after_transactions)
    assert (os.readlink(lake), (lake / "_manifest.json").read_text()) == before
    assert parquet(lake, "select count(*) from {t}") == [(5,)]
    assert not list(lake.parent.glob("lake.building-*"))


def test_build_folders_of_a_killed_writer_are_removed_next_time(source, db, run_refresh, lake):
    run_refresh(source, db)
    stray = lake.with_name(f"lake.building-{os.getpid() + 1}")
    (stray / "transactions").mkdir(parents=True)
    (stray / "transactions" / "data_0.parquet").write_bytes(b"half")
    os.symlink(stray.name, lake.with_name("lake.building-1.link"))
    publish_lake(db, lake)
    assert not [path for path in lake.parent.iterdir() if ".building-" in path.name]


def test_a_folder_holding_other_files_is_refused_and_left_alone(source, db, run_refresh, tmp_path):
    run_refresh(source, db)
    taken = tmp_path / "photos"
    (taken / "cat.jpg").parent.mkdir()
    (taken / "cat.jpg").write_bytes(b"meow")
    with pytest.raises(LakeNotWritten, match="not a dexstat lake"):
        publish_lake(db, taken)
    assert [path.name for path in taken.iterdir()] == ["cat.jpg"]


def test_an_empty_folder_becomes_the_lake(source, db, run_refresh, lake):
    run_refresh(source, db)
    lake.mkdir()
    publish_lake(db, lake)
    assert lake.is_symlink() and (lake / "_manifest.json").is_file()


def refresh_cli(source: Path, db: Path, lake: Path, *options: str):
    arguments = ["refresh", "--source", str(source), "--db", str(db), "--lake", str(lake), "--quiet"]
    return CliRunner().invoke(main, [*arguments, "--today", "2026-01-15", *options])


def test_the_cli_publishes_the_lake_after_the_warehouse(source, db, lake):
    result = refresh_cli(source, db, lake)
    assert result.exit_code == 0, result.output
    assert f"Lake {lake} wrote refresh run 1 (5 transactions, {len(TABLES)} tables)" in result.output
    again = refresh_cli(source, db, lake)
    assert again.exit_code == 0, again.output
    assert "is current: nothing changed since it was written from refresh run 1" in again.output


def test_a_refused_or_failed_refresh_leaves_the_lake_untouched(source, db, lake, tmp_path):
    assert refresh_cli(source, db, lake).exit_code == 0
    before = (os.readlink(lake), (lake / "_manifest.json").stat().st_mtime_ns)
    write_csv(
        source / "transactions" / "SDE" / "bad.csv",
        ["Transaction ID", "Trade date", "Amount"],
        [["B-1", "2023-01-01", "面议"]],
    )
    refused = refresh_cli(source, db, lake, "--strict")
    assert refused.exit_code == 1 and "--strict" in refused.output
    failed = refresh_cli(tmp_path / "no-such-folder", db, lake)
    assert failed.exit_code == 1
    assert (os.readlink(lake), (lake / "_manifest.json").stat().st_mtime_ns) == before
    nowhere = tmp_path / "never"
    assert refresh_cli(tmp_path / "no-such-folder", db, nowhere).exit_code == 1
    assert not nowhere.exists() and not nowhere.with_name("never.lock").exists()


def test_an_unwritable_lake_is_a_plain_error_after_the_warehouse_is_published(source, db, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = refresh_cli(source, db, blocker / "lake")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # fail(), not a traceback
    assert "Error: The warehouse was published, but the lake at" in result.output
    assert "could not be written" in result.output and "Traceback" not in result.output
    assert query(db, "select count(*) from transactions") == [(5,)]
