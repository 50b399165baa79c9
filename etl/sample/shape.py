"""The synthetic market: canonical transactions and listings, before any export spells them."""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from etl.sample.facts import FIRST_DAY, LAST_DAY, Days, Facts, Ints

# Relative size of each exchange's trade; exchanges not named trade like 1.0.
EXCHANGE_SIZES = {
    "SDE": 5.0,
    "SZDEX": 4.5,
    "BJIDEX": 3.5,
    "GBDEX": 3.0,
    "GZDE": 1.6,
    "HZDE": 2.0,
    "CJBDE": 0.7,
    "SXDEP": 0.5,
    "SDEC": 0.5,
    "HZBDE": 0.3,
    "ZGC_SHUHAI": 0.3,
}
YEARLY_GROWTH = 1.5  # deals per month grow ~50% a year
OWN_PROVINCE_SHARE = 0.7
BLANK_PROVINCE_SHARE = 0.05  # of own-province deals: the export leaves the cell empty
REGION_WEIGHTS = {"east": 3.0, "central": 1.6, "west": 1.0, "northeast": 0.8}
# Share of listings per supplier type (types not named get 0.05), and of listings whose type matches nothing.
SUPPLIER_SHARES = {
    "government_agency": 0.18,
    "public_institution": 0.14,
    "state_owned_enterprise": 0.30,
    "private_enterprise": 0.28,
    "foreign_enterprise": 0.05,
    "individual": 0.035,
}
UNKNOWN_SUPPLIER_SHARE = 0.015
OTHER_CATEGORY_SHARE = 0.02
MEDIAN_VALUE_CNY = 110_000
VALUE_SIGMA = 1.25
GOVERNMENT_VALUE_FACTOR = 3.0  # government-side deals are larger: most value comes from them
DEALS_PER_LISTING = 60
PRODUCT_WORDS = (
    ("数据集", "查询接口", "分析报告", "指数", "核验服务", "数据服务", "标签库", "模型服务"),
    ("dataset", "query API", "analysis report", "index", "verification service", "data service",
     "tag library", "model service"),
)  # fmt: skip


@dataclass(frozen=True)
class Market:
    """Transactions sorted by exchange then day, and the listings they reference."""

    # exchange, txn_date, year, txn_id, province, listing, category, supplier, value_cny
    transactions: pd.DataFrame
    # exchange, listing_id, listed_on, category, supplier, title_zh, title_en
    listings: pd.DataFrame


def simulate_market(facts: Facts, rows: int, rng: np.random.Generator) -> Market:
    """Draw `rows` deals and the listings they buy, shaped by the facts."""
    exchange, day = _deal_days(facts, rows, rng)
    owner, listed_on = _listing_days(facts, exchange, day, rng)
    listing = _chosen_listings(owner, listed_on, exchange, day, rng)
    listings = _listings(facts, owner, listed_on, np.bincount(listing, minlength=len(owner)) > 0, rng)
    supplier = listings["supplier"].to_numpy()[listing]
    government = facts.supplier_is_government[supplier]
    value = rng.lognormal(np.log(MEDIAN_VALUE_CNY), VALUE_SIGMA, rows)
    value *= np.where(government, GOVERNMENT_VALUE_FACTOR, 1.0)
    year = day.astype("datetime64[Y]").astype(np.int64) + 1970
    transactions = pd.DataFrame(
        {
            "exchange": exchange,
            "txn_date": day,
            "year": year,
            "txn_id": _txn_ids(facts, exchange, year),
            "province": _provinces(facts, exchange, rng),
            "listing": listing,
            "category": listings["category"].to_numpy()[listing],
            "supplier": supplier,
            # Whole hundreds of yuan, so 万元 and 亿元 exports write them exactly.
            "value_cny": np.maximum(np.round(value / 100), 1).astype(np.int64) * 100,
        }
    )
    return Market(transactions=transactions, listings=listings)


def _deal_days(facts: Facts, rows: int, rng: np.random.Generator) -> tuple[Ints, Days]:
    days = np.arange(FIRST_DAY, LAST_DAY + 1)
    months = days.astype("datetime64[M]").astype(np.int64)
    months -= months[0]
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    # A year-end push in December, the Spring Festival lull in February.
    season = np.select([months % 12 == 11, months % 12 == 1], [1.35, 0.7], 1.0)
    trend = YEARLY_GROWTH ** ((days - FIRST_DAY).astype(np.float64) / 365.25)
    noise = rng.lognormal(0.0, 0.25, (len(facts.exchange_ids), months[-1] + 1))[:, months]
    size = np.array([EXCHANGE_SIZES.get(e, 1.0) for e in facts.exchange_ids])
    intensity = size[:, None] * noise * (trend * season * np.where(weekday >= 5, 0.2, 1.0))
    intensity *= days[None, :] >= facts.opening_days[:, None]
    totals = intensity.sum(axis=1)
    floor = min(10, rows // (2 * len(totals)))  # every exchange, hence every format, gets some rows
    per_exchange = floor + rng.multinomial(rows - floor * len(totals), totals / totals.sum())
    per_day = np.concatenate(
        [
            rng.multinomial(n, weights / weights.sum())
            for n, weights in zip(per_exchange, intensity, strict=True)
        ]
    )
    exchange = np.repeat(np.arange(len(totals)), per_exchange)
    return exchange, np.repeat(np.tile(days, len(totals)), per_day)


def _txn_ids(facts: Facts, exchange: Ints, year: Ints) -> pd.Series:
    """<EXCHANGE>-<year>-<number within the exchange's year>, e.g. GBDEX-2023-000042."""
    key = exchange * 10_000 + year
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    number = np.arange(len(key)) - first[inverse] + 1
    prefix = pd.Series(np.array(facts.exchange_ids, dtype=object)[exchange])
    return prefix + "-" + pd.Series(year).astype(str) + "-" + pd.Series(number).astype(str).str.zfill(6)


def _provinces(facts: Facts, exchange: Ints, rng: np.random.Generator) -> Ints:
    """Mostly the exchange's own province (sometimes left blank), the rest weighted east-heavy."""
    home = facts.exchange_provinces[exchange]
    weights = np.array([REGION_WEIGHTS.get(r, 1.0) for r in facts.province_regions])
    weights = np.tile(weights * rng.lognormal(0.0, 0.5, len(weights)), (len(facts.exchange_ids), 1))
    weights[np.arange(len(weights)), facts.exchange_provinces] = 0.0
    cdf = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
    elsewhere = np.minimum((cdf[exchange] < rng.random(len(exchange))[:, None]).sum(axis=1), cdf.shape[1] - 1)
    draw = rng.random(len(exchange))
    blank = draw < OWN_PROVINCE_SHARE * BLANK_PROVINCE_SHARE
    province = np.where(draw < OWN_PROVINCE_SHARE, home, elsewhere)
    return np.where(blank, facts.blank_province, province).astype(np.int64)


def _listing_days(facts: Facts, exchange: Ints, day: Days, rng: np.random.Generator) -> tuple[Ints, Days]:
    """A listing per ~DEALS_PER_LISTING deals, listed before its deals; the first on the first deal day."""
    deals = np.bincount(exchange, minlength=len(facts.exchange_ids))
    starts = np.concatenate([[0], np.cumsum(deals)[:-1]])
    count = np.maximum(2, np.round(deals / DEALS_PER_LISTING)).astype(np.int64)
    owner = np.repeat(np.arange(len(count)), count)
    first = np.concatenate([[0], np.cumsum(count)[:-1]])
    sampled = day[starts[owner] + (rng.random(len(owner)) * deals[owner]).astype(np.int64)]
    lag = rng.exponential(60.0, len(owner)).astype(np.int64).astype("timedelta64[D]")
    listed_on = np.maximum(sampled - lag, day[starts[owner]])
    listed_on[first] = day[starts]
    order = np.lexsort((listed_on, owner))
    return owner[order], listed_on[order]


def _listings(
    facts: Facts, owner: Ints, listed_on: Days, bought: npt.NDArray[np.bool_], rng: np.random.Generator
) -> pd.DataFrame:
    """Listings with ids, categories, supplier types and titles; some that deals buy match nothing."""
    first = np.searchsorted(owner, np.arange(len(facts.exchange_ids)))
    number = np.arange(len(owner)) - first[owner] + 1
    category = _unmatched(
        _categories(facts, owner, rng), facts.other_category, OTHER_CATEGORY_SHARE, bought, rng
    )
    shares = np.array([SUPPLIER_SHARES.get(t, 0.05) for t in facts.supplier_types])
    supplier = rng.choice(len(shares), len(owner), p=shares / shares.sum())
    supplier = _unmatched(supplier, facts.unknown_supplier, UNKNOWN_SUPPLIER_SHARE, bought, rng)
    word = rng.integers(0, len(PRODUCT_WORDS[0]), len(owner))
    region = np.array(facts.province_short_names, dtype=object)[facts.exchange_provinces[owner]]
    region_en = facts.provinces.en[facts.exchange_provinces[owner], 0]
    return pd.DataFrame(
        {
            "exchange": owner,
            "listing_id": pd.Series(np.array(facts.exchange_ids, dtype=object)[owner])
            + "-L"
            + pd.Series(number).astype(str).str.zfill(5),
            "listed_on": listed_on,
            "category": category,
            "supplier": supplier.astype(np.int64),
            "title_zh": pd.Series(region + facts.category_titles.zh[category])
            + pd.Series(np.array(PRODUCT_WORDS[0], dtype=object)[word]),
            "title_en": pd.Series(region_en + " " + facts.category_titles.en[category])
            + " "
            + pd.Series(np.array(PRODUCT_WORDS[1], dtype=object)[word]),
        }
    )


def _categories(facts: Facts, exchange: Ints, rng: np.random.Generator) -> Ints:
    """Zipf-like per exchange: each exchange ranks the categories in its own order."""
    known = facts.other_category
    ranking = rng.random((len(facts.exchange_ids), known)).argsort(axis=1)
    cdf = np.cumsum(1.0 / np.arange(1, known + 1) ** 1.1)
    rank = np.minimum(np.searchsorted(cdf / cdf[-1], rng.random(len(exchange))), known - 1)
    return np.asarray(ranking[exchange, rank], dtype=np.int64)


def _unmatched(
    values: Ints, unmatched: int, share: float, bought: npt.NDArray[np.bool_], rng: np.random.Generator
) -> Ints:
    """`share` of the listings (at least one that deals buy) get the value that matches nothing."""
    pool = np.flatnonzero(bought)
    chosen = rng.choice(pool, size=min(len(pool), max(1, round(share * len(values)))), replace=False)
    marked = values.copy()
    marked[chosen] = unmatched
    return marked


def _chosen_listings(
    owner: Ints, listed_on: Days, exchange: Ints, day: Days, rng: np.random.Generator
) -> Ints:
    """Each deal buys a listing of its exchange listed on or before its day, older ones more often."""
    span = (LAST_DAY - FIRST_DAY).astype(np.int64) + 1
    keys = owner * span + (listed_on - FIRST_DAY).astype(np.int64)
    first = np.searchsorted(keys, exchange * span)
    today = exchange * span + (day - FIRST_DAY).astype(np.int64)
    available = np.searchsorted(keys, today, side="right") - first
    return first + (rng.random(len(exchange)) ** 1.6 * available).astype(np.int64)
