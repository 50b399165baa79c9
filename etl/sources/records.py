"""JSON exports: a top-level array of records (.json) or one record per line (.jsonl, .ndjson).

DuckDB reads the records as JSON text (streaming, any size); the headers are the keys in the order
they are first seen across records, and every value is extracted as text (nested values as JSON).
"""

import json
from pathlib import Path

import duckdb

from etl.errors import FileRejected
from etl.sources.encodings import GuessedWrong, read_guessing
from etl.sources.tables import RawSheet, column_names, drop_blank_rows, drop_tables, row_count
from etl.sources.transcode import utf8_file
from etl.sql import quote

# One record may hold a 10 MB blob; DuckDB's reader reserves twice this per thread, inside the refresh's
# memory limit (etl.memory.BUILD_MEMORY_LIMIT), so it stays well under half of it.
MAX_RECORD_BYTES = 1 << 26
_KINDS = {
    "VARCHAR": "a string",
    "BOOLEAN": "true or false",
    "NULL": "null",
    "ARRAY": "an array",
    "OBJECT": "an object",
}
# DuckDB's words for a string that is not UTF-8: the guess was wrong, detect strictly and read again.
_INVALID_UTF8 = "invalid UTF-8"
_STARTS = {"{": "an object", "[": "an array", '"': "a string", "t": "true", "f": "false", "n": "null"}


def read_json_export(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, workdir: Path, lines: bool
) -> RawSheet:
    """Read a JSON array of records (or JSON lines) into `table`: `_row` (record index + 2), c0..cN.

    The encoding is guessed from the first MiB, as for CSV: DuckDB refuses a string that is not UTF-8,
    and then the file is detected strictly and read again.
    """
    sheet, _ = read_guessing(
        path, lambda encoding, guessed: _read_as(con, path, table, workdir, lines, encoding, guessed)
    )
    return sheet


def _read_as(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    workdir: Path,
    lines: bool,
    encoding: str,
    guessed: bool,
) -> RawSheet:
    objects = f"{table}_objects"
    with utf8_file(path, encoding, workdir) as text_path:
        if not lines:
            _check_array(con, text_path, path)
        try:
            con.execute(
                f"create or replace temp table {quote(objects)} as "  # noqa: S608
                "select json from read_json_objects($path, format = $format, maximum_object_size = $size)",
                {
                    "path": str(text_path),
                    "format": "newline_delimited" if lines else "array",
                    "size": MAX_RECORD_BYTES,
                },
            )
            # Numbered from their order in the table, as the CSV reader does (csv_files._read): numbering
            # them in the read with row_number() over () wrote the table on one thread.
            con.execute(f"alter table {quote(objects)} add column _row bigint")
            con.execute(f"update {quote(objects)} set _row = rowid + 2")  # noqa: S608
            _check_objects(con, objects, text_path, path, lines)
            headers = _keys(con, objects)
            if not headers:
                raise FileRejected(f"{path.name} holds no records with any field")
            _extract(con, objects, table, headers)
        except duckdb.OutOfMemoryException:
            drop_tables(con, [table])
            raise  # the machine's limit, not the file's fault: the refresh stops, nothing is published
        except duckdb.Error as error:
            drop_tables(con, [table])
            if guessed and _INVALID_UTF8 in str(error):
                raise GuessedWrong from None
            raise FileRejected(_malformed(text_path, path, lines, error)) from None
        finally:
            drop_tables(con, [objects])
    return RawSheet(table, headers, None, None, row_count(con, table))


def _check_array(con: duckdb.DuckDBPyConnection, text_path: Path, path: Path) -> None:
    first = _first_character(text_path)
    if first is None:
        raise FileRejected(f"{path.name} is empty")
    if first == "[":
        return
    found = _STARTS.get(first, "a number" if first in "-0123456789" else "not JSON")
    if found == "an object":
        found += _object_keys(con, text_path)
    raise FileRejected(f"{path.name} holds {found}, not an array of records like [{{...}}, {{...}}]")


def _first_character(text_path: Path) -> str | None:
    with text_path.open(encoding="utf-8-sig") as handle:
        while chunk := handle.read(4096):
            if text := chunk.lstrip():
                return text[0]
    return None


def _object_keys(con: duckdb.DuckDBPyConnection, text_path: Path) -> str:
    """' (with keys a, b)' for a single top-level object, so the user sees where the records hide."""
    try:
        keys = con.execute(
            "select json_keys(json) from read_json_objects($path, format = 'auto', "
            "maximum_object_size = $size) limit 1",
            {"path": str(text_path), "size": MAX_RECORD_BYTES},
        ).fetchone()
    except duckdb.Error:
        return ""
    return f" (with keys {', '.join(keys[0][:10])})" if keys and keys[0] else ""


def _check_objects(
    con: duckdb.DuckDBPyConnection, objects: str, text_path: Path, path: Path, lines: bool
) -> None:
    count, first_bad, kind = con.execute(
        f"with kinds as (select _row, json_type(json) as kind from {quote(objects)}) "  # noqa: S608
        "select count(*), min(_row) filter (where kind <> 'OBJECT'), "
        "arg_min(kind, _row) filter (where kind <> 'OBJECT') from kinds"
    ).fetchone() or (0, None, None)
    if count == 0:
        raise FileRejected(f"{path.name} holds no records")
    if first_bad is not None:
        what = _KINDS.get(kind, "a number")
        where = f"line {_line_of_record(text_path, first_bad - 1)}" if lines else f"record {first_bad - 1}"
        raise FileRejected(f"{path.name}: {where} is {what}, not a record (an object with named fields)")


def _keys(con: duckdb.DuckDBPyConnection, objects: str) -> tuple[str, ...]:
    """Every key, in the order first seen: by record, then by position within that record."""
    found = con.execute(
        "with keys as (select _row, unnest(json_keys(json)) as key, "  # noqa: S608
        f"generate_subscripts(json_keys(json), 1) as position from {quote(objects)}) "
        "select key from keys group by key order by min(_row), arg_min(position, _row)"
    ).fetchall()
    return tuple(key for (key,) in found)


def _extract(con: duckdb.DuckDBPyConnection, objects: str, table: str, headers: tuple[str, ...]) -> None:
    # One JSON pointer per key, bound as a list: each record is parsed once for all keys.
    pointers = ["/" + key.replace("~", "~0").replace("/", "~1") for key in headers]
    values = ", ".join(
        f"nullif(v[{index + 1}], '') as {quote(name)}"
        for index, name in enumerate(column_names(len(headers)))
    )
    con.execute(
        f"create or replace temp table {quote(table)} as select _row, {values} from "  # noqa: S608
        f"(select _row, json_extract_string(json, $pointers) as v from {quote(objects)})",
        {"pointers": pointers},
    )
    drop_blank_rows(con, table, len(headers))


def _malformed(text_path: Path, path: Path, lines: bool, error: duckdb.Error) -> str:
    """Name the first bad line of JSON lines; otherwise DuckDB's reason without the file path."""
    if lines:
        with text_path.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    json.loads(line)
                except json.JSONDecodeError as bad:
                    return f"{path.name}: line {number} is not valid JSON ({bad.msg} at column {bad.colno})"
    reason = str(error).splitlines()[0].removeprefix("Invalid Input Error: ")
    reason = reason.replace(f'in file "{text_path}", ', "").replace(f'"{text_path}"', path.name)
    return f"{path.name} is not valid JSON: {reason}"


def _line_of_record(text_path: Path, record: int) -> int:
    """The line holding the n-th record of JSON lines: blank lines are not records."""
    seen = 0
    with text_path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            seen += bool(line.strip())
            if seen == record:
                return number
    return record
