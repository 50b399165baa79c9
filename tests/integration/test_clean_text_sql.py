"""The staging SQL's clean_text gives exactly what Python's clean_text gives, on its fast paths too."""

import duckdb
import pytest
from duckdb.func import ARROW

from etl.normalise.text import clean_text, clean_texts
from etl.sql import sql

VALUES = [
    "TX-001",
    "x",  # one character: the clean-already test must not need two
    " ",
    "a b",
    " a b",
    "a b ",
    "广 东",
    "~!",
    "  TX-002 ",
    "\tTX-003\r\n",
    "\x1fTX-004\x1c",  # ASCII separators count as whitespace for Python's strip
    "a\x00b",  # a control character inside stays
    "",
    "   ",
    "广东省",
    " 广东 金融 ",
    "广东\u3000省",  # ideographic space inside: NFKC makes it a space
    "\u3000广东省\u3000",
    "ＴＸ－００５",  # full-width
    "１２３．５",
    "Ⅻ",  # Roman numeral: NFKC spells it XII
    "ﬁnance",  # ligature
    "é",  # decomposed e + combining accent: composed by NFKC
    "北京\u00a0",  # no-break space: Python strips it
    "金融（万元）",
    "\u2003x\u2003",  # em spaces
]


@pytest.fixture
def con():
    connection = duckdb.connect()
    connection.create_function("nfkc_clean", clean_texts, ["VARCHAR"], "VARCHAR", type=ARROW)
    connection.execute(sql("staging/macros"))
    yield connection
    connection.close()


@pytest.mark.parametrize("value", VALUES, ids=[repr(v) for v in VALUES])
def test_sql_clean_text_matches_python(con, value):
    got = con.execute("select clean_text($v)", {"v": value}).fetchone()
    assert got == (clean_text(value),)
