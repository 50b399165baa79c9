-- This file's loaded listing rows; superseded is settled after every file is in.
insert into listing_rows
select
    v.exchange_id, v.listing_id, v.title, v.province_code, v.category_id, v.supplier_type, v.source,
    v.listed_on, v.category_raw, v.supplier_type_raw, $file, v.row_number, false
from validated_rows($default_exchange, $today, $max_value_cny) as v
anti join duplicates as d on d.sheet_no = v.sheet_no and d.row_number = v.row_number
where v.reason_code is null
