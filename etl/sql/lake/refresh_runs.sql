-- Every refresh of the warehouse up to the one the lake is written from, for the dashboard's history.
copy (select * from refresh_runs order by run_id) to $path (format parquet, compression zstd);
