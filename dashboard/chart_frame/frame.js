// One dashboard chart in its own frame, drawn by the partial plotly.js bundle beside this file (see
// frontend/). Speaks version 1 of Streamlit's component protocol: it says it is ready, draws each figure the
// page sends, reports its height, and sends a click on a map back to the page.

// Fetched at once but not waited for: the frame says it is ready and takes the figure's height while
// plotly.js arrives, so the page does not jump when the chart is drawn.
const bundle = import("./plotly/plotly.js");

const chart = document.getElementById("chart");
let drawn = null; // the figure's JSON last drawn: a rerun that sends the same figure draws nothing
let listening = false;
let clicks = 0;
let failed = "This chart could not be drawn: "; // the page sends it in the reader's language
let shownHeight = null; // the figure's own height, given back when the chart leaves the full screen

// Streamlit's own chart toolbar, and its full-screen button, stay outside a frame: this is the frame's.
// The frame's document takes the whole screen (Streamlit lets its frames do so), and the chart its height.
const fullScreen = {
  name: "fullscreen",
  title: "Full screen", // the page sends it in the reader's language
  icon: { width: 1000, height: 1000, path: "M0 0h400v120H120v280H0zM600 0h400v400H880V120H600zM0 600h120v280h280v120H0zM880 600h120v400H600V880h280z" },
  click: () => (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()),
};

async function fitScreen() {
  const { default: Plotly } = await bundle;
  // The whole screen; then back to the figure's height (null: plotly's default) and the frame's width.
  const full = document.fullscreenElement !== null;
  const size = { width: full ? window.innerWidth : null, height: full ? window.innerHeight : shownHeight };
  if (chart.data) await Plotly.relayout(chart, size);
}

function tell(type, data = {}) {
  window.parent.postMessage({ isStreamlitMessage: true, type, ...data }, "*");
}

function reportHeight() {
  tell("streamlit:setFrameHeight", { height: document.body.scrollHeight });
}

// A click on a map sends the points clicked, numbered: the same province clicked again is a new value.
function listen() {
  if (listening) return;
  listening = true;
  chart.on("plotly_click", (event) => {
    clicks += 1;
    const points = event.points.map((p) => ({
      curve_number: p.curveNumber,
      point_number: p.pointNumber,
      location: p.location ?? null,
    }));
    tell("streamlit:setComponentValue", { value: { points, clicks }, dataType: "json" });
  });
}

// A map drawn from its own GeoJSON with no base layer (`geo.visible` false) uses no topojson, yet plotly.js
// fetches one for any choropleth, from cdn.plot.ly: an empty topology in its cache is what it finds instead.
function withoutBaseMap(layout) {
  const geo = layout.geo ?? {};
  if (geo.visible !== false) return;
  const name = `${(geo.scope ?? "world").replace(/ /g, "-")}_${geo.resolution ?? 110}m`;
  window.PlotlyGeoAssets.topojson[name] ??= { type: "Topology", objects: {}, arcs: [] };
}

async function draw({ spec, config, selectable, failed: saying, fullscreen }) {
  failed = saying ?? failed;
  fullScreen.title = fullscreen ?? fullScreen.title;
  if (spec === drawn) return;
  drawn = spec;
  const figure = JSON.parse(spec);
  shownHeight = figure.layout?.height ?? null;
  if (document.fullscreenElement) figure.layout = { ...figure.layout, height: window.innerHeight };
  if (figure.layout?.height) {
    chart.style.minHeight = `${figure.layout.height}px`; // the chart's place, held before it is drawn
    reportHeight();
  }
  const { default: Plotly, GEO_TRACES, TRACES, withGeo } = await bundle;
  const types = new Set(figure.data.map((trace) => trace.type ?? "scatter"));
  const missing = [...types].filter((type) => !TRACES.has(type) && !GEO_TRACES.has(type));
  if (missing.length) throw new Error(`the chart bundle has no ${missing.join(", ")} (see frontend/plotly.js)`);
  let plotly = Plotly;
  if ([...types].some((type) => GEO_TRACES.has(type))) {
    plotly = await withGeo();
    withoutBaseMap(figure.layout);
  }
  const buttons = [...(config.modeBarButtonsToAdd ?? []), fullScreen];
  await plotly.react(chart, figure.data, figure.layout, { ...config, modeBarButtonsToAdd: buttons, responsive: true });
  if (selectable) listen();
  reportHeight();
}

function showProblem(error) {
  const problem = document.createElement("p");
  problem.id = "problem";
  problem.textContent = `${failed}${error.message ?? error}`;
  chart.style.minHeight = "";
  chart.replaceChildren(problem);
  reportHeight();
}

window.addEventListener("message", (event) => {
  if (event.source === window.parent && event.data?.type === "streamlit:render") draw(event.data.args).catch(showProblem);
});
document.addEventListener("fullscreenchange", () => fitScreen().catch(showProblem));
new ResizeObserver(reportHeight).observe(document.body);
tell("streamlit:componentReady", { apiVersion: 1 });
