-- Loaded rows whose category or supplier type was not recognised, counted by the raw value.
insert into unmapped_values
select $file, 'category', category_raw, count(*)
from validated
where reason_code is null and category_id = 'unclassified'
group by category_raw
union all
select $file, 'supplier_type', supplier_type_raw, count(*)
from validated
where reason_code is null and supplier_type = 'unknown'
group by supplier_type_raw
