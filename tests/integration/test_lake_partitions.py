"""`dexstat refresh --lake` after an incremental refresh: only the partitions that changed are written."""

from folders import query
from lake_files import add_transaction, files_by_partition, parquet

from etl.lake import publish_lake


def test_a_new_lake_links_the_partitions_whose_rows_did_not_change(source, db, run_refresh, lake):
    run_refresh(source, db)
    publish_lake(db, lake)
    first = files_by_partition(lake)
    add_transaction(source, "S-9", "2024-01-20", "100.10")  # one more deal in SDE's 2024
    run_refresh(source, db)
    publish_lake(db, lake)
    second = files_by_partition(lake)
    assert second.keys() == first.keys()
    changed = {partition for partition in first if first[partition] != second[partition]}
    assert changed == {"year=2024/exchange=SDE"}  # the other two are the previous lake's files, linked
    assert (
        parquet(lake, "select count(*) from {t}") == query(db, "select count(*) from transactions") == [(6,)]
    )


def test_a_partition_gone_from_the_warehouse_is_gone_from_the_lake(source, db, run_refresh, lake):
    run_refresh(source, db)
    publish_lake(db, lake)
    (source / "transactions" / "GBDEX" / "2023.csv").unlink()
    run_refresh(source, db)
    publish_lake(db, lake)
    assert set(files_by_partition(lake)) == {"year=2024/exchange=SDE", "year=2024/exchange=SZDEX"}
    assert parquet(lake, "select count(*) from {t}") == [(2,)]


def test_a_damaged_partition_of_the_previous_lake_is_written_again(source, db, run_refresh, lake):
    run_refresh(source, db)
    publish_lake(db, lake)
    for damaged in (lake.resolve() / "transactions" / "year=2023").rglob("*.parquet"):
        damaged.unlink()  # the manifest still says the partition holds the warehouse's rows
    add_transaction(source, "S-9", "2025-02-01", "100.10")
    run_refresh(source, db)
    assert publish_lake(db, lake).written
    assert "year=2023/exchange=GBDEX" in files_by_partition(lake)
    totals = "select count(*), sum(value_cny) from {}"
    assert parquet(lake, totals.format("{t}")) == query(db, totals.format("transactions"))
