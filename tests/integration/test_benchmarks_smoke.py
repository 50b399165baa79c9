"""The benchmark harness still runs end to end at a tiny size and reports every section with sane numbers.

No speed is asserted (benchmarks are not tests); this only keeps `make bench` from rotting when the
pipeline, the dashboard's SQL or its pages change. Page weight (Chromium) is left to the e2e tests.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # benchmarks/ is a folder, not installed
from benchmarks.dashboard_queries import query_names
from benchmarks.page_renders import PAGES
from benchmarks.refresh import FULL, INCREMENTAL
from benchmarks.refresh_profile import STEPS

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
ROWS = 2000


def run(*args: str) -> None:
    subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True, timeout=900)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str, Path]:  # type: ignore[type-arg]
    work = tmp_path_factory.mktemp("bench")
    out = work / "results.md"
    run(
        "-m", "benchmarks.run", "--rows", str(ROWS), "--repeat", "1", "--query-repeat", "2",
        "--cold-repeat", "1", "--page-repeat", "1", "--growth-repeat", "1", "--download-repeat", "1",
        "--skip", "weight,profile", "--work", str(work), "--out", str(out),
    )  # fmt: skip
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8")), out.read_text("utf-8"), work


def test_every_refresh_measurement_has_a_time_and_a_peak_memory(results):
    found, _, _ = results
    (size,) = found["sizes"]
    assert size["rows"] == ROWS
    assert set(size["runs"]) == set(FULL) | set(INCREMENTAL)
    for name, runs in size["runs"].items():
        assert len(runs) == 1, name
        assert 0 < runs[0]["seconds"] < 600, name
        assert 10 * 1024**2 < runs[0]["peak_rss"] < 4 * 1024**3, name
    assert size["loaded"]["utf8"] == [ROWS, 0]
    steps = {"SHA-256 of the file", "typed read into transaction_rows", "repeated ids", "checkpoint"}
    for floor, extra in (("floor_utf8", set()), ("floor_gbk", {"transcode to UTF-8"})):
        assert size["loaded"][floor] == [ROWS, 0], floor  # the floor wrote the rows it is timed for
        assert set(size["floor_steps"][floor]) == steps | extra, floor
    assert size["loaded"]["gbk"] == [ROWS, 0]
    assert size["loaded"]["added"] == [ROWS // 100, 0]


def test_every_dashboard_query_is_timed_warm_and_cold(results):
    found, _, _ = results
    queries = found["queries"]
    assert queries["skipped"] == []
    timed = {label.split("(")[0].strip() for label in queries["warm"]}
    assert timed == set(query_names())
    for label, seconds in queries["warm"].items():
        assert seconds and min(seconds) > 0, label
    for label, seconds in queries["cold"].items():
        assert seconds and min(seconds) > 0, label
    assert queries["result_rows"]["export_transactions (rows)"] > 0


def test_the_lake_answers_every_query_as_the_warehouse_does(results):
    found, _, _ = results
    warehouse, lake = found["queries"], found["lake_queries"]
    assert lake["lake"] is True and lake["db"].endswith("sample")
    assert lake["warm"].keys() == warehouse["warm"].keys() and lake["cold"].keys() == warehouse["cold"].keys()
    assert lake["result_rows"] == warehouse["result_rows"]
    assert all(seconds and min(seconds) > 0 for seconds in lake["warm"].values())


def test_the_lake_publish_is_timed_whole_unchanged_and_after_a_1_percent_file(results):
    found, _, _ = results
    publish = found["lake_publish"]
    assert publish["rows"] == ROWS
    assert list(publish["times"]) == ["whole lake", "nothing changed", "after a 1% file"]
    assert all(len(times) == 1 and times[0] > 0 for times in publish["times"].values())


def test_every_page_renders_in_apptest_without_an_exception(results):
    found, _, _ = results
    renders = found["pages"]["renders"]
    assert list(renders) == list(PAGES)
    for page, render in renders.items():
        assert render["exceptions"] == [], page
        assert render["first"] > 0 and len(render["warm"]) == 1, page


def test_the_report_has_every_section(results):
    _, markdown, _ = results
    for heading in (
        "### Machine",
        f"### {ROWS:,} transactions",
        "### Growth: dashboard query time",
        "### Dashboard queries on the",
        "### Dashboard queries from the lake of the",
        "### Lake publish,",
        "### Page renders in AppTest",
        "### Targets (issue 5)",
        "(no target) the UTF-8 floor against CTAS",
        "(no target) the GBK floor against CTAS",
        "The floors' steps",
    ):
        assert heading in markdown
    assert "nan" not in markdown.lower().replace("nanosecond", "")


def test_the_refresh_profile_still_finds_every_pipeline_step(results):
    _, _, work = results
    source = work / "inputs" / str(ROWS) / "utf8"
    out = work / "profile.json"
    run("-m", "benchmarks.refresh_profile", "--source", str(source), "--db", str(work / "p.duckdb"),
        "--out", str(out))  # fmt: skip
    profile = json.loads(out.read_text(encoding="utf-8"))
    called = {label for label, tally in profile["steps"].items() if tally["calls"]}
    expected = {label for label, _, _, _ in STEPS} - {
        "copy previous warehouse",  # a first refresh has nothing to copy
        "csv: quotes closed",  # only for files with an odd number of quotes: none here
    }
    assert expected - called == set()
    # Every text of this input is printable ASCII or CJK, which clean_text handles in SQL: the Python
    # UDF is never called (a regression that sends such text to Python shows here).
    assert profile["udf"] == {"calls": 0, "seconds": 0.0}
