-- Each (exchange_id, txn_id) is current at most once. Only keys this refresh touched (in a loaded or a
-- forgotten file) can have changed since the previous warehouse passed this check, and of those only
-- a key held by more than one row can be current twice: contested_keys (etl/mirror.py's touched_views)
-- lists them, `shared`, as 64-bit hashes grouped once for supersede and this check. The refresh adds and
-- removes no row after it groups them. Only those hashes are compared by the real key.
with
repeated as (
    select key_hash from contested_keys where kind = 'transactions' and shared
),

final as (
    select exchange_id, txn_id, count(*) as copies
    from transactions
    where hash(exchange_id, txn_id) in (select key_hash from repeated)
    group by exchange_id, txn_id
    having count(*) > 1
)

select * from final
