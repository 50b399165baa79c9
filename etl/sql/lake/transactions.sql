-- Current transactions, one folder per year and exchange: transactions/year=2023/exchange=SZDEX/*.parquet.
-- The folder keys are copies: txn_date and exchange_id stay in every file with their own types.
copy (
    select *, year(txn_date) as year, exchange_id as exchange
    from transactions
    order by txn_date, exchange_id, txn_id
) to $path (format parquet, compression zstd, partition_by (year, exchange));
