"""Write a frame as an exchange would export it: CSV in its encoding, XLSX, JSON, JSON lines or Parquet."""

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter

from etl.sample.layouts import Format

Sheets = Sequence[tuple[str | None, pd.DataFrame]]

# A fixed creation time keeps workbooks byte-identical from run to run.
WORKBOOK_CREATED = datetime(2024, 6, 1, 9, 0, 0)
EXCEL_EPOCH = np.datetime64("1899-12-30", "D")


def write_export(path: Path, file_format: Format, sheets: Sheets, encoding: str = "utf-8") -> None:
    """Write `sheets` to `path`; only xlsx holds more than one sheet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if file_format == "xlsx":
        _write_xlsx(path, sheets)
        return
    if len(sheets) != 1:
        raise ValueError(f"a {file_format} file holds one table, not {len(sheets)}")
    frame = sheets[0][1]
    if file_format == "csv":
        # GBK exports come from Windows tools: CRLF line ends.
        ending = "\r\n" if encoding.lower() == "gbk" else "\n"
        frame.to_csv(path, index=False, encoding=encoding, errors="strict", lineterminator=ending)
    elif file_format in ("json", "jsonl"):
        lines = file_format == "jsonl"
        _blanks_as_missing(frame).to_json(path, orient="records", force_ascii=False, lines=lines)
    else:
        pq.write_table(_arrow_table(frame), path)


def _blanks_as_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """Typed formats write a missing value, not an empty string."""
    blanked = frame.copy()
    for name, column in frame.items():
        if column.dtype == "str":
            blanked[name] = column.mask(column == "")
    return blanked


def _arrow_table(frame: pd.DataFrame) -> pa.Table:
    columns = {}
    for name, column in _blanks_as_missing(frame).items():
        if pd.api.types.is_datetime64_any_dtype(column):
            columns[str(name)] = pa.array(column.to_numpy().astype("datetime64[D]"), pa.date32())
        else:
            columns[str(name)] = pa.array(column)
    return pa.table(columns)


def _write_xlsx(path: Path, sheets: Sheets) -> None:
    options = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(str(path), options)
    workbook.set_properties({"title": "SYNTHETIC sample export", "created": WORKBOOK_CREATED})
    bold = workbook.add_format({"bold": True})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for name, frame in sheets:
        sheet = workbook.add_worksheet(name)
        sheet.write_row(0, 0, [str(header) for header in frame.columns], bold)
        sheet.freeze_panes(1, 0)
        sheet.set_column(0, len(frame.columns) - 1, 16)
        for number, (_, column) in enumerate(_blanks_as_missing(frame).items()):
            # write_column walks the cells; dates are serial numbers with a date format: real date cells.
            if pd.api.types.is_datetime64_any_dtype(column):
                serial = (column.to_numpy().astype("datetime64[D]") - EXCEL_EPOCH).astype(np.int64)
                sheet.write_column(1, number, serial.tolist(), date)
            else:
                sheet.write_column(1, number, column.astype(object).where(column.notna(), None).tolist())
    workbook.close()
