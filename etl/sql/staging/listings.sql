-- validated_rows(): this file's read listing rows, normalised, each with its fate.
-- Inputs and output as in staging/transactions.sql (whose validated_rows has the same signature, so
-- the statements that read it serve both kinds); max_value_cny is not used by listings.
create or replace temp macro validated_rows(default_exchange, today, max_value_cny) as table
with
normalised as (
    select
        s.sheet_no,
        h.sheet,
        s.row_number,
        clean_text(s.listing_id) as listing_id,
        clean_text(s.title) as title,
        d.clean as date_raw,
        d.value as listed_on,
        d.error as date_error,
        e.clean as exchange_raw,
        coalesce(e.exchange_id, case when e.clean is null then default_exchange end) as exchange_id,
        p.clean as province_raw,
        p.province_code as province_from_row,
        coalesce(c.category_id, 'unclassified') as category_id,
        -- the text as written only where it was not recognised: all the unmapped report reads
        case when coalesce(c.category_id, 'unclassified') = 'unclassified' then c.clean end as category_raw,
        coalesce(t.supplier_type, 'unknown') as supplier_type,
        coalesce(t.source, 'unknown') as source,
        case when coalesce(t.supplier_type, 'unknown') = 'unknown' then t.clean end as supplier_type_raw
    from stage_rows as s
    join stage_sheets as h on h.sheet_no = s.sheet_no
    left join map_date as d on d.raw = s.listed_on
    left join map_exchange as e on e.raw = s.exchange
    left join map_province as p on p.raw = s.province
    left join map_category as c on c.raw = s.category
    left join map_supplier as t on t.raw = s.supplier_type
),

placed as (
    select
        n.*,
        coalesce(n.province_from_row, case when n.province_raw is null then x.province_code end)
            as province_code
    from normalised as n
    left join exchanges as x on x.exchange_id = n.exchange_id
),

judged as (
    select
        p.*,
        case
            when listing_id is null then 'missing_listing_id'
            when date_raw is not null and listed_on is null then 'invalid_date'
            when listed_on > today then 'future_date'
            when exchange_id is null and exchange_raw is null then 'missing_exchange'
            when exchange_id is null then 'unknown_exchange'
            when province_code is null then 'unknown_province'
        end as reason_code
    from placed as p
),

explained as (
    select
        j.*,
        j.listing_id as item_id,
        case reason_code
            when 'missing_listing_id' then 'listing id is missing'
            when 'invalid_date' then date_error
            when 'future_date' then format(
                'listing date {} is after the day of the refresh ({})', date_raw, today)
            when 'missing_exchange' then
                'exchange is missing: add an exchange column, a sub-folder named after the exchange, or a line in mapping.toml'
            when 'unknown_exchange' then format(
                'exchange ''{}'' is not a known exchange (see data/reference/exchanges.csv)', exchange_raw)
            when 'unknown_province' then format('province ''{}'' is not a known province', province_raw)
        end as reason
    from judged as j
)

select * from explained;

-- loaded_items(file): the rows loaded from `file`, with the key the rule on repeated ids compares.
create or replace temp macro loaded_items(file) as table
select exchange_id, listing_id as item_id, source_sheet, source_row
from listing_rows
where source_file = file;
