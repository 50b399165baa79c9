-- Trade per month in the selection, broken down by one dimension ($dimension, an enum chosen in SQL).
with
txn as (
    select * from mart_monthly_transactions
    where ($start::date is null or month >= cast(date_trunc('month', $start::date) as date))
      and ($end::date is null or month <= $end::date)
      and (len($provinces::varchar[]) = 0 or list_contains($provinces::varchar[], province_code))
      and (len($exchanges::varchar[]) = 0 or list_contains($exchanges::varchar[], exchange_id))
      and (len($categories::varchar[]) = 0 or list_contains($categories::varchar[], category_id))
      and (len($sources::varchar[]) = 0 or list_contains($sources::varchar[], source))
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
