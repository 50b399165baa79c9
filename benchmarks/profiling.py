"""The profiled refreshes of `benchmarks.run`: each under py-spy with its steps timed, then with DuckDB's
per-operator profile (`benchmarks.refresh_profile` in a child process)."""

import json
import shutil
import sys
from pathlib import Path
from typing import Any

from benchmarks.inputs import ensure_inputs
from benchmarks.measure import run_child
from benchmarks.refresh import Log, remove_warehouse
from benchmarks.stacks import summarise

PYSPY_RATE = 50


def profile_refreshes(rows: int, work: Path, say: Log) -> list[dict[str, Any]]:
    """The refresh of each input kind at `rows`, and an incremental one, profiled twice each."""
    inputs = ensure_inputs(rows, work)
    folder = work / "profile" / str(rows)
    folder.mkdir(parents=True, exist_ok=True)
    base = folder / "base.duckdb"
    cases = (
        ("utf8", f"{rows:,} rows, UTF-8 CSV", inputs.utf8, None),
        ("gbk", f"{rows:,} rows, GBK CSV", inputs.gbk, None),
        ("sample", f"{rows:,} rows, mixed sample", inputs.sample, None),
        (
            "incremental",
            f"incremental: a 1% file added to the {rows:,}-row UTF-8 warehouse",
            inputs.added,
            base,
        ),
    )
    profiles = [
        _profile_one(key, name, source, folder, start_from, say) for key, name, source, start_from in cases
    ]
    remove_warehouse(base)
    return profiles


def _profile_one(
    key: str, name: str, source: Path, folder: Path, start_from: Path | None, say: Log
) -> dict[str, Any]:
    """One refresh under py-spy with steps and statements timed, then one with DuckDB's operator profile."""
    pyspy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    db, stacks, log = folder / f"{key}.duckdb", folder / f"{key}.pyspy.txt", folder / f"{key}.log"
    child = [sys.executable, "-m", "benchmarks.refresh_profile", "--source", str(source), "--db", str(db)]
    entry: dict[str, Any] = {"name": name}
    for operators in (False, True):
        remove_warehouse(db)
        if start_from:
            shutil.copyfile(start_from, db)
        out = folder / f"{key}{'.operators' if operators else ''}.json"
        command = [*child, "--out", str(out), *(["--operators"] if operators else [])]
        if pyspy and not operators:
            command = [pyspy, "record", "-r", str(PYSPY_RATE), "-f", "raw", "-o", str(stacks), "--", *command]
        say(f"profiling the refresh{' (DuckDB operators)' if operators else ''}: {name}")
        seconds = run_child(command, log).seconds
        found = json.loads(out.read_text(encoding="utf-8"))
        if operators:
            entry["operators"] = found["operators"]
        else:
            entry["wall_seconds"], entry["profile"] = seconds, found
            if pyspy and stacks.exists():
                entry["pyspy"] = summarise(stacks, PYSPY_RATE)
            if key == "utf8":
                shutil.copyfile(db, folder / "base.duckdb")
    remove_warehouse(db)
    return entry
