-- Each file of the source folder as last loaded (hash, encoding, rows read, loaded and rejected).
copy (select * from source_files order by file) to $path (format parquet, compression zstd);
