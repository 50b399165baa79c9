-- Every published refresh, newest first.
with
final as (
    select
        run_id, started_at, finished_at, status, is_sample, files_read, files_skipped, files_removed,
        rows_read, rows_loaded, rows_rejected, rows_replaced, as_of
    from refresh_runs
)

select * from final order by run_id desc
