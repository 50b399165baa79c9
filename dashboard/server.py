"""The ASGI app `dexstat serve` runs: dashboard/app.py on Streamlit's server, its static files gzipped.

`streamlit run` finds `app` (an st.App, Streamlit's supported way to add middleware) and serves it
with the same config as a plain script, so every setting pinned on the command line still holds.
"""

import streamlit as st
from starlette.middleware import Middleware
from streamlit import config

from dashboard.compression import StaticCompression

_base = config.get_option("server.baseUrlPath").strip("/")
app = st.App(
    "app.py",  # beside this file
    middleware=[Middleware(StaticCompression, prefix=f"/{_base}/static/" if _base else "/static/")],
)
