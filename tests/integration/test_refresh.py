"""The refresh on small folders in the real formats: what loads, in which unit, with which codes."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from folders import query, write_csv

from etl.errors import RefreshRefused


def test_gbk_export_with_chinese_headers_and_wan_yuan_loads_in_yuan(source, db, run_refresh):
    run_refresh(source, db)
    rows = query(
        db, "select txn_id, exchange_id, value_cny from transactions where exchange_id = 'GBDEX' order by 1"
    )
    assert rows == [
        ("G-001", "GBDEX", Decimal("125000.00")),
        ("G-002", "GBDEX", Decimal("10000000.00")),
        ("G-003", "GBDEX", Decimal("3000.00")),
    ]


def test_dates_in_every_format_are_read(source, db, run_refresh):
    run_refresh(source, db)
    dates = query(db, "select txn_id, strftime(txn_date, '%Y-%m-%d') from transactions order by 1")
    assert dict(dates) == {
        "G-001": "2023-03-05",
        "G-002": "2023-03-06",
        "G-003": "2023-03-07",
        "S-1": "2024-01-05",
        "S-2": "2024-01-06",
    }


def test_codes_are_normalised_from_names_aliases_and_short_names(source, db, run_refresh):
    run_refresh(source, db)
    rows = query(
        db,
        "select txn_id, exchange_id, province_code, category_id, supplier_type, source "
        "from transactions order by txn_id",
    )
    assert rows == [
        ("G-001", "GBDEX", "52", "finance", "government_agency", "government"),
        ("G-002", "GBDEX", "52", "transport", "state_owned_enterprise", "government"),
        ("G-003", "GBDEX", "44", "meteorology", "private_enterprise", "private"),
        ("S-1", "SDE", "31", "healthcare", "individual", "private"),
        ("S-2", "SZDEX", "44", "finance", "foreign_enterprise", "private"),
    ]


def test_full_width_digits_and_currency_signs_are_parsed(source, db, run_refresh):
    run_refresh(source, db)
    assert query(
        db, "select txn_id, value_cny from transactions where exchange_id <> 'GBDEX' order by 1"
    ) == [
        ("S-1", Decimal("2500.00")),
        ("S-2", Decimal("8800.00")),
    ]


def test_listings_take_exchange_from_folder_and_keep_missing_dates_missing(source, db, run_refresh):
    run_refresh(source, db)
    rows = query(
        db, "select listing_id, exchange_id, province_code, category_id, listed_on from listings order by 1"
    )
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("L-1", "SDE", "31", "healthcare"),
        ("L-2", "SDE", "31", "transport"),
    ]
    assert rows[1][4] is None


BAD_ROWS = [
    (["", "2023-01-02", "贵州", "金融", "政府部门", "1"], "missing_txn_id", "transaction id is missing"),
    (["B-2", "", "贵州", "金融", "政府部门", "1"], "missing_date", "date is missing"),
    (["B-3", "2023-02-30", "贵州", "金融", "政府部门", "1"], "invalid_date", "2023-02-30"),
    (["B-4", "2023-01-02", "贵州", "金融", "政府部门", ""], "missing_amount", "amount is missing"),
    (["B-5", "2023-01-02", "贵州", "金融", "政府部门", "面议"], "invalid_amount", "面议"),
    (["B-6", "2023-01-02", "贵州", "金融", "政府部门", "-3"], "negative_amount", "negative"),
    (["B-7", "2099-01-02", "贵州", "金融", "政府部门", "1"], "future_date", "2099-01-02"),
    (["B-8", "2023-01-02", "火星", "金融", "政府部门", "1"], "unknown_province", "火星"),
    (["B-9", "2023-01-02", "贵州", "金融", "政府部门", "99999999999"], "implausible_amount", "plausibly"),
]


@pytest.mark.parametrize(("row", "code", "quoted"), BAD_ROWS, ids=[code for _, code, _ in BAD_ROWS])
def test_each_reject_rule_stores_the_row_with_a_readable_reason(tmp_path, db, run_refresh, row, code, quoted):
    header = ["交易编号", "成交日期", "省份", "数据类别", "供方类型", "成交金额（万元）"]
    good = ["OK-1", "2023-01-01", "贵州", "金融", "政府部门", "1"]
    write_csv(tmp_path / "src" / "transactions" / "GBDEX" / "bad.csv", header, [good, row], encoding="gbk")
    report = run_refresh(tmp_path / "src", db)
    rejects = query(db, "select file, row_number, reason_code, reason, raw from rejects")
    assert [(r[0], r[1], r[2]) for r in rejects] == [("transactions/GBDEX/bad.csv", 3, code)]
    assert quoted in rejects[0][3]
    assert json.loads(rejects[0][4])["交易编号"] == (row[0] or None)
    assert query(db, "select txn_id from transactions") == [("OK-1",)]
    assert (report.files[0].rows_read, report.files[0].rows_loaded, report.files[0].rows_rejected) == (
        2,
        1,
        1,
    )


def test_unknown_exchange_in_the_exchange_column_is_rejected(tmp_path, db, run_refresh):
    write_csv(
        tmp_path / "src" / "transactions" / "x.csv",
        ["Transaction ID", "Trade date", "Exchange", "Amount"],
        [["A", "2023-01-01", "火星数据交易所", "5"], ["B", "2023-01-01", "深数所", "5"]],
    )
    run_refresh(tmp_path / "src", db)
    assert query(db, "select reason_code from rejects") == [("unknown_exchange",)]
    assert query(db, "select exchange_id from transactions") == [("SZDEX",)]


def test_repeated_id_in_one_file_keeps_the_first_and_rejects_the_rest(tmp_path, db, run_refresh):
    write_csv(
        tmp_path / "src" / "transactions" / "SDE" / "dup.csv",
        ["Transaction ID", "Trade date", "Amount"],
        [["A", "2023-01-01", "5"], ["A", "2023-01-02", "7"], ["B", "2023-01-01", "1"]],
    )
    run_refresh(tmp_path / "src", db)
    assert query(db, "select txn_id, value_cny from transactions order by 1") == [
        ("A", Decimal("5.00")),
        ("B", Decimal("1.00")),
    ]
    rejects = query(db, "select row_number, reason_code, reason from rejects")
    assert rejects[0][:2] == (3, "duplicate_txn_id")
    assert "row 2" in rejects[0][2]


def test_file_missing_a_required_column_is_rejected_whole_naming_it_and_the_headers(
    tmp_path, db, run_refresh
):
    write_csv(
        tmp_path / "src" / "transactions" / "SDE" / "no_amount.csv",
        ["交易编号", "成交日期", "备注"],
        [["A", "2023-01-01", "x"], ["B", "2023-01-02", "y"]],
    )
    report = run_refresh(tmp_path / "src", db)
    (file,) = report.files
    assert file.status == "rejected"
    assert "amount" in (file.message or "")
    assert "交易编号, 成交日期, 备注" in (file.message or "")
    assert (file.rows_read, file.rows_loaded, file.rows_rejected) == (2, 0, 2)
    assert query(db, "select count(*) from rejects where reason_code = 'file_rejected'") == [(2,)]


def test_file_without_exchange_column_or_folder_is_rejected_with_advice(tmp_path, db, run_refresh):
    write_csv(
        tmp_path / "src" / "transactions" / "loose.csv",
        ["Transaction ID", "Trade date", "Amount"],
        [["A", "2023-01-01", "5"]],
    )
    report = run_refresh(tmp_path / "src", db)
    assert report.files[0].status == "rejected"
    assert "sub-folder" in (report.files[0].message or "")


def test_mapping_file_maps_an_unusual_header_and_a_files_exchange(tmp_path, db, run_refresh):
    root = tmp_path / "src"
    write_csv(
        root / "transactions" / "guiyang.csv",
        ["合同号", "成交日期", "成交金额（亿元）"],
        [["H-1", "2023-05-01", "0.02"]],
    )
    (root / "mapping.toml").write_text(
        '[columns]\n"合同号" = "txn_id"\n\n[exchanges]\n"transactions/guiyang.csv" = "贵阳大数据交易所"\n',
        encoding="utf-8",
    )
    run_refresh(root, db)
    assert query(db, "select exchange_id, txn_id, value_cny from transactions") == [
        ("GBDEX", "H-1", Decimal("2000000.00"))
    ]


def test_unit_column_gives_each_rows_unit(tmp_path, db, run_refresh):
    write_csv(
        tmp_path / "src" / "transactions" / "SZDEX" / "u.csv",
        ["订单编号", "交易日期", "交易金额", "单位"],
        [["A", "2023-01-01", "3", "万元"], ["B", "2023-01-01", "3", "元"], ["C", "2023-01-01", "3", "美元"]],
    )
    run_refresh(tmp_path / "src", db)
    assert query(db, "select txn_id, value_cny from transactions order by 1") == [
        ("A", Decimal("30000.00")),
        ("B", Decimal("3.00")),
    ]
    assert query(db, "select reason_code from rejects") == [("unknown_unit",)]


def test_unrecognised_categories_and_supplier_types_are_kept_and_reported(tmp_path, db, run_refresh):
    write_csv(
        tmp_path / "src" / "transactions" / "SDE" / "u.csv",
        ["Transaction ID", "Trade date", "Amount", "Category", "Supplier type"],
        [["A", "2023-01-01", "3", "其他", "合作社"], ["B", "2023-01-01", "3", "其他", ""]],
    )
    report = run_refresh(tmp_path / "src", db)
    assert query(db, "select category_id, supplier_type, source from transactions order by txn_id") == [
        ("unclassified", "unknown", "unknown"),
        ("unclassified", "unknown", "unknown"),
    ]
    assert report.unclassified == [("其他", 2)]
    assert sorted(report.unknown_suppliers, key=str) == sorted([("合作社", 1), (None, 1)], key=str)


def test_extra_columns_are_mentioned_never_an_error(tmp_path, db, run_refresh):
    write_csv(
        tmp_path / "src" / "transactions" / "SDE" / "e.csv",
        ["Transaction ID", "Trade date", "Amount", "Buyer notes"],
        [["A", "2023-01-01", "3", "hi"]],
    )
    report = run_refresh(tmp_path / "src", db)
    assert report.files[0].status == "loaded"
    assert "Buyer notes" in (report.files[0].message or "")


def test_reference_statistics_are_loaded_with_sources(source, db, run_refresh):
    run_refresh(source, db)
    counts = dict(query(db, "select indicator, count(*) from statistics group by 1"))
    assert counts["gdp"] >= 31 * 19
    assert counts["digital_economy"] == 8
    share_2023 = query(
        db,
        "select value, source from statistics where indicator = "
        "'digital_economy_share_of_gdp' and year = 2023",
    )
    assert share_2023[0][0] == pytest.approx(42.8)
    assert "CAICT" in share_2023[0][1]
    assert query(db, "select count(*) from statistics where source is null or source = ''") == [(0,)]


def test_strict_refresh_publishes_nothing_when_a_row_is_rejected(tmp_path, source, db, run_refresh):
    run_refresh(source, db)
    before = db.read_bytes()
    write_csv(
        source / "transactions" / "SDE" / "bad.csv",
        ["Transaction ID", "Trade date", "Amount"],
        [["Z", "2023-01-01", "面议"]],
    )
    with pytest.raises(RefreshRefused, match="strict"):
        run_refresh(source, db, strict=True)
    assert db.read_bytes() == before


def test_missing_source_folder_is_a_clear_error(tmp_path: Path, db, run_refresh):
    with pytest.raises(RefreshRefused, match="does not exist"):
        run_refresh(tmp_path / "nowhere", db)
    assert not db.exists()


def test_progress_names_each_step_of_each_file(source, db, run_refresh):
    said: list[tuple[str, int, int]] = []
    run_refresh(source, db, progress=lambda message, done, total: said.append((message, done, total)))

    gbk = "transactions/GBDEX/2023.csv"
    steps = [message.removesuffix(f" {gbk}") for message, _, _ in said if message.endswith(gbk)]
    assert steps == ["reading", "normalising", "loading"]
    done, total = next((done, total) for message, done, total in said if message == f"reading {gbk}")
    assert 0 <= done < total
    assert said[-1][0] == "publishing"
