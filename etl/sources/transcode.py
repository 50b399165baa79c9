"""Text in another encoding turned into a UTF-8 file for DuckDB, a large GB18030 file a part per core.

A GB18030 character never holds the byte of a line feed, so a large file is cut just after line feeds
and each part is decoded strictly by its own process (`python -m etl.sources.transcode`: a child that
imports only this package, whatever script or notebook called the refresh), the first part by the
caller itself; the parts are then joined in order. The first part, in file order, that cannot be
decoded is the one reported, with the byte's place in the whole file.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from etl.errors import FileRejected
from etl.sources.encodings import UTF8, decoded_chunks, not_text

# Larger than this per core, a GB18030 file is decoded by a process per core: starting one costs about
# 0.1 s, decoding 64 MiB about 0.3 s. UTF-16 is never cut: a line feed byte can be half a character.
PARALLEL_TRANSCODE_BYTES = 64 << 20
_SPLITTABLE = ("gb18030",)
_CHUNK = 1 << 20
# A child's exit status, its stderr saying why: the part is not text in the encoding (the message), or
# the system refused a read or write (errno, reason, file: a full disk must still read as one).
_REFUSED, _OS_ERROR = 3, 4


@contextmanager
def utf8_file(path: Path, encoding: str, workdir: Path) -> Iterator[Path]:
    """A UTF-8 file with the text of `path`: the file itself, or a transcoded copy in `workdir`."""
    if encoding in UTF8:
        yield path
        return
    workdir.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix="transcoded-", suffix=path.suffix, dir=workdir)
    os.close(descriptor)
    copy = Path(name)
    try:
        _transcode(path, encoding, copy)
        yield copy
    finally:
        copy.unlink(missing_ok=True)


def _transcode(path: Path, encoding: str, target: Path) -> None:
    size = path.stat().st_size
    parts = min(os.cpu_count() or 1, size // PARALLEL_TRANSCODE_BYTES)
    if encoding not in _SPLITTABLE or parts < 2:
        transcode_range(path, encoding, target, 0, size)
        return
    bounds = line_bounds(path, size, parts)
    targets = [target, *(target.with_name(f"{target.name}.part{i}") for i in range(1, len(bounds) - 1))]
    children: list[subprocess.Popen[str]] = []
    try:
        for part, start, end in zip(targets[1:], bounds[1:-1], bounds[2:], strict=True):
            command = [sys.executable, "-m", __name__, str(path), encoding, str(part), str(start), str(end)]
            children.append(subprocess.Popen(command, stderr=subprocess.PIPE, text=True))
        transcode_range(path, encoding, target, bounds[0], bounds[1])
        for child in children:
            _, error = child.communicate()
            if child.returncode != 0:
                raise child_failure(child.returncode, error, path)
        with target.open("ab") as joined:
            for part in targets[1:]:
                _append(joined, part)
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
        for part in targets[1:]:
            part.unlink(missing_ok=True)


def _append(joined: BinaryIO, part: Path) -> None:
    """Append `part` to the open file `joined`, copied inside the kernel where the file system can."""
    with part.open("rb") as piece:
        remaining = part.stat().st_size
        try:
            while remaining > 0 and (
                copied := os.copy_file_range(piece.fileno(), joined.fileno(), remaining)
            ):
                remaining -= copied
        except OSError:  # a file system without copy_file_range: nothing was copied by the failed call
            shutil.copyfileobj(piece, joined, _CHUNK * 4)


def line_bounds(path: Path, size: int, parts: int) -> list[int]:
    """Byte offsets cutting `path` into about `parts` pieces, each cut just after a line feed."""
    bounds = [0]
    with path.open("rb") as handle:
        for i in range(1, parts):
            handle.seek(max(size * i // parts, bounds[-1]))
            while chunk := handle.read(_CHUNK):
                newline = chunk.find(b"\n")
                if newline >= 0:
                    bounds.append(handle.tell() - len(chunk) + newline + 1)
                    break
    bounds.append(size)
    return sorted(set(bounds))


def transcode_range(path: Path, encoding: str, target: Path, start: int, end: int) -> None:
    """Decode bytes [start, end) of `path` strictly and write them as UTF-8 to `target`."""
    with target.open("w", encoding="utf-8", newline="") as out:
        for text in decoded_chunks(path, encoding, start, end):
            if "\x00" in text:
                raise FileRejected(not_text(path))
            out.write(text)


def child_failure(status: int, stderr: str, path: Path) -> Exception:
    """The error a child's exit status and stderr stand for, raised in the caller."""
    if status == _REFUSED:
        return FileRejected(stderr.strip())
    if status == _OS_ERROR:
        number, reason, filename = stderr.strip().split("\t", 2)
        return OSError(int(number), reason, filename or None)
    return RuntimeError(f"transcoding a part of {path.name} failed: {stderr.strip()[-500:]}")


def main(argv: list[str]) -> int:
    """A child's work: PATH ENCODING TARGET START END."""
    path, encoding, target, start, end = argv
    try:
        transcode_range(Path(path), encoding, Path(target), int(start), int(end))
    except FileRejected as refused:
        print(refused, file=sys.stderr)
        return _REFUSED
    except OSError as error:
        print(f"{error.errno or 0}\t{error.strerror or error}\t{error.filename or ''}", file=sys.stderr)
        return _OS_ERROR
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
