"""The floor under the refresh target: what any refresh keeping dexstat's rules must do, and no more.

    python -m benchmarks.floor --csv FILE --db NEW.duckdb --exchange SZDEX [--encoding gb18030]

A child process, timed like the baseline and the refresh. It does, once each, only the steps no
refresh of one CSV can leave out, with dexstat's own code where there is some:

1. the SHA-256 of the file (`etl.inventory.file_sha256`), which decides at the next refresh whether the
   file changed; a GBK file is then made UTF-8 by the refresh's own transcode;
2. the warehouse's schema (`etl.warehouse.create_schema`), then the file read once with DuckDB's typed
   `read_csv` (the baseline's) straight into `transaction_rows`, its 16 columns filled with the values
   as read: no text cleaning, no mapping of provinces, categories or supplier types, no validation, no
   rejects, and every record number 0 (numbering the rows in the read makes DuckDB read on one
   thread; see BENCHMARKS.md);
3. the grouping of the file's keys that finds ids repeated within it;
4. a checkpoint.

So it is a lower bound: a refresh does all of this and more. Its ratio against the baseline measured in
the same run is the least any refresh target can be on this machine.
"""

import argparse
import contextlib
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from benchmarks.inputs import BASELINE_TYPES
from etl.inventory import file_sha256
from etl.sources.encodings import UTF8
from etl.sources.transcode import utf8_file
from etl.warehouse import create_schema

# transaction_rows' columns in order; the three code columns take the file's text as it is, and
# `source` repeats the supplier type (one more low-cardinality code column, as the refresh writes).
INSERT = """
insert into transaction_rows
select $exchange, txn_id, txn_date, province, category, supplier_type, supplier_type, amount,
       listing_id, product, null, null, $file, 0, null, false
from read_csv($path, header = true, delim = ',', quote = '"', columns = $columns, auto_detect = false)
"""
REPEATED = "select exchange_id, txn_id from transaction_rows group by all having count(*) > 1"


def load(csv_path: Path, db: Path, exchange: str, encoding: str = "utf-8") -> dict[str, Any]:
    """The floor's steps: the rows written, the ids repeated within the file, and each step's seconds.

    A file in another encoding is first made UTF-8 as the refresh makes it (`etl.sources.transcode`,
    on every core), in a folder beside `db`.
    """
    steps: dict[str, float] = {}

    @contextmanager
    def step(name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        steps[name] = time.perf_counter() - start

    with step("SHA-256 of the file"):
        file_sha256(csv_path)  # the refresh records it in source_files
    with contextlib.ExitStack() as stack:
        if encoding not in UTF8:
            with step("transcode to UTF-8"):
                text = stack.enter_context(utf8_file(csv_path, encoding, db.parent / "floor-transcoded"))
        else:
            text = csv_path
        con = stack.enter_context(duckdb.connect(str(db)))
        create_schema(con)
        params = {"exchange": exchange, "file": csv_path.name, "path": str(text)}
        with step("typed read into transaction_rows"):
            con.execute(INSERT, {**params, "columns": BASELINE_TYPES})
        with step("repeated ids"):
            repeated = len(con.execute(REPEATED).fetchall())
        with step("checkpoint"):
            con.execute("checkpoint")
        found = con.execute("select count(*) from transaction_rows").fetchone()
    return {"rows": int(found[0]) if found else 0, "repeated": repeated, "steps": steps}


def main() -> None:
    """Run the floor's steps on one CSV; print what `load` returns as one line of JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--csv", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True, help="a new DuckDB file (removed first)")
    parser.add_argument("--exchange", required=True, help="the exchange id every row gets")
    parser.add_argument("--encoding", default="utf-8", help="the file's encoding, e.g. gb18030")
    args = parser.parse_args()
    for path in (args.db, args.db.with_name(args.db.name + ".wal")):
        path.unlink(missing_ok=True)
    print(json.dumps(load(args.csv, args.db, args.exchange, args.encoding)))


if __name__ == "__main__":
    main()
