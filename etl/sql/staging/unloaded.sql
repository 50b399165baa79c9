-- The rows of this file the insert did not load: read rows with no loaded row at their sheet and row
-- number. Run only when fewer rows were loaded than read; they are validated again for their reasons.
create or replace temp table unloaded as
select s.sheet_no, s.row_number
from stage_all as s
join stage_sheets as h on h.sheet_no = s.sheet_no
anti join loaded_items($file) as i
    on i.source_row = s.row_number and coalesce(i.source_sheet, '') = coalesce(h.sheet, '')
