"""The export files of the sample: which rows go into which file and sheet, spelled the exchange's way."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.sample.defects import NEGOTIABLE
from etl.sample.facts import Facts, Ints
from etl.sample.layouts import SUFFIX, Layout, layout_for
from etl.sample.spellings import amount_text, date_text, spelled, with_fullwidth_digits

CANONICAL_SHARE = {"zh": 0.7, "en": 0.6}
PROVINCE_CANONICAL_SHARE = {"zh": 0.6, "en": 0.85}
WAN_YUAN_SHARE = 0.4  # in exports with a 单位 column, rows in 万元 rather than 元


@dataclass(frozen=True)
class Part:
    """A contiguous block of transactions [start, stop) written as one file or one sheet of a workbook."""

    path: str  # relative to the sample folder, '/'-separated
    sheet: str | None
    layout: Layout
    start: int
    stop: int


def transaction_parts(facts: Facts, exchange: Ints, year: Ints) -> list[Part]:
    """Cut transactions (sorted by exchange, then day) into each exchange's periods; skip empty ones."""
    parts = []
    bounds = np.searchsorted(exchange, np.arange(len(facts.exchange_ids) + 1))
    for number, exchange_id in enumerate(facts.exchange_ids):
        layout = layout_for(exchange_id)
        start, stop = int(bounds[number]), int(bounds[number + 1])
        years = year[start:stop]
        firsts = start + np.searchsorted(years, [first for first, _ in layout.periods])
        stops = start + np.searchsorted(years, [last for _, last in layout.periods], side="right")
        edges = zip(firsts.tolist(), stops.tolist(), strict=True)
        blocks = [(a, b) for a, b in edges if b > a]
        if sum(b - a for a, b in blocks) != stop - start:
            raise ValueError(f"the periods of {exchange_id}'s layout do not cover every year it trades")
        folder = f"transactions/{exchange_id}/{layout.stem}"
        if layout.format == "xlsx":
            path = f"{folder}_{_span(year[start], year[stop - 1])}.xlsx"
            parts += [Part(path, _span(year[a], year[b - 1]), layout, a, b) for a, b in blocks]
        else:
            names = [f"{folder}_{_span(year[a], year[b - 1])}{SUFFIX[layout.format]}" for a, b in blocks]
            parts += [Part(name, None, layout, a, b) for name, (a, b) in zip(names, blocks, strict=True)]
    return parts


def listing_path(exchange_id: str) -> str:
    """Where an exchange's listings go: one file per exchange."""
    layout = layout_for(exchange_id)
    return f"listings/{exchange_id}/{layout.stem}_listings{SUFFIX[layout.format]}"


def transaction_frame(
    rows: pd.DataFrame,
    listings: pd.DataFrame,
    facts: Facts,
    layout: Layout,
    date_cells: bool,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """One file's (or sheet's) transactions with the layout's headers and spellings; defects kept visible."""
    listing = rows["listing"].to_numpy()
    day = rows["txn_date"].to_numpy().astype("datetime64[D]")
    values = {
        "txn_id": rows["txn_id"].reset_index(drop=True),
        "txn_date": pd.Series(day) if date_cells else date_text(day, layout.date_style),
        "exchange": _exchange_names(rows, facts),
        **_names(rows, facts, layout, rng),
        **_amounts(rows, layout, rng),
        "product": listings[f"title_{layout.language}"].iloc[listing].reset_index(drop=True),
        "listing_id": listings["listing_id"].iloc[listing].reset_index(drop=True),
    }
    return pd.DataFrame({header: values[field] for field, header in layout.headers.items()})


def listing_frame(
    listings: pd.DataFrame, facts: Facts, layout: Layout, date_cells: bool, rng: np.random.Generator
) -> pd.DataFrame:
    """One exchange's listings with the layout's headers and spellings."""
    day = listings["listed_on"].to_numpy().astype("datetime64[D]")
    values = {
        "listing_id": listings["listing_id"].reset_index(drop=True),
        "title": listings[f"title_{layout.language}"].reset_index(drop=True),
        "exchange": _exchange_names(listings, facts),
        "listed_on": pd.Series(day) if date_cells else date_text(day, layout.date_style),
        **_names(listings, facts, layout, rng),
    }
    return pd.DataFrame({header: values[field] for field, header in layout.listing_headers.items()})


def _names(
    rows: pd.DataFrame, facts: Facts, layout: Layout, rng: np.random.Generator
) -> dict[str, pd.Series]:
    language = layout.language
    share = CANONICAL_SHARE[language]
    names = {
        "category": spelled(getattr(facts.categories, language), rows["category"].to_numpy(), share, rng),
        "supplier_type": spelled(getattr(facts.suppliers, language), rows["supplier"].to_numpy(), share, rng),
    }
    if "province" in rows:
        table = getattr(facts.provinces, language)
        names["province"] = spelled(
            table, rows["province"].to_numpy(), PROVINCE_CANONICAL_SHARE[language], rng
        )
    return {field: pd.Series(value, dtype="str") for field, value in names.items()}


def _amounts(rows: pd.DataFrame, layout: Layout, rng: np.random.Generator) -> dict[str, pd.Series]:
    value = rows["value_cny"].to_numpy()
    negotiable = (rows["defect"] == "invalid_amount").to_numpy()
    if layout.format in ("json", "jsonl", "xlsx", "parquet"):
        # Typed exports store numbers; an export that mixes in 面议 is a column of mixed types.
        number = pd.Series(value // layout.unit_yuan if layout.unit_yuan == 1 else value / layout.unit_yuan)
        amount = number.astype(object).where(~negotiable, NEGOTIABLE) if negotiable.any() else number
        return {"amount": amount}
    if layout.unit_yuan == 0:
        wan = rng.random(len(value)) < WAN_YUAN_SHARE
        text = amount_text(value, 1).where(~wan, amount_text(value, 10_000))
        unit = pd.Series(np.where(wan, "万元", "元"), dtype="str")
    else:
        text = amount_text(value, layout.unit_yuan, layout.money_sign)
        unit = pd.Series([""] * len(value), dtype="str")
    text = with_fullwidth_digits(text, rng.random(len(value)) < layout.fullwidth_share)
    return {"amount": text.where(~negotiable, NEGOTIABLE), "unit": unit}


def _exchange_names(rows: pd.DataFrame, facts: Facts) -> pd.Series:
    """The short Chinese name (e.g. 上数所) an export's exchange column uses."""
    names = np.array(facts.exchange_short_names, dtype=object)[rows["exchange"].to_numpy()]
    return pd.Series(names, dtype="str")


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"
