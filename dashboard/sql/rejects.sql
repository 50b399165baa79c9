-- Rejected rows by reason and file, with the first rejected row of each as an example.
with
final as (
    select
        reason_code,
        file,
        count(*) as rows,
        arg_min(reason, coalesce(row_number, 0)) as example_reason,
        min(row_number) as example_row,
        arg_min(raw, coalesce(row_number, 0)) as example_raw
    from rejects
    group by all
)

select * from final order by rows desc, reason_code, file
