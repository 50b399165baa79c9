-- The 31 mainland provincial-level divisions (GB/T 2260 codes), from data/reference/provinces.csv.
create table provinces (
    province_code varchar primary key,
    name_zh varchar not null,
    name_en varchar not null,
    region varchar not null,          -- NBS economic region: east, central, west, northeast
    aliases varchar                   -- pipe-separated names the loader recognises
);
