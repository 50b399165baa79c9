-- The monthly rollup by exchange and source, as the warehouse holds it (already in month order).
copy (select * from mart_monthly_exchange_transactions) to $path (format parquet, compression zstd);
