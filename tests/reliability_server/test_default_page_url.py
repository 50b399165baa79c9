"""The overview's own path leads to the overview: Streamlit serves the default page only at the root.

Opened directly, /overview showed Streamlit's "Page not found" dialog over the overview. `dexstat serve`
redirects it to the root with the query (language, selection) kept.
"""

import http.client
from pathlib import Path

from dashboard_fixtures import build_fixture_warehouse
from live_server import free_port, running, serve_command

from dashboard.pages import DEFAULT_PATH


def head(port: int, path: str) -> tuple[int, str | None]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        return answer.status, answer.getheader("Location")
    finally:
        connection.close()


def test_the_default_pages_path_redirects_to_the_root_keeping_the_query(tmp_path: Path) -> None:
    db = build_fixture_warehouse(tmp_path / "warehouse.duckdb")
    port = free_port()
    with running(serve_command(db, port), port, tmp_path / "server.log"):
        assert head(port, f"/{DEFAULT_PATH}?lang=zh&from=2024-01") == (307, "/?lang=zh&from=2024-01")
        assert head(port, f"/{DEFAULT_PATH}") == (307, "/")
        assert head(port, "/provinces?lang=en")[0] == 200
