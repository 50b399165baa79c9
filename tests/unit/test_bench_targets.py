"""The targets table judges each ratio against its limit and says what the floor leaves for the refresh.

The numbers are made up for the judging logic only; no benchmark runs here.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # benchmarks/ is a folder, not installed
from benchmarks.targets import targets_section


def section(cpu: dict[str, float] | None = None, **medians: float) -> str:
    """The targets table of one 10M-row size whose measurements took these seconds (CPU = 2x wall
    unless given)."""
    cpu = cpu or {}
    runs = {
        name: [{"seconds": s, "peak_rss": 2**30, "cpu": cpu.get(name, 2 * s)}] for name, s in medians.items()
    }
    return targets_section({"sizes": [{"rows": 10_000_000, "runs": runs}]})


def row(table: str, start: str) -> str:
    (found,) = [line for line in table.splitlines() if line.startswith(f"| {start}")]
    return found


def test_a_floor_over_the_target_says_no_refresh_can_meet_it():
    table = section(baseline_utf8=5.0, floor_utf8=8.5, refresh_utf8=18.0)
    floor = row(table, "(no target) the UTF-8 floor")
    assert "1.70x (CPU 1.70x); 47% of the UTF-8 refresh" in floor
    assert "the 1.5x target is under it: no refresh keeping these rules meets it" in floor
    assert "**missed** by 2.4x" in row(table, "UTF-8 refresh <= 1.5x")


def test_a_floor_under_the_target_says_what_it_leaves_for_the_rows_cleaning():
    table = section(baseline_utf8=5.0, floor_gbk=11.5, refresh_gbk=21.0)
    floor = row(table, "(no target) the GBK floor")
    assert "2.30x (CPU 2.30x)" in floor
    # 2.5 x 5.0 s = 12.5 s allowed, 1.0 s above the floor; the refresh spends 9.5 s above it
    assert "leaves 1.0 s above it for the rows' cleaning; the refresh spends 9.5 s above the floor" in floor
    assert "met" not in row(table, "GBK refresh <= 2.5x").split("|")[3]


def test_a_floor_is_over_the_target_only_if_it_is_by_cpu_time_too():
    """The claim that no refresh can meet a target needs both measures; one alone leaves it unsettled."""
    # wall 1.70x, but CPU 14 s against 10 s: 1.40x, under 1.5x
    table = section(cpu={"floor_utf8": 14.0}, baseline_utf8=5.0, floor_utf8=8.5, refresh_utf8=18.0)
    floor = row(table, "(no target) the UTF-8 floor")
    assert "1.70x (CPU 1.40x)" in floor
    assert "the 1.5x target is under it by wall time, not by CPU time: unsettled" in floor


@pytest.mark.parametrize("missing", ["floor_utf8", "baseline_utf8"])
def test_a_floor_not_measured_says_so(missing):
    medians = {"baseline_utf8": 5.0, "floor_utf8": 8.5, "refresh_utf8": 18.0}
    del medians[missing]
    assert "| not measured | - |" in row(section(**medians), "(no target) the UTF-8 floor")
