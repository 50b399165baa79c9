-- Every row not loaded, with its reason and the record as read: the dashboard's data-quality page.
copy (
    select * from rejects order by file, sheet, row_number, reason_code
) to $path (format parquet, compression zstd);
