-- This file's rejected rows and why: the rows the insert did not load, and the repeated ids. Every
-- row in fates has a reason; one without would fail the insert into rejects, never vanish.
create or replace temp table rejected as
select sheet_no, row_number, reason_code, reason
from fates
union all
select sheet_no, row_number, reason_code, reason
from duplicates
