"""Who may read the dashboard: anyone, or, when an allowlist is set, only the signed-in users on it."""

import importlib.util
import os
from collections.abc import Mapping
from typing import Literal

import streamlit as st

from dashboard.i18n import Labels

ALLOWED_USERS_VARIABLE = "DEXSTAT_ALLOWED_USERS"
Verdict = Literal["open", "admitted", "sign_in", "refused", "not_configured"]


def allowlist(raw: str | None = None) -> frozenset[str]:
    """The e-mail addresses admitted (from $DEXSTAT_ALLOWED_USERS); empty means anyone may read."""
    text = os.environ.get(ALLOWED_USERS_VARIABLE, "") if raw is None else raw
    return frozenset(part.strip().casefold() for part in text.split(",") if part.strip())


def verdict(allowed: frozenset[str], user: Mapping[str, object], configured: bool) -> Verdict:
    """Whether `user` (what st.user holds) may read; with an allowlist, failing closed on any doubt."""
    if not allowed:
        return "open"
    if not configured:
        return "not_configured"
    if user.get("is_logged_in") is not True:
        return "sign_in"
    email = user.get("email")
    # An address the identity provider says it has not verified proves nothing.
    if not isinstance(email, str) or user.get("email_verified") is False:
        return "refused"
    return "admitted" if email.strip().casefold() in allowed else "refused"


def _authlib_installed() -> bool:
    return importlib.util.find_spec("authlib") is not None


def sign_in_configured() -> bool:
    """st.login can work: the secrets hold an [auth] section and Authlib is installed."""
    try:
        has_auth = "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        has_auth = False
    return has_auth and _authlib_installed()


def admit(labels: Labels) -> bool:
    """True when this session may see the data; otherwise show the sign-in step and return False."""
    decided = verdict(allowlist(), st.user.to_dict(), sign_in_configured())
    if decided == "open":
        return True
    if decided == "admitted":
        st.sidebar.button(labels("access.sign_out"), on_click=st.logout, key="sign_out")
        return True
    st.title(labels("app.title"))
    if decided == "sign_in":
        st.info(labels("access.sign_in"), icon=":material/lock:")
        st.button(labels("access.sign_in_button"), on_click=st.login, type="primary", key="sign_in")
    elif decided == "refused":
        st.warning(labels("access.refused"), icon=":material/block:")
        st.button(labels("access.sign_out"), on_click=st.logout, key="sign_out")
    else:
        st.error(labels("access.not_configured"), icon=":material/lock:")
    return False
