"""Pure pieces of the dashboard: number formats, colours, escaping, display tables, map shapes."""

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard import palette, tables
from dashboard.charts import plain
from dashboard.geo import NOT_IN_WAREHOUSE, SHAPES_FILE, load_shapes, shapes_json
from dashboard.i18n import MISSING, Labels, language_of
from dashboard.panels import literal
from dashboard.province_map import province_map
from dashboard.strings import PAGE_WORDS, STRINGS
from dashboard.terms import TERMS

ZH, EN = Labels("zh"), Labels("en")
REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (125_000_000, "1.25 亿元", "125.00 million CNY"),
        (6_250_000, "625.00 万元", "6.25 million CNY"),
        (53.9e12, "53.90 万亿元", "53.90 trillion CNY"),
        (9_999, "9,999 元", "10.00 thousand CNY"),
        (0, "0 元", "0 CNY"),
        (None, MISSING, MISSING),
        (float("nan"), MISSING, MISSING),
    ],
)
def test_money_uses_wan_and_yi_in_chinese_and_millions_in_english(value: float, zh: str, en: str) -> None:
    assert (ZH.money(value), EN.money(value)) == (zh, en)


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [(107_800_000_000, "1,078 亿元", "108 billion CNY"), (6_250_000, "625 万元", "6.25 million CNY")],
)
def test_headline_money_has_three_significant_digits(value: float, zh: str, en: str) -> None:
    assert (ZH.money_short(value), EN.money_short(value)) == (zh, en)
    assert EN.money_parts(value) == tuple(en.split(" ", 1))


def test_an_axis_scale_follows_its_largest_value() -> None:
    assert (ZH.money_scale(3e8).unit, EN.money_scale(3e8).unit) == ("亿元", "million CNY")
    assert EN.money_scale(3e8).divisor == 1e6
    assert ZH.title("measure.value", "亿元") == "成交额（亿元）"
    assert EN.title("measure.value", "million CNY") == "Trade value (million CNY)"


def test_changes_are_relative_and_shares_move_in_points() -> None:
    assert EN.change(1_800_000, 1_250_000) == "+44.0%"
    assert EN.change(1, None) is None and EN.change(1, 0) is None
    assert (ZH.points(0.5, 0.45), EN.points(0.5, 0.45)) == ("+5.0 个百分点", "+5.0 pp")


def test_months_and_days_read_naturally() -> None:
    assert (ZH.month(date(2024, 3, 1)), EN.month(date(2024, 3, 1))) == ("2024年3月", "Mar 2024")
    assert (ZH.day(date(2024, 3, 5)), EN.day(date(2024, 3, 5))) == ("2024年3月5日", "5 Mar 2024")


@pytest.mark.parametrize(
    ("locale", "lang"), [("zh-CN", "zh"), ("zh-TW", "zh"), ("en-GB", "en"), (None, "zh")]
)
def test_the_default_language_follows_the_browser(locale: str | None, lang: str) -> None:
    assert language_of(locale) == lang


def test_every_string_has_both_languages_and_the_same_fields() -> None:
    for key, (zh, en) in STRINGS.items():
        assert zh and en, key
        fields = [set(part.split("}")[0] for part in text.split("{")[1:]) for text in (zh, en)]
        assert fields[0] == fields[1], key


def test_no_word_is_defined_both_for_the_pages_and_as_a_term() -> None:
    assert not set(PAGE_WORDS) & set(TERMS), "one would silently replace the other"
    assert len(STRINGS) == len(PAGE_WORDS) + len(TERMS)


def test_colours_are_fixed_per_key_and_unknown_is_grey() -> None:
    assert palette.colour("source", "government") != palette.colour("source", "private")
    assert palette.colour("source", "unknown") == palette.colour("supplier_type", "unknown") == palette.GREY
    categories = [palette.colour("category", c) for c in palette.CATEGORY_ORDER]
    assert len(set(categories)) == len(categories)
    assert palette.colour("category", "new_category") == palette.colour("category", "new_category")
    assert palette.order("source", ["unknown", "private", "government"]) == [
        "government",
        "private",
        "unknown",
    ]


@pytest.mark.parametrize(
    ("text", "shown"),
    [("[click](http://x)", r"\[click\]\(http://x\)"), ("<b>x</b>", r"\<b\>x\</b\>"), ("a*b_c", r"a\*b\_c")],
)
def test_names_from_the_data_are_never_markup(text: str, shown: str) -> None:
    assert literal(text) == shown
    assert "<" not in plain("<script>") and plain("A & B") == "A &amp; B"


def test_figure_choices_put_trade_value_cumulative_first() -> None:
    figures = pd.DataFrame(
        {
            "metric": ["participants", "trade_value", "trade_value"],
            "kind": ["point_in_time", "target", "cumulative"],
        }
    )
    assert tables.figure_choices(figures) == [
        ("trade_value", "cumulative"),
        ("trade_value", "target"),
        ("participants", "point_in_time"),
    ]


def test_the_exchange_table_shows_dashes_for_no_data() -> None:
    frame = pd.DataFrame(
        {
            "name_zh": ["甲"], "name_en": ["A"], "province_code": ["44"], "city": [None], "founded": [None],
            "ownership": ["state-owned"], "listings": [None], "deals": [3], "value_cny": [2.3e6],
            "government_share": [0.5],
        }
    )  # fmt: skip
    row = tables.exchange_table(frame, ZH, {"44": "广东省"}).iloc[0]
    assert list(row) == ["甲", "广东省", MISSING, MISSING, "国有", MISSING, "3", "230.00 万元", "50.0%"]


def test_the_map_shapes_come_from_the_package_with_every_province() -> None:
    shapes = load_shapes()
    provinces = pd.read_csv(REFERENCE / "provinces.csv", dtype=str)["province_code"]
    assert set(provinces) | set(NOT_IN_WAREHOUSE) == set(shapes.features)
    assert all(f["id"] == code and f["geometry"]["coordinates"] for code, f in shapes.features.items())
    assert shapes.lines, "the boundary lines of the source map (South China Sea) are kept"


def test_the_shapes_the_map_fetches_are_the_packages_shapes() -> None:
    """dashboard/chart_frame/provinces.json is generated: it must hold what load_shapes() gives now."""
    written = json.loads(SHAPES_FILE.read_text(encoding="utf-8"))
    assert written == json.loads(shapes_json(load_shapes())), "run `make map-shapes` and commit the file"
    assert {f["id"] for f in written["features"]} == set(load_shapes().features)


def test_provinces_without_data_are_drawn_as_no_data_never_as_zero() -> None:
    frame = pd.DataFrame(
        {"province_code": ["44", "31", "11"], "name_zh": ["广东省", "上海市", "北京市"],
         "name_en": ["Guangdong", "Shanghai", "Beijing"], "value_cny": [2.05e6, 0.0, None]}
    )  # fmt: skip
    fig = province_map(frame, load_shapes(), EN, "value")
    no_data, data, lines = fig.data
    assert dict(zip(data.locations, data.z, strict=True)) == {"44": 2.05, "31": 0.0}  # a real zero stays zero
    assert "11" in no_data.locations and "44" not in no_data.locations
    assert set(no_data.locations) | set(data.locations) == set(load_shapes().features)
    assert no_data.name == "no data" and lines.mode == "lines"
    assert fig.layout.geo.visible is False  # no base map: nothing from the internet
    assert {trace.type for trace in fig.data} == {"choropleth", "scattergeo"}  # the chart frame's map traces


def test_a_picked_province_stands_out_on_the_map() -> None:
    frame = pd.DataFrame(
        {"province_code": ["44", "31"], "name_zh": ["广东省", "上海市"], "name_en": ["Guangdong", "Shanghai"],
         "value_cny": [2.05e6, 1.0e6]}
    )  # fmt: skip
    _, data, _ = province_map(frame, load_shapes(), EN, "value", picked="31").data
    assert [data.locations[i] for i in data.selectedpoints] == ["31"]
    _, data, _ = province_map(frame, load_shapes(), EN, "value", picked="11").data  # no value there
    assert data.selectedpoints is None
