"""`dexstat export` on a small real warehouse: both formats, filters, hostile values, no half files."""

import csv
import hashlib
import io
import shutil
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner, Result

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for dashboard_fixtures
from dashboard_fixtures import fill_marts

from dashboard import export_queries
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


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    """A warehouse with hostile text, negative amounts, an undated listing and a superseded row."""
    path = tmp_path / "warehouse.duckdb"
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


@pytest.mark.parametrize(("table", "rows"), [("transactions", 7), ("listings", 3), ("rejects", 3)])
def test_each_export_writes_every_current_row_as_csv(
    warehouse: Path, tmp_path: Path, table: str, rows: int
) -> None:
    out = tmp_path / f"{table}.csv"
    result = run("export", table, "--format", "csv", "--out", out, "--db", warehouse)
    assert result.exit_code == 0, result.output
    assert f"Wrote {rows} rows of {table} to {out}" in result.output and "SYNTHETIC" in result.output
    assert len(csv_rows(out)) == rows


@pytest.mark.parametrize(("table", "rows"), [("transactions", 7), ("listings", 3), ("rejects", 3)])
def test_each_export_writes_every_current_row_as_xlsx(
    warehouse: Path, tmp_path: Path, table: str, rows: int
) -> None:
    out = tmp_path / f"{table}.xlsx"
    result = run("export", table, "--out", out, "--db", warehouse)  # the format follows the suffix
    assert result.exit_code == 0, result.output
    assert len(xlsx_rows(out, table)) == rows + 1
    notes = " ".join(str(row[0]) for row in xlsx_rows(out, "Notes"))
    assert "SYNTHETIC" in notes and "2024-03-01" in notes


def test_csv_transactions_are_neutralised_with_names_beside_codes(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    run("export", "transactions", "--out", out, "--db", warehouse)
    rows = csv_rows(out)
    assert [row["product"] for row in rows] == ["'" + text for text in PRODUCTS[:6]] + ["企业征信查询"]
    assert rows[0]["exchange_name_zh"] == "贵阳大数据交易所" and rows[0]["province_name_en"] == "Guizhou"
    assert [row["value_cny"] for row in rows[:2]] == ["-12.50", "1000.00"]
    assert [row["txn_date"] for row in rows[:2]] == ["2023-03-05", "2023-03-06"]
    assert ",-12.50," in out.read_text(encoding="utf-8-sig")  # a number, unquoted, without a leading '


def test_xlsx_transactions_keep_text_as_text_and_numbers_as_numbers(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    run("export", "transactions", "--format", "xlsx", "--out", out, "--db", warehouse)
    header, *rows = xlsx_rows(out, "transactions")
    column = {name: position for position, name in enumerate(header)}
    assert [str(row[column["product"]]).replace("_x000D_", "\r") for row in rows] == PRODUCTS
    assert [row[column["value_cny"]] for row in rows[:2]] == [-12.5, 1000]
    assert rows[0][column["txn_date"]] == datetime(2023, 3, 5)


def spreadsheet(csv_path: Path) -> list[list[openpyxl.cell.Cell]]:
    """Open a CSV in LibreOffice Calc headless, formulas evaluated as Excel does, and save it as XLSX."""
    options = "CSV:44,34,76,1,,1033,false,true,false,false,false,-1,true"  # the last: evaluate formulas
    profile = f"-env:UserInstallation={csv_path.parent.as_uri()}/lo"
    convert = ["--convert-to", "xlsx", f"--infilter={options}", "--outdir", str(csv_path.parent)]
    subprocess.run(
        ["soffice", "--headless", "--norestore", profile, *convert, str(csv_path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return [list(row) for row in openpyxl.load_workbook(csv_path.with_suffix(".xlsx")).active.iter_rows()]


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="needs LibreOffice (Debian: libreoffice-calc-nogui)"
)
def test_libreoffice_reads_the_csv_export_without_running_a_formula(warehouse: Path, tmp_path: Path) -> None:
    control = tmp_path / "control.csv"
    control.write_bytes(b'\xef\xbb\xbf"product"\r\n"=1+1"\r\n')
    assert spreadsheet(control)[1][0].data_type == "f"  # unneutralised text does run: the check can fail
    out = tmp_path / "t.csv"
    run("export", "transactions", "--out", out, "--db", warehouse)
    header, *rows = spreadsheet(out)
    column = {cell.value: position for position, cell in enumerate(header)}
    assert not [cell.coordinate for row in rows for cell in row if cell.data_type == "f"]
    assert [row[column["product"]].value for row in rows[:4]] == ["'" + text for text in PRODUCTS[:4]]
    assert [row[column["value_cny"]].value for row in rows[:2]] == [-12.5, 1000]
    assert rows[0][column["exchange_name_zh"]].value == "贵阳大数据交易所"
    assert rows[6][column["product"]].value == "企业征信查询"


def test_listings_keep_an_undated_listing_last_and_neutralise_titles(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "l.csv"
    run("export", "listings", "--out", out, "--db", warehouse)
    rows = csv_rows(out)
    assert [row["listing_id"] for row in rows] == ["L-2", "L-3", "L-1"]
    assert [row["title"] for row in rows] == ["医保结算数据", "'@港口吞吐量", '\'=HYPERLINK("http://x","y")']
    assert rows[2]["listed_on"] == ""


@pytest.mark.parametrize(
    ("table", "options", "rows"),
    [
        ("transactions", ["--from", "2024-01-01"], 4),
        ("transactions", ["--to", "2023-12-31"], 3),
        ("transactions", ["--from", "2024-01-06", "--to", "2024-02-01"], 2),
        ("transactions", ["--province", "52"], 2),
        ("transactions", ["--province", "贵州"], 2),
        ("transactions", ["--province", "guizhou", "--province", "上海市"], 5),
        ("transactions", ["--province", "Shaanxi"], 1),
        ("transactions", ["--exchange", "贵数所"], 3),
        ("transactions", ["--exchange", "Shanghai Data Exchange"], 4),
        ("transactions", ["--category", "金融"], 4),
        ("transactions", ["--category", "transport", "--source", "government"], 1),
        ("transactions", ["--source", "private", "--source", "unknown"], 4),
        ("listings", ["--from", "2023-01-01"], 2),
        ("listings", ["--exchange", "GBDEX", "--category", "finance"], 1),
        ("rejects", ["--exchange", "GBDEX"], 1),
        ("rejects", ["--exchange", "SDE"], 1),
    ],
)
def test_filters_narrow_the_export(
    warehouse: Path, tmp_path: Path, table: str, options: list[str], rows: int
) -> None:
    out = tmp_path / "out.csv"
    result = run("export", table, "--out", out, "--db", warehouse, *options)
    assert result.exit_code == 0, result.output
    assert len(csv_rows(out)) == rows


@pytest.mark.parametrize("option", FILTER_OPTIONS)
@pytest.mark.parametrize("value", HOSTILE, ids=["quote", "or", "copy", "10kb"])
def test_hostile_filter_values_are_refused_and_nothing_is_written(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str, value: str
) -> None:
    monkeypatch.chdir(tmp_path)
    before = digest(warehouse)
    out = tmp_path / "out.csv"
    result = run("export", "transactions", "--out", out, "--db", warehouse, option, value)
    assert result.exit_code == 2
    assert "Nothing was written" in result.output and len(result.output) < 1_000
    assert sorted(path.name for path in tmp_path.iterdir()) == ["warehouse.duckdb"]
    assert digest(warehouse) == before


@pytest.mark.parametrize("value", ["[/]", "[bold red]x[/bold red]", "\x1b[31mred"])
def test_markup_and_escape_codes_in_values_are_shown_as_typed(
    warehouse: Path, tmp_path: Path, value: str
) -> None:
    result = run(
        "export", "transactions", "--out", tmp_path / "o.csv", "--db", warehouse, "--exchange", value
    )
    assert result.exit_code == 2
    assert repr(value) in result.output and "\x1b" not in result.output


def test_an_unknown_name_suggests_close_matches(warehouse: Path, tmp_path: Path) -> None:
    result = run(
        "export", "transactions", "--out", tmp_path / "o.csv", "--db", warehouse, "--province", "Guizho"
    )
    assert result.exit_code == 2
    assert "'Guizhou'" in result.output and not (tmp_path / "o.csv").exists()


def test_rejects_refuse_filters_that_do_not_apply(warehouse: Path, tmp_path: Path) -> None:
    result = run("export", "rejects", "--out", tmp_path / "r.csv", "--db", warehouse, "--province", "52")
    assert result.exit_code == 2
    assert "--exchange only" in " ".join(result.output.split()) and not (tmp_path / "r.csv").exists()


def test_a_missing_warehouse_is_a_plain_message(tmp_path: Path) -> None:
    result = run("export", "transactions", "--out", tmp_path / "o.csv", "--db", tmp_path / "none.duckdb")
    assert result.exit_code == 1
    assert "There is no warehouse" in " ".join(result.output.split())
    assert not (tmp_path / "o.csv").exists()


def test_a_file_that_is_not_a_warehouse_is_a_plain_message(tmp_path: Path) -> None:
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database")
    result = run("export", "transactions", "--out", tmp_path / "o.csv", "--db", junk)
    assert result.exit_code == 1 and "cannot be read as a dexstat warehouse" in " ".join(
        result.output.split()
    )


def test_too_many_rows_for_xlsx_suggests_csv_and_keeps_the_old_file(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_queries, "XLSX_MAX_ROWS", 5)
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"previous export")
    result = run("export", "transactions", "--out", out, "--db", warehouse)
    assert result.exit_code == 1 and "CSV" in result.output
    assert out.read_bytes() == b"previous export"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["t.xlsx", "warehouse.duckdb"]


def test_an_export_that_fails_midway_leaves_no_half_file(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> int:
        partial = next(tmp_path.glob(".t.csv.*.part"))
        assert partial.exists()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_queries, "write_csv", broken)
    result = run("export", "transactions", "--out", tmp_path / "t.csv", "--db", warehouse)
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["warehouse.duckdb"]


def test_a_folder_that_does_not_exist_is_a_plain_message(warehouse: Path, tmp_path: Path) -> None:
    result = run("export", "listings", "--out", tmp_path / "missing" / "l.csv", "--db", warehouse)
    assert result.exit_code == 1 and "Could not write" in result.output


def test_the_warehouse_itself_cannot_be_the_output(warehouse: Path) -> None:
    before = digest(warehouse)
    result = run("export", "transactions", "--out", warehouse, "--db", warehouse)
    assert result.exit_code == 2 and digest(warehouse) == before


def test_help_names_every_table_format_and_filter() -> None:
    result = run("export", "--help")
    assert result.exit_code == 0
    for word in ["transactions", "listings", "rejects", "csv", "xlsx", "--out", "--db", *FILTER_OPTIONS]:
        assert word in result.output
