-- For every file: rows read = rows loaded + rows rejected, and the tables agree with the counts.
with
counted as (
    select
        f.file,
        f.rows_read,
        f.rows_loaded,
        f.rows_rejected,
        (select count(*) from transaction_rows where source_file = f.file)
            + (select count(*) from listing_rows where source_file = f.file)
            + (select count(*) from statistic_rows where source_file = f.file) as rows_in_tables,
        (select count(*) from rejects as r where r.file = f.file and r.row_number is not null)
            + (select count(*) from rejects as r where r.file = f.file and r.row_number is null
               and r.reason_code <> 'file_unreadable') as rejects_in_table
    from source_files as f
)

select *
from counted
where rows_read <> rows_loaded + rows_rejected
    or rows_loaded <> rows_in_tables
    or rows_rejected <> rejects_in_table
