"""Header recognition: which column of an export holds which field, in Chinese or English."""

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from etl.errors import FileRejected
from etl.normalise.amounts import split_unit

Kind = Literal["transactions", "listings"]

TRANSACTION_FIELDS = (
    "txn_id",
    "txn_date",
    "exchange",
    "province",
    "category",
    "supplier_type",
    "amount",
    "unit",
    "product",
    "listing_id",
)
LISTING_FIELDS = ("listing_id", "title", "exchange", "province", "category", "supplier_type", "listed_on")
# The exchange is needed too, but it may come from the file's folder: the caller checks that.
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "transactions": ("txn_id", "txn_date", "amount"),
    "listings": ("listing_id",),
}
_FIELDS: dict[str, tuple[str, ...]] = {"transactions": TRANSACTION_FIELDS, "listings": LISTING_FIELDS}

# Built-in header spellings, pipe-separated as in the reference CSVs; each field's own name counts too.
_SHARED_SYNONYMS = {
    "txn_id": "交易编号|订单编号|交易ID|成交编号|合同编号|交易流水号|Transaction ID|Txn ID|Order ID|Deal ID",
    "txn_date": "成交日期|交易日期|成交时间|交易时间|日期|Trade date|Transaction date|Deal date|Date",
    "exchange": "交易所|交易平台|交易场所|数据交易所|Exchange|Platform|exchange_id",
    "province": "省份|所属省份|地区|省|所在地区|所在省份|Province|province_code",
    "category": "数据类别|行业|数据类型|类别|所属行业|行业类别|数据分类|Category|Data category|Sector"
    "|Industry|category_id",
    "supplier_type": "供方类型|数据来源|供应方类型|卖方类型|提供方类型|数据提供方类型|Supplier type"
    "|Seller type|Source type",
    "amount": "成交金额|交易金额|金额|合同金额|成交额|Amount|Value|Trade value|Deal value"
    "|Transaction amount|value_cny",
    "unit": "单位|金额单位|货币单位|Unit|Currency unit|Amount unit",
    "listing_id": "产品编号|挂牌编号|上架编号|Listing ID|Product ID",
}
_KIND_SYNONYMS = {
    "transactions": {"product": "数据产品|产品名称|产品|商品名称|Product|Product name|Data product"},
    "listings": {
        "title": "产品名称|数据产品|标题|名称|Title|Product name",
        "listed_on": "上架日期|挂牌日期|发布日期|上架时间|Listed on|Listing date",
    },
}
# Punctuation that separates words in headers and carries no meaning: `Txn-ID`, `txn_id`, `Txn.ID`.
_SEPARATORS = re.compile(r"[\s_\-.·・‧•‐‑‒–—―]+")


@dataclass(frozen=True)
class ColumnPlan:
    """Where each field is (0-based column), the amount header's unit, and what was not found."""

    fields: dict[str, int]
    amount_multiplier: Decimal | None
    unrecognised: tuple[str, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class _Claim:
    position: int
    header: str
    custom: bool


def header_key(header: str) -> str:
    """A header as compared: NFKC, case-folded, without whitespace and `_ - . ·` separators."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", header or "").casefold())


def plan_columns(headers: Sequence[str], kind: Kind, custom: Mapping[str, str] | None = None) -> ColumnPlan:
    """Match each header to a field: the analyst's mapping first, then the built-in synonyms."""
    fields = _FIELDS[kind]
    mapped = _custom_index(custom or {}, fields)
    claims: dict[str, list[_Claim]] = {}
    unrecognised: list[tuple[int, str]] = []
    for position, header in enumerate(headers):
        claim = _match(header, mapped, _SYNONYMS[kind])
        if claim is None:
            unrecognised.append((position, header))
        else:
            claims.setdefault(claim[0], []).append(_Claim(position, header, claim[1]))
    chosen: dict[str, int] = {}
    for field, candidates in claims.items():
        winner, set_aside = _choose(field, candidates)
        chosen[field] = winner.position
        unrecognised.extend((c.position, c.header) for c in set_aside)
    amount = chosen.get("amount")
    return ColumnPlan(
        fields={field: chosen[field] for field in fields if field in chosen},
        amount_multiplier=None if amount is None else split_unit(headers[amount])[1],
        unrecognised=tuple(header for _, header in sorted(unrecognised)),
        missing=tuple(field for field in REQUIRED_FIELDS[kind] if field not in chosen),
    )


def _synonym_index(kind: str) -> dict[str, str]:
    index: dict[str, str] = {}
    synonyms = {**_SHARED_SYNONYMS, **_KIND_SYNONYMS[kind]}
    for field in _FIELDS[kind]:
        for name in (field, *synonyms[field].split("|")):
            known = index.setdefault(header_key(name), field)
            if known != field:
                raise ValueError(f"the header '{name}' would mean both {known} and {field}")
    return index


_SYNONYMS = {kind: _synonym_index(kind) for kind in _FIELDS}


def _custom_index(custom: Mapping[str, str], fields: Sequence[str]) -> dict[str, str]:
    """The analyst's header key -> field, for the fields this kind of file has."""
    valid = sorted(set(TRANSACTION_FIELDS) | set(LISTING_FIELDS))
    index: dict[str, str] = {}
    for header, named in custom.items():
        field = named.strip()
        if field not in valid:
            raise FileRejected(
                f"mapping.toml maps column '{header}' to '{named}', which is not a field; "
                f"use one of {', '.join(valid)}"
            )
        # A mapping to a field of the other kind (a listings title) does not apply to this file.
        if field in fields and header_key(header):
            index[header_key(header)] = field
    return index


def _match(header: str, custom: Mapping[str, str], synonyms: Mapping[str, str]) -> tuple[str, bool] | None:
    """(field, from the analyst's mapping) for one header, or None; `成交金额（万元）` is amount."""
    keys = [header_key(header), header_key(split_unit(header or "")[0])]
    for index, is_custom in ((custom, True), (synonyms, False)):
        for key in keys:
            if key and key in index:
                return index[key], is_custom
    return None


def _choose(field: str, claims: Sequence[_Claim]) -> tuple[_Claim, list[_Claim]]:
    """The one column for a field; the analyst's mapping beats synonyms, two equals are an error."""
    mapped = [claim for claim in claims if claim.custom]
    contenders = mapped or list(claims)
    if len(contenders) > 1:
        first, second = contenders[0].header, contenders[1].header
        if mapped:
            raise FileRejected(
                f"mapping.toml maps both columns '{first}' and '{second}' to {field}; map only one of them"
            )
        raise FileRejected(
            f"columns '{first}' and '{second}' both mean {field}; "
            "map one of them in mapping.toml or remove it"
        )
    return contenders[0], [claim for claim in claims if claim is not contenders[0]]
