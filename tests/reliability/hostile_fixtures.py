"""Write the hostile and broken exports in tests/fixtures/hostile/ (run this file to regenerate them).

The committed files are the fixtures; this records how each was made. test_hostile_input.py states
what the refresh must do with each one.
"""

import codecs
import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
HEADER = ["交易编号", "成交日期", "省份", "成交金额"]


def csv_text(rows: Sequence[Sequence[object]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n", delimiter=delimiter).writerows(rows)
    return buffer.getvalue()


def deals(prefix: str, column: int, values: Sequence[str]) -> list[list[str]]:
    """One row per value, the value in `column` of an otherwise valid Shanghai deal."""
    rows = []
    for number, value in enumerate(values, start=1):
        row = [f"{prefix}-{number}", "2023-03-05", "上海", "1"]
        row[column] = value
        rows.append(row)
    return rows


def text_files() -> dict[str, str | bytes]:
    utf8_gb18030 = csv_text(
        [["交易编号", "成交日期", "成交金额", "数据产品"], ["X-1", "2024-01-05", "1", "成交"]]
    )
    utf8_gb18030.encode().decode("gb18030")  # the point of the file: these UTF-8 bytes are valid GB18030 too
    return {
        "empty.csv": b"",
        "header_only.csv": csv_text([HEADER]),
        "truncated_last_line.csv": csv_text([HEADER, *deals("T", 3, ["10", "20"])]) + "T-3,2023-0",
        "binary_junk.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x08\x06\x00\x1f\xf3\xffa",
        "bom_but_gbk.csv": codecs.BOM_UTF8 + csv_text([HEADER, *deals("B", 3, ["10"])]).encode("gbk"),
        "utf32.csv": csv_text([HEADER, *deals("U", 3, ["10"])]).encode("utf-32"),
        "utf16_excel_unicode.txt": csv_text(
            [
                ["交易编号", "成交日期", "省份", "成交金额", "数据产品"],
                ["U16-1", "2023-03-05", "上海", "10", "医保数据"],
                ["U16-2", "2023-03-06", "广东", "20", "港口数据"],
            ],
            delimiter="\t",
        ).encode("utf-16"),
        "gbk_wan.csv": csv_text(
            [
                ["交易编号", "成交日期", "省份", "成交金额（万元）", "数据产品"],
                ["GBK-1", "2023-03-05", "贵州省", "12.5", "企业征信查询"],
                ["GBK-2", "2023/3/6", "", "1,000", "货运轨迹"],
            ]
        ).encode("gbk"),
        "gb18030_rare.csv": csv_text(
            [
                ["交易编号", "成交日期", "成交金额", "数据产品"],
                ["R-1", "2023-03-05", "1", "𠀀字库"],
                ["R-2", "2023-03-06", "2", "䶮姓名录"],
            ]
        ).encode("gb18030"),
        "utf8_also_gb18030.csv": utf8_gb18030,
        "newlines_and_quotes.csv": csv_text(
            [
                ["交易编号", "成交日期", "成交金额", "数据产品"],
                ["N-1", "2023-03-05", "1", "多行\n产品"],
                ["N-2", "2023-03-06", "2", '他说"好", 然后走了'],
                ["N-3", "2023-03-07", "3", "a,b\r\nc"],
                ["N-4", "2023-03-08", "", "no amount"],
            ]
        ),
        "two_hundred_columns.csv": csv_text(
            [
                ["交易编号", "成交日期", "成交金额"] + [f"备注{i}" for i in range(1, 198)],
                ["C-1", "2023-03-05", "1"] + [str(i) for i in range(197)],
                ["C-2", "2023-03-06", "2"] + [""] * 197,
            ]
        ),
        "missing_amount_column.csv": csv_text(
            [["交易编号", "成交日期", "省份"], ["M-1", "2023-03-05", "上海"], ["M-2", "2023-03-06", "上海"]]
        ),
        "two_amount_columns.csv": csv_text(
            [["交易编号", "成交日期", "交易金额", "成交金额"], ["A2-1", "2023-03-05", "1", "2"]]
        ),
        "repeated_header_names.csv": csv_text(
            [
                ["交易编号", "成交日期", "成交金额", "备注", "备注"],
                ["RH-1", "2023-03-05", "1", "a", "b"],
                ["RH-2", "2023-03-06", "面议", "c", "d"],
            ]
        ),
        "mixed_date_formats.csv": csv_text(
            [
                HEADER,
                *deals(
                    "D",
                    1,
                    [
                        "2023-03-05",
                        "2023/3/6",
                        "2023.3.7",
                        "2023年3月8日",
                        "20230309",
                        "2023-03-10 14:22:00",
                        "03/05/2023",
                        "2023-02-30",
                    ],
                ),
            ]
        ),
        "excel_serial_dates.csv": csv_text([HEADER, *deals("S", 1, ["45000", "45000.75", "60", "100000"])]),
        "full_width_digits.csv": csv_text(
            [
                HEADER,
                ["Ｆ－１", "２０２３－０３－０５", "上海", "１２，３４５．６７"],
                ["Ｆ－２", "２０２３年３月６日", "上海", "￥８８００"],
            ]
        ),
        "thousand_separators.csv": csv_text(
            [HEADER, *deals("K", 3, ["1,234,567.89", "¥1,000", "12万元", "1,5", "1 234"])]
        ),
        "extreme_amounts.csv": csv_text(
            [
                HEADER,
                *deals(
                    "E",
                    3,
                    [
                        "-5",
                        "0",
                        "2000000000000",
                        "1.2E+07",
                        "面议",
                        "9" * 40,
                        "1e400",
                        "NaN",
                        "0.30000000000000004",
                    ],
                ),
            ]
        ),
        "future_dates.csv": csv_text([HEADER, *deals("FD", 1, ["2026-01-15", "2026-01-16", "2099-12-31"])]),
        "provinces_shanxi_shaanxi.csv": csv_text(
            [
                HEADER,
                *deals(
                    "P",
                    2,
                    [
                        "Shanxi",
                        "Shaanxi",
                        "山西",
                        "陕西省",
                        "SHAAN XI",
                        "Shansi",
                        "Shensi",
                        "CN-SN",
                        "晋",
                        "火星",
                        "",
                    ],
                ),
            ]
        ),
        "duplicate_ids.csv": csv_text(
            [
                HEADER,
                ["DUP-1", "2023-03-05", "上海", "1"],
                ["DUP-2", "2023-03-05", "上海", "2"],
                ["DUP-1", "2023-03-06", "上海", "3"],
            ]
        ),
        "across_older.csv": csv_text(
            [HEADER, ["AX-1", "2023-03-05", "上海", "1"], ["AX-2", "2023-03-05", "上海", "2"]]
        ),
        "across_newer.csv": csv_text(
            [HEADER, ["AX-1", "2023-04-05", "上海", "10"], ["AX-3", "2023-04-05", "上海", "30"]]
        ),
        "not_an_array.json": json.dumps(
            {"data": [{"交易编号": "J-1", "成交日期": "2023-03-05", "成交金额": 1}], "total": 1},
            ensure_ascii=False,
        ),
        "array_of_numbers.json": "[1, 2, 3]",
        "records.json": json.dumps(
            [
                {"交易编号": "J-1", "成交日期": "2023-03-05", "成交金额": 12.5, "省份": "北京"},
                {"交易编号": "J-2", "成交日期": "2023-03-06", "成交金额": None},
            ],
            ensure_ascii=False,
        ),
        "bad_line.jsonl": '{"交易编号": "L-1", "成交日期": "2023-03-05", "成交金额": 1}\n'
        '{"交易编号": "L-2", 成交金额: 5}\n',
        "corrupt.parquet": b"PAR1" + b"\x15\x00\x15\x1c\x2c" * 20 + b"PAR1",
        "unclosed_quote.csv": csv_text([HEADER]) + 'Q-1,2023-03-05,上海,"12\r\nQ-2,2023-03-06,上海,5\r\n',
        "row_wider_than_header.csv": csv_text(
            [HEADER, ["W-1", "2023-03-05", "上海", "1"], ["W-2", "2023-03-06", "上海", "2", "extra"]]
        ),
        "old_excel.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
        "unknown_exchange.csv": csv_text(
            [
                ["交易编号", "成交日期", "交易所", "成交金额"],
                ["UX-1", "2023-03-05", "火星数据交易所", "1"],
                ["UX-2", "2023-03-05", "上数所", "2"],
                ["UX-3", "2023-03-05", "", "3"],
            ]
        ),
        "units_wan.csv": csv_text(
            [["交易编号", "成交日期", "成交金额（万元）"], ["WAN-1", "2023-03-05", "2"]]
        ),
        "listings_duplicate_ids.csv": csv_text(
            [
                ["挂牌编号", "产品名称", "上架日期"],
                ["LD-1", "医保结算数据", "2023-12-01"],
                ["LD-1", "医保结算数据 v2", "2023-12-02"],
                ["", "无编号", "2023-12-03"],
            ]
        ),
        "~$lock_file.xlsx": b"\x00lock",
        ".hidden.csv": csv_text([HEADER, ["H-1", "2023-03-05", "上海", "1"]]),
    }


def workbook(path: Path, rows: Sequence[Sequence[object]]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "成交"
    for row in rows:
        sheet.append(list(row))
    book.save(path)


def write_all(folder: Path = FOLDER) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in text_files().items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    # openpyxl saves formulas without a cached value, as a program that never recalculated would.
    workbook(
        folder / "formulas_without_cached_values.xlsx",
        [
            ["交易编号", "成交日期", "成交金额"],
            ["XF-1", datetime(2023, 3, 5), 100],
            ["XF-2", datetime(2023, 3, 6), "=C2*2"],
            ["XF-3", "=DATE(2023,3,7)", 300],
            ["XF-4", 45000, 400],
        ],
    )
    workbook(
        folder / "units_yi.xlsx", [["交易编号", "成交日期", "成交金额（亿元）"], ["YI-1", "2023-03-05", 0.5]]
    )


if __name__ == "__main__":
    write_all()
