"""SIGKILL a real refresh process at a named moment, and say which phase it died in."""

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from source_folders import TODAY

DRIVER = Path(__file__).with_name("refresh_driver.py")
WATCHDOG_SECONDS = 180
# The driver's events, by the phase of the refresh they start.
PUBLISHING = ("publishing", "renaming", "publish-call", "renamed", "done")


@dataclass(frozen=True)
class Moment:
    """Kill `offset` seconds after the driver prints `event`; `pause` seconds of sleep around the rename."""

    event: str
    offset: float = 0.0
    pause: float = 0.0


@dataclass(frozen=True)
class Death:
    """What the killed process printed before it died, and whether SIGKILL (not a normal exit) ended it."""

    events: list[str]
    killed: bool

    @property
    def phase(self) -> str:
        """reading, loading, checking or publishing: the phase of the last event printed."""
        last = self.events[-1]
        if last in PUBLISHING:
            return "publishing"
        if last == "checking":
            return "checking"
        return "loading" if last.startswith(("read ", "normalising ", "loading ")) else "reading"

    @property
    def possible_states(self) -> set[str]:
        """Which published warehouse may follow: the rename is the only moment the answer changes."""
        if "renamed" in self.events:
            return {"after"}
        return {"before", "after"} if "publish-call" in self.events else {"before"}


def driver_command(source: Path, db: Path, pause: float, gate: Path | None = None) -> list[str]:
    """The command running one refresh that prints its steps (and waits for `gate` before the rename)."""
    command = [sys.executable, str(DRIVER), str(source), str(db), TODAY.isoformat(), str(pause)]
    return command + ([str(gate)] if gate else [])


def timed_run(source: Path, db: Path) -> dict[str, float]:
    """Run a whole refresh once, unkilled: seconds from start to each event (later repeats ignored)."""
    start = time.monotonic()
    seen: dict[str, float] = {}
    with subprocess.Popen(driver_command(source, db, 0), stdout=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        for line in child.stdout:
            seen.setdefault(line.strip(), time.monotonic() - start)
    assert child.returncode == 0 and "done" in seen, f"the timed refresh failed: {seen}"
    return seen


def kill_at(source: Path, db: Path, moment: Moment, stderr: Path) -> Death:
    """Start a refresh, SIGKILL it `moment.offset` seconds after `moment.event`, collect what it printed."""
    events: list[str] = []
    with (
        stderr.open("w") as errors,
        subprocess.Popen(
            driver_command(source, db, moment.pause), stdout=subprocess.PIPE, stderr=errors, text=True
        ) as child,
    ):
        watchdog = threading.Timer(WATCHDOG_SECONDS, child.kill)
        watchdog.start()
        try:
            assert child.stdout is not None
            for line in child.stdout:
                events.append(line.strip())
                if events[-1] == moment.event:
                    time.sleep(moment.offset)
                    os.kill(
                        child.pid, signal.SIGKILL
                    )  # not yet reaped: a late kill hits a zombie, harmlessly
                    break
            events += [line.strip() for line in child.stdout.read().splitlines()]
            child.wait()
        finally:
            watchdog.cancel()
    assert moment.event in events, f"the refresh died before {moment.event!r}: {stderr.read_text()[-2000:]}"
    return Death(events, killed=child.returncode == -signal.SIGKILL)


def kill_cli_after(command: list[str], seconds: float) -> bool:
    """Start the real `dexstat refresh`, SIGKILL it after `seconds`; True if it was still running."""
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as child:
        try:
            child.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.wait()
            return True
    return False
