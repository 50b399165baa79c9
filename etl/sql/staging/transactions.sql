-- Normalise this file's staged transaction rows and decide each row's fate.
-- Inputs: stage_rows (text as read), map_* (distinct raw value -> normalised value or error).
-- Output: one row per staged row, reason_code null when the row is loaded.
with
staged as (select * from stage_rows),

normalised as (
    select
        s.sheet_no,
        s.sheet,
        s.row_number,
        s.txn_id,
        s.listing_id,
        s.product,
        s.txn_date as date_raw,
        d.value as txn_date,
        d.error as date_error,
        s.amount as amount_raw,
        coalesce(plain_number(s.amount), a.number) as amount_number,
        a.error as amount_error,
        s.unit as unit_raw,
        u.error as unit_error,
        coalesce(a.multiplier, u.multiplier, s.header_multiplier, 1) as multiplier,
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
    left join map_date as d on d.raw = s.txn_date
    left join map_amount as a on a.raw = s.amount
    left join map_unit as u on u.raw = s.unit
    left join map_exchange as e on e.raw = s.exchange
    left join map_province as p on p.raw = s.province
    left join map_category as c on c.raw = s.category
    left join map_supplier as t on t.raw = s.supplier_type
),

valued as (
    select
        n.*,
        round(n.amount_number * n.multiplier, 2) as value_exact,
        coalesce(n.province_from_row, case when n.province_raw is null then x.province_code end)
            as province_code
    from normalised as n
    left join exchanges as x on x.exchange_id = n.exchange_id
),

judged as (
    select
        v.*,
        case
            when txn_id is null then 'missing_txn_id'
            when date_raw is null then 'missing_date'
            when txn_date is null then 'invalid_date'
            when amount_raw is null then 'missing_amount'
            when amount_number is null then 'invalid_amount'
            when unit_error is not null then 'unknown_unit'
            when amount_number < 0 then 'negative_amount'
            when value_exact > $max_value_cny then 'implausible_amount'
            when txn_date > $today then 'future_date'
            when exchange_id is null and exchange_raw is null then 'missing_exchange'
            when exchange_id is null then 'unknown_exchange'
            when province_code is null then 'unknown_province'
        end as reason_code
    from valued as v
),

explained as (
    select
        j.*,
        case reason_code
            when 'missing_txn_id' then 'transaction id is missing'
            when 'missing_date' then 'date is missing'
            when 'invalid_date' then date_error
            when 'missing_amount' then 'amount is missing'
            when 'invalid_amount' then amount_error
            when 'unknown_unit' then unit_error
            when 'negative_amount' then format('amount {} is negative', amount_raw)
            when 'implausible_amount' then format(
                'amount {} is {} yuan, more than the {} yuan a single deal can plausibly be',
                amount_raw, value_exact, $max_value_cny)
            when 'future_date' then format(
                'date {} is after the day of the refresh ({})', date_raw, $today)
            when 'missing_exchange' then
                'exchange is missing: add an exchange column, a sub-folder named after the exchange, or a line in mapping.toml'
            when 'unknown_exchange' then format(
                'exchange ''{}'' is not a known exchange (see data/reference/exchanges.csv)', exchange_raw)
            when 'unknown_province' then format('province ''{}'' is not a known province', province_raw)
        end as reason
    from judged as j
),

-- The first valid row with a given id is kept; later ones in the same file are rejected.
-- Only ids that repeat are grouped and joined back: a window over every row sorted them all.
repeated as (
    select
        exchange_id,
        txn_id,
        min((sheet_no, row_number)) as first_key,
        arg_min(row_number, (sheet_no, row_number)) as first_row
    from explained
    where reason_code is null
    group by exchange_id, txn_id
    having count(*) > 1
),

deduplicated as (
    select
        e.*,
        coalesce(d.first_row, e.row_number) as first_row,
        case when d.first_row is null or d.first_key = (e.sheet_no, e.row_number) then 1 else 2 end
            as occurrence
    from explained as e
    left join repeated as d on d.exchange_id = e.exchange_id and d.txn_id = e.txn_id
    where e.reason_code is null
),

final as (
    select
        * exclude (reason_code, reason, first_row, occurrence),
        case when occurrence > 1 then 'duplicate_txn_id' end as reason_code,
        case when occurrence > 1 then format(
            'transaction id ''{}'' already appears at row {} of this file', txn_id, first_row)
        end as reason
    from deduplicated
    union all by name
    select * from explained where reason_code is not null
)

select * from final
