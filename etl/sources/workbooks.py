"""Excel workbooks (.xlsx): every sheet with a header row becomes one table of text.

Two readers give the same cells. python-calamine (Rust) parses a workbook about five times faster
than openpyxl (the 10M sample's 25 MB workbook: 4.0 s against 21.3 s; 12.2 s against 31.4 s with the
checks below and the tables written), so it reads first. openpyxl reads whatever calamine would read
differently: a workbook with formulas or error cells (openpyxl shows their text) or ISO date cells, a
whole number too large for a float to hold exactly (calamine reads numbers as floats, openpyxl keeps
the digits), a sheet that is not a worksheet, malformed XML (calamine reads past it, openpyxl refuses
it), and anything calamine cannot open (openpyxl's errors say what is wrong).
tests/integration/test_workbook_readers.py holds the two to the same tables.
"""

import datetime as dt
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.parsers import expat

import duckdb
import pyarrow as pa

from etl.errors import FileRejected
from etl.sources.tables import RawSheet, column_names, drop_tables
from etl.sql import quote

Cells = Sequence[str | None]


def cell_text(value: object) -> str | None:
    """A cell as the text a person reads: dates in ISO, 10001.0 as `10001`, blank as None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def read_workbook(con: duckdb.DuckDBPyConnection, path: Path, table_prefix: str) -> list[RawSheet]:
    """Read each sheet with a non-empty row into `{table_prefix}_{n}`; the first such row is the header."""
    if _calamine_reads_as_openpyxl(path):
        sheets = read_with_calamine(con, path, table_prefix)
        if sheets is not None:
            return sheets
    return read_with_openpyxl(con, path, table_prefix)


class _Inexact(Exception):
    """A cell calamine cannot give as openpyxl would."""


def read_with_calamine(
    con: duckdb.DuckDBPyConnection, path: Path, table_prefix: str
) -> list[RawSheet] | None:
    """The sheets as `read_workbook` gives them, or None (nothing left behind) where openpyxl must read."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    sheets: list[RawSheet] = []
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        if any(meta.typ != SheetTypeEnum.WorkSheet for meta in workbook.sheets_metadata):
            return None
        for name in workbook.sheet_names:
            # From cell A1, empty rows and columns included, so row numbers are the sheet's.
            rows = _rows(workbook.get_sheet_by_name(name).to_python(skip_empty_area=False), _exact_cell_text)
            if rows:
                sheets.append(_store(con, f"{table_prefix}_{len(sheets)}", name, rows))
    except Exception:  # calamine's errors, or _Inexact: openpyxl reads it and says why
        drop_tables(con, [sheet.table for sheet in sheets])
        return None
    return sheets or None


def _exact_cell_text(value: object) -> str | None:
    """cell_text, refusing a float that may have lost digits of a whole number written in the file."""
    if isinstance(value, float) and abs(value) >= _EXACT_FLOAT and value.is_integer():
        raise _Inexact
    return cell_text(value)


_EXACT_FLOAT = 2.0**53  # from here on, not every whole number has a float of its own


def read_with_openpyxl(con: duckdb.DuckDBPyConnection, path: Path, table_prefix: str) -> list[RawSheet]:
    """`read_workbook` by openpyxl: slower, and exact in every case calamine is not."""
    from openpyxl import load_workbook  # 0.2 s to import: paid only by a refresh that reads a workbook

    sheets: list[RawSheet] = []
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zip, XML and key errors for damaged files
        raise FileRejected(f"{path.name} cannot be opened as an .xlsx workbook ({_why(error)})") from None
    names = [worksheet.title for worksheet in workbook.worksheets]
    formulas = load_workbook(path, read_only=True, data_only=False) if _has_formulas(path) else None
    try:
        for number, worksheet in enumerate(workbook.worksheets):
            worksheet.reset_dimensions()  # trust the cells, not the size the sheet states
            values = worksheet.iter_rows(values_only=True)
            if formulas is not None:
                formula_sheet = formulas.worksheets[number]
                formula_sheet.reset_dimensions()
                values = _with_uncached_formulas(values, formula_sheet.iter_rows(values_only=True))
            rows = _rows(values)
            if rows:
                table = f"{table_prefix}_{len(sheets)}"
                sheets.append(_store(con, table, worksheet.title, rows))
    except Exception as error:  # a damaged sheet only shows while it is read
        drop_tables(con, [sheet.table for sheet in sheets])
        raise FileRejected(f"{path.name} cannot be read as an .xlsx workbook ({_why(error)})") from None
    finally:
        workbook.close()
        if formulas is not None:
            formulas.close()
    if not sheets:
        raise FileRejected(
            f"{path.name} has no sheet with a header row (sheets: {', '.join(names) or 'none'})"
        )
    return sheets


_FORMULA = (b"<f>", b"<f ")
_OTHER_CELLS = (b't="e"', b't="d"')  # an error cell; a date written as ISO text


def _has_formulas(path: Path) -> bool:
    """Whether any sheet of the workbook holds a formula (an `<f>` element in its XML)."""
    return _sheets_hold(path, _FORMULA)


def _calamine_reads_as_openpyxl(path: Path) -> bool:
    """Whether calamine gives this workbook's cells as openpyxl would: every XML part well-formed
    (calamine reads past malformed XML that openpyxl refuses, so it could pass over cells), and no
    formula or error cell, whose text only openpyxl gives, nor a date cell written as ISO text."""
    try:
        return not _sheets_hold(path, _FORMULA + _OTHER_CELLS, well_formed=True)
    except (zipfile.BadZipFile, OSError, expat.ExpatError):
        return False  # openpyxl reads it and says what is wrong


def _sheets_hold(path: Path, markers: tuple[bytes, ...], well_formed: bool = False) -> bool:
    """Whether any worksheet's XML holds one of `markers`. With `well_formed`, every XML part of the
    workbook is also parsed (expat), and malformed XML raises ExpatError."""
    longest = max(len(marker) for marker in markers)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
            parsed = well_formed and name.startswith("xl/") and name.endswith((".xml", ".rels"))
            if not sheet and not parsed:
                continue
            parser = expat.ParserCreate() if parsed else None
            with archive.open(name) as part:
                tail = b""
                while chunk := part.read(1 << 20):
                    if sheet and any(marker in tail + chunk for marker in markers):
                        return True
                    tail = chunk[-(longest - 1) :]
                    if parser:
                        parser.Parse(chunk, False)
            if parser:
                parser.Parse(b"", True)
    return False


def _with_uncached_formulas(
    values: Iterable[tuple[Any, ...]], formulas: Iterable[tuple[Any, ...]]
) -> Iterator[tuple[Any, ...]]:
    """The cached values, except that a formula saved without its value shows as its text (`=C2*2`).

    A workbook written by a program that never calculated it has formulas but no values: read as
    blanks, its amounts and dates would be rejected as missing, which misleads whoever fixes the file.
    """
    for row, formula_row in zip(values, formulas, strict=True):  # the same sheet XML, read twice
        padded = (*formula_row, *[None] * (len(row) - len(formula_row)))
        yield tuple(
            formula if value is None and isinstance(formula, str) and formula.startswith("=") else value
            for value, formula in zip(row, padded, strict=False)
        )


def _rows(
    values: Iterable[Sequence[Any]], text: Callable[[object], str | None] = cell_text
) -> list[tuple[int, Cells]]:
    """(sheet row number, cells as text) from the first non-empty row on, without empty rows."""
    rows: list[tuple[int, Cells]] = []
    for number, row in enumerate(values, start=1):
        cells = [text(value) for value in row]
        if any(cell is not None for cell in cells):
            rows.append((number, cells))
    return rows


def _store(con: duckdb.DuckDBPyConnection, table: str, sheet: str, rows: list[tuple[int, Cells]]) -> RawSheet:
    header_cells = rows[0][1]
    headers = [(cell or "").strip() for cell in header_cells]
    # Formatting can stretch a row past its last value; only columns with a header or a value count.
    width = max(_used_width(cells) for _, cells in rows)
    headers += [""] * (width - len(headers))
    columns: dict[str, pa.Array] = {"_row": pa.array([number for number, _ in rows[1:]], pa.int64())}
    for index, name in enumerate(column_names(width)):
        values = [cells[index] if index < len(cells) else None for _, cells in rows[1:]]
        columns[name] = pa.array(values, pa.string())
    view = f"{table}_arrow"
    con.register(view, pa.table(columns))
    try:
        con.execute(f"create or replace temp table {quote(table)} as select * from {quote(view)}")  # noqa: S608
    finally:
        con.unregister(view)
    return RawSheet(table, tuple(headers[:width]), sheet, None, len(rows) - 1)


def _used_width(cells: Cells) -> int:
    return max((index + 1 for index, cell in enumerate(cells) if cell is not None), default=0)


def _why(error: Exception) -> str:
    if isinstance(error, zipfile.BadZipFile):
        return "it is not an .xlsx file: an old .xls or a password-protected workbook must be saved as .xlsx"
    first_line = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {first_line}" if first_line else type(error).__name__
