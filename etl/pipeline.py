"""The refresh, step by step: scan the folder, load what changed, check, publish, report."""

import hashlib
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import duckdb
from duckdb.func import ARROW

import etl
from etl.errors import RefreshRefused
from etl.inventory import SourceFile, scan
from etl.load.context import LoadContext
from etl.load.exports import FileOutcome, load_export
from etl.load.reference import load_reference_tables
from etl.load.statistics import load_reference_statistics, load_statistics_file
from etl.mapping import read_mapping
from etl.marts import update_marts
from etl.memory import memory_limit, out_of_memory, ran_out
from etl.mirror import forget, plan_mirror, seen_files, supersede
from etl.normalise.text import clean_texts
from etl.paths import SAMPLE_MARKER, reference_dir
from etl.report import FileReport, RefreshReport
from etl.sources.reference import REFERENCE_FILES, read_reference
from etl.sql import sql
from etl.warehouse import building, refresh_lock, remove_stray_builds, schema_version

Progress = Callable[[str, int, int], None]  # (what is happening, files done, files to do)
CHECKS = (
    "transactions_unique",
    "listings_unique",
    "transactions_valid",
    "listings_valid",
    "files_balance",
    "statistics_sourced",
    "exchanges_placed",
)


def refresh(
    source_dir: Path,
    db: Path,
    today: date | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    rehash: bool = False,
) -> RefreshReport:
    """Mirror `source_dir` into the warehouse at `db` and publish it atomically.

    With `strict`, any row rejected in this refresh stops it before publishing. With `rehash`, every
    file is read and hashed, even one whose size and mtime are those recorded when it was loaded.
    """
    if not source_dir.is_dir():
        raise RefreshRefused(f"The source folder {source_dir} does not exist.")
    notify = progress or (lambda _message, _done, _total: None)
    today = today or date.today()
    limit = memory_limit()
    with refresh_lock(db):
        remove_stray_builds(db)
        try:
            return _build_and_publish(source_dir, db, today, notify, strict, limit, rehash)
        except duckdb.Error as error:
            if not out_of_memory(error):
                raise
            raise ran_out(limit) from None


def _build_and_publish(
    source_dir: Path, db: Path, today: date, notify: Progress, strict: bool, limit: str, rehash: bool
) -> RefreshReport:
    with (
        tempfile.TemporaryDirectory(prefix=f".{db.name}.work-", dir=db.parent) as work,
        building(db) as (con, _fresh),
    ):
        report = _refresh_into(con, source_dir, db, today, Path(work), notify, limit, rehash)
        if strict and report.total("rows_rejected") + sum(f.status == "rejected" for f in report.files):
            raise RefreshRefused(
                f"--strict: {report.total('rows_rejected'):,} rows were rejected, so nothing was "
                "published; the previous warehouse is unchanged. Run without --strict to see the report."
            )
        return report


def config_digest(mapping_text: str) -> str:
    """What, besides a file's bytes, decides how it loads: a change reloads every file."""
    digest = hashlib.sha256(f"{etl.__version__}:{schema_version()}:{mapping_text}".encode())
    for name in REFERENCE_FILES:
        digest.update((reference_dir() / f"{name}.csv").read_bytes())
    return digest.hexdigest()[:16]


def _refresh_into(
    con: duckdb.DuckDBPyConnection,
    source_dir: Path,
    db: Path,
    today: date,
    work: Path,
    notify: Progress,
    memory_limit: str,
    rehash: bool,
) -> RefreshReport:
    started_at = datetime.now()
    con.execute("set memory_limit = $limit", {"limit": memory_limit})
    # DuckDB's default, stated because the CSV reader numbers records by their order in its table.
    con.execute("set preserve_insertion_order = true")
    # Vectorised: one Python call per batch of values, each distinct value cleaned once.
    con.create_function("nfkc_clean", clean_texts, ["VARCHAR"], "VARCHAR", type=ARROW)
    con.execute(sql("staging/macros"))
    reference = read_reference(reference_dir())
    mapping = read_mapping(source_dir)
    notify("scanning", 0, 0)
    files = scan(source_dir, None if rehash else seen_files(con))
    run_id = int((con.execute("select coalesce(max(run_id), 0) + 1 from refresh_runs").fetchone() or (1,))[0])
    ctx = LoadContext.build(run_id, today, mapping, reference, work)
    load_reference_tables(con, reference)
    plan = plan_mirror(con, files, config_digest(mapping.text))
    forget(con, [f.file for f in plan.to_load] + plan.removed)
    reports = [FileReport(file=f.file, kind=f.kind, status="unchanged") for f in plan.unchanged]
    reports += [FileReport(file=file, kind="", status="removed") for file in plan.removed]
    outcomes: dict[str, FileOutcome] = {}
    for done, source in enumerate(plan.to_load):
        stage = _file_stage(notify, source.file, done, len(plan.to_load))
        outcomes[source.file] = _load(con, source, ctx, stage)
        _record_file(con, source, ctx, config_digest(mapping.text), outcomes[source.file])
    notify("checking", len(plan.to_load), len(plan.to_load))
    replaced = supersede(con, list(outcomes))
    reports += [_file_report(f, outcomes[f.file], replaced.get(f.file, 0)) for f in plan.to_load]
    load_reference_statistics(con, reference, ctx)
    update_marts(con)
    _check(con, today, list(outcomes))
    report = _report(con, ctx, source_dir, db, sorted(reports, key=lambda r: r.file))
    _record_run(con, report, started_at, len(plan.to_load), len(plan.unchanged), len(plan.removed))
    notify("publishing", len(plan.to_load), len(plan.to_load))
    return report


def _load(
    con: duckdb.DuckDBPyConnection, source: SourceFile, ctx: LoadContext, stage: Callable[[str], None]
) -> FileOutcome:
    if source.kind == "statistics":
        stage("loading")
        return load_statistics_file(con, source, ctx)
    return load_export(con, source, ctx, stage)


def _file_stage(notify: Progress, file: str, done: int, total: int) -> Callable[[str], None]:
    """A file's steps as progress messages: 'normalising transactions/SZDEX/trades.csv'."""
    return lambda step: notify(f"{step} {file}", done, total)


def _record_file(
    con: duckdb.DuckDBPyConnection,
    source: SourceFile,
    ctx: LoadContext,
    config: str,
    outcome: FileOutcome,
) -> None:
    message = outcome.rejected_whole or ("; ".join(outcome.notes) or None)
    con.execute(
        "insert into source_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            source.file,
            source.kind,
            source.sha256,
            config,
            source.size_bytes,
            source.modified_at,
            ctx.run_id,
            "rejected" if outcome.rejected_whole else "loaded",
            message,
            outcome.encoding,
            outcome.exchange_id,
            outcome.rows_read,
            outcome.rows_loaded,
            outcome.rows_rejected,
        ],
    )


def _file_report(source: SourceFile, outcome: FileOutcome, replaced: int) -> FileReport:
    return FileReport(
        file=source.file,
        kind=source.kind,
        status="rejected" if outcome.rejected_whole else "loaded",
        rows_read=outcome.rows_read,
        rows_loaded=outcome.rows_loaded,
        rows_rejected=outcome.rows_rejected,
        rows_replaced=replaced,
        encoding=outcome.encoding,
        message=outcome.rejected_whole or ("; ".join(outcome.notes) or None),
    )


def _check(con: duckdb.DuckDBPyConnection, today: date, loaded: list[str]) -> None:
    """Run every check; `loaded` are the files this refresh loaded, for checks that need only their rows."""
    failures = []
    given: dict[str, object] = {"today": today, "files": loaded}
    for check in CHECKS:
        text = sql(f"checks/{check}")
        offending = con.execute(text, {k: v for k, v in given.items() if f"${k}" in text}).fetchmany(3)
        if offending:
            failures.append(f"{check}: e.g. {offending}")
    if failures:
        raise RefreshRefused(
            "The new warehouse failed its checks and was not published; the previous one is unchanged:\n"
            + "\n".join(failures)
        )


def _report(
    con: duckdb.DuckDBPyConnection,
    ctx: LoadContext,
    source_dir: Path,
    db: Path,
    files: list[FileReport],
) -> RefreshReport:
    reasons = con.execute(
        "select reason_code, count(*), any_value(reason) from rejects where run_id = $run "
        "group by reason_code order by count(*) desc, reason_code limit 8",
        {"run": ctx.run_id},
    ).fetchall()
    loaded_now = [f.file for f in files if f.status in ("loaded", "rejected")]
    unmapped = con.execute(
        "select field, raw_value, sum(rows)::bigint from unmapped_values "
        "where file in (select unnest($files)) and field in ('category', 'supplier_type') "
        "group by all order by 3 desc, 2 limit 40",
        {"files": loaded_now},
    ).fetchall()
    as_of = (con.execute("select max(txn_date) from transactions").fetchone() or (None,))[0]
    return RefreshReport(
        run_id=ctx.run_id,
        db=db,
        source_dir=source_dir,
        is_sample=(source_dir / SAMPLE_MARKER).exists(),
        as_of=as_of,
        files=files,
        reasons=[(c, int(n), e) for c, n, e in reasons],
        unclassified=[(raw, int(n)) for field, raw, n in unmapped if field == "category"],
        unknown_suppliers=[(raw, int(n)) for field, raw, n in unmapped if field == "supplier_type"],
    )


def _record_run(
    con: duckdb.DuckDBPyConnection,
    report: RefreshReport,
    started_at: datetime,
    read: int,
    skipped: int,
    removed: int,
) -> None:
    con.execute(
        "insert into refresh_runs values (?, ?, ?, 'published', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            report.run_id,
            started_at,
            datetime.now(),
            str(report.source_dir.resolve()),
            report.is_sample,
            read,
            skipped,
            removed,
            report.total("rows_read"),
            report.total("rows_loaded"),
            report.total("rows_rejected"),
            report.total("rows_replaced"),
            report.as_of,
            etl.__version__,
        ],
    )
