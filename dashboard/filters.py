"""The selection shared by every page, chart, table and export: pure, validated, bound as parameters."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

SOURCES = ("government", "private", "unknown")
_CODE = re.compile(r"[A-Za-z0-9_]{1,40}")


class InvalidFilter(ValueError):
    """A filter value that cannot be right (unknown code, bad date); the message is for the user."""


def _codes(name: str, values: Iterable[str]) -> tuple[str, ...]:
    cleaned = []
    for value in values:
        if not _CODE.fullmatch(value):
            raise InvalidFilter(f"{name}: {value[:40]!r} is not a valid code")
        cleaned.append(value)
    return tuple(sorted(set(cleaned)))


@dataclass(frozen=True)
class Filters:
    """Date range (inclusive) and codes to keep; an empty tuple keeps everything."""

    start: date | None = None
    end: date | None = None
    provinces: tuple[str, ...] = field(default=())
    exchanges: tuple[str, ...] = field(default=())
    categories: tuple[str, ...] = field(default=())
    sources: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        for name in ("provinces", "exchanges", "categories", "sources"):
            object.__setattr__(self, name, _codes(name, getattr(self, name)))
        unknown = set(self.sources) - set(SOURCES)
        if unknown:
            raise InvalidFilter(f"sources: {sorted(unknown)} are not among {list(SOURCES)}")
        if self.start and self.end and self.start > self.end:
            raise InvalidFilter(f"the start {self.start} is after the end {self.end}")

    def params(self) -> dict[str, object]:
        """Bound parameters for the dashboard's SQL: $start, $end, $provinces, ... (lists, maybe empty)."""
        return {
            "start": self.start,
            "end": self.end,
            "provinces": list(self.provinces),
            "exchanges": list(self.exchanges),
            "categories": list(self.categories),
            "sources": list(self.sources),
        }

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> "Filters":
        """Build from loosely typed values (CLI options, URL query parameters)."""

        def many(key: str) -> tuple[str, ...]:
            raw = values.get(key) or ()
            items = [raw] if isinstance(raw, str) else list(raw)  # type: ignore[call-overload]
            return tuple(part for item in items for part in str(item).split(",") if part)

        def day(key: str) -> date | None:
            raw = values.get(key)
            if raw in (None, ""):
                return None
            if isinstance(raw, date):
                return raw
            try:
                return date.fromisoformat(str(raw))
            except ValueError:
                raise InvalidFilter(f"{key}: {str(raw)[:40]!r} is not a date like 2024-01-31") from None

        return cls(
            start=day("start"),
            end=day("end"),
            provinces=many("provinces"),
            exchanges=many("exchanges"),
            categories=many("categories"),
            sources=many("sources"),
        )
