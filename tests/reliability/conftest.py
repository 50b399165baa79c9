"""Reliability tests: the `long` marker (full counts, opt-in) and a warehouse path per test."""

import os
from pathlib import Path

import pytest

LONG_HELP = "run the long reliability variants (also: DEXSTAT_LONG=1)"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-long", action="store_true", default=False, help=LONG_HELP)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "long: full-count reliability variant, skipped unless --run-long")


def long_enabled(config: pytest.Config) -> bool:
    """--run-long is only known when this conftest is an initial one; the variable works everywhere."""
    try:
        given = bool(config.getoption("--run-long"))
    except ValueError:
        given = False
    return given or os.environ.get("DEXSTAT_LONG") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if long_enabled(config):
        return
    skip = pytest.mark.skip(reason="long variant: run with --run-long or DEXSTAT_LONG=1 (make test-long)")
    here = Path(__file__).parent
    for item in items:
        if "long" in item.keywords and here in item.path.parents:
            item.add_marker(skip)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where the warehouse under test is published, alone in its folder (strays are counted there)."""
    folder = tmp_path / "warehouse"
    folder.mkdir()
    return folder / "warehouse.duckdb"
