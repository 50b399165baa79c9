"""The dexstat dashboard: page config, the warehouse, the shared sidebar, and navigation between pages."""

import pandas as pd
import streamlit as st

from dashboard import access, data, queries, sidebar
from dashboard.i18n import Labels
from dashboard.pages import PAGES
from dashboard.view import View, share
from dashboard.warehouse import Unavailable


def main() -> None:
    """Render the sidebar and the chosen page, or say plainly why there is nothing to show."""
    # No page_icon: a material-icon favicon is fetched from a font CDN, unreachable offline.
    st.set_page_config(page_title="dexstat", layout="wide")
    labels = Labels(sidebar.language())
    if not access.admit(labels):
        return
    try:
        identity = data.current()
    except Unavailable as problem:
        st.title(labels("app.title"))
        st.info(labels(f"problem.{problem.problem}"), icon=":material/database:")
        return
    refresh = data.fetch(identity, queries.last_refresh).iloc[0]
    names = data.fetch(identity, queries.names)
    span = data.fetch(identity, queries.month_range).iloc[0]
    first, last = (
        pd.Timestamp(span[c]).date() if pd.notna(span[c]) else None for c in ("first_month", "last_month")
    )
    filters = sidebar.selection(identity, labels, names, (first, last))
    if bool(refresh["is_sample"]):
        st.warning(labels("app.sample"), icon=":material/science:")
    share(View(identity, filters, labels, names, bool(refresh["is_sample"])))
    pages = [
        st.Page(f"app_pages/{key}.py", title=labels(f"page.{key}"), icon=icon, url_path=path, default=i == 0)
        for i, (key, icon, path) in enumerate(PAGES)
    ]
    st.navigation(pages).run()


main()
