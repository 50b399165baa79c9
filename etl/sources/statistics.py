"""Official statistics files: the NBS data-portal export (分省年度数据) and a tidy indicator CSV.

The NBS export, as the portal writes it: metadata lines (`数据库：分省年度数据`, `指标：地区生产总值(亿元)`,
`时间：最近20年`), the header `地区,2024年,2023年,...` (newest first), one row per province, then notes
(`注：...`) and the source line (`数据来源：国家统计局`).

The tidy CSV: header `indicator,province,year,value,unit,source` (English, any order and case;
`region` may replace `province`). Other columns, such as `confidence` in
data/reference/provincial_gdp.csv, are ignored. A row with a missing or unreadable field becomes a
problem with its reason; it never stops the file.

Money is converted to yuan (unit 'CNY'); percentages stay numbers (unit 'percent'); other units (counts)
are kept as given. Missing values (blank, `…`, `-`, `--`) produce no row: missing is never zero.
"""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from etl.errors import FileRejected, InvalidValue
from etl.normalise.amounts import unit_multiplier
from etl.normalise.text import clean_text
from etl.sources.encodings import read_text


@dataclass(frozen=True)
class StatisticRow:
    """One figure: an indicator for a region and year, converted to yuan or percent, with its source."""

    indicator: str  # 'gdp', ...
    region: str  # as written: a province such as '北京市', or 'CN' / '全国' for the whole country
    year: int
    value: float  # yuan for money; a number for percent
    unit: str  # 'CNY', 'percent', or the unit as given for counts
    source: str  # never empty
    row_number: int  # the line in the file, for reject messages


@dataclass(frozen=True)
class StatisticsFile:
    """The figures read from one file, and the rows that could not be read, with their reasons."""

    rows: list[StatisticRow]
    problems: list[tuple[int, str, str]]  # (row_number, reason, the record as CSV text)


Record = tuple[int, list[str]]  # (line number, cells)

TIDY_COLUMNS = ("indicator", "province", "year", "value", "unit", "source")
# NBS indicator names (as on the 指标 line, without the unit) -> (indicator id, unit once converted).
NBS_INDICATORS = {
    "地区生产总值": ("gdp", "CNY"),
    "人均地区生产总值": ("gdp_per_capita", "CNY per person"),
}
NBS_SOURCES = {"国家统计局": "National Bureau of Statistics (国家统计局)"}
MISSING = frozenset({"", "…", "……", "...", "-", "--", "—", "——"})
MONEY_MARKS = ("元", "cny", "rmb", "yuan", "¥")
PERCENT = frozenset({"percent", "%", "pct", "百分比", "百分点"})
_NOTE = re.compile(r"(?P<key>[^：:,]{1,12}?)\s*[：:]\s*(?P<value>.*)", re.DOTALL)
_YEAR = re.compile(r"(?P<year>\d{4})\s*年?")
_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_INDICATOR = re.compile(r"(?P<name>.+?)\s*[(（](?P<unit>[^()（）]+)[)）]")


def read_statistics(path: Path) -> StatisticsFile:
    """Read an NBS data-portal export or a tidy statistics CSV; FileRejected for anything else."""
    text, _ = read_text(path)
    records = _records(text, path)
    if not records:
        raise FileRejected(f"{path.name} is empty")
    first = records[0][1]
    if _NOTE.fullmatch(first[0].strip()) or first[0].strip() == "地区":
        return _read_nbs(path, records)
    columns = _tidy_columns(first)
    if columns is not None:
        return _read_tidy(records, columns)
    raise FileRejected(
        f"{path.name} is neither an NBS data-portal export (lines such as 指标：地区生产总值(亿元), then "
        f"地区,2024年,...) nor a tidy CSV with the header {','.join(TIDY_COLUMNS)}; its first row is: "
        f"{_raw(first)[:200]}"
    )


def _records(text: str, path: Path) -> list[Record]:
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        return [(reader.line_num, cells) for cells in reader if any(cell.strip() for cell in cells)]
    except csv.Error as error:
        raise FileRejected(f"{path.name} is not valid CSV ({error})") from None


@dataclass(frozen=True)
class _Series:
    """What the metadata and header of an NBS export say about every value in it."""

    indicator: str
    unit: str
    multiplier: Decimal
    source: str
    years: list[int]


def _read_nbs(path: Path, records: list[Record]) -> StatisticsFile:
    header_at = next((i for i, (_, cells) in enumerate(records) if cells[0].strip() == "地区"), None)
    if header_at is None:
        raise FileRejected(f"{path.name}: the NBS export has no header row starting with 地区")
    notes = {
        note["key"].strip(): note["value"].strip()
        for _, cells in records
        if cells[0].strip() != "地区" and (note := _NOTE.fullmatch(",".join(cells).strip()))
    }
    indicator, unit, multiplier = _nbs_indicator(path, notes.get("指标"))
    if not notes.get("数据来源"):
        raise FileRejected(f"{path.name} has no 数据来源 line, so its figures would have no source")
    source = (
        f"{NBS_SOURCES.get(notes['数据来源'], notes['数据来源'])}, {notes.get('数据库', 'NBS data portal')}: "
        f"{notes['指标']}, file {path.name}"
    )
    series = _Series(indicator, unit, multiplier, source, _nbs_years(path, records[header_at][1][1:]))
    read = StatisticsFile([], [])
    for line, cells in records[header_at + 1 :]:
        if not _NOTE.fullmatch(",".join(cells).strip()):  # notes and the source line follow the table
            _read_nbs_row(series, line, cells, read)
    return read


def _read_nbs_row(series: _Series, line: int, cells: list[str], read: StatisticsFile) -> None:
    """One province: a row per year with a value; missing marks give nothing, bad cells a problem."""
    region = cells[0].strip()
    for year, cell in zip(series.years, cells[1:], strict=False):
        try:
            number = _number(cell)
        except InvalidValue as error:
            read.problems.append((line, f"{region or 'the region'} {year}: {error}", _raw(cells)))
            continue
        if number is not None and not region:
            read.problems.append((line, "the region is missing", _raw(cells)))
            return
        if number is not None:
            value = float(number * series.multiplier)
            read.rows.append(
                StatisticRow(series.indicator, region, year, value, series.unit, series.source, line)
            )
    if any(cell.strip() for cell in cells[1 + len(series.years) :]):
        read.problems.append((line, "the row has more values than the header has years", _raw(cells)))


def _nbs_indicator(path: Path, line: str | None) -> tuple[str, str, Decimal]:
    """(indicator id, unit, multiplier to that unit) from the 指标 line, e.g. 地区生产总值(亿元)."""
    if line is None:
        raise FileRejected(f"{path.name}: the NBS export has no 指标 line naming the indicator")
    found = _INDICATOR.fullmatch(line)
    if found is None:
        raise FileRejected(f"{path.name}: the indicator '{line}' has no unit in brackets, e.g. (亿元)")
    if found["name"] not in NBS_INDICATORS:
        known = ", ".join(f"{name} ({key})" for name, (key, _) in NBS_INDICATORS.items())
        raise FileRejected(f"{path.name}: the indicator '{found['name']}' is not one of {known}")
    indicator, unit = NBS_INDICATORS[found["name"]]
    try:
        return indicator, unit, unit_multiplier(found["unit"])
    except InvalidValue as error:
        raise FileRejected(f"{path.name}: the unit of '{line}' cannot be read: {error}") from None


def _nbs_years(path: Path, cells: list[str]) -> list[int]:
    years = []
    for cell in cells:
        found = _YEAR.fullmatch(clean_text(cell) or "")
        if found is None:
            if cell.strip():
                raise FileRejected(f"{path.name}: the header column '{cell.strip()}' is not a year")
            break  # a trailing empty column
        years.append(int(found["year"]))
    return years


def _tidy_columns(header: list[str]) -> dict[str, int] | None:
    names = [(clean_text(cell) or "").casefold() for cell in header]
    if "province" not in names and "region" in names:
        names[names.index("region")] = "province"
    if not all(column in names for column in TIDY_COLUMNS):
        return None
    return {column: names.index(column) for column in TIDY_COLUMNS}


def _read_tidy(records: list[Record], columns: dict[str, int]) -> StatisticsFile:
    rows: list[StatisticRow] = []
    problems: list[tuple[int, str, str]] = []
    for line, cells in records[1:]:
        fields = {name: cells[index] if index < len(cells) else "" for name, index in columns.items()}
        read = _tidy_row(fields, line)
        if isinstance(read, StatisticRow):
            rows.append(read)
        else:
            problems.append((line, read, _raw(cells)))
    return StatisticsFile(rows, problems)


def _tidy_row(fields: dict[str, str], line: int) -> StatisticRow | str:
    """The row, or the reasons it cannot be read, joined by '; '."""
    given = {name: value.strip() for name, value in fields.items()}
    reasons = [
        f"{name} is missing"
        for name in ("indicator", "province", "year", "unit", "source")
        if not given[name]
    ]
    year = _YEAR.fullmatch(clean_text(given["year"]) or "")
    if year is None and given["year"]:
        reasons.append(f"year '{given['year']}' is not a year")
    number: Decimal | None = None
    try:
        number = _number(fields["value"])
        if number is None:
            reasons.append("value is missing")
    except InvalidValue as error:
        reasons.append(str(error))
    try:
        unit, multiplier = _unit(given["unit"]) if given["unit"] else ("", Decimal(1))
    except InvalidValue as error:
        reasons.append(str(error))
    if reasons or number is None or year is None:
        return "; ".join(reasons)
    value = float(number * multiplier)
    return StatisticRow(
        given["indicator"], given["province"], int(year["year"]), value, unit, given["source"], line
    )


def _number(cell: str) -> Decimal | None:
    """The number in a cell, None when missing; InvalidValue for anything else."""
    text = clean_text(cell)
    if text is None or text in MISSING:
        return None
    if not _NUMBER.fullmatch(text):
        raise InvalidValue(f"value '{cell.strip()}' is not a number")
    return Decimal(text.replace(",", ""))


def _unit(text: str) -> tuple[str, Decimal]:
    """('CNY', multiplier) for money, ('percent', 1), or (the unit as given, 1) for counts."""
    cleaned = clean_text(text) or ""
    if cleaned.casefold() in PERCENT:
        return "percent", Decimal(1)
    try:
        return "CNY", unit_multiplier(cleaned)
    except InvalidValue:
        # An unknown money unit (万亿元) must not pass as a count of 1.
        if any(mark in cleaned.casefold() for mark in MONEY_MARKS):
            raise
        return cleaned, Decimal(1)


def _raw(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()
