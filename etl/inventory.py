"""What the source folder holds: the export and statistics files a refresh mirrors, with their hashes."""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

KINDS = ("transactions", "listings", "statistics")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class SourceFile:
    """One file under DIR/transactions, DIR/listings or DIR/statistics."""

    path: Path
    file: str  # relative to the source folder, '/'-separated: the file's identity in the warehouse
    kind: str
    sha256: str
    size_bytes: int
    modified_at: datetime
    folder: str | None  # first sub-folder under the kind folder: may name the exchange


def file_sha256(path: Path) -> str:
    """The content hash that decides whether a file changed since the last refresh."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Seen:
    """A file as the last refresh recorded it: its hash holds while its size and mtime are the same."""

    size_bytes: int
    modified_at: datetime
    sha256: str


def scan(source_dir: Path, seen: Mapping[str, Seen] | None = None) -> list[SourceFile]:
    """Every non-hidden file under the kind folders, in a stable order.

    A file whose size and modification time are those in `seen` keeps its recorded hash rather than
    being read again, as rsync and make decide: a 10 GB folder of unchanged files is listed, not read.
    Writing a file moves its mtime unless a tool sets it back on purpose (`touch -r`, `cp -p` over a
    file of the same size); to read every file anyway, pass no `seen` (`dexstat refresh --rehash`).
    """
    seen = seen or {}
    found = []
    for kind in KINDS:
        root = source_dir / kind
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if not path.is_file() or any(part.startswith((".", "~$")) for part in relative.parts):
                continue
            stat = path.stat()
            file = path.relative_to(source_dir).as_posix()
            modified_at = datetime.fromtimestamp(stat.st_mtime, UTC).replace(tzinfo=None)
            before = seen.get(file)
            if before and (before.size_bytes, before.modified_at) == (stat.st_size, modified_at):
                sha256 = before.sha256
            else:
                sha256 = file_sha256(path)
            found.append(
                SourceFile(
                    path=path,
                    file=file,
                    kind=kind,
                    sha256=sha256,
                    size_bytes=stat.st_size,
                    modified_at=modified_at,
                    folder=relative.parts[0] if len(relative.parts) > 1 else None,
                )
            )
    return found
