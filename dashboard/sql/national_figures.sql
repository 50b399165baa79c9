-- Figures published about the national data-trading market, with kind, period, as-of date and source.
with
final as (
    select metric, kind, period_start, as_of, value, unit, source, confidence
    from published_figures
    where subject = 'CN'
)

select * from final order by metric, as_of, kind
