"""Text from files, folders, headers, mapping.toml and paths never becomes SQL in `dexstat` commands.

The export filters fed `'`, `' OR '1'='1`, a COPY statement and a 10 KB string are refused with a
validation message, nothing written and the warehouse unchanged: tests/integration/test_export_cli.py,
test_hostile_filter_values_are_refused_and_nothing_is_written (every filter option x every value).
Here the same strings travel through a real refresh, as names and values the exports carry, and as the
paths given to the commands. test_sql_hygiene.py checks the code itself.
"""

from pathlib import Path

import duckdb
import pytest
from source_folders import TODAY_OPTION, built_once, write_csv
from warehouse_state import dexstat, in_process, status_in_process

QUOTE = "'"
OR_TRUE = "' OR '1'='1"
COPY = "'; COPY (SELECT 1) TO 'pwned.csv'; --"
LONG = "x" * 10_240
HOSTILE = [QUOTE, OR_TRUE, COPY, LONG]


def nothing_pwned(folder: Path) -> bool:
    """No pwned.csv in `folder` (recursively) nor where a relative COPY would write it (the cwd)."""
    return not list(folder.rglob("pwned.csv")) and not (Path.cwd() / "pwned.csv").exists()


def write_hostile_source(source: Path) -> None:
    header = ["交易编号", "成交日期", "交易所", "成交金额", "数据产品", OR_TRUE, COPY, LONG]
    write_csv(
        source / "transactions" / f"{COPY}.csv",
        header,
        [
            [OR_TRUE, "2023-03-05", "SDE", "1", COPY, QUOTE, OR_TRUE, LONG],
            [QUOTE, "2023-03-05", "'; drop table transaction_rows; --", "1", OR_TRUE, "", "", ""],
            [LONG, "2023-03-06", "SDE", "2", LONG, COPY, COPY, COPY],
        ],
    )
    write_csv(
        source / "transactions" / COPY / "deals.csv",
        ["交易编号", "成交日期", "成交金额"],
        [["F-1", "2023-03-07", "3"]],
    )
    (source / "mapping.toml").write_text(
        "[exchanges]\n" + f'"transactions/{COPY}" = "SDE"\n', encoding="utf-8"
    )


def refresh_hostile_source(root: Path) -> None:
    write_hostile_source(root / "source")
    db = root / f"db{COPY}" / f"ware{OR_TRUE}.duckdb"
    result = dexstat("refresh", "--quiet", "--source", root / "source", "--db", db, *TODAY_OPTION)
    assert result.returncode == 0 and "Traceback" not in result.stdout + result.stderr, result.stderr


@pytest.fixture(scope="module")
def hostile_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Hostile text as a file name, a folder name, headers, values and mapping.toml keys."""
    return built_once(tmp_path_factory, "injection", refresh_hostile_source) / "source"


@pytest.fixture(scope="module")
def hostile_db(hostile_source: Path) -> Path:
    """The hostile source refreshed by the real command into a folder and file with hostile names."""
    return hostile_source.parent / f"db{COPY}" / f"ware{OR_TRUE}.duckdb"


def test_hostile_names_and_values_load_as_text_and_run_nothing(hostile_db: Path) -> None:
    db = hostile_db
    with duckdb.connect(str(db), read_only=True) as con:
        loaded = con.execute(
            "select txn_id, product from transactions order by source_row, txn_id"
        ).fetchall()
        rejected = con.execute("select reason_code, raw ->> '$.交易所' from rejects").fetchall()
        headers = con.execute(
            "select raw_value from unmapped_values where field = 'column' order by 1"
        ).fetchall()
        relations = con.execute("select count(*) from information_schema.tables").fetchone()
    assert sorted(loaded) == sorted([(OR_TRUE, COPY), (LONG, LONG), ("F-1", None)])
    assert rejected == [("unknown_exchange", "'; drop table transaction_rows; --")]
    assert headers == [(OR_TRUE,), (COPY,), (LONG,)]
    assert relations is not None and relations[0] >= 12
    assert nothing_pwned(db.parents[1])
    assert status_in_process(db).exit_code == 0


@pytest.mark.parametrize("name", [QUOTE, OR_TRUE, COPY], ids=["quote", "or", "copy"])
def test_hostile_output_paths_are_just_file_names(tmp_path: Path, hostile_source: Path, name: str) -> None:
    db = tmp_path / "warehouse.duckdb"
    assert (
        dexstat("refresh", "--quiet", "--source", hostile_source, "--db", db, *TODAY_OPTION).returncode == 0
    )
    out = tmp_path / "exports" / f"t{name}.csv"
    out.parent.mkdir()

    result = dexstat("export", "transactions", "--out", out, "--db", db)

    assert result.returncode == 0, result.stderr
    assert [path.name for path in out.parent.iterdir()] == [out.name]
    assert "Wrote 3 rows" in " ".join(result.stdout.split())
    assert nothing_pwned(tmp_path)


@pytest.mark.parametrize("value", HOSTILE, ids=["quote", "or", "copy", "10kb"])
def test_a_hostile_today_is_refused_by_the_command_line(
    tmp_path: Path, hostile_source: Path, value: str
) -> None:
    db = tmp_path / "warehouse.duckdb"
    result = in_process("refresh", "--quiet", "--source", hostile_source, "--db", db, "--today", value)
    assert result.exit_code == 2 and not db.exists()
