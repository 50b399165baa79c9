-- Why each row the insert did not load was refused (stage_rows holds only those rows by now).
create or replace temp table fates as
select sheet_no, row_number, reason_code, reason
from validated_rows($default_exchange, $today, $max_value_cny)
