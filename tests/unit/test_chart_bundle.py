"""The chart frame's partial plotly.js (dashboard/chart_frame/, built from frontend/): whole, and able to draw
every figure the dashboard builds."""

import ast
import json
import re
from pathlib import Path

import plotly
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
FRAME = ROOT / "dashboard" / "chart_frame"
FIGURE_MODULES = ("charts.py", "economy_charts.py", "province_map.py")


def bundled_traces(entry: str) -> set[str]:
    """The trace modules a frontend/ entry imports from plotly.js/lib/."""
    return set(re.findall(r'from "plotly\.js/lib/(\w+)"', (FRONTEND / entry).read_text(encoding="utf-8")))


def built_traces() -> set[str]:
    """The trace types the dashboard's figure modules build (go.Bar -> "bar", ...)."""
    found: set[str] = set()
    for name in FIGURE_MODULES:
        tree = ast.parse((ROOT / "dashboard" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "go":
                kind = getattr(go, node.attr)
                if isinstance(kind, type) and issubclass(kind, BaseTraceType):
                    found.add(kind().type)
    return found


def test_every_trace_the_dashboard_builds_is_in_the_bundle() -> None:
    built = built_traces()
    assert {"bar", "scatter", "choropleth"} <= built, "the scan found the figure modules' traces"
    missing = built - bundled_traces("plotly.js") - bundled_traces("geo.js")
    assert not missing, f"add {sorted(missing)} to frontend/plotly.js (or geo.js), then `make charts-bundle`"


def test_the_map_traces_are_the_ones_loaded_on_demand() -> None:
    entry = (FRONTEND / "plotly.js").read_text(encoding="utf-8")
    named = re.search(r"GEO_TRACES = new Set\((\[[^\]]*\])\)", entry)
    assert named, "frontend/plotly.js names the traces of geo.js"
    assert set(json.loads(named.group(1))) == bundled_traces("geo.js")


def test_the_bundle_is_the_plotly_js_of_the_plotly_package() -> None:
    """Figures are built by the `plotly` package: they must be drawn by the plotly.js it was made for."""
    shipped = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    version = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", shipped.read_text(encoding="utf-8")[:500])
    assert version, "no version in the plotly package's plotly.min.js"
    wanted = json.loads((FRONTEND / "package.json").read_text(encoding="utf-8"))["dependencies"]["plotly.js"]
    locked = json.loads((FRONTEND / "package-lock.json").read_text(encoding="utf-8"))
    assert wanted == locked["packages"]["node_modules/plotly.js"]["version"] == version.group(1)


def test_every_file_the_frame_loads_is_there() -> None:
    page = (FRAME / "index.html").read_text(encoding="utf-8")
    assert 'src="./frame.js"' in page
    frame = (FRAME / "frame.js").read_text(encoding="utf-8")
    assert 'import("./plotly/plotly.js")' in frame
    entry = (FRAME / "plotly" / "plotly.js").read_text(encoding="utf-8")
    loaded = set(re.findall(r'"\./([\w-]+\.js)"', entry))
    assert any(name.startswith("chunk-") for name in loaded) and any(
        name.startswith("geo-") for name in loaded
    )
    assert all((FRAME / "plotly" / name).is_file() for name in loaded), loaded
    assert {path.name for path in (FRAME / "plotly").iterdir()} == loaded | {"plotly.js", "LICENSES.txt"}


def test_the_bundle_carries_the_licence_of_every_package_it_holds() -> None:
    licences = (FRAME / "plotly" / "LICENSES.txt").read_text(encoding="utf-8")
    named = re.findall(r"^(\S+) (\d\S*) \((.+)\)$", licences, re.MULTILINE)
    locked = json.loads((FRONTEND / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    assert ("plotly.js", "4.1.1", "MIT") in named and "Plotly Technologies Inc." in licences
    assert len(named) > 20, "d3, topojson and the rest that plotly.js brings"
    versions = {(path.rpartition("node_modules/")[2], about.get("version")) for path, about in locked.items()}
    assert {(name, version) for name, version, _ in named} <= versions, "as package-lock.json pins them"
