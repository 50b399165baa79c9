"""A refresh killed with SIGKILL at any moment leaves the warehouse exactly as before or exactly as after.

Each kill starts from the same published warehouse ("before") and the same changed source folder; a
refresh that is not killed turns it into "after". After every kill: the warehouse opens, every table
equals its before or after state (full snapshots), the next `dexstat refresh` succeeds and publishes
"after", and nothing is left beside the warehouse but its lock file. The killed process runs
refresh_driver.py (the pipeline `dexstat refresh` calls, printing its steps); the long variant also
kills the `dexstat refresh` command itself.
"""

import os
import random
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from killing import Death, Moment, kill_at, kill_cli_after, timed_run
from source_folders import TODAY_OPTION, apply_change, write_base_source
from warehouse_state import Snapshot, leftovers, refresh_in_process, snapshot, without

PAUSE = 0.4  # seconds the driver sleeps just before and just after the rename


@dataclass
class Scene:
    """A source folder with a change pending, the warehouse before it, and the warehouse after it."""

    source: Path
    db: Path
    pristine: Path
    before: Snapshot
    after: Snapshot
    timings: dict[str, float]
    logs: Path

    def window(self, event: str, following: str) -> float:
        """Seconds from `event` to `following` in an unkilled refresh."""
        return max(0.0, self.timings[following] - self.timings[event])


def build_scene(tmp_path: Path, db: Path, big_rows: int, timed: bool = False) -> Scene:
    """The warehouse before, the change, and the warehouse after (with step timings when `timed`)."""
    source = write_base_source(tmp_path / "source")
    assert refresh_in_process(source, db).exit_code == 0
    pristine = tmp_path / "before.duckdb"
    shutil.copyfile(db, pristine)
    apply_change(source, big_rows)
    after_db = tmp_path / "after" / "warehouse.duckdb"
    after_db.parent.mkdir()
    shutil.copyfile(pristine, after_db)
    timings = timed_run(source, after_db) if timed else {}
    assert timed or refresh_in_process(source, after_db).exit_code == 0
    logs = tmp_path / "logs"
    logs.mkdir()
    scene = Scene(source, db, pristine, snapshot(pristine), snapshot(after_db), timings, logs)
    # Otherwise "before or after" could not tell a half refresh from a whole one.
    assert {"transactions", "rejects", "source_files", "mart_monthly_transactions"} <= set(
        differing(scene.before, scene.after)
    )
    return scene


def differing(state: Snapshot, other: Snapshot) -> list[str]:
    return sorted(name for name in state.keys() | other.keys() if state.get(name) != other.get(name))


def assert_before_or_after(scene: Scene, label: str, allowed: set[str]) -> str:
    """The warehouse opens and equals one whole state; returns which one."""
    state = snapshot(scene.db)
    found = [name for name, known in (("before", scene.before), ("after", scene.after)) if state == known]
    assert found, (
        f"{label}: the warehouse is neither before nor after; differs from before in "
        f"{differing(state, scene.before)}, from after in {differing(state, scene.after)}"
    )
    assert found[0] in allowed, f"{label}: found the {found[0]} state, expected {allowed}"
    return found[0]


def assert_recovers(scene: Scene, label: str) -> None:
    """The next refresh succeeds, publishes the after state and removes every stray file."""
    result = refresh_in_process(scene.source, scene.db)
    assert result.exit_code == 0, f"{label}: the next refresh failed: {result.output}"
    state = snapshot(scene.db)
    assert without(state, "refresh_runs") == without(scene.after, "refresh_runs"), label
    assert leftovers(scene.db) == [], f"{label}: stray files after the next refresh"
    shutil.copyfile(scene.pristine, scene.db)  # the next kill starts from before again


def kill_and_check(scene: Scene, number: int, moment: Moment) -> Death:
    label = f"kill {number} at {moment}"
    death = kill_at(scene.source, scene.db, moment, scene.logs / f"kill-{number}.txt")
    assert_before_or_after(scene, label, death.possible_states)
    assert_recovers(scene, label)
    return death


def test_a_refresh_killed_while_reading_checking_or_publishing_leaves_before_or_after(
    tmp_path: Path, db: Path
) -> None:
    scene = build_scene(tmp_path, db, big_rows=5_000)
    moments = [
        Moment("reading big.csv"),
        Moment("checking"),
        # A long pause, killed early in it: a busy machine may wake this process late.
        Moment("renaming", pause=1.0, offset=0.1),  # the new file is complete, not yet renamed
        Moment("renamed", pause=1.0, offset=0.1),  # renamed, the process has not yet exited
    ]
    deaths = [kill_and_check(scene, number, moment) for number, moment in enumerate(moments)]
    assert all(death.killed for death in deaths)
    # Reading 5,000 rows takes milliseconds: on a busy machine the kill may land just after it.
    assert deaths[0].phase in ("reading", "loading")
    assert [death.phase for death in deaths[1:]] == ["checking", "publishing", "publishing"]
    assert [death.possible_states for death in deaths[2:]] == [{"before"}, {"after"}]


@pytest.mark.long
@pytest.mark.slow
def test_twenty_four_kills_at_random_moments_each_leave_before_or_after(tmp_path: Path, db: Path) -> None:
    scene = build_scene(tmp_path, db, big_rows=150_000, timed=True)
    seed = int(os.environ.get("DEXSTAT_KILL_SEED") or random.randrange(1 << 32))  # offsets to replay
    rng = random.Random(seed)
    print(f"random seed {seed}; timings of an unkilled refresh: {scene.timings}", file=sys.stderr)
    spans = [
        ("scanning", "reading transactions/GBDEX/2023.csv"),
        ("reading big.csv", "read big.csv"),
        ("read big.csv", "checking"),
        ("checking", "publishing"),
        ("publishing", "renaming"),
    ]
    moments = [Moment(start, offset=rng.uniform(0, scene.window(start, end))) for start, end in spans * 4]
    moments += [
        Moment(event, offset=rng.uniform(0, PAUSE), pause=PAUSE) for event in ("renaming", "renamed") * 2
    ]
    deaths = [kill_and_check(scene, number, moment) for number, moment in enumerate(moments)]
    killed = [death for death in deaths if death.killed]
    phases = Counter(death.phase for death in killed)
    print(f"kills by phase: {dict(phases)}", file=sys.stderr)
    assert len(killed) >= 20
    assert {"reading", "loading", "checking", "publishing"} <= set(phases)


@pytest.mark.long
@pytest.mark.slow
def test_the_real_command_killed_after_random_delays_leaves_before_or_after(tmp_path: Path, db: Path) -> None:
    scene = build_scene(tmp_path, db, big_rows=150_000, timed=True)
    rng = random.Random()
    command = [sys.executable, "-m", "etl", "refresh", "--quiet", "--source", str(scene.source)]
    command += ["--db", str(scene.db), *TODAY_OPTION]
    whole = scene.timings["done"]
    kills = 0
    for number in range(8):
        kills += kill_cli_after(command, rng.uniform(0.2, whole))
        assert_before_or_after(scene, f"cli kill {number}", {"before", "after"})
        assert_recovers(scene, f"cli kill {number}")
    print(f"{kills} of 8 runs of dexstat refresh were killed before they finished", file=sys.stderr)
    assert kills >= 4
