-- Values kept but not recognised: unclassified categories, unknown supplier types, extra columns.
create table unmapped_values (
    file varchar not null,
    field varchar not null,           -- 'category', 'supplier_type' or 'column'
    raw_value varchar,                -- null when the export left it blank
    rows bigint not null
);
