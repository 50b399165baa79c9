"""read_export on real files in every supported format, read by a real DuckDB into tables of text."""

import codecs
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from etl.errors import FileRejected
from etl.sources.exports import RawSheet, read_export

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exports"


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(tmp_path / "reader.duckdb"))
    yield connection
    connection.close()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path / "work"


def read(con: duckdb.DuckDBPyConnection, path: Path, workdir: Path) -> list[RawSheet]:
    return read_export(con, path, "raw", workdir)


def read_one(con: duckdb.DuckDBPyConnection, path: Path, workdir: Path) -> RawSheet:
    sheets = read(con, path, workdir)
    assert len(sheets) == 1
    return sheets[0]


def rows(con: duckdb.DuckDBPyConnection, sheet: RawSheet) -> list[tuple[object, ...]]:
    return con.execute(f'select _row, * exclude (_row) from "{sheet.table}" order by _row').fetchall()


def rejection(con: duckdb.DuckDBPyConnection, path: Path, workdir: Path) -> str:
    with pytest.raises(FileRejected) as raised:
        read(con, path, workdir)
    message = str(raised.value)
    assert path.name in message
    assert "Traceback" not in message
    return message


# --- CSV encodings -------------------------------------------------------------------------------


def test_gbk_csv_with_chinese_headers_decodes_to_chinese_text(con, workdir):
    path = FIXTURES / "gbk_chinese_headers.csv"
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # the fixture really is GBK

    sheet = read_one(con, path, workdir)

    assert sheet.encoding == "gb18030"
    assert sheet.headers == ("交易编号", "成交日期", "成交金额（万元）", "省份")
    assert rows(con, sheet) == [
        (2, "G-001", "2023-03-05", "12.5", "贵州省"),
        (3, "G-002", "2023/3/6", "1,000", "广东省"),
    ]


def test_gb18030_only_characters_are_read_exactly(con, workdir):
    path = FIXTURES / "gb18030_rare_characters.csv"
    with pytest.raises(UnicodeEncodeError):
        "𠀀䶮".encode("gbk")  # neither character exists in GBK: only GB18030 can carry them

    sheet = read_one(con, path, workdir)

    assert [row[2] for row in rows(con, sheet)] == ["𠀀字库", "䶮姓名录"]


def test_utf8_bom_is_detected_and_kept_out_of_the_first_header(con, workdir):
    sheet = read_one(con, FIXTURES / "utf8_bom.csv", workdir)

    assert sheet.encoding == "utf-8-sig"
    assert sheet.headers == ("交易编号", "成交金额")
    assert rows(con, sheet) == [(2, "B-1", "100")]


def test_utf16_tab_separated_text_is_transcoded_and_the_copy_removed(con, workdir):
    sheet = read_one(con, FIXTURES / "utf16_unicode_text.txt", workdir)

    assert sheet.encoding == "utf-16"
    assert sheet.headers == ("交易编号", "成交金额")
    assert rows(con, sheet) == [(2, "U-1", "8800"), (3, "U-2", "12.5")]
    assert list(workdir.iterdir()) == []


def test_utf8_that_also_decodes_as_gb18030_stays_utf8(con, workdir):
    path = FIXTURES / "utf8_also_decodes_as_gb18030.csv"
    mojibake = path.read_bytes().decode("gb18030")  # valid GB18030 too, into nonsense
    assert "交易编号" not in mojibake

    sheet = read_one(con, path, workdir)

    assert sheet.encoding == "utf-8"
    assert sheet.headers == ("交易编号", "成交日期")


def test_text_in_another_encoding_is_rejected_rather_than_guessed(con, workdir):
    message = rejection(con, FIXTURES / "latin1_text.csv", workdir)

    assert "neither UTF-8 nor GBK/GB18030" in message


def _large_gbk(path: Path, tail: bytes) -> int:
    """A GBK export of more than 1 MiB (the part the encoding is guessed from), then `tail`."""
    records = "".join(f"T-{i:06d},广东省,{i}.50\n" for i in range(60_000))
    body = ("交易编号,省份,成交金额\n" + records).encode("gbk")
    assert len(body) > 1 << 20
    path.write_bytes(body + tail)
    return len(body)


def test_gbk_larger_than_the_guessed_first_mib_reads_whole(con, workdir, tmp_path):
    path = tmp_path / "big_gbk.csv"
    _large_gbk(path, "T-last,北京市,7\n".encode("gbk"))

    sheet = read_one(con, path, workdir)

    assert sheet.encoding == "gb18030"
    assert sheet.headers == ("交易编号", "省份", "成交金额")
    assert sheet.rows == 60_001
    last = con.execute(f'select c0, c1 from "{sheet.table}" order by _row desc limit 1').fetchone()
    assert last == ("T-last", "北京市")


def test_gbk_that_breaks_after_the_first_mib_is_refused_where_it_breaks(con, workdir, tmp_path):
    path = tmp_path / "broken_gbk.csv"
    # 0x81 starts a two-byte GBK character; 0x20 cannot end one
    offset = _large_gbk(path, b"T-bad,\x81\x20,1\n")

    message = rejection(con, path, workdir)

    assert "cannot be decoded near byte" in message
    assert str(offset + 6) in message
    assert list(workdir.iterdir()) == []  # the partial UTF-8 copy is removed


def test_binary_junk_named_csv_is_rejected(con, workdir):
    message = rejection(con, FIXTURES / "binary_junk.csv", workdir)

    assert "not a text file" in message


def test_empty_file_is_rejected(con, workdir):
    assert "is empty" in rejection(con, FIXTURES / "empty.csv", workdir)


# --- CSV structure -------------------------------------------------------------------------------


def test_quoted_values_keep_embedded_newlines_doubled_quotes_and_commas(con, workdir):
    sheet = read_one(con, FIXTURES / "quoted_newlines.csv", workdir)

    assert rows(con, sheet) == [
        (2, "Q-1", "多行\r\n产品", '他说"好"，然后走了'),
        (3, "Q-2", "a, b", "plain"),
    ]


def test_a_single_10_mb_field_loads_whole(con, workdir, tmp_path):
    path = tmp_path / "blob.csv"
    blob = "数" * 3_500_000  # 10.5 MB of UTF-8
    path.write_text(f'id,payload\nB-1,"{blob}"\nB-2,small\n', encoding="utf-8")

    sheet = read_one(con, path, workdir)

    lengths = con.execute(f'select c0, length(c1) from "{sheet.table}" order by _row').fetchall()
    assert lengths == [("B-1", 3_500_000), ("B-2", 5)]


def test_200_columns_load_in_file_order(con, workdir, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(
        ",".join(f"列{i}" for i in range(200)) + "\n" + ",".join(f"v{i}" for i in range(200)) + "\n",
        encoding="utf-8",
    )

    sheet = read_one(con, path, workdir)

    assert sheet.headers == tuple(f"列{i}" for i in range(200))
    assert rows(con, sheet) == [(2, *(f"v{i}" for i in range(200)))]


def test_duplicate_header_names_each_get_their_own_column(con, workdir):
    sheet = read_one(con, FIXTURES / "duplicate_headers.csv", workdir)

    assert sheet.headers == ("金额", "金额", "备注")
    assert rows(con, sheet) == [(2, "1", "2", "first"), (3, "3", "4", "second")]


def test_header_only_file_gives_a_sheet_with_no_rows(con, workdir):
    sheet = read_one(con, FIXTURES / "header_only.csv", workdir)

    assert sheet.headers == ("交易编号", "成交日期", "成交金额")
    assert sheet.rows == 0
    assert rows(con, sheet) == []


def test_truncated_last_line_is_padded_with_nulls(con, workdir):
    sheet = read_one(con, FIXTURES / "truncated_last_line.csv", workdir)

    assert rows(con, sheet) == [(2, "T-1", "2023-03-05", "10"), (3, "T-2", "2023-03", None)]


def test_semicolon_delimiter_is_sniffed_from_the_header(con, workdir):
    sheet = read_one(con, FIXTURES / "semicolons.csv", workdir)

    assert sheet.headers == ("交易编号", "成交金额", "备注")
    assert rows(con, sheet) == [(2, "S-1", "1,5", "a;b")]


def test_blank_lines_and_empty_rows_are_left_out_while_numbering_counts_records(con, workdir):
    sheet = read_one(con, FIXTURES / "blank_lines_and_rows.csv", workdir)

    # The blank line is no record; the `,` record is record 3, kept out as it holds no value.
    assert rows(con, sheet) == [(2, "A-1", "1"), (4, "A-2", "2")]
    assert sheet.rows == 2


def test_a_quote_never_closed_is_rejected_instead_of_dropping_the_rest(con, workdir):
    message = rejection(con, FIXTURES / "unclosed_quote.csv", workdir)

    assert "never closed" in message
    assert "line 2" in message
    assert con.execute("select count(*) from duckdb_tables()").fetchone() == (0,)


def test_a_row_wider_than_the_header_is_rejected_with_duckdbs_reason(con, workdir):
    message = rejection(con, FIXTURES / "row_wider_than_header.csv", workdir)

    assert "line 2" in message
    assert "more values than the header row (2)" in message
    assert "\n" not in message
    assert con.execute("select count(*) from duckdb_tables()").fetchone() == (0,)


def test_csv_row_numbers_follow_the_file_across_many_chunks(con, workdir, tmp_path):
    # Each id is written so that its row as seen in a spreadsheet is id + 1; quoted newlines make
    # records and lines differ, and 300,000 records span many DuckDB vectors and threads.
    path = tmp_path / "many.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("id,note\n")
        for record in range(1, 300_001):
            handle.write(f'{record},"two\nlines"\n' if record % 997 == 0 else f"{record},n\n")
    con.execute("set threads = 4")

    sheet = read_one(con, path, workdir)

    misplaced = con.execute(
        f'select count(*) from "{sheet.table}" where _row <> cast(c0 as bigint) + 1'
    ).fetchone()
    assert sheet.rows == 300_000
    assert misplaced == (0,)


def test_tables_are_temporary_and_named_after_the_prefix(con, workdir):
    sheet = read_one(con, FIXTURES / "utf8_bom.csv", workdir)

    assert sheet.table == "raw_0"
    assert con.execute(
        "select temporary from duckdb_tables() where table_name = ?", [sheet.table]
    ).fetchone() == (True,)
    types = con.execute(f'select column_name, column_type from (describe "{sheet.table}")').fetchall()
    assert sorted(types) == [("_row", "BIGINT"), ("c0", "VARCHAR"), ("c1", "VARCHAR")]


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


# --- JSON and JSON lines -------------------------------------------------------------------------


def test_json_array_keys_become_headers_in_first_seen_order(con, workdir):
    sheet = read_one(con, FIXTURES / "records.json", workdir)

    assert sheet.headers == ("交易编号", "成交金额", "明细", "已结算", "备注", "省份")
    assert rows(con, sheet) == [
        (2, "J-1", "12.5", '{"件数":2}', "true", None, None),
        (3, "J-2", None, None, None, None, "贵州省"),
    ]


def test_json_object_is_rejected_saying_it_found_an_object(con, workdir):
    message = rejection(con, FIXTURES / "object.json", workdir)

    assert "holds an object (with keys data, total), not an array of records" in message


def test_json_number_is_rejected_saying_it_found_a_number(con, workdir, tmp_path):
    path = tmp_path / "count.json"
    path.write_text("42\n", encoding="utf-8")

    assert "holds a number, not an array of records" in rejection(con, path, workdir)


def test_json_array_of_plain_values_is_rejected_naming_the_record(con, workdir, tmp_path):
    path = tmp_path / "names.json"
    path.write_text('[{"交易编号": "J-1"}, "J-2"]', encoding="utf-8")

    assert "record 2 is a string, not a record" in rejection(con, path, workdir)


def test_json_lines_skip_blank_lines_and_number_records(con, workdir):
    sheet = read_one(con, FIXTURES / "records.jsonl", workdir)

    assert sheet.headers == ("交易编号", "成交金额", "省份")
    assert rows(con, sheet) == [(2, "L-1", "1", None), (3, "L-2", "2", "北京市")]


def test_json_lines_with_a_bad_line_are_rejected_naming_the_line(con, workdir):
    message = rejection(con, FIXTURES / "bad_line.jsonl", workdir)

    assert "line 3 is not valid JSON" in message


def test_json_lines_with_a_line_that_is_not_an_object_name_that_line(con, workdir, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"a": 1}\n\n[1, 2]\n', encoding="utf-8")

    assert "line 3 is an array, not a record" in rejection(con, path, workdir)


def test_gbk_json_is_transcoded_like_csv(con, workdir, tmp_path):
    path = tmp_path / "gbk.json"
    path.write_bytes(json.dumps([{"省份": "贵州省"}], ensure_ascii=False).encode("gbk"))

    sheet = read_one(con, path, workdir)

    assert sheet.headers == ("省份",)
    assert rows(con, sheet) == [(2, "贵州省")]


# --- Parquet -------------------------------------------------------------------------------------


def test_parquet_columns_are_read_as_text_with_iso_dates_and_exact_decimals(con, workdir, tmp_path):
    path = tmp_path / "deals.parquet"
    con.sql(
        "select * from (values ('P-1', date '2023-03-05', 12.50::decimal(12, 2), 3), "
        "('P-2', null, 1000000.00::decimal(12, 2), null)) as deals(交易编号, 成交日期, 成交金额, 件数)"
    ).write_parquet(str(path))

    sheet = read_one(con, path, workdir)

    assert sheet.headers == ("交易编号", "成交日期", "成交金额", "件数")
    assert rows(con, sheet) == [
        (2, "P-1", "2023-03-05", "12.50", "3"),
        (3, "P-2", None, "1000000.00", None),
    ]


def test_corrupt_parquet_is_rejected(con, workdir):
    message = rejection(con, FIXTURES / "corrupt.parquet", workdir)

    assert "is not a readable Parquet file" in message


# --- kinds of file -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "advice"),
    [("deals.xls", "save it as .xlsx"), ("deals.pdf", "use .csv, .xlsx"), ("deals", "no extension")],
)
def test_unsupported_kinds_of_file_are_rejected_with_advice(con, workdir, tmp_path, name, advice):
    path = tmp_path / name
    path.write_bytes(codecs.BOM_UTF8 + b"x")

    message = rejection(con, path, workdir)

    assert "are not read" in message
    assert advice in message
