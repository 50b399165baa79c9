"""Load official statistics: the reference series every refresh, and the folder's statistics files."""

from collections.abc import Iterable

import duckdb

from etl.errors import FileRejected
from etl.inventory import SourceFile
from etl.load.context import LoadContext
from etl.load.exports import FileOutcome
from etl.load.rows import insert_rows, one_transaction
from etl.paths import reference_dir
from etl.sources.reference import Reference
from etl.sources.statistics import StatisticRow, read_statistics

NATIONAL = {"cn", "china", "全国", "中国", "national", "nationwide"}
TRILLION = 1_000_000_000_000
# Columns of national_digital_economy.csv -> (indicator, multiplier, unit).
NATIONAL_SERIES = {
    "digital_economy_trillion_cny": ("digital_economy", TRILLION, "CNY"),
    "share_of_gdp_pct": ("digital_economy_share_of_gdp", 1, "percent"),
    "gdp_trillion_cny": ("gdp", TRILLION, "CNY"),
}
COLUMNS = ("indicator", "province_code", "year", "value", "unit", "source", "source_file", "origin_rank")


def region_code(region: str, ctx: LoadContext) -> str | None:
    """'CN' for the whole country, else the province code, else None."""
    if region.strip().casefold() in NATIONAL:
        return "CN"
    return ctx.provinces.resolve(region)


def load_reference_statistics(con: duckdb.DuckDBPyConnection, reference: Reference, ctx: LoadContext) -> None:
    """Replace the reference series: national digital economy and GDP, provincial GDP."""
    con.execute("delete from statistic_rows where origin_rank = 0")
    rows = []
    for row in reference.national_digital_economy:
        for column, (indicator, multiplier, unit) in NATIONAL_SERIES.items():
            if row[column].strip():
                value = float(row[column]) * multiplier
                rows.append(
                    [
                        indicator,
                        "CN",
                        int(row["year"]),
                        value,
                        unit,
                        row["source"],
                        "reference/national_digital_economy.csv",
                        0,
                    ]
                )
    provincial = read_statistics(reference_dir() / "provincial_gdp.csv")
    if provincial.problems:  # the committed reference must be clean: never drop a figure silently
        line, reason, _raw = provincial.problems[0]
        raise FileRejected(f"reference/provincial_gdp.csv line {line}: {reason}")
    for stat in provincial.rows:
        code = region_code(stat.region, ctx)
        if code is None:
            raise FileRejected(f"reference/provincial_gdp.csv names an unknown province '{stat.region}'")
        rows.append(
            [
                stat.indicator,
                code,
                stat.year,
                stat.value,
                stat.unit,
                stat.source,
                "reference/provincial_gdp.csv",
                0,
            ]
        )
    insert_rows(con, "statistic_rows", COLUMNS, rows)


def load_statistics_file(con: duckdb.DuckDBPyConnection, source: SourceFile, ctx: LoadContext) -> FileOutcome:
    """Load one NBS export or tidy statistics CSV from the folder; unknown regions are rejects."""
    outcome = FileOutcome()
    try:
        parsed = read_statistics(source.path)
    except FileRejected as error:
        _reject(con, source, ctx, [(None, "file_unreadable", str(error), None)])
        outcome.rejected_whole = str(error)
        return outcome
    good, bad = _placed(parsed.rows, ctx)
    insert_rows(
        con,
        "statistic_rows",
        COLUMNS,
        [[s.indicator, code, s.year, s.value, s.unit, s.source, source.file, 1] for s, code in good],
    )
    problems: list[tuple[int | None, str, str, str | None]] = [
        (row, "invalid_statistic", reason, raw) for row, reason, raw in parsed.problems
    ]
    problems += [
        (s.row_number, "unknown_province", f"region '{s.region}' is not a known province", s.region)
        for s in bad
    ]
    _reject(con, source, ctx, problems)
    outcome.rows_loaded = len(good)
    outcome.rows_rejected = len(problems)
    outcome.rows_read = outcome.rows_loaded + outcome.rows_rejected
    return outcome


def _placed(
    rows: Iterable[StatisticRow], ctx: LoadContext
) -> tuple[list[tuple[StatisticRow, str]], list[StatisticRow]]:
    good, bad = [], []
    for stat in rows:
        code = region_code(stat.region, ctx)
        if code is None:
            bad.append(stat)
        else:
            good.append((stat, code))
    return good, bad


def _reject(
    con: duckdb.DuckDBPyConnection,
    source: SourceFile,
    ctx: LoadContext,
    problems: list[tuple[int | None, str, str, str | None]],
) -> None:
    if problems:
        with one_transaction(con):
            con.executemany(
                "insert into rejects values (?, ?, null, ?, ?, ?, to_json(?::varchar))",
                [[ctx.run_id, source.file, row, code, reason, raw] for row, code, reason, raw in problems],
            )
