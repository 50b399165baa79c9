"""Plotly figures built with go.Figure from small aggregates: one function per kind of chart, no Streamlit."""

import html
from collections.abc import Callable, Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard import palette
from dashboard.i18n import Labels

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, Helvetica, Arial, sans-serif"
COLUMNS = {
    "value": "value_cny",
    "deals": "deals",
    "listings": "listings",
    "intensity": "value_per_100m_gdp",
    "rows": "rows",
}
Formatter = Callable[[float | None], str]


def plain(text: object) -> str:
    """A name from the data, escaped so Plotly's pseudo-HTML shows it as text."""
    return html.escape(str(text), quote=False)


def layout(
    fig: go.Figure, labels: Labels, x_title: str = "", y_title: str = "", height: int = 380
) -> go.Figure:
    """The house style: white, one font with Chinese glyphs, legend on top, titled axes."""
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        font={"family": FONT, "size": 13},
        separators=".,",
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "xanchor": "left",
            "x": 0,
            "traceorder": "normal",
        },
        hoverlabel={"font_family": FONT},
    )
    fig.update_xaxes(showgrid=False, linecolor="#c9ccd1", automargin=True)
    fig.update_yaxes(gridcolor="#eceff3", zeroline=False, automargin=True)
    fig.update_layout(xaxis_title_text=x_title, yaxis_title_text=y_title)  # the first axes only
    return fig


def empty(labels: Labels, height: int = 240) -> go.Figure:
    """A blank chart saying there is nothing to show."""
    fig = go.Figure()
    fig.add_annotation(text=labels("app.no_data"), x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return layout(fig, labels, height=height)


def measure_axis(frame: pd.DataFrame, labels: Labels, measure: str) -> tuple[float, str, Formatter]:
    """(divisor, axis title with unit, value formatter) for 'value', 'deals', 'listings' or 'intensity'."""
    if measure == "value":
        scale = labels.money_scale(frame["value_cny"].abs().max() if len(frame) else 0)
        return scale.divisor, labels.title("measure.value", scale.unit), labels.money
    if measure == "intensity":
        return 1.0, labels.title("measure.intensity", labels("unit.intensity")), labels.number
    unit = labels({"deals": "unit.count_deals", "rows": "unit.count_rows"}.get(measure, "unit.count"))
    return 1.0, labels.title(f"measure.{measure}", unit), labels.count


def _hover(names: list[str], values: list[str]) -> list[list[str]]:
    return [[plain(n), v] for n, v in zip(names, values, strict=True)]


def monthly(
    frame: pd.DataFrame,
    labels: Labels,
    dimension: str,
    names: Mapping[str, str],
    measure: str = "value",
    kind: str = "stack",
) -> go.Figure:
    """Monthly bars stacked by key ('stack'), the same as shares ('percent'), or a line per key ('lines')."""
    if frame.empty:
        return empty(labels)
    column = COLUMNS[measure]
    divisor, y_title, fmt = measure_axis(frame, labels, measure)
    totals = frame.groupby("key")[column].sum().sort_values(ascending=False)
    fig = go.Figure()
    for key in palette.order(dimension, list(totals.index)):
        part = frame[frame["key"] == key]
        name = names.get(key, key)
        style = {"marker_color": palette.colour(dimension, key), "name": plain(name)}
        common = {
            "x": part["month"],
            "y": part[column] / divisor,
            "customdata": _hover([name] * len(part), [fmt(v) for v in part[column]]),
            "hovertemplate": (
                f"%{{customdata[0]}}<br>%{{x|{labels.month_format}}}: %{{customdata[1]}}<extra></extra>"
            ),
        }
        if kind == "lines":
            fig.add_trace(
                go.Scatter(
                    mode="lines+markers", line_color=style["marker_color"], name=style["name"], **common
                )
            )
        else:
            fig.add_trace(go.Bar(**style, **common))
    if kind == "percent":
        fig.update_layout(barmode="stack", barnorm="percent")
        y_title = labels.title("measure.share_of_total", "%")
    else:
        fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat=labels.month_format, hoverformat=labels.month_format)
    return layout(fig, labels, labels("axis.month"), y_title)


def ranked(
    frame: pd.DataFrame, labels: Labels, measure: str, dimension: str, top: int | None = None
) -> go.Figure:
    """Horizontal bars, largest on top; rows without a value are left out (they have no data)."""
    column = COLUMNS[measure]
    data = frame[frame[column].notna()].sort_values(column, ascending=False)
    if top:
        data = data.head(top)
    if data.empty:
        return empty(labels)
    data = data.iloc[::-1]
    divisor, x_title, fmt = measure_axis(data, labels, measure)
    names = list(data[labels.name_column])
    coloured = dimension in ("source", "supplier_type", "category", "exchange")
    single = None if coloured else palette.SOURCES["government"]
    fig = go.Figure(
        go.Bar(
            x=data[column] / divisor,
            y=[plain(n) for n in names],
            orientation="h",
            marker_color=single or [palette.colour(dimension, k) for k in data["key"]],
            customdata=_hover(names, [fmt(v) for v in data[column]]),
            hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
        )
    )
    fig.update_yaxes(automargin=True, gridcolor="white")
    if measure in ("deals", "listings", "rows") and data[column].max() <= 8:
        fig.update_xaxes(dtick=1)  # no half deals on the axis
    return layout(fig, labels, x_title, "", height=max(220, 26 * len(data) + 90))


def stacked(
    frame: pd.DataFrame, labels: Labels, columns: str, names: Mapping[str, str], percent: bool = False
) -> go.Figure:
    """Horizontal bars of cross_tab rows, stacked by the column dimension (e.g. category by source)."""
    if frame.empty:
        return empty(labels)
    rows = frame.drop_duplicates("row_key").sort_values("row_value_cny")
    row_names = {k: n for k, n in zip(rows["row_key"], rows[f"row_{labels.name_column}"], strict=True)}
    divisor, x_title, fmt = measure_axis(frame, labels, "value")
    fig = go.Figure()
    for key in palette.order(columns, list(dict.fromkeys(frame["column_key"]))):
        # A row without this column's key has none of it: zero, so Plotly keeps the stacking order.
        part = (
            frame[frame["column_key"] == key]
            .set_index("row_key")
            .reindex(rows["row_key"])
            .fillna({"value_cny": 0})
        )
        name = names.get(key, key)
        fig.add_trace(
            go.Bar(
                x=part["value_cny"] / divisor,
                y=[plain(row_names[k]) for k in part.index],
                orientation="h",
                name=plain(name),
                marker_color=palette.colour(columns, key),
                customdata=_hover(
                    [f"{row_names[k]} · {name}" for k in part.index], [fmt(v) for v in part["value_cny"]]
                ),
                hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", barnorm="percent" if percent else None)
    fig.update_yaxes(automargin=True, gridcolor="white")
    title = labels.title("measure.share_of_total", "%") if percent else x_title
    return layout(fig, labels, title, "", height=max(240, 26 * len(rows) + 110))


def coverage(frame: pd.DataFrame, labels: Labels) -> go.Figure:
    """Exchange by month: a filled cell where the exchange reported deals, a pale one where it did not."""
    if frame.empty:
        return empty(labels)
    grid = frame.pivot(index="exchange_id", columns="month", values="deals")
    names = frame.drop_duplicates("exchange_id").set_index("exchange_id")[labels.name_column]
    shown = [plain(names[k]) for k in grid.index]
    text = [
        [labels.count(v) if pd.notna(v) else labels("app.no_data_short") for v in row]
        for row in grid.to_numpy()
    ]
    fig = go.Figure(
        go.Heatmap(
            z=grid.notna().astype(int).to_numpy(),
            x=list(grid.columns),
            y=shown,
            zmin=0,
            zmax=1,
            colorscale=[[0, palette.NO_DATA], [0.5, palette.NO_DATA], [0.5, "#1f5fa8"], [1, "#1f5fa8"]],
            showscale=False,
            xgap=1,
            ygap=1,
            customdata=text,
            hovertemplate=f"%{{y}}<br>%{{x|{labels.month_format}}}: %{{customdata}}<extra></extra>",
        )
    )
    fig.update_xaxes(tickformat=labels.month_format)
    fig.update_yaxes(automargin=True, autorange="reversed")
    return layout(fig, labels, labels("axis.month"), "", height=max(240, 24 * len(grid) + 110))


def published(figures: pd.DataFrame, labels: Labels) -> go.Figure:
    """Figures of ONE metric and kind over their as-of dates, one series per exchange."""
    if figures.empty:
        return empty(labels)
    money = set(figures["unit"]) == {"CNY"}
    scale = labels.money_scale(figures["value"].max()) if money else None
    fmt: Formatter = labels.money if money else labels.count
    fig = go.Figure()
    for key, part in figures.sort_values("as_of").groupby("exchange_id", sort=True):
        name = str(part[labels.name_column].iloc[0])
        fig.add_trace(
            go.Scatter(
                x=part["as_of"],
                y=part["value"] / (scale.divisor if scale else 1),
                mode="lines+markers",
                name=plain(name),
                marker={"size": 10, "color": palette.colour("exchange", str(key))},
                customdata=[
                    [plain(name), fmt(v), plain(s)]
                    for v, s in zip(part["value"], part["source"], strict=True)
                ],
                hovertemplate=(
                    "%{customdata[0]}<br>%{x|%Y-%m-%d}: %{customdata[1]}<br>%{customdata[2]}<extra></extra>"
                ),
            )
        )
    unit = scale.unit if scale else labels("unit.count")
    return layout(fig, labels, labels("axis.as_of"), labels.title("header.value", unit))
