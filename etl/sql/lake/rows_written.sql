-- Rows in the Parquet files just written for one relation (read from the files' footers).
select count(*) as rows from read_parquet($files)
