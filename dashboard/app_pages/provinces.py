"""Provinces: a map and a ranking by the chosen measure; one province's exchanges, categories, sources."""

from dataclasses import replace

import streamlit as st

from dashboard import charts, data, panels, queries
from dashboard.province_map import province_map
from dashboard.view import View, shared

MEASURES = ("value", "deals", "listings", "intensity")
PICK = "province_pick"


def _picked_on_map() -> None:
    points = (st.session_state["chart-provinces-map"] or {}).get("points", [])
    codes = st.session_state.get("province_codes", [])
    if points and points[0].get("location") in codes:
        st.session_state[PICK] = points[0]["location"]


def _detail(view: View, code: str, name: str) -> None:
    labels, only = view.labels, replace(view.filters, provinces=(code,))
    for column, dimension in zip(st.columns(3), ("exchange", "category", "source"), strict=True):
        frame = view.fetch(queries.breakdown, only, dimension)
        with column:
            title = labels("provinces.detail", province=name, dimension=labels.term("dimension", dimension))
            panels.chart(
                view, charts.ranked(frame, labels, "value", dimension), frame, f"province-{dimension}", title
            )


def render(view: View) -> None:
    """Render the page."""
    labels = view.labels
    st.title(labels("page.provinces"))
    measure = st.segmented_control(
        labels("provinces.measure"), MEASURES, format_func=lambda m: labels(f"measure.{m}"),
        key="province_measure", default="value",
    ) or "value"  # fmt: skip
    frame = view.fetch(queries.provinces, view.filters)
    st.session_state["province_codes"] = list(frame["province_code"])
    left, right = st.columns([3, 2])
    with left:
        figure = province_map(frame, data.shapes(), labels, measure, st.session_state.get(PICK))
        panels.chart(view, figure, frame, "provinces-map", labels("provinces.map"), on_click=_picked_on_map)
    with right:
        ranked = charts.ranked(frame.rename(columns={"province_code": "key"}), labels, measure, "province")
        panels.chart(view, ranked, frame, "provinces-ranked", labels("provinces.ranked"))
    if measure == "intensity":
        st.caption(labels("provinces.intensity_note"))
    names = dict(zip(frame["province_code"], frame[labels.name_column], strict=True))
    code = st.selectbox(labels("provinces.pick"), list(names), format_func=names.__getitem__, index=None,
                        key=PICK, placeholder=labels("provinces.pick_hint"))  # fmt: skip
    if code:
        _detail(view, code, names[code])


if __name__ == "__main__":  # run by st.navigation as a page script
    render(shared())
