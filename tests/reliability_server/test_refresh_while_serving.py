"""Refreshes publish while sessions read: no error, no lock, and every page shows one build, old or new."""

import asyncio
import re
import subprocess
from pathlib import Path

import duckdb
import pytest
from browsing import OVERVIEW_READY, Render, Session, run_in_thread, sessions_in_chromium
from dashboard_fixtures import build_fixture_warehouse
from live_server import ROOT, free_port, require_chromium, running, serve_command
from source_versions import Publisher, refresh_command, version_shown, write_version
from streamlit.testing.v1 import AppTest

from dashboard import data, queries, warehouse

# Anything in the server's log that says a reader hit a lock, a closed connection or an exception.
TROUBLE = re.compile(r"lock|traceback|exception|error|closed", re.IGNORECASE)


def _publish(build: Path, db: Path) -> None:
    build.replace(db)  # what `dexstat refresh` does last: an atomic rename over the published file


def test_a_query_under_way_survives_two_refreshes_publishing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = build_fixture_warehouse(tmp_path / "warehouse.duckdb", is_sample=True)
    monkeypatch.setenv("DEXSTAT_DB", str(db))
    first = data.current()
    cur = data.cursor(first)  # a session is about to query the build it started on
    for n in (1, 2):  # two refreshes publish, and sessions open each new build
        _publish(build_fixture_warehouse(tmp_path / f"build{n}.duckdb", is_sample=False), db)
        data.current()
    try:
        row = cur.execute("select is_sample from refresh_runs order by run_id desc limit 1").fetchone()
    finally:
        cur.close()
    assert row == (True,), "the query did not read the build it started on"


def test_a_replaced_build_is_never_reopened_from_the_newer_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = build_fixture_warehouse(tmp_path / "warehouse.duckdb", is_sample=True)
    monkeypatch.setenv("DEXSTAT_DB", str(db))
    first = data.current()
    for n in (1, 2):
        _publish(build_fixture_warehouse(tmp_path / f"build{n}.duckdb", is_sample=False), db)
        data.current()
    # The first build's connection has made way for the two newer ones; asking for it again must not
    # quietly answer from the file now at the same path (a page would mix two builds).
    try:
        cur = data.cursor(first)
    except warehouse.Unavailable:
        return
    try:
        shown = queries.last_refresh(cur).iloc[0]["is_sample"]
    finally:
        cur.close()
    assert bool(shown), "a query keyed by the first build read the newer build"


def test_a_run_whose_build_is_pushed_out_starts_again_on_the_published_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEXSTAT_DB", str(build_fixture_warehouse(tmp_path / "warehouse.duckdb")))
    real, asked = data._cached, []

    def pushed_out_once(identity: warehouse.Identity, name: str, args: tuple[object, ...]) -> object:
        asked.append(name)
        if len(asked) == 3:  # two refreshes have published since this run began, mid-page
            raise warehouse.Replaced()
        return real(identity, name, args)

    monkeypatch.setattr(data, "_cached", pushed_out_once)
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert asked.count(asked[2]) >= 2, "the run was not started again"
    assert {m.label: m.value for m in at.metric}["Deals"] == "11"


def _scenario(publisher: Publisher, versions: int, seen: list[tuple[Render, int | None, tuple[int, int]]]):
    """Open the overview, then keep switching language and page until the refreshes are done."""

    async def observe(session: Session, render: Render, lang: str) -> None:
        bounds = publisher.bounds(render.started, render.started + render.seconds)
        seen.append((render, version_shown(lang, render.metrics, render.captions, versions), bounds))

    async def scenario(session: Session, opened: asyncio.Event) -> None:
        await observe(session, await session.open(ready=OVERVIEW_READY), "en")
        opened.set()
        lang, turn = "en", 0
        while not publisher.done.is_set():
            turn += 1
            if turn % 3 == 0:  # another page and back, in the same session
                await session.go_to("exchanges" if turn % 2 else "categories", lang)
                await observe(session, await session.go_to("overview", lang, ready=OVERVIEW_READY), lang)
            elif turn % 5 == 4:  # a new session, as a reader reloading the page
                await observe(session, await session.open(lang=lang, ready=OVERVIEW_READY), lang)
            else:
                lang = "zh" if lang == "en" else "en"
                await observe(session, await session.switch_language(lang, ready=OVERVIEW_READY), lang)
        lang = "zh" if lang == "en" else "en"  # after the last refresh: the newest build, without a restart
        await observe(session, await session.switch_language(lang, ready=OVERVIEW_READY), lang)

    return scenario


def _serve_while_refreshing(tmp_path: Path, sessions: int, refreshes: int, from_lake: bool = False) -> None:
    """Sessions read while refreshes publish; `from_lake`: each refresh publishes a lake too, and the
    server reads the lake (`dexstat serve --lake`) rather than the warehouse file."""
    source, db = tmp_path / "source", tmp_path / "warehouse.duckdb"
    lake = tmp_path / "lake" if from_lake else None
    write_version(source, 0)
    first = subprocess.run(refresh_command(source, db, lake), capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stdout + first.stderr
    port = free_port()
    seen: list[tuple[Render, int | None, tuple[int, int]]] = []
    # Served from the lake, the server is given no warehouse at all: a page that read one would fail.
    served = (tmp_path / "no-warehouse.duckdb", "--lake", str(lake)) if lake else (db,)
    command = serve_command(served[0], port, *served[1:])
    with running(command, port, tmp_path / "server.log") as server:

        async def main() -> list[Session]:
            async with sessions_in_chromium(server.url, sessions) as opened:
                publisher = Publisher(
                    source, db, refreshes, lambda: [[r.started for r in s.renders] for s in opened], lake
                )
                scenario = _scenario(publisher, refreshes + 1, seen)
                ready = [asyncio.Event() for _ in opened]
                tasks = [asyncio.create_task(scenario(s, e)) for s, e in zip(opened, ready, strict=True)]
                await asyncio.gather(*(e.wait() for e in ready))  # every session is reading: publish
                await publisher.run()
                await asyncio.gather(*tasks)
                assert all(out.startswith("exit 0") for out in publisher.outputs), publisher.outputs
                return opened

        opened = run_in_thread(main)
        log = server.log_text()

    renders = [render for render, _, _ in seen]
    assert not [r for r in renders if r.exceptions], "an exception box was shown"
    assert sum(s.exceptions_sent for s in opened) == 0, "the server sent an exception element"
    problems = [r.alerts for r in renders if any("warehouse" in a or "数据仓库" in a for a in r.alerts)]
    assert not problems, problems[:3]
    assert not TROUBLE.findall(log), log[-3000:]
    wrong = [(r.session, r.action, r.metrics, r.captions, b) for r, v, b in seen if v is None]
    assert not wrong, f"pages that show no single build: {wrong[:3]}"
    outside = [(r.session, r.action, v, b) for r, v, b in seen if v is not None and not b[0] <= v <= b[1]]
    assert not outside, f"pages that show neither the old nor the new build: {outside[:3]}"
    last = {r.session: v for r, v, _ in seen}  # each session's final render, after every refresh
    assert set(last.values()) == {refreshes}, last
    final = duckdb.connect(str(db), read_only=True)
    try:
        assert final.execute("select count(*) from transactions").fetchone() == (10 + refreshes,)
    finally:
        final.close()


@pytest.mark.slow
@pytest.mark.e2e
def test_sessions_see_old_or_new_data_while_refreshes_publish(tmp_path: Path) -> None:
    require_chromium()
    _serve_while_refreshing(tmp_path, sessions=4, refreshes=2)


@pytest.mark.slow
@pytest.mark.e2e
def test_sessions_on_the_lake_see_old_or_new_data_while_refreshes_publish_it(tmp_path: Path) -> None:
    require_chromium()
    _serve_while_refreshing(tmp_path, sessions=2, refreshes=2, from_lake=True)


@pytest.mark.long
@pytest.mark.e2e
def test_twenty_sessions_see_old_or_new_data_while_five_refreshes_publish(tmp_path: Path) -> None:
    require_chromium()
    _serve_while_refreshing(tmp_path, sessions=20, refreshes=5)
