"""`dexstat export` refuses what it cannot do plainly: hostile values, wrong filters, no half files."""

from pathlib import Path

import pytest
from export_warehouse import FILTER_OPTIONS, HOSTILE, build_warehouse, digest, run

from dashboard import export_queries


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return build_warehouse(tmp_path / "warehouse.duckdb")


@pytest.mark.parametrize("option", FILTER_OPTIONS)
@pytest.mark.parametrize("value", HOSTILE, ids=["quote", "or", "copy", "10kb"])
def test_hostile_filter_values_are_refused_and_nothing_is_written(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str, value: str
) -> None:
    monkeypatch.chdir(tmp_path)
    before = digest(warehouse)
    out = tmp_path / "out.csv"
    result = run("export", "transactions", "--out", out, "--db", warehouse, option, value)
    assert result.exit_code == 2
    assert "Nothing was written" in result.output and len(result.output) < 1_000
    assert sorted(path.name for path in tmp_path.iterdir()) == ["warehouse.duckdb"]
    assert digest(warehouse) == before


@pytest.mark.parametrize("value", ["[/]", "[bold red]x[/bold red]", "\x1b[31mred"])
def test_markup_and_escape_codes_in_values_are_shown_as_typed(
    warehouse: Path, tmp_path: Path, value: str
) -> None:
    result = run(
        "export", "transactions", "--out", tmp_path / "o.csv", "--db", warehouse, "--exchange", value
    )
    assert result.exit_code == 2
    assert repr(value) in result.output and "\x1b" not in result.output


def test_an_unknown_name_suggests_close_matches(warehouse: Path, tmp_path: Path) -> None:
    result = run(
        "export", "transactions", "--out", tmp_path / "o.csv", "--db", warehouse, "--province", "Guizho"
    )
    assert result.exit_code == 2
    assert "'Guizhou'" in result.output and not (tmp_path / "o.csv").exists()


def test_rejects_refuse_filters_that_do_not_apply(warehouse: Path, tmp_path: Path) -> None:
    result = run("export", "rejects", "--out", tmp_path / "r.csv", "--db", warehouse, "--province", "52")
    assert result.exit_code == 2
    assert "--exchange only" in " ".join(result.output.split()) and not (tmp_path / "r.csv").exists()


def test_a_missing_warehouse_is_a_plain_message(tmp_path: Path) -> None:
    result = run("export", "transactions", "--out", tmp_path / "o.csv", "--db", tmp_path / "none.duckdb")
    assert result.exit_code == 1
    assert "There is no warehouse" in " ".join(result.output.split())
    assert not (tmp_path / "o.csv").exists()


def test_a_file_that_is_not_a_warehouse_is_a_plain_message(tmp_path: Path) -> None:
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database")
    result = run("export", "transactions", "--out", tmp_path / "o.csv", "--db", junk)
    assert result.exit_code == 1 and "cannot be read as a dexstat warehouse" in " ".join(
        result.output.split()
    )


def test_too_many_rows_for_xlsx_suggests_csv_and_keeps_the_old_file(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_queries, "XLSX_MAX_ROWS", 5)
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"previous export")
    result = run("export", "transactions", "--out", out, "--db", warehouse)
    assert result.exit_code == 1 and "CSV" in result.output
    assert out.read_bytes() == b"previous export"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["t.xlsx", "warehouse.duckdb"]


def test_an_export_that_fails_midway_leaves_no_half_file(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> int:
        partial = next(tmp_path.glob(".t.csv.*.part"))
        assert partial.exists()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_queries, "write_csv", broken)
    result = run("export", "transactions", "--out", tmp_path / "t.csv", "--db", warehouse)
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["warehouse.duckdb"]


def test_a_folder_that_does_not_exist_is_a_plain_message(warehouse: Path, tmp_path: Path) -> None:
    result = run("export", "listings", "--out", tmp_path / "missing" / "l.csv", "--db", warehouse)
    assert result.exit_code == 1 and "Could not write" in result.output


def test_the_warehouse_itself_cannot_be_the_output(warehouse: Path) -> None:
    before = digest(warehouse)
    result = run("export", "transactions", "--out", warehouse, "--db", warehouse)
    assert result.exit_code == 2 and digest(warehouse) == before
