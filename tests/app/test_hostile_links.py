"""The dashboard's filters cannot be injected: a link's values are validated, then bound, never spliced.

Every value a reader controls reaches the app through the link (the sidebar's widgets only offer codes
from the warehouse). Each link parameter is fed SQL and an oversized string: the page renders, says
the link was not valid, shows what an unfiltered page shows, and no file appears. Below the link, the
selection macros are fed the same strings as bound values (as if validation were gone): they match
nothing and write nothing.
"""

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import warehouse
from dashboard.sidebar import KEYS

OpenApp = Callable[..., AppTest]
ARGUMENTS = "$province_codes, $exchange_ids, $category_ids, $source_names"
HOSTILE = {
    "quote": "'",
    "or": "' OR '1'='1",
    "copy": "'; COPY (SELECT 1) TO 'x.csv'; --",
    "10kb": "x" * 10_240,
}


def _headline(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def _files(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*")}


@pytest.fixture
def unfiltered(open_app: OpenApp) -> dict[str, str]:
    return _headline(open_app(lang="en"))


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("key", KEYS)
def test_a_hostile_link_value_is_refused_with_a_notice_and_changes_nothing(
    open_app: OpenApp,
    unfiltered: dict[str, str],
    key: str,
    value: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # a COPY ... TO 'x.csv' would land here
    at = open_app(lang="en", **{key: value})
    assert not at.exception, [e.message for e in at.exception]
    notices = [w.value for w in at.warning]
    assert any("not valid" in n for n in notices), notices
    assert all(len(n) < 400 for n in notices), "the notice repeats a 10 KB value"
    assert _headline(at) == unfiltered
    assert _files(tmp_path) == set(), "a file was written"


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_language_falls_back_to_a_known_one(
    open_app: OpenApp, value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    at = open_app(lang=value)
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value in ("Overview", "概览")
    assert at.query_params["lang"] in ("en", "zh")
    assert _files(tmp_path) == set()


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("argument", ["province_codes", "exchange_ids", "category_ids", "source_names"])
@pytest.mark.parametrize("macro", ["selected_transactions", "selected_listings"])
def test_the_selection_macros_bind_hostile_values_as_plain_text(
    warehouse_path: Path,
    macro: str,
    argument: str,
    value: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    con = warehouse.connect(warehouse.identify(warehouse_path))
    try:
        lists = {name: [] for name in ("province_codes", "exchange_ids", "category_ids", "source_names")}
        call = f"select count(*) from memory.main.{macro}(null, null, {ARGUMENTS})"
        everything = con.execute(call, lists).fetchone()
        hostile = con.execute(call, lists | {argument: [value]}).fetchone()
        tables = con.execute(
            "select count(*) from duckdb_tables() where database_name = 'warehouse'"
        ).fetchone()
    except duckdb.Error as error:
        pytest.fail(f"a bound value raised {error!r}")
    finally:
        con.close()
    assert everything is not None and everything[0] > 0, "the fixture warehouse has rows to select"
    assert hostile == (0,), "a hostile value matched rows"
    assert tables is not None and tables[0] > 0
    assert _files(tmp_path) == set(), "a file was written"
