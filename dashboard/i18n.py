"""Chinese and English for every word shown, and number formats (万元/亿元, million/billion CNY)."""

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, get_args

from dashboard.strings import STRINGS

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
MISSING = "—"

# (divisor, unit), largest first: the largest that fits a value, or the largest value on an axis, is used.
_MONEY_UNITS: dict[str, tuple[tuple[float, str], ...]] = {
    "zh": ((1e12, "万亿元"), (1e8, "亿元"), (1e4, "万元"), (1.0, "元")),
    "en": (
        (1e12, "trillion CNY"),
        (1e9, "billion CNY"),
        (1e6, "million CNY"),
        (1e3, "thousand CNY"),
        (1.0, "CNY"),
    ),
}


def language_of(locale: str | None) -> Lang:
    """The dashboard language for a browser locale such as 'zh-CN' or 'en-GB'; Chinese unless English."""
    return "en" if (locale or "").lower().startswith("en") else "zh"


@dataclass(frozen=True)
class Scale:
    """How to show an axis or a value of money: divide by `divisor`, label with `unit`."""

    divisor: float
    unit: str


def _absent(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return value is None or str(value) in ("<NA>", "NaT")


@dataclass(frozen=True)
class Labels:
    """Words and formats in one language: `labels("key", name=...)` fills a template."""

    lang: Lang

    def __call__(self, key: str, **values: object) -> str:
        template = STRINGS[key][0 if self.lang == "zh" else 1]
        return template.format(**values) if values else template

    @property
    def name_column(self) -> str:
        """The column holding display names in this language."""
        return f"name_{self.lang}"

    def term(self, group: str, key: object) -> str:
        """A coded value in words ('source', 'government' -> 政府类); the code itself when unknown."""
        found = STRINGS.get(f"{group}.{key}")
        return found[0 if self.lang == "zh" else 1] if found else str(key)

    def money_scale(self, largest: float | None) -> Scale:
        """The unit for money up to `largest` yuan."""
        size = 0.0 if _absent(largest) else abs(float(largest))  # type: ignore[arg-type]
        units = _MONEY_UNITS[self.lang]
        divisor, unit = next(((d, u) for d, u in units if size >= d), units[-1])
        return Scale(divisor, unit)

    def money(self, value: float | None) -> str:
        """'1.25 亿元' / '125.00 million CNY'; a dash when missing."""
        if _absent(value):
            return MISSING
        scale = self.money_scale(value)
        digits = 0 if scale.divisor == 1 else 2
        return f"{float(value) / scale.divisor:,.{digits}f} {scale.unit}"  # type: ignore[arg-type]

    def money_parts(self, value: float | None) -> tuple[str, str]:
        """('1,078', '亿元') / ('108', 'billion CNY'): three significant digits and the unit."""
        if _absent(value):
            return MISSING, self.money_scale(0).unit
        scale = self.money_scale(value)
        scaled = float(value) / scale.divisor  # type: ignore[arg-type]
        digits = max(0, 2 - math.floor(math.log10(abs(scaled)))) if scaled else 0
        return f"{scaled:,.{digits}f}", scale.unit

    def money_short(self, value: float | None) -> str:
        """Three significant digits with the unit: '625 万元', '1.25 亿元', '53.9 万亿元'."""
        number, unit = self.money_parts(value)
        return number if number == MISSING else f"{number} {unit}"

    def count(self, value: float | None) -> str:
        """A whole number with thousands separators; a dash when missing."""
        return MISSING if _absent(value) else f"{round(float(value)):,}"  # type: ignore[arg-type]

    def number(self, value: float | None, digits: int = 2) -> str:
        """A plain number; a dash when missing."""
        return MISSING if _absent(value) else f"{float(value):,.{digits}f}"  # type: ignore[arg-type]

    def percent(self, value: float | None, digits: int = 1) -> str:
        """A value already in percent: '42.8%'."""
        return MISSING if _absent(value) else f"{float(value):.{digits}f}%"  # type: ignore[arg-type]

    def share(self, value: float | None) -> str:
        """A fraction (0-1) as a percentage."""
        return MISSING if _absent(value) else self.percent(float(value) * 100)  # type: ignore[arg-type]

    def change(self, current: float | None, previous: float | None) -> str | None:
        """The relative change as '+12.3%', or None when there is nothing to compare with."""
        if _absent(current) or _absent(previous) or float(previous) == 0:  # type: ignore[arg-type]
            return None
        return f"{(float(current) / float(previous) - 1) * 100:+.1f}%"  # type: ignore[arg-type]

    def points(self, current: float | None, previous: float | None) -> str | None:
        """The change of a fraction in percentage points, or None when there is nothing to compare with."""
        if _absent(current) or _absent(previous):
            return None
        change = (float(current) - float(previous)) * 100  # type: ignore[arg-type]
        return f"{change:+.1f} 个百分点" if self.lang == "zh" else f"{change:+.1f} pp"

    def month(self, value: date | datetime | None) -> str:
        """'2024年3月' / 'Mar 2024'."""
        if value is None or _absent(value):
            return MISSING
        return f"{value.year}年{value.month}月" if self.lang == "zh" else value.strftime("%b %Y")

    def day(self, value: date | datetime | None) -> str:
        """'2024年3月5日' / '5 Mar 2024'."""
        if value is None or _absent(value):
            return MISSING
        if self.lang == "zh":
            return f"{value.year}年{value.month}月{value.day}日"
        return f"{value.day} {value.strftime('%b %Y')}"

    def moment(self, value: datetime | None) -> str:
        """A timestamp to the minute."""
        if value is None or _absent(value):
            return MISSING
        return f"{self.day(value)} {value:%H:%M}"

    @property
    def month_format(self) -> str:
        """d3 time format for month axes and hover labels."""
        return "%Y年%-m月" if self.lang == "zh" else "%b %Y"

    def title(self, key: str, unit: str) -> str:
        """An axis title with its unit: '成交额（亿元）' / 'Trade value (million CNY)'."""
        return f"{self(key)}（{unit}）" if self.lang == "zh" else f"{self(key)} ({unit})"
