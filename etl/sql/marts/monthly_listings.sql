-- Monthly count of new listings; listings without a date are counted under a null month.
with
listings as (select * from listings),

final as (
    select
        cast(date_trunc('month', listed_on) as date) as month,
        exchange_id,
        province_code,
        category_id,
        supplier_type,
        source,
        count(*) as listings
    from listings
    group by all
)

select * from final order by month nulls first, exchange_id, province_code, category_id, supplier_type
