-- Reference table, unpartitioned.
copy (select * from exchanges order by exchange_id) to $path (format parquet, compression zstd);
