"""Many readers at once on the sample warehouse: no errors; render times and server memory recorded.

The long variant (DEXSTAT_LONG=1) is the promise: 50 sessions with 3 interactions each, then 5 cycles of
100 sessions connecting and leaving, after which the server's memory is within 10% of the first cycle's.
Its figures are written to build/reliability/load.json; RELIABILITY.md quotes the last run.
"""

import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pytest
from browsing import OVERVIEW_READY, Render, Session, new_session, run_in_thread, sessions_in_chromium
from live_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    free_port,
    require_chromium,
    rss_bytes,
    running,
    serve_command,
)

REPORT = ROOT / "build" / "reliability" / "load.json"
TROUBLE = re.compile(r"lock|traceback|exception|error", re.IGNORECASE)
# Streamlit keeps a closed session 120 s for its reader to come back; the cycles wait that out, shortened.
SESSION_TTL_SECONDS = 5


@dataclass
class Figures:
    """What one load run measured; every time in seconds, every size in MiB."""

    sessions: int
    interactions: int
    renders: dict[str, dict[str, float]] = field(default_factory=dict)
    rss_idle_mib: float = 0.0
    rss_peak_mib: float = 0.0
    rss_after_load_mib: float = 0.0
    rss_after_cycle_mib: list[float] = field(default_factory=list)
    cycle_sessions: int = 0
    load_average_before: tuple[float, ...] = ()
    load_average_after: tuple[float, ...] = ()
    cpus: int = field(default_factory=lambda: os.cpu_count() or 0)


def _mib(size: int) -> float:
    return round(size / 2**20, 1)


def _summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return {"count": len(ordered), "median": round(statistics.median(ordered), 2), "p95": round(p95, 2),
            "max": round(ordered[-1], 2)}  # fmt: skip


async def _reader(session: Session) -> None:
    """Open the overview, then three interactions: the language, another page, a toggle on it."""
    await session.open("overview", "en", ready=OVERVIEW_READY)
    await session.switch_language("zh", ready=OVERVIEW_READY)
    await session.go_to("categories", "zh")
    await session.toggle()


class _Sampler:
    """The server's resident memory, sampled twice a second while a phase runs; the peak is kept."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._running = pid, 0, True

    async def run(self) -> None:
        while self._running:
            self.peak = max(self.peak, rss_bytes(self.pid))
            await asyncio.sleep(0.5)

    def stop(self) -> None:
        self._running = False


async def _settled_rss(pid: int) -> int:
    """Memory once the readers have gone: after the session TTL, the median of a few samples."""
    await asyncio.sleep(SESSION_TTL_SECONDS + 5)
    samples = []
    for _ in range(5):
        samples.append(rss_bytes(pid))
        await asyncio.sleep(0.5)
    return int(statistics.median(samples))


async def _load(url: str, pid: int, sessions: int, figures: Figures) -> list[Session]:
    async with sessions_in_chromium(url, sessions) as opened:
        sampler = _Sampler(pid)
        sampling = asyncio.create_task(sampler.run())
        await asyncio.gather(*(_reader(s) for s in opened))
        sampler.stop()
        await sampling
        figures.rss_peak_mib = _mib(sampler.peak)
    return opened


async def _cycle(url: str, count: int, wave: int) -> list[Session]:
    """`count` sessions connect, render the overview and leave, at most `wave` of them at once."""
    from playwright.async_api import async_playwright

    left: list[Session] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
            for first in range(0, count, wave):
                batch = [await new_session(context, url, n) for n in range(first, min(count, first + wave))]
                await asyncio.gather(*(s.open("overview", "en", ready=OVERVIEW_READY) for s in batch))
                for session in batch:
                    await session.page.close()  # the reader leaves: its websocket closes
                left += batch
        finally:
            await browser.close()
    return left


def _serve_under_load(
    db: Path, log: Path, sessions: int, cycles: int, per_cycle: int, wave: int
) -> tuple[Figures, list[Session], str]:
    figures = Figures(sessions=sessions, interactions=3, cycle_sessions=per_cycle)
    port = free_port()
    env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(SESSION_TTL_SECONDS)}
    figures.load_average_before = os.getloadavg()
    with running(serve_command(db, port), port, log, env=env) as server:
        figures.rss_idle_mib = _mib(rss_bytes(server.pid))

        async def main() -> list[Session]:
            readers = await _load(server.url, server.pid, sessions, figures)
            figures.rss_after_load_mib = _mib(await _settled_rss(server.pid))
            for _ in range(cycles):
                readers += await _cycle(server.url, per_cycle, wave)
                figures.rss_after_cycle_mib.append(_mib(await _settled_rss(server.pid)))
            return readers

        everyone = run_in_thread(main)
        text = server.log_text()
    figures.load_average_after = os.getloadavg()
    renders = [r for s in everyone for r in s.renders]
    kinds = {"open": [r for r in renders if r.action.startswith("open")],
             "interaction": [r for r in renders if not r.action.startswith("open")]}  # fmt: skip
    figures.renders = {kind: _summary([r.seconds for r in found]) for kind, found in kinds.items() if found}
    return figures, everyone, text


def _assert_no_errors(everyone: list[Session], log: str) -> None:
    renders: list[Render] = [r for s in everyone for r in s.renders]
    assert not [r for r in renders if r.exceptions], "an exception box was shown"
    assert sum(s.exceptions_sent for s in everyone) == 0, "the server sent an exception element"
    overviews = [r for r in renders if r.title in ("Overview", "概览")]
    assert overviews and all(len(r.metrics) == 5 for r in overviews), "an overview lacked its headline"
    assert not TROUBLE.findall(log), log[-3000:]


def _sample(folder: Path, rows: int) -> Path:
    """The synthetic sample with `rows` transactions, refreshed into a warehouse."""
    dexstat = [sys.executable, "-m", "etl"]
    subprocess.run([*dexstat, "sample", "--out", str(folder / "source"), "--rows", str(rows)], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    db = folder / "warehouse.duckdb"
    subprocess.run([*dexstat, "refresh", "--quiet", "--source", str(folder / "source"), "--db", str(db)],
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return db


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The synthetic sample at its default size (200,000 transactions), as `make run` serves it."""
    yield _sample(tmp_path_factory.mktemp("sample"), 200_000)


@pytest.mark.e2e
@pytest.mark.slow
def test_a_few_readers_meet_no_error_and_their_figures_are_recorded(tmp_path: Path) -> None:
    """The quick variant: 3 readers with 3 interactions each, then one cycle of 4 connecting and leaving."""
    require_chromium()
    db = _sample(tmp_path, 5_000)
    figures, everyone, log = _serve_under_load(db, tmp_path / "server.log", 3, 1, 4, 4)
    _assert_no_errors(everyone, log)
    assert len([r for s in everyone for r in s.renders]) == 3 * 4 + 4
    assert figures.renders["open"]["count"] == 3 + 4 and figures.renders["interaction"]["count"] == 3 * 3
    assert 0 < figures.rss_idle_mib <= figures.rss_peak_mib and len(figures.rss_after_cycle_mib) == 1


@pytest.mark.long
@pytest.mark.e2e
def test_fifty_readers_meet_no_error_and_memory_settles_after_five_cycles(
    sample_db: Path, tmp_path: Path
) -> None:
    require_chromium()
    figures, everyone, log = _serve_under_load(sample_db, tmp_path / "server.log", 50, 5, 100, 25)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(asdict(figures), indent=2), encoding="utf-8")
    _assert_no_errors(everyone, log)
    assert len([r for s in everyone for r in s.renders]) == 50 * 4 + 5 * 100
    first = figures.rss_after_cycle_mib[0]
    assert all(rss <= first * 1.10 for rss in figures.rss_after_cycle_mib), figures.rss_after_cycle_mib
