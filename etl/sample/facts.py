"""The reference facts that shape the synthetic sample, as arrays indexed by position."""

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from etl.sources.reference import Rows, read_rows

FIRST_DAY = np.datetime64("2019-01-01", "D")
LAST_DAY = np.datetime64("2025-12-31", "D")
UNKNOWN_PROVINCE = "火星"  # Mars: a province no reference table will ever hold

Strings = npt.NDArray[np.object_]
Ints = npt.NDArray[np.int64]
Days = npt.NDArray[np.datetime64]

_ASCII = re.compile(r"^[\x00-\x7f]+$")
# Spellings that match no category or supplier type: the refresh maps them to unclassified / unknown.
_OTHER_CATEGORY = (("其他", "综合", "其它", "综合类"), ("Other", "Misc", "General"))
_UNKNOWN_SUPPLIER = (("合作社", "", "社会组织", "行业协会"), ("cooperative", "", "association", "NGO"))


@dataclass(frozen=True)
class Spellings:
    """How each value of one dimension is written: row = value, column 0 = canonical, then variants."""

    zh: Strings
    en: Strings


@dataclass(frozen=True)
class Facts:
    """Trading exchanges, provinces, categories and supplier types, by position."""

    exchange_ids: tuple[str, ...]
    exchange_short_names: tuple[str, ...]  # e.g. 上数所: what an export's exchange column says
    exchange_provinces: Ints  # position in provinces
    opening_days: Days  # first day an exchange can trade, never before FIRST_DAY
    province_regions: tuple[str, ...]
    provinces: Spellings  # last two rows: blank (the exchange's own applies), UNKNOWN_PROVINCE
    province_short_names: tuple[str, ...]  # 广东, used in product titles
    categories: Spellings  # last row: a category that matches nothing
    category_titles: Spellings  # one name per category (and the unmatched one): the words of product titles
    supplier_types: tuple[str, ...]  # supplier_types.csv order; `suppliers` adds an unknown row
    suppliers: Spellings  # last row: a supplier type that matches nothing
    supplier_is_government: npt.NDArray[np.bool_]  # per supplier row, False for the unknown row

    @property
    def blank_province(self) -> int:
        """Row of `provinces` that writes nothing."""
        return len(self.province_regions)

    @property
    def unknown_province(self) -> int:
        """Row of `provinces` that writes UNKNOWN_PROVINCE."""
        return len(self.province_regions) + 1

    @property
    def other_category(self) -> int:
        """Row of `categories` that matches no category."""
        return len(self.categories.zh) - 1

    @property
    def unknown_supplier(self) -> int:
        """Row of `suppliers` that matches no supplier type."""
        return len(self.suppliers.zh) - 1


def opening_day(founded_on: str) -> np.datetime64 | None:
    """First trading day of 'YYYY-MM-DD', 'YYYY-MM' (the 1st) or 'YYYY' (1 July); None if unknown."""
    text = founded_on.strip()
    if re.fullmatch(r"\d{4}", text):
        text += "-07-01"  # mid-year: a year-only founding is not dated more precisely
    elif re.fullmatch(r"\d{4}-\d{2}", text):
        text += "-01"
    try:
        return np.datetime64(text, "D") if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def read_facts(reference_dir: Path) -> Facts:
    """Read the four reference tables the sample needs."""
    provinces = read_rows(reference_dir / "provinces.csv")
    exchanges = read_rows(reference_dir / "exchanges.csv")
    categories = [
        row for row in read_rows(reference_dir / "categories.csv") if row["category_id"] != "unclassified"
    ]
    suppliers = read_rows(reference_dir / "supplier_types.csv")
    position = {row["province_code"]: number for number, row in enumerate(provinces)}
    trading = [
        (row, day)
        for row in exchanges
        if (day := opening_day(row["founded_on"])) is not None
        and day <= LAST_DAY
        and row["province_code"] in position
    ]
    return Facts(
        exchange_ids=tuple(row["exchange_id"] for row, _ in trading),
        exchange_short_names=tuple(_short_name(row) for row, _ in trading),
        exchange_provinces=np.array([position[row["province_code"]] for row, _ in trading], dtype=np.int64),
        opening_days=np.array([max(day, FIRST_DAY) for _, day in trading], dtype="datetime64[D]"),
        province_regions=tuple(row["region"] for row in provinces),
        provinces=_province_spellings(provinces),
        province_short_names=tuple(_aliases(row)[0] for row in provinces),
        categories=_spellings(categories, _OTHER_CATEGORY),
        category_titles=Spellings(
            zh=np.array([row["name_zh"] for row in categories] + ["综合"], dtype=object),
            en=np.array([row["name_en"] for row in categories] + ["General"], dtype=object),
        ),
        supplier_types=tuple(row["supplier_type"] for row in suppliers),
        suppliers=_spellings(suppliers, _UNKNOWN_SUPPLIER),
        supplier_is_government=np.array([row["source"] == "government" for row in suppliers] + [False]),
    )


def _aliases(row: dict[str, str]) -> list[str]:
    return [alias.strip() for alias in row["aliases"].split("|") if alias.strip()]


def _short_name(exchange: dict[str, str]) -> str:
    chinese = [alias for alias in _aliases(exchange) if not _ASCII.match(alias)]
    return chinese[0] if chinese else exchange["name_zh"]


def _province_spellings(rows: Rows) -> Spellings:
    # zh: full name, short name, ISO code; en: English name, ISO code, short Chinese name.
    codes = [next((a for a in _aliases(row) if a.startswith("CN-")), row["name_en"]) for row in rows]
    zh = [[row["name_zh"], _aliases(row)[0], code] for row, code in zip(rows, codes, strict=True)]
    en = [[row["name_en"], code, _aliases(row)[0]] for row, code in zip(rows, codes, strict=True)]
    blank, unknown = ["", "", ""], [UNKNOWN_PROVINCE] * 3
    return Spellings(zh=_table([*zh, blank, unknown]), en=_table([*en, blank, unknown]))


def _spellings(rows: Rows, unmatched: tuple[tuple[str, ...], tuple[str, ...]]) -> Spellings:
    zh = [[row["name_zh"], *[a for a in _aliases(row) if not _ASCII.match(a)]] for row in rows]
    en = [[row["name_en"], *[a for a in _aliases(row) if _ASCII.match(a)]] for row in rows]
    return Spellings(zh=_table([*zh, list(unmatched[0])]), en=_table([*en, list(unmatched[1])]))


def _table(variants: list[list[str]]) -> Strings:
    """Rows of equal width: short rows repeat their variants (after the canonical column 0)."""
    width = max(len(row) for row in variants)
    table = np.empty((len(variants), width), dtype=object)
    for number, row in enumerate(variants):
        cycle = row[1:] or row[:1]
        table[number] = [row[0], *[cycle[i % len(cycle)] for i in range(width - 1)]]
    return table
