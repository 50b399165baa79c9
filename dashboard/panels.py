"""Building blocks of every page: a chart or a table with its data as CSV and XLSX, and safe text."""

import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import exports
from dashboard.i18n import MISSING
from dashboard.plotly_frame import plotly_frame
from dashboard.view import View

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$])")


def literal(text: object) -> str:
    """Text from the data, escaped so Markdown shows it as written (no links, images or HTML)."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def note(text: str) -> None:
    """A caption whose text may come from the data (a source, a file name)."""
    st.caption(literal(text))


def headers(view: View, frame: pd.DataFrame) -> dict[str, str]:
    """Column headers in the current language for the columns that have one."""
    found = {c: view.labels.term("header", c) for c in frame.columns}
    return {c: h for c, h in found.items() if h != c}


def _notes(view: View, title: str) -> list[str]:
    labels = view.labels
    chosen = {k: v for k, v in view.filters.params().items() if v not in (None, [])}
    lines = [
        title,
        labels("export.selection", selection="; ".join(f"{k} = {v}" for k, v in chosen.items()) or "—"),
    ]
    if view.is_sample:
        lines.append(labels("app.sample"))
    return lines


def downloads(view: View, frame: pd.DataFrame, name: str, title: str = "") -> None:
    """Two buttons giving the frame as CSV (UTF-8 with BOM) and XLSX, built only when clicked."""
    named = headers(view, frame)
    with st.container(horizontal=True):
        st.download_button(
            view.labels("download.csv"),
            data=lambda: exports.csv_bytes(frame, named),
            file_name=f"dexstat-{name}.csv",
            mime="text/csv",
            key=f"csv-{name}",
            icon=":material/download:",
            type="tertiary",
            on_click="ignore",
        )
        st.download_button(
            view.labels("download.xlsx"),
            data=lambda: exports.xlsx_bytes({name[:31]: frame}, named, _notes(view, title or name)),
            file_name=f"dexstat-{name}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"xlsx-{name}",
            icon=":material/table:",
            type="tertiary",
            on_click="ignore",
        )


def chart(
    view: View,
    fig: go.Figure,
    frame: pd.DataFrame,
    name: str,
    title: str = "",
    on_click: Callable[[], None] | None = None,
) -> None:
    """A titled chart (PNG from its toolbar) with its data as downloads; a click is in st.session_state."""
    if title:
        st.subheader(literal(title))  # titles may hold names from the data
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": f"dexstat-{name}", "scale": 2},
    }
    words = {"failed": view.labels("app.chart_failed"), "fullscreen": view.labels("app.chart_fullscreen")}
    plotly_frame(fig, config, key=f"chart-{name}", words=words, on_click=on_click)
    downloads(view, frame, name, title)


def counts(view: View, frame: pd.DataFrame, *columns: str) -> dict[str, Any]:
    """Table settings that show these count columns with the reader's thousands separators (10,166,668),
    for `table(config=...)`. Only counts: a year or a row number keeps its digits as they are."""
    named = headers(view, frame)
    return {c: st.column_config.NumberColumn(named.get(c, c), format="localized") for c in columns}


def _column(values: pd.Series, label: str) -> Any:
    if pd.api.types.is_datetime64_any_dtype(values):
        days = values.dropna()
        if (days == days.dt.normalize()).all():
            return st.column_config.DateColumn(label, format="YYYY-MM-DD")
        return st.column_config.DatetimeColumn(label, format="YYYY-MM-DD HH:mm")
    return st.column_config.Column(label)


def table(
    view: View,
    frame: pd.DataFrame,
    name: str,
    title: str = "",
    config: Mapping[str, Any] | None = None,
    download: pd.DataFrame | None = None,
) -> None:
    """A titled table with localised headers; downloads give `download` (default: the frame shown)."""
    if title:
        st.subheader(literal(title))  # titles may hold names from the data
    named = headers(view, frame)
    columns = {c: _column(frame[c], named.get(c, c)) for c in frame.columns}
    height = min(len(frame), 15) * 35 + 40  # whole tables up to 15 rows, then a scroll bar
    st.dataframe(
        frame,
        hide_index=True,
        column_config={**columns, **(config or {})},
        placeholder=MISSING,
        height=height,
    )
    downloads(view, frame if download is None else download, name, title)
