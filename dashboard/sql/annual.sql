-- Per year: the selection's exchange trade, the national digital economy (size, share of GDP), national GDP
-- and the published national data-trading market size, each with its source. Years without a figure are
-- nulls (gaps), never zeros; a forecast is its own column, never mixed with reported figures.
with
txn as (
    select * from memory.main.selected_transactions($start, $end, $provinces, $exchanges, $categories, $sources)
),

trade as (
    select year(month) as year, cast(sum(value_cny) as double) as value_cny, cast(sum(deals) as bigint) as deals
    from txn
    group by all
),

national as (
    select indicator, year, value, source
    from statistics
    where province_code = 'CN' and indicator in ('gdp', 'digital_economy', 'digital_economy_share_of_gdp')
),

market as (
    select year(period_start) as year, kind, value, source
    from published_figures
    where subject = 'CN' and metric = 'data_trading_market_value' and unit = 'CNY'
        and kind in ('annual', 'forecast') and period_start is not null
    qualify row_number() over (partition by year(period_start), kind order by as_of desc) = 1
),

years as (
    select unnest(range(min(year), max(year) + 1)) as year
    from (
        select year from trade
        union all select year from national
        union all select year from market
    )
),

final as (
    select
        years.year,
        trade.value_cny as trade_value_cny,
        trade.deals,
        de.value as digital_economy_cny,
        de.source as digital_economy_source,
        share.value as digital_economy_share_pct,
        share.source as digital_economy_share_source,
        gdp.value as gdp_cny,
        gdp.source as gdp_source,
        reported.value as market_value_cny,
        reported.source as market_source,
        forecast.value as market_forecast_cny,
        forecast.source as market_forecast_source,
        trade.value_cny / reported.value * 100 as trade_share_of_market_pct
    from years
    left join trade using (year)
    left join national as de on de.year = years.year and de.indicator = 'digital_economy'
    left join national as share on share.year = years.year and share.indicator = 'digital_economy_share_of_gdp'
    left join national as gdp on gdp.year = years.year and gdp.indicator = 'gdp'
    left join market as reported on reported.year = years.year and reported.kind = 'annual'
    left join market as forecast on forecast.year = years.year and forecast.kind = 'forecast'
)

select * from final order by year
