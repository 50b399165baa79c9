"""Amounts and their units: parse what exports write, convert to yuan."""

import math
import re
from decimal import Decimal
from numbers import Integral, Real

from etl.errors import InvalidValue
from etl.normalise.text import clean_text, lookup_key

# Multipliers to yuan, keyed by lookup_key() of the unit as exports write it.
_UNITS: dict[str, Decimal] = {}
for _names, _multiplier in (
    (("元", "人民币元", "元人民币", "人民币", "cny", "rmb", "yuan", "¥"), Decimal(1)),
    (("千元", "thousandcny", "kcny", "thousandyuan"), Decimal(1_000)),
    (
        (
            "万元",
            "万",
            "万元人民币",
            "10kcny",
            "10,000cny",
            "10000cny",
            "tenthousandyuan",
            "tenthousandcny",
            "10kyuan",
            "10krmb",
            "cny10k",
            "rmb10k",
            "人民币万元",
            "万人民币",
        ),
        Decimal(10_000),
    ),
    (("百万元", "百万", "millioncny", "mcny", "mncny", "millionyuan"), Decimal(1_000_000)),
    (
        (
            "亿元",
            "亿",
            "亿元人民币",
            "100mcny",
            "100millioncny",
            "hundredmillionyuan",
            "100millionyuan",
            "人民币亿元",
            "亿人民币",
        ),
        Decimal(100_000_000),
    ),
    (("十亿元", "billioncny", "bncny", "billionyuan"), Decimal(1_000_000_000)),
):
    for _name in _names:
        _UNITS[_name.casefold()] = _multiplier


def unit_multiplier(unit: object) -> Decimal:
    """How many yuan one of `unit` is: 元/CNY -> 1, 万元/10k CNY -> 10000, 亿元 -> 100000000."""
    key = lookup_key(unit)
    if key is None:
        raise InvalidValue("the amount unit is missing")
    if key in _UNITS:
        return _UNITS[key]
    raise InvalidValue(f"amount unit {unit!r} is not one of 元, 千元, 万元, 百万元, 亿元, CNY, 10k CNY")


# After NFKC (which turns ￥ into ¥ and full-width digits and commas into ASCII): an optional sign and
# currency mark, digits with commas only in groups of three (so a decimal comma `1,5` is refused, not
# read as 15), an optional exponent as spreadsheets write big numbers (`1.2E+07`), then a unit that
# does not start with a digit (so `1 234` is refused, not read as 1).
_AMOUNT = re.compile(
    r"(?P<sign>[-+−]?)\s*(?:¥|rmb|cny)?\s*(?P<sign_after>[-+−]?)\s*"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?P<exponent>e[-+]?\d{1,3})?"
    r"\s*(?P<unit>[^\d,.\s].*)?",
    re.IGNORECASE,
)
_OPENERS = "(（[［【〔"
_CLOSERS = ")）]］】〕"
_BRACKETED = re.compile(
    rf"(?P<name>.*?)\s*[{re.escape(_OPENERS)}](?P<unit>[^{re.escape(_OPENERS + _CLOSERS)}]*)"
    rf"[{re.escape(_CLOSERS)}]"
)
_SLASHED = re.compile(r"(?P<name>.*?)\s*[/／]\s*(?P<unit>[^/／]*)")
_UNIT_LABEL = re.compile(r"(?:单位|unit)\s*[:：]?\s*", re.IGNORECASE)


def parse_amount(value: object) -> tuple[Decimal, Decimal | None]:
    """The number in an amount and its own unit's multiplier (`12万元` -> 12, 10000), else None.

    A currency mark alone (`¥1,200`, `RMB 1200`) is not a unit: the column's unit still applies.
    Negative amounts are returned negative; rejecting them is the pipeline's decision.
    """
    if isinstance(value, bool):
        raise InvalidValue(f"amount '{value}' is not a number")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidValue(f"amount '{value}' is not a number")
        return value, None
    if isinstance(value, Integral):
        return Decimal(int(value)), None
    if isinstance(value, Real):
        number = float(value)
        if math.isnan(number):
            raise InvalidValue("amount is missing")
        if math.isinf(number):
            raise InvalidValue(f"amount '{value}' is not a number")
        return Decimal(str(number)), None
    text = clean_text(value)
    if text is None:
        raise InvalidValue("amount is missing")
    return _from_text(text, str(value).strip())


def _from_text(text: str, raw: str) -> tuple[Decimal, Decimal | None]:
    match = _AMOUNT.fullmatch(text)
    if match is None or (match["sign"] and match["sign_after"]):
        raise InvalidValue(f"amount '{raw}' is not a number")
    number = Decimal(match["number"].replace(",", "") + (match["exponent"] or ""))
    if (match["sign"] or match["sign_after"]) in ("-", "−"):
        number = -number
    if not match["unit"]:
        return number, None
    try:
        return number, unit_multiplier(match["unit"])
    except InvalidValue:
        raise InvalidValue(
            f"amount '{raw}' has unit '{match['unit']}', which is not one of "
            "元, 千元, 万元, 百万元, 亿元, CNY, 10k CNY"
        ) from None


def split_unit(header: str) -> tuple[str, Decimal | None]:
    """Split a unit off a header: `成交金额（万元）` -> (`成交金额`, 10000); no unit -> (header, None).

    Recognised: a unit in brackets (`()`, `[]`, `【】`, full- or half-width, `单位：` allowed inside),
    after a slash (`成交金额/万元`), or after an underscore (`value_cny`, `amount_10k_cny`).
    Anything else in brackets (`备注(内部)`) stays part of the name.
    """
    text = header.strip()
    for pattern in (_BRACKETED, _SLASHED):
        match = pattern.fullmatch(text)
        if match and match["name"]:
            multiplier = _unit_in(_UNIT_LABEL.sub("", match["unit"], count=1))
            if multiplier is not None:
                return match["name"].strip(), multiplier
    # The first underscore whose remainder is a unit: `amount_10k_cny` is 10k CNY, not CNY.
    for position, character in enumerate(text):
        if character == "_" and position > 0:
            multiplier = _unit_in(text[position + 1 :].replace("_", ""))
            if multiplier is not None:
                return text[:position], multiplier
    return text, None


def _unit_in(text: str) -> Decimal | None:
    try:
        return unit_multiplier(text)
    except InvalidValue:
        return None
