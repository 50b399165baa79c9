-- Every valid transaction row of every loaded file; `transactions` shows the current ones.
create table transaction_rows (
    exchange_id varchar not null,
    txn_id varchar not null,
    txn_date date not null,
    province_code varchar not null,
    category_id varchar not null,
    supplier_type varchar not null,
    source varchar not null,
    value_cny decimal(18, 2) not null,
    listing_id varchar,
    product varchar,
    category_raw varchar,             -- as written in the export when not recognised, for the unmapped report
    supplier_type_raw varchar,
    source_file varchar not null,
    source_row bigint not null,
    source_sheet varchar,             -- the workbook sheet the row is on; null for a file without sheets
    superseded boolean not null default false  -- true when a newer file has the same (exchange_id, txn_id)
);

create view transactions as
select exchange_id, txn_id, txn_date, province_code, category_id, supplier_type, source,
       value_cny, listing_id, product, source_file, source_sheet, source_row
from transaction_rows
where not superseded;
