"""What a refresh did, file by file, and how to show it in a terminal."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text


@dataclass(frozen=True)
class FileReport:
    """One file's fate in a refresh; rows_read = rows_loaded + rows_rejected."""

    file: str
    kind: str
    status: str  # 'loaded', 'unchanged', 'removed' or 'rejected'
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_replaced: int = 0
    encoding: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class RefreshReport:
    """The whole refresh: files, the commonest reject reasons, values not recognised."""

    run_id: int
    db: Path
    source_dir: Path
    is_sample: bool
    as_of: date | None
    files: list[FileReport]
    reasons: list[tuple[str, int, str]] = field(default_factory=list)  # code, rows, an example
    unclassified: list[tuple[str | None, int]] = field(default_factory=list)
    unknown_suppliers: list[tuple[str | None, int]] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)

    def total(self, attribute: str) -> int:
        """Sum of one count over the files read in this refresh."""
        return sum(int(getattr(f, attribute)) for f in self.files if f.status in ("loaded", "rejected"))

    @property
    def changed(self) -> bool:
        """Whether this refresh read or removed anything."""
        return any(f.status != "unchanged" for f in self.files)


def _files_table(report: RefreshReport) -> Table:
    table = Table(title="Files", title_justify="left")
    for column in ("file", "status", "read", "loaded", "rejected", "replaced", "notes"):
        table.add_column(
            column,
            justify="right" if column in ("read", "loaded", "rejected", "replaced") else "left",
        )
    for f in report.files:
        if f.status == "unchanged":
            continue
        table.add_row(
            f.file,
            f.status,
            f"{f.rows_read:,}",
            f"{f.rows_loaded:,}",
            f"{f.rows_rejected:,}",
            f"{f.rows_replaced:,}",
            Text(" ".join(filter(None, [f.encoding, f.message]))),
        )
    return table


def _counts_table(title: str, header: str, rows: list[tuple[str | None, int]]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(header)
    table.add_column("rows", justify="right")
    for raw, count in rows:
        table.add_row(Text("(blank)" if raw is None else raw), f"{count:,}")
    return table


def render(report: RefreshReport) -> RenderableType:
    """The report as rich renderables, for the terminal."""
    parts: list[RenderableType] = []
    unchanged = sum(f.status == "unchanged" for f in report.files)
    if not report.changed:
        parts.append(Text(f"Nothing new: all {unchanged} files are unchanged since the last refresh."))
    else:
        parts.append(_files_table(report))
        if unchanged:
            parts.append(Text(f"{unchanged} unchanged files kept as they were."))
    if report.reasons:
        reasons = Table(title="Commonest reject reasons", title_justify="left")
        for column in ("reason", "rows", "example"):
            reasons.add_column(column, justify="right" if column == "rows" else "left")
        for code, count, example in report.reasons:
            reasons.add_row(code, f"{count:,}", Text(example))
        parts.append(reasons)
    if report.unclassified:
        parts.append(
            _counts_table("Categories loaded as unclassified", "category as written", report.unclassified)
        )
    if report.unknown_suppliers:
        parts.append(
            _counts_table(
                "Supplier types loaded as unknown",
                "supplier type as written",
                report.unknown_suppliers,
            )
        )
    summary = (
        f"Run {report.run_id}: read {report.total('rows_read'):,} rows, "
        f"loaded {report.total('rows_loaded'):,}, "
        f"rejected {report.total('rows_rejected'):,}, replaced {report.total('rows_replaced'):,}. "
        f"As of {report.as_of or 'no transactions'}. Published {report.db}."
    )
    parts.append(Text(summary, style="bold"))
    if report.is_sample:
        parts.append(
            Text(
                "This warehouse was built from SYNTHETIC sample data: its numbers are invented.",
                style="bold yellow",
            )
        )
    return Group(*parts)
