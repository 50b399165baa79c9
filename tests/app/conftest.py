"""AppTest fixtures: the hand-made warehouse, the app at a page and language, and clean Streamlit caches."""

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for dashboard_fixtures
from dashboard_fixtures import build_fixture_warehouse

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture(autouse=True)
def clean_caches() -> Iterator[None]:
    """Streamlit's caches are process-wide: without this, one test's warehouse leaks into the next."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="session")
def warehouse_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_warehouse(tmp_path_factory.mktemp("app") / "warehouse.duckdb")


@pytest.fixture
def open_app(warehouse_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """Run the app on the fixture warehouse: open_app(page, lang=..., **query parameters)."""
    monkeypatch.setenv("DEXSTAT_DB", str(warehouse_path))

    def run(page: str = "overview", lang: str = "en", **params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["lang"] = lang
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page != "overview":
            at.switch_page(f"app_pages/{page}.py").run()
        return at

    return run
