"""Bytes the browser receives for each dashboard page: the real server, Debian's Chromium, Playwright.

Run as a child process: `python -m benchmarks.page_weight --db FILE`; prints JSON
{page: {"first": {...}, "again": {...}}} with, for each visit, http, static, websocket (bytes),
requests and seconds.

`dexstat serve` runs on a free loopback port. It is warmed first: every page opened once in a context
then thrown away, and each static file it sent asked for again until its brotli copy is made (a server
that has run a while has them all; the first reader after a start gets gzip: dashboard/compression.py).
Then each page is opened in a new browser context (empty cache: a first visit) and counted until the
script has finished, every chart's frame has drawn and no request has been in flight for SETTLE_SECONDS
(a chart frame fetches its code once it is on the page); then opened again in the same context (the
browser's cache holds the static files: a reader's next visit). `http` is every response as it came over
the wire (headers and compressed bodies, Chrome's Network.loadingFinished), `static` the part of it under
/static/ and /component/ (Streamlit's JavaScript and fonts, the chart frame and its plotly.js: the same
for every page and cached by the browser), `websocket` the payloads of the frames the server sent
(Streamlit's protobuf deltas: the page's data, the charts' figures and the map).
"""

import argparse
import base64
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync"]
# URL paths of dashboard/app.py's PAGES.
PAGES = {
    "overview": "",
    "provinces": "provinces",
    "categories": "categories",
    "sources": "sources",
    "digital_economy": "digital-economy",
    "exchanges": "exchanges",
    "quality": "data-quality",
}
STATIC = ("/static/", "/component/")
WAIT_MS = 300_000
SETTLE_SECONDS = 1.5
POLL_MS = 100
BROTLI_WAIT_SECONDS = 300


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_healthy(url: str, server: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"dexstat serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("dexstat serve did not answer its health check")


class Counter:
    """Sums what one browser tab receives, from the Chrome DevTools Protocol's network events."""

    def __init__(self, session: Any) -> None:
        self.urls: dict[str, str] = {}
        self.pending: set[str] = set()
        self.reset()
        session.on("Network.requestWillBeSent", self._sent)
        session.on("Network.loadingFinished", self._finished)
        session.on("Network.loadingFailed", lambda event: self.pending.discard(event["requestId"]))
        session.on("Network.webSocketFrameReceived", self._frame)
        session.send("Network.enable")

    def reset(self) -> None:
        """Start counting again (the next visit)."""
        self.http = self.static = self.websocket = self.requests = 0

    def totals(self) -> dict[str, float]:
        return {
            "http": self.http,
            "static": self.static,
            "websocket": self.websocket,
            "requests": self.requests,
        }

    def _sent(self, event: dict[str, Any]) -> None:
        self.urls[event["requestId"]] = url = event["request"]["url"]
        if url.startswith("http"):  # Chromium never reports a blob: URL finished
            self.pending.add(event["requestId"])

    def _finished(self, event: dict[str, Any]) -> None:
        self.pending.discard(event["requestId"])
        size = int(event.get("encodedDataLength", 0))
        self.http += size
        if any(part in self.urls.get(event["requestId"], "") for part in STATIC):
            self.static += size
        self.requests += 1

    def _frame(self, event: dict[str, Any]) -> None:
        response = event["response"]
        data = response.get("payloadData", "")
        # opcode 2 = binary frame, which the protocol hands over base64-encoded
        self.websocket += len(base64.b64decode(data)) if response.get("opcode") == 2 else len(data.encode())


def weigh(db: Path, lang: str = "zh") -> dict[str, dict[str, dict[str, float]]]:
    """Open every page once in a fresh context and count the bytes received."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "etl", "serve", "--db", str(db), "--port", str(port)]
    command += ["--address", "127.0.0.1"]
    results: dict[str, dict[str, dict[str, float]]] = {}
    with subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    ) as server:
        try:
            _wait_healthy(url, server)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                _warm(browser, url, lang)
                for page, path in PAGES.items():
                    results[page] = _weigh_page(browser, f"{url}/{path}?lang={lang}")
                browser.close()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    return results


def _warm(browser: Any, url: str, lang: str) -> None:
    """Open every page once, then wait until each static file sent has its brotli copy on the server."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    counter = Counter(context.new_cdp_session(tab))
    for path in PAGES.values():
        _visit(tab, f"{url}/{path}?lang={lang}", counter)
    context.close()
    files = {address for address in counter.urls.values() if any(part in address for part in STATIC)}
    deadline = time.monotonic() + BROTLI_WAIT_SECONDS
    while files and time.monotonic() < deadline:
        files = {address for address in files if _sent_as(address) == "gzip"}
        time.sleep(0.5)
    if files:
        raise RuntimeError(f"no brotli copy after {BROTLI_WAIT_SECONDS} s: {sorted(files)[:3]}")


def _sent_as(address: str) -> str:
    """The Content-Encoding a browser accepting brotli gets for this file."""
    request = urllib.request.Request(address, headers={"Accept-Encoding": "br, gzip"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return str(answer.headers.get("Content-Encoding", ""))


def _weigh_page(browser: Any, address: str) -> dict[str, dict[str, float]]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    counter = Counter(context.new_cdp_session(tab))
    visits = {}
    for visit in ("first", "again"):
        counter.reset()
        seconds = _visit(tab, address, counter)
        visits[visit] = {**counter.totals(), "seconds": seconds}
    context.close()
    return visits


def _visit(tab: Any, address: str, counter: Counter) -> float:
    start = time.perf_counter()
    tab.goto(address)
    tab.locator('[data-testid="stMainBlockContainer"] h1').first.wait_for(timeout=WAIT_MS)
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=WAIT_MS
    )
    for frame in tab.frames[1:]:  # each chart is drawn in its own frame (dashboard/plotly_frame.py)
        frame.locator(".main-svg").first.wait_for(timeout=WAIT_MS)
    seconds = time.perf_counter() - start
    _settle(tab, counter)  # late requests and frames (Plotly's code, fonts, the last deltas) still count
    return seconds


def _settle(tab: Any, counter: Counter) -> None:
    """Wait until no request has been in flight for SETTLE_SECONDS (at most WAIT_MS in all)."""
    # tab.wait_for_timeout, not time.sleep: Playwright hands over the network events only while it runs.
    quiet_since, deadline = time.monotonic(), time.monotonic() + WAIT_MS / 1000
    while time.monotonic() - quiet_since < SETTLE_SECONDS and time.monotonic() < deadline:
        tab.wait_for_timeout(POLL_MS)
        if counter.pending:
            quiet_since = time.monotonic()


def main() -> None:
    """Print the bytes per page as JSON for the parent process."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--lang", default="zh", choices=("zh", "en"))
    args = parser.parse_args()
    if not CHROMIUM.exists():
        json.dump({"skipped": f"no browser at {CHROMIUM}"}, sys.stdout)
        return
    json.dump(weigh(args.db.resolve(), args.lang), sys.stdout)


if __name__ == "__main__":
    main()
