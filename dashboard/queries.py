"""What each page asks the warehouse: one function per question, SQL from dashboard/sql, values bound."""

from functools import cache
from importlib import resources
from typing import Literal, get_args

import duckdb
import pandas as pd

from dashboard.filters import Filters

Dimension = Literal["source", "category", "exchange", "province", "supplier_type"]
DIMENSIONS: tuple[Dimension, ...] = get_args(Dimension)

__all__ = [
    "DIMENSIONS",
    "Dimension",
    "annual",
    "breakdown",
    "coverage",
    "cross_tab",
    "exchanges",
    "headline",
    "last_refresh",
    "month_range",
    "monthly",
    "names",
    "national_figures",
    "provinces",
    "published_figures",
    "quality_counts",
    "refresh_history",
    "rejects",
    "statistic_sources",
    "unmapped",
]


@cache
def _sql(name: str) -> str:
    return resources.files("dashboard").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


def _frame(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object] | None = None
) -> pd.DataFrame:
    return con.execute(_sql(name), params or {}).df()


def _dimension(value: str) -> Dimension:
    if value not in DIMENSIONS:
        raise ValueError(f"unknown dimension {value!r}; expected one of {DIMENSIONS}")
    return value


def _dated(filters: Filters) -> dict[str, object]:
    return filters.params()


def _undated(filters: Filters) -> dict[str, object]:
    return {k: v for k, v in filters.params().items() if k not in ("start", "end")}


def names(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """dimension, key, name_zh, name_en for provinces, exchanges, categories and supplier types."""
    return _frame(con, "names")


def month_range(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row: first_month, last_month with any transaction or dated listing (nulls when none)."""
    return _frame(con, "month_range")


def last_refresh(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The latest refresh: run_id, finished_at, as_of, is_sample, rows_loaded, rows_rejected."""
    return _frame(con, "last_refresh")


def headline(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Rows 'current' and 'previous' (equal length, just before): value, deals, listings, exchanges, share."""
    return _frame(con, "headline", _dated(filters))


def monthly(con: duckdb.DuckDBPyConnection, filters: Filters, dimension: str) -> pd.DataFrame:
    """month, key, value_cny, deals: the selection's trade per month by one dimension."""
    return _frame(con, "monthly", {**_dated(filters), "dimension": _dimension(dimension)})


def breakdown(con: duckdb.DuckDBPyConnection, filters: Filters, dimension: str) -> pd.DataFrame:
    """key, names, value_cny, deals, listings, government_share by one dimension, largest value first."""
    return _frame(con, "breakdown", {**_dated(filters), "dimension": _dimension(dimension)})


def cross_tab(con: duckdb.DuckDBPyConnection, filters: Filters, rows: str, columns: str) -> pd.DataFrame:
    """row_key, row names, column_key, value_cny, deals, row_value_cny: trade by two dimensions."""
    params = {**_dated(filters), "rows": _dimension(rows), "columns": _dimension(columns)}
    return _frame(con, "cross_tab", params)


def provinces(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every province: value_cny, deals, listings, gdp_cny, value_per_100m_gdp (nulls where no data)."""
    return _frame(con, "provinces", _dated(filters))


def annual(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per year: the selection's trade next to national digital economy, GDP and market size, with sources."""
    return _frame(con, "annual", _dated(filters))


def exchanges(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per exchange: city, founded, ownership, listings, deals, value_cny, government_share."""
    return _frame(con, "exchanges", _dated(filters))


def published_figures(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Figures published about the exchanges in the filter, with kind, as-of date and source."""
    return _frame(con, "published_figures", {"exchanges": list(filters.exchanges)})


def national_figures(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Figures published about the national data-trading market, with kind, as-of date and source."""
    return _frame(con, "national_figures")


def statistic_sources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """indicator, scope, source, first_year, last_year, figures: where each statistic comes from."""
    return _frame(con, "statistic_sources")


def coverage(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """exchange_id, names, month, deals (null = no data) for every exchange and month of the selection."""
    return _frame(con, "coverage", _dated(filters))


def quality_counts(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row: deals, unclassified_deals/value, unknown_supplier_deals/value in the selection."""
    return _frame(con, "quality_counts", _dated(filters))


def refresh_history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every published refresh, newest first."""
    return _frame(con, "refresh_history")


def rejects(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """reason_code, file, rows, example_reason, example_row, example_raw; most rows first."""
    return _frame(con, "rejects")


def unmapped(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """field ('category' or 'supplier_type'), raw_value, rows, files: values kept but not classified."""
    return _frame(con, "unmapped")
