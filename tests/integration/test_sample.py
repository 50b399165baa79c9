"""The synthetic sample: deterministic bytes, every input format, a plausible shape, bad rows as counted.

The files are read back with pandas against the input contract (header synonyms, units), not with the
refresh, so these tests check what the sample promises whatever the loader does with it.
"""

import hashlib
import io
import json
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from etl.paths import REFERENCE_DIR, SAMPLE_MARKER
from etl.sample import SampleSummary, write_sample
from etl.sources.reference import read_rows

ROWS = 3000
SEED = 20240601
FIELDS = {
    "txn_id": ("交易编号", "订单编号", "Transaction ID"),
    "txn_date": ("成交日期", "交易日期", "Trade date"),
    "exchange": ("交易所", "交易平台", "Exchange"),
    "province": ("省份", "所属省份", "地区", "Province"),
    "category": ("数据类别", "行业", "Category"),
    "supplier_type": ("供方类型", "数据来源", "Supplier type"),
    "unit": ("单位",),
    "listing_id": ("产品编号", "挂牌编号", "Listing ID"),
    "listed_on": ("上架日期", "挂牌日期", "Listed on"),
}
AMOUNT_HEADERS = ("成交金额", "交易金额", "Amount")
UNITS = {"元": 1, "CNY": 1, "万元": 10_000, "亿元": 100_000_000}
DATE = r"^(\d{4})[-/年]?(\d{1,2})[-/月]?(\d{1,2})日?$"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SampleSummary]:
    out = tmp_path_factory.mktemp("sample")
    return out, write_sample(out, rows=ROWS, seed=SEED)


@pytest.fixture(scope="module")
def transactions(sample: tuple[Path, SampleSummary]) -> pd.DataFrame:
    return pd.concat([canonical(sheet, path) for path, sheet in sheets(sample[0] / "transactions")])


@pytest.fixture(scope="module")
def listings(sample: tuple[Path, SampleSummary]) -> pd.DataFrame:
    return pd.concat([canonical(sheet, path) for path, sheet in sheets(sample[0] / "listings")])


def sheets(folder: Path) -> list[tuple[Path, pd.DataFrame]]:
    """Every table under `folder`, one entry per sheet, values as text or as the format typed them."""
    found: list[tuple[Path, pd.DataFrame]] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        if path.suffix == ".csv":
            text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else decode(raw)
            found.append((path, pd.read_csv(io.StringIO(text), dtype=object, keep_default_na=False)))
        elif path.suffix == ".xlsx":
            found += [
                (path, sheet)
                for sheet in pd.read_excel(path, sheet_name=None, dtype=object, engine="openpyxl").values()
            ]
        elif path.suffix == ".json":
            found.append((path, pd.DataFrame(json.loads(raw), dtype=object)))
        elif path.suffix == ".jsonl":
            found.append((path, pd.DataFrame([json.loads(line) for line in raw.splitlines()], dtype=object)))
        else:
            found.append((path, pd.read_parquet(path).astype(object)))
    return found


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gbk")


def exchange_names() -> dict[str, str]:
    names = {}
    for row in read_rows(REFERENCE_DIR / "exchanges.csv"):
        for name in [row["exchange_id"], row["name_zh"], *row["aliases"].split("|")]:
            names[name] = row["exchange_id"]
    return names


def canonical(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """The sheet with canonical column names, yuan amounts, days and the file and exchange it came from."""
    renamed = {h: f for h in frame.columns for f, names in FIELDS.items() if h in names}
    amount = next((h for h in frame.columns if str(h).startswith(AMOUNT_HEADERS)), None)
    out = frame.rename(columns=renamed).copy()
    out = out.mask(out.isna() | (out == ""), None)
    out["file"] = path.as_posix()
    folder_exchange = path.parent.name
    out["exchange_id"] = (
        out["exchange"].map(exchange_names()) if "exchange" in out else pd.Series(folder_exchange, out.index)
    )
    date_field = "txn_date" if "txn_date" in out else "listed_on"
    out["day"] = days(out[date_field])
    if amount is not None:
        header_unit = next((m for u, m in UNITS.items() if f"{u}）" in amount or f"{u})" in amount), 1)
        unit = out["unit"].map(UNITS) if "unit" in out else header_unit
        out["amount_raw"] = frame[amount].astype(str).to_numpy()
        number = nfkc(out["amount_raw"]).str.replace("[¥,]", "", regex=True)
        out["value_cny"] = pd.to_numeric(number, errors="coerce") * unit
    return out


def days(values: pd.Series) -> pd.Series:
    typed = values.map(lambda v: pd.Timestamp(v) if hasattr(v, "year") else None)
    parts = nfkc(values.astype(str)).str.extract(DATE)
    iso = parts[0] + "-" + parts[1].str.zfill(2) + "-" + parts[2].str.zfill(2)
    return typed.fillna(pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce")).astype("datetime64[s]")


def nfkc(values: pd.Series) -> pd.Series:
    """Full-width digits as ASCII, the way the loader reads them."""
    return values.map(lambda v: unicodedata.normalize("NFKC", v))


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_same_rows_and_seed_write_byte_identical_files(tmp_path):
    first = write_sample(tmp_path / "a", rows=ROWS, seed=SEED)
    second = write_sample(tmp_path / "b", rows=ROWS, seed=SEED)
    assert first == second
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    write_sample(tmp_path / "c", rows=ROWS, seed=SEED + 1)
    assert digests(tmp_path / "c") != digests(tmp_path / "a")


def test_summary_lists_exactly_the_files_on_disk(sample):
    out, summary = sample
    assert summary.files == tuple(sorted(digests(out)))
    assert summary.transactions == ROWS
    assert summary.listings == sum(len(frame) for _, frame in sheets(out / "listings"))


@pytest.mark.parametrize("rows", [100, 2000])
def test_every_format_and_every_bad_row_kind_even_in_a_small_sample(tmp_path, rows):
    summary = write_sample(tmp_path, rows=rows, seed=SEED)
    suffixes = {Path(f).suffix for f in summary.files if f.startswith("transactions/")}
    assert suffixes == {".csv", ".xlsx", ".json", ".jsonl", ".parquet"}
    assert len(summary.bad_rows) == 6 and min(summary.bad_rows.values()) >= 1


def test_csv_exports_come_in_gbk_with_wan_yuan_utf8_english_and_utf8_with_bom(sample):
    out, _ = sample
    raws = {p: p.read_bytes() for p in (out / "transactions").rglob("*.csv")}
    gbk = [raw for raw in raws.values() if not _is_utf8(raw)]
    assert gbk and all("（万元）" in raw.decode("gbk").splitlines()[0] for raw in gbk)
    assert any(raw.startswith(b"\xef\xbb\xbf") for raw in raws.values())
    assert any(raw.startswith(b"Transaction ID,") for raw in raws.values())


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def test_the_workbook_has_two_sheets_one_with_real_date_cells(sample):
    out, _ = sample
    (path,) = (out / "transactions").rglob("*.xlsx")
    workbook = openpyxl.load_workbook(path)
    assert len(workbook.sheetnames) == 2
    first = workbook.worksheets[0]
    assert all(row[0].is_date for row in first.iter_rows(min_row=2, min_col=2, max_col=2))


def test_values_are_written_in_the_variety_exports_use(transactions):
    raw_dates = transactions["txn_date"].astype(str)
    for pattern in (
        r"\d{4}-\d{2}-\d{2}$",
        r"\d{4}/\d{1,2}/\d{1,2}$",
        r"\d{4}年\d{1,2}月\d{1,2}日$",
        r"\d{8}$",
    ):
        assert raw_dates.str.match(pattern).any(), pattern
    amounts = transactions["amount_raw"]
    assert amounts.str.match(r"^-?¥\d{1,3}(,\d{3})+\.\d\d$").any()
    assert amounts.str.contains("[０-９]").any()
    assert transactions.loc[transactions["exchange"].notna(), "exchange"].eq("上数所").any()
    provinces = set(transactions["province"].dropna())
    assert {"广东省", "广东", "Guangdong", "CN-GD"} & provinces and transactions["province"].isna().any()


def known_names(table: str) -> set[str]:
    rows = read_rows(REFERENCE_DIR / f"{table}.csv")
    return {n.casefold() for r in rows for n in [r["name_zh"], r["name_en"], *r["aliases"].split("|")] if n}


def test_some_categories_and_supplier_types_match_nothing(transactions):
    categories = transactions["category"].dropna().str.casefold()
    assert not categories.isin(known_names("categories")).all()
    suppliers = transactions["supplier_type"]
    assert suppliers.isna().any()
    assert not suppliers.dropna().str.casefold().isin(known_names("supplier_types")).all()


def test_marker_file_says_the_folder_is_synthetic(sample):
    out, _ = sample
    text = (out / SAMPLE_MARKER).read_text(encoding="utf-8")
    assert "SYNTHETIC" in text and "合成" in text and "虚构" in text
    assert f"dexstat sample --rows {ROWS} --seed {SEED}" in text


def test_no_trade_before_its_exchange_opened_or_outside_2019_to_2025(transactions, sample):
    opened = {}
    for row in read_rows(REFERENCE_DIR / "exchanges.csv"):
        founded = row["founded_on"]  # the lenient reading: 'YYYY' is 1 January, 'YYYY-MM' the 1st
        if founded:
            opened[row["exchange_id"]] = pd.Timestamp(founded + "-01-01"[len(founded) - 4 :])
    assert set(transactions["exchange_id"]) <= set(opened)
    future = transactions["day"].dt.year == 2099
    assert future.sum() == sample[1].bad_rows["future_date"]
    dated = transactions[~future]
    assert dated["day"].notna().all()
    assert dated["day"].between("2019-01-01", "2025-12-31").all()
    assert (dated["day"] >= dated["exchange_id"].map(opened)).all()


def test_government_side_suppliers_bring_most_of_the_value(transactions):
    source = {}
    for row in read_rows(REFERENCE_DIR / "supplier_types.csv"):
        for name in [row["name_zh"], row["name_en"], *row["aliases"].split("|")]:
            source[name.casefold()] = row["source"]
    valid = transactions[transactions["value_cny"] > 0]
    sources = valid["supplier_type"].fillna("").str.casefold().map(source)
    assert valid.loc[sources == "government", "value_cny"].sum() > 0.6 * valid["value_cny"].sum()
    assert 50_000 < valid["value_cny"].median() < 500_000


def test_volume_grows_over_the_years(transactions):
    per_year = transactions["day"].dt.year.value_counts()
    assert per_year[2025] > per_year[2020]


def test_deals_buy_listings_of_their_exchange_listed_before_them(transactions, listings):
    listed = listings.set_index(["exchange_id", "listing_id"])["day"]
    bought = transactions.set_index(["exchange_id", "listing_id"]).index
    assert bought.isin(listed.index).all()
    assert (listed.reindex(bought).to_numpy() <= transactions["day"].to_numpy()).all()


def test_planted_bad_rows_are_in_the_files_as_counted(transactions, sample):
    found = {
        "invalid_amount": (transactions["amount_raw"] == "面议").sum(),
        "missing_txn_id": transactions["txn_id"].isna().sum(),
        "negative_amount": (transactions["value_cny"] < 0).sum(),
        "future_date": (transactions["day"].dt.year == 2099).sum(),
        "unknown_province": (transactions["province"] == "火星").sum(),
        "duplicate_txn_id": transactions.dropna(subset="txn_id").duplicated(["file", "txn_id"]).sum(),
    }
    assert found == dict(sample[1].bad_rows)
    assert min(found.values()) >= 1
    bad = (
        transactions["txn_id"].isna() | (transactions["value_cny"] < 0) | (transactions["province"] == "火星")
    )
    assert transactions.loc[bad, "file"].nunique() >= 2
    assert 0.001 <= sum(found.values()) / ROWS <= 0.005


def test_rewriting_replaces_transactions_and_listings_and_nothing_else(tmp_path):
    write_sample(tmp_path, rows=ROWS, seed=SEED)
    kept = [tmp_path / "notes.md", tmp_path / "statistics" / "gdp.csv"]
    stale = [tmp_path / "transactions" / "OLD" / "2018.csv", tmp_path / "listings" / "old.csv"]
    for path in kept + stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    summary = write_sample(tmp_path, rows=1000, seed=SEED)
    assert all(path.read_text(encoding="utf-8") == "x" for path in kept)
    assert not any(path.exists() for path in stale)
    on_disk = {f for f in digests(tmp_path) if f.startswith(("transactions/", "listings/"))}
    assert on_disk == {f for f in summary.files if f.startswith(("transactions/", "listings/"))}


def test_a_sample_too_small_to_hold_every_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="at least"):
        write_sample(tmp_path, rows=10)
    assert not (tmp_path / "transactions").exists()
