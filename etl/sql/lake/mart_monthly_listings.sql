-- Monthly new listings, as the warehouse holds them.
copy (select * from mart_monthly_listings) to $path (format parquet, compression zstd);
