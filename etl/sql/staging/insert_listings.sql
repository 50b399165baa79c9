-- This file's loaded listing rows; superseded is settled after every file is in.
insert into listing_rows
select
    exchange_id, listing_id, title, province_code, category_id, supplier_type, source,
    listed_on, category_raw, supplier_type_raw, $file, row_number, false
from validated
where reason_code is null
