"""Exchanges: one row per exchange, and the figures published about each, kept apart by kind."""

import streamlit as st

from dashboard import charts, panels, queries, tables
from dashboard.view import View, shared


def render(view: View) -> None:
    """Render the page."""
    labels, filters = view.labels, view.filters
    st.title(labels("page.exchanges"))
    frame = view.fetch(queries.exchanges, filters)
    shown = tables.exchange_table(frame, labels, view.names_of("province"))
    config = {"province_code": labels("dimension.province"), "value_cny": labels("measure.value")}
    panels.table(view, shown, "exchanges", labels("exchanges.table"), config=config, download=frame)
    st.subheader(labels("exchanges.published"))
    st.info(labels("exchanges.kinds_note"), icon=":material/info:")
    figures = view.fetch(queries.published_figures, filters)
    if figures.empty:
        st.caption(labels("app.no_data"))
        return
    metric, kind = st.selectbox(
        labels("exchanges.pick"), tables.figure_choices(figures), key="published_pick",
        format_func=lambda p: f"{labels.term('metric', p[0])} · {labels.term('kind', p[1])}",
    )  # fmt: skip
    chosen = figures[(figures["metric"] == metric) & (figures["kind"] == kind)]
    panels.chart(view, charts.published(chosen, labels), chosen, "published-figures-chart")
    panels.table(view, tables.figure_table(figures, labels), "published-figures", download=figures)


if __name__ == "__main__":  # run by st.navigation as a page script
    render(shared())
