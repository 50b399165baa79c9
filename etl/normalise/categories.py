"""Data categories: the reference category for a raw label, or unclassified, never a guess."""

from collections.abc import Iterable, Mapping

from etl.normalise.lookup import Lookup, reference_names

UNCLASSIFIED = "unclassified"


def category_lookup(rows: Iterable[Mapping[str, str]]) -> Lookup:
    """A lookup from categories.csv rows: category_id, name_zh, name_en and every alias."""
    return Lookup(
        {row["category_id"]: reference_names(row, ("name_zh", "name_en", "aliases")) for row in rows}
    )


def classify_category(value: object, lookup: Lookup) -> str:
    """The category id a raw label names; unknown or missing labels are UNCLASSIFIED."""
    return lookup.resolve(value) or UNCLASSIFIED
