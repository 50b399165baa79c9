-- Display names of every code a filter or chart shows, by dimension.
with
final as (
    select 'province' as dimension, province_code as key, name_zh, name_en from provinces
    union all
    select 'exchange', exchange_id, name_zh, name_en from exchanges
    union all
    select 'category', category_id, name_zh, name_en from categories
    union all
    select 'supplier_type', supplier_type, name_zh, name_en from supplier_types
)

select * from final order by dimension, key
