"""The value maps are built in DuckDB from bound text: decimals and dates exact, empty maps typed."""

from datetime import date
from decimal import Decimal

import duckdb

from etl.load.value_maps import _create


def test_decimals_dates_and_missing_values_arrive_exactly_with_their_types():
    con = duckdb.connect()
    _create(
        con,
        "map_amount",
        {
            "raw": ("varchar", ["1.5亿", "x", "１２"]),
            "number": ("decimal(38, 6)", [Decimal("1E+20") - Decimal("0.000001"), None, Decimal("12")]),
            "multiplier": ("decimal(18, 0)", [Decimal("1E+8"), None, Decimal(1)]),
            "day": ("date", [date(2024, 2, 29), None, date(1999, 12, 31)]),
        },
    )
    assert con.execute("select * from map_amount order by raw").fetchall() == [
        ("1.5亿", Decimal("99999999999999999999.999999"), Decimal(100000000), date(2024, 2, 29)),
        ("x", None, None, None),
        ("１２", Decimal("12.000000"), Decimal(1), date(1999, 12, 31)),
    ]


def test_an_empty_map_has_no_rows_and_its_columns_types():
    con = duckdb.connect()
    _create(con, "map_unit", {"raw": ("varchar", []), "multiplier": ("decimal(18, 0)", [])})
    assert con.execute("select count(*) from map_unit").fetchall() == [(0,)]
    assert con.execute("select column_type from (describe map_unit)").fetchall() == [
        ("VARCHAR",),
        ("DECIMAL(18,0)",),
    ]
