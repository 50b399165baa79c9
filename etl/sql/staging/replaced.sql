-- Per file loaded in this run: how many of its current rows replaced an older file's row.
-- The superseded rows (few) are the build side of each semi join; the current rows only probe them,
-- and none at all when nothing is superseded (a first load). The loaded files are picked from the
-- few groups left, not tested on every row: that test alone cost 0.7 s at 10M rows.
select t.source_file as file, count(*) as replaced
from transaction_rows as t
semi join (select exchange_id, txn_id, source_file from transaction_rows where superseded) as o
    on o.exchange_id = t.exchange_id and o.txn_id = t.txn_id and o.source_file <> t.source_file
where not t.superseded
group by t.source_file
having t.source_file in (select unnest($files))
union all
select l.source_file, count(*)
from listing_rows as l
semi join (select exchange_id, listing_id, source_file from listing_rows where superseded) as o
    on o.exchange_id = l.exchange_id and o.listing_id = l.listing_id and o.source_file <> l.source_file
where not l.superseded
group by l.source_file
having l.source_file in (select unnest($files))
