-- This file's loaded transaction rows; superseded is settled after every file is in.
insert into transaction_rows
select
    exchange_id, txn_id, txn_date, province_code, category_id, supplier_type, source,
    cast(value_exact as decimal(18, 2)), listing_id, product, category_raw, supplier_type_raw,
    $file, row_number, false
from validated
where reason_code is null
