-- Every valid listing row of every loaded file; `listings` shows the current ones.
create table listing_rows (
    exchange_id varchar not null,
    listing_id varchar not null,
    title varchar,
    province_code varchar not null,
    category_id varchar not null,
    supplier_type varchar not null,
    source varchar not null,
    listed_on date,                   -- null when the export does not say
    category_raw varchar,
    supplier_type_raw varchar,
    source_file varchar not null,
    source_row bigint not null,
    source_sheet varchar,             -- the workbook sheet the row is on; null for a file without sheets
    superseded boolean not null default false
);

create view listings as
select exchange_id, listing_id, title, province_code, category_id, supplier_type, source,
       listed_on, source_file, source_sheet, source_row
from listing_rows
where not superseded;
