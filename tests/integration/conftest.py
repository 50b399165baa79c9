"""Fixtures: a small source folder in the real formats, a warehouse path, a refresh with a fixed day,
and for the reader tests a file-backed connection and a work folder (modules may define their own)."""

from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from folders import TODAY, write_csv

from etl.pipeline import refresh
from etl.report import RefreshReport


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A folder with a GBK export in 万元 (exchange from its folder) and an English UTF-8 export."""
    root = tmp_path / "source"
    write_csv(
        root / "transactions" / "GBDEX" / "2023.csv",
        ["交易编号", "成交日期", "省份", "数据类别", "供方类型", "成交金额（万元）", "数据产品"],
        [
            ["G-001", "2023-03-05", "贵州省", "金融", "政府部门", "12.5", "企业征信查询"],
            ["G-002", "2023/3/6", "", "交通", "国企", "1,000", "货运轨迹"],
            ["G-003", "2023年3月7日", "广东", "气象服务", "民营企业", "0.3", "天气数据"],
        ],
        encoding="gbk",
    )
    write_csv(
        root / "transactions" / "mixed.csv",
        ["Transaction ID", "Trade date", "Exchange", "Province", "Category", "Supplier type", "Amount (CNY)"],
        [
            ["S-1", "20240105", "上数所", "Shanghai", "Healthcare", "individual", "¥2,500.00"],
            ["S-2", "2024-01-06", "SZDEX", "", "finance", "外资企业", "８８００"],
        ],
    )
    write_csv(
        root / "listings" / "SDE" / "products.csv",
        ["挂牌编号", "产品名称", "数据类别", "供方类型", "上架日期"],
        [
            ["L-1", "医保结算数据", "医疗", "事业单位", "2023-12-01"],
            ["L-2", "港口吞吐量", "物流", "国企", ""],
        ],
    )
    return root


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where the warehouse under test is published."""
    return tmp_path / "warehouse.duckdb"


@pytest.fixture
def lake(tmp_path: Path) -> Path:
    """Where `dexstat refresh --lake` under test publishes its lake (a link to its current version)."""
    return tmp_path / "lake"


@pytest.fixture
def run_refresh() -> Callable[..., RefreshReport]:
    """Refresh with the test's fixed day."""

    def run(source: Path, db: Path, **options: object) -> RefreshReport:
        return refresh(source, db, today=TODAY, **options)  # type: ignore[arg-type]

    return run


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB file of the test's own, for readers to leave their tables in."""
    connection = duckdb.connect(str(tmp_path / "reader.duckdb"))
    yield connection
    connection.close()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """Where a reader may write its transcoded copies (it must leave nothing behind)."""
    return tmp_path / "work"
