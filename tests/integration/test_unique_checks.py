"""The uniqueness checks find a key current twice among the keys a refresh touched, by hash then key."""

import duckdb
import pytest

from etl.mirror import forget, touched_views
from etl.sql import sql
from etl.warehouse import create_schema

ROW = (
    "('SZDEX', $id, date '2024-01-05', '44', 'finance', 'government_agency', 'government', 1.00, null, null, "
    "null, null, $file, 2, null, false)"
)


@pytest.fixture
def con():
    connection = duckdb.connect()
    create_schema(connection)
    forget(connection, [])  # a refresh's start: affected_keys and repeated_keys, empty
    yield connection
    connection.close()


def _add(con, txn_id, file):
    con.execute(f"insert into transaction_rows values {ROW}", {"id": txn_id, "file": file})


def _touch(con, txn_id):
    con.execute(
        "insert into affected_keys select 'transactions', hash('SZDEX', $id)",
        {"id": txn_id},
    )
    touched_views(con, [])  # as if no file was loaded: only the keys in affected_keys are touched


def test_a_touched_key_current_twice_is_reported_with_its_copies(con):
    for file in ("a.csv", "b.csv"):
        _add(con, "T-1", file)
    _add(con, "T-2", "a.csv")
    _touch(con, "T-1")
    _touch(con, "T-2")
    assert con.execute(sql("checks/transactions_unique")).fetchall() == [("SZDEX", "T-1", 2)]


def test_unique_touched_keys_pass(con):
    for txn_id in ("T-1", "T-2", "T-3"):
        _add(con, txn_id, "a.csv")
        _touch(con, txn_id)
    assert con.execute(sql("checks/transactions_unique")).fetchall() == []


def test_keys_the_refresh_did_not_touch_are_not_grouped_again(con):
    # The previous warehouse passed this check; only touched keys can have changed since.
    for file in ("a.csv", "b.csv"):
        _add(con, "T-1", file)
    _touch(con, "T-9")
    assert con.execute(sql("checks/transactions_unique")).fetchall() == []


def test_when_every_row_was_loaded_now_every_key_is_touched(con):
    # A first load: the view is the whole table, without testing each row against affected_keys.
    for file in ("a.csv", "b.csv"):
        _add(con, "T-1", file)
    touched_views(con, ["a.csv", "b.csv"])  # affected_keys left empty on purpose
    assert con.execute(sql("checks/transactions_unique")).fetchall() == [("SZDEX", "T-1", 2)]


def test_rows_of_older_files_are_looked_at_only_through_the_touched_keys(con):
    for file in ("a.csv", "b.csv"):
        _add(con, "T-1", file)
    _add(con, "T-2", "c.csv")
    touched_views(con, ["c.csv"])  # a.csv and b.csv are older, and T-1 is not in affected_keys
    assert con.execute(sql("checks/transactions_unique")).fetchall() == []


def test_a_loaded_files_keys_are_touched_beside_older_files(con):
    for file in ("a.csv", "b.csv"):
        _add(con, "T-1", file)
    touched_views(con, ["b.csv"])  # b.csv loaded now: its keys join affected_keys
    assert con.execute(sql("checks/transactions_unique")).fetchall() == [("SZDEX", "T-1", 2)]


def test_a_first_load_of_one_file_tests_the_keys_that_file_repeated(con):
    # One file's rows alone: only a key the file held twice can be current twice, and its load grouped
    # those keys into repeated_keys (staging/repeated_ids). Here the repeat was not taken out.
    for _ in range(2):
        _add(con, "T-1", "a.csv")
    _add(con, "T-2", "a.csv")
    con.execute("insert into repeated_keys select 'transactions', hash('SZDEX', 'T-1')")
    touched_views(con, ["a.csv"])
    assert con.execute(sql("checks/transactions_unique")).fetchall() == [("SZDEX", "T-1", 2)]
    assert con.execute("select count(*) from contested_keys").fetchone() == (1,), "no other key grouped"


def test_a_first_load_of_two_files_groups_their_keys(con):
    # Two files: a key can be held once in each, which neither file's own grouping sees.
    for file in ("a.csv", "b.csv"):
        _add(con, "T-1", file)
    touched_views(con, ["a.csv", "b.csv"])  # repeated_keys empty: neither file repeated an id
    assert con.execute(sql("checks/transactions_unique")).fetchall() == [("SZDEX", "T-1", 2)]
