"""Delimited text exports (.csv, .tsv, .txt) read by DuckDB into a table of text.

Python finds the encoding, the delimiter and the width from the first record (the header); DuckDB
reads every record, the header included, with no sniffing, so a title line, duplicate or blank
headers and 200 columns all load as they are.
"""

import csv
import re
import sys
from pathlib import Path

import duckdb

from etl.errors import FileRejected
from etl.sources.encodings import NOT_UTF8, GuessedWrong, not_text, read_guessing
from etl.sources.tables import RawSheet, column_names, drop_blank_rows, drop_tables, row_count
from etl.sources.transcode import utf8_file
from etl.sql import quote

DELIMITERS = (",", "\t", ";")
# One field may be huge (a 10 MB JSON blob in a cell); the limit only guards against a runaway quote.
MAX_LINE_BYTES = 1 << 26
# DuckDB's default buffer (16 x the line limit) is capped at the file's size: a 1 GB export became one
# 1 GB allocation, refused under the refresh's memory limit. Two lines' worth streams the file.
BUFFER_BYTES = 2 * MAX_LINE_BYTES
_CHUNK = 1 << 20
# Why each option is set rather than sniffed:
#   auto_detect = false, columns  - the header decides the width; the sniffer refuses files whose first
#                                   line is shorter than the rest and may skip "inconsistent" lines
#   header = false, skip = 0      - the header is record 1, so `_row` counts records as a person does
#   quote, escape = '"'           - RFC 4180: doubled quotes, newlines inside quoted values
#   comment = ''                  - a value starting with '#' is data
#   null_padding = true           - a short (truncated) record gets NULLs instead of failing the file
#   parallel                      - the parallel scanner is tried first (a 1 GB export reads in about
#                                   two thirds of the time); it refuses null_padding with quoted
#                                   newlines, and then the file is read again by the serial scanner.
#                                   Both keep file order, which numbers the records (_read;
#                                   test_parallel_read_numbers_records_in_file_order)
#   strict_mode = true            - a record wider than the header is an error, not silently cut
#   buffer_size                   - see BUFFER_BYTES
_OPTIONS = (
    "auto_detect = false, header = false, skip = 0, columns = $columns, delim = $delimiter, "
    "quote = '\"', escape = '\"', comment = '', encoding = 'utf-8', null_padding = true, "
    "parallel = $parallel, strict_mode = true, max_line_size = $max_line_size, buffer_size = $buffer_size"
)
_QUOTED_NEWLINES = "does not support null_padding in conjunction with quoted new lines"
_LINE = re.compile(r"CSV Error on Line: (\d+)")
_WIDTH = re.compile(r"Expected Number of Columns: (\d+) Found: \d+")


def read_csv_export(con: duckdb.DuckDBPyConnection, path: Path, table: str, workdir: Path) -> RawSheet:
    """Read a delimited text export into `table`: c0..cN as text, and `_row` (header = 1)."""
    headers, encoding = read_guessing(
        path, lambda encoding, guessed: _read_as(con, path, table, workdir, encoding, guessed)
    )
    if headers is None:
        drop_tables(con, [table])
        raise FileRejected(f"{path.name} is empty (it has no header row)")
    return RawSheet(table, headers, None, encoding, row_count(con, table))


def _read_as(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, workdir: Path, encoding: str, guessed: bool
) -> tuple[str, ...] | None:
    with utf8_file(path, encoding, workdir) as text_path:
        try:
            delimiter, width = _header_shape(text_path, path)
            _check_quotes_closed(text_path, path, delimiter)
        except UnicodeDecodeError:  # Python read past the guessed first MiB
            if guessed:
                raise GuessedWrong from None
            raise
        try:
            return _load(con, text_path, table, delimiter, width)
        except duckdb.OutOfMemoryException:
            drop_tables(con, [table])
            raise  # the machine's limit, not the file's fault: the refresh stops, nothing is published
        except duckdb.Error as error:
            drop_tables(con, [table])
            if guessed and NOT_UTF8 in str(error):
                raise GuessedWrong from None
            raise FileRejected(f"{path.name} could not be read as CSV: {_reason(error)}") from None


def _header_shape(text_path: Path, path: Path) -> tuple[str, int]:
    """The delimiter that splits the first record into the most fields (ties: the earlier one)."""
    candidates = ("\t",) if path.suffix.lower() == ".tsv" else DELIMITERS
    shapes = [(delimiter, _first_width(text_path, path, delimiter)) for delimiter in candidates]
    return max(shapes, key=lambda shape: shape[1])


def _first_width(text_path: Path, path: Path, delimiter: str) -> int:
    with text_path.open(encoding="utf-8-sig", newline="") as handle:
        try:
            first = next((record for record in csv.reader(handle, delimiter=delimiter) if record), None)
        except csv.Error as error:
            raise FileRejected(f"{path.name}: the header row is not valid CSV ({error})") from None
    if first is None:
        raise FileRejected(f"{path.name} is empty (it has no header row)")
    return len(first)


def _check_quotes_closed(text_path: Path, path: Path, delimiter: str) -> None:
    """Refuse a quote that is never closed: DuckDB's serial reader drops the rest of the file silently.

    An even number of quote characters cannot leave a quoted value open; an odd number (rare: a
    broken file, or a literal `12"` in an unquoted value) is checked record by record.
    """
    quotes = 0
    with text_path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if b"\x00" in chunk:  # the one full pass over the bytes: a text export holds no NUL
                raise FileRejected(not_text(path))
            quotes += chunk.count(b'"')
    if quotes % 2 == 0:
        return
    limit = csv.field_size_limit()
    csv.field_size_limit(sys.maxsize)
    try:
        with text_path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter, strict=True)
            start = 1
            try:
                for _ in reader:
                    start = reader.line_num + 1
            except csv.Error as error:
                if str(error) != "unexpected end of data":
                    raise FileRejected(
                        f"{path.name} could not be read as CSV: line {reader.line_num}: {error}"
                    ) from None
                raise FileRejected(
                    f"{path.name} could not be read as CSV: a quoted value in the record starting on line "
                    f"{start} is never closed (a double quote is missing)"
                ) from None
    finally:
        csv.field_size_limit(limit)


def _load(
    con: duckdb.DuckDBPyConnection, text_path: Path, table: str, delimiter: str, width: int
) -> tuple[str, ...] | None:
    try:
        _read(con, text_path, table, delimiter, width, parallel=True)
    except duckdb.Error as error:  # DuckDB raises this one as a plain Error
        if _QUOTED_NEWLINES not in str(error):
            raise
        _read(con, text_path, table, delimiter, width, parallel=False)
    header = con.execute(f"select * exclude (_row) from {quote(table)} where _row = 1").fetchone()  # noqa: S608
    if header is None:
        return None
    con.execute(f"delete from {quote(table)} where _row = 1")  # noqa: S608
    drop_blank_rows(con, table, width)
    return tuple((cell or "").strip() for cell in header)


def _read(
    con: duckdb.DuckDBPyConnection, text_path: Path, table: str, delimiter: str, width: int, parallel: bool
) -> None:
    con.execute(
        f"create or replace temp table {quote(table)} as select * from read_csv($path, {_OPTIONS})",  # noqa: S608
        {
            "path": str(text_path),
            "columns": dict.fromkeys(column_names(width), "VARCHAR"),
            "delimiter": delimiter,
            "parallel": parallel,
            "max_line_size": MAX_LINE_BYTES,
            "buffer_size": BUFFER_BYTES,
        },
    )
    # The table holds the records in file order (DuckDB keeps insertion order, its default, which the
    # refresh never changes), so a record's rowid is its place in the file. Numbering them in the read
    # with row_number() over () made DuckDB write the table on one thread: 7.7 s instead of 3.5 s for a
    # 1 GB export; numbering afterwards takes 0.5 s.
    con.execute(f"alter table {quote(table)} add column _row bigint")
    con.execute(f"update {quote(table)} set _row = rowid + 1")  # noqa: S608


def _reason(error: duckdb.Error) -> str:
    """DuckDB's reason in one line: the line number and the sentence, without options or paths."""
    text = str(error)
    for marker in ("Possible fixes", "Possible Solution", "\n  file ="):
        text = text.split(marker, 1)[0]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    sentence = lines[-1] if lines else type(error).__name__
    sentence = sentence.removeprefix("Invalid Input Error: ")
    width = _WIDTH.search(sentence)
    if width:
        sentence = f"it has more values than the header row ({width[1]})"
    found = _LINE.search(text)
    return f"line {found[1]}: {sentence}" if found else sentence
