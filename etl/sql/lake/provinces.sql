-- Reference table, unpartitioned.
copy (select * from provinces order by province_code) to $path (format parquet, compression zstd);
