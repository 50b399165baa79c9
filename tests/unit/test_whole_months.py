"""Whether a selection's dates cut a month: only a selection of whole months is counted from a mart."""

from datetime import date

import pytest

from dashboard.export_queries import whole_months
from dashboard.filters import Filters


@pytest.mark.parametrize(
    ("start", "end", "whole"),
    [
        (None, None, True),
        (date(2023, 3, 1), None, True),
        (None, date(2023, 3, 31), True),
        (date(2023, 3, 1), date(2023, 3, 31), True),
        (None, date(2024, 2, 29), True),  # leap year
        (None, date(2023, 2, 28), True),
        (None, date(2024, 2, 28), False),  # leap year: the 29th is left out
        (None, date(2023, 4, 30), True),
        (None, date(2023, 12, 31), True),
        (date(9999, 12, 1), date(9999, 12, 31), True),  # the last day there is
        (date(2023, 3, 2), None, False),
        (date(2023, 2, 28), None, False),
        (None, date(2023, 3, 30), False),
        (None, date(2023, 4, 1), False),
        (date(2023, 3, 1), date(2023, 5, 30), False),
        (date(2023, 3, 15), date(2023, 5, 31), False),
        (date(2023, 3, 1), date(2023, 3, 1), False),
    ],
)
def test_only_dates_on_month_boundaries_give_whole_months(start: date, end: date, whole: bool) -> None:
    assert whole_months(Filters(start=start, end=end)) is whole
