"""Normalise each distinct raw value once in Python, as small tables the staging SQL joins.

Every map is keyed by the text exactly as read (`raw`) and carries its cleaned text (`clean`: NFKC,
trimmed, None when blank), so the rows themselves are never cleaned for these columns.
"""

from collections.abc import Callable, Sequence
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TypeVar

import duckdb

from etl.errors import InvalidValue
from etl.load.context import LoadContext
from etl.normalise.amounts import parse_amount, unit_multiplier
from etl.normalise.categories import classify_category
from etl.normalise.dates import parse_date
from etl.normalise.text import clean_text

T = TypeVar("T")
Column = tuple[str, Sequence[str | date | Decimal | None]]  # (SQL type, one value per distinct raw text)
_NUMBER = "decimal(38, 6)"
_MULTIPLIER = "decimal(18, 0)"
# The staged number is DECIMAL(38, 6) like plain_number(): at most 20 digits before the point (times a
# unit of at most 10^9 it still fits), and 6 after (a float's noise such as 0.30000000000000004 is cut).
_SCALE = Decimal("0.000001")
_TOO_LARGE = Decimal(10) ** 20


def _distinct(con: duckdb.DuckDBPyConnection, column: str, only_unplain: bool = False) -> list[str]:
    # `column` is one of the staging view's own field names, never text from a file.
    where = "and plain_number(amount) is null" if only_unplain else ""
    query = f"select distinct {column} from stage_rows where {column} is not null {where}"  # noqa: S608
    return [row[0] for row in con.execute(query).fetchall()]


def _cleaned(
    con: duckdb.DuckDBPyConnection, column: str, only_unplain: bool = False
) -> tuple[list[str], list[str | None]]:
    """The distinct raw texts of a staged column, and each one cleaned."""
    raws = _distinct(con, column, only_unplain)
    return raws, [clean_text(raw) for raw in raws]


def _attempt(parse: Callable[[str], T], text: str | None) -> tuple[T | None, str | None]:
    if text is None:
        return None, None
    try:
        return parse(text), None
    except InvalidValue as error:
        return None, str(error)


def _create(con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, Column]) -> None:
    """Create the map `name` with one row per position of the columns' values.

    The values are bound as lists of text and cast in SQL: exact for decimals and dates, and no pandas
    (which pyarrow imports to build an array from Python objects: 0.3 s of every refresh).
    """
    # `name` and the column names and types are this module's own, never text from a file.
    selects = ", ".join(
        f"cast(unnest(cast(${column} as varchar[])) as {sql_type}) as {column}"
        for column, (sql_type, _) in columns.items()
    )
    texts = {column: [_text(value) for value in values] for column, (_, values) in columns.items()}
    con.execute(f"create or replace temp table {name} as select {selects}", texts)


def _text(value: str | date | Decimal | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")  # never exponent notation
    return value.isoformat()


def date_map(con: duckdb.DuckDBPyConnection, column: str) -> None:
    """map_date(raw, value, error) for every distinct text in the staged date column."""
    raws, cleans = _cleaned(con, column)
    parsed = [_attempt(parse_date, text) for text in cleans]
    _create(
        con,
        "map_date",
        {
            "raw": ("varchar", raws),
            "clean": ("varchar", cleans),
            "value": ("date", [value for value, _ in parsed]),
            "error": ("varchar", [error for _, error in parsed]),
        },
    )


def amount_map(con: duckdb.DuckDBPyConnection) -> None:
    """map_amount(raw, number, multiplier, error) for amounts that are not plain numbers."""
    raws, cleans = _cleaned(con, "amount", only_unplain=True)
    parsed = [_attempt(_storable_amount, text) for text in cleans]
    _create(
        con,
        "map_amount",
        {
            "raw": ("varchar", raws),
            "clean": ("varchar", cleans),
            "number": (_NUMBER, [value[0] if value else None for value, _ in parsed]),
            "multiplier": (_MULTIPLIER, [value[1] if value else None for value, _ in parsed]),
            "error": ("varchar", [error for _, error in parsed]),
        },
    )


def _storable_amount(raw: str) -> tuple[Decimal, Decimal | None]:
    """parse_amount, with the number rounded to the 6 places the staging SQL keeps; huge ones refused."""
    number, multiplier = parse_amount(raw)
    if not number.is_finite() or abs(number) >= _TOO_LARGE:
        raise InvalidValue(f"amount '{raw}' is too large to be an amount of money")
    return number.quantize(_SCALE, rounding=ROUND_HALF_EVEN), multiplier


def unit_map(con: duckdb.DuckDBPyConnection) -> None:
    """map_unit(raw, multiplier, error) for the values of a unit column."""
    raws, cleans = _cleaned(con, "unit")
    parsed = [_attempt(unit_multiplier, text) for text in cleans]
    _create(
        con,
        "map_unit",
        {
            "raw": ("varchar", raws),
            "clean": ("varchar", cleans),
            "multiplier": (_MULTIPLIER, [value for value, _ in parsed]),
            "error": ("varchar", [error for _, error in parsed]),
        },
    )


def lookup_maps(con: duckdb.DuckDBPyConnection, ctx: LoadContext) -> None:
    """map_exchange, map_province, map_category, map_supplier for the staged names."""
    raws, cleans = _cleaned(con, "exchange")
    _create(
        con,
        "map_exchange",
        _lookup(raws, cleans, exchange_id=[_resolve(ctx.exchanges.resolve, t) for t in cleans]),
    )
    raws, cleans = _cleaned(con, "province")
    _create(
        con,
        "map_province",
        _lookup(raws, cleans, province_code=[_resolve(ctx.provinces.resolve, t) for t in cleans]),
    )
    raws, cleans = _cleaned(con, "category")
    categories = [None if t is None else classify_category(t, ctx.categories) for t in cleans]
    _create(con, "map_category", _lookup(raws, cleans, category_id=categories))
    raws, cleans = _cleaned(con, "supplier_type")
    classified = [(None, None) if t is None else ctx.supplier_types.classify(t) for t in cleans]
    _create(
        con,
        "map_supplier",
        _lookup(
            raws,
            cleans,
            supplier_type=[kind for kind, _ in classified],
            source=[src for _, src in classified],
        ),
    )


def _resolve(resolve: Callable[[str], str | None], text: str | None) -> str | None:
    return None if text is None else resolve(text)


def _lookup(raws: list[str], cleans: list[str | None], **values: list[str | None]) -> dict[str, Column]:
    """A lookup map: raw, clean, then the named columns of text."""
    columns: dict[str, Sequence[str | None]] = {"raw": raws, "clean": cleans, **values}
    return {name: ("varchar", column) for name, column in columns.items()}
