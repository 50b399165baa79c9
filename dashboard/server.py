"""The ASGI app `dexstat serve` runs: dashboard/app.py on Streamlit's server, its static files compressed.

`streamlit run` finds `app` (an st.App, Streamlit's supported way to add middleware) and serves it
with the same config as a plain script, so every setting pinned on the command line still holds.
"""

import streamlit as st
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route
from streamlit import config

from dashboard.compression import StaticCompression
from dashboard.pages import DEFAULT_PATH

_base = config.get_option("server.baseUrlPath").strip("/")
_root = f"/{_base}/" if _base else "/"


async def _to_root(request: Request) -> RedirectResponse:
    """The default page's own path (a link typed or kept from the page list) goes to the root, query kept."""
    query = request.url.query
    return RedirectResponse(_root + (f"?{query}" if query else ""), status_code=307)


app = st.App(
    "app.py",  # beside this file
    routes=[Route(f"{_root}{DEFAULT_PATH}", _to_root, methods=["GET"])],
    # Streamlit's own files, and the chart frame's (a custom component: dashboard/plotly_frame.py)
    middleware=[Middleware(StaticCompression, prefixes=(f"{_root}static/", f"{_root}component/"))],
)
