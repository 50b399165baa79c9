"""`dexstat serve` sends Streamlit's JavaScript brotli- or gzip-compressed to a browser that accepts either,
plain to any other.

Streamlit itself serves /static/ uncompressed (a first visit brought ~8 MB); dashboard/compression.py
compresses it. Checked on the real server, with the exact Accept-Encoding each client sends.
"""

import gzip
import http.client
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import brotli
import pytest
import streamlit
from dashboard_fixtures import build_fixture_warehouse
from live_server import free_port, running, serve_command

STATIC = Path(streamlit.__file__).parent / "static"
CHROMIUM_ACCEPTS = "gzip, deflate, br, zstd"
GZIP_ONLY = "gzip, deflate"  # a browser that offers no brotli (some do over plain HTTP)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Site:
    port: int
    bundle: str  # the main JavaScript bundle's path, e.g. /static/js/index.DormvYxC.js


def fetch(port: int, path: str, accept_encoding: str | None, **headers: str) -> Answer:
    """GET `path` sending exactly this Accept-Encoding (None: no such header); the body as sent."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        if accept_encoding is not None:
            connection.putheader("Accept-Encoding", accept_encoding)
        for name, value in headers.items():
            connection.putheader(name.replace("_", "-"), value)
        connection.endheaders()
        answer = connection.getresponse()
        return Answer(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read())
    finally:
        connection.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("compression")
    db = build_fixture_warehouse(folder / "warehouse.duckdb")
    port = free_port()
    with running(serve_command(db, port), port, folder / "server.log"):
        page = fetch(port, "/", CHROMIUM_ACCEPTS).body.decode()
        found = re.search(r'<script[^>]+src="\.?(/static/js/index\.[^"]+\.js)"', page)
        assert found, f"no main bundle in the page: {page[:500]}"
        yield Site(port, found.group(1))


def test_the_main_bundle_is_sent_gzipped_to_a_browser_that_accepts_gzip(site: Site) -> None:
    original = (STATIC / site.bundle.lstrip("/")).read_bytes()
    answer = fetch(site.port, site.bundle, GZIP_ONLY)
    assert answer.status == 200
    assert answer.headers.get("content-encoding") == "gzip", "the main bundle was sent uncompressed"
    assert len(answer.body) < len(original) / 2
    assert answer.headers["content-length"] == str(len(answer.body))
    assert gzip.decompress(answer.body) == original
    assert "accept-encoding" in answer.headers.get("vary", "").lower()
    assert "immutable" in answer.headers["cache-control"], "the browser must keep it"
    assert "accept-ranges" not in answer.headers, "a byte range would not count bytes of the gzip"


def test_a_browser_that_accepts_brotli_gets_it_once_the_server_has_made_it(site: Site) -> None:
    """The first requests get gzip while one background thread makes the brotli (about 1 s per MB)."""
    original = (STATIC / site.bundle.lstrip("/")).read_bytes()
    deadline = time.monotonic() + 120
    while (answer := fetch(site.port, site.bundle, CHROMIUM_ACCEPTS)).headers["content-encoding"] != "br":
        assert answer.headers["content-encoding"] == "gzip"
        assert time.monotonic() < deadline, "no brotli copy of the main bundle after 120 s"
        time.sleep(0.2)
    assert brotli.decompress(answer.body) == original
    assert len(answer.body) < len(fetch(site.port, site.bundle, GZIP_ONLY).body)
    assert answer.headers["content-length"] == str(len(answer.body))


@pytest.mark.parametrize("accept_encoding", [None, "identity", "gzip;q=0, identity", "deflate"])
def test_a_client_without_gzip_gets_the_file_as_it_is(site: Site, accept_encoding: str | None) -> None:
    answer = fetch(site.port, site.bundle, accept_encoding)
    assert answer.status == 200
    assert "content-encoding" not in answer.headers
    assert answer.body == (STATIC / site.bundle.lstrip("/")).read_bytes()
    assert "accept-encoding" in answer.headers.get("vary", "").lower(), "a shared cache could mix the two up"


def test_a_revalidation_of_the_gzipped_bundle_is_not_modified(site: Site) -> None:
    etag = fetch(site.port, site.bundle, "gzip").headers["etag"]
    assert etag.startswith("W/"), "the gzip is another representation: a weak ETag"
    again = fetch(site.port, site.bundle, "gzip", If_None_Match=etag)
    assert (again.status, again.body) == (304, b"")


def test_fonts_are_not_gzipped_again(site: Site) -> None:
    css = next((STATIC / "static" / "css").glob("index.*.css")).read_text(encoding="utf-8")
    font = re.search(r"\.\./media/([^)\"']+\.woff2)", css)
    assert font, "no woff2 font in Streamlit's CSS"
    answer = fetch(site.port, f"/static/media/{font.group(1)}", CHROMIUM_ACCEPTS)
    assert answer.status == 200 and "content-encoding" not in answer.headers
