"""Exchange exports of any supported kind, read into DuckDB tables of text: I/O only, no validation.

Every table has `_row` (the row a person sees when opening the file: header = 1, first data row = 2;
for JSON and Parquet the record index + 2) and c0..cN VARCHAR, one per header in file order. Blank
values are NULL; records with no value at all (blank lines, empty spreadsheet rows) are left out.
"""

from pathlib import Path

import duckdb

from etl.errors import FileRejected
from etl.sources.csv_files import read_csv_export
from etl.sources.parquet_files import read_parquet_export
from etl.sources.records import read_json_export
from etl.sources.tables import RawSheet
from etl.sources.workbooks import read_workbook

__all__ = ["SUFFIXES", "RawSheet", "read_export"]

TEXT = (".csv", ".tsv", ".txt")
WORKBOOKS = (".xlsx", ".xlsm")
JSON_LINES = (".jsonl", ".ndjson")
SUFFIXES = (*TEXT, *WORKBOOKS, ".json", *JSON_LINES, ".parquet")
_ADVICE = {
    ".xls": "old Excel .xls files are not read; save it as .xlsx",
    ".et": "WPS spreadsheets are not read; save it as .xlsx",
    ".zip": "archives are not unpacked; extract the files into the folder",
}


def read_export(
    con: duckdb.DuckDBPyConnection, path: Path, table_prefix: str, workdir: Path
) -> list[RawSheet]:
    """Read one export into temp tables `{table_prefix}_0`, `_1`, ... (one per xlsx sheet).

    `workdir` holds transcoded copies of GBK and UTF-16 text while DuckDB reads them.
    Raises FileRejected, with a message naming the file, for anything that cannot be read.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        advice = _ADVICE.get(suffix, "use .csv, .xlsx, .json, .jsonl or .parquet")
        raise FileRejected(f"{path.name}: files of type '{suffix or 'no extension'}' are not read; {advice}")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise FileRejected(f"{path.name} cannot be opened ({error.strerror})") from None
    if size == 0:
        raise FileRejected(f"{path.name} is empty")
    table = f"{table_prefix}_0"
    if suffix in WORKBOOKS:
        return read_workbook(con, path, table_prefix)
    if suffix == ".parquet":
        return [read_parquet_export(con, path, table)]
    if suffix in TEXT:
        return [read_csv_export(con, path, table, workdir)]
    return [read_json_export(con, path, table, workdir, lines=suffix in JSON_LINES)]
