"""One colour per source, supplier type, category and exchange, the same on every page."""

import zlib

GREY = "#9aa0a6"
NO_DATA = "#e4e6ea"
# Light blue to navy: the smallest value stays visibly apart from the grey of "no data".
SEQUENTIAL = [[0.0, "#bcd4ec"], [0.5, "#4f8fcb"], [1.0, "#0b2f63"]]
# Government in blues, private in oranges, unknown in grey: the finer supplier types shade their source.
SOURCES = {"government": "#1f5fa8", "private": "#e07b24", "unknown": GREY}
SUPPLIER_TYPES = {
    "government_agency": "#0b3d7a",
    "public_institution": "#2f6fbf",
    "state_owned_enterprise": "#7fa9dd",
    "private_enterprise": "#b84f0d",
    "foreign_enterprise": "#e98b3a",
    "individual": "#f5c08a",
    "unknown": GREY,
}
# D3's category20 without its greys (grey means unknown here): dark hues first, then their light pairs.
QUALITATIVE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
    "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#9edae5", "#dbdb8d",
)  # fmt: skip
CATEGORY_ORDER = (
    "finance", "enterprise", "tax", "transport", "energy", "telecom", "healthcare", "meteorology",
    "geospatial", "consumer", "industry", "agriculture", "public_services", "ai_training", "culture_tourism",
    "science", "environment",
)  # fmt: skip
EXCHANGE_ORDER = (
    "SDE", "SZDEX", "BJIDEX", "GBDEX", "GZDE", "HZDE", "ZZDEC", "HNBDE", "SDEC", "CJBDE", "HZBDE", "SXDEP",
    "ZGC_SHUHAI", "HNDPS", "SDDE",
)  # fmt: skip


def _listed(order: tuple[str, ...], key: str) -> str:
    if key in order:
        return QUALITATIVE[order.index(key) % len(QUALITATIVE)]
    return QUALITATIVE[zlib.crc32(key.encode()) % len(QUALITATIVE)]  # stable for codes added later


def colour(dimension: str, key: str) -> str:
    """The colour of one key of a dimension ('source', 'supplier_type', 'category', 'exchange', ...)."""
    if dimension == "source":
        return SOURCES.get(key, GREY)
    if dimension == "supplier_type":
        return SUPPLIER_TYPES.get(key, GREY)
    if dimension == "category":
        return GREY if key == "unclassified" else _listed(CATEGORY_ORDER, key)
    if dimension == "exchange":
        return _listed(EXCHANGE_ORDER, key)
    return _listed((), key)


def order(dimension: str, keys: list[str]) -> list[str]:
    """Keys in their fixed order where one exists (sources, supplier types), else as given."""
    fixed = {"source": tuple(SOURCES), "supplier_type": tuple(SUPPLIER_TYPES)}.get(dimension)
    if fixed is None:
        return keys
    return [k for k in fixed if k in keys] + [k for k in keys if k not in fixed]
