"""Source folders for the reliability tests: a small mixed-format export set and the change applied to it."""

import csv
import fcntl
import json
import os
import shutil
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

TODAY = date(2026, 1, 15)
TODAY_OPTION = ["--today", TODAY.isoformat()]
ENGLISH = ["Transaction ID", "Trade date", "Province", "Category", "Supplier type", "Amount (CNY)"]
CHINESE = ["交易编号", "成交日期", "省份", "数据类别", "供方类型", "成交金额（万元）"]


def write_csv(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], encoding: str = "utf-8"
) -> Path:
    """Write one CSV export the way exchanges do (any encoding, CRLF line ends)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    """Write a one-sheet workbook."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def deals(prefix: str, count: int, province: str = "上海", start: int = 0) -> list[list[object]]:
    """`count` valid deals with ids `{prefix}-{n}`, spread over 2023."""
    return [
        [
            f"{prefix}-{n}",
            f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}",
            province,
            "金融",
            "国企",
            str(1 + n % 997),
        ]
        for n in range(start, start + count)
    ]


def write_base_source(root: Path) -> Path:
    """Five exports in four formats and two encodings, one with rows the refresh must reject."""
    write_csv(root / "transactions" / "GBDEX" / "2023.csv", CHINESE, deals("G", 400, "贵州"), encoding="gbk")
    bad = [
        ["S-bad-1", "2023-02-30", "上海", "金融", "国企", "1"],
        ["S-bad-2", "2023-01-02", "火星", "", "", "1"],
    ]
    write_csv(root / "transactions" / "SDE" / "2023.csv", ENGLISH, deals("S", 400) + bad)
    write_xlsx(root / "transactions" / "SZDEX" / "2023.xlsx", ENGLISH, deals("Z", 200, "广东"))
    records = [dict(zip(ENGLISH, row, strict=True)) for row in deals("J", 200, "北京")]
    (root / "transactions" / "BJIDEX").mkdir(parents=True, exist_ok=True)
    (root / "transactions" / "BJIDEX" / "2023.json").write_text(json.dumps(records, ensure_ascii=False))
    columns = list(zip(*deals("P", 200, "浙江"), strict=True))
    table = pa.table(
        {name: pa.array(values, pa.string()) for name, values in zip(ENGLISH, columns, strict=True)}
    )
    (root / "transactions" / "HZBDE").mkdir(parents=True, exist_ok=True)
    pq.write_table(table, root / "transactions" / "HZBDE" / "2023.parquet")
    write_csv(
        root / "listings" / "SDE" / "products.csv",
        ["挂牌编号", "产品名称", "数据类别", "供方类型", "上架日期"],
        [
            ["L-1", "医保结算数据", "医疗", "事业单位", "2023-12-01"],
            ["L-2", "港口吞吐量", "物流", "国企", ""],
        ],
    )
    return root


def apply_change(root: Path, big_rows: int) -> None:
    """The refresh under test: one big new export, one changed export, one removed export."""
    bad = [["B-bad", "面议", "上海", "金融", "国企", "1"]]
    write_csv(root / "transactions" / "SDE" / "big.csv", ENGLISH, deals("B", big_rows) + bad)
    write_csv(root / "transactions" / "GBDEX" / "2023.csv", CHINESE, deals("G", 500, "贵州"), encoding="gbk")
    (root / "transactions" / "BJIDEX" / "2023.json").unlink()


def built_once(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """A folder `build` fills once per test run, shared by the xdist workers (tests only read it)."""
    base = factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = root / f"shared-{name}"
    with (root / f"shared-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".built").exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed build left
            folder.mkdir()
            build(folder)
            (folder / ".built").touch()
    return folder
