-- Where each national and provincial statistic comes from, and the years it covers.
with
final as (
    select
        indicator,
        case when province_code = 'CN' then 'national' else 'provincial' end as scope,
        source,
        min(year) as first_year,
        max(year) as last_year,
        count(*) as figures
    from statistics
    group by all
)

select * from final order by indicator, scope, first_year, source
