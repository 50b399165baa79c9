-- Deals and value in the selection whose category is unclassified or whose supplier type is unknown.
with
txn as (
    select * from memory.main.selected_transactions($start, $end, $provinces, $exchanges, $categories, $sources)
),

final as (
    select
        coalesce(cast(sum(deals) as bigint), 0) as deals,
        coalesce(cast(sum(deals) filter (where category_id = 'unclassified') as bigint), 0) as unclassified_deals,
        cast(sum(value_cny) filter (where category_id = 'unclassified') as double) as unclassified_value_cny,
        coalesce(cast(sum(deals) filter (where supplier_type = 'unknown') as bigint), 0) as unknown_supplier_deals,
        cast(sum(value_cny) filter (where supplier_type = 'unknown') as double) as unknown_supplier_value_cny
    from txn
)

select * from final
