"""Every dashboard query on the hand-made fixture warehouse: exact numbers, and filters that change them."""

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for dashboard_fixtures
from dashboard_fixtures import build_fixture_warehouse

from dashboard import queries, warehouse
from dashboard.filters import Filters

ALL = Filters()


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    path = build_fixture_warehouse(tmp_path_factory.mktemp("wh") / "warehouse.duckdb")
    connection = warehouse.connect(warehouse.identify(path))
    cur = warehouse.cursor(connection)
    yield cur
    cur.close()
    connection.close()


def by(frame: pd.DataFrame, key: str, column: str) -> dict[str, object]:
    return {k: (None if pd.isna(v) else v) for k, v in zip(frame[key], frame[column], strict=True)}


def test_headline_totals_skip_superseded_rows_and_count_undated_listings(
    con: duckdb.DuckDBPyConnection,
) -> None:
    head = queries.headline(con, ALL).set_index("period")
    now = head.loc["current"]
    assert (now["value_cny"], now["deals"], now["listings"], now["exchanges"]) == (6_250_000, 11, 7, 5)
    assert now["government_share"] == pytest.approx(5_050_000 / 6_250_000)
    assert (now["first_month"].date(), now["last_month"].date()) == (date(2022, 12, 1), date(2024, 3, 1))
    assert pd.isna(head.loc["previous", "value_cny"])


def test_headline_compares_with_the_period_of_equal_length_before(con: duckdb.DuckDBPyConnection) -> None:
    head = queries.headline(con, Filters(start=date(2023, 2, 1), end=date(2023, 3, 31))).set_index("period")
    assert (head.loc["current", "value_cny"], head.loc["current", "deals"]) == (1_800_000, 4)
    before = head.loc["previous"]
    assert (before["first_month"].date(), before["last_month"].date()) == (
        date(2022, 12, 1),
        date(2023, 1, 1),
    )
    assert (before["value_cny"], before["deals"], before["listings"]) == (1_250_000, 2, 2)


def test_monthly_by_source_sums_each_month(con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.monthly(con, ALL, "source")
    march = frame[frame["month"] == pd.Timestamp("2024-03-01")]
    assert by(march, "key", "value_cny") == {"government": 750_000}
    assert frame.groupby("key")["value_cny"].sum().to_dict() == {
        "government": 5_050_000,
        "private": 1_000_000,
        "unknown": 200_000,
    }


def test_a_dimension_outside_the_enum_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError, match="unknown dimension"):
        queries.monthly(con, ALL, "province_code; drop table provinces")


@pytest.mark.parametrize(
    ("dimension", "expected"),
    [
        (
            "exchange",
            {"SDE": 2_300_000, "BJIDEX": 2_000_000, "SZDEX": 1_100_000, "GZDE": 800_000, "GBDEX": 50_000},
        ),
        ("province", {"31": 2_150_000, "44": 2_050_000, "11": 2_000_000, "52": 50_000}),
        ("source", {"government": 5_050_000, "private": 1_000_000, "unknown": 200_000}),
    ],
)
def test_breakdown_value_by_dimension(
    con: duckdb.DuckDBPyConnection, dimension: str, expected: dict[str, float]
) -> None:
    frame = queries.breakdown(con, ALL, dimension)
    assert by(frame, "key", "value_cny") == expected
    assert list(frame["key"]) == list(expected)  # largest first


def test_breakdown_by_category_has_names_listings_and_a_zero_government_share(
    con: duckdb.DuckDBPyConnection,
) -> None:
    frame = queries.breakdown(con, ALL, "category").set_index("key")
    assert frame.loc["finance", ["name_zh", "name_en"]].tolist() == ["金融", "Finance & credit"]
    assert (frame.loc["finance", "value_cny"], frame.loc["finance", "deals"]) == (4_300_000, 5)
    assert frame.loc["transport", "listings"] == 2
    assert frame.loc["transport", "government_share"] == 0


def test_cross_tab_category_by_source(con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.cross_tab(con, ALL, "category", "source")
    finance = frame[frame["row_key"] == "finance"]
    assert by(finance, "column_key", "value_cny") == {"government": 4_100_000, "unknown": 200_000}
    assert set(finance["row_value_cny"]) == {4_300_000}


def test_provinces_without_data_are_null_never_zero(con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.provinces(con, ALL).set_index("province_code")
    assert len(frame) == 31
    assert pd.isna(frame.loc["12", "value_cny"]) and pd.isna(frame.loc["12", "listings"])
    assert (frame.loc["31", "value_cny"], frame.loc["31", "deals"], frame.loc["31", "listings"]) == (
        2_150_000,
        4,
        3,
    )


def test_value_per_100m_gdp_uses_years_with_both_and_the_source_folders_gdp(
    con: duckdb.DuckDBPyConnection,
) -> None:
    ratio = by(queries.provinces(con, ALL), "province_code", "value_per_100m_gdp")
    assert ratio["31"] == pytest.approx(25.0)
    assert ratio["44"] == pytest.approx(10.0)  # 2023 only (no 2024 GDP), with 13.0 trillion not 12.0
    assert ratio["11"] == pytest.approx(40.0)
    assert ratio["52"] is None


def test_annual_puts_official_series_beside_trade_with_gaps_and_sources(
    con: duckdb.DuckDBPyConnection,
) -> None:
    frame = queries.annual(con, ALL).set_index("year")
    assert list(frame.index) == [2021, 2022, 2023, 2024, 2025]
    assert frame.loc[2023, "trade_value_cny"] == 3_100_000
    assert frame.loc[2023, "digital_economy_cny"] == pytest.approx(53.9e12)
    assert frame.loc[2023, "digital_economy_source"] == "CAICT 2024"
    assert pd.isna(frame.loc[2024, "digital_economy_cny"])  # a gap, not zero
    assert frame.loc[2023, "market_value_cny"] == 153_690_000_000
    assert frame.loc[2023, "trade_share_of_market_pct"] == pytest.approx(3_100_000 / 153_690_000_000 * 100)
    assert pd.isna(frame.loc[2025, "market_value_cny"]) and frame.loc[2025, "market_forecast_cny"] == 284.1e9


def test_exchanges_lists_every_exchange_with_nulls_where_no_data(con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.exchanges(con, ALL).set_index("exchange_id")
    assert len(frame) == 15
    assert (frame.loc["SDE", "deals"], frame.loc["SDE", "value_cny"], frame.loc["SDE", "listings"]) == (
        5,
        2_300_000,
        3,
    )
    assert frame.loc["SDE", "government_share"] == pytest.approx(1_650_000 / 2_300_000)
    assert pd.isna(frame.loc["HZDE", "deals"])
    assert (frame.loc["HZDE", "founded"], frame.loc["ZGC_SHUHAI", "founded"]) == ("2023", "2014-02")


def test_published_figures_keep_kind_and_as_of_and_follow_the_exchange_filter(
    con: duckdb.DuckDBPyConnection,
) -> None:
    every = queries.published_figures(con, ALL)
    assert "CN" not in set(every["exchange_id"])
    gbdex = queries.published_figures(con, Filters(exchanges=("GBDEX",)))
    assert set(gbdex["exchange_id"]) == {"GBDEX"}
    assert sorted(gbdex["kind"].unique()) == ["cumulative", "point_in_time", "target"]
    assert gbdex["as_of"].notna().all()


def test_national_figures_and_statistic_sources(con: duckdb.DuckDBPyConnection) -> None:
    national = queries.national_figures(con)
    assert set(national["kind"]) == {"annual", "forecast"}
    sources = queries.statistic_sources(con)
    provincial = sources[(sources["indicator"] == "gdp") & (sources["scope"] == "provincial")]
    assert by(provincial, "source", "figures") == {"NBS": 3, "NBS export": 1}


def test_coverage_is_a_full_grid_of_exchanges_by_month(con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.coverage(con, Filters(start=date(2023, 1, 1), end=date(2023, 3, 31)))
    assert len(frame) == 15 * 3
    sde = frame[frame["exchange_id"] == "SDE"]
    assert [None if pd.isna(v) else v for v in sde["deals"]] == [2, 1, None]


def test_quality_counts_unmapped_rejects_and_history(con: duckdb.DuckDBPyConnection) -> None:
    counts = queries.quality_counts(con, ALL).iloc[0]
    assert (counts["deals"], counts["unclassified_deals"], counts["unknown_supplier_deals"]) == (11, 1, 1)
    assert counts["unknown_supplier_value_cny"] == 200_000
    rejects = queries.rejects(con)
    assert by(rejects, "reason_code", "rows") == {"missing_amount": 2, "unknown_province": 1}
    assert rejects.iloc[0]["example_row"] == 5
    assert by(queries.unmapped(con), "field", "raw_value") == {
        "category": "神秘数据",
        "supplier_type": "合作社",
    }
    assert list(queries.refresh_history(con)["run_id"]) == [2, 1]
    assert queries.last_refresh(con).iloc[0]["is_sample"]


def test_names_and_month_range(con: duckdb.DuckDBPyConnection) -> None:
    names = queries.names(con)
    assert set(names["dimension"]) == {"province", "exchange", "category", "supplier_type"}
    span = queries.month_range(con).iloc[0]
    assert (span["first_month"].date(), span["last_month"].date()) == (date(2022, 12, 1), date(2024, 3, 1))


@pytest.mark.parametrize(
    ("filters", "value", "deals"),
    [
        (Filters(start=date(2024, 1, 1)), 3_150_000, 4),
        (Filters(end=date(2023, 12, 31)), 3_100_000, 7),
        (Filters(provinces=("44",)), 2_050_000, 5),
        (Filters(exchanges=("SZDEX", "GZDE")), 1_900_000, 4),
        (Filters(categories=("finance",)), 4_300_000, 5),
        (Filters(sources=("private",)), 1_000_000, 4),
        (Filters(provinces=("31",), sources=("government",)), 1_500_000, 2),
    ],
)
def test_each_filter_narrows_every_trade_query(
    con: duckdb.DuckDBPyConnection, filters: Filters, value: float, deals: int
) -> None:
    head = queries.headline(con, filters).set_index("period").loc["current"]
    assert (head["value_cny"], head["deals"]) == (value, deals)
    assert queries.monthly(con, filters, "category")["value_cny"].sum() == value
    assert queries.breakdown(con, filters, "exchange")["value_cny"].sum() == value
    assert queries.cross_tab(con, filters, "province", "source")["deals"].sum() == deals
    assert queries.provinces(con, filters)["value_cny"].sum() == value
    assert queries.annual(con, filters)["trade_value_cny"].sum() == value
    assert queries.exchanges(con, filters)["deals"].sum() == deals
    assert queries.coverage(con, filters)["deals"].sum() == deals
    assert queries.quality_counts(con, filters).iloc[0]["deals"] == deals


def test_listings_follow_the_filters(con: duckdb.DuckDBPyConnection) -> None:
    listings = queries.breakdown(con, Filters(provinces=("31",)), "category")
    assert listings["listings"].sum() == 3
    dated = queries.provinces(con, Filters(start=date(2023, 1, 1)))
    assert dated["listings"].sum() == 5  # the 2022 listing and the undated one fall outside


def test_the_connection_is_read_only_without_file_access(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(duckdb.Error):
        con.execute("create table evil as select 1")
    with pytest.raises(duckdb.Error):
        con.execute("select * from read_csv('/etc/passwd')")


def test_a_replaced_warehouse_is_seen_by_a_new_connection(tmp_path: Path) -> None:
    path = build_fixture_warehouse(tmp_path / "w.duckdb")
    old = warehouse.connect(warehouse.identify(path))
    newer = build_fixture_warehouse(tmp_path / "new.duckdb", is_sample=False)
    newer.replace(path)
    identity = warehouse.identify(path)
    fresh = warehouse.connect(identity)
    assert not queries.last_refresh(warehouse.cursor(fresh)).iloc[0]["is_sample"]
    assert queries.last_refresh(warehouse.cursor(old)).iloc[0]["is_sample"]
    old.close()
    fresh.close()


@pytest.mark.parametrize(
    ("setup", "problem"),
    [
        (lambda p: None, "missing"),
        (lambda p: p.write_bytes(b""), "empty"),
        (lambda p: build_fixture_warehouse(p, empty=True), "empty"),
        (lambda p: p.write_bytes(b"not a database at all" * 100), "unreadable"),
    ],
)
def test_an_unusable_warehouse_is_reported_by_kind(tmp_path: Path, setup: object, problem: str) -> None:
    path = tmp_path / "w.duckdb"
    setup(path)  # type: ignore[operator]
    with pytest.raises(warehouse.Unavailable) as caught:
        warehouse.connect(warehouse.identify(path))
    assert caught.value.problem == problem


def test_a_warehouse_locked_by_a_writer_is_busy(tmp_path: Path) -> None:
    path = build_fixture_warehouse(tmp_path / "w.duckdb")
    hold = (
        f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('held', flush=True); time.sleep(60)"
    )
    with subprocess.Popen([sys.executable, "-c", hold], stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            with pytest.raises(warehouse.Unavailable) as caught:
                warehouse.connect(warehouse.identify(path))
            assert caught.value.problem == "busy"
        finally:
            holder.kill()
