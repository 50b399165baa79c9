"""Where dexstat finds its data by default; each default can be overridden by an environment variable."""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
SAMPLE_DIR = DATA_DIR / "sample"
SAMPLE_MARKER = "SYNTHETIC.txt"


def default_db() -> Path:
    """The warehouse file: $DEXSTAT_DB, else data/warehouse.duckdb."""
    return Path(os.environ.get("DEXSTAT_DB", DATA_DIR / "warehouse.duckdb"))


def default_source() -> Path:
    """The folder a refresh reads: $DEXSTAT_SOURCE, else the embedded synthetic sample."""
    return Path(os.environ.get("DEXSTAT_SOURCE", SAMPLE_DIR))


def reference_dir() -> Path:
    """The committed reference facts: $DEXSTAT_REFERENCE, else data/reference."""
    return Path(os.environ.get("DEXSTAT_REFERENCE", REFERENCE_DIR))
