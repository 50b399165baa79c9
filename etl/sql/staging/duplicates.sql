-- Loaded rows whose id already appeared earlier in this file (sheet, then row): rejected and taken
-- out again, the first one kept. Only rows whose key is in repeated_ids are looked at.
create or replace temp table duplicates as
with
candidates as (
    select h.sheet_no, i.source_row as row_number, i.exchange_id, i.item_id
    from loaded_items($file) as i
    join stage_sheets as h on coalesce(h.sheet, '') = coalesce(i.source_sheet, '')
    where hash(i.exchange_id, i.item_id) in (select key_hash from repeated_ids)
),

firsts as (
    select
        exchange_id,
        item_id,
        min((sheet_no, row_number)) as first_key,
        arg_min(row_number, (sheet_no, row_number)) as first_row
    from candidates
    group by exchange_id, item_id
    having count(*) > 1
),

final as (
    select
        c.sheet_no,
        c.row_number,
        case $kind when 'transactions' then 'duplicate_txn_id' else 'duplicate_listing_id' end
            as reason_code,
        format(
            '{} id ''{}'' already appears at row {} of this file',
            case $kind when 'transactions' then 'transaction' else 'listing' end, c.item_id, f.first_row
        ) as reason
    from candidates as c
    join firsts as f on f.exchange_id = c.exchange_id and f.item_id = c.item_id
    where (c.sheet_no, c.row_number) <> f.first_key
)

select * from final
