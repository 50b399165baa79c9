"""The dexstat command as a user meets it: help everywhere, plain errors, exit codes."""

import subprocess
import sys

import pytest
from click.testing import CliRunner
from folders import write_csv

from etl.cli import main

SUBCOMMANDS = ["sample", "refresh", "status", "export", "serve"]


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: main " + command in result.output or f"Usage: dexstat {command}" in result.output
    assert len(result.output.splitlines()) > 4


def test_refresh_prints_the_report_and_exits_zero_when_published(source, db):
    result = CliRunner().invoke(
        main, ["refresh", "--source", str(source), "--db", str(db), "--today", "2026-01-15"]
    )
    assert result.exit_code == 0, result.output
    assert "read 7 rows" in result.output
    assert db.exists()


def test_refresh_of_a_missing_folder_is_a_plain_error_with_exit_code_1(tmp_path):
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "etl",
            "refresh",
            "--source",
            str(tmp_path / "nope"),
            "--db",
            str(tmp_path / "w.duckdb"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert process.returncode == 1
    assert "does not exist" in process.stderr
    assert "Traceback" not in process.stderr + process.stdout


def test_strict_refresh_with_rejects_exits_non_zero_and_publishes_nothing(tmp_path):
    source = tmp_path / "src"
    write_csv(
        source / "transactions" / "SDE" / "a.csv",
        ["Transaction ID", "Trade date", "Amount"],
        [["A", "2023-01-01", "面议"]],
    )
    db = tmp_path / "w.duckdb"
    result = CliRunner().invoke(main, ["refresh", "--strict", "--source", str(source), "--db", str(db)])
    assert result.exit_code == 1
    assert not db.exists()


def test_status_shows_as_of_runs_and_counts(source, db):
    CliRunner().invoke(main, ["refresh", "--source", str(source), "--db", str(db), "--today", "2026-01-15"])
    result = CliRunner().invoke(main, ["status", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "as of 2024-01-06" in result.output
    assert "transactions" in result.output and "SYNTHETIC" not in result.output


def test_status_of_a_lake_shows_its_version_and_what_the_warehouse_shows(source, db, tmp_path):
    lake = tmp_path / "lake"
    refresh = [
        "refresh",
        "--source",
        str(source),
        "--db",
        str(db),
        "--lake",
        str(lake),
        "--today",
        "2026-01-15",
    ]
    assert CliRunner().invoke(main, refresh).exit_code == 0
    of_lake = CliRunner().invoke(main, ["status", "--lake", str(lake)], terminal_width=200)
    of_warehouse = CliRunner().invoke(main, ["status", "--db", str(db)], terminal_width=200)
    assert of_lake.exit_code == 0, of_lake.output
    first, *rest = of_lake.output.splitlines()
    assert first == f"Lake {lake} ({lake.resolve().name}), as of 2024-01-06."
    assert rest == of_warehouse.output.splitlines()[1:]  # the same runs and counts
    missing = CliRunner().invoke(main, ["status", "--lake", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "cannot be read as a dexstat lake: it is not there" in missing.output


def test_status_of_a_missing_warehouse_says_how_to_build_one(tmp_path):
    result = CliRunner().invoke(main, ["status", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "dexstat refresh" in result.output


def test_a_warehouse_built_from_the_sample_is_flagged_synthetic(tmp_path):
    runner = CliRunner()
    sample = tmp_path / "sample"
    db = tmp_path / "w.duckdb"
    assert runner.invoke(main, ["sample", "--rows", "2000", "--out", str(sample)]).exit_code == 0
    refreshed = runner.invoke(main, ["refresh", "--source", str(sample), "--db", str(db)])
    assert refreshed.exit_code == 0, refreshed.output
    assert "SYNTHETIC" in refreshed.output
    assert "SYNTHETIC" in runner.invoke(main, ["status", "--db", str(db)]).output


def test_environment_variables_set_the_default_source_and_warehouse(source, tmp_path, monkeypatch):
    db = tmp_path / "env.duckdb"
    monkeypatch.setenv("DEXSTAT_SOURCE", str(source))
    monkeypatch.setenv("DEXSTAT_DB", str(db))
    result = CliRunner().invoke(main, ["refresh", "--today", "2026-01-15"])
    assert result.exit_code == 0, result.output
    assert db.exists()


def test_a_refresh_out_of_memory_says_how_to_give_it_more_and_keeps_the_warehouse(source, db, monkeypatch):
    args = ["refresh", "--source", str(source), "--db", str(db), "--today", "2026-01-15"]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = db.read_bytes()
    monkeypatch.setenv("DEXSTAT_BUILD_MEMORY", "1MB")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "ran out of memory within its limit of 1MB" in result.output
    assert "DEXSTAT_BUILD_MEMORY=4GB" in result.output and "Traceback" not in result.output
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name)) == [
        db.name,
        f"{db.name}.lock",
    ]


@pytest.mark.parametrize("value", ["lots", "0GB", "4 TB", "1GB; set threads=1"])
def test_a_memory_limit_that_is_not_a_size_is_refused(source, db, monkeypatch, value):
    monkeypatch.setenv("DEXSTAT_BUILD_MEMORY", value)
    result = CliRunner().invoke(main, ["refresh", "--source", str(source), "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert "must be a size such as 2GB or 512MB" in result.output
    assert not db.exists()
