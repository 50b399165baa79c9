"""Overview: headline numbers against the previous period, the monthly trend by source, and freshness."""

import streamlit as st

from dashboard import charts, panels, queries
from dashboard.view import View, shared

HEADLINES = (
    ("value", "value_cny", "money_short"),
    ("deals", "deals", "count"),
    ("listings", "listings", "count"),
    ("exchanges", "exchanges", "count"),
    ("government_share", "government_share", "share"),
)


def render(view: View) -> None:
    """Render the page."""
    labels = view.labels
    st.title(labels("page.overview"))
    head = view.fetch(queries.headline, view.filters).set_index("period")
    now, before = head.loc["current"].to_dict(), head.loc["previous"].to_dict()
    st.caption(
        labels(
            "overview.period",
            start=labels.month(now["first_month"]),
            end=labels.month(now["last_month"]),
            before_start=labels.month(before["first_month"]),
            before_end=labels.month(before["last_month"]),
        )
    )
    for column, (key, field, kind) in zip(st.columns([1.4, 1.1, 0.95, 1.15, 1.1]), HEADLINES, strict=True):
        label, value = labels(f"measure.{key}"), getattr(labels, kind)(now[field])
        if kind == "money_short":  # the unit goes in the label so the number fits: 成交额（亿元） 1,078
            value, unit = labels.money_parts(now[field])
            label = labels.title(f"measure.{key}", unit)
        delta = (labels.points if kind == "share" else labels.change)(now[field], before[field])
        column.metric(
            label, value, delta=delta, delta_color="normal" if delta else "off", border=True,
            help=labels(f"help.{key}") + ("" if delta else " " + labels("overview.no_previous")),
        )  # fmt: skip
    trend = view.fetch(queries.monthly, view.filters, "source")
    figure = charts.monthly(trend, labels, "source", view.names_of("source"))
    panels.chart(view, figure, trend, "monthly-by-source", labels("overview.trend"))
    refresh = view.fetch(queries.last_refresh).iloc[0]
    st.caption(
        labels(
            "app.freshness",
            as_of=labels.day(refresh["as_of"]),
            finished=labels.moment(refresh["finished_at"]),
        )
    )


if __name__ == "__main__":  # run by st.navigation as a page script
    render(shared())
