-- Trade and listings in the selection by one dimension ($dimension), with display names.
with
txn as (
    select * from memory.main.selected_transactions($start, $end, $provinces, $exchanges, $categories, $sources)
),

lst as (
    select * from memory.main.selected_listings($start, $end, $provinces, $exchanges, $categories, $sources)
),

names as (
    select 'province' as dimension, province_code as key, name_zh, name_en from provinces
    union all select 'exchange', exchange_id, name_zh, name_en from exchanges
    union all select 'category', category_id, name_zh, name_en from categories
    union all select 'supplier_type', supplier_type, name_zh, name_en from supplier_types
),

keyed_txn as (
    select
        case $dimension
            when 'source' then source
            when 'category' then category_id
            when 'exchange' then exchange_id
            when 'province' then province_code
            when 'supplier_type' then supplier_type
        end as key,
        value_cny,
        deals,
        source
    from txn
),

keyed_lst as (
    select
        case $dimension
            when 'source' then source
            when 'category' then category_id
            when 'exchange' then exchange_id
            when 'province' then province_code
            when 'supplier_type' then supplier_type
        end as key,
        listings
    from lst
),

trade as (
    select
        key,
        cast(sum(value_cny) as double) as value_cny,
        cast(sum(deals) as bigint) as deals,
        cast(coalesce(sum(value_cny) filter (where source = 'government'), 0) as double) as government_value_cny
    from keyed_txn
    group by key
),

listed as (select key, cast(sum(listings) as bigint) as listings from keyed_lst group by key),

merged as (
    select key, trade.value_cny, trade.deals, listed.listings, trade.government_value_cny
    from trade
    full join listed using (key)
),

final as (
    select
        merged.key,
        coalesce(names.name_zh, merged.key) as name_zh,
        coalesce(names.name_en, merged.key) as name_en,
        merged.value_cny,
        merged.deals,
        merged.listings,
        merged.government_value_cny / nullif(merged.value_cny, 0) as government_share
    from merged
    left join names on names.dimension = $dimension and names.key = merged.key
)

select * from final order by value_cny desc nulls last, listings desc nulls last, key
