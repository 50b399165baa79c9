"""The two workbook readers give the same tables, and openpyxl reads what calamine would read differently.

`read_workbook` reads with python-calamine (fast) unless the workbook holds something calamine gives
otherwise than openpyxl. Each workbook here is read by both and the tables compared cell for cell:
a difference in what a person sees (a date, a number's digits, a row number) fails the test.
"""

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook
from readers import read, rejection, rows

from etl.sample import write_sample
from etl.sources import workbooks
from etl.sources.tables import RawSheet
from etl.sources.workbooks import read_with_calamine, read_with_openpyxl


def tables(con: duckdb.DuckDBPyConnection, sheets: list[RawSheet]) -> list[tuple[object, ...]]:
    return [(s.sheet, s.headers, s.rows, rows(con, s)) for s in sheets]


def every_kind_of_cell(path: Path) -> None:
    book = Workbook()
    deals = book.active
    deals.title = "交易"
    deals["C3"] = "导出时间 2024-01-05"  # a title row above the header, away from A1
    header = ["交易编号", "成交日期", "成交时间", "时刻", "成交金额", "比例", "是否结算", "备注", "时长"]
    for column, name in enumerate(header, start=3):
        deals.cell(row=5, column=column, value=name)
    values = [
        ["G-1", dt.datetime(2023, 3, 5), dt.datetime(2023, 3, 5, 14, 22, 5), dt.time(9, 30), 10001.0, 0.125,
         True, " 前后有空格 ", dt.timedelta(hours=36)],
        [20240001, dt.date(2023, 3, 6), None, None, 12.5, 1e-7, False, "全角１２３", None],
        [-0.0, "2023/3/7", "不是日期", "", 1.5e15, -3, None, "a,b\n第二行", dt.timedelta(minutes=5)],
        [0.1 + 0.2, dt.datetime(1900, 3, 1), dt.datetime(9999, 12, 31), dt.time(0, 0), 123456789012.34, 2, 1,
         "＝全角等号开头的文字", None],
    ]  # fmt: skip
    for row_number, row in enumerate(values, start=6):
        for column, value in enumerate(row, start=3):
            deals.cell(row=row_number, column=column, value=value)
    deals.cell(row=11, column=3, value="G-9")  # after an empty row
    deals["E7"].number_format = '[$-804]yyyy"年"m"月"d"日"'  # a Chinese date format
    deals["H6"].number_format = "0.00%"
    deals["K6"].number_format = "[h]:mm:ss"
    book.create_sheet("空白")
    hidden = book.create_sheet("隐藏")
    hidden.sheet_state = "hidden"
    hidden["B2"] = "产品编号"
    hidden["B3"] = "L-1"
    book.save(path)


def the_samples_workbooks(folder: Path) -> list[Path]:
    write_sample(folder, rows=3000, seed=7)
    return sorted(folder.rglob("*.xlsx"))


WORKBOOKS: dict[str, Callable[[Path], None]] = {"every kind of cell": every_kind_of_cell}


@pytest.mark.parametrize("name", list(WORKBOOKS))
def test_calamine_reads_a_workbook_as_openpyxl_does(con, tmp_path, name):
    path = tmp_path / "book.xlsx"
    WORKBOOKS[name](path)

    fast = read_with_calamine(con, path, "fast")
    assert fast is not None, "calamine gave this workbook up"
    assert tables(con, fast) == tables(con, read_with_openpyxl(con, path, "slow"))
    assert [s.sheet for s in fast] == ["交易", "隐藏"]
    assert rows(con, fast[0])[0][:3] == (5, None, None)  # the header's own row, columns A and B empty


def test_calamine_reads_the_samples_workbooks_as_openpyxl_does(con, tmp_path):
    paths = the_samples_workbooks(tmp_path / "sample")
    assert len(paths) == 2
    for number, path in enumerate(paths):
        fast = read_with_calamine(con, path, f"fast{number}")
        assert fast is not None, path.name
        assert tables(con, fast) == tables(con, read_with_openpyxl(con, path, f"slow{number}")), path.name


def with_cell_xml(path: Path, old: bytes, new: bytes) -> None:
    """Rewrite the first sheet's XML: what a program other than Excel may write."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert old in parts[sheet]
    parts[sheet] = parts[sheet].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def one_column(path: Path, value: object) -> None:
    book = Workbook()
    book.active.append(["交易编号"])
    book.active.append([value])
    book.save(path)


def test_a_whole_number_a_float_cannot_hold_keeps_its_digits(con, workdir, tmp_path):
    # An 18-digit order number saved as a number: openpyxl keeps the digits, calamine's float would not.
    path = tmp_path / "ids.xlsx"
    one_column(path, 1234)
    with_cell_xml(path, b"<v>1234</v>", b"<v>202301010001234567</v>")

    assert read_with_calamine(con, path, "fast") is None
    (sheet,) = read(con, path, workdir)
    assert rows(con, sheet) == [(2, "202301010001234567")]


def test_an_error_cell_shows_its_text(con, workdir, tmp_path):
    # calamine reads an error cell as blank, which would reject the row as "missing" rather than name it.
    path = tmp_path / "errors.xlsx"
    one_column(path, "#N/A")

    assert b't="e"' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    (sheet,) = read(con, path, workdir)
    assert rows(con, sheet) == [(2, "#N/A")]


def test_malformed_xml_is_refused_with_openpyxls_reason(con, workdir, tmp_path):
    # calamine reads past `<row<row`; openpyxl refuses the sheet, and so does the refresh.
    path = tmp_path / "broken.xlsx"
    one_column(path, "G-1")
    with_cell_xml(path, b"<sheetData>", b"<sheetData><row")

    assert "cannot be read as an .xlsx workbook (ParseError" in rejection(con, path, workdir)
    assert not con.execute("select * from duckdb_tables() where table_name like 'raw%'").fetchall()


def test_a_plain_workbook_is_read_by_calamine_alone(con, workdir, tmp_path, monkeypatch):
    path = tmp_path / "book.xlsx"
    every_kind_of_cell(path)

    def openpyxl_not_wanted(*_: object) -> list[RawSheet]:
        raise AssertionError("a plain workbook went to openpyxl")

    monkeypatch.setattr(workbooks, "read_with_openpyxl", openpyxl_not_wanted)
    assert [s.sheet for s in read(con, path, workdir)] == ["交易", "隐藏"]
