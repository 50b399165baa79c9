"""Benchmark inputs, generated once per row count and cached: the mixed sample, UTF-8 and GBK exports.

The plain exports are what one exchange sends: one CSV in its sub-folder, English headers (UTF-8) or
Chinese headers (GBK, CRLF), Chinese values, ISO dates and amounts in yuan. DuckDB writes the rows with
`COPY` from `range(N)`; every "random" choice is a hash of the row number, so the files are the same on
every machine with the same DuckDB version, and 10M rows take seconds.
"""

import csv
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.paths import REFERENCE_DIR

# Bump when the generated files change: cached inputs of another version are rebuilt.
GENERATOR_VERSION = "3"
UTF8_EXCHANGE = "SZDEX"
GBK_EXCHANGE = "GBDEX"
DATA_FILE = "trades.csv"
DELTA_FILE = "delta.csv"
UTF8_HEADERS = (
    "Transaction ID",
    "Trade date",
    "Province",
    "Category",
    "Supplier type",
    "Amount (CNY)",
    "Product",
    "Listing ID",
)
GBK_HEADERS = (
    "交易编号",
    "成交日期",
    "省份",
    "数据类别",
    "供方类型",
    "成交金额（元）",
    "数据产品",
    "产品编号",
)
# The baseline's explicit types for the same columns: what DuckDB's own typed reader produces.
BASELINE_TYPES = {
    "txn_id": "VARCHAR",
    "txn_date": "DATE",
    "province": "VARCHAR",
    "category": "VARCHAR",
    "supplier_type": "VARCHAR",
    "amount": "DECIMAL(18,2)",
    "product": "VARCHAR",
    "listing_id": "VARCHAR",
}
PRODUCT_KINDS = ("数据集", "查询接口", "分析报告", "标签库", "核验服务")
# Government suppliers first: the skew below makes the first entries the commonest.
SUPPLIER_SPELLINGS = ("国有企业", "政府部门", "事业单位", "民营企业", "国企", "民企", "外资企业", "个人")

_ROWS_SQL = """
select
    'TX' || lpad(cast($first + i + 1 as varchar), 10, '0') as "{0}",
    {date} as "{1}",
    $provinces[1 + cast(floor(len($provinces) * pow(u(i, 1), 2)) as integer)] as "{2}",
    $categories[1 + cast(floor(len($categories) * pow(u(i, 2), 1.5)) as integer)] as "{3}",
    $suppliers[1 + cast(floor(len($suppliers) * pow(u(i, 3), 2)) as integer)] as "{4}",
    cast(round(exp(ln(1000) + ln(10000) * pow(u(i, 4), 1.6)), -2) + {bump} as decimal(18, 2)) as "{5}",
    $shorts[1 + cast(floor(len($shorts) * pow(u(i, 1), 2)) as integer)]
        || $categories[1 + cast(floor(len($categories) * pow(u(i, 2), 1.5)) as integer)]
        || $kinds[1 + cast(floor(len($kinds) * u(i, 5)) as integer)] as "{6}",
    'L' || lpad(cast(hash(i, 6) % 800 as varchar), 5, '0') as "{7}"
from range($rows) as r(i)
"""
# Volume grows over time: the date is monotonic in the row number, denser towards 2025.
_SPREAD_DATE = "cast(date '2019-01-01' + cast(floor(2557 * sqrt((i + 0.5) / $rows)) as integer) as date)"
_DELTA_DATE = "cast(date '2025-12-01' + cast(i % 31 as integer) as date)"


@dataclass(frozen=True)
class Inputs:
    """Where the inputs for one row count are: each a source folder `dexstat refresh` reads."""

    rows: int
    root: Path

    @property
    def utf8(self) -> Path:
        return self.root / "utf8"

    @property
    def utf8_csv(self) -> Path:
        return self.utf8 / "transactions" / UTF8_EXCHANGE / DATA_FILE

    @property
    def gbk(self) -> Path:
        return self.root / "gbk"

    @property
    def gbk_csv(self) -> Path:
        return self.gbk / "transactions" / GBK_EXCHANGE / DATA_FILE

    @property
    def sample(self) -> Path:
        return self.root / "sample"

    @property
    def added(self) -> Path:
        """The UTF-8 folder plus a new file with 1% more rows."""
        return self.root / "incremental-added"

    @property
    def changed(self) -> Path:
        """The same, with the 1% file changed (every tenth amount differs)."""
        return self.root / "incremental-changed"

    def sizes(self) -> dict[str, int]:
        """Bytes on disk of each input."""
        sizes = {"utf8": self.utf8_csv.stat().st_size, "gbk": self.gbk_csv.stat().st_size}
        if self.sample.exists():
            sizes["sample"] = sum(path.stat().st_size for path in self.sample.rglob("*") if path.is_file())
        return sizes


def ensure_inputs(rows: int, work: Path, with_sample: bool = True) -> Inputs:
    """The inputs for `rows` transactions under `work`/inputs, generated unless already cached.

    The mixed sample is generated only `with_sample` (`dexstat sample` holds it all in memory: about
    0.6 GB per million rows).
    """
    inputs = Inputs(rows, work / "inputs" / str(rows))
    plain, sample = inputs.root / ".complete", inputs.root / ".sample-complete"
    if not _current(plain):
        shutil.rmtree(inputs.root, ignore_errors=True)
        inputs.root.mkdir(parents=True)
        write_plain_csv(inputs.utf8_csv, rows)
        transcode_to_gbk(inputs.utf8_csv, inputs.gbk_csv)
        _write_incremental(inputs)
        plain.write_text(GENERATOR_VERSION, encoding="utf-8")
    if with_sample and not _current(sample):
        _write_sample(inputs.sample, rows)
        sample.write_text(GENERATOR_VERSION, encoding="utf-8")
    return inputs


def _current(marker: Path) -> bool:
    return marker.exists() and marker.read_text(encoding="utf-8") == GENERATOR_VERSION


def write_plain_csv(
    path: Path, rows: int, first: int = 0, date_sql: str = _SPREAD_DATE, bump: int = 0
) -> None:
    """`rows` transactions numbered from `first`, as one UTF-8 CSV with English headers."""
    path.parent.mkdir(parents=True, exist_ok=True)
    query = _ROWS_SQL.format(*UTF8_HEADERS, date=date_sql.replace("$rows", str(rows)), bump=bump)
    with duckdb.connect() as con:
        # A stable pseudo-random number in [0, 1) per (row, purpose): parallel and reproducible.
        con.execute("create macro u(i, k) as (hash(i, k) % 1000003) / 1000003.0")
        con.execute(
            f"copy ({query}) to '{_literal(path)}' (header, delimiter ',')",
            {"rows": rows, "first": first, **_vocabulary()},
        )


def transcode_to_gbk(source: Path, target: Path) -> None:
    """The same rows in GBK with Chinese headers and CRLF line ends, streamed a chunk at a time."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        source.open(encoding="utf-8", newline="") as reader,
        target.open("w", encoding="gbk", newline="\r\n") as writer,
    ):
        reader.readline()
        writer.write(",".join(GBK_HEADERS) + "\n")
        while chunk := reader.read(1 << 22):
            writer.write(chunk)


def _write_incremental(inputs: Inputs) -> None:
    delta_rows = max(inputs.rows // 100, 1)
    for folder, bump in ((inputs.added, 0), (inputs.changed, 1)):
        exchange_dir = folder / "transactions" / UTF8_EXCHANGE
        exchange_dir.mkdir(parents=True)
        # A hard link: same bytes and mtime, so the big file is unchanged in the warehouse's eyes.
        os.link(inputs.utf8_csv, exchange_dir / DATA_FILE)
        write_plain_csv(exchange_dir / DELTA_FILE, delta_rows, inputs.rows, _DELTA_DATE, bump)
    changed = inputs.changed / "transactions" / UTF8_EXCHANGE / DELTA_FILE
    added = inputs.added / "transactions" / UTF8_EXCHANGE / DELTA_FILE
    # The changed file must be the newer one, as when an exchange re-sends a corrected export.
    stamp = added.stat().st_mtime + 60
    os.utime(changed, (stamp, stamp))


def _write_sample(folder: Path, rows: int) -> None:
    dexstat = Path(sys.executable).with_name("dexstat")
    command = [str(dexstat)] if dexstat.exists() else [sys.executable, "-m", "etl"]
    subprocess.run(
        [*command, "sample", "--rows", str(rows), "--out", str(folder)], check=True, stdout=subprocess.DEVNULL
    )


def _vocabulary() -> dict[str, list[str]]:
    provinces = _reference("provinces.csv")
    categories = _reference("categories.csv")
    return {
        "provinces": [row["name_zh"] for row in provinces],
        "shorts": [row["aliases"].split("|")[0] for row in provinces],
        "categories": [row["name_zh"] for row in categories],
        "suppliers": list(SUPPLIER_SPELLINGS),
        "kinds": list(PRODUCT_KINDS),
    }


def _reference(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _literal(path: Path) -> str:
    """A path as a SQL string literal (COPY ... TO takes no parameter); the path is ours, not data."""
    return str(path).replace("'", "''")
