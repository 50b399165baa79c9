"""The real server on a fixture warehouse, and headless Debian Chromium driven by Playwright."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for the shared modules
from dashboard_fixtures import build_fixture_warehouse
from live_server import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, running, serve_command

SCREENSHOTS = ROOT / "build" / "screenshots"

if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed at /usr/bin/chromium (make test installs it with apt-get)",
        allow_module_level=True,
    )


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`dexstat serve` (hardened, as readers get it) on a free localhost port and the fixture warehouse."""
    db = build_fixture_warehouse(tmp_path_factory.mktemp("e2e") / "warehouse.duckdb")
    port = free_port()
    log = tmp_path_factory.getbasetemp() / "streamlit.log"
    with running(serve_command(db, port), port, log) as started:
        yield started.url


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
