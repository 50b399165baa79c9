"""Run a command in a child process and measure its wall time and peak memory; summarise repeats."""

import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


class ChildFailed(RuntimeError):
    """A measured command exited non-zero; the message ends with the tail of its output."""


@dataclass(frozen=True)
class Sample:
    """One measured run: wall seconds, the child's peak RSS in bytes, its CPU seconds (user + system,
    all threads) and the 1-minute load average when it started (0 when unknown).

    On a shared machine CPU seconds vary far less than wall seconds when other work competes for the
    cores, so the report gives both.
    """

    seconds: float
    peak_rss: int = 0
    cpu: float = 0.0
    load: float = 0.0


@dataclass(frozen=True)
class Summary:
    """Median, min, max and 95th percentile (nearest rank) of some runs' seconds; peak RSS is the max;
    median CPU seconds and median load average at the start."""

    n: int
    median: float
    low: float
    high: float
    p95: float
    peak_rss: int
    cpu: float = 0.0
    load: float = 0.0

    @classmethod
    def of(cls, samples: Sequence[Sample]) -> "Summary":
        seconds = sorted(sample.seconds for sample in samples)
        if not seconds:
            raise ValueError("no samples to summarise")
        rank = max(0, -(-95 * len(seconds) // 100) - 1)
        return cls(
            n=len(seconds),
            median=statistics.median(seconds),
            low=seconds[0],
            high=seconds[-1],
            p95=seconds[rank],
            peak_rss=max(sample.peak_rss for sample in samples),
            cpu=statistics.median(sample.cpu for sample in samples),
            load=statistics.median(sample.load for sample in samples),
        )


def settle(inputs: Sequence[Path]) -> None:
    """Flush dirty pages (a previous run's writes) and read `inputs` into the page cache, untimed.

    Without this, a run that follows a large refresh waits for that refresh's writeback, or reads an
    input the refresh's memory pushed out of the cache: 10M-row baselines took 11 s or 55 s by turn.
    """
    os.sync()
    files = [path for item in inputs for path in ([item] if item.is_file() else sorted(item.rglob("*")))]
    for path in files:
        if path.is_file():
            with path.open("rb") as handle:
                while handle.read(1 << 23):
                    pass


def run_child(
    args: Sequence[str], log: Path, errors: Path | None = None, inputs: Sequence[Path] = ()
) -> Sample:
    """Run `args` to completion, output to `log` (stderr too unless `errors`); time it, read its peak RSS.

    `inputs` are settled first (see `settle`). The command runs under a small launcher (`python -m
    benchmarks.measure`): Linux carries the parent's peak RSS into a child's ru_maxrss across fork and
    exec, so a child of this (large) process would report at least this process's peak. The
    launcher's grandchild starts from a fresh, small image.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    settle(inputs)
    result = log.with_name(log.name + ".measure.json")
    result.unlink(missing_ok=True)
    with contextlib.ExitStack() as files:
        output = files.enter_context(log.open("wb"))
        error_output = files.enter_context(errors.open("wb")) if errors else subprocess.STDOUT
        launcher = [sys.executable, "-m", "benchmarks.measure", str(result), "--", *args]
        code = subprocess.run(launcher, stdout=output, stderr=error_output, check=False).returncode
    if code != 0 or not result.exists():
        tail = (errors or log).read_text(encoding="utf-8", errors="replace")[-2000:]
        raise ChildFailed(f"{' '.join(args)} exited with {code}:\n{tail}")
    return Sample(**json.loads(result.read_text(encoding="utf-8")))


def main() -> None:
    """The launcher: `python -m benchmarks.measure RESULT.json -- command ...`; exits with its code."""
    result, separator, *args = sys.argv[1:]
    if separator != "--" or not args:
        sys.exit("usage: python -m benchmarks.measure RESULT.json -- command [args ...]")
    load = os.getloadavg()[0]
    start = time.perf_counter()
    child = subprocess.Popen(args)
    # wait4 gives this child's own rusage, unlike RUSAGE_CHILDREN, which is the max over all children.
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code == 0:
        cpu = usage.ru_utime + usage.ru_stime
        sample = Sample(seconds, usage.ru_maxrss * 1024, cpu, load)  # Linux reports ru_maxrss in KiB
        Path(result).write_text(json.dumps(asdict(sample)), encoding="utf-8")
    sys.exit(code)


if __name__ == "__main__":
    main()
