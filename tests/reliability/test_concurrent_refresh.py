"""Two refreshes of one warehouse: the second is refused with a clear message, the first completes."""

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from killing import WATCHDOG_SECONDS, driver_command
from source_folders import TODAY_OPTION, apply_change, write_base_source
from warehouse_state import (
    count,
    dexstat,
    is_plain_failure,
    leftovers,
    refresh_in_process,
    snapshot,
    status_in_process,
    without,
)

REFUSED = "Another refresh of warehouse.duckdb is running"


def test_a_second_refresh_is_refused_while_the_first_completes(tmp_path: Path, db: Path) -> None:
    source = write_base_source(tmp_path / "source")
    assert refresh_in_process(source, db).exit_code == 0
    before = snapshot(db)
    apply_change(source, big_rows=2_000)
    gate = tmp_path / "gate"
    command = driver_command(source, db, pause=0, gate=gate)
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as first:
        watchdog = threading.Timer(WATCHDOG_SECONDS, first.kill)
        watchdog.start()
        try:
            assert first.stdout is not None
            events = []
            for line in first.stdout:
                events.append(line.strip())
                if events[-1] == "renaming":
                    break
            assert (
                events[-1] == "renaming"
            )  # the first holds the lock, its new warehouse complete, unpublished
            building = leftovers(db)
            assert f"warehouse.duckdb.building-{first.pid}" in building

            second = dexstat("refresh", "--quiet", "--source", source, "--db", db, *TODAY_OPTION)

            assert second.returncode == 1 and is_plain_failure(second)
            assert f"{REFUSED} (pid {first.pid})" in " ".join(second.stderr.split())
            assert leftovers(db) == building  # the refused refresh removed nothing of the first's
            assert snapshot(db) == before  # and readers still see the previous warehouse
            assert status_in_process(db).exit_code == 0  # a reader is not blocked
            gate.touch()
            rest = first.stdout.read()
            first.wait()
        finally:
            watchdog.cancel()
    assert first.returncode == 0 and "done" in rest.split()
    after = snapshot(db)
    assert count(db, "transactions") == 3_300  # 1,400 before, +100 changed, +2,000 new, -200 removed
    assert [run[0] for run in after["refresh_runs"]] == [1, 2]  # the refused refresh left no run
    assert leftovers(db) == []


@pytest.mark.long
@pytest.mark.slow
def test_refreshes_started_together_never_both_write(tmp_path: Path, db: Path) -> None:
    source = write_base_source(tmp_path / "source")
    assert refresh_in_process(source, db).exit_code == 0
    pristine = tmp_path / "before.duckdb"
    shutil.copyfile(db, pristine)
    apply_change(source, big_rows=20_000)
    command = [sys.executable, "-m", "etl", "refresh", "--quiet", "--source", str(source), "--db", str(db)]
    command += TODAY_OPTION
    expected = None
    refusals = 0
    for _ in range(10):
        shutil.copyfile(pristine, db)
        pair = [
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in "ab"
        ]
        results = [(child.wait(timeout=WATCHDOG_SECONDS), *child.communicate()) for child in pair]
        codes = sorted(code for code, _, _ in results)
        assert codes in ([0, 0], [0, 1]), results
        for code, _, err in results:
            assert "Traceback" not in err
            assert code == 0 or REFUSED in " ".join(err.split())
        refusals += codes == [0, 1]
        state = without(snapshot(db), "refresh_runs")
        expected = expected or state
        assert state == expected and leftovers(db) == []
    assert refusals >= 1  # started together, at least once they overlapped
