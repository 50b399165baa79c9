-- Loaded transactions satisfy the reject rules: non-negative, not in the future, known places.
select t.exchange_id, t.txn_id, t.txn_date, t.value_cny, t.province_code, t.source_file
from transactions as t
left join exchanges as x on x.exchange_id = t.exchange_id
left join provinces as p on p.province_code = t.province_code
left join categories as c on c.category_id = t.category_id
left join supplier_types as s on s.supplier_type = t.supplier_type and s.source = t.source
where t.value_cny < 0
    or t.txn_date > $today
    or x.exchange_id is null
    or p.province_code is null
    or c.category_id is null
    or s.supplier_type is null
