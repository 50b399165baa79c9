"""Supplier types and whether they are government or private data sources, as the reference says."""

from collections.abc import Iterable, Mapping

from etl.normalise.lookup import Lookup, reference_names

UNKNOWN = "unknown"
SOURCES = ("government", "private")


class SupplierTypes:
    """Raw supplier labels -> (supplier_type, source) from supplier_types.csv rows."""

    def __init__(self, rows: Iterable[Mapping[str, str]]) -> None:
        """Index the rows; raise ValueError for a source other than government or private."""
        rows = list(rows)
        self._sources: dict[str, str] = {}
        for row in rows:
            if row["source"] not in SOURCES:
                raise ValueError(
                    f"supplier type '{row['supplier_type']}' has source '{row['source']}', "
                    f"not one of {', '.join(SOURCES)}"
                )
            self._sources[row["supplier_type"]] = row["source"]
        self._lookup = Lookup(
            {row["supplier_type"]: reference_names(row, ("name_zh", "name_en", "aliases")) for row in rows}
        )

    def classify(self, value: object) -> tuple[str, str]:
        """(supplier_type, source) for a raw label; (UNKNOWN, UNKNOWN) when unmatched or missing."""
        supplier_type = self._lookup.resolve(value)
        if supplier_type is None:
            return UNKNOWN, UNKNOWN
        return supplier_type, self._sources[supplier_type]
