"""The refresh's memory limit: DuckDB's part of the build, and what to say when it runs out."""

import os
import re

import duckdb

from etl.errors import RefreshRefused

# DuckDB's default (80% of RAM) let a 10M-row file's temp tables grow to 11 GB; under this limit they
# spill to the build's .tmp folder (removed on close, or by remove_stray_builds after a kill): peak RSS
# 1.2-1.3 GB for a 10M- or a 30M-row file, at some cost in time (BENCHMARKS.md). Python's memory
# comes on top. An earlier version ran out at 30M rows in an operator that cannot spill; a refresh that
# runs out says so, and $DEXSTAT_BUILD_MEMORY (e.g. 4GB) gives it more.
BUILD_MEMORY_LIMIT = "1GB"
BUILD_MEMORY_VARIABLE = "DEXSTAT_BUILD_MEMORY"
_SIZE = re.compile(r"[1-9][0-9]{0,5}(MB|GB)")


def memory_limit() -> str:
    """The build's memory limit: $DEXSTAT_BUILD_MEMORY when it is a size like 4GB, else the default."""
    given = os.environ.get(BUILD_MEMORY_VARIABLE, "").strip().upper()
    if not given:
        return BUILD_MEMORY_LIMIT
    if not _SIZE.fullmatch(given):
        raise RefreshRefused(
            f"${BUILD_MEMORY_VARIABLE} must be a size such as 2GB or 512MB, not {given[:20]!r}."
        )
    return given


def out_of_memory(error: duckdb.Error) -> bool:
    """DuckDB ran out of its memory limit: an OutOfMemoryException, or a commit that could not allocate."""
    return isinstance(error, duckdb.OutOfMemoryException) or "could not allocate block" in str(error)


def ran_out(limit: str) -> RefreshRefused:
    """What a refresh that ran out of memory within `limit` tells the analyst."""
    return RefreshRefused(
        f"The refresh ran out of memory within its limit of {limit}, so nothing was published; "
        f"the previous warehouse is unchanged. Give it more, e.g. {BUILD_MEMORY_VARIABLE}=4GB "
        f"(this machine has {_machine_memory()}), and run the refresh again."
    )


def _machine_memory() -> str:
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return "an unknown amount of memory"
    return f"{pages * size / 2**30:.0f} GB"
