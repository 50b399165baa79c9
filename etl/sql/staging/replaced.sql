-- Per file loaded in this run: how many of its current rows replaced an older file's row.
select t.source_file as file, count(*) as replaced
from transaction_rows as t
where t.source_file in (select unnest($files)) and not t.superseded
    and exists (
        select 1 from transaction_rows as o
        where o.exchange_id = t.exchange_id and o.txn_id = t.txn_id
            and o.source_file <> t.source_file and o.superseded
    )
group by t.source_file
union all
select l.source_file, count(*)
from listing_rows as l
where l.source_file in (select unnest($files)) and not l.superseded
    and exists (
        select 1 from listing_rows as o
        where o.exchange_id = l.exchange_id and o.listing_id = l.listing_id
            and o.source_file <> l.source_file and o.superseded
    )
group by l.source_file
