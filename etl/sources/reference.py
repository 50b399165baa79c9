"""The committed reference facts in data/reference/, read as plain rows with their sources."""

import csv
from dataclasses import dataclass
from pathlib import Path

from etl.errors import FileRejected

Rows = list[dict[str, str]]

REFERENCE_FILES = (
    "provinces",
    "exchanges",
    "categories",
    "supplier_types",
    "national_digital_economy",
    "published_figures",
    "provincial_gdp",
)


@dataclass(frozen=True)
class Reference:
    """Every reference table as rows of text, exactly as committed."""

    provinces: Rows
    exchanges: Rows
    categories: Rows
    supplier_types: Rows
    national_digital_economy: Rows
    published_figures: Rows
    provincial_gdp: Rows


def read_rows(path: Path) -> Rows:
    """Read one UTF-8 reference CSV into rows; empty cells stay empty strings."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return [dict(row) for row in csv.DictReader(handle)]
    except FileNotFoundError:
        raise FileRejected(f"reference file {path.name} is missing from {path.parent}") from None


def read_reference(directory: Path) -> Reference:
    """Read all reference tables from `directory`."""
    return Reference(**{name: read_rows(directory / f"{name}.csv") for name in REFERENCE_FILES})
