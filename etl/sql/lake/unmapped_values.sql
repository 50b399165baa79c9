-- Category and supplier-type text the loader did not recognise, with how many rows carried it.
copy (select * from unmapped_values order by all) to $path (format parquet, compression zstd);
