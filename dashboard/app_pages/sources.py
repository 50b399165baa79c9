"""Sources: government versus private suppliers over time, by province and exchange, and by supplier type."""

import streamlit as st

from dashboard import charts, panels, queries
from dashboard.view import View, shared


def render(view: View) -> None:
    """Render the page."""
    labels, filters = view.labels, view.filters
    st.title(labels("page.sources"))
    shares = st.toggle(labels("common.as_shares"), key="sources_shares")
    source_names = view.names_of("source")
    trend = view.fetch(queries.monthly, filters, "source")
    kind = "percent" if shares else "stack"
    figure = charts.monthly(trend, labels, "source", source_names, kind=kind)
    panels.chart(view, figure, trend, "sources-trend", labels("sources.trend"))
    types = view.fetch(queries.breakdown, filters, "supplier_type")
    figure = charts.ranked(types, labels, "value", "supplier_type")
    panels.chart(view, figure, types, "sources-supplier-types", labels("sources.supplier_types"))
    st.caption(labels("sources.unknown_note"))
    left, right = st.columns(2)
    for column, dimension in zip((left, right), ("province", "exchange"), strict=True):
        cross = view.fetch(queries.cross_tab, filters, dimension, "source")
        with column:
            figure = charts.stacked(cross, labels, "source", source_names, percent=shares)
            panels.chart(view, figure, cross, f"sources-by-{dimension}", labels(f"sources.by_{dimension}"))


if __name__ == "__main__":  # run by st.navigation as a page script
    render(shared())
