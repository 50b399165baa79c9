"""A small hand-made warehouse with known totals, built with the ETL's own schema and mart SQL.

Totals the tests rely on (current transactions only; a superseded row must never count):
- 11 deals worth 6,250,000 CNY: government 5,050,000, private 1,000,000, unknown 200,000.
- 2023: 7 deals, 3,100,000 CNY; 2024: 4 deals, 3,150,000 CNY.
- Provinces: 31 Shanghai 2,150,000 (4 deals, 3 listings), 44 Guangdong 2,050,000 (5 deals, 2 listings),
  11 Beijing 2,000,000 (1, 1), 52 Guizhou 50,000 (1, 1); every other province has no data.
- Exchanges: SDE 2,300,000 (5), SZDEX 1,100,000 (3), BJIDEX 2,000,000 (1), GZDE 800,000 (1), GBDEX 50,000 (1).
- Trade value per 100 million CNY of GDP: Shanghai 25, Guangdong 10 (2024 has no GDP), Beijing 40,
  Guizhou none (no GDP at all).
- 7 listings, one without a date.
"""

import csv
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb

from etl.marts import MARTS  # every mart a refresh builds, in the order it builds them
from etl.sql import quote, sql
from etl.warehouse import create_schema

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"
AS_OF = date(2024, 3, 5)

# exchange, txn_id, date, province, category, supplier_type, source, value_cny, superseded
TRANSACTIONS = [
    ("SDE", "T01", "2023-01-10", "31", "finance", "state_owned_enterprise", "government", "1000000", False),
    ("SDE", "T02", "2023-01-20", "31", "healthcare", "private_enterprise", "private", "250000", False),
    ("SDE", "T03", "2023-02-05", "31", "finance", "government_agency", "government", "500000", False),
    ("SZDEX", "T04", "2023-02-15", "44", "transport", "private_enterprise", "private", "300000", False),
    ("SZDEX", "T05", "2023-03-01", "44", "finance", "unknown", "unknown", "200000", False),
    ("GZDE", "T06", "2023-03-15", "44", "energy", "public_institution", "government", "800000", False),
    ("GBDEX", "T07", "2023-06-30", "52", "unclassified", "individual", "private", "50000", False),
    (
        "BJIDEX",
        "T08",
        "2024-01-10",
        "11",
        "finance",
        "state_owned_enterprise",
        "government",
        "2000000",
        False,
    ),
    ("SDE", "T09", "2024-02-10", "31", "transport", "foreign_enterprise", "private", "400000", False),
    ("SZDEX", "T10", "2024-03-05", "44", "finance", "state_owned_enterprise", "government", "600000", False),
    ("SDE", "T11", "2024-03-05", "44", "healthcare", "public_institution", "government", "150000", False),
    ("SDE", "T01", "2023-01-10", "31", "finance", "state_owned_enterprise", "government", "9999999", True),
]

# exchange, listing_id, title, province, category, supplier_type, source, listed_on
LISTINGS = [
    ("SDE", "L1", "企业征信", "31", "finance", "state_owned_enterprise", "government", "2022-12-01"),
    ("SDE", "L2", "=HYPERLINK(1)", "31", "healthcare", "private_enterprise", "private", "2023-01-05"),
    ("SZDEX", "L3", "<b>物流</b>", "44", "transport", "private_enterprise", "private", "2023-02-01"),
    ("GZDE", "L4", "电力", "44", "energy", "public_institution", "government", "2023-03-01"),
    ("BJIDEX", "L5", "金融", "11", "finance", "state_owned_enterprise", "government", "2024-01-02"),
    ("SDE", "L6", "航运", "31", "transport", "foreign_enterprise", "private", None),
    ("GBDEX", "L7", "其他", "52", "unclassified", "individual", "private", "2023-06-01"),
]

T = 1_000_000_000_000
# indicator, province, year, value, unit, source, origin_rank (the source folder, rank 1, wins)
STATISTICS = [
    ("gdp", "CN", 2022, 121.02 * T, "CNY", "NBS 2022", 0),
    ("gdp", "CN", 2023, 126.06 * T, "CNY", "NBS 2023", 0),
    ("gdp", "CN", 2024, 134.91 * T, "CNY", "NBS 2024", 0),
    ("digital_economy", "CN", 2022, 50.2 * T, "CNY", "CAICT 2023", 0),
    ("digital_economy", "CN", 2023, 53.9 * T, "CNY", "CAICT 2024", 0),
    ("digital_economy_share_of_gdp", "CN", 2022, 41.5, "percent", "CAICT 2023", 0),
    ("digital_economy_share_of_gdp", "CN", 2023, 42.8, "percent", "CAICT 2024", 0),
    ("gdp", "31", 2023, 4.0 * T, "CNY", "NBS", 0),
    ("gdp", "31", 2024, 4.6 * T, "CNY", "NBS", 0),
    ("gdp", "44", 2023, 12.0 * T, "CNY", "NBS (superseded)", 0),
    ("gdp", "44", 2023, 13.0 * T, "CNY", "NBS export", 1),
    ("gdp", "11", 2024, 5.0 * T, "CNY", "NBS", 0),
]

REJECTS = [
    (2, "transactions/a.csv", None, 5, "missing_amount", "the amount is missing", '{"交易编号": "X1"}'),
    (2, "transactions/a.csv", None, 9, "missing_amount", "the amount is missing", '{"交易编号": "X2"}'),
    (
        2,
        "transactions/b.xlsx",
        "Sheet1",
        3,
        "unknown_province",
        "unknown province '火星'",
        '{"省份": "火星"}',
    ),
]

UNMAPPED = [
    ("transactions/a.csv", "category", "神秘数据", 1),
    ("transactions/a.csv", "supplier_type", "合作社", 1),
]


def _reference(con: duckdb.DuckDBPyConnection) -> None:
    def rows(name: str) -> list[dict[str, str]]:
        with (REFERENCE / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    con.executemany(
        "insert into provinces values (?, ?, ?, ?, ?)",
        [
            [r["province_code"], r["name_zh"], r["name_en"], r["region"], r["aliases"]]
            for r in rows("provinces")
        ],
    )
    con.executemany(
        "insert into categories values (?, ?, ?, ?)",
        [[r["category_id"], r["name_zh"], r["name_en"], r["aliases"]] for r in rows("categories")],
    )
    supplier_types = [[*r.values()] for r in rows("supplier_types")]
    con.executemany(
        "insert into supplier_types values (?, ?, ?, ?, ?)",
        [*supplier_types, ["unknown", "unknown", "未知", "Unknown", ""]],
    )
    for r in rows("exchanges"):
        parts = [int(p) for p in r["founded_on"].split("-")] if r["founded_on"] else []
        founded = date(*[*parts, 1, 1][:3]) if parts else None
        precision = {1: "year", 2: "month", 3: "day"}.get(len(parts))
        con.execute(
            "insert into exchanges values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                *(r[c] for c in ("exchange_id", "name_zh", "name_en", "aliases", "city", "province_code")),
                founded,
                precision,
                r["ownership"] or None,
                r["source"],
            ],
        )
    con.executemany(
        "insert into published_figures values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[value or None for value in r.values()] for r in rows("published_figures")],
    )


def fill_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Fill each (empty) mart with its SELECT's rows for every month, as a first refresh does."""
    for name in MARTS:
        con.execute(f"insert into {quote('mart_' + name)} select * from ({sql(f'marts/{name}')})")


def build_fixture_warehouse(path: Path, *, is_sample: bool = True, empty: bool = False) -> Path:
    """Write the fixture warehouse to `path` (schema only when `empty`) and return the path."""
    con = duckdb.connect(str(path))
    try:
        create_schema(con)
        if empty:
            return path
        _reference(con)
        con.executemany(
            "insert into transaction_rows values (?, ?, ?, ?, ?, ?, ?, ?, null, 'product', null, null, "
            "'transactions/a.csv', ?, null, ?)",
            [[*row[:7], Decimal(row[7]), number, row[8]] for number, row in enumerate(TRANSACTIONS, 2)],
        )
        con.executemany(
            "insert into listing_rows values (?, ?, ?, ?, ?, ?, ?, ?, null, null, 'listings/l.csv', ?, "
            "null, false)",
            [[*row, number] for number, row in enumerate(LISTINGS, 2)],
        )
        con.executemany(
            "insert into statistic_rows values (?, ?, ?, ?, ?, ?, 'reference/x.csv', ?)",
            [list(row) for row in STATISTICS],
        )
        con.executemany("insert into rejects values (?, ?, ?, ?, ?, ?, ?)", [list(r) for r in REJECTS])
        con.executemany("insert into unmapped_values values (?, ?, ?, ?)", [list(r) for r in UNMAPPED])
        for run_id, finished in ((1, datetime(2024, 3, 1, 9, 0)), (2, datetime(2024, 3, 6, 9, 30))):
            con.execute(
                "insert into refresh_runs values "
                "(?, ?, ?, 'published', 'data/sample', ?, 3, 0, 0, 15, 12, 3, 1, ?, 'test')",
                [run_id, finished, finished, is_sample, AS_OF],
            )
        fill_marts(con)
    finally:
        con.close()
    return path


# A warehouse with rows on most days of two years, for comparing an answer read from a mart with one
# counted row by row: several rows a month in every exchange, some superseded, some listings undated.
SPREAD_EXCHANGES = ["SDE", "SZDEX", "GBDEX", "BJIDEX", "GZDE"]
SPREAD_PROVINCES = ["31", "44", "52", "11"]
SPREAD_CATEGORIES = ["finance", "transport", "healthcare", "energy"]
SPREAD_SUPPLIERS = [
    ["state_owned_enterprise", "government"],
    ["private_enterprise", "private"],
    ["unknown", "unknown"],
    ["public_institution", "government"],
    ["individual", "private"],
]
_SPREAD_TRANSACTIONS = """
insert into transaction_rows
select
    $exchanges[1 + i % 5], 'T' || i, date '2022-11-01' + cast((i * 7) % 797 as integer),
    $provinces[1 + i % 4], $categories[1 + (i // 3) % 4],
    $suppliers[1 + (i // 7) % 5][1], $suppliers[1 + (i // 7) % 5][2],
    cast((i * 7919) % 100000 as decimal(18, 2)) / 100 + 1000, null, 'product', null, null,
    'transactions/spread.csv', i, null, i % 13 = 0
from range($rows) as numbers(i)
"""
_SPREAD_LISTINGS = """
insert into listing_rows
select
    $exchanges[1 + i % 5], 'L' || i, 'title', $provinces[1 + (i // 2) % 4], $categories[1 + i % 4],
    $suppliers[1 + (i // 5) % 5][1], $suppliers[1 + (i // 5) % 5][2],
    case when i % 9 = 0 then null else date '2022-10-15' + cast((i * 11) % 797 as integer) end,
    null, null, 'listings/spread.csv', i, null, i % 11 = 0
from range($rows) as numbers(i)
"""


def build_spread_warehouse(path: Path, transactions: int = 3000, listings: int = 1500) -> Path:
    """Write the spread warehouse (reference tables, generated rows, marts, one refresh) to `path`."""
    con = duckdb.connect(str(path))
    try:
        create_schema(con)
        _reference(con)
        codes = {
            "exchanges": SPREAD_EXCHANGES,
            "provinces": SPREAD_PROVINCES,
            "categories": SPREAD_CATEGORIES,
            "suppliers": SPREAD_SUPPLIERS,
        }
        con.execute(_SPREAD_TRANSACTIONS, {**codes, "rows": transactions})
        con.execute(_SPREAD_LISTINGS, {**codes, "rows": listings})
        rows, finished = transactions + listings, datetime(2025, 1, 2)
        con.execute(
            "insert into refresh_runs values "
            "(1, ?, ?, 'published', 'data/sample', true, 2, 0, 0, ?, ?, 0, 0, ?, 'test')",
            [finished, finished, rows, rows, AS_OF],
        )
        fill_marts(con)
    finally:
        con.close()
    return path
