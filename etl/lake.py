"""The lake: the warehouse's curated tables as Hive-partitioned Parquet in a folder, published atomically.

`DIR` is a symbolic link to a sibling folder `DIR.v<n>` holding one complete lake. A new lake is built
in `DIR.building-<pid>`, checked, renamed to a new version and then the link is replaced in one
rename: a reader of `DIR` sees the old lake or the new one, never half of either. The version before
is kept until the next publish, so readers in the middle of a query can finish.
"""

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from etl.errors import DexstatError
from etl.lake_folder import (
    BUILD_SUFFIX,
    VERSION_SUFFIX,
    lake_lock,
    link_files,
    remove_stray_builds,
    swap,
    sync,
)
from etl.sql import quote, sql

FORMAT = "dexstat-lake/2"  # 2: the refresh history, files, rejects and unmapped values
MANIFEST = "_manifest.json"
GUIDE = "LAKE.md"
# Relation -> its Hive partition keys, outermost folder first. SQL in etl/sql/lake/<relation>.sql.
TABLES: dict[str, tuple[str, ...]] = {
    "transactions": ("year", "exchange"),
    "listings": ("exchange",),
    "mart_monthly_transactions": (),
    "mart_monthly_exchange_transactions": (),
    "mart_monthly_listings": (),
    "provinces": (),
    "exchanges": (),
    "categories": (),
    "supplier_types": (),
    "statistics": (),
    "published_figures": (),
    # what the dashboard shows besides the data: refreshes, files read, rows rejected, text not recognised
    "refresh_runs": (),
    "source_files": (),
    "rejects": (),
    "unmapped_values": (),
}
# Written as of the run the lake is written from, but left out of the digest: every refresh adds a run,
# and a lake is rewritten only when the data changed.
UNDIGESTED = ("refresh_runs",)
Progress = Callable[[str, int, int], None]  # (what is happening, tables done, tables to do)


class LakeNotWritten(DexstatError):
    """The lake could not be written; the previous lake, if any, is unchanged."""


@dataclass(frozen=True)
class LakeOutcome:
    """What a publish did: wrote a new lake, or found the lake already current."""

    path: Path
    written: bool
    run_id: int  # the refresh run the lake's data was written from
    rows: dict[str, int]


def publish_lake(db: Path, lake: Path, progress: Progress | None = None) -> LakeOutcome:
    """Write the curated tables of the warehouse `db` under `lake`, unless the lake already holds them."""
    notify = progress or (lambda _message, _done, _total: None)
    lake = Path(os.path.abspath(lake))  # not resolved: DIR itself is the link that gets replaced
    _check_target(lake)
    try:
        lake.parent.mkdir(parents=True, exist_ok=True)
        with lake_lock(lake):
            remove_stray_builds(lake)
            with _attached(db) as con:
                manifest = _manifest(con, db)
                current = _current_manifest(lake)
                if current is not None and current["digest"] == manifest["digest"]:
                    rows = {name: table["rows"] for name, table in current["tables"].items()}
                    return LakeOutcome(lake, False, current["warehouse"]["refresh_run_id"], rows)
                build = lake.with_name(f"{lake.name}{BUILD_SUFFIX}{os.getpid()}")
                try:
                    _write(con, build, manifest, notify, Previous(lake, current) if current else None)
                    swap(build, lake)
                finally:
                    shutil.rmtree(build, ignore_errors=True)
    except (OSError, duckdb.Error) as error:
        raise LakeNotWritten(_not_written(lake, error)) from None
    rows = {name: table["rows"] for name, table in manifest["tables"].items()}
    return LakeOutcome(lake, True, manifest["warehouse"]["refresh_run_id"], rows)


def _check_target(lake: Path) -> None:
    """Refuse a DIR that holds something other than a dexstat lake: it would be replaced."""
    refused = "The warehouse was published, but the lake was not written:"
    if lake.is_symlink():
        if not os.readlink(lake).startswith(lake.name + VERSION_SUFFIX):
            raise LakeNotWritten(
                f"{refused} {lake} is a symbolic link dexstat did not make. "
                "Give the folder it points to, or a new one."
            )
    elif lake.is_dir():
        if any(lake.iterdir()) and not (lake / MANIFEST).is_file():
            raise LakeNotWritten(
                f"{refused} {lake} already holds files that are not a dexstat lake. "
                "Give a new or empty folder."
            )
    elif lake.exists():
        raise LakeNotWritten(f"{refused} {lake} is a file, not a folder.")


def _not_written(lake: Path, error: OSError | duckdb.Error) -> str:
    if isinstance(error, OSError):
        reason = f"{error.strerror or error} ({error.filename or 'no file'})"
    else:
        reason = (str(error).splitlines() or ["unknown error"])[0]
    return (
        f"The warehouse was published, but the lake at {lake} could not be written: {reason}. "
        "The previous lake, if any, is unchanged."
    )


@contextmanager
def _attached(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The published warehouse, attached read-only in a private in-memory database."""
    if not db.is_file():
        raise LakeNotWritten(f"There is no warehouse at {db} to write a lake from.")
    config: dict[str, str | bool | int | float | list[str]] = {
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }
    with duckdb.connect(":memory:", config=config) as con:
        con.execute("set enable_progress_bar = false")  # the CLI shows its own progress on stderr
        con.execute("attach $path as warehouse (read_only)", {"path": str(db.absolute())})
        con.execute("use warehouse")
        yield con


def _manifest(con: duckdb.DuckDBPyConnection, db: Path) -> dict[str, Any]:
    """The manifest of the lake the warehouse would give: its build, rows per table, a content digest."""
    run = con.execute(sql("lake/latest_run")).fetchone()
    if run is None:
        raise LakeNotWritten(f"The warehouse at {db} has no refresh yet: there is nothing to write.")
    run_id, finished_at, is_sample, as_of, version, schema = run
    contents = {
        name: (int(rows), digest) for name, rows, digest in con.execute(sql("lake/contents")).fetchall()
    }
    partitions: dict[str, dict[str, str]] = {name: {} for name, keys in TABLES.items() if keys}
    for name, folder, rows, part_digest in con.execute(sql("lake/partitions")).fetchall():
        partitions[name][folder] = str(part_digest)
        before_rows, before_digest = contents.get(name, (0, "0"))
        contents[name] = (before_rows + int(rows), str(int(before_digest) + int(part_digest)))
    for name in partitions:
        contents.setdefault(name, (0, "0"))
    digested = sorted(item for item in contents.items() if item[0] not in UNDIGESTED)
    digest = hashlib.sha256(json.dumps([FORMAT, schema, digested]).encode()).hexdigest()
    return {
        "format": FORMAT,
        "written_at": datetime.now().isoformat(timespec="seconds"),
        "synthetic": bool(is_sample),
        "warehouse": {
            "path": str(db.absolute()),
            "refresh_run_id": int(run_id),
            "refreshed_at": finished_at.isoformat(timespec="seconds"),
            "as_of": as_of.isoformat() if as_of else None,
            "schema_version": schema,
            "dexstat_version": version,
        },
        "digest": digest[:32],
        "tables": {
            name: {
                "rows": contents[name][0],
                "partitioned_by": list(keys),
                "path": f"{name}/",
                # a reader's schema even when the table is empty (a partitioned copy then writes no file)
                "columns": [
                    [column, kind] for column, kind, *_ in con.execute(f"describe {quote(name)}").fetchall()
                ],
                **({"partitions": partitions[name]} if keys else {}),  # folder -> digest of its rows
            }
            for name, keys in TABLES.items()
        },
    }


def _current_manifest(lake: Path) -> dict[str, Any] | None:
    """The manifest of the lake at `lake` when it is a complete lake of this format, else None."""
    try:
        manifest: dict[str, Any] = json.loads((lake / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    complete = all((lake / name).is_dir() for name in TABLES)
    return manifest if manifest.get("format") == FORMAT and complete else None


@dataclass(frozen=True)
class Previous:
    """The complete lake being replaced: where it is and its manifest."""

    path: Path
    manifest: dict[str, Any]

    def reusable(self, manifest: dict[str, Any], name: str) -> list[str]:
        """The partition folders of `name` it holds with the rows the warehouse has now."""
        held = self.manifest["tables"].get(name, {}).get("partitions", {})
        return sorted(
            folder
            for folder, digest in manifest["tables"][name]["partitions"].items()
            if held.get(folder) == digest and any((self.path / name / folder).glob("*.parquet"))
        )


def _write(
    con: duckdb.DuckDBPyConnection,
    build: Path,
    manifest: dict[str, Any],
    notify: Progress,
    previous: Previous | None,
) -> None:
    """Write every table, check its rows against the warehouse, then the manifest and guide.

    A partition whose rows are those of the same partition in the `previous` lake is linked from it (a
    refresh that adds a month of one exchange rewrites that exchange's year, not the whole lake).
    """
    build.mkdir()
    for done, (name, keys) in enumerate(TABLES.items()):
        folder = build / name
        folder.mkdir()  # partitioned COPY writes no folder for an empty table; readers expect one
        reused = previous.reusable(manifest, name) if keys and previous else []
        notify(f"writing lake: {name}", done, len(TABLES))
        if keys:
            con.execute(sql(f"lake/{name}"), {"path": str(folder), "reused": reused})
        else:
            con.execute(sql(f"lake/{name}"), {"path": str(folder / "data_0.parquet")})
        for partition in reused:  # reused is empty without a previous lake
            link_files(previous.path / name / partition, folder / partition)  # type: ignore[union-attr]
        expected = manifest["tables"][name]["rows"]
        files = sorted(str(path) for path in folder.rglob("*.parquet"))
        written = con.execute(sql("lake/rows_written"), {"files": files}).fetchone() if files else (0,)
        rows = int(written[0]) if written else 0
        if rows != expected:
            raise LakeNotWritten(
                f"The warehouse was published, but the lake's {name} came out with {rows} rows instead "
                f"of {expected}, so it was not published; the previous lake is unchanged."
            )
        manifest["tables"][name]["files"] = len(files)
    notify("writing lake: manifest", len(TABLES), len(TABLES))
    (build / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    (build / GUIDE).write_text(_guide(manifest), encoding="utf-8")
    sync(build)


def _guide(manifest: dict[str, Any]) -> str:
    """LAKE.md: what the folder holds, where it came from, and how to read it."""
    house = manifest["warehouse"]
    lines = ["# dexstat lake", ""]
    if manifest["synthetic"]:
        lines += ["**SYNTHETIC DATA**: built from the generated sample; its numbers are invented.", ""]
    lines += [
        f"The curated tables of the warehouse `{house['path']}` after refresh run {house['refresh_run_id']} "
        f"({house['refreshed_at']}), transactions as of {house['as_of'] or 'none'}, written "
        f"{manifest['written_at']} by dexstat {house['dexstat_version']}. The next `dexstat refresh --lake` "
        "replaces the whole folder: do not edit it. `_manifest.json` says the same for programs.",
        "",
        "| table | rows | files | partitioned by |",
        "|---|---:|---:|---|",
    ]
    for name, table in manifest["tables"].items():
        keys = ", ".join(table["partitioned_by"]) or "-"
        lines.append(f"| `{name}` | {table['rows']:,} | {table.get('files', 0)} | {keys} |")
    lines += [
        "",
        "`year` and `exchange` are folder keys, copies of `year(txn_date)` and `exchange_id`. The last four",
        "tables are the warehouse's record of its refreshes, the files it read, the rows it rejected and the",
        "text it did not recognise: `dexstat serve --lake` shows them. `refresh_runs` ends with the run the",
        "lake was written from; a refresh that changes no data leaves the lake as it is.",
        "",
        "DuckDB: `select * from read_parquet('<lake>/transactions/**/*.parquet', hive_partitioning = true)`",
        "Spark: `spark.read.parquet('<lake>/transactions')`",
        "",
    ]
    return "\n".join(lines)
