-- Monthly rollup of current transactions over every dimension the dashboard filters on.
with
transactions as (select * from transactions),

final as (
    select
        cast(date_trunc('month', txn_date) as date) as month,
        exchange_id,
        province_code,
        category_id,
        supplier_type,
        source,
        count(*) as deals,
        sum(value_cny) as value_cny
    from transactions
    group by all
)

select * from final order by month, exchange_id, province_code, category_id, supplier_type
