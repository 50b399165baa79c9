-- Every loadable listing row of this file, in one pass over the raw tables; the rest as for
-- transactions (staging/insert_transactions). superseded is settled after every file.
insert into listing_rows
select
    v.exchange_id, v.listing_id, v.title, v.province_code, v.category_id, v.supplier_type, v.source,
    v.listed_on, v.category_raw, v.supplier_type_raw, $file, v.row_number, v.sheet, false
from validated_rows($default_exchange, $today, $max_value_cny) as v
where v.reason_code is null
