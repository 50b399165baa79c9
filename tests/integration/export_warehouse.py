"""A small real warehouse for `dexstat export` tests, and helpers to run the command and read its files."""

import csv
import hashlib
import io
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
from click.testing import CliRunner, Result

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for dashboard_fixtures
from dashboard_fixtures import fill_marts

from etl.cli import main
from etl.warehouse import create_schema

PRODUCTS = ["=1+1", "+1", "-1+1", "@SUM(1)", "\tcmd", "\rcmd", "企业征信查询"]
# exchange, txn_id, date, province, category, supplier_type, source, value_cny, product
TRANSACTIONS = [
    (
        "GBDEX",
        "G-1",
        date(2023, 3, 5),
        "52",
        "finance",
        "government_agency",
        "government",
        "-12.50",
        PRODUCTS[0],
    ),
    (
        "GBDEX",
        "G-2",
        date(2023, 3, 6),
        "52",
        "transport",
        "private_enterprise",
        "private",
        "1000",
        PRODUCTS[1],
    ),
    ("SDE", "S-1", date(2023, 7, 1), "31", "finance", "unknown", "unknown", "2500", PRODUCTS[2]),
    (
        "SDE",
        "S-2",
        date(2024, 1, 5),
        "31",
        "transport",
        "private_enterprise",
        "private",
        "-0.01",
        PRODUCTS[3],
    ),
    ("SDE", "S-3", date(2024, 1, 6), "31", "finance", "government_agency", "government", "8800", PRODUCTS[4]),
    ("SDE", "S-4", date(2024, 2, 1), "14", "finance", "private_enterprise", "private", "30", PRODUCTS[5]),
    (
        "GBDEX",
        "G-3",
        date(2024, 3, 1),
        "61",
        "transport",
        "government_agency",
        "government",
        "5",
        PRODUCTS[6],
    ),
]
# exchange, listing_id, title, province, category, supplier_type, source, listed_on
LISTINGS = [
    ("SDE", "L-1", '=HYPERLINK("http://x","y")', "31", "finance", "government_agency", "government", None),
    ("GBDEX", "L-2", "医保结算数据", "52", "transport", "private_enterprise", "private", date(2023, 12, 1)),
    ("GBDEX", "L-3", "@港口吞吐量", "52", "finance", "unknown", "unknown", date(2024, 2, 1)),
]
REJECTS = [
    (
        1,
        "transactions/GBDEX/2023.csv",
        None,
        5,
        "missing_amount",
        "the amount is missing",
        '{"金额": "=1+1"}',
    ),
    (1, "transactions/mixed.csv", None, 3, "unknown_province", "unknown province '火星'", '{"省份": "火星"}'),
    (1, "listings/SDE/products.xlsx", "Sheet1", 2, "missing_id", "no listing id", '{"编号": ""}'),
]
HOSTILE = ["'", "' OR '1'='1", "'; COPY (SELECT 1) TO 'x.csv'; --", "x" * 10_240]
FILTER_OPTIONS = ["--province", "--exchange", "--category", "--source", "--from", "--to"]


def _reference(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "insert into provinces values ('52', '贵州省', 'Guizhou', 'west', '贵州|Guizhou Sheng'), "
        "('31', '上海市', 'Shanghai', 'east', '上海'), ('14', '山西省', 'Shanxi', 'central', '山西'), "
        "('61', '陕西省', 'Shaanxi', 'west', '陕西')"
    )
    con.execute(
        "insert into exchanges values "
        "('GBDEX', '贵阳大数据交易所', 'Guiyang Global Big Data Exchange', '贵数所', 'Guiyang', '52', "
        "null, null, null, 'test'), "
        "('SDE', '上海数据交易所', 'Shanghai Data Exchange', '上数所', 'Shanghai', '31', "
        "null, null, null, 'test')"
    )
    con.execute(
        "insert into categories values ('finance', '金融', 'Finance & credit', '金融服务'), "
        "('transport', '交通运输', 'Transport & logistics', '交通|物流')"
    )
    con.execute(
        "insert into supplier_types values "
        "('government_agency', 'government', '政府部门', 'Government agency', null), "
        "('private_enterprise', 'private', '民营企业', 'Private enterprise', null), "
        "('unknown', 'unknown', '未知', 'Unknown', null)"
    )


def build_warehouse(path: Path) -> Path:
    """A warehouse with hostile text, negative amounts, an undated listing and a superseded row."""
    with duckdb.connect(str(path)) as con:
        create_schema(con)
        _reference(con)
        rows = [
            [*row[:7], Decimal(row[7]), row[8], number, False] for number, row in enumerate(TRANSACTIONS, 2)
        ]
        rows.append([*TRANSACTIONS[0][:7], Decimal("999"), "old", 99, True])
        con.executemany(
            "insert into transaction_rows values "
            "(?, ?, ?, ?, ?, ?, ?, ?, null, ?, null, null, 'a.csv', ?, null, ?)",
            rows,
        )
        con.executemany(
            "insert into listing_rows values (?, ?, ?, ?, ?, ?, ?, ?, null, null, 'l.csv', ?, null, false)",
            [[*row, number] for number, row in enumerate(LISTINGS, 2)],
        )
        con.executemany("insert into rejects values (?, ?, ?, ?, ?, ?, ?)", [list(row) for row in REJECTS])
        con.executemany(
            "insert into source_files values "
            "(?, ?, 'sha', 'cfg', 1, now(), 1, 'loaded', null, 'utf-8', ?, 1, 1, 1)",
            [
                ["transactions/GBDEX/2023.csv", "transactions", "GBDEX"],
                ["transactions/mixed.csv", "transactions", None],
                ["listings/SDE/products.xlsx", "listings", "SDE"],
            ],
        )
        finished = datetime(2024, 3, 6, 9, 30)
        con.execute(
            "insert into refresh_runs values "
            "(1, ?, ?, 'published', 'data/sample', true, 3, 0, 0, 13, 10, 3, 0, ?, 'test')",
            [finished, finished, date(2024, 3, 1)],
        )
        fill_marts(con)  # as a refresh publishes them: export_rows counts whole months from them
    return path


def run(*args: object) -> Result:
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def csv_rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_rows(path: Path, sheet: str) -> list[list[object]]:
    book = openpyxl.load_workbook(path)
    assert not [cell for ws in book for row in ws.iter_rows() for cell in row if cell.data_type == "f"]
    return [[cell.value for cell in row] for row in book[sheet].iter_rows()]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
