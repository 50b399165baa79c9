"""The choropleth of China's provinces: drawn offline (no base map, local GeoJSON), no data is never zero."""

import pandas as pd
import plotly.graph_objects as go

from dashboard import palette
from dashboard.charts import COLUMNS, layout, measure_axis, plain
from dashboard.geo import SHAPES_FILE, Shapes
from dashboard.i18n import Labels

# Albers equal-area with China's standard parallels: a province's share of the map is its share of the land.
PROJECTION = {"type": "conic equal area", "parallels": [25, 47], "rotation": {"lon": 105}}
LONGITUDES, LATITUDES = [73, 135], [16, 54]  # the mainland, Hainan and the South China Sea inset's lines
SHAPES_URL = f"./{SHAPES_FILE.name}"  # beside the chart frame's page, fetched once (dashboard/geo.py)


def _boundary_lines(shapes: Shapes) -> go.Scattergeo:
    lon: list[float | None] = []
    lat: list[float | None] = []
    for line in shapes.lines:
        lon.extend([x for x, _ in line] + [None])
        lat.extend([y for _, y in line] + [None])
    return go.Scattergeo(
        lon=lon,
        lat=lat,
        mode="lines",
        line={"color": "#8a9099", "width": 1},
        hoverinfo="skip",
        showlegend=False,
    )


def province_map(
    frame: pd.DataFrame, shapes: Shapes, labels: Labels, measure: str, picked: str | None = None
) -> go.Figure:
    """Provinces shaded by `measure`, `picked` standing out; provinces without a value are grey: 'no data'."""
    column = COLUMNS[measure]
    known = frame.set_index("province_code")
    with_data = [code for code in known.index[known[column].notna()] if code in shapes.features]
    without = [code for code in shapes.features if code not in with_data]
    divisor, title, fmt = measure_axis(known.loc[with_data].reset_index(), labels, measure)

    def name(code: str) -> str:
        if code in known.index:
            return str(known.at[code, labels.name_column])
        return labels.term("region", code) if labels.lang == "en" else shapes.names_zh.get(code, code)

    fig = go.Figure()
    fig.add_trace(
        go.Choropleth(
            geojson=SHAPES_URL,
            locations=without,
            z=[0] * len(without),
            colorscale=[[0, palette.NO_DATA], [1, palette.NO_DATA]],
            unselected={"marker": {"opacity": 1}},
            showscale=False,
            marker_line={"color": "white", "width": 0.8},
            name=labels("app.no_data_short"),
            showlegend=True,
            customdata=[plain(name(code)) for code in without],
            hovertemplate=f"%{{customdata}}: {labels('app.no_data_short')}<extra></extra>",
        )
    )
    values = [float(value) for value in known.loc[with_data, column]]
    fig.add_trace(
        go.Choropleth(
            geojson=SHAPES_URL,
            locations=with_data,
            z=[v / divisor for v in values],
            colorscale=palette.SEQUENTIAL,
            selectedpoints=[with_data.index(picked)] if picked in with_data else None,
            unselected={"marker": {"opacity": 0.6}},  # a picked province stands out, the rest stay legible
            marker_line={"color": "white", "width": 0.8},
            colorbar={  # under the map, beside the "no data" key: the map takes the frame's width
                "title": {"text": plain(title), "side": "top"},
                "orientation": "h",
                "thickness": 12,
                "len": 0.55,
                "x": 1,
                "xanchor": "right",
                "y": 0,
                "yanchor": "bottom",
            },
            showlegend=False,
            customdata=[[plain(name(c)), fmt(v)] for c, v in zip(with_data, values, strict=True)],
            hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
        )
    )
    fig.add_trace(_boundary_lines(shapes))
    fig.update_layout(
        geo={  # no base map: nothing from the internet
            "visible": False,
            "projection": PROJECTION,
            "lonaxis": {"range": LONGITUDES},
            "lataxis": {"range": LATITUDES},
            "domain": {"x": [0, 1], "y": [0.14, 1]},
        },
        legend={"orientation": "h", "x": 0, "y": 0, "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.8)"},
    )
    layout(fig, labels, height=480)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0}, legend={"y": 0, "yanchor": "bottom"})
    return fig
