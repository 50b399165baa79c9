"""How exports write values: name variants, date formats, amounts in units, separators, full-width digits."""

import numpy as np
import numpy.typing as npt
import pandas as pd

from etl.sample.facts import Days, Ints, Strings
from etl.sample.layouts import DateStyle

FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def spelled(table: Strings, index: Ints, canonical_share: float, rng: np.random.Generator) -> Strings:
    """Row `index` of `table`: its canonical column with `canonical_share`, else one of its variants."""
    width = table.shape[1]
    variant = rng.integers(1, width, len(index)) if width > 1 else np.zeros(len(index), np.int64)
    column = np.where(rng.random(len(index)) < canonical_share, 0, variant)
    return np.asarray(table[index, column], dtype=object)


def date_text(days: Days, style: DateStyle) -> pd.Series:
    """Days written as an export writes them: 2023-03-05, 2023/3/5, 2023年3月5日 or 20230305."""
    iso = pd.Series(np.datetime_as_string(days.astype("datetime64[D]"), unit="D"), dtype="str")
    if style == "iso":
        return iso
    if style == "compact":
        return iso.str.replace("-", "", regex=False)
    parts = iso.str.split("-", expand=True)
    year, month, day = parts[0], parts[1].str.lstrip("0"), parts[2].str.lstrip("0")
    if style == "slash":
        return year + "/" + month + "/" + day
    return year + "年" + month + "月" + day + "日"


def amount_text(value_cny: Ints, unit_yuan: int, money_sign: bool = False) -> pd.Series:
    """Amounts in whole hundreds of yuan written exactly in `unit_yuan` (1, 10,000 or 100,000,000)."""
    magnitude = np.abs(value_cny)
    whole = magnitude // unit_yuan
    text = _with_separators(whole) if money_sign else pd.Series(whole, dtype="int64").astype("str")
    decimals = len(str(unit_yuan)) - 3  # values are whole hundreds: 万元 needs 2 decimals, 亿元 6
    if decimals > 0:
        hundreds = pd.Series((magnitude % unit_yuan) // 100, dtype="int64").astype("str").str.zfill(decimals)
        text = text + "." + hundreds
    elif money_sign:
        text = text + ".00"
    sign = pd.Series(np.where(value_cny < 0, "-", ""), dtype="str")
    return sign + ("¥" if money_sign else "") + text


def with_fullwidth_digits(text: pd.Series, mask: npt.NDArray[np.bool_]) -> pd.Series:
    """`text` with the digits of the masked rows written full-width (０-９), as some exports do."""
    return text.where(~mask, text.str.translate(FULLWIDTH_DIGITS))


def _with_separators(whole: Ints) -> pd.Series:
    """1234567 -> '1,234,567', one pass per group of three digits (never per row)."""
    rest = pd.Series(whole, dtype="int64")
    text = _group(rest % 1000, rest // 1000 > 0)
    rest = rest // 1000
    while bool((rest > 0).any()):
        higher = rest // 1000
        text = text.where(rest == 0, _group(rest % 1000, higher > 0) + "," + text)
        rest = higher
    return text


def _group(digits: pd.Series, padded: pd.Series) -> pd.Series:
    text = digits.astype("str")
    return text.where(~padded, text.str.zfill(3))
