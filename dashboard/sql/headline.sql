-- Headline numbers for the selected months and for the period of equal length just before them.
-- With no date filter the period is all the data, and listings without a date count in it too.
with
months as (
    select month from mart_monthly_transactions
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

txn as (
    select * from memory.main.selected_transactions(null, null, $provinces, $exchanges, $categories, $sources)
),

lst as (
    select * from memory.main.selected_listings(null, null, $provinces, $exchanges, $categories, $sources)
),

trade as (
    select
        periods.period,
        cast(sum(txn.value_cny) as double) as value_cny,
        cast(sum(txn.deals) as bigint) as deals,
        count(distinct txn.exchange_id) as exchanges,
        cast(coalesce(sum(txn.value_cny) filter (where txn.source = 'government'), 0) as double) as government_value_cny
    from periods
    left join txn on txn.month between periods.first_month and periods.last_month
    group by periods.period
),

listed as (
    select periods.period, cast(sum(lst.listings) as bigint) as listings
    from periods
    left join lst
        on lst.month between periods.first_month and periods.last_month
        or (lst.month is null and periods.period = 'current' and $start::date is null and $end::date is null)
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
