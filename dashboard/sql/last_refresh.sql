-- The latest published refresh: when, how much, as of which day, and whether the data are synthetic.
with
final as (
    select run_id, finished_at, as_of, is_sample, rows_loaded, rows_rejected
    from refresh_runs
    order by run_id desc
    limit 1
)

select * from final
