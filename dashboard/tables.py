"""Tables as shown on screen: words and formatted numbers in the current language; pure pandas."""

from collections.abc import Mapping

import pandas as pd

from dashboard.i18n import MISSING, Labels

METRICS = ("trade_value", "deals", "listed_products", "participants", "trading_entities")
KINDS = ("cumulative", "annual", "point_in_time", "forecast", "target")


def exchange_table(frame: pd.DataFrame, labels: Labels, provinces: Mapping[str, str]) -> pd.DataFrame:
    """One row per exchange as text, so a missing number reads as a dash rather than 'None'."""
    return pd.DataFrame(
        {
            "name": frame[labels.name_column],
            "province_code": [provinces.get(code, code) for code in frame["province_code"]],
            "city": frame["city"].fillna(MISSING),
            "founded": frame["founded"].fillna(MISSING),
            "ownership": [MISSING if pd.isna(o) else labels.term("ownership", o) for o in frame["ownership"]],
            "listings": [labels.count(v) for v in frame["listings"]],
            "deals": [labels.count(v) for v in frame["deals"]],
            "value_cny": [labels.money(v) for v in frame["value_cny"]],
            "government_share": [labels.share(v) for v in frame["government_share"]],
        }
    )


def figure_table(figures: pd.DataFrame, labels: Labels) -> pd.DataFrame:
    """Published figures in words, each value in its own unit; nothing is added up."""
    formats = {"CNY": labels.money, "percent": labels.percent}
    return pd.DataFrame(
        {
            "name": figures[labels.name_column],
            "metric": [labels.term("metric", m) for m in figures["metric"]],
            "kind": [labels.term("kind", k) for k in figures["kind"]],
            "period_start": [labels.day(d) if pd.notna(d) else MISSING for d in figures["period_start"]],
            "as_of": [labels.day(d) for d in figures["as_of"]],
            "value": [
                formats.get(u, labels.count)(v)
                for v, u in zip(figures["value"], figures["unit"], strict=True)
            ],
            "source": figures["source"],
            "confidence": figures["confidence"],
        }
    )


def figure_choices(figures: pd.DataFrame) -> list[tuple[str, str]]:
    """The (metric, kind) pairs present, trade value and cumulative first: one pair is charted at a time."""

    def preference(pair: tuple[str, str]) -> tuple[int, int, str, str]:
        metric, kind = pair
        rank = (METRICS.index(metric) if metric in METRICS else len(METRICS),
                KINDS.index(kind) if kind in KINDS else len(KINDS))  # fmt: skip
        return (*rank, metric, kind)

    return sorted(set(zip(figures["metric"], figures["kind"], strict=True)), key=preference)
