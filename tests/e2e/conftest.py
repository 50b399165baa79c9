"""The real server on a fixture warehouse, and headless Debian Chromium driven by Playwright."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for the shared modules
from dashboard_fixtures import build_fixture_warehouse
from live_server import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, wait_healthy

SCREENSHOTS = ROOT / "build" / "screenshots"

if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed at /usr/bin/chromium (make test installs it with apt-get)",
        allow_module_level=True,
    )


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run` on a free localhost port, headless, on the fixture warehouse; yields its URL."""
    db = build_fixture_warehouse(tmp_path_factory.mktemp("e2e") / "warehouse.duckdb")
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    log = (tmp_path_factory.getbasetemp() / "streamlit.log").open("wb")
    with subprocess.Popen(
        command, env={**os.environ, "DEXSTAT_DB": str(db)}, stdout=log, stderr=log
    ) as process:
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, process)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
