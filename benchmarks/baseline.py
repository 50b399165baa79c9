"""The practical limit a refresh is compared with: DuckDB's typed `read_csv` into a table of a new file.

Run as a child process (`python -m benchmarks.baseline --csv FILE --db NEW.duckdb`) so its time and peak
memory are measured like the refresh's. `--encoding gb18030` first transcodes the file to UTF-8 in a
stream (DuckDB reads no GBK without an extension), which is the least a GBK load must do.
"""

import argparse
import codecs
import tempfile
from pathlib import Path

import duckdb

from benchmarks.inputs import BASELINE_TYPES

CREATE = (
    "create table t as select * from read_csv($path, header = true, delim = ',', quote = '\"', "
    "columns = $columns, auto_detect = false)"
)
_CHUNK = 1 << 22


def load(csv_path: Path, db: Path) -> int:
    """CREATE TABLE ... AS SELECT * FROM read_csv(...) with explicit types; returns the rows loaded."""
    with duckdb.connect(str(db)) as con:
        con.execute(CREATE, {"path": str(csv_path), "columns": BASELINE_TYPES})
        con.execute("checkpoint")
        found = con.execute("select count(*) from t").fetchone()
    return int(found[0]) if found else 0


def transcode(source: Path, target: Path, encoding: str) -> None:
    """Stream `source` from `encoding` into UTF-8 at `target`."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    with source.open("rb") as reader, target.open("w", encoding="utf-8", newline="") as writer:
        while chunk := reader.read(_CHUNK):
            writer.write(decoder.decode(chunk))
        writer.write(decoder.decode(b"", final=True))


def main() -> None:
    """Load one CSV as the baseline and print how many rows it holds."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--csv", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True, help="a new DuckDB file (removed first)")
    parser.add_argument("--encoding", default="utf-8")
    args = parser.parse_args()
    args.db.unlink(missing_ok=True)
    if args.encoding.replace("_", "-").lower() in ("utf-8", "utf8"):
        print(load(args.csv, args.db))
        return
    with tempfile.TemporaryDirectory(dir=args.db.parent) as work:
        text = Path(work) / "utf8.csv"
        transcode(args.csv, text, args.encoding)
        print(load(text, args.db))


if __name__ == "__main__":
    main()
