-- validated_rows(): this file's read transaction rows, normalised, each with its fate.
-- Inputs: stage_rows (text as read, a view over the file's raw tables), stage_sheets (each sheet's
-- name and amount unit from its header), map_* (distinct raw text -> its cleaned text and normalised
-- value or error). Output: one row per read row, reason_code null when the row can be loaded. The rule
-- on ids repeated within the file is applied after (staging/repeated_ids, staging/duplicates).
-- A table macro rather than a table: the insert streams it from the raw tables, so the rows are never
-- written out in between; only the rows it did not load are validated again (staging/fates).
create or replace temp macro validated_rows(default_exchange, today, max_value_cny) as table
with
normalised as (
    select
        s.sheet_no,
        h.sheet,
        s.row_number,
        clean_text(s.txn_id) as txn_id,
        clean_text(s.listing_id) as listing_id,
        clean_text(s.product) as product,
        d.clean as date_raw,
        d.value as txn_date,
        d.error as date_error,
        -- a plain number is its own clean text; any other amount was cleaned and parsed in map_amount
        case when a.raw is null then s.amount else a.clean end as amount_raw,
        coalesce(plain_number(s.amount), a.number) as amount_number,
        a.error as amount_error,
        u.clean as unit_raw,
        u.error as unit_error,
        coalesce(a.multiplier, u.multiplier, h.header_multiplier, 1) as multiplier,
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
            when value_exact > max_value_cny then 'implausible_amount'
            when txn_date > today then 'future_date'
            when exchange_id is null and exchange_raw is null then 'missing_exchange'
            when exchange_id is null then 'unknown_exchange'
            when province_code is null then 'unknown_province'
        end as reason_code
    from valued as v
),

explained as (
    select
        j.*,
        j.txn_id as item_id,
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
                amount_raw, value_exact, max_value_cny)
            when 'future_date' then format(
                'date {} is after the day of the refresh ({})', date_raw, today)
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
select exchange_id, txn_id as item_id, source_sheet, source_row
from transaction_rows
where source_file = file;
