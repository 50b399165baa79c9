"""parse_amount, split_unit and unit_multiplier: numbers and units as exports write them."""

from decimal import Decimal

import numpy as np
import pytest

from etl.errors import InvalidValue
from etl.normalise.amounts import parse_amount, split_unit, unit_multiplier

YUAN, WAN, YI = Decimal(1), Decimal(10_000), Decimal(100_000_000)


@pytest.mark.parametrize(
    ("raw", "number", "multiplier"),
    [
        ("1234", Decimal("1234"), None),
        ("1,234,567.89", Decimal("1234567.89"), None),
        ("  1,200  ", Decimal("1200"), None),
        ("12万元", Decimal("12"), WAN),
        ("12 万元", Decimal("12"), WAN),
        ("12万", Decimal("12"), WAN),
        ("3.5亿", Decimal("3.5"), YI),
        ("3.5亿元", Decimal("3.5"), YI),
        ("1,200元", Decimal("1200"), YUAN),
        ("1200 CNY", Decimal("1200"), YUAN),
        ("¥1,200", Decimal("1200"), None),
        ("￥1,200.50", Decimal("1200.50"), None),
        ("RMB 1200", Decimal("1200"), None),
        ("¥12万", Decimal("12"), WAN),
        ("１２，０００．５０", Decimal("12000.50"), None),
        ("￥１２万元", Decimal("12"), WAN),
        (".5", Decimal("0.5"), None),
        ("+5", Decimal("5"), None),
        ("1.2E+07", Decimal("12000000"), None),
        ("0", Decimal("0"), None),
    ],
)
def test_text_amounts_give_the_number_and_their_own_unit(
    raw: str, number: Decimal, multiplier: Decimal | None
) -> None:
    assert parse_amount(raw) == (number, multiplier)


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("-12", Decimal("-12")),
        ("-1,200元", Decimal("-1200")),
        ("¥-1,200", Decimal("-1200")),
        ("-¥1,200", Decimal("-1200")),
        ("－１２００", Decimal("-1200")),
        ("\u22121200", Decimal("-1200")),
        (-5, Decimal("-5")),
    ],
)
def test_negative_amounts_are_returned_negative_for_the_pipeline_to_reject(
    raw: object, number: Decimal
) -> None:
    assert parse_amount(raw)[0] == number


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        (12, Decimal("12")),
        (12.5, Decimal("12.5")),
        (0.1, Decimal("0.1")),
        (Decimal("3.10"), Decimal("3.10")),
        (np.int64(7), Decimal("7")),
        (np.float64(2.5), Decimal("2.5")),
    ],
)
def test_numbers_are_taken_exactly_without_a_unit(raw: object, number: Decimal) -> None:
    result = parse_amount(raw)
    assert result == (number, None)
    assert str(result[0]) == str(number)


@pytest.mark.parametrize(
    "raw",
    ["面议", "待定", "NaN", "nan", "n/a", "约12万", "1,5", "1,2345", "1 234", "12.", "--5", "-¥-5"],
)
def test_text_that_is_not_a_number_is_rejected_quoting_it(raw: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_amount(raw)
    assert str(caught.value) == f"amount '{raw}' is not a number"


@pytest.mark.parametrize("raw", [True, Decimal("NaN"), Decimal("Infinity"), float("inf")])
def test_values_that_are_not_amounts_are_rejected(raw: object) -> None:
    with pytest.raises(InvalidValue, match="is not a number"):
        parse_amount(raw)


@pytest.mark.parametrize(("raw", "unit"), [("12箱", "箱"), ("12万+", "万+"), ("100 USD", "USD")])
def test_an_unknown_unit_is_named_in_the_message(raw: str, unit: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_amount(raw)
    assert str(caught.value).startswith(f"amount '{raw}' has unit '{unit}', which is not one of 元")


@pytest.mark.parametrize("raw", [None, "", "   ", float("nan")])
def test_missing_amounts_say_so(raw: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_amount(raw)
    assert str(caught.value) == "amount is missing"


@pytest.mark.parametrize(
    ("header", "name", "multiplier"),
    [
        ("成交金额（万元）", "成交金额", WAN),
        ("成交金额(万元)", "成交金额", WAN),
        ("成交金额 （万元） ", "成交金额", WAN),
        ("成交金额（单位：万元）", "成交金额", WAN),
        ("Amount (10k CNY)", "Amount", WAN),
        ("Amount (CNY)", "Amount", YUAN),
        ("金额[亿元]", "金额", YI),
        ("金额【万元】", "金额", WAN),
        ("成交金额/万元", "成交金额", WAN),
        ("交易金额(元)", "交易金额", YUAN),
        ("合同金额（千元）", "合同金额", Decimal(1_000)),
        ("value_cny", "value", YUAN),
        ("amount_10k_cny", "amount", WAN),
        ("成交金额", "成交金额", None),
        ("  Amount ", "Amount", None),
        ("备注(内部)", "备注(内部)", None),
        ("备注（内部）", "备注（内部）", None),
        ("日期/时间", "日期/时间", None),
        ("exchange_id", "exchange_id", None),
        ("（万元）", "（万元）", None),
        ("", "", None),
    ],
)
def test_split_unit_takes_only_a_real_unit_off_a_header(
    header: str, name: str, multiplier: Decimal | None
) -> None:
    assert split_unit(header) == (name, multiplier)


@pytest.mark.parametrize(
    ("unit", "multiplier"),
    [
        ("元", YUAN),
        ("CNY", YUAN),
        (" rmb ", YUAN),
        ("千元", Decimal(1_000)),
        ("万元", WAN),
        ("万", WAN),
        ("10k CNY", WAN),
        ("人民币万元", WAN),
        ("百万元", Decimal(1_000_000)),
        ("亿元", YI),
        ("亿人民币", YI),
    ],
)
def test_unit_multiplier_converts_to_yuan(unit: str, multiplier: Decimal) -> None:
    assert unit_multiplier(unit) == multiplier


@pytest.mark.parametrize("unit", ["美元", "USD", "箱"])
def test_unknown_units_are_rejected(unit: str) -> None:
    with pytest.raises(InvalidValue, match="is not one of"):
        unit_multiplier(unit)
