-- Data exchanges, from data/reference/exchanges.csv, with the source of each fact.
create table exchanges (
    exchange_id varchar primary key,
    name_zh varchar not null,
    name_en varchar not null,
    aliases varchar,
    city varchar,
    province_code varchar not null,   -- a province_code of provinces (checked: checks/exchanges_placed.sql)
    founded_on date,                  -- first day of the known period; null when unknown
    founded_precision varchar,        -- 'day', 'month' or 'year': how much of founded_on is known
    ownership varchar,
    source varchar not null
);
