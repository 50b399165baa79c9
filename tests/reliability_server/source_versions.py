"""A source folder whose every version has its own, recognisable numbers, and refreshes that publish them.

Version k holds 10 + k deals of 1,000 yuan, the last on 2024-01-(10 + k): the overview's deal count and its
"data as of" date both name the version, and they come from different queries, so a page mixing two
builds shows a pair that belongs to no version.
"""

import asyncio
import csv
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dashboard.i18n import Labels

TODAY = "2025-06-30"
HEADER = ["交易编号", "成交日期", "省份", "数据类别", "供方类型", "成交金额（元）"]
DEALS_LABEL = {"en": Labels("en")("measure.deals"), "zh": Labels("zh")("measure.deals")}


def deals(version: int) -> int:
    return 10 + version


def as_of(version: int) -> date:
    return date(2024, 1, 10 + version)


def write_version(source: Path, version: int) -> None:
    """Replace the folder's one export with version `version`."""
    path = source / "transactions" / "SDE" / "deals.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        days = [date(2024, 1, 1 + n % 9) for n in range(deals(version) - 1)] + [as_of(version)]
        for n, day in enumerate(days):
            writer.writerow([f"D-{n}", day.isoformat(), "上海", "金融", "国企", "1000"])


def refresh_command(source: Path, db: Path, lake: Path | None = None) -> list[str]:
    """`dexstat refresh` of the folder, publishing the lake too when one is given."""
    return [sys.executable, "-m", "etl", "refresh", "--quiet", "--source", str(source), "--db", str(db),
            "--today", TODAY, *(["--lake", str(lake)] if lake else [])]  # fmt: skip


def version_shown(lang: str, metrics: dict[str, str], captions: list[str], versions: int) -> int | None:
    """The version a rendered overview shows, or None when its numbers belong to no single version."""
    shown = metrics.get(DEALS_LABEL[lang])
    labels = Labels(lang)  # type: ignore[arg-type]
    for version in range(versions):
        if shown == str(deals(version)) and any(labels.day(as_of(version)) in c for c in captions):
            return version
    return None


@dataclass
class Publisher:
    """Publishes versions 1..count with `dexstat refresh`, each once every reader has rendered since the last.

    `renders` gives, per reader, the moments (monotonic clock) its renders began.
    """

    source: Path
    db: Path
    count: int
    renders: Callable[[], list[list[float]]]
    lake: Path | None = None  # also published by each refresh, when given
    started: list[float] = field(default_factory=list)  # when refresh k began (monotonic clock)
    ended: list[float] = field(default_factory=list)  # when it had exited, its version published
    outputs: list[str] = field(default_factory=list)
    done: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self) -> None:
        try:
            for version in range(1, self.count + 1):
                write_version(self.source, version)
                self.started.append(time.monotonic())
                process = await asyncio.create_subprocess_exec(
                    *refresh_command(self.source, self.db, self.lake),
                    stdout=asyncio.subprocess.PIPE,
                    stderr=asyncio.subprocess.STDOUT,
                )
                output, _ = await process.communicate()
                self.ended.append(time.monotonic())
                self.outputs.append(f"exit {process.returncode}: {output.decode(errors='replace')}")
                while not all(any(t > self.ended[-1] for t in began) for began in self.renders()):
                    await asyncio.sleep(0.2)
        finally:
            self.done.set()

    def bounds(self, began: float, finished: float) -> tuple[int, int]:
        """The oldest and newest version a render between these moments may show."""
        oldest = sum(1 for end in self.ended if end < began)  # surely published before it began
        newest = sum(1 for start in self.started if start < finished)  # perhaps published before its end
        return oldest, newest
