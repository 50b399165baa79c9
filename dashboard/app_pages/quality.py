"""Data quality: refresh history, rejected rows with examples, coverage by exchange and month, unmapped."""

import streamlit as st

from dashboard import charts, panels, queries
from dashboard.view import View, shared


def render(view: View) -> None:
    """Render the page."""
    labels, filters = view.labels, view.filters
    st.title(labels("page.quality"))
    history = view.fetch(queries.refresh_history)
    tallies = [c for c in history.columns if c.startswith(("files_", "rows_"))]
    config = panels.counts(view, history, *tallies)
    panels.table(view, history, "refresh-history", labels("quality.history"), config=config)
    rejects = view.fetch(queries.rejects)
    st.subheader(labels("quality.rejects"))
    st.caption(labels("quality.rejects_note"))
    if rejects.empty:
        st.success(labels("quality.no_rejects"))
    else:
        reasons = rejects.groupby("reason_code", as_index=False)["rows"].sum()
        words = [labels.term("reason", code) for code in reasons["reason_code"]]
        reasons = reasons.assign(key=reasons["reason_code"], name_zh=words, name_en=words)
        panels.chart(view, charts.ranked(reasons, labels, "rows", "reason"), reasons, "rejects-by-reason")
        shown = rejects.assign(reason_code=[labels.term("reason", code) for code in rejects["reason_code"]])
        config = panels.counts(view, shown, "rows")
        panels.table(view, shown, "rejects", labels("quality.rejects_table"), config=config, download=rejects)
    grid = view.fetch(queries.coverage, filters)
    panels.chart(view, charts.coverage(grid, labels), grid, "coverage", labels("quality.coverage"))
    counts = view.fetch(queries.quality_counts, filters).iloc[0]
    left, right = st.columns(2)
    left.metric(labels("quality.unclassified"), labels.count(counts["unclassified_deals"]),
                help=labels.money(counts["unclassified_value_cny"]), border=True)  # fmt: skip
    right.metric(labels("quality.unknown_supplier"), labels.count(counts["unknown_supplier_deals"]),
                 help=labels.money(counts["unknown_supplier_value_cny"]), border=True)  # fmt: skip
    unmapped = view.fetch(queries.unmapped)
    shown = unmapped.assign(
        field=[labels.term("field", f) for f in unmapped["field"]],
        raw_value=unmapped["raw_value"].fillna(labels("blank")),
    )
    panels.table(
        view,
        shown,
        "unmapped",
        labels("quality.unmapped"),
        config=panels.counts(view, shown, "rows", "files"),
    )


if __name__ == "__main__":  # run by st.navigation as a page script
    render(shared())
