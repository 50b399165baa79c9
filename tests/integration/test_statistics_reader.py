"""read_statistics on NBS data-portal exports, tidy statistics CSVs and the committed reference file."""

from pathlib import Path

import pytest

from etl.errors import FileRejected
from etl.sources.statistics import StatisticRow, read_statistics

FIXTURES = Path(__file__).parent.parent / "fixtures" / "statistics"
REFERENCE = Path(__file__).parent.parent.parent / "data" / "reference" / "provincial_gdp.csv"
NBS_SAMPLE = Path("/work/shared/samples/nbs_provincial_gdp_2006_2024.csv")
needs_nbs_sample = pytest.mark.skipif(
    not NBS_SAMPLE.exists(),
    reason=f"the real NBS export is not on this machine ({NBS_SAMPLE}); CI machines have it",
)


def figures(rows: list[StatisticRow]) -> dict[tuple[str, str, int], tuple[float, str]]:
    return {(row.indicator, row.region, row.year): (row.value, row.unit) for row in rows}


# --- NBS data-portal export ----------------------------------------------------------------------


def test_nbs_export_gives_gdp_in_yuan_with_its_source_and_line():
    read = read_statistics(FIXTURES / "nbs_gdp_excerpt.csv")

    beijing_2024 = next(row for row in read.rows if (row.region, row.year) == ("北京市", 2024))
    assert beijing_2024 == StatisticRow(
        indicator="gdp",
        region="北京市",
        year=2024,
        value=4_967_020_000_000.0,
        unit="CNY",
        source="National Bureau of Statistics (国家统计局), 分省年度数据: 地区生产总值(亿元), "
        "file nbs_gdp_excerpt.csv",
        row_number=5,
    )


def test_nbs_missing_marks_give_no_row_never_zero():
    read = read_statistics(FIXTURES / "nbs_gdp_excerpt.csv")

    # 天津市 has `…` for 2024 and a blank 2022; 河北省 has `--`, `abc` and `-`.
    assert sorted((row.region, row.year) for row in read.rows) == [
        ("北京市", 2022),
        ("北京市", 2023),
        ("北京市", 2024),
        ("天津市", 2023),
    ]
    assert all(row.value > 0 for row in read.rows)


def test_nbs_value_that_is_not_a_number_is_a_problem_with_its_line():
    read = read_statistics(FIXTURES / "nbs_gdp_excerpt.csv")

    assert read.problems == [(7, "河北省 2023: value 'abc' is not a number", "河北省,--,abc,-")]


def test_nbs_unknown_indicator_is_rejected_listing_the_known_ones():
    with pytest.raises(FileRejected) as raised:
        read_statistics(FIXTURES / "nbs_unknown_indicator.csv")

    message = str(raised.value)
    assert "nbs_unknown_indicator.csv" in message
    assert "第一产业增加值" in message
    assert "地区生产总值 (gdp)" in message


@needs_nbs_sample
def test_real_nbs_export_gives_31_provinces_by_19_years_of_gdp_in_yuan():
    read = read_statistics(NBS_SAMPLE)

    assert read.problems == []
    assert len(read.rows) == 31 * 19 == 589
    assert {row.indicator for row in read.rows} == {"gdp"}
    assert {row.unit for row in read.rows} == {"CNY"}
    assert len({row.region for row in read.rows}) == 31
    assert {row.year for row in read.rows} == set(range(2006, 2025))
    found = figures(read.rows)
    assert found["gdp", "北京市", 2024] == (4_967_020_000_000.0, "CNY")
    assert found["gdp", "新疆维吾尔自治区", 2006] == (298_450_000_000.0, "CNY")
    assert found["gdp", "广东省", 2024] == (14_148_890_000_000.0, "CNY")
    assert all(row.source.startswith("National Bureau of Statistics (国家统计局)") for row in read.rows)


# --- tidy CSV ------------------------------------------------------------------------------------


def test_tidy_csv_converts_money_to_yuan_keeps_percent_and_counts_and_ignores_extra_columns():
    read = read_statistics(FIXTURES / "tidy.csv")

    assert figures(read.rows) == {
        ("gdp", "全国", 2023): (126_058_210_000_000.0, "CNY"),
        ("gdp", "贵州省", 2023): (20_913_000_000.0, "CNY"),
        ("digital_economy_share_of_gdp", "CN", 2023): (42.8, "percent"),
        ("listed_products", "贵州省", 2023): (1200.0, "个"),
    }
    assert [row.source for row in read.rows if row.region == "全国"] == ["NBS communique 2024-02-29"]
    assert [row.row_number for row in read.rows] == [2, 4, 5, 6]


def test_tidy_rows_that_cannot_be_read_are_problems_with_reasons_not_exceptions():
    read = read_statistics(FIXTURES / "tidy.csv")

    assert [(line, reason) for line, reason, _ in read.problems] == [
        (3, "amount unit '万亿元' is not one of 元, 千元, 万元, 百万元, 亿元, CNY, 10k CNY"),
        (7, "source is missing"),
        (8, "year '二〇二三' is not a year"),
        (9, "value 'abc' is not a number"),
        (10, "value is missing"),
    ]
    assert read.problems[1][2] == "gdp,北京市,2023,43760.7,亿元,,low"


def test_tidy_csv_in_gbk_with_capitalised_headers_is_read():
    read = read_statistics(FIXTURES / "tidy_gbk.csv")

    assert read.problems == []
    assert figures(read.rows) == {("gdp", "贵州省", 2024): (2_266_700_000_000.0, "CNY")}
    assert read.rows[0].source == "贵州省统计局"


def test_file_of_neither_format_is_rejected_showing_its_first_row():
    with pytest.raises(FileRejected) as raised:
        read_statistics(FIXTURES / "neither.csv")

    message = str(raised.value)
    assert "neither.csv is neither an NBS data-portal export" in message
    assert "名称,数值" in message


def test_empty_statistics_file_is_rejected(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")

    with pytest.raises(FileRejected, match=r"empty\.csv is empty"):
        read_statistics(path)


# --- the committed reference -----------------------------------------------------------------------


def test_reference_provincial_gdp_reads_as_589_gdp_figures_in_yuan():
    read = read_statistics(REFERENCE)

    assert read.problems == []
    assert len(read.rows) == 589
    assert {(row.indicator, row.unit) for row in read.rows} == {("gdp", "CNY")}
    assert figures(read.rows)["gdp", "北京市", 2024] == (4_967_020_000_000.0, "CNY")
    assert all("国家统计局" in row.source for row in read.rows)


@needs_nbs_sample
def test_reference_provincial_gdp_matches_the_real_nbs_export_figure_for_figure():
    reference = figures(read_statistics(REFERENCE).rows)
    export = figures(read_statistics(NBS_SAMPLE).rows)

    assert reference == export
