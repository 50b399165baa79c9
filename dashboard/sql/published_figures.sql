-- Figures published about each exchange (within the exchange filter), with kind, period, as-of date and
-- source. Kinds are different quantities: the page shows them apart and never adds or ranks across them.
with
final as (
    select
        figures.subject as exchange_id,
        exchanges.name_zh,
        exchanges.name_en,
        figures.metric,
        figures.kind,
        figures.period_start,
        figures.as_of,
        figures.value,
        figures.unit,
        figures.source,
        figures.confidence
    from published_figures as figures
    join exchanges on exchanges.exchange_id = figures.subject
    where len($exchanges::varchar[]) = 0 or list_contains($exchanges::varchar[], figures.subject)
)

select * from final order by exchange_id, metric, kind, as_of
