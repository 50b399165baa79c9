"""`dexstat export` on a small real warehouse: what it writes, in both formats and under every filter."""

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from export_warehouse import FILTER_OPTIONS, PRODUCTS, build_warehouse, csv_rows, run, xlsx_rows


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return build_warehouse(tmp_path / "warehouse.duckdb")


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


def test_help_names_every_table_format_and_filter() -> None:
    result = run("export", "--help")
    assert result.exit_code == 0
    for word in ["transactions", "listings", "rejects", "csv", "xlsx", "--out", "--db", *FILTER_OPTIONS]:
        assert word in result.output


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
@pytest.mark.parametrize("table", ["transactions", "listings", "rejects"])
def test_an_export_from_the_lake_is_the_export_from_the_warehouse(
    warehouse: Path, tmp_path: Path, table: str, suffix: str
) -> None:
    from etl.lake import publish_lake

    lake = publish_lake(warehouse, tmp_path / "lake").path
    written = {}
    for name, source in (("warehouse", ["--db", warehouse]), ("lake", ["--lake", lake])):
        out = tmp_path / f"{name}.{suffix}"
        result = run("export", table, "--out", out, *source, "--exchange", "GBDEX")
        assert result.exit_code == 0, result.output
        written[name] = csv_rows(out) if suffix == "csv" else xlsx_rows(out, table)
    header = 1 if suffix == "xlsx" else 0
    assert written["lake"] == written["warehouse"] and len(written["lake"]) > header  # not an empty export


def test_an_export_from_a_folder_that_is_not_a_lake_is_a_plain_message(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for folder, says in ((tmp_path / "none", "There is no lake"), (tmp_path / "empty", "no complete lake")):
        result = run("export", "transactions", "--out", tmp_path / "o.csv", "--lake", folder)
        assert result.exit_code == 1 and says in " ".join(result.output.split()), result.output
        assert not (tmp_path / "o.csv").exists()
