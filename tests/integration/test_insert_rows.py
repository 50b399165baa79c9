"""insert_rows: Python rows into a table in one statement, values and types as executemany gives them."""

from datetime import date
from decimal import Decimal

import duckdb
import pytest

from etl.load.rows import insert_rows


@pytest.fixture
def con():
    connection = duckdb.connect()
    connection.execute("create table t (name varchar, day date, amount decimal(18, 2), n integer, x double)")
    yield connection
    connection.close()


def test_rows_arrive_whole_and_in_order_with_their_types(con):
    rows = [
        ["广东省", date(2024, 1, 31), Decimal("12.50"), 1, 0.1],
        [None, None, None, None, None],
        ["北京", date(2015, 4, 14), Decimal("-3"), 3, 2.0],
    ]

    insert_rows(con, "t", ("name", "day", "amount", "n", "x"), rows)

    assert con.execute("select * from t").fetchall() == [tuple(row) for row in rows]


def test_a_column_of_only_missing_values_and_a_subset_of_columns(con):
    insert_rows(con, "t", ("n", "name"), [[1, None], [2, None]])

    assert con.execute("select n, name, day from t order by n").fetchall() == [
        (1, None, None),
        (2, None, None),
    ]


def test_no_rows_insert_nothing(con):
    insert_rows(con, "t", ("name",), [])

    assert con.execute("select count(*) from t").fetchone() == (0,)
