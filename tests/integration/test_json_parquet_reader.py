"""read_export on JSON, JSON lines and Parquet exports, and on kinds of file it does not read."""

import codecs
import json

import pytest
from readers import FIXTURES, read_one, rejection, rows

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


def test_json_lines_in_gbk_after_an_ascii_first_mib_are_read_again_as_gbk(con, workdir, tmp_path):
    # The encoding is guessed from the first MiB (UTF-8 here); DuckDB refuses the GBK string further on.
    path = tmp_path / "late_gbk.jsonl"
    ascii_head = b"".join(b'{"id": "T%07d", "p": "x"}\n' % i for i in range(50_000))
    assert len(ascii_head) > 1 << 20
    path.write_bytes(ascii_head + '{"id": "G-1", "p": "广东省"}\n'.encode("gbk"))

    sheet = read_one(con, path, workdir)

    assert sheet.rows == 50_001
    last = con.execute(f'select c0, c1 from "{sheet.table}" order by _row desc limit 1').fetchone()
    assert last == ("G-1", "广东省")
    assert list(workdir.iterdir()) == []


def test_json_that_is_neither_utf8_nor_gbk_after_the_first_mib_is_refused(con, workdir, tmp_path):
    path = tmp_path / "broken.jsonl"
    ascii_head = b"".join(b'{"id": "T%07d", "p": "x"}\n' % i for i in range(50_000))
    path.write_bytes(ascii_head + b'{"id": "B-1", "p": "\x81\x20"}\n')

    message = rejection(con, path, workdir)

    assert "neither UTF-8 nor GBK/GB18030" in message


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
