"""The marts' SQL runs on Apache Spark (local mode) over the lake and gives the DuckDB warehouse's rows.

No dialect switch: a mart file is a SELECT (CTEs, `group by all`, `date_trunc`, `nulls first`) that
DuckDB (etl/marts.py) and Spark both run as written.
"""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from folders import TODAY, query, write_csv

from etl.lake import TABLES, publish_lake
from etl.marts import MARTS
from etl.pipeline import refresh
from etl.sql import sql

pytestmark = [
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java 17, and java is not on PATH"),
    # PySpark 4.3 warns that it does not fully support pandas 3; these tests use no pandas conversion.
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.slow,
    pytest.mark.xdist_group("spark"),  # one worker, one JVM (make test runs pytest with --dist loadgroup)
]
EXCHANGES = ("GBDEX", "SDE", "SZDEX")
PROVINCES = ("贵州", "上海", "广东", "")  # blank: the exchange's own province
CATEGORIES = ("金融", "交通", "医疗", "气象服务")
SUPPLIERS = ("政府部门", "国企", "民营企业", "")


def write_source(root: Path) -> Path:
    """Three exchanges over three years, amounts with cents, one row replaced, listings with blank dates."""
    header = ["Transaction ID", "Trade date", "Province", "Category", "Supplier type", "Amount (CNY)"]
    for e, exchange in enumerate(EXCHANGES):
        rows = [
            [
                f"{exchange}-{i}",
                f"{2022 + i % 3}-{1 + (i * 5 + e) % 12:02d}-{1 + i % 27:02d}",
                PROVINCES[(i + e) % 4],
                CATEGORIES[i % 4],
                SUPPLIERS[(i * 3 + e) % 4],
                f"{(i * 7919 + e * 104729) % 1_000_000 / 100:.2f}",
            ]
            for i in range(40)
        ]
        write_csv(root / "transactions" / exchange / "all.csv", header, rows)
    write_csv(
        root / "transactions" / "GBDEX" / "zz-correction.csv",
        header,
        [["GBDEX-3", "2023-04-04", "", "金融", "国企", "0.01"]],
    )
    listings = [
        [
            f"L-{i}",
            f"产品{i}",
            CATEGORIES[i % 4],
            SUPPLIERS[i % 4],
            "" if i % 5 == 0 else f"2023-{1 + i % 12:02d}-15",
        ]
        for i in range(25)
    ]
    write_csv(
        root / "listings" / "SDE" / "products.csv",
        ["挂牌编号", "产品名称", "数据类别", "供方类型", "上架日期"],
        listings,
    )
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(warehouse, lake) built from the small source folder."""
    root = tmp_path_factory.mktemp("lake-for-spark")
    db, lake = root / "warehouse.duckdb", root / "lake"
    refresh(write_source(root / "source"), db, today=TODAY)
    publish_lake(db, lake)
    return db, lake


@pytest.fixture(scope="module")
def spark(built: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One local Spark on the loopback interface, with every lake table registered as a view of its name."""
    from pyspark.sql import SparkSession

    scratch = tmp_path_factory.mktemp("spark")
    settings = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.driver.memory": "512m",
        "spark.sql.shuffle.partitions": "1",
        "spark.default.parallelism": "1",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.sql.warehouse.dir": str(scratch / "warehouse"),
        "spark.local.dir": str(scratch / "local"),
        # A short-lived JVM on small data: the quick compiler and no whole-stage codegen start sooner.
        "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC "
        + f"-Djava.io.tmpdir={scratch}",
        "spark.sql.codegen.wholeStage": "false",
        "spark.sql.adaptive.enabled": "false",
        "spark.sql.session.timeZone": "UTC",
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        builder = SparkSession.builder.master("local[1]").appName("dexstat-marts")
        for key, value in settings.items():
            builder = builder.config(key, value)
        session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    for name in TABLES:
        session.read.parquet(str(built[1] / name)).createOrReplaceTempView(name)
    yield session
    session.stop()


def by_value(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """Rows in an order both engines agree on, whatever order they came in."""
    return sorted(rows, key=repr)


@pytest.mark.parametrize("mart", MARTS)
def test_a_mart_computed_by_spark_over_the_lake_equals_the_warehouses(mart, spark, built):
    result = spark.sql(sql(f"marts/{mart}"))
    in_spark = [tuple(row) for row in result.collect()]
    in_duckdb = query(built[0], f"select * from mart_{mart}")
    assert result.columns == [
        column for (column,) in query(built[0], f"select name from pragma_table_info('mart_{mart}')")
    ]
    assert len(in_spark) > 10
    assert by_value(in_spark) == by_value(in_duckdb)


def test_the_decimal_amounts_survive_spark_to_the_cent(spark, built):
    in_spark = spark.sql("select cast(sum(value_cny) as string), count(*) from transactions").collect()[0]
    in_duckdb = query(built[0], "select sum(value_cny)::varchar, count(*) from transactions")[0]
    assert (in_spark[0], in_spark[1]) == in_duckdb
    assert in_duckdb[1] == 120  # GBDEX-3 was replaced by the correction, not added


def test_spark_reads_the_partition_folders_as_year_and_exchange(spark, built):
    totals = (
        "select {year}, {exchange}, count(*), sum(value_cny) from transactions group by 1, 2 order by 1, 2"
    )
    in_spark = [tuple(row) for row in spark.sql(totals.format(year="year", exchange="exchange")).collect()]
    in_duckdb = query(built[0], totals.format(year="year(txn_date)", exchange="exchange_id"))
    assert in_spark == in_duckdb
    assert len(in_spark) == 9  # three years by three exchanges
