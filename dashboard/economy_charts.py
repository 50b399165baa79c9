"""Charts of the Digital economy page: national series, market size and provinces against GDP."""

import pandas as pd
import plotly.graph_objects as go

from dashboard import palette
from dashboard.charts import empty, layout, plain
from dashboard.i18n import Labels


def _years(frame: pd.DataFrame, column: str) -> tuple[list[int], list[float | None]]:
    return [int(y) for y in frame["year"]], [None if pd.isna(v) else float(v) for v in frame[column]]


def digital_economy(annual: pd.DataFrame, labels: Labels) -> go.Figure:
    """National digital-economy size (bars) and its share of GDP (line, right axis); no figure, a gap."""
    data = annual[annual["digital_economy_cny"].notna() | annual["digital_economy_share_pct"].notna()]
    if data.empty:
        return empty(labels)
    scale = labels.money_scale(data["digital_economy_cny"].max())
    years, size = _years(data, "digital_economy_cny")
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=years,
            y=[None if v is None else v / scale.divisor for v in size],
            name=labels("measure.digital_economy"),
            marker_color=palette.SOURCES["government"],
            customdata=[
                [labels.money(v), plain(s)] for v, s in zip(size, data["digital_economy_source"], strict=True)
            ],
            hovertemplate="%{x}: %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    )
    _, share = _years(data, "digital_economy_share_pct")
    fig.add_trace(
        go.Scatter(
            x=years,
            y=share,
            yaxis="y2",
            mode="lines+markers",
            connectgaps=False,
            name=labels("measure.share_of_gdp"),
            line_color=palette.SOURCES["private"],
            customdata=[
                [labels.percent(v), plain(s)]
                for v, s in zip(share, data["digital_economy_share_source"], strict=True)
            ],
            hovertemplate="%{x}: %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    )
    fig.update_layout(
        yaxis2={"overlaying": "y", "side": "right", "title_text": labels.title("measure.share_of_gdp", "%"),
                "range": [0, 100], "tickmode": "linear", "dtick": 20, "ticksuffix": "%", "showgrid": False},
    )  # fmt: skip
    fig.update_xaxes(dtick=1)
    return layout(fig, labels, labels("axis.year"), labels.title("measure.digital_economy", scale.unit))


def market(annual: pd.DataFrame, labels: Labels) -> go.Figure:
    """Exchange trade value next to the published national market size (reported, forecast) and the ratio."""
    columns = ["trade_value_cny", "market_value_cny", "market_forecast_cny"]
    data = annual[annual[columns].notna().any(axis=1)]
    if data.empty:
        return empty(labels)
    scale = labels.money_scale(data[columns].max().max())
    fig = go.Figure()
    series = (
        ("trade_value_cny", "market.trade", palette.SOURCES["government"], "", None),
        ("market_value_cny", "market.reported", "#5b6770", "", "market_source"),
        ("market_forecast_cny", "market.forecast", "#5b6770", "/", "market_forecast_source"),
    )
    for column, key, colour, pattern, source in series:
        years, values = _years(data, column)
        notes = data[source] if source else [""] * len(data)
        fig.add_trace(
            go.Bar(
                x=years,
                y=[None if v is None else v / scale.divisor for v in values],
                name=labels(key),
                marker={"color": colour if not pattern else "white", "line": {"color": colour, "width": 1.5},
                        "pattern": {"shape": pattern, "fgcolor": colour}},
                customdata=[
                    [labels.money(v), plain(n) if isinstance(n, str) else ""]
                    for v, n in zip(values, notes, strict=True)
                ],
                hovertemplate=(
                    f"{plain(labels(key))}<br>%{{x}}: %{{customdata[0]}}<br>%{{customdata[1]}}<extra></extra>"
                ),
            )
        )  # fmt: skip
    years, ratio = _years(data, "trade_share_of_market_pct")
    fig.add_trace(
        go.Scatter(
            x=years,
            y=ratio,
            yaxis="y2",
            mode="lines+markers",
            connectgaps=False,
            name=labels("market.ratio"),
            line_color=palette.SOURCES["private"],
            customdata=[labels.percent(v, 3) for v in ratio],
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        )
    )
    fig.update_layout(
        barmode="group",
        yaxis2={"overlaying": "y", "side": "right", "title_text": labels.title("market.ratio", "%"),
                "rangemode": "tozero", "tickmode": "auto", "tickformat": ".2~g", "ticksuffix": "%",
                "showgrid": False},
    )  # fmt: skip
    fig.update_xaxes(dtick=1)
    return layout(fig, labels, labels("axis.year"), labels.title("measure.value", scale.unit), height=420)


def gdp_scatter(provinces: pd.DataFrame, labels: Labels) -> go.Figure:
    """Provinces by GDP (x) and trade value (y) over the same years; provinces without both are left out."""
    data = provinces[provinces["gdp_cny"].notna() & provinces["value_cny"].notna()]
    if data.empty:
        return empty(labels)
    x_scale = labels.money_scale(data["gdp_cny"].max())
    y_scale = labels.money_scale(data["value_cny"].max())
    names = list(data[labels.name_column])
    labelled = data["value_cny"].nlargest(10).min()
    fig = go.Figure(
        go.Scatter(
            x=data["gdp_cny"] / x_scale.divisor,
            y=data["value_cny"] / y_scale.divisor,
            mode="markers+text",
            # Names on the ten largest only: the small provinces crowd together near the origin.
            text=[plain(n) if v >= labelled else "" for n, v in zip(names, data["value_cny"], strict=True)],
            textposition="top center",
            marker={"size": 10, "color": palette.SOURCES["government"]},
            customdata=[
                [plain(n), labels.money(g), labels.money(v), labels.number(r)]
                for n, g, v, r in zip(
                    names, data["gdp_cny"], data["value_cny"], data["value_per_100m_gdp"], strict=True
                )
            ],
            hovertemplate=(
                f"%{{customdata[0]}}<br>{plain(labels('measure.gdp'))}: %{{customdata[1]}}<br>"
                f"{plain(labels('measure.value'))}: %{{customdata[2]}}<br>"
                f"{plain(labels('measure.intensity'))}: %{{customdata[3]}}<extra></extra>"
            ),
        )
    )
    return layout(
        fig,
        labels,
        labels.title("de.gdp_years", x_scale.unit),
        labels.title("measure.value", y_scale.unit),
        440,
    )
