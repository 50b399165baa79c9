"""Server-side reliability tests: the real server under refreshes, hostile names, hardening, load.

Full counts carry the `long` marker and run only with DEXSTAT_LONG=1 (or --run-long, where
tests/reliability/conftest.py declares it): `make test-long`.
"""

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

TESTS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS), str(Path(__file__).resolve().parent)]  # shared modules, then this folder's


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "long: full-count reliability variant, skipped unless DEXSTAT_LONG=1")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("DEXSTAT_LONG") == "1" or config.getoption("--run-long", default=False):
        return
    skip = pytest.mark.skip(reason="long variant: run with DEXSTAT_LONG=1 (make test-long)")
    here = Path(__file__).resolve().parent
    for item in items:
        if "long" in item.keywords and here in item.path.parents:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def clean_caches() -> Iterator[None]:
    """Streamlit's caches are process-wide: AppTest runs in this process and must start clean."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
