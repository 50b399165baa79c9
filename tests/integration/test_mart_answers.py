"""Answers read from a mart (export row counts, the headline) equal the rows they stand for, one by one.

On a generated warehouse with rows on most days, so that a date inside a month always cuts some rows off.
"""

import calendar
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for dashboard_fixtures
from dashboard_fixtures import SPREAD_PROVINCES, build_spread_warehouse

from dashboard import export_queries, queries, warehouse
from dashboard.filters import Filters

WHOLE = [
    Filters(),
    Filters(start=date(2023, 1, 1)),
    Filters(end=date(2024, 2, 29)),  # a leap February's last day
    Filters(date(2023, 3, 1), date(2023, 5, 31), provinces=("31", "44")),
    Filters(date(2023, 1, 1), date(2023, 12, 31), categories=("finance",), sources=("government",)),
    Filters(exchanges=("SDE", "GZDE"), sources=("private", "unknown")),
    Filters(start=date(2030, 1, 1)),  # after every row
]
CUT = [
    Filters(date(2023, 3, 15), date(2023, 5, 31)),  # the start cuts March
    Filters(date(2023, 3, 1), date(2023, 5, 20), exchanges=("SDE",)),  # the end cuts May
    Filters(date(2023, 4, 10), date(2023, 4, 20)),  # both inside one month
    Filters(end=date(2024, 2, 20), provinces=("52",)),
    Filters(start=date(2022, 12, 31)),  # the last day of a month is not its first
]


def _last_day(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _widened(filters: Filters) -> Filters:
    """The same selection over every month its dates touch."""
    start = filters.start.replace(day=1) if filters.start else None
    return replace(filters, start=start, end=_last_day(filters.end) if filters.end else None)


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    path = build_spread_warehouse(tmp_path_factory.mktemp("spread") / "warehouse.duckdb")
    connection = warehouse.connect(warehouse.identify(path))
    cur = warehouse.cursor(connection)
    yield cur
    cur.close()
    connection.close()


def _exported(con: duckdb.DuckDBPyConnection, export: export_queries.Export, filters: Filters) -> list[Any]:
    return export_queries.export_reader(con, export, filters).read_all().to_pylist()


@pytest.mark.parametrize("export", ["transactions", "listings"])
@pytest.mark.parametrize("filters", WHOLE + CUT)
def test_the_row_count_is_the_number_of_rows_the_export_writes(
    con: duckdb.DuckDBPyConnection, export: export_queries.Export, filters: Filters
) -> None:
    assert export_queries.export_rows(con, export, filters) == len(_exported(con, export, filters))


@pytest.mark.parametrize("export", ["transactions", "listings"])
@pytest.mark.parametrize("filters", CUT)
def test_a_date_inside_a_month_is_counted_on_the_rows_not_the_mart(
    con: duckdb.DuckDBPyConnection, export: export_queries.Export, filters: Filters
) -> None:
    # The months the dates touch hold more rows than the selection: the mart alone would count those.
    assert not export_queries.whole_months(filters)
    assert export_queries.whole_months(_widened(filters))
    counted = export_queries.export_rows(con, export, filters)
    assert counted < export_queries.export_rows(con, export, _widened(filters))
    assert counted == len(_exported(con, export, filters))


def _add_months(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _period(
    con: duckdb.DuckDBPyConnection, filters: Filters, first: date, last: date, undated: bool = False
) -> dict[str, Any]:
    """The headline's numbers for the months first..last (and undated listings), from the exports' rows."""
    if first > last:
        trades: list[dict[str, Any]] = []
        listed: list[dict[str, Any]] = []
    else:
        dated = replace(filters, start=first, end=_last_day(last))
        trades = _exported(con, "transactions", dated)
        listed = _exported(con, "listings", filters if undated else dated)
    value = sum((row["value_cny"] for row in trades), Decimal(0))
    government = sum((row["value_cny"] for row in trades if row["source"] == "government"), Decimal(0))
    return {
        "first_month": first,
        "last_month": last,
        "value_cny": float(value) if trades else None,
        "deals": len(trades) or None,
        "listings": len(listed) or None,
        "exchanges": len({row["exchange_id"] for row in trades}),
        "government_share": float(government) / float(value) if trades and value else None,
    }


def _expected_headline(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, dict[str, Any]]:
    ((low, high),) = con.execute(
        "select min(day), max(day) from ("
        "select txn_date as day from transactions union all select listed_on from listings)"
    ).fetchall()
    first = (filters.start or low).replace(day=1)
    last = (filters.end or high).replace(day=1)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    return {
        "current": _period(con, filters, first, last, undated=filters.start is None and filters.end is None),
        "previous": _period(con, filters, _add_months(first, -span), _add_months(first, -1)),
    }


def _records(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    found = {}
    for record in frame.to_dict("records"):
        period = record.pop("period")
        found[period] = {
            key: (None if pd.isna(value) else value.date() if isinstance(value, pd.Timestamp) else value)
            for key, value in record.items()
        }
    return found


@pytest.mark.parametrize("filters", WHOLE + CUT)
def test_the_headline_equals_its_numbers_counted_from_the_rows(
    con: duckdb.DuckDBPyConnection, filters: Filters
) -> None:
    expected = _expected_headline(con, filters)
    assert _records(queries.headline(con, filters)) == expected
    assert expected["current"]["deals"] or filters.start == date(2030, 1, 1)


def test_the_headline_compares_with_a_previous_period_that_has_rows(con: duckdb.DuckDBPyConnection) -> None:
    head = _records(queries.headline(con, Filters(date(2023, 9, 1), date(2024, 2, 29), provinces=("31",))))
    assert head["previous"]["first_month"] == date(2023, 3, 1)
    assert head["previous"]["deals"] and head["previous"]["listings"] and head["previous"]["exchanges"]


def test_the_rollup_by_exchange_and_source_sums_the_full_mart(con: duckdb.DuckDBPyConnection) -> None:
    columns = "month, exchange_id, source, deals, value_cny"
    rollup = con.execute(f"select {columns} from mart_monthly_exchange_transactions order by all").fetchall()
    summed = con.execute(
        f"select {columns} from (select month, exchange_id, source, sum(deals)::bigint as deals, "
        "sum(value_cny) as value_cny from mart_monthly_transactions group by all) order by all"
    ).fetchall()
    assert len(rollup) > 100 and rollup == summed


def test_naming_every_province_gives_the_headline_of_naming_none(con: duckdb.DuckDBPyConnection) -> None:
    # No province or category named: summed from the rollup; every province named: from the full mart.
    for named in (Filters(), Filters(date(2023, 6, 1), date(2024, 5, 31), sources=("government",))):
        every = replace(named, provinces=tuple(SPREAD_PROVINCES))
        assert _records(queries.headline(con, every)) == _records(queries.headline(con, named))
