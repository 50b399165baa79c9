-- Every province with the selection's trade, listings and trade value per 100 million CNY of its GDP.
-- A province without data has nulls (no data), never zeros. The GDP ratio uses only the years that
-- have both trade and GDP, so a missing GDP year does not inflate it.
with
txn as (
    select * from memory.main.selected_transactions($start, $end, $provinces, $exchanges, $categories, $sources)
),

lst as (
    select * from memory.main.selected_listings($start, $end, $provinces, $exchanges, $categories, $sources)
),

gdp as (
    select province_code, year, value as gdp_cny
    from statistics
    where indicator = 'gdp' and province_code <> 'CN' and unit = 'CNY'
),

yearly as (
    select province_code, year(month) as year, sum(value_cny) as value_cny, cast(sum(deals) as bigint) as deals
    from txn
    group by all
),

trade as (
    select province_code, cast(sum(value_cny) as double) as value_cny, cast(sum(deals) as bigint) as deals
    from yearly
    group by province_code
),

intensity as (
    select yearly.province_code, cast(sum(yearly.value_cny) as double) as matched_value_cny, sum(gdp.gdp_cny) as gdp_cny
    from yearly
    join gdp using (province_code, year)
    group by yearly.province_code
),

listed as (select province_code, cast(sum(listings) as bigint) as listings from lst group by province_code),

final as (
    select
        provinces.province_code,
        provinces.name_zh,
        provinces.name_en,
        trade.value_cny,
        trade.deals,
        listed.listings,
        intensity.gdp_cny,
        intensity.matched_value_cny / intensity.gdp_cny * 100000000 as value_per_100m_gdp
    from provinces
    left join trade using (province_code)
    left join listed using (province_code)
    left join intensity using (province_code)
)

select * from final order by value_cny desc nulls last, province_code
