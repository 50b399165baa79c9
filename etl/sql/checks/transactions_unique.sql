-- Each (exchange_id, txn_id) is current at most once. Only keys this refresh touched (affected_keys:
-- in a loaded or a forgotten file; the touched_* views of etl/mirror.py) can have changed since the previous warehouse passed this check,
-- so only they are looked at: an incremental refresh does not group the whole table again. Keys are
-- compared as 64-bit hashes first (10M two-string keys would spill under the build's memory limit);
-- only hashes held twice are compared by the real key.
with
repeated as (
    select hash(exchange_id, txn_id) as key_hash
    from touched_transaction_rows
    where not superseded
    group by key_hash
    having count(*) > 1
),

final as (
    select exchange_id, txn_id, count(*) as copies
    from transactions
    where hash(exchange_id, txn_id) in (select key_hash from repeated)
    group by exchange_id, txn_id
    having count(*) > 1
)

select * from final
