"""Exchanges: their ids from full names, English names and short names (上数所, GBDEx)."""

from collections.abc import Iterable, Mapping

from etl.normalise.lookup import Lookup, reference_names


def exchange_lookup(rows: Iterable[Mapping[str, str]]) -> Lookup:
    """A lookup from exchanges.csv rows: exchange_id, name_zh, name_en and every alias."""
    return Lookup(
        {row["exchange_id"]: reference_names(row, ("name_zh", "name_en", "aliases")) for row in rows}
    )
