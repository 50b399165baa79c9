-- Each (exchange_id, txn_id) is current at most once. Keys are first grouped by a 64-bit hash (10M
-- two-string keys would spill under the build's memory limit); only hashes held twice are compared.
with
repeated as (
    select hash(exchange_id, txn_id) as key_hash
    from transactions
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
