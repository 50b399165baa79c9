"""Optional sign-in: with an allowlist, only signed-in users on it see any data; without one, anyone.

AppTest stands in for the identity provider: it sets what `st.user` holds. The OIDC round trip itself
(st.login's redirect to a provider and back) needs a provider and Authlib, and is not exercised here.
"""

from pathlib import Path

import pytest
from dashboard_fixtures import build_fixture_warehouse
from live_server import ROOT
from streamlit.testing.v1 import AppTest

from dashboard import access
from dashboard.i18n import Labels

APP = str(ROOT / "dashboard" / "app.py")
ALLOWED = "analyst@example.org, Minister@Example.gov.cn"
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-long-random-secret-for-the-tests-only",
    "client_id": "dexstat",
    "client_secret": "not-a-secret",
    "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
}
EN = Labels("en")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_warehouse(tmp_path_factory.mktemp("sign-in") / "warehouse.duckdb")


def _run(
    db: Path,
    monkeypatch: pytest.MonkeyPatch,
    user: dict[str, object],
    allowed: str | None = ALLOWED,
    configured: bool = True,
    page: str | None = None,
) -> AppTest:
    monkeypatch.setenv("DEXSTAT_DB", str(db))
    if allowed is None:
        monkeypatch.delenv(access.ALLOWED_USERS_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(access.ALLOWED_USERS_VARIABLE, allowed)
    monkeypatch.setattr(access, "_authlib_installed", lambda: True)  # st.login's dependency, not installed
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.user = user
    if configured:
        at.secrets["auth"] = AUTH
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _shows_data(at: AppTest) -> bool:
    return bool(at.metric or at.get("component_instance") or at.dataframe or at.get("download_button"))


def test_without_an_allowlist_anyone_reads_without_signing_in(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _run(db, monkeypatch, {}, allowed=None, configured=False)
    assert _shows_data(at)
    assert not [b for b in at.button if b.key in ("sign_in", "sign_out")]


def test_a_visitor_who_has_not_signed_in_sees_only_the_sign_in_button(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _run(db, monkeypatch, {"is_logged_in": False})
    assert not _shows_data(at)
    assert [i.value for i in at.info] == [EN("access.sign_in")]
    assert at.button(key="sign_in").label == EN("access.sign_in_button")


def test_a_link_to_another_page_shows_nothing_before_signing_in(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _run(db, monkeypatch, {"is_logged_in": False}, page="app_pages/exchanges.py")
    assert not _shows_data(at)


@pytest.mark.parametrize("email", ["analyst@example.org", "minister@example.gov.cn", " ANALYST@example.org "])
def test_a_signed_in_user_on_the_allowlist_reads_the_dashboard(
    db: Path, monkeypatch: pytest.MonkeyPatch, email: str
) -> None:
    at = _run(db, monkeypatch, {"is_logged_in": True, "email": email, "email_verified": True})
    assert _shows_data(at)
    assert {m.label: m.value for m in at.metric}["Deals"] == "11"
    assert at.button(key="sign_out").label == EN("access.sign_out")


@pytest.mark.parametrize(
    "user",
    [
        {"is_logged_in": True, "email": "someone@example.org"},
        {"is_logged_in": True, "email": "analyst@example.org.evil.test"},
        {"is_logged_in": True, "email": "analyst@example.org", "email_verified": False},
        {"is_logged_in": True, "name": "No Address"},
        {"is_logged_in": "yes", "email": "analyst@example.org"},
    ],
)
def test_a_user_not_on_the_allowlist_is_refused(
    db: Path, monkeypatch: pytest.MonkeyPatch, user: dict[str, object]
) -> None:
    at = _run(db, monkeypatch, user)
    assert not _shows_data(at)
    refused = [w.value for w in at.warning] == [EN("access.refused")]
    signing_in = [i.value for i in at.info] == [EN("access.sign_in")]
    assert refused or signing_in


def test_an_allowlist_without_sign_in_configured_shows_nothing_and_says_why(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _run(db, monkeypatch, {"is_logged_in": True, "email": "analyst@example.org"}, configured=False)
    assert not _shows_data(at)
    assert [e.value for e in at.error] == [EN("access.not_configured")]


@pytest.mark.parametrize(
    ("allowed", "user", "configured", "expected"),
    [
        ("", {}, False, "open"),
        (" , ", {"is_logged_in": False}, True, "open"),
        ("a@x.cn", {}, False, "not_configured"),
        ("a@x.cn", {"email": "a@x.cn"}, True, "sign_in"),  # an address without a sign-in proves nothing
        ("a@x.cn", {"is_logged_in": False, "email": "a@x.cn"}, True, "sign_in"),
        ("a@x.cn", {"is_logged_in": True, "email": "A@X.CN"}, True, "admitted"),
        ("a@x.cn,b@y.cn", {"is_logged_in": True, "email": "b@y.cn"}, True, "admitted"),
        ("a@x.cn", {"is_logged_in": True, "email": "a@x.cn", "email_verified": False}, True, "refused"),
        ("a@x.cn", {"is_logged_in": True, "email": ["a@x.cn"]}, True, "refused"),
        ("a@x.cn", {"is_logged_in": True, "email": "c@x.cn"}, True, "refused"),
    ],
)
def test_the_verdict_for_each_allowlist_and_user(
    allowed: str, user: dict[str, object], configured: bool, expected: str
) -> None:
    assert access.verdict(access.allowlist(allowed), user, configured) == expected
