-- Exchange by month over the selection's months: deals, or null where an exchange reported nothing.
with
txn as (
    select * from memory.main.selected_transactions($start, $end, $provinces, $exchanges, $categories, $sources)
),

span as (
    select
        coalesce(cast(date_trunc('month', $start::date) as date), min(month)) as first_month,
        coalesce(cast(date_trunc('month', $end::date) as date), max(month)) as last_month
    from mart_monthly_transactions
),

months as (
    select cast(unnest(generate_series(first_month, last_month, interval 1 month)) as date) as month
    from span
),

shown as (
    select exchange_id, name_zh, name_en from exchanges
    where len($exchanges::varchar[]) = 0 or list_contains($exchanges::varchar[], exchange_id)
),

deals as (select exchange_id, month, cast(sum(deals) as bigint) as deals from txn group by all),

final as (
    select shown.exchange_id, shown.name_zh, shown.name_en, months.month, deals.deals
    from shown
    cross join months
    left join deals using (exchange_id, month)
)

select * from final order by exchange_id, month
