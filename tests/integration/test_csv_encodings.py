"""read_export on CSV files in every encoding exchanges write: decoded exactly, or refused saying why."""

from pathlib import Path

import pytest
from readers import FIXTURES, read_one, rejection, rows

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
