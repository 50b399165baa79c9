-- Normalise this file's staged listing rows and decide each row's fate.
-- Inputs: stage_rows (text as read), map_* (distinct raw value -> normalised value or error).
-- Output: one row per staged row, reason_code null when the row is loaded.
with
staged as (select * from stage_rows),

normalised as (
    select
        s.sheet_no,
        s.sheet,
        s.row_number,
        s.listing_id,
        s.title,
        s.listed_on as date_raw,
        d.value as listed_on,
        d.error as date_error,
        s.exchange as exchange_raw,
        coalesce(e.exchange_id, case when s.exchange is null then $default_exchange end) as exchange_id,
        s.province as province_raw,
        p.province_code as province_from_row,
        coalesce(c.category_id, 'unclassified') as category_id,
        s.category as category_raw,
        coalesce(t.supplier_type, 'unknown') as supplier_type,
        coalesce(t.source, 'unknown') as source,
        s.supplier_type as supplier_type_raw
    from staged as s
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
            when listed_on > $today then 'future_date'
            when exchange_id is null and exchange_raw is null then 'missing_exchange'
            when exchange_id is null then 'unknown_exchange'
            when province_code is null then 'unknown_province'
        end as reason_code
    from placed as p
),

explained as (
    select
        j.*,
        case reason_code
            when 'missing_listing_id' then 'listing id is missing'
            when 'invalid_date' then date_error
            when 'future_date' then format(
                'listing date {} is after the day of the refresh ({})', date_raw, $today)
            when 'missing_exchange' then
                'exchange is missing: add an exchange column, a sub-folder named after the exchange, or a line in mapping.toml'
            when 'unknown_exchange' then format(
                'exchange ''{}'' is not a known exchange (see data/reference/exchanges.csv)', exchange_raw)
            when 'unknown_province' then format('province ''{}'' is not a known province', province_raw)
        end as reason
    from judged as j
),

-- Only ids that repeat are grouped and joined back: a window over every row sorted them all.
repeated as (
    select
        exchange_id,
        listing_id,
        min((sheet_no, row_number)) as first_key,
        arg_min(row_number, (sheet_no, row_number)) as first_row
    from explained
    where reason_code is null
    group by exchange_id, listing_id
    having count(*) > 1
),

deduplicated as (
    select
        e.*,
        coalesce(d.first_row, e.row_number) as first_row,
        case when d.first_row is null or d.first_key = (e.sheet_no, e.row_number) then 1 else 2 end
            as occurrence
    from explained as e
    left join repeated as d on d.exchange_id = e.exchange_id and d.listing_id = e.listing_id
    where e.reason_code is null
),

final as (
    select
        * exclude (reason_code, reason, first_row, occurrence),
        case when occurrence > 1 then 'duplicate_listing_id' end as reason_code,
        case when occurrence > 1 then format(
            'listing id ''{}'' already appears at row {} of this file', listing_id, first_row)
        end as reason
    from deduplicated
    union all by name
    select * from explained where reason_code is not null
)

select * from final
