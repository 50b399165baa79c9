"""A refresh is all or nothing: a second one is refused, a killed one leaves the old warehouse as it was."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from folders import query, write_csv
from test_mirror import snapshot

from etl.errors import RefreshRefused
from etl.warehouse import refresh_lock


def test_a_second_refresh_is_refused_while_one_runs(source, db, run_refresh):
    with refresh_lock(db), pytest.raises(RefreshRefused, match="Another refresh"):
        run_refresh(source, db)
    assert not db.exists()


def _big_export(source: Path, rows: int) -> None:
    write_csv(
        source / "transactions" / "SDE" / "big.csv",
        ["Transaction ID", "Trade date", "Province", "Category", "Amount"],
        [
            [f"B-{i}", f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}", "上海", "金融", str(i % 997)]
            for i in range(rows)
        ],
    )


@pytest.mark.slow
def test_a_refresh_killed_at_random_moments_leaves_the_previous_warehouse_intact(
    source, db, run_refresh, tmp_path
):
    run_refresh(source, db)
    before = snapshot(db)
    _big_export(source, 60_000)
    # What the refresh publishes if it is killed after its atomic rename (while it prints the report).
    finished = tmp_path / "finished.duckdb"
    shutil.copyfile(db, finished)
    run_refresh(source, finished)
    after = snapshot(finished)
    command = [
        sys.executable,
        "-m",
        "etl",
        "refresh",
        "--quiet",
        "--source",
        str(source),
        "--db",
        str(db),
        "--today",
        "2026-01-15",
    ]
    rng = random.Random(7)
    for _ in range(4):
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 2.5))
        if child.poll() is not None:
            break  # it finished before the kill: the remaining assertions still hold
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        found = snapshot(db)
        assert found in (before, after), "a killed refresh left a warehouse that is neither old nor new"
        if found == after:
            break  # killed after publishing: the new warehouse is whole, and there is nothing left to kill
    run_refresh(source, db)
    assert query(db, "select count(*) from transactions where source_file like '%big.csv'") == [(60_000,)]
    leftovers = sorted(
        p.name for p in db.parent.iterdir() if p.name.startswith((db.name + ".", "." + db.name))
    )
    assert leftovers == [db.name + ".lock"]
