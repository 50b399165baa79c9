"""A full disk or a folder that cannot be written: a plain message, exit 1, the old warehouse intact.

The small disk is a tmpfs of a chosen size and the read-only folder a read-only bind mount, so these
tests need root (or CAP_SYS_ADMIN) and skip with the reason otherwise. A folder made read-only with
chmod is used when it really stops writes (not for root, who writes through any mode bits).
"""

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from source_folders import TODAY_OPTION, apply_change, write_base_source
from warehouse_state import (
    count,
    dexstat,
    is_plain_failure,
    leftovers,
    refresh_in_process,
    snapshot,
    status_in_process,
)

BLOCK = 256 * 1024  # one DuckDB block: far less than the change needs
AFTER_ROWS = 1_400 + 100 + 5_000 - 200  # before, +100 changed, +5,000 new, -200 removed


def mount(*args: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a small or read-only filesystem needs root")
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"mounting is not permitted here: {done.stderr.strip()}")


def unmount_if_mounted(folder: Path) -> None:
    """Unmount `folder` if something is mounted on it (a bind mount of a folder onto itself included)."""
    with open("/proc/self/mounts", encoding="utf-8") as mounts:
        points = {line.split()[1].encode().decode("unicode_escape") for line in mounts}
    if str(folder) in points:
        subprocess.run(["umount", str(folder)], capture_output=True, check=True)


@pytest.fixture
def prepared(tmp_path: Path) -> tuple[Path, Path]:
    """(source folder with a 5,000-row change pending, a warehouse built before the change)."""
    source = write_base_source(tmp_path / "source")
    built = tmp_path / "built" / "warehouse.duckdb"
    assert refresh_in_process(source, built).exit_code == 0
    apply_change(source, big_rows=5_000)
    return source, built


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A mount point for a small tmpfs; unmounted after the test."""
    folder = tmp_path / "disk"
    folder.mkdir()
    yield folder
    unmount_if_mounted(folder)


def refresh(source: Path, db: Path) -> subprocess.CompletedProcess[str]:
    return dexstat("refresh", "--quiet", "--source", source, "--db", db, *TODAY_OPTION)


@pytest.mark.parametrize(
    ("room", "says"),
    [
        (BLOCK, "The disk is full: there was no room to build the new warehouse"),
        (None, "The disk is full: there was no room to build the new warehouse"),
    ],
    ids=["no-room-to-copy", "no-room-to-grow"],
)
def test_a_full_disk_fails_plainly_and_keeps_the_old_warehouse(
    prepared: tuple[Path, Path], disk: Path, room: int | None, says: str
) -> None:
    source, built = prepared
    size = built.stat().st_size
    # Room for the published warehouse and its lock, then either less than its copy, or the copy
    # and one block, far short of what 5,000 new rows need.
    mount("-t", "tmpfs", "-o", f"size={size + (room or size + BLOCK) + 64 * 1024}", "tmpfs", str(disk))
    db = disk / "warehouse.duckdb"
    shutil.copyfile(built, db)
    before = snapshot(db)

    result = refresh(source, db)

    assert is_plain_failure(result) and result.returncode == 1, result.stderr
    message = " ".join(result.stderr.split())
    assert says in message and "previous warehouse is unchanged" in message
    assert "Unexpected error" not in message
    assert snapshot(db) == before and leftovers(db) == []
    mount("-o", "remount,size=256m", str(disk))
    assert refresh_in_process(source, db).exit_code == 0
    assert count(db, "transactions") == AFTER_ROWS and leftovers(db) == []


def test_a_disk_with_no_byte_free_fails_plainly(prepared: tuple[Path, Path], disk: Path) -> None:
    source, built = prepared
    mount("-t", "tmpfs", "-o", f"size={2 * built.stat().st_size + BLOCK}", "tmpfs", str(disk))
    db = disk / "warehouse.duckdb"
    shutil.copyfile(built, db)
    assert refresh_in_process(source.parent / "nothing", db).exit_code == 1  # leaves the lock file
    before = snapshot(db)
    with (disk / "filler").open("wb") as filler, pytest.raises(OSError, match="No space left"):
        while True:
            filler.write(b"\0" * BLOCK)

    result = refresh(source, db)

    assert is_plain_failure(result) and "No space left on device" in result.stderr, result.stderr
    assert snapshot(db) == before and leftovers(db) == []


@pytest.fixture
def unwritable(tmp_path: Path) -> Iterator[Path]:
    """A folder no refresh can write in: chmod 555 where that stops writes, else a read-only bind mount."""
    folder = tmp_path / "readonly"
    folder.mkdir()
    yield folder
    unmount_if_mounted(folder)
    folder.chmod(0o755)


def make_unwritable(folder: Path) -> str:
    """Stop writes in `folder`; returns how."""
    folder.chmod(0o555)
    probe = folder / ".probe"
    try:
        probe.touch()
    except PermissionError:
        return "chmod"
    probe.unlink()  # root writes through mode bits: use a read-only bind mount instead
    folder.chmod(0o755)
    mount("--bind", str(folder), str(folder))
    mount("-o", "remount,bind,ro", str(folder))
    return "read-only mount"


def test_an_unwritable_folder_fails_plainly_and_keeps_the_old_warehouse(
    prepared: tuple[Path, Path], unwritable: Path
) -> None:
    source, built = prepared
    db = unwritable / "warehouse.duckdb"
    shutil.copyfile(built, db)
    before = snapshot(db)
    how = make_unwritable(unwritable)

    result = refresh(source, db)

    assert is_plain_failure(result) and result.returncode == 1, result.stderr
    message = " ".join(result.stderr.split())
    expected = "Permission denied" if how == "chmod" else "Read-only file system"
    assert expected in message and "previous warehouse is unchanged" in message, message
    assert snapshot(db) == before and leftovers(db) == []
    assert status_in_process(db).exit_code == 0  # reading it still works
