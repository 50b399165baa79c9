-- Reference table, unpartitioned.
copy (select * from categories order by category_id) to $path (format parquet, compression zstd);
