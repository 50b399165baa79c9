"""parse_date: every spelling of a date the exports use, and the ones refused with a reason."""

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from etl.errors import InvalidValue
from etl.normalise.dates import parse_date

MARCH_5 = date(2023, 3, 5)


@pytest.mark.parametrize(
    "raw",
    [
        "2023-03-05",
        "2023/3/5",
        "2023/03/05",
        "2023.3.5",
        "2023-3-5",
        "2023年3月5日",
        "2023年03月05日",
        "2023 年 3 月 5 日",
        "2023年3月5",
        "20230305",
        "2023-03-05 14:22:00",
        "2023-03-05T14:22:00",
        "2023-03-05T14:22:00.123",
        "2023-03-05 14:22:00+08:00",
        "2023-03-05T14:22:00Z",
        "2023/3/5 9:05",
        "2023年3月5日 9:05",
        "2023年3月5日14:22",
        "  2023-03-05  ",
        "２０２３年３月５日",
        "２０２３－０３－０５",
        "２０２３０３０５",
        "20230305.0",
    ],
)
def test_text_dates_in_every_export_spelling_are_read(raw: str) -> None:
    assert parse_date(raw) == MARCH_5


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (date(2023, 3, 5), MARCH_5),
        (datetime(2023, 3, 5, 23, 59), MARCH_5),
        (pd.Timestamp("2023-03-05 14:22"), MARCH_5),
        (20230305, MARCH_5),
        (20230305.0, MARCH_5),
        (np.int64(20230305), MARCH_5),
    ],
)
def test_date_objects_and_yyyymmdd_numbers_are_read(raw: object, expected: date) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (45000, date(2023, 3, 15)),
        (45000.0, date(2023, 3, 15)),
        (45000.5, date(2023, 3, 15)),
        (45000.99, date(2023, 3, 15)),
        ("45000", date(2023, 3, 15)),
        ("45000.0", date(2023, 3, 15)),
        ("45000.5", date(2023, 3, 15)),
        ("４５０００", date(2023, 3, 15)),
        (np.float64(44927), date(2023, 1, 1)),
        (61, date(1900, 3, 1)),
        ("99999", date(2173, 10, 13)),
    ],
)
def test_excel_serials_count_days_from_1899_12_30(raw: object, expected: date) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2023-13-45", "date '2023-13-45' is not a valid date"),
        ("2023-02-30", "date '2023-02-30' is not a valid date"),
        ("2023年2月29日", "date '2023年2月29日' is not a valid date"),
        ("2023-03-05 25:00", "date '2023-03-05 25:00' is not a valid date"),
        ("2023-3/5", "date '2023-3/5' is not a valid date"),
        ("2023-03", "date '2023-03' is not a valid date"),
        ("yesterday", "date 'yesterday' is not a valid date"),
        ("20231345", "date '20231345' is not a valid date"),
        ("-5", "date '-5' is not a valid date"),
        (True, "date 'True' is not a valid date"),
    ],
)
def test_impossible_dates_are_rejected_quoting_the_value(raw: object, message: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_date(raw)
    assert str(caught.value) == message


@pytest.mark.parametrize("raw", ["03/05/2023", "3/5/2023", "05-03-2023", "5.3.23", "03/05/2023 10:00"])
def test_day_month_order_is_never_guessed(raw: str) -> None:
    with pytest.raises(InvalidValue, match=f"date '{raw}' is ambiguous.*yyyy-mm-dd"):
        parse_date(raw)


@pytest.mark.parametrize("raw", ["123456", "1234567", "123456789"])
def test_numbers_that_are_neither_serial_nor_yyyymmdd_are_rejected(raw: str) -> None:
    with pytest.raises(InvalidValue, match=r"Excel serial \(up to 5 digits\) or yyyymmdd \(8 digits\)"):
        parse_date(raw)


@pytest.mark.parametrize("raw", [0, 1, "60", 60.5, -45000.5, float("inf")])
def test_serials_outside_the_exact_range_are_rejected(raw: object) -> None:
    with pytest.raises(InvalidValue, match="is not a valid date"):
        parse_date(raw)


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000", float("nan"), pd.NaT])
def test_missing_dates_say_so(raw: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_date(raw)
    assert str(caught.value) == "date is missing"
