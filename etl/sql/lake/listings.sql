-- Current listings, one folder per exchange (many have no listing date): listings/exchange=SDE/*.parquet.
-- $reused: folders linked from the current lake instead (lake/partitions.sql spells them the same way).
copy (
    select *, exchange_id as exchange
    from listings
    where not list_contains(cast($reused as varchar[]), concat('exchange=', exchange_id))
    order by exchange_id, listing_id
) to $path (format parquet, compression zstd, partition_by (exchange));
