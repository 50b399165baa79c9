-- Monthly rollup of current transactions by exchange and source only: a few thousand rows, enough for a
-- selection that names no province and no category (the dashboard's headline when opened) to be summed
-- without reading mart_monthly_transactions, a few hundred times larger (issue 5). Summed from that
-- mart, updated just before this one (etl/marts.py), rather than from every transaction again.
with
monthly as (select * from mart_monthly_transactions),

final as (
    select
        month,
        exchange_id,
        source,
        cast(sum(deals) as bigint) as deals,
        sum(value_cny) as value_cny
    from monthly
    group by all
)

select * from final order by month, exchange_id, source
