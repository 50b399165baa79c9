"""Safe CSV and XLSX from frames or Arrow streams: no cell can run as a formula; numbers stay numbers."""

import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import IO, Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import xlsxwriter

__all__ = [
    "BOM",
    "XLSX_MAX_ROWS",
    "TooManyRows",
    "csv_bytes",
    "display_headers",
    "frame_reader",
    "neutralise",
    "write_csv",
    "write_xlsx",
    "xlsx_bytes",
]

BOM = b"\xef\xbb\xbf"
XLSX_MAX_ROWS = 1_048_575  # Excel's 1,048,576 rows, less the header
# OWASP CSV injection: a spreadsheet runs a cell starting with these; one pattern for re and RE2.
_DANGEROUS = r"^([=+\-@\t\r])"
_CSV_OPTIONS = {"eol": "\r\n"}  # RFC 4180 line ends; line breaks inside quoted text are kept as written
_XLSX_TEXT_MAX = 32_767  # UTF-16 units in one Excel cell
_TRUNCATED = " … [truncated: Excel holds 32,767 characters per cell; the CSV export has it all]"
_WIDTH_SAMPLE = 200


class TooManyRows(ValueError):
    """More rows than one XLSX sheet can hold."""


def neutralise(text: str) -> str:
    """The text with a single quote in front when a spreadsheet would run it as a formula."""
    return re.sub(_DANGEROUS, r"'\1", text)


def display_headers(columns: Iterable[object], labels: Mapping[str, str] | None = None) -> list[str]:
    """Column names as headers: the caller's label when it has one, else the name itself."""
    labels = labels or {}
    return [labels.get(str(column), str(column)) for column in columns]


def frame_reader(frame: pd.DataFrame) -> Any:
    """A pandas frame as an Arrow RecordBatchReader; a named index becomes columns, dates stay dates."""
    if not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    arrays = [_arrow_column(frame.iloc[:, position]) for position in range(frame.shape[1])]
    table = pa.Table.from_arrays(arrays, names=[str(column) for column in frame.columns])
    return pa.RecordBatchReader.from_batches(table.schema, table.to_batches())


def _arrow_column(column: pd.Series) -> Any:
    try:
        array = pa.array(column, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed Python objects: show them as text
        array = pa.array(column.astype("string"), from_pandas=True)
    # DuckDB dates arrive in pandas as midnight timestamps: write them as dates.
    if pa.types.is_timestamp(array.type) and array.type.tz is None:
        day = pc.floor_temporal(array, unit="day")
        if pc.all(pc.equal(day, array)).as_py() is not False:
            return array.cast(pa.date32())
    return array


def csv_bytes(frame: pd.DataFrame, labels: Mapping[str, str] | None = None) -> bytes:
    """The frame as CSV: UTF-8 with BOM, CRLF, formula-like text neutralised, missing values empty."""
    buffer = io.BytesIO()
    write_csv(frame_reader(frame), buffer, labels)
    return buffer.getvalue()


def write_csv(reader: Any, target: IO[bytes], labels: Mapping[str, str] | None = None) -> int:
    """Stream an Arrow RecordBatchReader to `target` as safe CSV; returns the rows written."""
    headers = [neutralise(header) for header in display_headers(reader.schema.names, labels)]
    target.write(BOM)
    _write_csv_batch(reader.schema.empty_table(), headers, target, header=True)
    rows = 0
    for batch in reader:
        if batch.num_rows:
            _write_csv_batch(batch, headers, target, header=False)
            rows += batch.num_rows
    return rows


def _write_csv_batch(batch: Any, headers: list[str], target: IO[bytes], header: bool) -> None:
    safe = pa.Table.from_arrays([_csv_column(column) for column in batch.columns], names=headers)
    pa_csv.write_csv(safe, target, pa_csv.WriteOptions(include_header=header, **_CSV_OPTIONS))


def _csv_column(array: Any) -> Any:
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if pa.types.is_string_view(array.type):
        array = array.cast(pa.string())
    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        return pc.replace_substring_regex(array, pattern=_DANGEROUS, replacement=r"'\1")
    if pa.types.is_timestamp(array.type):  # ISO, to the second, in the value's own time zone
        suffix = "%z" if array.type.tz else ""
        seconds = array.cast(pa.timestamp("s", array.type.tz), safe=False)
        return pc.strftime(seconds, format="%Y-%m-%d %H:%M:%S" + suffix)
    return array


def xlsx_bytes(
    frames: Mapping[str, pd.DataFrame] | pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    notes: Sequence[str] = (),
) -> bytes:
    """Frames as an XLSX workbook, one sheet each, plus a Notes sheet when notes are given."""
    sheets = {"Data": frames} if isinstance(frames, pd.DataFrame) else dict(frames)
    buffer = io.BytesIO()
    write_xlsx({name: frame_reader(frame) for name, frame in sheets.items()}, buffer, labels, notes)
    return buffer.getvalue()


def write_xlsx(
    sheets: Mapping[str, Any],
    target: IO[bytes] | str,
    labels: Mapping[str, str] | None = None,
    notes: Sequence[str] = (),
    constant_memory: bool = False,
) -> int:
    """Write Arrow readers as sheets of a workbook with no formulas; returns the data rows written."""
    options = {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "nan_inf_to_errors": True,
        "remove_timezone": True,
        "constant_memory": constant_memory,
        "in_memory": not constant_memory,
    }
    workbook = xlsxwriter.Workbook(target, options)
    try:
        used: set[str] = set()
        rows = sum(
            _write_sheet(workbook, _sheet_name(name, used), reader, labels) for name, reader in sheets.items()
        )
        if notes:
            _write_notes(workbook, _sheet_name("Notes", used), notes)
    finally:
        workbook.close()
    return rows


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'")[:31] or "Sheet"
    candidate, number = base, 1
    while candidate.casefold() in used:
        number += 1
        candidate = f"{base[: 31 - len(str(number)) - 1]}_{number}"
    used.add(candidate.casefold())
    return candidate


def _write_sheet(workbook: Any, name: str, reader: Any, labels: Mapping[str, str] | None) -> int:
    sheet = workbook.add_worksheet(name)
    headers = display_headers(reader.schema.names, labels)
    bold = workbook.add_format({"bold": True})
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, bold)
    writers = [_cell_writer(workbook, sheet, field.type) for field in reader.schema]
    rows = 0
    for batch in reader:
        if rows + batch.num_rows > XLSX_MAX_ROWS:
            raise TooManyRows(
                f"More than {XLSX_MAX_ROWS:,} rows do not fit in an XLSX sheet: export them as CSV instead."
            )
        columns = [_python_values(column) for column in batch.columns]
        if rows == 0:
            _set_widths(sheet, headers, columns, reader.schema)
        # xlsxwriter writes cell by cell; a sheet is capped at about a million rows anyway.
        for offset, values in enumerate(zip(*columns, strict=True)):
            for col, value in enumerate(values):
                if value is not None:
                    writers[col](rows + offset + 1, col, value)
        rows += batch.num_rows
    if rows == 0:
        _set_widths(sheet, headers, [[] for _ in headers], reader.schema)
    sheet.freeze_panes(1, 0)
    if headers:
        sheet.autofilter(0, 0, rows, len(headers) - 1)
    return rows


def _python_values(array: Any) -> list[object]:
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    return list(array.to_pylist())


def _cell_writer(workbook: Any, sheet: Any, kind: Any) -> Any:
    """A function (row, col, value) writing one non-null value of an Arrow type with the right cell type."""
    if pa.types.is_date(kind):
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        return lambda row, col, value: sheet.write_datetime(row, col, value, day)
    if pa.types.is_timestamp(kind):
        moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        return lambda row, col, value: sheet.write_datetime(row, col, value, moment)
    if pa.types.is_decimal(kind):
        money = workbook.add_format({"num_format": "#,##0" + ("." + "0" * kind.scale if kind.scale else "")})
        return lambda row, col, value: sheet.write_number(row, col, float(value), money)
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        return sheet.write_number
    if pa.types.is_boolean(kind):
        return sheet.write_boolean
    return lambda row, col, value: sheet.write_string(row, col, _cell_text(value))


def _cell_text(value: object) -> str:
    text = value if isinstance(value, str) else _plain(value)
    if len(text) > _XLSX_TEXT_MAX // 2 and len(text.encode("utf-16-le")) // 2 > _XLSX_TEXT_MAX:
        room = 2 * (_XLSX_TEXT_MAX - len(_TRUNCATED))
        text = text.encode("utf-16-le")[:room].decode("utf-16-le", errors="ignore") + _TRUNCATED
    return text


def _plain(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _set_widths(sheet: Any, headers: list[str], columns: list[list[object]], schema: Any) -> None:
    for col, (header, values) in enumerate(zip(headers, columns, strict=True)):
        kind = schema.field(col).type
        if pa.types.is_date(kind):
            width = 10
        elif pa.types.is_timestamp(kind):
            width = 19
        else:
            sample = [_display_width(_plain(value)) for value in values[:_WIDTH_SAMPLE] if value is not None]
            width = max(sample, default=0)
        sheet.set_column(col, col, min(max(width, _display_width(header)) + 2, 60))


def _display_width(text: str) -> int:
    """Columns the text takes: Chinese characters are twice as wide as Latin ones."""
    first_line = text.split("\n", 1)[0][:100]
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in first_line)


def _write_notes(workbook: Any, name: str, notes: Sequence[str]) -> None:
    sheet = workbook.add_worksheet(name)
    sheet.set_column(0, 0, 100)
    for row, note in enumerate(notes):
        sheet.write_string(row, 0, _cell_text(note))
