-- Current transactions, one folder per year and exchange: transactions/year=2023/exchange=SZDEX/*.parquet.
-- The folder keys are copies: txn_date and exchange_id stay in every file with their own types.
-- $reused: folders linked from the current lake instead (lake/partitions.sql spells them the same way).
copy (
    select *, year(txn_date) as year, exchange_id as exchange
    from transactions
    where not list_contains(cast($reused as varchar[]), concat('year=', year(txn_date), '/exchange=', exchange_id))
    order by txn_date, exchange_id, txn_id
) to $path (format parquet, compression zstd, partition_by (year, exchange));
