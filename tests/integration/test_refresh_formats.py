"""Whole folders through the refresh: every format of the sample, and the real NBS export."""

import shutil
from collections import Counter
from pathlib import Path

import pytest
from folders import query

from etl.sample import write_sample

NBS_SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "nbs_provincial_gdp_2006_2024.csv"


def test_the_sample_loads_every_format_and_rejects_exactly_the_planted_rows(tmp_path, db, run_refresh):
    summary = write_sample(tmp_path / "sample", rows=3000, seed=11)
    report = run_refresh(tmp_path / "sample", db)
    assert {f.status for f in report.files} == {"loaded"}
    suffixes = {Path(f.file).suffix for f in report.files}
    assert {".csv", ".xlsx", ".json", ".jsonl", ".parquet"} <= suffixes
    rejected = Counter(dict(query(db, "select reason_code, count(*) from rejects group by 1")))
    assert rejected == Counter({kind: n for kind, n in summary.bad_rows.items() if n})
    assert report.total("rows_read") == summary.transactions + summary.listings
    assert query(db, "select count(*) from listings") == [(summary.listings,)]
    assert report.is_sample
    assert query(db, "select is_sample from refresh_runs") == [(True,)]


def test_the_sample_respects_founding_dates_once_loaded(tmp_path, db, run_refresh):
    write_sample(tmp_path / "sample", rows=3000, seed=11)
    run_refresh(tmp_path / "sample", db)
    early = query(
        db,
        "select count(*) from transactions t join exchanges x using (exchange_id) "
        "where x.founded_on is null or t.txn_date < x.founded_on",
    )
    assert early == [(0,)]


@pytest.mark.skipif(
    not NBS_SAMPLE.exists(), reason="the real NBS export lives in ../shared/samples (CI has it)"
)
def test_the_real_nbs_export_loads_as_it_is_into_statistics(source, db, run_refresh):
    (source / "statistics").mkdir()
    shutil.copy(NBS_SAMPLE, source / "statistics" / NBS_SAMPLE.name)
    report = run_refresh(source, db)
    (nbs,) = [f for f in report.files if f.kind == "statistics"]
    assert (nbs.status, nbs.rows_read, nbs.rows_loaded, nbs.rows_rejected) == ("loaded", 589, 589, 0)
    rows = query(
        db,
        "select count(*), count(distinct province_code), min(year), max(year) from statistic_rows "
        "where source_file like 'statistics/%' and indicator = 'gdp'",
    )
    assert rows == [(589, 31, 2006, 2024)]
    beijing = query(
        db,
        "select value, unit, source from statistics where indicator = 'gdp' "
        "and province_code = '11' and year = 2024",
    )
    assert beijing[0][0] == pytest.approx(4_967_020_000_000)
    assert beijing[0][1] == "CNY"
    assert "国家统计局" in beijing[0][2] or "National Bureau of Statistics" in beijing[0][2]
