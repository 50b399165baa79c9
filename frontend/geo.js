import choropleth from "plotly.js/lib/choropleth";
import scattergeo from "plotly.js/lib/scattergeo";

export const traces = [choropleth, scattergeo];
