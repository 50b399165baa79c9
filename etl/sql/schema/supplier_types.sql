-- Who supplied the data, and its two-way source; 'unknown' is explicit, never guessed.
create table supplier_types (
    supplier_type varchar primary key,
    source varchar not null,          -- 'government', 'private' or 'unknown'
    name_zh varchar not null,
    name_en varchar not null,
    aliases varchar
);
