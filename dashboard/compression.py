"""Gzip for Streamlit's own JavaScript and CSS: ASGI middleware for the server `dexstat serve` runs.

Streamlit serves /static/ uncompressed on purpose (streamlit/web/server/starlette/
starlette_gzip_middleware.py): recompressing on every request costs CPU, and it expects a reverse
proxy to compress. `dexstat serve` has no proxy: a reader's first visit brought 7.8 MB of them, gzipped
2.7 MB. The files are content-hashed and never change while the server runs, so each is
compressed once, in a worker thread, and kept: at most the gzip of Streamlit's static folder, ~7 MB.
"""

import gzip

import anyio.to_thread
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
MINIMUM_BYTES = 1024  # below this, gzip's header and footer eat most of the gain


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header allows gzip: `gzip`, `x-gzip` or `*`, with a q above 0."""
    quality: dict[str, float] = {}
    for item in accept_encoding.lower().split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        q = next((p.removeprefix("q=") for p in params if p.startswith("q=")), "1")
        try:
            quality[coding] = float(q)
        except ValueError:
            quality[coding] = 0.0
    return quality.get("gzip", quality.get("x-gzip", quality.get("*", 0.0))) > 0


class StaticCompression:
    """Send the files under `prefix` gzipped to clients that accept it, compressing each file once."""

    def __init__(self, app: ASGIApp, prefix: str = "/static/") -> None:
        self.app = app
        self.prefix = prefix
        self.packed: dict[tuple[str, str], bytes] = {}  # (path, ETag) -> the file's gzip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        gzips = accepts_gzip(Headers(scope=scope).get("accept-encoding", ""))
        start: Message = {}
        body: list[bytes] = []

        async def respond(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if message["status"] == 200 and _compressible(headers):
                    headers.add_vary_header("Accept-Encoding")  # caches keep both versions apart
                    if gzips and scope["method"] == "GET":
                        start = message  # held back until the whole body is here
                        return
                await send(message)
            elif start and message["type"] == "http.response.body":
                body.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await self._send_gzipped(scope["path"], start, b"".join(body), send)
            else:
                await send(message)

        await self.app(scope, receive, respond)

    async def _send_gzipped(self, path: str, start: Message, body: bytes, send: Send) -> None:
        headers = MutableHeaders(scope=start)
        key = (path, headers.get("etag", ""))
        if key not in self.packed:
            # mtime=0: the same file always gives the same bytes
            self.packed[key] = await anyio.to_thread.run_sync(lambda: gzip.compress(body, 9, mtime=0))
        packed = self.packed[key]
        headers["content-encoding"] = "gzip"
        headers["content-length"] = str(len(packed))
        del headers["accept-ranges"]  # a Range would count bytes of the file, not of its gzip
        if (etag := headers.get("etag")) and not etag.startswith("W/"):
            # Another representation of the file: a weak ETag, as nginx gives. Starlette compares
            # If-None-Match weakly, so a revalidation still gets its 304.
            headers["etag"] = f"W/{etag}"
        await send(start)
        await send({"type": "http.response.body", "body": packed})


def _compressible(headers: MutableHeaders) -> bool:
    size = int(headers.get("content-length", MINIMUM_BYTES))
    media_type = headers.get("content-type", "").lower()
    return "content-encoding" not in headers and media_type.startswith(COMPRESSIBLE) and size >= MINIMUM_BYTES
