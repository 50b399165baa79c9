-- Values the refresh kept but could not classify: unclassified categories and unknown supplier types.
with
final as (
    select field, raw_value, cast(sum(rows) as bigint) as rows, count(distinct file) as files
    from unmapped_values
    where field in ('category', 'supplier_type')
    group by all
)

select * from final order by field, rows desc, raw_value nulls first
