-- Among rows sharing (exchange_id, txn_id), the newest file's row is current: latest modified_at,
-- then the later path. Only keys touched by this refresh (touched_* views, etl/mirror.py) are looked
-- at, and only those that can change: held by more than one row, or by a row marked superseded (its
-- newer copy was forgotten).
-- A key held by one current row (every key of a first load) is settled already: no window, no update.
update transaction_rows as t
set superseded = ranked.position > 1
from (
    with
    -- Keys are compared as 64-bit hashes of (exchange_id, txn_id): grouping 10M two-string keys spills
    -- under the build's memory limit, 10M hashes fit. A colliding hash only brings in rows that the
    -- window, which partitions by the real key, then leaves as they are.
    contested as (
        select hash(exchange_id, txn_id) as key_hash
        from touched_transaction_rows
        group by key_hash
        having count(*) > 1 or bool_or(superseded)
    ),

    final as (
        select
            r.exchange_id, r.txn_id, r.source_file,
            row_number() over (
                partition by r.exchange_id, r.txn_id order by f.modified_at desc, f.file desc
            ) as position
        from transaction_rows as r
        join source_files as f on f.file = r.source_file
        where hash(r.exchange_id, r.txn_id) in (select key_hash from contested)
    )

    select * from final
) as ranked
where t.exchange_id = ranked.exchange_id
    and t.txn_id = ranked.txn_id
    and t.source_file = ranked.source_file
    and t.superseded <> (ranked.position > 1)
