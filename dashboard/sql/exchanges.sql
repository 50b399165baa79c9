-- One row per exchange (within the exchange filter) with the selection's listings, deals, value and
-- government share; an exchange without data in the selection has nulls.
with
txn as (
    select * from memory.main.selected_transactions($start, $end, $provinces, $exchanges, $categories, $sources)
),

lst as (
    select * from memory.main.selected_listings($start, $end, $provinces, $exchanges, $categories, $sources)
),

trade as (
    select
        exchange_id,
        cast(sum(deals) as bigint) as deals,
        cast(sum(value_cny) as double) as value_cny,
        cast(coalesce(sum(value_cny) filter (where source = 'government'), 0) / nullif(sum(value_cny), 0) as double)
            as government_share
    from txn
    group by exchange_id
),

listed as (select exchange_id, cast(sum(listings) as bigint) as listings from lst group by exchange_id),

final as (
    select
        exchanges.exchange_id,
        exchanges.name_zh,
        exchanges.name_en,
        exchanges.city,
        exchanges.province_code,
        case exchanges.founded_precision
            when 'year' then strftime(exchanges.founded_on, '%Y')
            when 'month' then strftime(exchanges.founded_on, '%Y-%m')
            else strftime(exchanges.founded_on, '%Y-%m-%d')
        end as founded,
        exchanges.ownership,
        listed.listings,
        trade.deals,
        trade.value_cny,
        trade.government_share
    from exchanges
    left join trade using (exchange_id)
    left join listed using (exchange_id)
    where len($exchanges::varchar[]) = 0 or list_contains($exchanges::varchar[], exchanges.exchange_id)
)

select * from final order by value_cny desc nulls last, exchange_id
