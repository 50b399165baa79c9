-- Official statistics from data/reference/ and the source folder's statistics/ files.
create table statistic_rows (
    indicator varchar not null,       -- 'gdp', 'digital_economy', 'digital_economy_share_of_gdp', ...
    province_code varchar not null,   -- 'CN' for the whole country
    year integer not null,
    value double not null,            -- money in yuan; shares in percent
    unit varchar not null,            -- 'CNY' or 'percent'
    source varchar not null,
    source_file varchar not null,     -- 'reference/<file>' or the path in the source folder
    origin_rank integer not null      -- 0 reference, 1 source folder: the source folder wins
);

-- One figure per indicator, place and year: the analyst's statistics/ files win over the reference.
create view statistics as
select indicator, province_code, year, value, unit, source
from statistic_rows
qualify row_number() over (
    partition by indicator, province_code, year order by origin_rank desc, source_file desc
) = 1;
