"""The machine and software a benchmark ran on, so every figure says where it comes from."""

import os
import platform
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd

import etl

ROOT = Path(__file__).resolve().parents[1]


def describe() -> dict[str, str]:
    """CPU, cores, memory, OS, versions, the commit measured and the load when asked."""
    return {
        "cpu": _cpu_model(),
        "cores": f"{os.cpu_count()} logical, {len(os.sched_getaffinity(0))} usable",
        "memory": f"{_mem_total_gib():.1f} GiB",
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "duckdb": duckdb.__version__,
        "pandas": pd.__version__,
        "dexstat": etl.__version__,
        "commit": _commit(),
        "load average": load_average(),
    }


def load_average() -> str:
    """The 1, 5 and 15-minute load averages: other people's work on a shared machine."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _mem_total_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return float("nan")


def _commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" with uncommitted changes" if dirty else "")
