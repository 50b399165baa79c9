// The partial plotly.js that dashboard/chart_frame/frame.js draws with (`make charts-bundle` builds it).
// The traces of dashboard/charts.py and economy_charts.py, on plotly.js's core: about a third of the full
// plotly.js that Streamlit's own chart element loads.
import Plotly from "plotly.js/lib/core";
import bar from "plotly.js/lib/bar";
import heatmap from "plotly.js/lib/heatmap";
import scatter from "plotly.js/lib/scatter";

Plotly.register([bar, heatmap, scatter]);

export const TRACES = new Set([bar, heatmap, scatter].map((trace) => trace.name));
// The map's traces (dashboard/province_map.py): geo.js, loaded only by a frame that draws the map.
export const GEO_TRACES = new Set(["choropleth", "scattergeo"]);

let geo = null;

export function withGeo() {
  geo ??= import("./geo.js").then((module) => Plotly.register(module.traces));
  return geo.then(() => Plotly);
}

export default Plotly;
