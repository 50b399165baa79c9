-- Among rows sharing (exchange_id, txn_id), the newest file's row is current: latest modified_at,
-- then the later path. Only keys touched by this refresh that can change are looked at: held by more
-- than one row, or by a row marked superseded (its newer copy was forgotten): contested_keys, grouped
-- by etl/mirror.py's touched_views.
-- A key held by one current row (every key of a first load) is settled already: no window, no update.
-- The rows whose flag changes are kept in flipped_transaction_rows: etl/mirror.py adds their months to
-- changed_months, the months of the marts to sum again.
create or replace temp table flipped_transaction_rows as
with
-- 64-bit hashes of (exchange_id, txn_id). A colliding hash only brings in rows that the window, which
-- partitions by the real key, then leaves as they are.
contested as (
    select key_hash from contested_keys where kind = 'transactions'
),

ranked as (
    select
        r.exchange_id, r.txn_id, r.source_file, r.txn_date, r.superseded,
        row_number() over (
            partition by r.exchange_id, r.txn_id order by f.modified_at desc, f.file desc
        ) > 1 as newer_exists
    from transaction_rows as r
    join source_files as f on f.file = r.source_file
    where hash(r.exchange_id, r.txn_id) in (select key_hash from contested)
),

final as (
    select exchange_id, txn_id, source_file, txn_date, newer_exists as superseded
    from ranked
    where superseded <> newer_exists
)

select * from final;

update transaction_rows as t
set superseded = f.superseded
from flipped_transaction_rows as f
where t.exchange_id = f.exchange_id
    and t.txn_id = f.txn_id
    and t.source_file = f.source_file;
