"""dashboard/compression.py on a small ASGI app standing in for Streamlit's routes: which coding each client
gets, brotli made once in the background, and an ETag with its 304 for a file served without one.

The real server is checked in tests/reliability_server/test_static_compression.py and, for the chart
frame's files in a browser, tests/e2e/test_browser.py.
"""

import asyncio
import gzip
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import brotli
import pytest
from starlette.types import Message, Receive, Scope, Send

from dashboard.compression import StaticCompression, accepted

SCRIPT = b"function drawn(){return 'a chart';}\n" * 400  # compressible JavaScript, 14 KB
TAGGED = "/static/js/index.js"  # served with an ETag, as Streamlit serves /static/
UNTAGGED = "/component/chart/plotly.js"  # served without one, as Streamlit serves its components


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


class Files:
    """The inner app: SCRIPT at both paths; records the Accept-Encoding each request reached it with."""

    def __init__(self) -> None:
        self.seen: list[str | None] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope["headers"])
        self.seen.append(headers[b"accept-encoding"].decode() if b"accept-encoding" in headers else None)
        sent = [(b"content-type", b"application/javascript"), (b"content-length", str(len(SCRIPT)).encode())]
        if scope["path"] == TAGGED:
            sent.append((b"etag", b'"abc123"'))
        await send({"type": "http.response.start", "status": 200, "headers": sent})
        await send({"type": "http.response.body", "body": SCRIPT})


def get(app: StaticCompression, path: str, accept_encoding: str | None, if_none_match: str = "") -> Answer:
    headers = [(b"accept-encoding", accept_encoding.encode())] if accept_encoding is not None else []
    if if_none_match:
        headers.append((b"if-none-match", if_none_match.encode()))
    scope = {"type": "http", "method": "GET", "path": path, "headers": headers}
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    with ThreadPoolExecutor(1) as thread:  # a loop of its own: another test's may be running on this thread
        thread.submit(asyncio.run, app(scope, receive, send)).result()
    start, *bodies = sent
    found = {k.decode(): v.decode() for k, v in start["headers"]}
    return Answer(start["status"], found, b"".join(m.get("body", b"") for m in bodies))


def until_brotli(app: StaticCompression, path: str) -> Answer:
    """Ask as Chromium does until the brotli copy is made (the first answers are gzip)."""
    deadline = time.monotonic() + 60
    while (answer := get(app, path, "gzip, deflate, br, zstd")).headers.get("content-encoding") != "br":
        assert answer.headers["content-encoding"] == "gzip", "brotli not made yet: gzip meanwhile"
        assert time.monotonic() < deadline, "no brotli copy after 60 s"
        time.sleep(0.05)
    return answer


@pytest.mark.parametrize(
    ("header", "codings"),
    [
        ("gzip, deflate, br, zstd", {"br", "gzip"}),
        ("gzip", {"gzip"}),
        ("x-gzip", {"gzip"}),
        ("br;q=0.5", {"br"}),
        ("*", {"br", "gzip"}),
        ("*;q=0, gzip", {"gzip"}),
        ("gzip;q=0, br;q=0", set()),
        ("identity", set()),
        ("", set()),
        ("gzip;q=nonsense", set()),
    ],
)
def test_the_codings_a_client_accepts(header: str, codings: set[str]) -> None:
    assert accepted(header) == codings


def test_a_browser_gets_gzip_at_once_then_brotli_once_it_is_made() -> None:
    files = Files()
    app = StaticCompression(files, prefixes=("/static/", "/component/"))
    first = get(app, TAGGED, "gzip, deflate, br, zstd")
    assert first.headers["content-encoding"] == "gzip" and gzip.decompress(first.body) == SCRIPT
    later = until_brotli(app, TAGGED)
    assert brotli.decompress(later.body) == SCRIPT
    assert len(later.body) < len(first.body) < len(SCRIPT) / 10
    assert later.headers["content-length"] == str(len(later.body))
    assert later.headers["etag"] == 'W/"abc123"', "another representation of the file: a weak ETag"
    assert "accept-encoding" in later.headers["vary"].lower()
    assert set(files.seen) == {None}, "the inner app never compresses: it is never offered a coding"


@pytest.mark.parametrize("accept_encoding", [None, "identity", "deflate", "gzip;q=0, br;q=0"])
def test_a_client_without_gzip_or_brotli_gets_the_file_as_it_is(accept_encoding: str | None) -> None:
    answer = get(StaticCompression(Files()), TAGGED, accept_encoding)
    assert answer.status == 200 and answer.body == SCRIPT
    assert "content-encoding" not in answer.headers
    assert "accept-encoding" in answer.headers["vary"].lower(), "a shared cache could mix the two up"


def test_a_file_without_an_etag_gets_one_and_its_revalidation_is_not_modified() -> None:
    app = StaticCompression(Files(), prefixes=("/static/", "/component/"))
    answer = get(app, UNTAGGED, "gzip")
    etag = answer.headers["etag"]
    assert etag.startswith('W/"') and answer.headers["content-encoding"] == "gzip"
    again = get(app, UNTAGGED, "gzip", if_none_match=etag)
    assert (again.status, again.body) == (304, b"")
    assert "content-length" not in again.headers
    assert get(app, UNTAGGED, "gzip", if_none_match=etag.removeprefix("W/")).status == 304  # weak comparison
    assert get(app, UNTAGGED, "gzip", if_none_match='W/"another"').status == 200


def test_paths_outside_the_prefixes_are_left_alone() -> None:
    files = Files()
    answer = get(StaticCompression(files), "/_stcore/health", "gzip, br")
    assert answer.body == SCRIPT and "content-encoding" not in answer.headers and "etag" not in answer.headers
    assert files.seen == ["gzip, br"]
