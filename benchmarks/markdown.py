"""Markdown tables, and the units the benchmark report shows numbers in."""

from collections.abc import Iterable, Sequence
from typing import Any

from benchmarks.measure import Sample, Summary


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], align: str = "") -> str:
    """A Markdown table; `align` is one letter per column, l or r (default: the first left)."""
    align = align or "l" + "r" * (len(headers) - 1)
    lines = ["| " + " | ".join(headers) + " |"]
    lines.append("|" + "|".join("---:" if a == "r" else "---" for a in align) + "|")
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def summary(runs: list[dict[str, Any]]) -> Summary:
    """The Summary of runs as stored in the results JSON."""
    return Summary.of([Sample(**run) for run in runs])


def mb(size: float) -> str:
    """Bytes as whole MB (MiB), with thousands separators."""
    return f"{size / 1024**2:,.0f}"


def ms(seconds: float | None) -> str:
    """Seconds as milliseconds, "-" when not measured."""
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.1f}" if seconds < 1 else f"{seconds * 1000:,.0f}"


def kib(size: float) -> str:
    """Bytes as whole KiB."""
    return f"{size / 1024:,.0f}"


def mib(size: float) -> str:
    """Bytes as MiB with two decimals."""
    return f"{size / 1024**2:.2f}"
