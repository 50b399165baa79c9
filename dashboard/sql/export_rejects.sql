-- Rows and files the refreshes did not load, with why, for the full export.
-- Only $exchanges applies: a rejected row was never normalised, so its date, province, category and
-- source are unknown; its exchange is the one its file belongs to (files whose rows name their own
-- exchange have none, and are left out once an exchange is chosen).
-- A download orders it by run, file, sheet, row and reason (export_queries._ORDER).
with
rejects as (select * from rejects),
source_files as (select * from source_files),
refresh_runs as (select * from refresh_runs),
exchanges as (select * from exchanges),

located as (
    select rejects.*, source_files.kind, source_files.exchange_id
    from rejects
    left join source_files on source_files.file = rejects.file
),

selected as (
    select *
    from located
    where len($exchanges::varchar[]) = 0 or exchange_id in (select unnest($exchanges::varchar[]))
),

final as (
    select
        selected.run_id,
        refresh_runs.finished_at as run_finished_at,
        selected.file,
        selected.kind,
        selected.exchange_id,
        exchanges.name_en as exchange_name_en,
        exchanges.name_zh as exchange_name_zh,
        selected.sheet,
        selected.row_number,
        selected.reason_code,
        selected.reason,
        selected.raw
    from selected
    left join refresh_runs on refresh_runs.run_id = selected.run_id
    left join exchanges on exchanges.exchange_id = selected.exchange_id
)

select * from final
