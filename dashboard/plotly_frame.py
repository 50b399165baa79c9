"""Charts drawn in a frame (chart_frame/) by a partial plotly.js, a third of what Streamlit's own loads.

`st.plotly_chart` carries all of plotly.js: 1.4 MB gzipped on a reader's first visit, more than the rest
of the page. The frame loads only the traces the dashboard draws (bar, scatter, heatmap: 0.4 MB gzipped),
and the map's (choropleth, scattergeo: 0.1 MB more) only on the page with the map. The bundle is built
from pinned npm packages by `make charts-bundle` (frontend/); its plotly.js is the version the `plotly`
package bundles, so the figures it builds are the figures it draws.
"""

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import streamlit.components.v1 as components

ASSETS = Path(__file__).with_name("chart_frame")

_frame = components.declare_component("chart", path=str(ASSETS))
NAME = _frame.name  # "dashboard.plotly_frame.chart": the component's name in the page and its URL path


def plotly_frame(
    fig: go.Figure,
    config: Mapping[str, Any],
    key: str,
    words: Mapping[str, str],
    on_click: Callable[[], None] | None = None,
) -> Any:
    """Draw `fig` (or say words["failed"] and why), with a full-screen button titled words["fullscreen"];
    with `on_click`, a click sends {"points": [...], "clicks": n} to st.session_state[key]."""
    return _frame(
        spec=fig.to_json(),
        config=dict(config),
        selectable=on_click is not None,
        failed=words["failed"],
        fullscreen=words["fullscreen"],
        key=key,
        on_change=on_click,
    )
