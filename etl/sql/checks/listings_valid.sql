-- Loaded listings point at known exchanges, provinces, categories and supplier types. Only the rows
-- of the files this refresh loaded ($files) are looked at: a row loaded earlier was checked by the
-- refresh that loaded it against the same reference facts, and a change to those facts reloads every
-- file (pipeline.config_digest).
with
loaded_now as (
    select l.*
    from listing_rows as l
    semi join (select unnest(cast($files as varchar[])) as file) as f on f.file = l.source_file
),

final as (
    select l.exchange_id, l.listing_id, l.source_file
    from loaded_now as l
    left join exchanges as x on x.exchange_id = l.exchange_id
    left join provinces as p on p.province_code = l.province_code
    left join categories as c on c.category_id = l.category_id
    left join supplier_types as s on s.supplier_type = l.supplier_type and s.source = l.source
    where x.exchange_id is null
        or p.province_code is null
        or c.category_id is null
        or s.supplier_type is null
)

select * from final
