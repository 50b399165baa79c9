"""Categories: value and deals by category, each category's mix of sources, and monthly trends."""

import streamlit as st

from dashboard import charts, panels, queries
from dashboard.view import View, shared

TOP = 8


def render(view: View) -> None:
    """Render the page."""
    labels, filters = view.labels, view.filters
    st.title(labels("page.categories"))
    frame = view.fetch(queries.breakdown, filters, "category")
    left, right = st.columns(2)
    with left:
        figure = charts.ranked(frame, labels, "value", "category")
        panels.chart(view, figure, frame, "categories-value", labels("categories.value"))
    with right:
        figure = charts.ranked(frame, labels, "deals", "category")
        panels.chart(view, figure, frame, "categories-deals", labels("categories.deals"))
    shares = st.toggle(labels("common.as_shares"), key="categories_shares")
    cross = view.fetch(queries.cross_tab, filters, "category", "source")
    figure = charts.stacked(cross, labels, "source", view.names_of("source"), percent=shares)
    panels.chart(view, figure, cross, "categories-by-source", labels("categories.by_source"))
    trend = view.fetch(queries.monthly, filters, "category")
    top = list(frame["key"].head(TOP))
    figure = charts.monthly(
        trend[trend["key"].isin(top)], labels, "category", view.names_of("category"), kind="lines"
    )
    panels.chart(view, figure, trend, "categories-trend", labels("categories.trend", top=TOP))
    st.caption(labels("categories.trend_note", top=TOP))


if __name__ == "__main__":  # run by st.navigation as a page script
    render(shared())
