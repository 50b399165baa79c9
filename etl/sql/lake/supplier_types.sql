-- Reference table, unpartitioned.
copy (select * from supplier_types order by supplier_type) to $path (format parquet, compression zstd);
