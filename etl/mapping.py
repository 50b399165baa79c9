"""The analyst's mapping file (DIR/mapping.toml): unusual headers and files' exchanges, without code."""

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from etl.errors import FileRejected

MAPPING_FILE = "mapping.toml"


@dataclass(frozen=True)
class SourceMapping:
    """Header -> field, and file or folder prefix -> exchange, as the analyst wrote them."""

    columns: Mapping[str, str] = field(default_factory=dict)
    exchanges: Mapping[str, str] = field(default_factory=dict)
    text: str = ""

    def exchange_for(self, file: str) -> str | None:
        """The exchange named for this file, or for the longest folder prefix that contains it."""
        best: tuple[int, str] | None = None
        for prefix, exchange in self.exchanges.items():
            prefix = prefix.strip("/")
            if (file == prefix or file.startswith(prefix + "/")) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), exchange)
        return best[1] if best else None


def read_mapping(source_dir: Path) -> SourceMapping:
    """Read DIR/mapping.toml if there is one; a malformed file is a clear error, not a traceback."""
    path = source_dir / MAPPING_FILE
    if not path.exists():
        return SourceMapping()
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FileRejected(f"{MAPPING_FILE} is not valid TOML: {error}") from None
    sections = {"columns": data.get("columns", {}), "exchanges": data.get("exchanges", {})}
    for name, section in sections.items():
        if not isinstance(section, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in section.items()
        ):
            raise FileRejected(f"[{name}] in {MAPPING_FILE} must map names to text values")
    unknown = sorted(set(data) - set(sections))
    if unknown:
        raise FileRejected(f"{MAPPING_FILE} has unknown sections {unknown}; use [columns] and [exchanges]")
    return SourceMapping(columns=sections["columns"], exchanges=sections["exchanges"], text=text)
