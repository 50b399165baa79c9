-- This file's rejected rows and why: the rows validated_rows refuses, and the repeated ids.
create or replace temp table rejected as
select sheet_no, row_number, reason_code, reason
from fates
where reason_code is not null
union all
select sheet_no, row_number, reason_code, reason
from duplicates
