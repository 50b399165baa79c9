-- Every row the files in `forgotten` put in (files changed or gone since the last refresh), from each
-- table that names its file. Their keys and months were remembered before (etl/mirror.py).
delete from transaction_rows where source_file in (select file from forgotten);
delete from listing_rows where source_file in (select file from forgotten);
delete from statistic_rows where source_file in (select file from forgotten);
delete from rejects where file in (select file from forgotten);
delete from unmapped_values where file in (select file from forgotten);
delete from source_files where file in (select file from forgotten);
