-- Every loadable transaction row of this file, in one pass over the raw tables. Ids repeated within
-- the file are taken out afterwards (staging/duplicates), and only the rows not loaded are validated
-- again, for their reasons (staging/unloaded, staging/fates). superseded is settled after every file.
insert into transaction_rows
select
    v.exchange_id, v.txn_id, v.txn_date, v.province_code, v.category_id, v.supplier_type, v.source,
    cast(v.value_exact as decimal(18, 2)), v.listing_id, v.product, v.category_raw, v.supplier_type_raw,
    $file, v.row_number, v.sheet, false
from validated_rows($default_exchange, $today, $max_value_cny) as v
where v.reason_code is null
