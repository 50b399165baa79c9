"""Dashboard sessions in headless Chromium, many at once: each render timed, what it shows read back.

Every session follows its page's websocket: a run is over when the server sends `script_finished`, and
every exception element the server sends is counted there, as well as the exception boxes on screen.
The Playwright async API runs in a thread of its own, clear of any sync Playwright loop in the process.
"""

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from live_server import CHROMIUM, CHROMIUM_ARGS
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from dashboard.i18n import Labels

T = TypeVar("T")
WAIT_SECONDS = 600.0  # a guard against a hung page, never a measured limit
_FINISHED = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
PATHS = {
    "overview": "",
    "provinces": "provinces",
    "categories": "categories",
    "sources": "sources",
    "digital_economy": "digital-economy",
    "exchanges": "exchanges",
    "quality": "data-quality",
}
_STILL_SECONDS = 0.3
# The overview is drawn once its five headline numbers and its freshness line are on screen.
OVERVIEW_READY = """() =>
  document.querySelectorAll('[data-testid="stMain"] [data-testid="stMetricValue"]').length === 5
  && Array.from(document.querySelectorAll('[data-testid="stCaptionContainer"]'))
       .some((c) => c.innerText.includes("as of") || c.innerText.includes("数据截至"))"""
_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
_SHOWN = """() => {
  const text = (el) => (el ? el.innerText.trim() : "");
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  return {
    title: text(main.querySelector("h1")),
    metrics: Array.from(main.querySelectorAll('[data-testid="stMetric"]')).map((m) => [
      text(m.querySelector('[data-testid="stMetricLabel"]')),
      text(m.querySelector('[data-testid="stMetricValue"]')),
    ]),
    captions: Array.from(main.querySelectorAll('[data-testid="stCaptionContainer"]')).map(text),
    alerts: Array.from(document.querySelectorAll('[data-testid="stAlert"]')).map(text),
    exceptions: Array.from(document.querySelectorAll('[data-testid="stException"]')).map(text),
  };
}"""


@dataclass
class Render:
    """One render a session waited for: how long it took and what the page showed afterwards."""

    session: int
    action: str
    started: float  # monotonic clock
    seconds: float
    title: str
    metrics: dict[str, str]
    captions: list[str]
    alerts: list[str]
    exceptions: list[str]


@dataclass
class Session:
    """One browser context with one page: a Streamlit session per websocket it opens."""

    number: int
    url: str
    page: Any
    finished: int = 0
    exceptions_sent: int = 0
    session_ids: list[str] = field(default_factory=list)
    configs: list[Any] = field(default_factory=list)
    renders: list[Render] = field(default_factory=list)
    _progress: asyncio.Event = field(default_factory=asyncio.Event)

    def follow(self) -> None:
        """Listen to every websocket the page opens."""
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: str | bytes) -> None:
        if isinstance(payload, str):
            return
        message = ForwardMsg.FromString(payload)
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.session_ids.append(message.new_session.initialize.session_id)
            self.configs.append(message.new_session.config)
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            self.exceptions_sent += message.delta.new_element.WhichOneof("type") == "exception"
        elif kind == "script_finished" and message.script_finished == _FINISHED:
            self.finished += 1
            self._progress.set()

    async def _settle(self, before: int, ready: str) -> dict[str, Any]:
        """Wait for the run's end on the websocket, then until the page has drawn it and stays still."""
        deadline = time.monotonic() + WAIT_SECONDS
        while self.finished <= before:
            self._progress.clear()
            await asyncio.wait_for(self._progress.wait(), timeout=max(0.1, deadline - time.monotonic()))
        await self.page.wait_for_selector(_IDLE, timeout=WAIT_SECONDS * 1000)
        await self.page.wait_for_function(ready, timeout=WAIT_SECONDS * 1000)
        # Elements are drawn by lazily loaded components after the run's last message: wait for stillness.
        shown = await self.page.evaluate(_SHOWN)
        while True:
            await asyncio.sleep(_STILL_SECONDS)
            again = await self.page.evaluate(_SHOWN)
            if again == shown:
                return dict(shown)
            shown = again

    async def act(
        self, action: str, step: Callable[[], Awaitable[object]], ready: str = "() => true"
    ) -> Render:
        """Do one step (a navigation or a click), wait until its run is drawn, and read the page."""
        before, started = self.finished, time.monotonic()
        await step()
        shown = await self._settle(before, ready)
        seconds = time.monotonic() - started
        render = Render(self.number, action, started, seconds, shown["title"], dict(shown["metrics"]),
                        shown["captions"], shown["alerts"], shown["exceptions"])  # fmt: skip
        self.renders.append(render)
        return render

    async def open(self, key: str = "overview", lang: str = "en", ready: str | None = None) -> Render:
        """Load a page from its address (a new Streamlit session) and wait until its title is drawn."""
        address = f"{self.url}/{PATHS[key]}?lang={lang}"
        title = Labels(lang)(f"page.{key}")  # type: ignore[arg-type]
        return await self.act(
            f"open {key}", lambda: self.page.goto(address, wait_until="commit"), ready or titled(title)
        )

    async def switch_language(self, lang: str, ready: str | None = None) -> Render:
        """Click the language in the sidebar: a rerun in the same session."""
        name = {"zh": "中文", "en": "English"}[lang]
        radio = self.page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label').filter(
            has_text=name
        )
        title = await self.page.locator('[data-testid="stMain"] h1').first.inner_text()
        return await self.act(f"language {lang}", radio.click, ready or retitled(title))

    async def go_to(self, key: str, lang: str, ready: str | None = None) -> Render:
        """Follow a page's link in the sidebar navigation: a rerun in the same session."""
        title = Labels(lang)(f"page.{key}")  # type: ignore[arg-type]
        link = self.page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title)
        return await self.act(f"page {key}", link.click, ready or titled(title))

    async def toggle(self) -> Render:
        """Flip the first toggle on the page (shares versus values): a rerun in the same session."""
        switch = self.page.locator('[data-testid="stMain"] [data-testid="stCheckbox"] label').first
        return await self.act("toggle", switch.click)


_TITLE = """(document.querySelector('[data-testid="stMain"] h1') || {}).innerText"""


def titled(title: str) -> str:
    """A page-ready predicate: the main title reads `title`."""
    return f"() => {_TITLE} === {json.dumps(title)}"


def retitled(title: str) -> str:
    """A page-ready predicate: there is a main title and it no longer reads `title`."""
    return f"() => ![undefined, {json.dumps(title)}].includes({_TITLE})"


@asynccontextmanager
async def sessions_in_chromium(url: str, count: int, locale: str = "en-GB") -> AsyncIterator[list[Session]]:
    """`count` sessions, each a tab of one headless Chromium (closed after); tabs share the HTTP cache."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
            yield [await new_session(context, url, number) for number in range(count)]
        finally:
            await browser.close()


async def new_session(context: Any, url: str, number: int) -> Session:
    """A new tab in `context`, following its websockets: a Streamlit session per page load."""
    page = await context.new_page()
    page.set_default_timeout(WAIT_SECONDS * 1000)  # many tabs at once on two cores: loads are slow
    session = Session(number, url, page)
    session.follow()
    return session


def run_in_thread(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to completion in a fresh thread with its own event loop; re-raise its error."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(make())  # type: ignore[arg-type]
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=target, name="playwright-async")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    value: T = outcome["value"]
    return value
