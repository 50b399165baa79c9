"""Digital economy: exchange trade next to the national digital economy and the published market size."""

import pandas as pd
import streamlit as st

from dashboard import economy_charts, panels, queries
from dashboard.view import View, shared


def _sources(view: View, frame: pd.DataFrame, columns: tuple[str, ...]) -> None:
    """One line per source with the years it gives, so every official figure shows where it is from."""
    years: dict[str, set[int]] = {}
    for column in columns:
        for year, source in frame[["year", column]].dropna().itertuples(index=False):
            years.setdefault(str(source), set()).add(int(year))
    for source, found in sorted(years.items(), key=lambda item: min(item[1])):
        span = (
            "、".join(map(str, sorted(found)))
            if view.labels.lang == "zh"
            else ", ".join(map(str, sorted(found)))
        )
        panels.note(view.labels("de.source_line", years=span, source=source))


def render(view: View) -> None:
    """Render the page."""
    labels, filters = view.labels, view.filters
    st.title(labels("page.digital_economy"))
    annual = view.fetch(queries.annual, filters)
    figure = economy_charts.digital_economy(annual, labels)
    panels.chart(view, figure, annual, "digital-economy-national", labels("de.national"))
    _sources(view, annual, ("digital_economy_source", "digital_economy_share_source"))
    figure = economy_charts.market(annual, labels)
    panels.chart(view, figure, annual, "digital-economy-market", labels("de.market"))
    _sources(view, annual, ("market_source", "market_forecast_source"))
    st.caption(labels("de.gaps_note"))
    provinces = view.fetch(queries.provinces, filters)
    figure = economy_charts.gdp_scatter(provinces, labels)
    panels.chart(view, figure, provinces, "digital-economy-provinces", labels("de.provincial"))
    st.caption(labels("provinces.intensity_note"))
    stats = view.fetch(queries.statistic_sources)
    shown = stats.assign(
        indicator=[labels.term("indicator", i) for i in stats["indicator"]],
        scope=[labels.term("scope", s) for s in stats["scope"]],
    )
    panels.table(view, shown, "statistics-sources", labels("de.sources"))


if __name__ == "__main__":  # run by st.navigation as a page script
    render(shared())
