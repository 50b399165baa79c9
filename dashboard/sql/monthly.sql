-- Trade per month in the selection, broken down by one dimension ($dimension, an enum chosen in SQL).
with
txn as (
    select * from memory.main.selected_transactions($start, $end, $provinces, $exchanges, $categories, $sources)
),

final as (
    select
        month,
        case $dimension
            when 'source' then source
            when 'category' then category_id
            when 'exchange' then exchange_id
            when 'province' then province_code
            when 'supplier_type' then supplier_type
        end as key,
        cast(sum(value_cny) as double) as value_cny,
        cast(sum(deals) as bigint) as deals
    from txn
    group by all
)

select * from final order by month, key
