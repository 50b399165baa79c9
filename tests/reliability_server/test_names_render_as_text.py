"""Names from the data that look like HTML or Markdown are shown as the text they are, never run."""

import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import run_in_thread, sessions_in_chromium
from google.protobuf.json_format import MessageToDict
from hostile_names import HOSTILE, IMG, LINK, build_hostile_warehouse
from live_server import ROOT, free_port, require_chromium, running, serve_command
from streamlit.testing.v1 import AppTest

from dashboard.panels import literal

APP = str(ROOT / "dashboard" / "app.py")
PAGES = ("overview", "provinces", "categories", "sources", "digital_economy", "exchanges", "quality")
# Where Streamlit shows a string as plain text whatever it holds: the choices of a select box.
PLAIN = {"options"}


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile_warehouse(tmp_path_factory.mktemp("hostile") / "warehouse.duckdb")


def _strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """(field name, text) for every string in a message turned into a dict."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)
    elif isinstance(value, str):
        yield key, value


def _shown(at: AppTest) -> list[tuple[str, str, str]]:
    """(element type, field, text) for every string the app sent to the browser."""
    found = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        for field, text in _strings(MessageToDict(proto)):
            if node.type == "component_instance" and field == "jsonArgs":  # a chart: its figure, as JSON
                figure = json.loads(json.loads(text)["spec"])
                found += [("chart", key, item) for key, item in _strings(figure)]
            else:
                found.append((node.type, field, text))
    return found


def _open(db: Path, page: str, lang: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DEXSTAT_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py").run()
    if page == "provinces":  # the detail's titles name the province
        at.selectbox(key="province_pick").set_value("44").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _raw(text: str) -> list[str]:
    return [name for name in HOSTILE if name in text]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_hostile_names_reach_the_browser_only_as_escaped_text(
    hostile_db: Path, page: str, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(hostile_db, page, lang, monkeypatch)
    unsafe = []
    for kind, field, text in _shown(at):
        if field in PLAIN:
            continue
        if kind == "chart":  # Plotly reads its own tags (<b>, <a href>, <br>), not Markdown
            unsafe += [(kind, field, text[:200])] if IMG in text else []
        elif _raw(text):
            unsafe.append((kind, field, text[:200]))
    assert not unsafe, unsafe[:5]


def test_escaped_names_are_still_shown_in_titles_notes_and_charts(
    hostile_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The escaping is not a deletion: the reader sees each name as written."""
    texts = [text for page in ("provinces", "digital_economy") for _, _, text in _shown(_open(
        hostile_db, page, "en", monkeypatch))]  # fmt: skip
    assert any(literal(IMG) in text for text in texts), "the province's name is in its detail titles"
    assert any(literal(LINK) in text for text in texts), "a statistics source is in its note"
    assert any(html.escape(IMG, quote=False) in text for text in texts), "the chart labels name it"


def test_hostile_names_offered_as_filter_choices_are_the_names_as_written(
    hostile_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(hostile_db, "overview", "en", monkeypatch)
    assert {IMG, LINK} <= set(at.multiselect(key="f_exchanges").options)
    assert {IMG, LINK} <= set(at.multiselect(key="f_categories").options)


_INJECTED = """() => ({
  images: document.querySelectorAll('img[src="x"]').length,
  scriptLinks: Array.from(document.querySelectorAll("a[href]"))
    .filter((a) => a.getAttribute("href").trim().toLowerCase().startsWith("javascript:")).length,
  text: document.body.innerText,
})"""


async def _visit_every_page(url: str, lang: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Open each page, the exchange filter's choices and a hostile province's detail; what was found."""

    dialogs: list[str] = []
    found: list[dict[str, Any]] = []
    async with sessions_in_chromium(url, 1) as (session,):
        page = session.page

        async def dialog(box: Any) -> None:
            dialogs.append(box.message)
            await box.dismiss()

        page.on("dialog", dialog)
        for key in PAGES:
            await session.open(key, lang)
            found.append(await page.evaluate(_INJECTED))
        await page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').nth(1).click()
        await page.locator('[role="option"]').first.wait_for()
        found.append(await page.evaluate(_INJECTED))
        await page.keyboard.press("Escape")
        await session.open("provinces", lang)
        await page.locator('[data-testid="stMain"] [data-testid="stSelectbox"] input').click()
        await page.keyboard.type("onerror")  # narrows the choices to the hostile province
        await session.act("pick", page.locator('[role="option"]').filter(has_text=IMG).first.click)
        found.append(await page.evaluate(_INJECTED))
    return dialogs, found


@pytest.mark.e2e
@pytest.mark.slow
def test_no_script_runs_in_the_browser_from_hostile_names(hostile_db: Path, tmp_path: Path) -> None:
    """Every page in Chinese (the default), the exchange filter's choices, a hostile province's detail."""
    require_chromium()

    port = free_port()
    with running(serve_command(hostile_db, port), port, tmp_path / "server.log") as server:
        dialogs, found = run_in_thread(lambda: _visit_every_page(server.url, "zh"))
    assert dialogs == [], "a script ran and opened a dialog"
    assert [f["images"] for f in found] == [0] * len(found), "an <img> was made from a name"
    assert [f["scriptLinks"] for f in found] == [0] * len(found), "a javascript: link was made from a name"
    assert IMG in found[-1]["text"], "the hostile province's name is shown as text in its detail"
