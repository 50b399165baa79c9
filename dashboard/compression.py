"""Brotli or gzip for the dashboard's static files: ASGI middleware for the server `dexstat serve` runs.

Streamlit serves /static/ uncompressed on purpose (streamlit/web/server/starlette/
starlette_gzip_middleware.py): recompressing on every request costs CPU, and it expects a reverse
proxy to compress. `dexstat serve` has no proxy: a reader's first visit brought 7.8 MB of them, gzipped
2.7 MB. The files never change while the server runs, so each is compressed once and kept: at most
the compressed copies of Streamlit's static folder and of the chart frame's files (dashboard/chart_frame/).

Brotli at its best setting is about a sixth smaller than gzip -9 on this JavaScript, and takes about 1 s
per MB, too long to make a reader wait. The first request for a file gets its gzip while one background
thread makes its brotli; every later request that accepts brotli gets that.

A file served without an ETag (Streamlit's custom-component route sends none) gets one, the digest of
its content, and a request that already holds it gets 304: the chart frame's bundle, loaded by every
chart's frame, crosses the network once.
"""

import gzip
import hashlib
import queue
import threading
from collections.abc import Callable

import anyio.to_thread
import brotli
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
MINIMUM_BYTES = 1024  # below this, the header and footer of either eat most of the gain
BROTLI_QUALITY = 11


def accepted(accept_encoding: str) -> set[str]:
    """Which of `br` and `gzip` an Accept-Encoding header allows (`x-gzip` and `*` too), with a q above 0."""
    quality: dict[str, float] = {}
    for item in accept_encoding.lower().split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        q = next((p.removeprefix("q=") for p in params if p.startswith("q=")), "1")
        try:
            quality[coding] = float(q)
        except ValueError:
            quality[coding] = 0.0
    star = quality.get("*", 0.0)
    found = {"br": quality.get("br", star), "gzip": quality.get("gzip", quality.get("x-gzip", star))}
    return {coding for coding, q in found.items() if q > 0}


class Brewer:
    """Brotli-compresses files one at a time in a daemon thread (a server stopping does not wait for it)."""

    def __init__(self, done: Callable[[bytes, bytes], None]) -> None:
        self.done = done
        self.asked: set[bytes] = set()
        self.queue: queue.SimpleQueue[tuple[bytes, bytes]] = queue.SimpleQueue()
        self.thread: threading.Thread | None = None

    def ask(self, digest: bytes, body: bytes) -> None:
        """Compress `body` once, whatever the number of requests asking for it."""
        if digest in self.asked:
            return
        self.asked.add(digest)
        self.queue.put((digest, body))
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, name="brotli", daemon=True)
            self.thread.start()

    def _run(self) -> None:
        while True:
            digest, body = self.queue.get()
            self.done(digest, brotli.compress(body, quality=BROTLI_QUALITY))


class StaticCompression:
    """Send the files under `prefixes` compressed to clients that accept it, compressing each file once."""

    def __init__(self, app: ASGIApp, prefixes: tuple[str, ...] = ("/static/",)) -> None:
        self.app = app
        self.prefixes = prefixes
        self.packed: dict[tuple[str, bytes], bytes] = {}  # (coding, digest of the file) -> compressed bytes
        self.brewer = Brewer(lambda digest, packed: self.packed.__setitem__(("br", digest), packed))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        request = Headers(scope=scope)
        codings = accepted(request.get("accept-encoding", ""))
        # Streamlit gzips some of these routes itself: it gets none of the client's codings, so it sends
        # the file as it is, and this compresses it once for all.
        inner = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"]}
        start: Message = {}
        body: list[bytes] = []

        async def respond(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if message["status"] == 200 and scope["method"] == "GET" and _held(headers):
                    start = message  # held back until the whole body is here
                    return
                await send(message)
            elif start and message["type"] == "http.response.body":
                body.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await self._send(request, codings, start, b"".join(body), send)
            else:
                await send(message)

        await self.app(inner, receive, respond)

    async def _send(
        self, request: Headers, codings: set[str], start: Message, body: bytes, send: Send
    ) -> None:
        headers = MutableHeaders(scope=start)
        digest = hashlib.blake2b(body, digest_size=16).digest()
        if "etag" not in headers:
            headers["etag"] = f'W/"{digest.hex()}"'
            if _matches(request.get("if-none-match", ""), headers["etag"]):
                for name in ("content-length", "content-type"):
                    del headers[name]
                await send({**start, "status": 304})
                await send({"type": "http.response.body", "body": b""})
                return
        if not _compressible(headers):
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        headers.add_vary_header("Accept-Encoding")  # caches keep the representations apart
        coding = await self._coding(codings, digest, body)
        if coding:
            body = self.packed[(coding, digest)]
            headers["content-encoding"] = coding
            headers["content-length"] = str(len(body))
            del headers["accept-ranges"]  # a Range would count bytes of the file, not of its compression
            if (etag := headers.get("etag", "")) and not etag.startswith("W/"):
                # Another representation of the file: a weak ETag, as nginx gives. Starlette compares
                # If-None-Match weakly, so a revalidation still gets its 304.
                headers["etag"] = f"W/{etag}"
        await send(start)
        await send({"type": "http.response.body", "body": body})

    async def _coding(self, codings: set[str], digest: bytes, body: bytes) -> str | None:
        """The coding to send (its bytes in self.packed), or None for the file as it is."""
        if "br" in codings:
            if ("br", digest) in self.packed:
                return "br"
            self.brewer.ask(digest, body)
        if "gzip" not in codings:
            return None
        if ("gzip", digest) not in self.packed:
            # mtime=0: the same file always gives the same bytes
            packed = await anyio.to_thread.run_sync(lambda: gzip.compress(body, 9, mtime=0))
            self.packed[("gzip", digest)] = packed
        return "gzip"


def _held(headers: MutableHeaders) -> bool:
    return "content-encoding" not in headers and (_compressible(headers) or "etag" not in headers)


def _compressible(headers: MutableHeaders) -> bool:
    size = int(headers.get("content-length", MINIMUM_BYTES))
    media_type = headers.get("content-type", "").lower()
    return media_type.startswith(COMPRESSIBLE) and size >= MINIMUM_BYTES


def _matches(if_none_match: str, etag: str) -> bool:
    """Whether If-None-Match names this ETag, compared weakly (RFC 9110 13.1.2), or is `*`."""
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags
