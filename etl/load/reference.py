"""Load the committed reference facts into the warehouse; every refresh reloads them."""

from datetime import date

import duckdb

from etl.load.rows import insert_rows
from etl.sources.reference import Reference, Rows
from etl.sql import quote

UNKNOWN_SUPPLIER = {
    "supplier_type": "unknown",
    "source": "unknown",
    "name_zh": "未知",
    "name_en": "Unknown",
    "aliases": "",
}


def founding(text: str) -> tuple[date | None, str | None]:
    """'2015-04-14' -> day precision, '2014-02' -> month, '2022' -> year, '' -> unknown."""
    parts = [int(part) for part in text.split("-")] if text.strip() else []
    precision = {1: "year", 2: "month", 3: "day"}.get(len(parts))
    if precision is None:
        return None, None
    year, month, day = ([*parts, 1, 1])[:3]
    return date(year, month, day), precision


def _blank_to_none(row: dict[str, str], columns: tuple[str, ...]) -> list[object]:
    return [row[column] if row.get(column, "") != "" else None for column in columns]


def _replace(
    con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...], rows: list[list[object]]
) -> None:
    # `table` and `columns` are fixed names from this module, never from data.
    con.execute(f"delete from {quote(table)}")  # noqa: S608
    insert_rows(con, table, columns, rows)


def load_reference_tables(con: duckdb.DuckDBPyConnection, reference: Reference) -> None:
    """Replace provinces, exchanges, categories, supplier types and published figures."""
    simple: list[tuple[str, tuple[str, ...], Rows]] = [
        (
            "provinces",
            ("province_code", "name_zh", "name_en", "region", "aliases"),
            reference.provinces,
        ),
        ("categories", ("category_id", "name_zh", "name_en", "aliases"), reference.categories),
        (
            "supplier_types",
            ("supplier_type", "source", "name_zh", "name_en", "aliases"),
            [*reference.supplier_types, UNKNOWN_SUPPLIER],
        ),
        (
            "published_figures",
            (
                "subject",
                "metric",
                "kind",
                "period_start",
                "as_of",
                "value",
                "unit",
                "source",
                "confidence",
            ),
            reference.published_figures,
        ),
    ]
    for table, columns, rows in simple:
        _replace(con, table, columns, [_blank_to_none(row, columns) for row in rows])
    columns = (
        "exchange_id",
        "name_zh",
        "name_en",
        "aliases",
        "city",
        "province_code",
        "founded_on",
        "founded_precision",
        "ownership",
        "source",
    )
    exchange_rows = []
    for row in reference.exchanges:
        founded_on, precision = founding(row["founded_on"])
        known = _blank_to_none(row, columns[:6])
        exchange_rows.append([*known, founded_on, precision, row["ownership"] or None, row["source"]])
    _replace(con, "exchanges", columns, exchange_rows)
