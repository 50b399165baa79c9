"""plan_columns and header_key: which column holds which field, whatever the export calls it."""

from decimal import Decimal

import pytest

from etl.errors import FileRejected
from etl.normalise.columns import (
    LISTING_FIELDS,
    REQUIRED_FIELDS,
    TRANSACTION_FIELDS,
    ColumnPlan,
    Kind,
    header_key,
    plan_columns,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Txn ID", "txn_id"),
        ("TXN-ID", "txn.id"),
        ("Ｔｘｎ＿ＩＤ", "txn id"),
        ("交易·编号", "交易编号"),
        ("成交金额（万元）", "成交金额(万元)"),
        (" 成交 金额 ", "成交金额"),
    ],
)
def test_header_keys_ignore_case_width_spaces_and_separators(a: str, b: str) -> None:
    assert header_key(a) == header_key(b)


@pytest.mark.parametrize(
    ("a", "b"), [("交易编号", "交易编码"), ("Amount", "Amount unit"), ("金额", "金额单位")]
)
def test_header_keys_keep_different_headers_apart(a: str, b: str) -> None:
    assert header_key(a) != header_key(b)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("交易编号", "txn_id"),
        ("订单编号", "txn_id"),
        ("交易流水号", "txn_id"),
        ("Order ID", "txn_id"),
        ("TXN_ID", "txn_id"),
        ("成交日期", "txn_date"),
        ("交易时间", "txn_date"),
        ("Trade Date", "txn_date"),
        ("date", "txn_date"),
        ("数据交易所", "exchange"),
        ("Platform", "exchange"),
        ("exchange_id", "exchange"),
        ("所属省份", "province"),
        ("省", "province"),
        ("province_code", "province"),
        ("行业类别", "category"),
        ("Data Category", "category"),
        ("Sector", "category"),
        ("数据提供方类型", "supplier_type"),
        ("Seller type", "supplier_type"),
        ("合同金额", "amount"),
        ("成交额", "amount"),
        ("Transaction amount", "amount"),
        ("value_cny", "amount"),
        ("金额单位", "unit"),
        ("Currency unit", "unit"),
        ("商品名称", "product"),
        ("产品名称", "product"),
        ("Data product", "product"),
        ("挂牌编号", "listing_id"),
        ("Product ID", "listing_id"),
        ("ＴＲＡＤＥ　ＤＡＴＥ", "txn_date"),
        (" 成交日期 ", "txn_date"),
    ],
)
def test_transaction_headers_are_recognised_in_chinese_and_english(header: str, field: str) -> None:
    assert plan_columns([header], "transactions").fields == {field: 0}


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("产品编号", "listing_id"),
        ("Listing ID", "listing_id"),
        ("产品名称", "title"),
        ("数据产品", "title"),
        ("Product name", "title"),
        ("标题", "title"),
        ("上架日期", "listed_on"),
        ("发布日期", "listed_on"),
        ("Listing date", "listed_on"),
        ("listed_on", "listed_on"),
        ("交易所", "exchange"),
        ("所在地区", "province"),
    ],
)
def test_listing_headers_are_recognised_in_chinese_and_english(header: str, field: str) -> None:
    assert plan_columns([header], "listings").fields == {field: 0}


@pytest.mark.parametrize("header", ["成交金额", "成交日期", "交易编号", "Unit"])
def test_transaction_only_headers_are_not_fields_of_listings(header: str) -> None:
    plan = plan_columns([header], "listings")
    assert plan.fields == {}
    assert plan.unrecognised == (header,)


@pytest.mark.parametrize(
    ("header", "multiplier"),
    [
        ("成交金额（万元）", Decimal(10_000)),
        ("交易金额(元)", Decimal(1)),
        ("Amount (10k CNY)", Decimal(10_000)),
        ("金额[亿元]", Decimal(100_000_000)),
        ("成交金额/万元", Decimal(10_000)),
        ("value_cny", Decimal(1)),
        ("成交金额", None),
    ],
)
def test_a_unit_in_the_amount_header_becomes_the_amount_multiplier(
    header: str, multiplier: Decimal | None
) -> None:
    plan = plan_columns(["交易编号", header], "transactions")
    assert plan.fields["amount"] == 1
    assert plan.amount_multiplier == multiplier


def test_a_unit_on_another_column_is_not_the_amount_multiplier() -> None:
    plan = plan_columns(["成交金额", "单位(元)", "备注（万元）"], "transactions")
    assert plan.fields == {"amount": 0, "unit": 1}
    assert plan.amount_multiplier is None


def test_a_full_export_is_planned_by_position_with_the_leftovers_kept_aside() -> None:
    headers = [
        "交易编号",
        "成交日期",
        "数据交易所",
        "省份",
        "行业",
        "供方类型",
        "成交金额（万元）",
        "备注(内部)",
        "",
    ]
    assert plan_columns(headers, "transactions") == ColumnPlan(
        fields={
            "txn_id": 0,
            "txn_date": 1,
            "exchange": 2,
            "province": 3,
            "category": 4,
            "supplier_type": 5,
            "amount": 6,
        },
        amount_multiplier=Decimal(10_000),
        unrecognised=("备注(内部)", ""),
        missing=(),
    )


@pytest.mark.parametrize(
    ("headers", "kind", "missing"),
    [
        ([], "transactions", ("txn_id", "txn_date", "amount")),
        (["交易编号", "成交金额"], "transactions", ("txn_date",)),
        (["交易编号", "成交日期", "省份"], "transactions", ("amount",)),
        (["产品名称"], "listings", ("listing_id",)),
        (["产品编号"], "listings", ()),
    ],
)
def test_required_fields_not_found_are_listed_as_missing(
    headers: list[str], kind: Kind, missing: tuple[str, ...]
) -> None:
    assert plan_columns(headers, kind).missing == missing


def test_exchange_is_not_required_because_the_folder_can_name_it() -> None:
    assert "exchange" not in REQUIRED_FIELDS["transactions"]
    assert plan_columns(["交易编号", "成交日期", "成交金额"], "transactions").missing == ()


@pytest.mark.parametrize(
    ("headers", "first", "second", "field"),
    [
        (["成交金额", "交易金额"], "成交金额", "交易金额", "amount"),
        (["金额", "成交金额（万元）"], "金额", "成交金额（万元）", "amount"),
        (["日期", "日期"], "日期", "日期", "txn_date"),
        (["Txn ID", "交易编号"], "Txn ID", "交易编号", "txn_id"),
    ],
)
def test_two_columns_meaning_one_field_reject_the_file_naming_both(
    headers: list[str], first: str, second: str, field: str
) -> None:
    with pytest.raises(FileRejected) as caught:
        plan_columns(headers, "transactions")
    assert str(caught.value) == (
        f"columns '{first}' and '{second}' both mean {field}; map one of them in mapping.toml or remove it"
    )


@pytest.mark.parametrize(
    ("headers", "custom", "fields"),
    [
        (["编号"], {"编号": "txn_id"}, {"txn_id": 0}),
        (["Deal No."], {"deal no": "txn_id"}, {"txn_id": 0}),
        (["ＤＥＡＬ　ＮＯ"], {"Deal No.": "txn_id"}, {"txn_id": 0}),
        (["产品名称"], {"产品名称": "listing_id"}, {"listing_id": 0}),
        (["日期", "成交日期"], {"成交日期": "txn_date"}, {"txn_date": 1}),
        (["成交金额", "交易金额"], {"交易金额": "amount"}, {"amount": 1}),
        (["产品名称"], {"产品名称": "title"}, {"product": 0}),
    ],
)
def test_the_analysts_mapping_wins_over_the_synonyms(
    headers: list[str], custom: dict[str, str], fields: dict[str, int]
) -> None:
    assert plan_columns(headers, "transactions", custom).fields == fields


def test_a_synonym_column_beaten_by_the_mapping_is_kept_aside() -> None:
    plan = plan_columns(["成交金额", "交易金额"], "transactions", {"交易金额": "amount"})
    assert plan.unrecognised == ("成交金额",)


def test_a_mapped_header_keeps_its_unit() -> None:
    plan = plan_columns(["销售额（万元）"], "transactions", {"销售额": "amount"})
    assert (plan.fields, plan.amount_multiplier) == ({"amount": 0}, Decimal(10_000))


def test_a_mapping_to_an_unknown_field_rejects_the_file_naming_the_valid_fields() -> None:
    with pytest.raises(FileRejected) as caught:
        plan_columns(["编号"], "transactions", {"编号": "price"})
    message = str(caught.value)
    assert "'编号' to 'price', which is not a field" in message
    assert all(field in message for field in {*TRANSACTION_FIELDS, *LISTING_FIELDS})


def test_two_columns_mapped_to_one_field_reject_the_file() -> None:
    with pytest.raises(FileRejected, match="maps both columns 'a' and 'b' to amount"):
        plan_columns(["a", "b"], "transactions", {"a": "amount", "b": "amount"})


@pytest.mark.parametrize("header", ["", "   ", "备注", "Remarks", "成交金额_备注", "日期/时间"])
def test_unrecognised_headers_are_kept_aside_not_errors(header: str) -> None:
    plan = plan_columns([header], "transactions")
    assert (plan.fields, plan.unrecognised) == ({}, (header,))
