"""One export saved as UTF-8, UTF-8 with BOM, GBK, GB18030 and UTF-16 gives one and the same warehouse.

Each version (a CSV and a JSON file with the same records, rejected rows included) is refreshed into
its own warehouse; every relation must be equal to the UTF-8 one, except what names the encoding:
the bytes' hash and size and the detected encoding in source_files, and the source folder of the run.
"""

import json
import os
from pathlib import Path

import pytest
from source_folders import built_once, write_csv
from warehouse_state import Snapshot, refresh_in_process, snapshot

from etl.warehouse import connect_read_only

HEADER = ["交易编号", "成交日期", "交易所", "省份", "数据类别", "供方类型", "成交金额（万元）", "数据产品"]
ROWS = [
    ["E-001", "2023-03-05", "贵数所", "贵州省", "金融", "政府部门", "12.5", "企业征信查询"],
    ["E-002", "2023/3/6", "深数所", "广东", "交通", "国企", "1,000", "货运轨迹（全国）"],
    ["E-003", "2023年3月7日", "上海数据交易所", "", "气象服务", "民营企业", "０.３", "天气数据·逐小时"],
    ["E-004", "2023-03-08", "北数所", "陕西", "医疗", "事业单位", "7", "医保结算——脱敏"],
    ["E-005", "2023-02-30", "贵数所", "贵州", "金融", "个人", "1", "坏日期"],
    ["E-006", "2023-03-09", "贵数所", "火星", "金融", "个人", "1", "未知省份"],
    ["E-007", "2023-03-10", "深数所", "广东", "", "合作社", "面议", "价格面议"],
]
# Python codec -> what dexstat detects (GBK is read as its superset GB18030).
ENCODINGS = {
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "utf-16": "utf-16",
}
ENCODING_SPECIFIC = {
    "refresh_runs": {"started_at", "finished_at", "source_dir"},
    "source_files": {"sha256", "size_bytes", "encoding"},
}


def write_versions(root: Path, codec: str) -> Path:
    folder = root / codec / "transactions"
    write_csv(folder / "export.csv", HEADER, ROWS, encoding=codec)
    records = [dict(zip(HEADER, [f"J{row[0]}", *row[1:]], strict=True)) for row in ROWS]
    (folder / "export.json").write_text(json.dumps(records, ensure_ascii=False), encoding=codec)
    for path in folder.iterdir():
        os.utime(path, (0, 1_700_000_000))
    return root / codec


def refresh_every_version(root: Path) -> None:
    for codec in ENCODINGS:
        db = root / "warehouses" / codec / "warehouse.duckdb"
        assert refresh_in_process(write_versions(root / "sources", codec), db).exit_code == 0


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One warehouse per encoding, built once per test run."""
    root = built_once(tmp_path_factory, "encodings", refresh_every_version)
    return {codec: root / "warehouses" / codec / "warehouse.duckdb" for codec in ENCODINGS}


def state(db: Path) -> Snapshot:
    return snapshot(db, ENCODING_SPECIFIC)


def test_the_versions_really_differ_in_their_bytes(tmp_path: Path) -> None:
    versions = {
        codec: (write_versions(tmp_path, codec) / "transactions" / "export.csv").read_bytes()
        for codec in ENCODINGS
    }
    distinct = {versions[codec] for codec in ("utf-8", "utf-8-sig", "gbk", "utf-16")}
    assert len(distinct) == 4  # GBK and GB18030 share their bytes for these (common) characters


def test_the_utf8_warehouse_holds_the_text_as_written(warehouses: dict[str, Path]) -> None:
    with connect_read_only(warehouses["utf-8"]) as con:
        found = con.execute(
            "select txn_id, exchange_id, province_code, value_cny::varchar, product from transactions "
            "where source_file = 'transactions/export.csv' order by 1"
        ).fetchall()
        reasons = con.execute("select reason_code from rejects order by file, row_number").fetchall()
    assert found == [
        ("E-001", "GBDEX", "52", "125000.00", "企业征信查询"),
        ("E-002", "SZDEX", "44", "10000000.00", "货运轨迹(全国)"),  # NFKC: full-width brackets
        ("E-003", "SDE", "31", "3000.00", "天气数据·逐小时"),
        ("E-004", "BJIDEX", "61", "70000.00", "医保结算——脱敏"),  # 陕西 is Shaanxi, not 山西
    ]
    assert [code for (code,) in reasons] == ["invalid_date", "unknown_province", "invalid_amount"] * 2


@pytest.mark.parametrize("codec", [codec for codec in ENCODINGS if codec != "utf-8"])
def test_each_encoding_gives_the_same_warehouse_as_utf8(warehouses: dict[str, Path], codec: str) -> None:
    baseline, other = state(warehouses["utf-8"]), state(warehouses[codec])
    differing = sorted(name for name in baseline if baseline[name] != other.get(name))
    assert differing == []


@pytest.mark.parametrize("codec", ENCODINGS)
def test_each_encoding_is_detected_and_recorded(warehouses: dict[str, Path], codec: str) -> None:
    with connect_read_only(warehouses[codec]) as con:
        found = con.execute("select file, encoding from source_files order by 1").fetchall()
    assert found == [("transactions/export.csv", ENCODINGS[codec]), ("transactions/export.json", None)]
