"""Provinces: their two-digit codes from Chinese and English names, old romanisations and ISO codes.

Matching ignores case, width and all whitespace (`Shaan xi` is Shaanxi): 山西/Shanxi (14) and
陕西/Shaanxi (61) differ in their letters, never only in spacing, so this cannot confuse them.
"""

import re
from collections.abc import Iterable, Mapping

from etl.normalise.lookup import Lookup, reference_names

_EN_SUFFIXES = (" Province", " Municipality", " Autonomous Region")
# 广西壮族自治区 is also written 广西, 广西壮族 and 广西自治区; 山西省 as 山西.
_ZH_NAME = re.compile(r"(?P<short>.+?)(?P<people>壮族|回族|维吾尔)?(?P<kind>省|市|自治区)")


def province_lookup(rows: Iterable[Mapping[str, str]]) -> Lookup:
    """A lookup from provinces.csv rows: code, names with and without their suffix, every alias."""
    return Lookup({row["province_code"]: _names(row) for row in rows})


def _names(row: Mapping[str, str]) -> list[str]:
    names = reference_names(row, ("name_zh", "name_en", "aliases"))
    english = row.get("name_en", "").strip()
    if english:
        names.extend(english + suffix for suffix in _EN_SUFFIXES)
    match = _ZH_NAME.fullmatch(row.get("name_zh", "").strip())
    if match:
        short, people, kind = match["short"], match["people"] or "", match["kind"]
        names.extend((short, short + kind, short + people))
    return names
