-- Each read row's fate, computed once: its reason when it is rejected, else the 64-bit hash of its
-- (exchange, id) for the rule on repeated ids. Narrow, so 10M rows stay small; the rows themselves
-- are validated again, streaming, by the insert.
create or replace temp table fates as
select
    sheet_no,
    row_number,
    reason_code,
    reason,
    case when reason_code is null then hash(exchange_id, item_id) end as key_hash
from validated_rows($default_exchange, $today, $max_value_cny)
