"""Export bytes: formula-like text neutralised in CSV and plain strings in XLSX, numbers stay numbers."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pandas as pd
import pyarrow as pa
import pytest

from dashboard import exports
from dashboard.exports import BOM, TooManyRows, csv_bytes, display_headers, neutralise, write_csv, xlsx_bytes

DANGEROUS = ["=1+1", "+1", "-1+1", "@SUM(1)", "\t=1+1", "\r=1+1", '=HYPERLINK("http://x","y")', "-", "=", "@"]
HARMLESS = ["a=b", "1+1", " =1+1", "中文数据", "'=already quoted", "", "x\n=1+1"]


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline="")))


def _workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _cells(data: bytes) -> list[openpyxl.cell.Cell]:
    return [cell for sheet in _workbook(data) for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_like_text_gets_a_leading_quote_in_csv(text: str) -> None:
    rows = _rows(csv_bytes(pd.DataFrame({"product": [text], "value_cny": [1]})))
    assert rows == [["product", "value_cny"], ["'" + text, "1"]]


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_is_written_as_it_is(text: str) -> None:
    assert _rows(csv_bytes(pd.DataFrame({"product": [text]})))[1] == [text]
    assert neutralise(text) == text


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_like_text_is_a_plain_string_in_xlsx(text: str) -> None:
    data = xlsx_bytes(pd.DataFrame({"product": [text], "value_cny": [-1]}))
    assert not [cell.coordinate for cell in _cells(data) if cell.data_type == "f"]
    cell = _workbook(data)["Data"]["A2"]
    assert cell.data_type == "s"
    # xlsxwriter escapes a carriage return as _x000D_, which spreadsheet programs read back as one.
    assert cell.value.replace("_x000D_", "\r") == text


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_like_column_names_are_neutralised_in_csv_headers(text: str) -> None:
    assert _rows(csv_bytes(pd.DataFrame({text: ["x"]})))[0] == ["'" + text]


def test_numeric_columns_stay_numbers_negative_ones_too() -> None:
    frame = pd.DataFrame(
        {
            "name": ["-5", "甲"],
            "deals": [-3, 4],
            "value_cny": [-1234.5, 0.25],
            "share": pd.array([-1, 2], dtype="Int64"),
            "amount": [Decimal("-12.50"), Decimal("7.00")],
        }
    )
    body = csv_bytes(frame)[len(BOM) :].decode("utf-8")
    # Unquoted fields come back as floats, quoted ones as strings: numbers were written as numbers.
    rows = list(csv.reader(io.StringIO(body, newline=""), quoting=csv.QUOTE_NONNUMERIC))
    assert rows[1:] == [["'-5", -3.0, -1234.5, -1.0, -12.5], ["甲", 4.0, 0.25, 2.0, 7.0]]
    assert "'-3" not in body and "'-1234.5" not in body


def test_numbers_are_numbers_and_dates_are_dates_in_xlsx() -> None:
    frame = pd.DataFrame(
        {"txn_date": pd.to_datetime(["2024-01-05"]), "value_cny": [-12.5], "deals": [-3], "ok": [True]}
    )
    row = [cell for cell in _workbook(xlsx_bytes(frame))["Data"][2]]
    assert [cell.data_type for cell in row] == ["d", "n", "n", "b"]
    assert [cell.value for cell in row] == [datetime(2024, 1, 5), -12.5, -3, True]
    assert row[0].number_format == "yyyy-mm-dd"


def test_csv_starts_with_a_bom_and_chinese_text_round_trips() -> None:
    data = csv_bytes(pd.DataFrame({"省份": ["贵州省", "上海市"], "类别": ["金融", "交通运输"]}))
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(BOM * 2)
    assert data.decode("utf-8-sig").splitlines() == [
        '"省份","类别"',
        '"贵州省","金融"',
        '"上海市","交通运输"',
    ]


def test_chinese_text_round_trips_in_xlsx() -> None:
    data = xlsx_bytes({"交易": pd.DataFrame({"省份": ["贵州省"]})})
    assert [[cell.value for cell in row] for row in _workbook(data)["交易"].iter_rows()] == [
        ["省份"],
        ["贵州省"],
    ]


def test_missing_values_are_empty_cells_never_zero() -> None:
    frame = pd.DataFrame(
        {
            "text": ["a", None],
            "value": [1.5, float("nan")],
            "deals": pd.array([1, None], dtype="Int64"),
            "day": pd.to_datetime(["2024-01-05", None]),
        }
    )
    data = csv_bytes(frame)
    assert _rows(data)[2] == ["", "", "", ""]
    assert data.endswith(b"\r\n,,,\r\n")
    assert [cell.value for cell in _workbook(xlsx_bytes(frame))["Data"][3]] == [None, None, None, None]


def test_dates_are_iso_and_times_are_kept_to_the_second() -> None:
    frame = pd.DataFrame(
        {
            "day": [date(2024, 1, 5)],
            "month": pd.to_datetime(["2024-02-01"]),
            "loaded_at": pd.to_datetime(["2024-03-06 09:30:15.123"]),
        }
    )
    assert _rows(csv_bytes(frame))[1] == ["2024-01-05", "2024-02-01", "2024-03-06 09:30:15"]


def test_every_line_ends_with_crlf() -> None:
    data = csv_bytes(pd.DataFrame({"a": ["x", "y", "z"], "b": [1, 2, 3]}))
    assert data.count(b"\r\n") == 4
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_an_empty_frame_still_has_its_header() -> None:
    frame = pd.DataFrame({"product": pd.Series([], dtype="str"), "value_cny": pd.Series([], dtype="float")})
    assert _rows(csv_bytes(frame)) == [["product", "value_cny"]]
    assert [cell.value for cell in _cells(xlsx_bytes(frame))] == ["product", "value_cny"]


def test_a_stream_writes_one_header_whatever_its_batches() -> None:
    schema = pa.schema([("product", pa.string()), ("value_cny", pa.decimal128(18, 2))])
    batches = [pa.RecordBatch.from_pylist(rows, schema=schema) for rows in ([], [{"product": "=x"}], [])]
    target = io.BytesIO()
    assert write_csv(pa.RecordBatchReader.from_batches(schema, batches), target) == 1
    assert _rows(target.getvalue()) == [["product", "value_cny"], ["'=x", ""]]


def test_labels_become_headers_and_unlabelled_columns_keep_their_name() -> None:
    assert display_headers(["province_code", "deals"], {"province_code": "省份"}) == ["省份", "deals"]
    data = csv_bytes(pd.DataFrame({"province_code": ["52"], "deals": [1]}), {"province_code": "省份"})
    assert _rows(data)[0] == ["省份", "deals"]


def test_a_named_index_is_exported_as_a_column() -> None:
    frame = pd.DataFrame({"deals": [3]}, index=pd.Index(["=贵州"], name="province"))
    assert _rows(csv_bytes(frame)) == [["province", "deals"], ["'=贵州", "3"]]


def test_mixed_python_objects_are_written_as_text() -> None:
    frame = pd.DataFrame({"mixed": pd.Series(["=x", 3, None], dtype="object"), "n": [1, 2, 3]})
    assert [row[0] for row in _rows(csv_bytes(frame))] == ["mixed", "'=x", "3", ""]


def test_xlsx_has_a_header_row_a_notes_sheet_and_readable_widths() -> None:
    frame = pd.DataFrame({"exchange_name_zh": ["贵阳大数据交易所"], "deals": [1]})
    book = _workbook(xlsx_bytes(frame, notes=["SYNTHETIC DATA", "=not a formula"]))
    assert book.sheetnames == ["Data", "Notes"]
    assert [cell.value for cell in book["Data"][1]] == ["exchange_name_zh", "deals"]
    assert book["Data"]["A1"].font.bold
    assert book["Data"].column_dimensions["A"].width >= 16
    assert [row[0].value for row in book["Notes"].iter_rows()] == ["SYNTHETIC DATA", "=not a formula"]
    assert book["Notes"]["A2"].data_type == "s"


def test_sheet_names_are_made_valid_and_unique() -> None:
    frame = pd.DataFrame({"a": [1]})
    book = _workbook(xlsx_bytes({"a/b": frame, "A/B": frame, "x" * 40: frame}))
    assert book.sheetnames == ["a_b", "A_B_2", "x" * 31]


def test_xlsx_refuses_more_rows_than_a_sheet_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 2)
    with pytest.raises(TooManyRows, match="CSV"):
        xlsx_bytes(pd.DataFrame({"a": [1, 2, 3]}))


def test_text_longer_than_an_excel_cell_is_cut_with_a_visible_marker() -> None:
    long = "数" * 40_000
    cell = _workbook(xlsx_bytes(pd.DataFrame({"raw": [long]})))["Data"]["A2"]
    assert len(cell.value) <= 32_767 and cell.value.startswith("数" * 30_000)
    assert cell.value.endswith("the CSV export has it all]")
    assert _rows(csv_bytes(pd.DataFrame({"raw": [long]})))[1] == [long]
