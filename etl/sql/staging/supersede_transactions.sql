-- Among rows sharing (exchange_id, txn_id), the newest file's row is current: latest modified_at,
-- then the later path. Only keys touched by this refresh are looked at.
update transaction_rows as t
set superseded = ranked.position > 1
from (
    select
        r.exchange_id, r.txn_id, r.source_file,
        row_number() over (
            partition by r.exchange_id, r.txn_id order by f.modified_at desc, f.file desc
        ) as position
    from transaction_rows as r
    semi join affected_keys as k on k.kind = 'transactions' and k.exchange_id = r.exchange_id and k.item_id = r.txn_id
    join source_files as f on f.file = r.source_file
) as ranked
where t.exchange_id = ranked.exchange_id
    and t.txn_id = ranked.txn_id
    and t.source_file = ranked.source_file
    and t.superseded <> (ranked.position > 1)
