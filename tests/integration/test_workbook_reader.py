"""read_export on XLSX workbooks: every sheet with a header, cells as the text a person sees."""

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from readers import read, rejection, rows

# --- XLSX ----------------------------------------------------------------------------------------


@pytest.fixture
def workbook_path(tmp_path: Path) -> Path:
    book = Workbook()
    deals = book.active
    deals.title = "交易"
    deals.append([])  # the first non-empty row is the header, wherever it is
    deals.append(["交易编号", "成交日期", "成交时间", "成交金额", "是否结算", "公式", "数据量（字节）"])
    # 1.5e16 is stored as `1.5e+16` and read back as a float: an integral float, shown without `.0`.
    deals.append(
        ["G-1", dt.datetime(2023, 3, 5), dt.datetime(2023, 3, 5, 14, 22), 10001.0, True, "=1+1", 1.5e16]
    )
    deals.append([])
    deals.append(["G-2", dt.date(2023, 3, 6), None, 12.5, False, None, 2.5e-7])
    book.create_sheet("空白")
    listings = book.create_sheet("挂牌")
    listings["A1"] = "产品编号"
    listings["A2"] = 20240001
    listings["C9"] = None  # a touched but empty cell stretches nothing
    path = tmp_path / "deals.xlsx"
    book.save(path)
    return path


def test_each_workbook_sheet_with_a_header_becomes_a_table_and_empty_sheets_are_skipped(
    con, workdir, workbook_path
):
    sheets = read(con, workbook_path, workdir)

    assert [(s.sheet, s.table, s.rows) for s in sheets] == [("交易", "raw_0", 2), ("挂牌", "raw_1", 1)]
    assert sheets[0].headers == (
        "交易编号",
        "成交日期",
        "成交时间",
        "成交金额",
        "是否结算",
        "公式",
        "数据量（字节）",
    )
    assert sheets[1].headers == ("产品编号",)


def test_workbook_cells_read_as_the_text_a_person_sees_at_their_sheet_rows(con, workdir, workbook_path):
    deals, listings = read(con, workbook_path, workdir)

    # Midnight datetimes are dates, integral numbers have no `.0`, a formula without a cached value is its
    # text (so a reject names the formula rather than calling the cell empty).
    assert rows(con, deals) == [
        (3, "G-1", "2023-03-05", "2023-03-05 14:22:00", "10001", "true", "=1+1", "15000000000000000"),
        (5, "G-2", "2023-03-06", None, "12.5", "false", None, "2.5e-07"),
    ]
    assert rows(con, listings) == [(2, "20240001")]


def test_a_title_row_above_the_header_is_read_as_the_header(con, workdir, tmp_path):
    book = Workbook()
    book.active.append(["2023 年成交明细"])
    book.active.append(["交易编号", "成交金额"])
    path = tmp_path / "titled.xlsx"
    book.save(path)

    (sheet,) = read(con, path, workdir)

    # Reading does not guess: the loader reports the missing columns, naming the headers it found.
    assert sheet.headers == ("2023 年成交明细", "")
    assert rows(con, sheet) == [(2, "交易编号", "成交金额")]


def test_workbook_with_no_header_row_in_any_sheet_is_rejected(con, workdir, tmp_path):
    book = Workbook()
    book.active.title = "Sheet1"
    book.create_sheet("Sheet2")
    path = tmp_path / "blank.xlsx"
    book.save(path)

    message = rejection(con, path, workdir)

    assert "no sheet with a header row" in message
    assert "Sheet1, Sheet2" in message


def test_file_named_xlsx_that_is_not_a_workbook_is_rejected(con, workdir, tmp_path):
    path = tmp_path / "renamed.xlsx"
    path.write_text("交易编号,金额\n1,2\n", encoding="utf-8")

    message = rejection(con, path, workdir)

    assert "cannot be opened as an .xlsx workbook" in message
