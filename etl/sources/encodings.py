"""Text encodings of exported files, detected strictly (etl.sources.transcode turns them into UTF-8).

Exchanges and the NBS portal write UTF-8, UTF-8 with a BOM, GBK or UTF-16 (Excel's "Unicode text").
A byte-order mark decides; otherwise strict UTF-8 is tried first, then strict GB18030 (a superset of
GBK). Many UTF-8 Chinese texts also decode as GB18030 (into mojibake such as 鎴愪氦), so the order
matters. Files are streamed in chunks: a 700 MB export is never held in memory.

A CSV reader may instead `guess_encoding` from the file's first MiB and have the rest checked as it is
read: DuckDB refuses invalid UTF-8 (the reader then detects strictly and reads again), and the one
pass that transcodes GB18030 to UTF-8 (etl.sources.transcode) decodes it strictly: a file that turns
out not to be GB18030 is refused there, near the byte that is not. A GBK export is decoded once.
"""

import codecs
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from etl.errors import FileRejected

T = TypeVar("T")
UTF8 = ("utf-8", "utf-8-sig")
_CHUNK = 1 << 20
# DuckDB's words when a file read as UTF-8 is not: the guess was wrong, detect strictly.
NOT_UTF8 = "Invalid unicode (byte sequence mismatch)"
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def detect_encoding(path: Path) -> str:
    """'utf-8', 'utf-8-sig', 'gb18030' or 'utf-16'; FileRejected for empty, binary or other text."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as error:
        raise FileRejected(f"{path.name} cannot be opened ({error.strerror})") from None
    if not head:
        raise FileRejected(f"{path.name} is empty")
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise FileRejected(f"{path.name} is UTF-32 text, which is not read; save it as UTF-8")
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            # UTF-16 is checked while it is transcoded; a UTF-8 BOM must be followed by UTF-8.
            if encoding == "utf-16" or _decodes(path, encoding):
                return encoding
            raise FileRejected(f"{path.name} starts with a UTF-8 byte-order mark but is not valid UTF-8")
    for encoding in ("utf-8", "gb18030"):
        if _decodes(path, encoding):
            return encoding
    raise FileRejected(
        f"{path.name} is neither UTF-8 nor GBK/GB18030 text (other encodings are not guessed, to avoid "
        "garbled Chinese); save it as UTF-8 CSV"
    )


class GuessedWrong(Exception):
    """A reader found text that is not UTF-8 in a file whose encoding was guessed to be UTF-8."""


def read_guessing(path: Path, read: Callable[[str, bool], T]) -> tuple[T, str]:
    """`read(encoding, guessed)` with the encoding guessed from the first MiB, and the encoding used.

    When `read` raises GuessedWrong (the rest of the file is not UTF-8), the encoding is detected
    strictly and the file read again.
    """
    encoding = guess_encoding(path)
    try:
        return read(encoding, True), encoding
    except GuessedWrong:
        encoding = detect_encoding(path)
        return read(encoding, False), encoding


def guess_encoding(path: Path) -> str:
    """As detect_encoding, but decided by the first MiB (UTF-8 if it is, else GB18030 if it is): the
    caller's reader must check the rest."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_CHUNK)
    except OSError as error:
        raise FileRejected(f"{path.name} cannot be opened ({error.strerror})") from None
    if b"\x00" in head or head.startswith(tuple(bom for bom, encoding in _BOMS if encoding != "utf-8-sig")):
        return detect_encoding(path)  # binary, UTF-16 or UTF-32: decided and reported there
    if not head:
        raise FileRejected(f"{path.name} is empty")
    if _head_decodes(head, "utf-8"):
        return "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    if len(head) == _CHUNK and _head_decodes(head, "gb18030"):
        return "gb18030"
    return detect_encoding(path)  # a file of at most 1 MiB is decided strictly, with detect's reasons


def _head_decodes(head: bytes, encoding: str) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)(errors="strict").decode(head)  # a cut last character waits
    except UnicodeDecodeError:
        return False
    return True


def read_text(path: Path) -> tuple[str, str]:
    """The whole text of a small file and its encoding, detected as for exports."""
    encoding = detect_encoding(path)
    text = "".join(decoded_chunks(path, encoding))
    if "\x00" in text:
        raise FileRejected(not_text(path))
    return text.removeprefix("\ufeff"), encoding


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if b"\x00" in chunk:
                raise FileRejected(not_text(path))
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def decoded_chunks(path: Path, encoding: str, start: int = 0, end: int | None = None) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = start
    try:
        with path.open("rb") as handle:
            handle.seek(start)
            while chunk := handle.read(_CHUNK if end is None else min(_CHUNK, end - offset)):
                yield decoder.decode(chunk)
                offset += len(chunk)
        yield decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise FileRejected(
            f"{path.name} looks like {encoding.upper()} text but cannot be decoded near byte "
            f"{offset + error.start} ({error.reason}); save it again as UTF-8"
        ) from None


def not_text(path: Path) -> str:
    """Why a file holding NUL bytes is refused."""
    return f"{path.name} is not a text file (it contains NUL bytes); export the data as CSV, XLSX or JSON"
