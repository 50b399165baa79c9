"""Hostile and broken exports through the real `dexstat refresh`: each has its outcome, none a traceback.

Every file of tests/fixtures/hostile/ (written by hostile_fixtures.py) plus a generated 10 MB field
goes into one source folder, refreshed once by the command in a new process. For every file the table
below says what must happen: rows loaded, rows rejected with their reason codes (by row number as seen
in the file, header = 1), or the whole file rejected with a message. Rows read = loaded + rejected.
"""

import os
import shutil
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from source_folders import TODAY_OPTION, built_once
from warehouse_state import dexstat, leftovers

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
FIELD_BYTES = 10 * 1024 * 1024
# Where a file goes in the source folder; the rest go to transactions/GBDEX/ (the exchange from the folder).
PLACES = {
    "unknown_exchange.csv": "transactions",
    "units_wan.csv": "transactions/SZDEX",
    "units_yi.xlsx": "transactions/SZDEX",
    "listings_duplicate_ids.csv": "listings/SDE",
}
UNREADABLE = {None: "file_unreadable"}


@dataclass(frozen=True)
class Case:
    """One file's expected fate: rows read and loaded, reason code by row, the file's message."""

    file: str
    read: int
    loaded: int
    rejects: dict[int | None, str] = field(default_factory=dict)
    message: str | None = None

    @property
    def path(self) -> str:
        return f"{PLACES.get(self.file, 'transactions/GBDEX')}/{self.file}"


CASES = [
    Case("empty.csv", 0, 0, UNREADABLE, "empty.csv is empty"),
    Case("header_only.csv", 0, 0),
    Case("truncated_last_line.csv", 3, 2, {4: "invalid_date"}),
    Case("binary_junk.csv", 0, 0, UNREADABLE, "is not a text file (it contains NUL bytes)"),
    Case("bom_but_gbk.csv", 0, 0, UNREADABLE, "starts with a UTF-8 byte-order mark but is not valid UTF-8"),
    Case("utf32.csv", 0, 0, UNREADABLE, "is UTF-32 text, which is not read; save it as UTF-8"),
    Case("utf16_excel_unicode.txt", 2, 2),
    Case("gbk_wan.csv", 2, 2),
    Case("gb18030_rare.csv", 2, 2),
    Case("utf8_also_gb18030.csv", 1, 1),
    Case("newlines_and_quotes.csv", 4, 3, {5: "missing_amount"}),
    Case("ten_megabyte_field.csv", 2, 2),
    Case("two_hundred_columns.csv", 2, 2, message="备注9, 备注10 and 187 more (see unmapped_values)"),
    Case(
        "missing_amount_column.csv",
        2,
        0,
        {2: "file_rejected", 3: "file_rejected"},
        "the file has no column for amount (headers found: 交易编号, 成交日期, 省份)",
    ),
    Case(
        "two_amount_columns.csv",
        1,
        0,
        {2: "file_rejected"},
        "columns '交易金额' and '成交金额' both mean amount",
    ),
    Case("repeated_header_names.csv", 2, 1, {3: "invalid_amount"}, "columns kept aside: 备注, 备注"),
    Case("mixed_date_formats.csv", 8, 6, {8: "invalid_date", 9: "invalid_date"}),
    Case("excel_serial_dates.csv", 4, 2, {4: "invalid_date", 5: "invalid_date"}),
    Case("formulas_without_cached_values.xlsx", 4, 2, {3: "invalid_amount", 4: "invalid_date"}),
    Case("units_wan.csv", 1, 1),
    Case("units_yi.xlsx", 1, 1),
    Case("full_width_digits.csv", 2, 2),
    Case("thousand_separators.csv", 5, 3, {5: "invalid_amount", 6: "invalid_amount"}),
    Case(
        "extreme_amounts.csv",
        9,
        3,
        {
            2: "negative_amount",
            4: "implausible_amount",
            6: "invalid_amount",
            7: "invalid_amount",
            8: "invalid_amount",
            9: "invalid_amount",
        },
    ),
    Case("future_dates.csv", 3, 1, {3: "future_date", 4: "future_date"}),
    Case("provinces_shanxi_shaanxi.csv", 11, 9, {10: "unknown_province", 11: "unknown_province"}),
    Case("duplicate_ids.csv", 3, 2, {4: "duplicate_txn_id"}),
    Case("across_older.csv", 2, 2),
    Case("across_newer.csv", 2, 2),
    Case(
        "not_an_array.json",
        0,
        0,
        UNREADABLE,
        "holds an object (with keys data, total), not an array of records",
    ),
    Case("array_of_numbers.json", 0, 0, UNREADABLE, "record 1 is a number, not a record"),
    Case("records.json", 2, 1, {3: "missing_amount"}),
    Case("bad_line.jsonl", 0, 0, UNREADABLE, "line 2 is not valid JSON"),
    Case("corrupt.parquet", 0, 0, UNREADABLE, "is not a readable Parquet file"),
    Case("unclosed_quote.csv", 0, 0, UNREADABLE, "starting on line 2 is never closed"),
    Case("row_wider_than_header.csv", 0, 0, UNREADABLE, "line 3: it has more values than the header row"),
    Case("old_excel.xls", 0, 0, UNREADABLE, "old Excel .xls files are not read; save it as .xlsx"),
    Case("unknown_exchange.csv", 3, 1, {2: "unknown_exchange", 4: "missing_exchange"}),
    Case("listings_duplicate_ids.csv", 3, 1, {3: "duplicate_listing_id", 4: "missing_listing_id"}),
]
IGNORED = [".hidden.csv", "~$lock_file.xlsx"]

# What a loaded row must hold: transaction id -> column -> value.
LOADED = {
    "GBK-1": {"value_cny": Decimal("125000.00"), "province_code": "52", "product": "企业征信查询"},
    "GBK-2": {"value_cny": Decimal("10000000.00"), "txn_date": date(2023, 3, 6), "product": "货运轨迹"},
    "R-1": {"product": "𠀀字库"},
    "R-2": {"product": "䶮姓名录"},
    "X-1": {"product": "成交", "txn_date": date(2024, 1, 5)},
    "U16-2": {"province_code": "44", "product": "港口数据", "value_cny": Decimal("20.00")},
    "N-1": {"product": "多行\n产品"},
    "N-2": {"product": '他说"好", 然后走了'},
    "N-3": {"product": "a,b\r\nc"},
    "BIG-2": {"product": "small"},
    "D-2": {"txn_date": date(2023, 3, 6)},
    "D-3": {"txn_date": date(2023, 3, 7)},
    "D-4": {"txn_date": date(2023, 3, 8)},
    "D-5": {"txn_date": date(2023, 3, 9)},
    "D-6": {"txn_date": date(2023, 3, 10)},
    "S-1": {"txn_date": date(2023, 3, 15)},
    "S-2": {"txn_date": date(2023, 3, 15)},
    "XF-1": {"value_cny": Decimal("100.00"), "txn_date": date(2023, 3, 5)},
    "XF-4": {"txn_date": date(2023, 3, 15)},
    "WAN-1": {"value_cny": Decimal("20000.00"), "exchange_id": "SZDEX"},
    "YI-1": {"value_cny": Decimal("50000000.00"), "exchange_id": "SZDEX"},
    "F-1": {"value_cny": Decimal("12345.67"), "txn_date": date(2023, 3, 5)},
    "F-2": {"value_cny": Decimal("8800.00"), "txn_date": date(2023, 3, 6)},
    "K-1": {"value_cny": Decimal("1234567.89")},
    "K-2": {"value_cny": Decimal("1000.00")},
    "K-3": {"value_cny": Decimal("120000.00")},
    "E-2": {"value_cny": Decimal("0.00")},
    "E-4": {"value_cny": Decimal("12000000.00")},
    "E-9": {"value_cny": Decimal("0.30")},
    "FD-1": {"txn_date": date(2026, 1, 15)},
    **{f"P-{n}": {"province_code": "14"} for n in (1, 3, 6)},  # Shanxi, 山西, Shansi
    **{
        f"P-{n}": {"province_code": "61"} for n in (2, 4, 5, 7, 8)
    },  # Shaanxi, 陕西省, SHAAN XI, Shensi, CN-SN
    "P-11": {"province_code": "52"},  # blank: the exchange's province
    "DUP-1": {"value_cny": Decimal("1.00")},  # the first of two is kept
    "AX-1": {"value_cny": Decimal("10.00"), "source_file": "transactions/GBDEX/across_newer.csv"},
    "AX-2": {"value_cny": Decimal("2.00"), "source_file": "transactions/GBDEX/across_older.csv"},
    "J-1": {"province_code": "11", "value_cny": Decimal("12.50")},
    "UX-2": {"exchange_id": "SDE", "province_code": "31"},
}


@dataclass(frozen=True)
class Refreshed:
    returncode: int
    output: str
    db: Path


def place(name: str, source: Path) -> None:
    """Put one fixture file where it belongs in a source folder (the 10 MB one is written here)."""
    target = source / PLACES.get(name, "transactions/GBDEX") / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if name != "ten_megabyte_field.csv":
        shutil.copyfile(FIXTURES / name, target)
        return
    records = [f"BIG-1,2023-03-05,1,{'x' * FIELD_BYTES}", "BIG-2,2023-03-06,2,small"]
    target.write_text("\r\n".join(["交易编号,成交日期,成交金额,数据产品", *records, ""]), encoding="utf-8")


def refresh_hostile_folder(root: Path) -> None:
    source = root / "source"
    for name in [case.file for case in CASES] + IGNORED:
        place(name, source)
    for name, day in (("across_older.csv", 1), ("across_newer.csv", 2)):  # the newer file wins
        os.utime(source / "transactions" / "GBDEX" / name, (0, 1_700_000_000 + day * 86_400))
    db = root / "warehouse" / "warehouse.duckdb"
    result = dexstat("refresh", "--quiet", "--source", source, "--db", db, *TODAY_OPTION, timeout=300)
    (root / "returncode").write_text(str(result.returncode))
    (root / "output").write_text(result.stdout + result.stderr, encoding="utf-8")


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Refreshed:
    """The hostile folder refreshed once per test run by `dexstat refresh` in a new process."""
    root = built_once(tmp_path_factory, "hostile", refresh_hostile_folder)
    output = (root / "output").read_text(encoding="utf-8")
    return Refreshed(int((root / "returncode").read_text()), output, root / "warehouse" / "warehouse.duckdb")


def rows(db: Path, query: str, params: object = None) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(query, params).fetchall()


def test_the_refresh_publishes_with_a_report_and_never_a_traceback(refreshed: Refreshed) -> None:
    output = refreshed.output
    assert refreshed.returncode == 0, output[-3000:]
    assert "Traceback" not in output and "Unexpected error" not in output
    assert "Published" in output and leftovers(refreshed.db) == []


def test_every_file_read_has_an_expected_outcome_and_hidden_files_are_ignored(refreshed: Refreshed) -> None:
    files = [file for (file,) in rows(refreshed.db, "select file from source_files order by 1")]
    assert files == sorted(case.path for case in CASES)
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[case.file for case in CASES])
def test_each_hostile_file_has_its_expected_outcome(refreshed: Refreshed, case: Case) -> None:
    ((status, message, read, loaded, rejected),) = rows(
        refreshed.db,
        "select status, message, rows_read, rows_loaded, rows_rejected from source_files where file = $f",
        {"f": case.path},
    )
    found = dict(
        rows(refreshed.db, "select row_number, reason_code from rejects where file = $f", {"f": case.path})
    )
    whole = case.rejects == UNREADABLE or "file_rejected" in case.rejects.values()
    assert (status, read, loaded) == ("rejected" if whole else "loaded", case.read, case.loaded)
    assert found == case.rejects
    assert read == loaded + rejected and rejected == len([row for row in found if row is not None])
    if case.message:
        assert case.message in (message or "")


@pytest.mark.parametrize("txn_id", LOADED)
def test_loaded_values_are_read_as_the_export_meant_them(refreshed: Refreshed, txn_id: str) -> None:
    expected = LOADED[txn_id]
    columns = ", ".join(expected)
    found = rows(refreshed.db, f"select {columns} from transactions where txn_id = $id", {"id": txn_id})
    assert found == [tuple(expected.values())]


def test_a_ten_megabyte_field_is_kept_whole(refreshed: Refreshed) -> None:
    found = rows(
        refreshed.db,
        "select length(product), product = repeat('x', $n) from transactions where txn_id = 'BIG-1'",
        {"n": FIELD_BYTES},
    )
    assert found == [(FIELD_BYTES, True)]


def test_the_run_balances_and_counts_the_replaced_row(refreshed: Refreshed) -> None:
    ((read, loaded, rejected, replaced),) = rows(
        refreshed.db, "select rows_read, rows_loaded, rows_rejected, rows_replaced from refresh_runs"
    )
    assert read == sum(case.read for case in CASES) == loaded + rejected
    assert replaced == 1  # AX-1 of the older file
    assert rows(refreshed.db, "select count(*) from transactions where txn_id = 'AX-1'") == [(1,)]


@pytest.mark.long
@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[case.file for case in CASES])
def test_each_hostile_file_alone_gives_the_same_outcome(tmp_path: Path, case: Case) -> None:
    place(case.file, tmp_path / "source")
    db = tmp_path / "warehouse.duckdb"
    result = dexstat("refresh", "--quiet", "--source", tmp_path / "source", "--db", db, *TODAY_OPTION)
    assert "Traceback" not in result.stdout + result.stderr and result.returncode == 0, result.stderr
    assert rows(db, "select rows_read, rows_loaded from source_files") == [(case.read, case.loaded)]
    assert dict(rows(db, "select row_number, reason_code from rejects")) == case.rejects
