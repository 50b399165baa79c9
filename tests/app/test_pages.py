"""Every page renders in both languages; each filter changes what it should; the link holds the selection."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from dashboard_fixtures import build_fixture_warehouse
from streamlit.testing.v1 import AppTest

from dashboard.i18n import Labels

PAGES = ("overview", "provinces", "categories", "sources", "digital_economy", "exchanges", "quality")
OpenApp = Callable[..., AppTest]


def headline(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_an_exception(open_app: OpenApp, page: str, lang: str) -> None:
    at = open_app(page, lang=lang)
    assert not at.exception, [e.message for e in at.exception]
    assert [t.value for t in at.title] == [Labels(lang)(f"page.{page}")]  # type: ignore[arg-type]
    assert Labels(lang)("app.sample") in [w.value for w in at.warning]  # type: ignore[arg-type]
    assert at.get("download_button"), "every page offers its data"


def test_overview_headline_numbers_have_units(open_app: OpenApp) -> None:
    assert headline(open_app(lang="en")) == {
        "Trade value (million CNY)": "6.25",
        "Deals": "11",
        "Listings": "7",
        "Active exchanges": "5",
        "Government share": "80.8%",
    }
    assert headline(open_app(lang="zh"))["成交额（万元）"] == "625"


@pytest.mark.parametrize(
    ("widget", "value", "expected"),
    [
        ("f_provinces", ["44"], {"Trade value (million CNY)": "2.05", "Deals": "5", "Listings": "2"}),
        ("f_exchanges", ["SZDEX", "GZDE"], {"Trade value (million CNY)": "1.90", "Deals": "4"}),
        ("f_categories", ["finance"], {"Trade value (million CNY)": "4.30", "Deals": "5"}),
        ("f_sources", ["private"], {"Trade value (million CNY)": "1.00", "Government share": "0.0%"}),
    ],
)
def test_each_filter_changes_the_headline(
    open_app: OpenApp, widget: str, value: list[str], expected: dict[str, str]
) -> None:
    at = open_app(lang="en")
    at.multiselect(key=widget).set_value(value).run()
    assert not at.exception
    shown = headline(at)
    assert {label: shown[label] for label in expected} == expected


def test_the_period_filter_narrows_and_compares_with_the_period_before(open_app: OpenApp) -> None:
    at = open_app(lang="en")
    at.select_slider(key="f_period").set_range(date(2023, 2, 1), date(2023, 3, 1)).run()
    metrics = {m.label: m for m in at.metric}
    assert metrics["Trade value (million CNY)"].value == "1.80"
    assert (
        metrics["Trade value (million CNY)"].delta == "+44.0%"
    )  # against 1.25 million in Dec 2022 - Jan 2023
    assert (at.query_params["start"], at.query_params["end"]) == ("2023-02-01", "2023-03-31")


def test_the_link_restores_the_selection(open_app: OpenApp) -> None:
    at = open_app(lang="en", provinces="31,44", sources="government", start="2024-01-01", end="2024-03-31")
    assert at.multiselect(key="f_provinces").value == ["31", "44"]
    assert at.multiselect(key="f_sources").value == ["government"]
    assert at.select_slider(key="f_period").value == (date(2024, 1, 1), date(2024, 3, 1))
    assert headline(at)["Trade value (thousand CNY)"] == "750"  # T10 and T11, government, in 44


def test_changing_a_filter_writes_the_link(open_app: OpenApp) -> None:
    at = open_app(lang="en")
    at.multiselect(key="f_categories").set_value(["finance", "energy"]).run()
    assert at.query_params["categories"] == "energy,finance"
    assert "provinces" not in at.query_params
    at.multiselect(key="f_categories").set_value([]).run()
    assert "categories" not in at.query_params


def test_the_selection_survives_a_change_of_language(open_app: OpenApp) -> None:
    at = open_app(lang="en", provinces="44")
    at.radio(key="lang").set_value("zh").run()
    assert [t.value for t in at.title] == ["概览"]
    assert at.multiselect(key="f_provinces").value == ["44"]
    assert headline(at)["成交额（万元）"] == "205"
    assert at.query_params["lang"] == "zh"


def test_the_selection_survives_a_change_of_page(open_app: OpenApp) -> None:
    at = open_app(lang="en", exchanges="SDE")
    at.switch_page("app_pages/exchanges.py").run()
    assert not at.exception
    assert at.multiselect(key="f_exchanges").value == ["SDE"]


def test_a_broken_link_shows_everything_and_says_why(open_app: OpenApp) -> None:
    at = open_app(lang="en", start="last tuesday")
    assert not at.exception
    assert any("not valid" in w.value for w in at.warning)
    assert headline(at)["Deals"] == "11"


def test_unknown_codes_in_a_link_are_dropped_with_a_notice(open_app: OpenApp) -> None:
    at = open_app(lang="en", provinces="44,99")
    assert at.multiselect(key="f_provinces").value == ["44"]
    assert any("99" in w.value for w in at.warning)


def test_clearing_the_selection_resets_every_filter(open_app: OpenApp) -> None:
    at = open_app(lang="en", provinces="44", start="2024-01-01")
    at.button[0].click().run()
    assert at.multiselect(key="f_provinces").value == []
    assert headline(at)["Deals"] == "11"
    assert "provinces" not in at.query_params and "start" not in at.query_params


def test_choosing_a_province_shows_its_exchanges_categories_and_sources(open_app: OpenApp) -> None:
    at = open_app("provinces", lang="en")
    at.selectbox(key="province_pick").set_value("44").run()
    assert not at.exception
    subheaders = [s.value for s in at.subheader]
    assert "Guangdong by Exchange" in subheaders and "Guangdong by Source" in subheaders


@pytest.mark.parametrize("measure", ["value", "deals", "listings", "intensity"])
def test_every_map_measure_renders(open_app: OpenApp, measure: str) -> None:
    at = open_app("provinces", lang="zh")
    at.segmented_control(key="province_measure").set_value(measure).run()
    assert not at.exception


def test_published_figures_can_be_chosen_by_metric_and_kind(open_app: OpenApp) -> None:
    at = open_app("exchanges", lang="en")
    picker = at.selectbox(key="published_pick")
    assert picker.value == ("trade_value", "cumulative")
    picker.set_value(("deals", "cumulative")).run()
    assert not at.exception


@pytest.mark.parametrize("page", ["categories", "sources"])
def test_shares_toggle_renders(open_app: OpenApp, page: str) -> None:
    at = open_app(page, lang="en")
    at.toggle[0].set_value(True).run()
    assert not at.exception


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda path: None, "missing"),
        (lambda path: build_fixture_warehouse(path, empty=True), "empty"),
        (lambda path: path.write_bytes(b"garbage" * 500), "unreadable"),
    ],
)
def test_an_unusable_warehouse_is_explained_in_plain_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: object, problem: str
) -> None:
    path = tmp_path / "warehouse.duckdb"
    make(path)  # type: ignore[operator]
    monkeypatch.setenv("DEXSTAT_DB", str(path))
    at = AppTest.from_file(
        str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py"), default_timeout=60
    )
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert [i.value for i in at.info] == [Labels("en")(f"problem.{problem}")]
    assert str(tmp_path) not in " ".join(
        str(e.value) for e in at.main.children.values() if hasattr(e, "value")
    )


def test_real_data_has_no_synthetic_banner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEXSTAT_DB", str(build_fixture_warehouse(tmp_path / "real.duckdb", is_sample=False)))
    at = AppTest.from_file(
        str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py"), default_timeout=60
    )
    at.run()
    assert not at.exception
    assert not at.warning


def test_a_refreshed_warehouse_is_shown_without_a_restart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = build_fixture_warehouse(tmp_path / "warehouse.duckdb", is_sample=True)
    monkeypatch.setenv("DEXSTAT_DB", str(path))
    at = AppTest.from_file(
        str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py"), default_timeout=60
    )
    at.run()
    assert at.warning, "the synthetic banner is shown"
    build_fixture_warehouse(tmp_path / "next.duckdb", is_sample=False).replace(path)  # an atomic publish
    at.run()
    assert not at.exception
    assert not at.warning, "the cached queries of the old build were not reused"


def test_every_page_renders_from_the_lake_as_from_the_warehouse(
    open_app: OpenApp, warehouse_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from etl.lake import publish_lake

    from_warehouse = {page: open_app(page) for page in PAGES}
    lake = publish_lake(warehouse_path, tmp_path / "lake").path
    monkeypatch.setenv("DEXSTAT_LAKE", str(lake))  # what `dexstat serve --lake` sets
    monkeypatch.setenv("DEXSTAT_DB", str(tmp_path / "none.duckdb"))  # so no page can read the warehouse
    for page, shown in from_warehouse.items():
        at = open_app(page)
        assert not at.exception, [e.message for e in at.exception]
        assert [i.value for i in at.info] == [i.value for i in shown.info]  # not "the warehouse is missing"
        assert headline(at) == headline(shown), page
        tables, expected = [d.value for d in at.dataframe], [d.value for d in shown.dataframe]
        assert len(tables) == len(expected), page
        assert all(a.equals(b) for a, b in zip(tables, expected, strict=True)), page
        assert Labels("en")("app.sample") in [w.value for w in at.warning], "synthetic, from the lake too"


def test_counts_on_the_quality_page_have_thousands_separators_and_ids_do_not(open_app: OpenApp) -> None:
    import json

    at = open_app("quality")
    history, rejects, unmapped = (json.loads(d.proto.columns) for d in at.dataframe)

    def localized(config: dict, column: str) -> bool:
        return config[column].get("type_config", {}).get("format") == "localized"

    assert all(localized(history, c) for c in ("files_read", "rows_read", "rows_loaded", "rows_rejected"))
    assert localized(rejects, "rows") and localized(unmapped, "rows")
    assert not localized(history, "run_id") and not localized(rejects, "example_row")  # names, not counts
    assert history["rows_read"]["label"] == "Rows read"  # the reader's header is kept
