"""The sidebar shared by every page: language, the selection (kept in the URL), and full exports."""

import calendar
import io
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import data, exports
from dashboard.export_queries import Export, export_notes, export_reader
from dashboard.filters import SOURCES, Filters, InvalidFilter
from dashboard.i18n import LANGS, Labels, Lang, language_of
from dashboard.panels import literal
from dashboard.warehouse import Identity

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
CODES = {"provinces": "province", "exchanges": "exchange", "categories": "category"}
KEYS = ("start", "end", "provinces", "exchanges", "categories", "sources")


def language() -> Lang:
    """The language chosen in the sidebar: first from the link, else from the browser's locale."""
    if "lang" not in st.session_state:
        asked = st.query_params.get("lang")
        st.session_state["lang"] = asked if asked in LANGS else language_of(st.context.locale)
    st.sidebar.radio(
        "语言 / Language", LANGS, format_func=LANGUAGE_NAMES.__getitem__, key="lang", horizontal=True
    )
    lang: Lang = st.session_state["lang"]
    st.query_params["lang"] = lang
    return lang


def _months(first: date, last: date) -> list[date]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _from_link(labels: Labels, names: pd.DataFrame) -> Filters:
    try:
        filters = Filters.from_mapping({key: st.query_params.get(key) for key in KEYS})
    except InvalidFilter as problem:
        st.warning(labels("app.bad_link", problem=literal(problem)))
        return Filters()
    unknown = []
    kept: dict[str, tuple[str, ...]] = {}
    for field, dimension in CODES.items():
        known = set(names.loc[names["dimension"] == dimension, "key"])
        values = getattr(filters, field)
        kept[field] = tuple(v for v in values if v in known)
        unknown += [v for v in values if v not in known]
    if unknown:
        st.warning(labels("app.unknown_codes", codes=literal(", ".join(unknown))))
    return Filters(filters.start, filters.end, sources=filters.sources, **kept)


def _initialise(filters: Filters, months: list[date]) -> None:
    # The period slider gets its starting range as `value` (that is what makes it a range slider);
    # the multiselects start from Session State.
    st.session_state.pop("f_period", None)
    if months:
        first = (
            max(months[0], date(filters.start.year, filters.start.month, 1)) if filters.start else months[0]
        )
        last = min(months[-1], date(filters.end.year, filters.end.month, 1)) if filters.end else months[-1]
        st.session_state["period_default"] = (first, last) if first <= last else (months[0], months[-1])
    for field in ("provinces", "exchanges", "categories", "sources"):
        st.session_state[f"f_{field}"] = list(getattr(filters, field))


def _reset(months: list[date]) -> None:
    _initialise(Filters(), months)


def _period(labels: Labels, months: list[date]) -> None:
    default = st.session_state.get("period_default", (months[0], months[-1]))
    if not set(default) <= set(months):  # a refresh changed the months since this session began
        default = st.session_state["period_default"] = (months[0], months[-1])
    if not set(st.session_state.get("f_period", ())) <= set(months):
        st.session_state.pop("f_period", None)
    st.sidebar.select_slider(
        labels("filter.period"), options=months, value=default, format_func=labels.month, key="f_period"
    )


def selection(identity: Identity, labels: Labels, names: pd.DataFrame, span: tuple[Any, Any]) -> Filters:
    """Render the filters and return them; the link (URL) always holds the current selection."""
    months = _months(span[0], span[1]) if span[0] is not None and span[1] is not None else []
    if "f_sources" not in st.session_state:
        _initialise(_from_link(labels, names), months)
    side = st.sidebar
    side.header(labels("filter.heading"))
    if len(months) > 1:
        _period(labels, months)
    for field, dimension in CODES.items():
        shown = names[names["dimension"] == dimension]
        display = dict(zip(shown["key"], shown[labels.name_column], strict=True))
        side.multiselect(
            labels(f"filter.{field}"), list(display), format_func=display.__getitem__,
            key=f"f_{field}", placeholder=labels("filter.all"),
        )  # fmt: skip
    side.multiselect(
        labels("filter.sources"), list(SOURCES), format_func=lambda k: labels.term("source", k),
        key="f_sources", placeholder=labels("filter.all"),
    )  # fmt: skip
    side.button(labels("filter.reset"), on_click=_reset, args=(months,), type="secondary")
    filters = _current(months)
    _to_link(filters)
    side.caption(labels("filter.link"))
    _exports(identity, labels, filters)
    return filters


def _current(months: list[date]) -> Filters:
    start = end = None
    if months and "f_period" in st.session_state:
        first, last = st.session_state["f_period"]
        if (first, last) != (months[0], months[-1]):
            start, end = first, date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])
    return Filters(
        start=start,
        end=end,
        **{
            field: tuple(st.session_state[f"f_{field}"])
            for field in ("provinces", "exchanges", "categories", "sources")
        },
    )


def _to_link(filters: Filters) -> None:
    wanted = {
        k: (v.isoformat() if isinstance(v, date) else ",".join(map(str, v)))  # type: ignore[call-overload]
        for k, v in filters.params().items()
        if v
    }
    for key in KEYS:
        if key in wanted and st.query_params.get(key) != wanted[key]:
            st.query_params[key] = wanted[key]
        elif key not in wanted and key in st.query_params:
            del st.query_params[key]


def _export_bytes(identity: Identity, export: Export, filters: Filters, kind: str) -> bytes:
    cur = data.cursor(identity)
    try:
        buffer = io.BytesIO()
        reader = export_reader(cur, export, filters)
        if kind == "csv":
            exports.write_csv(reader, buffer)
        else:
            exports.write_xlsx({export: reader}, buffer, notes=export_notes(cur, export, filters))
        return buffer.getvalue()
    finally:
        cur.close()


def _exports(identity: Identity, labels: Labels, filters: Filters) -> None:
    with st.sidebar.expander(labels("export.heading")):
        for export in ("transactions", "listings"):
            rows = data.export_rows(identity, export, filters)
            st.markdown(
                f"**{labels(f'export.{export}')}** · {labels('export.rows', rows=labels.count(rows))}"
            )
            with st.container(horizontal=True):
                for kind in ("csv", "xlsx"):
                    too_many = kind == "xlsx" and rows > exports.XLSX_MAX_ROWS
                    st.download_button(
                        labels(f"export.{kind}"),
                        data=lambda e=export, k=kind: _export_bytes(identity, e, filters, k),  # type: ignore[misc]
                        file_name=f"dexstat-{export}.{kind}",
                        key=f"export-{export}-{kind}",
                        disabled=too_many,
                        help=labels("export.too_many") if too_many else None,
                        on_click="ignore",
                        icon=":material/download:",
                    )
