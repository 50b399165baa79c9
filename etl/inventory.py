"""What the source folder holds: the export and statistics files a refresh mirrors, with their hashes."""

import hashlib
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


def scan(source_dir: Path) -> list[SourceFile]:
    """Every non-hidden file under the kind folders, in a stable order."""
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
            found.append(
                SourceFile(
                    path=path,
                    file=path.relative_to(source_dir).as_posix(),
                    kind=kind,
                    sha256=file_sha256(path),
                    size_bytes=stat.st_size,
                    modified_at=datetime.fromtimestamp(stat.st_mtime, UTC).replace(tzinfo=None),
                    folder=relative.parts[0] if len(relative.parts) > 1 else None,
                )
            )
    return found
