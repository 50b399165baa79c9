"""`dexstat serve`: the dashboard on a warehouse, as a hardened Streamlit server."""

import os
import sys
from pathlib import Path

import click

from etl.cli.terminal import DB_OPTION, fail, lake_option

# Pinned on the command line, which outranks any config.toml or environment variable: a stray
# .streamlit/config.toml cannot loosen them.
HARDENED = {
    "server.headless": "true",
    "server.fileWatcherType": "none",  # a reader's server never reloads code from disk
    "server.enableXsrfProtection": "true",
    "server.enableCORS": "true",
    "server.maxUploadSize": "1",  # megabytes: the dashboard takes no uploads
    "server.enableAgentApi": "false",
    "browser.gatherUsageStats": "false",
    "client.toolbarMode": "viewer",
    "client.showErrorDetails": "none",
    "client.showErrorLinks": "false",  # no "Ask Google / ChatGPT" links under an error
    "client.allowedOrigins": "",  # no page embedding the dashboard may send it commands (postMessage)
}


@click.command()
@DB_OPTION
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True)
@click.option("--address", default="localhost", show_default=True, help="Interface to listen on.")
@click.option(
    "--allow-user",
    "allowed_users",
    multiple=True,
    metavar="EMAIL",
    help="Require sign-in and admit only these users (repeatable; also $DEXSTAT_ALLOWED_USERS, "
    "comma-separated). Sign-in uses st.login: an [auth] section in .streamlit/secrets.toml and Authlib.",
)
@lake_option(
    "Serve the lake DIR written by `dexstat refresh --lake DIR` instead of a warehouse file "
    "(many dashboard servers can read one lake; a newly published lake is shown without a restart).",
)
def serve(db: Path, port: int, address: str, allowed_users: tuple[str, ...], lake: Path | None) -> None:
    """Start the dashboard on the warehouse DB: server settings hardened, its JavaScript compressed."""
    from dashboard.access import ALLOWED_USERS_VARIABLE
    from dashboard.lake import MANIFEST

    env = {key: value for key, value in os.environ.items() if key not in ("DEXSTAT_DB", "DEXSTAT_LAKE")}
    if lake is not None:
        if not (lake / MANIFEST).is_file():
            fail(f"There is no lake at {lake}. Write one first: dexstat refresh --lake {lake}")
        env["DEXSTAT_LAKE"] = os.path.abspath(lake)  # not resolved: each publish swaps the link
    elif not db.exists():
        fail(f"There is no warehouse at {db}. Build one first: dexstat refresh --db {db}")
    else:
        env["DEXSTAT_DB"] = str(db.resolve())
    # dashboard/server.py: dashboard/app.py as an st.App, with Streamlit's JavaScript and CSS compressed.
    app = Path(__file__).resolve().parents[2] / "dashboard" / "server.py"
    if allowed_users:
        env[ALLOWED_USERS_VARIABLE] = ",".join(allowed_users)
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port)]
    command += ["--server.address", address]
    command += [part for option, value in HARDENED.items() for part in (f"--{option}", value)]
    # Become the server (no child left behind): a supervisor's SIGTERM stops the server itself.
    os.execve(sys.executable, command, env)
