-- How many rows export_listings.sql gives for a selection of whole months, read from the mart: its
-- listings count the current listings of each month and dimension (undated ones under a null month,
-- which a date bound leaves out, as the export does). Exact only when no date cuts a month ($start a
-- first day, $end a last day, either may be null): export_queries.export_rows counts the export itself
-- otherwise. Filters bound as in export_listings.
with
mart as (select * from mart_monthly_listings),

selected as (
    select listings
    from mart
    where ($start::date is null or month >= $start::date)
      and ($end::date is null or month <= $end::date)
      and (len($provinces::varchar[]) = 0 or list_contains($provinces::varchar[], province_code))
      and (len($exchanges::varchar[]) = 0 or list_contains($exchanges::varchar[], exchange_id))
      and (len($categories::varchar[]) = 0 or list_contains($categories::varchar[], category_id))
      and (len($sources::varchar[]) = 0 or list_contains($sources::varchar[], source))
),

final as (select cast(coalesce(sum(listings), 0) as bigint) as export_rows from selected)

select * from final
