"""What every page is given: the warehouse build, the shared selection, the language and display names."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec

import duckdb
import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.filters import Filters
from dashboard.i18n import Labels
from dashboard.warehouse import Identity

P = ParamSpec("P")
_SHARED = "dexstat_view"


@dataclass(frozen=True)
class View:
    """The state a page renders from; pages read the warehouse only through `fetch`."""

    identity: Identity
    filters: Filters
    labels: Labels
    names: pd.DataFrame  # dimension, key, name_zh, name_en
    is_sample: bool

    def fetch(
        self,
        query: Callable[Concatenate[duckdb.DuckDBPyConnection, P], pd.DataFrame],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> pd.DataFrame:
        """The cached result of a dashboard query on this build."""
        return data.fetch(self.identity, query, *args, **kwargs)

    def names_of(self, dimension: str) -> dict[str, str]:
        """key -> display name in the current language for one dimension (sources come from i18n)."""
        if dimension == "source":
            return {k: self.labels.term("source", k) for k in ("government", "private", "unknown")}
        rows = self.names[self.names["dimension"] == dimension]
        return dict(zip(rows["key"], rows[self.labels.name_column], strict=True))


def share(view: View) -> None:
    """Hand the view of this run to the page script that st.navigation runs next."""
    st.session_state[_SHARED] = view


def shared() -> View:
    """The view app.py prepared in this run (page scripts run after it)."""
    view: View = st.session_state[_SHARED]
    return view
