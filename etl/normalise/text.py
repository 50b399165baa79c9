"""Text cleaning shared by every normaliser: NFKC, trimming, and lookup keys."""

import math
import re
import unicodedata

import pyarrow as pa
import pyarrow.compute as pc

_SPACE = re.compile(r"\s+")


def clean_text(value: object) -> str | None:
    """NFKC-normalise and trim a value; None for missing, NaN and blank values."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text or None


def clean_texts(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """clean_text over a whole column, each distinct value cleaned once (exports repeat a few names)."""
    encoded = pc.dictionary_encode(values)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    cleaned = pa.array([clean_text(text) for text in encoded.dictionary.to_pylist()], pa.string())
    return cleaned.take(encoded.indices)


def lookup_key(value: object) -> str | None:
    """The form used to look a value up: cleaned, case-folded, without any whitespace."""
    text = clean_text(value)
    if text is None:
        return None
    key = _SPACE.sub("", text.casefold())
    return key or None
