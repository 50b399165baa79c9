-- Headline numbers for the selected months and for the period of equal length just before them.
-- With no date filter the period is all the data, and listings without a date count in it too.
with
months as (
    select month from mart_monthly_exchange_transactions  -- the months of mart_monthly_transactions
    union all
    select month from mart_monthly_listings
),

bounds as (
    select
        coalesce(cast(date_trunc('month', $start::date) as date), min(month)) as first_month,
        coalesce(cast(date_trunc('month', $end::date) as date), max(month)) as last_month
    from months
),

periods as (
    select 'current' as period, first_month, last_month from bounds
    union all
    select
        'previous',
        cast(first_month - to_months(cast(date_diff('month', first_month, last_month) + 1 as integer)) as date),
        cast(first_month - interval 1 month as date)
    from bounds
),

-- A selection that names no province and no category is summed from the rollup by exchange and source,
-- any other from the full mart: the filters on $provinces and $categories leave one branch empty.
txn as (
    select month, exchange_id, source, deals, value_cny
    from mart_monthly_exchange_transactions
    where len($provinces::varchar[]) = 0 and len($categories::varchar[]) = 0
      and (len($exchanges::varchar[]) = 0 or list_contains($exchanges::varchar[], exchange_id))
      and (len($sources::varchar[]) = 0 or list_contains($sources::varchar[], source))
    union all
    select month, exchange_id, source, deals, value_cny
    from memory.main.selected_transactions(null, null, $provinces, $exchanges, $categories, $sources)
    where len($provinces::varchar[]) > 0 or len($categories::varchar[]) > 0
),

lst as (
    select * from memory.main.selected_listings(null, null, $provinces, $exchanges, $categories, $sources)
),

-- Summed per month and exchange first, so that the periods join a thousand rows rather than all of `txn`
-- (that join, and count(distinct) over it, took half as much CPU again at 10M rows: issue 5). Sums of
-- decimal sums are exact.
trade_by_month as (
    select
        month,
        exchange_id,
        source = 'government' as is_government,
        sum(value_cny) as value_cny,
        sum(deals) as deals
    from txn
    group by month, exchange_id, is_government
),

listings_by_month as (
    select month, sum(listings) as listings from lst group by month
),

trade as (
    select
        periods.period,
        cast(sum(monthly.value_cny) as double) as value_cny,
        cast(sum(monthly.deals) as bigint) as deals,
        count(distinct monthly.exchange_id) as exchanges,
        cast(coalesce(sum(monthly.value_cny) filter (where monthly.is_government), 0) as double)
            as government_value_cny
    from periods
    left join trade_by_month as monthly on monthly.month between periods.first_month and periods.last_month
    group by periods.period
),

listed as (
    select periods.period, cast(sum(monthly.listings) as bigint) as listings
    from periods
    left join listings_by_month as monthly
        on monthly.month between periods.first_month and periods.last_month
        or (monthly.month is null and periods.period = 'current' and $start::date is null and $end::date is null)
    group by periods.period
),

final as (
    select
        periods.period,
        periods.first_month,
        periods.last_month,
        trade.value_cny,
        trade.deals,
        listed.listings,
        trade.exchanges,
        trade.government_value_cny / nullif(trade.value_cny, 0) as government_share
    from periods
    join trade using (period)
    join listed using (period)
)

select * from final order by period
