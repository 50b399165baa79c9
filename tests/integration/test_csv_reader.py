"""The CSV and JSON readers number records as a person counts them, whichever DuckDB scanner reads them."""

import duckdb
import pytest

from etl.errors import FileRejected
from etl.sources import csv_files, records
from etl.sources.exports import read_export

# Enough records that DuckDB's parallel scanner splits the file between its threads.
RECORDS = 300_000
PAD = b"x" * 20


@pytest.fixture
def con():
    connection = duckdb.connect()
    connection.execute("set threads = 4")
    yield connection
    connection.close()


def _numbered_rows(con, path, tmp_path):
    sheet = read_export(con, path, "raw", tmp_path)[0]
    return sheet, con.execute(f'select _row, c0, c2 from "{sheet.table}" order by _row').fetchall()


def test_parallel_read_numbers_records_in_file_order(con, tmp_path, monkeypatch):
    # Each record carries the line it is on (header = 1), so a number out of order shows at once.
    # Small buffers, so that DuckDB's threads share even this 6 MB file (one 128 MiB buffer would not).
    monkeypatch.setattr(csv_files, "MAX_LINE_BYTES", 1 << 16)
    monkeypatch.setattr(csv_files, "BUFFER_BYTES", 1 << 17)
    path = tmp_path / "big.csv"
    lines = ["txn_id,amount,line"] + [f"T{line},{line % 997}.5,{line}" for line in range(2, RECORDS + 2)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sheet, rows = _numbered_rows(con, path, tmp_path)
    assert sheet.rows == RECORDS
    misnumbered = [row for row in rows if str(row[0]) != row[2]]
    assert misnumbered == []


def test_quoted_newlines_with_a_short_record_fall_back_to_the_serial_reader(con, tmp_path):
    # The parallel scanner refuses null padding with a newline inside quotes; the file is read again.
    path = tmp_path / "quoted.csv"
    path.write_text('txn_id,product,line\nA,"two\nlines",2\nB,short\nC,x,4\n', encoding="utf-8")
    sheet, rows = _numbered_rows(con, path, tmp_path)
    assert rows == [(2, "A", "2"), (3, "B", None), (4, "C", "4")]
    assert sheet.rows == 3


def _ascii_then(tail: bytes) -> bytes:
    # More than the first MiB that the encoding is guessed from, all ASCII; then `tail`.
    rows = b"".join(b"T%07d,%d\n" % (n, n % 97) for n in range(2, 120_000))
    return b"txn_id,amount\n" + rows + tail


def test_gbk_text_after_the_first_mebibyte_is_read_as_gbk(con, tmp_path):
    path = tmp_path / "late_gbk.csv"
    path.write_bytes(_ascii_then("T-LAST,广东省\n".encode("gbk")))
    sheet = read_export(con, path, "raw", tmp_path)[0]
    assert sheet.encoding == "gb18030"
    last = con.execute(f'select c1 from "{sheet.table}" order by _row desc limit 1').fetchone()
    assert last == ("广东省",)


def test_gbk_text_after_the_first_mebibyte_with_an_odd_quote_is_read_as_gbk(con, tmp_path):
    # An odd number of quotes sends Python's csv module through the whole file, past the guess.
    path = tmp_path / "late_gbk_quote.csv"
    path.write_bytes(_ascii_then('T-LAST,广东省 12"\n'.encode("gbk")))
    sheet = read_export(con, path, "raw", tmp_path)[0]
    assert sheet.encoding == "gb18030"


def test_a_nul_byte_after_the_first_mebibyte_refuses_the_file(con, tmp_path):
    path = tmp_path / "late_nul.csv"
    path.write_bytes(_ascii_then(b"T-LAST,1\x002\n"))
    with pytest.raises(FileRejected, match="not a text file"):
        read_export(con, path, "raw", tmp_path)


def test_parallel_json_lines_are_numbered_in_file_order(con, tmp_path, monkeypatch):
    # DuckDB's JSON reader splits a file between threads by buffers sized from the largest record
    # allowed: a small limit here, so that this 40 MB file is split. Record i is on line i - 1.
    monkeypatch.setattr(records, "MAX_RECORD_BYTES", 1 << 16)
    path = tmp_path / "big.jsonl"
    path.write_bytes(b"".join(b'{"line": "%d", "pad": "%s"}\n' % (line, PAD) for line in range(2, 1_000_002)))
    sheet = read_export(con, path, "raw", tmp_path)[0]
    assert sheet.rows == 1_000_000
    misnumbered = con.execute(f'select count(*) from "{sheet.table}" where _row::varchar <> c0').fetchone()
    assert misnumbered == (0,)
