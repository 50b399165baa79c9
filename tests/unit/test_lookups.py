"""Lookups built from the committed reference CSVs: provinces, exchanges, categories, supplier types."""

from pathlib import Path

import pytest

from etl.normalise.categories import UNCLASSIFIED, category_lookup, classify_category
from etl.normalise.exchanges import exchange_lookup
from etl.normalise.lookup import Lookup, reference_names
from etl.normalise.provinces import province_lookup
from etl.normalise.supplier_types import UNKNOWN, SupplierTypes
from etl.sources.reference import Rows, read_rows

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"


def reference(name: str) -> Rows:
    return read_rows(REFERENCE / f"{name}.csv")


@pytest.fixture(scope="module")
def provinces() -> Lookup:
    return province_lookup(reference("provinces"))


@pytest.fixture(scope="module")
def exchanges() -> Lookup:
    return exchange_lookup(reference("exchanges"))


@pytest.fixture(scope="module")
def categories() -> Lookup:
    return category_lookup(reference("categories"))


@pytest.fixture(scope="module")
def supplier_types() -> SupplierTypes:
    return SupplierTypes(reference("supplier_types"))


# --- the generic lookup -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("a", "a"), ("Apple", "a"), (" APPLE ", "a"), ("ａｐｐｌｅ", "a"), ("Big Pear", "b"), ("bigpear", "b")],
)
def test_lookup_ignores_case_width_and_spaces_and_knows_ids(raw: str, expected: str) -> None:
    assert Lookup({"a": ["apple"], "b": ["big pear"]}).resolve(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "  ", float("nan"), "cherry", "app"])
def test_lookup_gives_none_for_missing_or_unknown_values(raw: object) -> None:
    assert Lookup({"a": ["apple"]}).resolve(raw) is None


def test_lookup_refuses_a_name_that_would_mean_two_ids() -> None:
    with pytest.raises(ValueError, match="'APPLE' would mean both 'a' and 'b'"):
        Lookup({"a": ["apple"], "b": ["APPLE"]})


def test_lookup_lists_its_ids_in_order() -> None:
    assert Lookup({"b": [], "a": ["x"]}).ids == ("b", "a")


def test_reference_names_split_aliases_and_drop_blanks() -> None:
    row = {"name_zh": "山西省", "name_en": " Shanxi ", "aliases": "山西||Shansi|", "other": "x"}
    assert reference_names(row, ("name_zh", "name_en", "aliases", "missing")) == [
        "山西省",
        "Shanxi",
        "山西",
        "Shansi",
    ]


# --- provinces ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("山西", "14"),
        ("山西省", "14"),
        ("Shanxi", "14"),
        ("shanxi", "14"),
        ("SHANXI ", "14"),
        ("Shan xi", "14"),
        ("Shanxi Province", "14"),
        ("Shanxi Sheng", "14"),
        ("Shansi", "14"),
        ("CN-SX", "14"),
        ("cn-sx", "14"),
        ("14", "14"),
        ("陕西", "61"),
        ("陕西省", "61"),
        ("Shaanxi", "61"),
        (" SHAANXI ", "61"),
        ("Shaan xi", "61"),
        ("shaanxi province", "61"),
        ("Shensi", "61"),
        ("CN-SN", "61"),
        ("61", "61"),
    ],
)
def test_shanxi_and_shaanxi_are_never_confused(provinces: Lookup, raw: str, code: str) -> None:
    assert provinces.resolve(raw) == code


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("广东", "44"),
        ("广东省", "44"),
        ("４４", "44"),
        (44, "44"),
        ("Guangdong Province", "44"),
        ("Kwangtung", "44"),
        ("北京", "11"),
        ("北京市", "11"),
        ("Beijing Municipality", "11"),
        ("Peking", "11"),
        ("Chungking", "50"),
        ("内蒙古", "15"),
        ("Inner Mongolia", "15"),
        ("InnerMongolia", "15"),
        ("Nei Mongol", "15"),
        ("广西", "45"),
        ("广西壮族", "45"),
        ("广西自治区", "45"),
        ("广西壮族自治区", "45"),
        ("Guangxi Autonomous Region", "45"),
        ("宁夏回族自治区", "64"),
        ("宁夏回族", "64"),
        ("新疆", "65"),
        ("新疆维吾尔", "65"),
        ("Xinjiang Uyghur Autonomous Region", "65"),
        ("Xizang", "54"),
        ("西藏自治区", "54"),
        ("Szechwan", "51"),
    ],
)
def test_provinces_resolve_from_names_suffixes_codes_and_old_spellings(
    provinces: Lookup, raw: object, code: str
) -> None:
    assert provinces.resolve(raw) == code


@pytest.mark.parametrize("raw", ["Taiwan", "香港", "山", "Shan", "99", "", None])
def test_unknown_provinces_resolve_to_none(provinces: Lookup, raw: object) -> None:
    assert provinces.resolve(raw) is None


def test_every_province_has_its_two_digit_code(provinces: Lookup) -> None:
    assert len(provinces.ids) == 31
    assert all(len(code) == 2 and code.isdigit() for code in provinces.ids)


# --- exchanges ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "exchange_id"),
    [
        ("上海数据交易所", "SDE"),
        ("上数所", "SDE"),
        ("SDE", "SDE"),
        ("sde", "SDE"),
        ("Shanghai Data Exchange", "SDE"),
        ("上海数据交易中心", "SDEC"),
        ("Shanghai Data Exchange Center", "SDEC"),
        ("深数所", "SZDEX"),
        ("深圳数据交易所", "SZDEX"),
        ("szdex", "SZDEX"),
        ("GBDEx", "GBDEX"),
        ("贵阳大数据交易所", "GBDEX"),
        ("北数所", "BJIDEX"),
        ("Beijing International Big Data Exchange", "BJIDEX"),
        ("zgc_shuhai", "ZGC_SHUHAI"),
        ("山西数据交易服务平台", "SXDEP"),
        ("广州数据交易所 ", "GZDE"),
    ],
)
def test_exchanges_resolve_from_full_english_and_short_names(
    exchanges: Lookup, raw: str, exchange_id: str
) -> None:
    assert exchanges.resolve(raw) == exchange_id


@pytest.mark.parametrize("raw", ["上海", "数据交易所", "Shanghai", "NYSE", None])
def test_unknown_or_partial_exchange_names_resolve_to_none(exchanges: Lookup, raw: object) -> None:
    assert exchanges.resolve(raw) is None


# --- categories ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "category_id"),
    [
        ("金融", "finance"),
        ("金融服务", "finance"),
        ("Financial Services", "finance"),
        ("征信", "finance"),
        ("工商登记", "enterprise"),
        ("交通运输", "transport"),
        ("物流", "transport"),
        ("气象", "meteorology"),
        ("天气", "meteorology"),
        ("GIS", "geospatial"),
        ("gis", "geospatial"),
        ("E-Commerce", "consumer"),
        ("AI training", "ai_training"),
        ("ai_training", "ai_training"),
        ("训练数据", "ai_training"),
        ("未分类", UNCLASSIFIED),
    ],
)
def test_categories_resolve_from_names_and_aliases(categories: Lookup, raw: str, category_id: str) -> None:
    assert classify_category(raw, categories) == category_id


@pytest.mark.parametrize("raw", ["其他", "综合", "Other", "金融/银行", "", "  ", None, float("nan")])
def test_unknown_or_missing_categories_are_unclassified(categories: Lookup, raw: object) -> None:
    assert classify_category(raw, categories) == UNCLASSIFIED


# --- supplier types -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("政府部门", ("government_agency", "government")),
        ("政府", ("government_agency", "government")),
        ("Government Agency", ("government_agency", "government")),
        ("事业单位", ("public_institution", "government")),
        ("国企", ("state_owned_enterprise", "government")),
        ("央企", ("state_owned_enterprise", "government")),
        ("SOE", ("state_owned_enterprise", "government")),
        ("soe", ("state_owned_enterprise", "government")),
        ("state owned enterprise", ("state_owned_enterprise", "government")),
        ("State-owned Enterprise", ("state_owned_enterprise", "government")),
        ("民营企业", ("private_enterprise", "private")),
        ("民企", ("private_enterprise", "private")),
        (" Private ", ("private_enterprise", "private")),
        ("外资企业", ("foreign_enterprise", "private")),
        ("个人", ("individual", "private")),
        ("自然人", ("individual", "private")),
    ],
)
def test_supplier_types_carry_their_government_or_private_source(
    supplier_types: SupplierTypes, raw: str, expected: tuple[str, str]
) -> None:
    assert supplier_types.classify(raw) == expected


@pytest.mark.parametrize("raw", ["企业", "公司", "高校", "其他", "混合所有制", "", None, float("nan")])
def test_unmatched_or_missing_supplier_types_are_unknown_never_guessed(
    supplier_types: SupplierTypes, raw: object
) -> None:
    assert supplier_types.classify(raw) == (UNKNOWN, UNKNOWN)


def test_a_supplier_source_outside_government_and_private_is_refused() -> None:
    row = {
        "supplier_type": "ngo",
        "source": "charity",
        "name_zh": "社会组织",
        "name_en": "NGO",
        "aliases": "",
    }
    with pytest.raises(ValueError, match="source 'charity'"):
        SupplierTypes([row])
