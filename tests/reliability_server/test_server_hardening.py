"""`dexstat serve` runs a hardened server: checked on the running server, not on its command line.

A `.streamlit/config.toml` that loosens every setting sits in the folder the server starts from: the
settings `dexstat serve` pins must win over it. The same probe run on a plain `streamlit run` with that
file finds every weakness, so each check is shown able to fail.
"""

import contextlib
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import duckdb
import pytest
from dashboard_fixtures import build_fixture_warehouse
from live_server import ROOT, free_port, require_chromium, running, serve_command, wait_healthy
from server_probe import probe

LOOSENING = """\
[server]
enableXsrfProtection = false
enableCORS = false
maxUploadSize = 1000
enableAgentApi = true

[browser]
gatherUsageStats = true

[client]
toolbarMode = "developer"
showErrorDetails = "full"
showErrorLinks = true
"""
# The Exchanges page reads published_figures, which this damaged warehouse lacks: the page fails.
FAILING_PAGE = "exchanges"
DETAILS = ("published_figures", "CatalogException", "Traceback", str(ROOT), "Ask Google")


@pytest.fixture(scope="module")
def damaged_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_fixture_warehouse(tmp_path_factory.mktemp("damaged") / "warehouse.duckdb")
    con = duckdb.connect(str(path))
    try:
        con.execute("drop table published_figures")
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def loosened(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working folder whose .streamlit/config.toml turns every protection off."""
    folder = tmp_path_factory.mktemp("loosened")
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "config.toml").write_text(LOOSENING, encoding="utf-8")
    return folder


@pytest.mark.e2e
@pytest.mark.slow
def test_dexstat_serve_stays_hardened_when_a_config_file_loosens_it(
    damaged_db: Path, loosened: Path, tmp_path: Path
) -> None:
    require_chromium()
    port = free_port()
    with running(serve_command(damaged_db, port), port, tmp_path / "server.log", cwd=loosened) as server:
        found = probe(server.url, FAILING_PAGE)
        log = server.log_text()
    assert found.upload_without_token == 403, "XSRF protection is off"
    assert found.small_upload_with_token == 204, "the endpoint takes a valid small upload"
    assert found.oversized_upload_with_token == 413, "a 2 MB upload was not refused"
    assert found.agent_api == 403, "the agent API drives the app"
    assert (found.gathers_usage_stats, found.outside_requests) == (False, []), "usage statistics are sent"
    assert found.toolbar_mode == "VIEWER"
    assert "Clear cache" not in found.menu and "Rerun" not in found.menu
    assert found.message_origins == [], "pages embedding the dashboard may command it"
    assert "redacted" in found.error_box, "the failing page shows an error"
    assert [d for d in DETAILS if d in found.error_box] == [], found.error_box
    assert "published_figures" in log, "the details are in the operator's log"


@pytest.mark.e2e
@pytest.mark.slow
def test_the_probe_finds_every_weakness_of_an_unhardened_server(
    damaged_db: Path, loosened: Path, tmp_path: Path
) -> None:
    require_chromium()
    port = free_port()
    app = str(ROOT / "dashboard" / "app.py")
    command = [sys.executable, "-m", "streamlit", "run", app, "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true"]  # fmt: skip
    env = {"DEXSTAT_DB": str(damaged_db)}
    with running(command, port, tmp_path / "server.log", env=env, cwd=loosened) as server:
        found = probe(server.url, FAILING_PAGE)
    assert found.upload_without_token == 204
    assert found.oversized_upload_without_token == 204
    assert found.agent_api == 200
    assert found.gathers_usage_stats and found.outside_requests
    assert found.toolbar_mode == "DEVELOPER" and "Clear cache" in found.menu
    assert found.message_origins
    assert [d for d in DETAILS if d in found.error_box] == list(DETAILS)


def test_stopping_dexstat_serve_stops_the_server(tmp_path: Path) -> None:
    """A supervisor signals the process it started; no server may keep answering after it exits."""
    db = build_fixture_warehouse(tmp_path / "warehouse.duckdb")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with (tmp_path / "server.log").open("wb") as log:
        process = subprocess.Popen(serve_command(db, port), stdout=log, stderr=log, start_new_session=True)
        try:
            wait_healthy(url, process)
            process.send_signal(signal.SIGTERM)  # to the process only, not its group
            process.wait(timeout=30)
            with pytest.raises(OSError):
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=5)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # whatever the test leaves behind
            process.wait()
