"""The fixture warehouse with names that try to become HTML or Markdown wherever the dashboard shows them.

Names reach the warehouse through the reference tables (exchanges, categories, provinces), the exports
(listing titles, unmapped raw values, rejected rows) and the statistics (sources): each gets one.
"""

from pathlib import Path

import duckdb
from dashboard_fixtures import build_fixture_warehouse

IMG = "<img src=x onerror=alert(1)>"
LINK = "[x](javascript:alert(1))"
HOSTILE = (IMG, LINK)

# table, column, key column, key, value
NAMES = [
    ("exchanges", "name_en", "exchange_id", "SDE", IMG),
    ("exchanges", "name_zh", "exchange_id", "SDE", IMG),
    ("exchanges", "name_en", "exchange_id", "SZDEX", LINK),
    ("exchanges", "name_zh", "exchange_id", "SZDEX", LINK),
    ("categories", "name_en", "category_id", "finance", LINK),
    ("categories", "name_zh", "category_id", "finance", LINK),
    ("categories", "name_en", "category_id", "transport", IMG),
    ("categories", "name_zh", "category_id", "transport", IMG),
    ("provinces", "name_en", "province_code", "44", IMG),
    ("provinces", "name_zh", "province_code", "44", IMG),
    ("provinces", "name_en", "province_code", "31", LINK),
    ("provinces", "name_zh", "province_code", "31", LINK),
    ("listing_rows", "title", "listing_id", "L1", IMG),
    ("listing_rows", "title", "listing_id", "L3", LINK),
    ("statistic_rows", "source", "source", "NBS", IMG),
    ("statistic_rows", "source", "source", "CAICT 2024", LINK),
    ("unmapped_values", "raw_value", "raw_value", "神秘数据", IMG),
    ("unmapped_values", "raw_value", "raw_value", "合作社", LINK),
]


def build_hostile_warehouse(path: Path) -> Path:
    """The hand-made fixture warehouse, its names replaced by hostile ones (ids and numbers unchanged)."""
    build_fixture_warehouse(path, is_sample=False)
    con = duckdb.connect(str(path))
    try:
        for table, column, key_column, key, value in NAMES:
            con.execute(
                f'update "{table}" set "{column}" = $value where "{key_column}" = $key',
                {"value": value, "key": key},
            )
        con.execute("update published_figures set source = $value", {"value": LINK})
        con.execute("update rejects set raw = $value", {"value": f'{{"交易所": "{IMG}"}}'})
    finally:
        con.close()
    return path
