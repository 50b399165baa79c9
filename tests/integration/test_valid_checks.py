"""The validity checks: amount and date on every current row, known places on the rows loaded now."""

from datetime import date

import duckdb
import pytest

from etl.load.reference import load_reference_tables
from etl.paths import reference_dir
from etl.sources.reference import read_reference
from etl.sql import sql
from etl.warehouse import create_schema

TODAY = date(2026, 1, 15)
TRANSACTION = (
    "($exchange, $id, $day, $province, 'finance', 'government_agency', 'government', $value, null, null, "
    "null, null, $file, 2, null, $superseded)"
)
LISTING = (
    "($exchange, $id, null, $province, 'finance', 'government_agency', 'government', null, null, null, "
    "$file, 2, null, false)"
)


@pytest.fixture
def con():
    connection = duckdb.connect()
    create_schema(connection)
    load_reference_tables(connection, read_reference(reference_dir()))
    yield connection
    connection.close()


def _add(con, txn_id, file, *, province="44", day=date(2024, 1, 5), value=1, superseded=False):
    con.execute(
        f"insert into transaction_rows values {TRANSACTION}",
        {
            "exchange": "SZDEX",
            "id": txn_id,
            "day": day,
            "province": province,
            "value": value,
            "file": file,
            "superseded": superseded,
        },
    )


def _failing(con, check, loaded):
    text = sql(f"checks/{check}")
    given = {"today": TODAY, "files": loaded}
    return [
        row[1] for row in con.execute(text, {k: v for k, v in given.items() if f"${k}" in text}).fetchall()
    ]


def test_a_row_loaded_now_in_an_unknown_province_is_reported_even_when_superseded(con):
    _add(con, "T-1", "new.csv", province="99")
    _add(con, "T-2", "new.csv", province="98", superseded=True)
    _add(con, "T-3", "new.csv")
    assert sorted(_failing(con, "transactions_valid", ["new.csv"])) == ["T-1", "T-2"]


def test_rows_of_files_not_loaded_now_are_not_joined_again(con):
    # Checked by the refresh that loaded them, against the same reference facts.
    _add(con, "T-1", "old.csv", province="99")
    _add(con, "T-2", "new.csv")
    assert _failing(con, "transactions_valid", ["new.csv"]) == []
    assert _failing(con, "transactions_valid", []) == []


def test_amount_and_date_are_checked_on_every_current_row(con):
    _add(con, "T-1", "old.csv", day=date(2026, 2, 1))
    _add(con, "T-2", "old.csv", value=-1)
    _add(con, "T-3", "old.csv", value=-1, superseded=True)
    _add(con, "T-4", "old.csv")
    assert sorted(_failing(con, "transactions_valid", [])) == ["T-1", "T-2"]


def test_a_listing_loaded_now_at_an_unknown_exchange_is_reported(con):
    for exchange, listing_id, file in (
        ("NOPE", "L-1", "new.csv"),
        ("NOPE", "L-2", "old.csv"),
        ("SZDEX", "L-3", "new.csv"),
    ):
        con.execute(
            f"insert into listing_rows values {LISTING}",
            {"exchange": exchange, "id": listing_id, "province": "44", "file": file},
        )
    assert _failing(con, "listings_valid", ["new.csv"]) == ["L-1"]
