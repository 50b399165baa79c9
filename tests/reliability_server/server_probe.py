"""What a running dashboard server actually does about each hardening setting, seen from outside.

The probe opens the overview in Chromium (reading the session's settings from the websocket and every
request the page makes), uploads through the real endpoint with and without the XSRF token, asks the
agent API to drive the app, opens the app menu, and opens a page that fails on a damaged warehouse.
"""

import http.client
import json
import select
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from browsing import run_in_thread, sessions_in_chromium
from streamlit.proto.NewSession_pb2 import Config

BOUNDARY = "dexstat-probe"


@dataclass(frozen=True)
class Findings:
    toolbar_mode: str
    menu: str
    gathers_usage_stats: bool
    outside_requests: list[str]
    upload_without_token: int
    small_upload_with_token: int | None
    oversized_upload_with_token: int | None
    oversized_upload_without_token: int
    agent_api: int
    message_origins: list[str]
    error_box: str


def _request(method: str, url: str, body: bytes = b"", headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, data=body or None, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _upload(url: str, session_id: str, size: int, token: str | None) -> int:
    """PUT a file of `size` bytes to the upload endpoint, as st.file_uploader's front end does."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="probe.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    )
    body = head.encode() + b"a" * size + f"\r\n--{BOUNDARY}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    if token:
        headers |= {"X-Xsrftoken": token, "Cookie": f"_streamlit_xsrf={token}"}
    return _put_expecting_continue(f"{url}/_stcore/upload_file/{session_id}/probe", body, headers)


def _put_expecting_continue(url: str, body: bytes, headers: dict[str, str]) -> int:
    """PUT with `Expect: 100-continue`, as curl does for large bodies, and return the final status.

    A server that refuses on the headers alone (a Content-Length over the limit, a missing token)
    answers before any of the body is sent. Sending the body anyway races the server's close: the
    client can get a broken pipe instead of the answer. So the body goes only after "100 Continue".
    """
    where = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(where.netloc, timeout=60)
    try:
        connection.putrequest("PUT", where.path)
        for name, value in (headers | {"Content-Length": str(len(body)), "Expect": "100-continue"}).items():
            connection.putheader(name, value)
        connection.endheaders()
        sock = connection.sock
        readable, _, _ = select.select([sock], [], [], 60)
        if not readable:
            raise TimeoutError(f"{url} answered neither 100 Continue nor a status within 60 s")
        if sock.recv(12, socket.MSG_PEEK).startswith(b"HTTP/1.1 100"):
            _discard_interim_answer(sock)
            connection.send(body)
        return connection.getresponse().status
    finally:
        connection.close()


def _discard_interim_answer(sock: socket.socket) -> None:
    """Read exactly the "100 Continue" head off the socket, leaving the final answer to http.client."""
    head = b""
    while not head.endswith(b"\r\n\r\n"):
        head += sock.recv(1)


def _host_origins(url: str) -> list[str]:
    with urllib.request.urlopen(f"{url}/_stcore/host-config", timeout=30) as answer:
        return [origin for origin in json.load(answer)["allowedOrigins"] if origin]


async def _probe(url: str, failing_page: str) -> Findings:
    async with sessions_in_chromium(url, 1) as (session,):
        page = session.page
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        await session.open("overview", "en")
        config: Any = session.configs[-1]
        cookies = await page.context.cookies()
        token = next((c["value"] for c in cookies if c["name"] == "_streamlit_xsrf"), None)
        sid = session.session_ids[-1]  # the page is still open: its session is live
        megabytes2 = 2 * 1024 * 1024
        uploads = (
            _upload(url, sid, 10, None),
            _upload(url, sid, 10, token) if token else None,
            _upload(url, sid, megabytes2, token) if token else None,
            _upload(url, sid, megabytes2, None),
        )
        agent = _request("POST", f"{url}/_stcore/agent/interact", b"{}", {"Content-Type": "application/json"})
        await page.locator('[data-testid="stMainMenu"]').click()
        menu = await page.locator('[data-testid="stMainMenuList"]').inner_text()
        await page.keyboard.press("Escape")
        shown = await session.open(failing_page, "en", ready="() => true")
        outside = [u for u in requests if not u.startswith((url, "data:", "blob:"))]
        return Findings(
            toolbar_mode=Config.ToolbarMode.Name(config.toolbar_mode),
            menu=menu,
            gathers_usage_stats=config.gather_usage_stats,
            outside_requests=outside,
            upload_without_token=uploads[0],
            small_upload_with_token=uploads[1],
            oversized_upload_with_token=uploads[2],
            oversized_upload_without_token=uploads[3],
            agent_api=agent,
            message_origins=_host_origins(url),
            error_box="\n".join(shown.exceptions),
        )


def probe(url: str, failing_page: str) -> Findings:
    """Probe the server at `url`; `failing_page` is a page that raises on the warehouse it serves."""
    return run_in_thread(lambda: _probe(url, failing_page))
