-- The monthly rollup the dashboard charts read, as the warehouse holds it (already in month order).
copy (select * from mart_monthly_transactions) to $path (format parquet, compression zstd);
