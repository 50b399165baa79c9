-- Monthly rollup of current transactions by exchange and source only: a few thousand rows, enough for a
-- selection that names no province and no category (the dashboard's headline when opened) to be summed
-- without reading mart_monthly_transactions, a few hundred times larger (issue 5).
create or replace table mart_monthly_exchange_transactions as
with
transactions as (select * from transactions),

final as (
    select
        cast(date_trunc('month', txn_date) as date) as month,
        exchange_id,
        source,
        count(*) as deals,
        sum(value_cny) as value_cny
    from transactions
    group by all
)

select * from final order by month, exchange_id, source
