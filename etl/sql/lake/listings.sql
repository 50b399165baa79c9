-- Current listings, one folder per exchange (many have no listing date): listings/exchange=SDE/*.parquet.
copy (
    select *, exchange_id as exchange
    from listings
    order by exchange_id, listing_id
) to $path (format parquet, compression zstd, partition_by (exchange));
