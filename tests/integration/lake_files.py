"""Helpers for the lake tests: queries over a lake's Parquet, its partition folders, a deal to add."""

from pathlib import Path

import duckdb
from folders import write_csv


def parquet(lake: Path, sql: str) -> list[tuple[object, ...]]:
    """Rows of a query over the lake, `{t}` standing for the transactions' Parquet files."""
    glob = str(lake / "transactions" / "**" / "*.parquet")
    with duckdb.connect() as con:
        return con.execute(sql.format(t=f"read_parquet('{glob}', hive_partitioning = true)")).fetchall()


def folders(root: Path) -> set[str]:
    """The partition folders holding Parquet files, relative to `root`."""
    return {path.parent.relative_to(root).as_posix() for path in root.rglob("*.parquet")}


def add_transaction(source: Path, txn_id: str, day: str, amount: str) -> None:
    write_csv(
        source / "transactions" / "SDE" / f"{txn_id}.csv",
        ["Transaction ID", "Trade date", "Province", "Category", "Amount (CNY)"],
        [[txn_id, day, "上海", "金融", amount]],
    )


def files_by_partition(lake: Path) -> dict[str, int]:
    """Each transactions partition folder of the lake's current version -> the inode of its one file."""
    files = list((lake.resolve() / "transactions").rglob("*.parquet"))
    partitions = {path.parent.relative_to(lake.resolve() / "transactions").as_posix(): path for path in files}
    assert len(partitions) == len(files)  # one file per partition
    return {partition: path.stat().st_ino for partition, path in partitions.items()}
