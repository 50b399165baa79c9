-- This file's loaded rows whose category or supplier type was not recognised, counted by raw value.
-- A file holds one kind of row, so one of the two tables has none of its rows.
insert into unmapped_values
with
loaded as (
    select category_id, category_raw, supplier_type, supplier_type_raw
    from transaction_rows
    where source_file = $file
    union all
    select category_id, category_raw, supplier_type, supplier_type_raw
    from listing_rows
    where source_file = $file
),

final as (
    select $file, 'category', category_raw, count(*)
    from loaded
    where category_id = 'unclassified'
    group by category_raw
    union all
    select $file, 'supplier_type', supplier_type_raw, count(*)
    from loaded
    where supplier_type = 'unknown'
    group by supplier_type_raw
)

select * from final
