"""How long `dexstat refresh --lake` spends writing the lake: whole, unchanged, and after a 1% file.

Run as a child process: `python -m benchmarks.lake_publish --rows N --repeat R`. It refreshes the UTF-8
input of N rows into a warehouse, copies it and adds the bench's 1% file (`incremental-added`, every
row in the last year, so one partition of one exchange changes), then times `etl.lake.publish_lake`
R times each: into a new folder (the whole lake), again with nothing changed, and from the warehouse
with the 1% file into that lake (only the changed partition written). Prints JSON {case: [seconds]}.
"""

import argparse
import json
import shutil
import subprocess
import time
from pathlib import Path

from benchmarks.inputs import ensure_inputs
from benchmarks.refresh import dexstat
from etl.lake import publish_lake

CASES = ("whole lake", "nothing changed", "after a 1% file")


def measure(rows: int, repeat: int, work: Path) -> dict[str, list[float]]:
    """Seconds of each case, `repeat` times."""
    inputs = ensure_inputs(rows, work, with_sample=False)
    folder = work / "lake-publish" / str(rows)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    before, after = folder / "before.duckdb", folder / "after.duckdb"
    _refresh(inputs.utf8, before)
    shutil.copyfile(before, after)
    _refresh(inputs.added, after)
    times: dict[str, list[float]] = {case: [] for case in CASES}
    for number in range(repeat):
        lake = folder / f"lake{number}"
        for case, db in zip(CASES, (before, before, after), strict=True):
            start = time.perf_counter()
            publish_lake(db, lake)
            times[case].append(time.perf_counter() - start)
    shutil.rmtree(folder, ignore_errors=True)
    return times


def _refresh(source: Path, db: Path) -> None:
    """`dexstat refresh`, its report kept off stdout (which carries this module's JSON)."""
    command = [*dexstat(), "refresh", "--quiet", "--source", str(source), "--db", str(db)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("build/bench"))
    args = parser.parse_args()
    print(json.dumps(measure(args.rows, args.repeat, args.work.resolve())))


if __name__ == "__main__":
    main()
