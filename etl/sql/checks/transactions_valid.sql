-- Loaded transactions satisfy the reject rules. Amount and date are checked on every current row (the
-- day of the refresh moves). Known places are checked on the rows of the files this refresh loaded
-- ($files), current or not: a row loaded earlier was checked by the refresh that loaded it against the
-- same reference facts, and a change to those facts reloads every file (pipeline.config_digest). So an
-- incremental refresh does not join the whole table again; the amount and date filters are answered
-- from the row groups' min/max.
with
loaded_now as (
    select t.*
    from transaction_rows as t
    semi join (select unnest(cast($files as varchar[])) as file) as f on f.file = t.source_file
),

unplaced as (
    select t.exchange_id, t.txn_id, t.txn_date, t.value_cny, t.province_code, t.source_file
    from loaded_now as t
    left join exchanges as x on x.exchange_id = t.exchange_id
    left join provinces as p on p.province_code = t.province_code
    left join categories as c on c.category_id = t.category_id
    left join supplier_types as s on s.supplier_type = t.supplier_type and s.source = t.source
    where x.exchange_id is null
        or p.province_code is null
        or c.category_id is null
        or s.supplier_type is null
),

out_of_range as (
    select exchange_id, txn_id, txn_date, value_cny, province_code, source_file
    from transactions
    where value_cny < 0 or txn_date > $today
)

select * from out_of_range
union all
select * from unplaced
