"""read_export on CSV files of every shape: quoting, width, blank and broken records, record numbers."""

from readers import FIXTURES, read_one, rejection, rows

# --- CSV structure -------------------------------------------------------------------------------


def test_quoted_values_keep_embedded_newlines_doubled_quotes_and_commas(con, workdir):
    sheet = read_one(con, FIXTURES / "quoted_newlines.csv", workdir)

    assert rows(con, sheet) == [
        (2, "Q-1", "多行\r\n产品", '他说"好"，然后走了'),
        (3, "Q-2", "a, b", "plain"),
    ]


def test_a_single_10_mb_field_loads_whole(con, workdir, tmp_path):
    path = tmp_path / "blob.csv"
    blob = "数" * 3_500_000  # 10.5 MB of UTF-8
    path.write_text(f'id,payload\nB-1,"{blob}"\nB-2,small\n', encoding="utf-8")

    sheet = read_one(con, path, workdir)

    lengths = con.execute(f'select c0, length(c1) from "{sheet.table}" order by _row').fetchall()
    assert lengths == [("B-1", 3_500_000), ("B-2", 5)]


def test_200_columns_load_in_file_order(con, workdir, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(
        ",".join(f"列{i}" for i in range(200)) + "\n" + ",".join(f"v{i}" for i in range(200)) + "\n",
        encoding="utf-8",
    )

    sheet = read_one(con, path, workdir)

    assert sheet.headers == tuple(f"列{i}" for i in range(200))
    assert rows(con, sheet) == [(2, *(f"v{i}" for i in range(200)))]


def test_duplicate_header_names_each_get_their_own_column(con, workdir):
    sheet = read_one(con, FIXTURES / "duplicate_headers.csv", workdir)

    assert sheet.headers == ("金额", "金额", "备注")
    assert rows(con, sheet) == [(2, "1", "2", "first"), (3, "3", "4", "second")]


def test_header_only_file_gives_a_sheet_with_no_rows(con, workdir):
    sheet = read_one(con, FIXTURES / "header_only.csv", workdir)

    assert sheet.headers == ("交易编号", "成交日期", "成交金额")
    assert sheet.rows == 0
    assert rows(con, sheet) == []


def test_truncated_last_line_is_padded_with_nulls(con, workdir):
    sheet = read_one(con, FIXTURES / "truncated_last_line.csv", workdir)

    assert rows(con, sheet) == [(2, "T-1", "2023-03-05", "10"), (3, "T-2", "2023-03", None)]


def test_semicolon_delimiter_is_sniffed_from_the_header(con, workdir):
    sheet = read_one(con, FIXTURES / "semicolons.csv", workdir)

    assert sheet.headers == ("交易编号", "成交金额", "备注")
    assert rows(con, sheet) == [(2, "S-1", "1,5", "a;b")]


def test_blank_lines_and_empty_rows_are_left_out_while_numbering_counts_records(con, workdir):
    sheet = read_one(con, FIXTURES / "blank_lines_and_rows.csv", workdir)

    # The blank line is no record; the `,` record is record 3, kept out as it holds no value.
    assert rows(con, sheet) == [(2, "A-1", "1"), (4, "A-2", "2")]
    assert sheet.rows == 2


def test_a_quote_never_closed_is_rejected_instead_of_dropping_the_rest(con, workdir):
    message = rejection(con, FIXTURES / "unclosed_quote.csv", workdir)

    assert "never closed" in message
    assert "line 2" in message
    assert con.execute("select count(*) from duckdb_tables()").fetchone() == (0,)


def test_a_row_wider_than_the_header_is_rejected_with_duckdbs_reason(con, workdir):
    message = rejection(con, FIXTURES / "row_wider_than_header.csv", workdir)

    assert "line 2" in message
    assert "more values than the header row (2)" in message
    assert "\n" not in message
    assert con.execute("select count(*) from duckdb_tables()").fetchone() == (0,)


def test_csv_row_numbers_follow_the_file_across_many_chunks(con, workdir, tmp_path):
    # Each id is written so that its row as seen in a spreadsheet is id + 1; quoted newlines make
    # records and lines differ, and 300,000 records span many DuckDB vectors and threads.
    path = tmp_path / "many.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("id,note\n")
        for record in range(1, 300_001):
            handle.write(f'{record},"two\nlines"\n' if record % 997 == 0 else f"{record},n\n")
    con.execute("set threads = 4")

    sheet = read_one(con, path, workdir)

    misplaced = con.execute(
        f'select count(*) from "{sheet.table}" where _row <> cast(c0 as bigint) + 1'
    ).fetchone()
    assert sheet.rows == 300_000
    assert misplaced == (0,)


def test_tables_are_temporary_and_named_after_the_prefix(con, workdir):
    sheet = read_one(con, FIXTURES / "utf8_bom.csv", workdir)

    assert sheet.table == "raw_0"
    assert con.execute(
        "select temporary from duckdb_tables() where table_name = ?", [sheet.table]
    ).fetchone() == (True,)
    types = con.execute(f'select column_name, column_type from (describe "{sheet.table}")').fetchall()
    assert sorted(types) == [("_row", "BIGINT"), ("c0", "VARCHAR"), ("c1", "VARCHAR")]
