-- Deals and value in the selection whose category is unclassified or whose supplier type is unknown.
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
        coalesce(cast(sum(deals) as bigint), 0) as deals,
        coalesce(cast(sum(deals) filter (where category_id = 'unclassified') as bigint), 0) as unclassified_deals,
        cast(sum(value_cny) filter (where category_id = 'unclassified') as double) as unclassified_value_cny,
        coalesce(cast(sum(deals) filter (where supplier_type = 'unknown') as bigint), 0) as unknown_supplier_deals,
        cast(sum(value_cny) filter (where supplier_type = 'unknown') as double) as unknown_supplier_value_cny
    from txn
)

select * from final
