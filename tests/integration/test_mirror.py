"""The warehouse mirrors the source folder: unchanged files skipped, changed replaced, removed gone."""

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
from click.testing import CliRunner
from folders import TODAY, query, write_csv

import etl.inventory
from etl.cli import main

DATA_TABLES = (
    "transactions",
    "listings",
    "statistics",
    "rejects",
    "source_files",
    "unmapped_values",
    "mart_monthly_transactions",
    "mart_monthly_listings",
    "exchanges",
    "provinces",
    "published_figures",
)


def snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every data relation's rows in a stable order, run ids left out (they count refreshes)."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = {}
        for name in DATA_TABLES:
            columns = [c[0] for c in con.execute(f"describe {name}").fetchall() if c[0] != "run_id"]
            listed = ", ".join(f'"{c}"' for c in columns)
            tables[name] = con.execute(f"select {listed} from {name} order by all").fetchall()
        return tables


def test_refreshing_twice_gives_the_same_warehouse_and_reports_nothing_new(source, db, run_refresh):
    run_refresh(source, db)
    first = snapshot(db)
    report = run_refresh(source, db)
    assert not report.changed
    assert {f.status for f in report.files} == {"unchanged"}
    assert snapshot(db) == first
    assert query(db, "select run_id, files_read, files_skipped from refresh_runs order by 1") == [
        (1, 3, 0),
        (2, 0, 3),
    ]


def test_a_changed_file_replaces_its_rows(source, db, run_refresh):
    run_refresh(source, db)
    write_csv(
        source / "transactions" / "mixed.csv",
        ["Transaction ID", "Trade date", "Exchange", "Amount"],
        [["S-9", "2024-02-01", "SDE", "1"]],
    )
    report = run_refresh(source, db)
    assert [(f.file, f.status) for f in report.files if f.status != "unchanged"] == [
        ("transactions/mixed.csv", "loaded")
    ]
    assert query(db, "select txn_id from transactions where source_file = 'transactions/mixed.csv'") == [
        ("S-9",)
    ]
    assert query(db, "select count(*) from transactions") == [(4,)]


def test_a_removed_files_rows_and_rejects_disappear(source, db, run_refresh):
    write_csv(
        source / "transactions" / "SDE" / "bad.csv",
        ["Transaction ID", "Trade date", "Amount"],
        [["Z", "2023-01-01", "面议"]],
    )
    run_refresh(source, db)
    assert query(db, "select count(*) from rejects") == [(1,)]
    (source / "transactions" / "mixed.csv").unlink()
    (source / "transactions" / "SDE" / "bad.csv").unlink()
    report = run_refresh(source, db)
    assert sorted(f.file for f in report.files if f.status == "removed") == [
        "transactions/SDE/bad.csv",
        "transactions/mixed.csv",
    ]
    assert query(db, "select count(*) from transactions where source_file = 'transactions/mixed.csv'") == [
        (0,)
    ]
    assert query(db, "select count(*) from rejects") == [(0,)]
    assert query(db, "select count(*) from source_files") == [(2,)]


def _two_exports(source: Path) -> tuple[Path, Path]:
    header = ["Transaction ID", "Trade date", "Amount"]
    old = write_csv(
        source / "transactions" / "SDE" / "2023-01.csv",
        header,
        [["T-1", "2023-01-01", "100"], ["T-2", "2023-01-02", "200"]],
    )
    new = write_csv(
        source / "transactions" / "SDE" / "2023-01-corrected.csv", header, [["T-1", "2023-01-01", "150"]]
    )
    os.utime(old, (1_700_000_000, 1_700_000_000))
    os.utime(new, (1_700_000_100, 1_700_000_100))
    return old, new


def test_an_id_loaded_from_another_file_is_replaced_by_the_newer_files_row(tmp_path, db, run_refresh):
    source = tmp_path / "src"
    _two_exports(source)
    report = run_refresh(source, db)
    assert query(db, "select txn_id, value_cny from transactions order by 1") == [
        ("T-1", Decimal("150.00")),
        ("T-2", Decimal("200.00")),
    ]
    replaced = {f.file: f.rows_replaced for f in report.files}
    assert replaced == {"transactions/SDE/2023-01-corrected.csv": 1, "transactions/SDE/2023-01.csv": 0}
    files = {f.file: (f.rows_read, f.rows_loaded, f.rows_rejected) for f in report.files}
    assert files["transactions/SDE/2023-01.csv"] == (2, 2, 0)


def test_removing_the_newer_file_brings_back_the_older_row(tmp_path, db, run_refresh):
    source = tmp_path / "src"
    _old, new = _two_exports(source)
    run_refresh(source, db)
    new.unlink()
    run_refresh(source, db)
    assert query(db, "select txn_id, value_cny from transactions order by 1") == [
        ("T-1", Decimal("100.00")),
        ("T-2", Decimal("200.00")),
    ]


def test_a_changed_mapping_file_reloads_every_file(source, db, run_refresh):
    run_refresh(source, db)
    (source / "mapping.toml").write_text('[columns]\n"备注" = "product"\n', encoding="utf-8")
    report = run_refresh(source, db)
    assert {f.status for f in report.files} == {"loaded"}


def test_a_fresh_build_equals_an_incremental_one(source, tmp_path, db, run_refresh):
    run_refresh(source, db)
    write_csv(
        source / "transactions" / "SZDEX" / "more.csv",
        ["订单编号", "交易日期", "交易金额"],
        [["M-1", "2023-06-01", "9"]],
    )
    run_refresh(source, db)
    fresh = tmp_path / "fresh.duckdb"
    run_refresh(source, fresh)
    assert snapshot(db) == snapshot(fresh)


def _rewrite_keeping_size_and_mtime(path: Path, old: bytes, new: bytes) -> None:
    """New bytes of the same length, then the old modification time set back, as `touch -r` does."""
    before = path.stat()
    text = path.read_bytes()
    assert len(old) == len(new) and old in text
    path.write_bytes(text.replace(old, new))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_file_with_its_recorded_size_and_mtime_is_not_read_again(source, db, run_refresh, monkeypatch):
    run_refresh(source, db)
    hashed: list[str] = []
    real = etl.inventory.file_sha256
    monkeypatch.setattr(etl.inventory, "file_sha256", lambda path: hashed.append(path.name) or real(path))
    touched = source / "transactions" / "mixed.csv"
    os.utime(touched)  # a new mtime, the same bytes: read, hashed, and still unchanged
    report = run_refresh(source, db)
    assert hashed == ["mixed.csv"]
    assert {f.status for f in report.files} == {"unchanged"}


def test_rehash_finds_a_change_hidden_by_a_restored_mtime(source, db, run_refresh):
    run_refresh(source, db)
    mixed = source / "transactions" / "mixed.csv"
    _rewrite_keeping_size_and_mtime(mixed, b"S-1,", b"S-9,")
    assert {f.status for f in run_refresh(source, db).files} == {"unchanged"}
    args = ["refresh", "--rehash", "--quiet", "--source", str(source), "--db", str(db), "--today", str(TODAY)]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert query(db, "select files_read, files_skipped from refresh_runs order by run_id desc limit 1") == [
        (1, 2)
    ]
    assert ("S-9",) in query(db, "select txn_id from transactions")


MARTS = ("mart_monthly_transactions", "mart_monthly_exchange_transactions", "mart_monthly_listings")


def _marts(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {mart: con.execute(f"select * from {mart} order by all").fetchall() for mart in MARTS}


def test_marts_updated_month_by_month_equal_a_fresh_builds_after_every_kind_of_change(
    tmp_path, db, run_refresh
):
    # Each step moves rows between months; a refresh updates only the months it changed, so each
    # month a row leaves must lose it, and a month left empty must go.
    source = tmp_path / "src"
    header, listing_header = ["Transaction ID", "Trade date", "Amount"], ["挂牌编号", "产品名称", "上架日期"]
    old = write_csv(
        source / "transactions" / "SDE" / "old.csv",
        header,
        [["T-1", "2023-01-05", "100"], ["T-2", "2023-02-01", "200"]],
    )
    write_csv(
        source / "listings" / "SDE" / "products.csv",
        listing_header,
        [["L-1", "a", "2023-01-09"], ["L-2", "b", ""]],
    )
    os.utime(old, (1_700_000_000, 1_700_000_000))
    newer = source / "transactions" / "SDE" / "new.csv"
    steps = [
        lambda: os.utime(write_csv(newer, header, [["T-1", "2023-03-10", "150"]]), (1_700_000_100,) * 2),
        lambda: os.utime(
            write_csv(old, header, [["T-1", "2023-01-05", "100"], ["T-2", "2023-04-01", "200"]]),
            (1_700_000_050,) * 2,
        ),
        newer.unlink,
        lambda: write_csv(
            source / "listings" / "SDE" / "products.csv", listing_header, [["L-2", "b", "2023-05-02"]]
        ),
    ]
    run_refresh(source, db)
    months = [
        [month for (month,) in query(db, "select distinct month from mart_monthly_transactions order by 1")]
    ]
    for number, step in enumerate(steps):
        step()
        run_refresh(source, db)
        fresh = tmp_path / f"fresh-{number}.duckdb"
        run_refresh(source, fresh)
        assert _marts(db) == _marts(fresh)
        months.append(
            [
                month
                for (month,) in query(db, "select distinct month from mart_monthly_transactions order by 1")
            ]
        )
    assert [[m.month for m in step] for step in months] == [[1, 2], [2, 3], [3, 4], [1, 4], [1, 4]]
    assert query(db, "select month, listings from mart_monthly_listings") == [(date(2023, 5, 1), 1)]
