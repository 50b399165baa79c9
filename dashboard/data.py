"""Cached access to the warehouse and the map shapes: the only module that uses Streamlit's caches.

Every cached query is keyed by the warehouse build's identity (path, inode, mtime, size), so a refresh
that publishes a new file is picked up on the next rerun, without a restart.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec

import duckdb
import pandas as pd
import streamlit as st

from dashboard import export_queries, queries, warehouse
from dashboard.filters import Filters
from dashboard.warehouse import Identity

if TYPE_CHECKING:
    from dashboard.geo import Shapes

P = ParamSpec("P")
Query = Callable[Concatenate[duckdb.DuckDBPyConnection, P], pd.DataFrame]


# Not closed when dropped from the cache: a session may be reading it through a cursor at that moment.
# Each cursor keeps the build open; the last one closed (or the connection's garbage) releases the file.
@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(identity: Identity) -> duckdb.DuckDBPyConnection:
    return warehouse.connect(identity)


def current() -> Identity:
    """The published build, opened once per build; raises warehouse.Unavailable in plain terms."""
    for _ in range(3):
        identity = warehouse.identify(warehouse.locate())
        try:
            _connection(identity)
        except warehouse.Replaced:  # published between the look and the open: look again
            continue
        return identity
    raise warehouse.Unavailable("busy")


def cursor(identity: Identity) -> duckdb.DuckDBPyConnection:
    """A fresh cursor on the build (for streaming exports); close it when done."""
    return warehouse.cursor(_connection(identity))


@st.cache_data(max_entries=2000, show_spinner=False)
def _cached(identity: Identity, name: str, args: tuple[object, ...]) -> pd.DataFrame:
    if name not in queries.__all__:
        raise ValueError(f"{name!r} is not a dashboard query")
    query = getattr(queries, name)
    cur = cursor(identity)
    try:
        frame: pd.DataFrame = query(cur, *args)
    finally:
        cur.close()
    return frame


def fetch(identity: Identity, query: Query[P], *args: P.args, **kwargs: P.kwargs) -> pd.DataFrame:
    """The result of `query(con, *args)` on this build, cached (queries return small aggregates)."""
    if kwargs:
        raise TypeError("pass query arguments by position so they key the cache")
    try:
        return _cached(identity, query.__name__, tuple(args))
    except warehouse.Replaced:
        # This run began on a build that newer ones have since pushed out of the cache, and it cannot
        # be reopened: start the run again on the build published now, rather than mix the two.
        st.rerun()


def export_rows(identity: Identity, export: export_queries.Export, filters: Filters) -> int:
    """How many rows the full export of the selection holds."""
    try:
        return _export_rows(identity, export, filters)
    except warehouse.Replaced:
        st.rerun()  # as in fetch


@st.cache_data(max_entries=500, show_spinner=False)
def _export_rows(identity: Identity, export: export_queries.Export, filters: Filters) -> int:
    cur = cursor(identity)
    try:
        return export_queries.export_rows(cur, export, filters)
    finally:
        cur.close()


@st.cache_resource(show_spinner=False)
def shapes() -> "Shapes":
    """Simplified province shapes, built once per process and shared (never mutate them)."""
    from dashboard.geo import load_shapes  # only the Provinces page needs shapely and the boundaries

    return load_shapes()
