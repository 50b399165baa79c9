-- The first and last month with any transaction or dated listing.
with
months as (
    select month from mart_monthly_transactions
    union all
    select month from mart_monthly_listings where month is not null
),

final as (select min(month) as first_month, max(month) as last_month from months)

select * from final
