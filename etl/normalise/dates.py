"""Calendar dates as exports write them: ISO, slashes, 年月日, yyyymmdd and Excel serial numbers."""

import math
import re
from datetime import date, datetime, time, timedelta
from numbers import Integral, Real

from etl.errors import InvalidValue
from etl.normalise.text import clean_text

# Excel's 1900 date system counted 1900-02-29, a day that never was; counting from 1899-12-30 is
# exact from serial 61 (1900-03-01) on, so smaller serials are rejected rather than guessed.
EXCEL_EPOCH = date(1899, 12, 30)
FIRST_SERIAL = 61
LAST_SERIAL = 99_999

# An optional time of day, dropped once checked; a UTC offset (`Z`, `+08:00`) leaves the date as written.
_TIME = (
    r"(?:(?:\s+|T|(?<=日))(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d{1,9})?)?"
    r"(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?)?"
)
_YMD = re.compile(
    r"(?P<year>\d{4})(?:(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
    r"|\s*年\s*(?P<month_zh>\d{1,2})\s*月\s*(?P<day_zh>\d{1,2})\s*日?)" + _TIME
)
_COMPACT = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?:\.0+)?" + _TIME)
_SERIAL = re.compile(r"\d{1,5}(?:\.\d+)?")
# Two short numbers before the year (03/05/2023, 5-3-23): day-month or month-day, never guessed.
_AMBIGUOUS = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}" + _TIME)


def parse_date(value: object) -> date:
    """The calendar date a raw export value stands for, or InvalidValue saying why not.

    Accepted: date/datetime/pandas Timestamp objects (the time is dropped); text `2023-03-05`,
    `2023/3/5`, `2023.3.5`, `2023年3月5日`, each optionally followed by a time (` 14:22`,
    `T14:22:00`); full-width digits; exactly 8 digits as yyyymmdd (`20230305`, also `20230305.0`
    as spreadsheets store it); and Excel serial numbers (1900 system, day 0 = 1899-12-30): a number,
    or text of 1 to 5 digits with an optional fraction, from 61 (1900-03-01) to 99999, the fraction
    (time of day) dropped. Day-first or month-first dates such as `03/05/2023` are rejected.
    """
    if isinstance(value, datetime | date):
        if value != value:  # pandas NaT is a datetime that is not equal to itself
            raise InvalidValue("date is missing")
        return value.date() if isinstance(value, datetime) else value
    if isinstance(value, bool):
        raise InvalidValue(f"date '{value}' is not a valid date")
    if isinstance(value, Real) and not isinstance(value, Integral):
        return _from_float(float(value))
    text = clean_text(value)
    if text is None:
        raise InvalidValue("date is missing")
    return _from_text(text, str(value).strip())


def _from_float(number: float) -> date:
    if math.isnan(number):
        raise InvalidValue("date is missing")
    if number.is_integer():
        return _from_text(str(int(number)), str(number))
    if not math.isfinite(number) or number < 0:
        raise InvalidValue(f"date '{number}' is not a valid date")
    return _from_serial(str(number), number)


def _from_text(text: str, raw: str) -> date:
    for pattern in (_YMD, _COMPACT):
        match = pattern.fullmatch(text)
        if match:
            return _from_parts(match, raw)
    if _SERIAL.fullmatch(text):
        return _from_serial(raw, float(text))
    if _AMBIGUOUS.fullmatch(text):
        raise InvalidValue(
            f"date '{raw}' is ambiguous: day and month could be either way round; write it as yyyy-mm-dd"
        )
    if text.isdigit():
        raise InvalidValue(
            f"date '{raw}' is not a valid date: a number must be an Excel serial (up to 5 digits) "
            "or yyyymmdd (8 digits)"
        )
    raise InvalidValue(f"date '{raw}' is not a valid date")


def _from_parts(match: re.Match[str], raw: str) -> date:
    parts = match.groupdict()
    month = parts["month"] if parts.get("month") else parts["month_zh"]
    day = parts["day"] if parts.get("day") else parts["day_zh"]
    try:
        if parts["hour"] is not None:
            time(int(parts["hour"]), int(parts["minute"]), int(parts["second"] or 0))
        return date(int(parts["year"]), int(month), int(day))
    except ValueError:
        raise InvalidValue(f"date '{raw}' is not a valid date") from None


def _from_serial(raw: str, serial: float) -> date:
    if not FIRST_SERIAL <= serial < LAST_SERIAL + 1:
        raise InvalidValue(
            f"date '{raw}' is not a valid date: as an Excel serial number it must be between "
            f"{FIRST_SERIAL} (1900-03-01) and {LAST_SERIAL}"
        )
    return EXCEL_EPOCH + timedelta(days=math.floor(serial))
