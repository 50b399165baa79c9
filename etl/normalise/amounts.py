"""Amounts and their units: parse what exports write, convert to yuan."""

from decimal import Decimal

from etl.errors import InvalidValue
from etl.normalise.text import lookup_key

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
