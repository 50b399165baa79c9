"""The lake's folder on disk: complete versions beside it, a link swapped in one rename, a lock.

`DIR` is a symbolic link to a sibling `DIR.v<n>`; a new version is built in `DIR.building-<pid>`,
flushed, renamed and then linked in one rename. The version before is kept until the next publish.
"""

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUILD_SUFFIX = ".building-"
VERSION_SUFFIX = ".v"


@contextmanager
def lake_lock(lake: Path) -> Iterator[None]:
    """Hold the lake's lock: a second writer waits, then finds the lake current or writes a newer one."""
    with lake.with_name(lake.name + ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def remove_stray_builds(lake: Path) -> None:
    """Delete build folders and links left by a writer that was killed; call with the lock held."""
    for stray in _siblings(lake, BUILD_SUFFIX):
        if stray.is_symlink() or not stray.is_dir():
            stray.unlink(missing_ok=True)
        else:
            shutil.rmtree(stray, ignore_errors=True)


def sync(folder: Path) -> None:
    """Flush every file and folder of the build to disk before it is published."""
    for path in [*folder.rglob("*"), folder]:
        handle = os.open(path, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def swap(build: Path, lake: Path) -> None:
    """Publish the build: rename it to a new version, point the link at it, prune older versions."""
    version = lake.with_name(f"{lake.name}{VERSION_SUFFIX}{time.time_ns()}")
    os.rename(build, version)
    previous = os.readlink(lake) if lake.is_symlink() else None
    set_aside = None
    if lake.is_dir() and not lake.is_symlink():  # an empty folder, or a lake copied here: set aside
        set_aside = previous = f"{lake.name}{VERSION_SUFFIX}{time.time_ns()}"
        os.rename(lake, lake.with_name(set_aside))
    link = lake.with_name(f"{lake.name}{BUILD_SUFFIX}{os.getpid()}.link")
    try:
        os.symlink(version.name, link)
        os.replace(link, lake)
    except OSError:
        link.unlink(missing_ok=True)
        if set_aside:
            os.rename(lake.with_name(set_aside), lake)
        shutil.rmtree(version, ignore_errors=True)
        raise
    directory = os.open(lake.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    _prune(lake, keep=(version.name, previous))


def _prune(lake: Path, keep: tuple[str | None, ...]) -> None:
    """Delete the lake's versions other than `keep` (the current one and the one it replaced)."""
    for old in _siblings(lake, VERSION_SUFFIX):
        if old.name not in keep and old.name.rpartition(VERSION_SUFFIX)[2].isdigit():
            shutil.rmtree(old, ignore_errors=True)


def _siblings(lake: Path, suffix: str) -> list[Path]:
    """The entries beside the lake named `<lake name><suffix>...`."""
    return [path for path in lake.parent.iterdir() if path.name.startswith(lake.name + suffix)]


def link_files(source: Path, target: Path) -> None:
    """Give `target` (a new folder) the Parquet files of `source` as hard links: a version of the lake
    never changes a file, so two versions may share one. Copied where the file system has no links."""
    target.mkdir(parents=True)
    for path in sorted(source.glob("*.parquet")):
        try:
            os.link(path, target / path.name)
        except OSError:
            shutil.copy2(path, target / path.name)
