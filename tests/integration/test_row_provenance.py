"""Where each loaded row came from (file, workbook sheet, row), in the views and the full exports."""

from folders import query
from openpyxl import Workbook

from dashboard import export_queries
from dashboard.filters import Filters
from etl.warehouse import connect_read_only


def test_a_workbooks_rows_are_told_apart_by_sheet_and_row(tmp_path, db, run_refresh):
    # Row 2 of each sheet: loaded on the first, refused on the second, repeated on the third.
    book = Workbook()
    header = ["Transaction ID", "Trade date", "Amount"]
    for title, rows in (
        ("一月", [["A", "2023-01-01", 5], ["B", "2023-01-02", 6]]),
        ("二月", [["C", "2023-02-01", "面议"], ["D", "2023-02-02", 8]]),
        ("三月", [["A", "2023-03-01", 9]]),
    ):
        sheet = book.create_sheet(title)
        for row in (header, *rows):
            sheet.append(row)
    book.remove(book.worksheets[0])
    (tmp_path / "src" / "transactions" / "SDE").mkdir(parents=True)
    book.save(tmp_path / "src" / "transactions" / "SDE" / "months.xlsx")
    report = run_refresh(tmp_path / "src", db)
    assert [(f.rows_read, f.rows_loaded, f.rows_rejected) for f in report.files] == [(5, 3, 2)]
    assert query(db, "select source_sheet, source_row, txn_id from transactions order by 3") == [
        ("一月", 2, "A"),
        ("一月", 3, "B"),
        ("二月", 3, "D"),
    ]
    with connect_read_only(db) as con:  # the full export tells a reader where each row came from
        exported = export_queries.export_reader(con, "transactions", Filters()).read_all()
    assert list(
        zip(*(exported[c].to_pylist() for c in ("source_sheet", "source_row", "txn_id")), strict=True)
    ) == [
        ("一月", 2, "A"),
        ("一月", 3, "B"),
        ("二月", 3, "D"),
    ]
    assert query(db, "select sheet, row_number, reason_code from rejects order by 1, 2") == [
        ("三月", 2, "duplicate_txn_id"),
        ("二月", 2, "invalid_amount"),
    ]


def test_a_listings_sheet_is_named_in_the_view_and_the_export(tmp_path, db, run_refresh):
    book = Workbook()
    sheet = book.active
    sheet.title = "产品目录"
    for row in (["挂牌编号", "产品名称", "上架日期"], ["L-1", "医保结算数据", "2023-12-01"]):
        sheet.append(row)
    (tmp_path / "src" / "listings" / "SDE").mkdir(parents=True)
    book.save(tmp_path / "src" / "listings" / "SDE" / "products.xlsx")
    run_refresh(tmp_path / "src", db)
    assert query(db, "select source_sheet, source_row, listing_id from listings") == [("产品目录", 2, "L-1")]
    with connect_read_only(db) as con:
        exported = export_queries.export_reader(con, "listings", Filters()).read_all()
    assert exported["source_sheet"].to_pylist() == ["产品目录"]
