"""The fixed plan of export files: per exchange, its format, encoding, headers and ways of writing values."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Format = Literal["csv", "xlsx", "json", "jsonl", "parquet"]
DateStyle = Literal["iso", "slash", "chinese", "compact"]  # 2023-03-05, 2023/3/5, 2023年3月5日, 20230305
Language = Literal["zh", "en"]

YEARLY = tuple((year, year) for year in range(2019, 2026))
HALVES = ((2019, 2022), (2023, 2025))


@dataclass(frozen=True)
class Layout:
    """How one exchange's exports look; a period is one file (for xlsx, one sheet of a single file)."""

    stem: str
    format: Format
    language: Language
    headers: Mapping[str, str]  # transaction field -> header, in column order
    listing_headers: Mapping[str, str]  # listing field -> header, in column order
    encoding: str = "utf-8"
    date_style: DateStyle = "iso"  # xlsx writes its first sheet as date cells, parquet always as dates
    unit_yuan: int = 1  # yuan per unit of the amount header; 0: a 单位 column says 元 or 万元 per row
    money_sign: bool = False  # ¥1,234,500.00
    fullwidth_share: float = 0.0  # amounts written in full-width digits
    periods: tuple[tuple[int, int], ...] = YEARLY


def _zh_a(amount: str) -> dict[str, str]:
    return {
        "txn_id": "交易编号",
        "txn_date": "成交日期",
        "province": "省份",
        "category": "数据类别",
        "supplier_type": "供方类型",
        "amount": amount,
        "product": "数据产品",
        "listing_id": "产品编号",
    }


def _zh_b(amount: str, unit: bool = False) -> dict[str, str]:
    return {
        "txn_id": "订单编号",
        "txn_date": "交易日期",
        "province": "所属省份",
        "category": "行业",
        "supplier_type": "数据来源",
        "amount": amount,
        **({"unit": "单位"} if unit else {}),
        "product": "产品名称",
        "listing_id": "挂牌编号",
    }


def _zh_c(amount: str, exchange: bool = False) -> dict[str, str]:
    return {
        "txn_id": "交易编号",
        "txn_date": "交易日期",
        **({"exchange": "交易所"} if exchange else {}),
        "province": "地区",
        "category": "数据类别",
        "supplier_type": "供方类型",
        "amount": amount,
        "product": "产品名称",
        "listing_id": "挂牌编号",
    }


EN = {
    "txn_id": "Transaction ID",
    "txn_date": "Trade date",
    "province": "Province",
    "category": "Category",
    "supplier_type": "Supplier type",
    "amount": "Amount (CNY)",
    "product": "Product",
    "listing_id": "Listing ID",
}
LISTINGS_ZH_A = {
    "listing_id": "产品编号",
    "title": "产品名称",
    "category": "数据类别",
    "supplier_type": "供方类型",
    "listed_on": "上架日期",
}
LISTINGS_ZH_B = {
    "listing_id": "挂牌编号",
    "title": "产品名称",
    "category": "数据类别",
    "supplier_type": "供方类型",
    "listed_on": "挂牌日期",
}
LISTINGS_EN = {
    "listing_id": "Listing ID",
    "title": "Title",
    "category": "Category",
    "supplier_type": "Supplier type",
    "listed_on": "Listed on",
}

PLAN: dict[str, Layout] = {
    # GBK with Chinese headers and amounts in 万元, CRLF: the classic exchange export.
    "GBDEX": Layout("gbdex", "csv", "zh", _zh_a("成交金额（万元）"), LISTINGS_ZH_A, "gbk", "slash", 10_000),
    # English headers, amounts like ¥1,234,500.00.
    "SZDEX": Layout("szdex", "csv", "en", EN, LISTINGS_EN, money_sign=True),
    # UTF-8 with a BOM, a 单位 column, Chinese dates and a few full-width digits.
    "BJIDEX": Layout(
        "bjidex",
        "csv",
        "zh",
        _zh_b("交易金额", unit=True),
        LISTINGS_ZH_B,
        "utf-8-sig",
        "chinese",
        unit_yuan=0,
        fullwidth_share=0.03,
    ),
    # JSON lines with an exchange column saying 上数所 (its short name).
    "SDE": Layout(
        "sde",
        "jsonl",
        "zh",
        _zh_c("交易金额(元)", exchange=True),
        {**LISTINGS_ZH_A, "exchange": "交易所"},
        date_style="compact",
    ),
    "SDEC": Layout("sdec", "json", "en", EN, LISTINGS_EN, periods=((2019, 2021), (2022, 2023), (2024, 2025))),
    # One workbook, a sheet per year range: date cells in the first, text dates in the second.
    "GZDE": Layout(
        "gzde",
        "xlsx",
        "zh",
        _zh_a("成交金额（元）"),
        LISTINGS_ZH_A,
        date_style="slash",
        periods=((2019, 2023), (2024, 2025)),
    ),
    "HZDE": Layout("hzde", "parquet", "en", EN, LISTINGS_EN),
    # Amounts in 亿元: rare, but some summary exports use it.
    "ZGC_SHUHAI": Layout(
        "shuhai", "csv", "zh", _zh_a("成交金额（亿元）"), LISTINGS_ZH_A, unit_yuan=100_000_000, periods=HALVES
    ),
    "CJBDE": Layout("cjbde", "csv", "zh", _zh_b("成交金额（万元）"), LISTINGS_ZH_B, "gbk", "chinese", 10_000),
    "HZBDE": Layout("hzbde", "csv", "zh", _zh_c("交易金额(元)"), LISTINGS_ZH_B, periods=HALVES),
    "SXDEP": Layout("sxdep", "csv", "en", EN, LISTINGS_EN, "utf-8-sig", "slash"),
    "HNBDE": Layout(
        "hnbde", "csv", "zh", _zh_b("交易金额", True), LISTINGS_ZH_B, date_style="compact", unit_yuan=0
    ),
    "ZZDEC": Layout("zzdec", "jsonl", "en", EN, LISTINGS_EN),
}
DEFAULT = Layout("trades", "csv", "zh", _zh_a("交易金额(元)"), LISTINGS_ZH_A)
SUFFIX = {"csv": ".csv", "xlsx": ".xlsx", "json": ".json", "jsonl": ".jsonl", "parquet": ".parquet"}


def layout_for(exchange_id: str) -> Layout:
    """The exchange's planned layout; an exchange added to the reference later writes plain UTF-8 CSV."""
    return PLAN.get(exchange_id, DEFAULT)
