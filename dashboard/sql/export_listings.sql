-- Current listings in the selection, with readable names beside every code, for the full export.
-- Filters (bound; an empty list keeps all): $start and $end on listed_on (inclusive; a listing whose
-- export gave no date is left out once a date is chosen), $provinces, $exchanges, $categories, $sources.
-- A download orders it by listing date (undated last), exchange and listing id (export_queries._ORDER).
with
listings as (select * from listings),
exchanges as (select * from exchanges),
provinces as (select * from provinces),
categories as (select * from categories),
supplier_types as (select * from supplier_types),

selected as (
    select *
    from listings
    where ($start::date is null or listed_on >= $start::date)
      and ($end::date is null or listed_on <= $end::date)
      and (len($provinces::varchar[]) = 0 or province_code in (select unnest($provinces::varchar[])))
      and (len($exchanges::varchar[]) = 0 or exchange_id in (select unnest($exchanges::varchar[])))
      and (len($categories::varchar[]) = 0 or category_id in (select unnest($categories::varchar[])))
      and (len($sources::varchar[]) = 0 or source in (select unnest($sources::varchar[])))
),

final as (
    select
        selected.listed_on,
        selected.exchange_id,
        exchanges.name_en as exchange_name_en,
        exchanges.name_zh as exchange_name_zh,
        selected.listing_id,
        selected.title,
        selected.province_code,
        provinces.name_en as province_name_en,
        provinces.name_zh as province_name_zh,
        selected.category_id,
        categories.name_en as category_name_en,
        categories.name_zh as category_name_zh,
        selected.supplier_type,
        supplier_types.name_en as supplier_type_name_en,
        supplier_types.name_zh as supplier_type_name_zh,
        selected.source,
        selected.source_file,
        selected.source_sheet,
        selected.source_row
    from selected
    left join exchanges on exchanges.exchange_id = selected.exchange_id
    left join provinces on provinces.province_code = selected.province_code
    left join categories on categories.category_id = selected.category_id
    left join supplier_types on supplier_types.supplier_type = selected.supplier_type
)

select * from final
