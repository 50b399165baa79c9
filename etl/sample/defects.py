"""Deliberately bad transaction rows, planted so a refresh of the sample has something to reject."""

import numpy as np
import numpy.typing as npt
import pandas as pd

from etl.sample.facts import Facts, Ints

# Named after the refresh's reject reason codes.
KINDS = (
    "invalid_amount",  # 面议 ("price on request") instead of a number
    "missing_txn_id",
    "negative_amount",
    "future_date",  # in 2099, after any refresh day
    "unknown_province",
    "duplicate_txn_id",  # repeats the id of the first row of its own file
)
SHARE_PER_KIND = 0.00035  # ~0.2% of rows in all, at least one row of each kind
NEGOTIABLE = "面议"
FUTURE_YEAR_START = np.datetime64("2099-01-01", "D")


def plant_defects(
    transactions: pd.DataFrame,
    file_of_row: Ints,
    numeric_amount: npt.NDArray[np.bool_],
    facts: Facts,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, dict[str, int]]:
    """A copy with a `defect` column (kind or "") and the defects applied; the count per kind.

    Bad rows are drawn from every file but never its first row, which a duplicate copies.
    `invalid_amount` avoids rows whose export stores amounts as numbers only (parquet).
    """
    rows = len(transactions)
    _, first_rows, file_number = np.unique(file_of_row, return_index=True, return_inverse=True)
    free = np.ones(rows, dtype=bool)
    free[first_rows] = False
    kind_of_row = np.full(rows, "", dtype=object)
    wanted = max(1, round(rows * SHARE_PER_KIND))
    for kind in KINDS:  # six kinds, each a vectorised draw
        pool = np.flatnonzero(free & ~numeric_amount if kind == "invalid_amount" else free)
        chosen = rng.choice(pool, size=min(wanted, len(pool)), replace=False)
        kind_of_row[chosen] = kind
        free[chosen] = False
    planted = transactions.copy()
    planted["defect"] = pd.Series(kind_of_row, dtype="str")
    _apply(planted, kind_of_row, first_rows[file_number])
    planted.loc[kind_of_row == "unknown_province", "province"] = facts.unknown_province
    counts = {kind: int((kind_of_row == kind).sum()) for kind in KINDS}
    return planted, counts


def _apply(planted: pd.DataFrame, kind_of_row: npt.NDArray[np.object_], first_of_file: Ints) -> None:
    ids = planted["txn_id"].to_numpy(dtype=object, copy=True)
    duplicate = kind_of_row == "duplicate_txn_id"
    ids[duplicate] = ids[first_of_file[duplicate]]
    ids[kind_of_row == "missing_txn_id"] = None
    planted["txn_id"] = pd.Series(ids, dtype="str")
    negative = kind_of_row == "negative_amount"
    planted.loc[negative, "value_cny"] = -planted.loc[negative, "value_cny"]
    day = planted["txn_date"].to_numpy().astype("datetime64[D]")
    year_start = day.astype("datetime64[Y]").astype("datetime64[D]")
    into_year = np.minimum(day - year_start, np.timedelta64(364, "D"))
    future = kind_of_row == "future_date"
    day[future] = FUTURE_YEAR_START + into_year[future]
    planted["txn_date"] = day
