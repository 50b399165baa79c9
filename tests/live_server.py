"""A real dashboard server on a free loopback port, and Debian's Chromium for Playwright to drive it."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_SECONDS = 60


def require_chromium() -> None:
    """Skip the calling test when Debian's chromium is missing (make test installs it)."""
    import pytest

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (make test installs it)")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(url: str, server: subprocess.Popen[bytes]) -> None:
    """Return once the server answers its health check; raise if it exits or stays silent."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode} before answering")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer within {STARTUP_SECONDS} s")


@dataclass(frozen=True)
class Server:
    """A running server: where to reach it, its process id (for memory) and its log."""

    url: str
    pid: int
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def serve_command(db: Path, port: int, *extra: str) -> list[str]:
    """`dexstat serve` on the loopback interface, exactly as an operator starts it."""
    return [sys.executable, "-m", "etl", "serve", "--db", str(db), "--port", str(port),
            "--address", "127.0.0.1", *extra]  # fmt: skip


@contextmanager
def running(
    command: Sequence[str],
    port: int,
    log: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Iterator[Server]:
    """Start `command` (listening on 127.0.0.1:`port`), wait until it is healthy, and stop it after."""
    url = f"http://127.0.0.1:{port}"
    with (
        log.open("wb") as out,
        subprocess.Popen(
            list(command),
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=out,
            cwd=cwd,
            start_new_session=True,
        ) as process,
    ):
        try:
            wait_healthy(url, process)
            yield Server(url, process.pid, log)
        finally:
            _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    # Its own session: the signal reaches every process it started, and only those.
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def rss_bytes(pid: int) -> int:
    """The resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")
