-- Trade in the selection by two dimensions ($rows by $columns), with the rows' display names.
with
txn as (
    select * from memory.main.selected_transactions($start, $end, $provinces, $exchanges, $categories, $sources)
),

names as (
    select 'province' as dimension, province_code as key, name_zh, name_en from provinces
    union all select 'exchange', exchange_id, name_zh, name_en from exchanges
    union all select 'category', category_id, name_zh, name_en from categories
    union all select 'supplier_type', supplier_type, name_zh, name_en from supplier_types
),

keyed as (
    select
        case $rows
            when 'source' then source
            when 'category' then category_id
            when 'exchange' then exchange_id
            when 'province' then province_code
            when 'supplier_type' then supplier_type
        end as row_key,
        case $columns
            when 'source' then source
            when 'category' then category_id
            when 'exchange' then exchange_id
            when 'province' then province_code
            when 'supplier_type' then supplier_type
        end as column_key,
        value_cny,
        deals
    from txn
),

cells as (
    select row_key, column_key, cast(sum(value_cny) as double) as value_cny, cast(sum(deals) as bigint) as deals
    from keyed
    group by all
),

final as (
    select
        cells.row_key,
        coalesce(names.name_zh, cells.row_key) as row_name_zh,
        coalesce(names.name_en, cells.row_key) as row_name_en,
        cells.column_key,
        cells.value_cny,
        cells.deals,
        sum(cells.value_cny) over (partition by cells.row_key) as row_value_cny
    from cells
    left join names on names.dimension = $rows and names.key = cells.row_key
)

select * from final order by row_value_cny desc, row_key, column_key
