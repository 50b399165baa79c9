-- Each partition folder of the partitioned relations, with its rows and a digest of them that ignores
-- their order. A partition the current lake holds with the same digest is linked from it, not written
-- again; the relation's own rows and digest are the sums of its partitions'. The folder is spelled as
-- the partitioned copies in lake/transactions.sql and lake/listings.sql name it.
select 'transactions' as relation, concat('year=', year(txn_date), '/exchange=', exchange_id) as folder,
       count(*) as rows, sum(hash(r)) as digest
from transactions as r
group by all
union all
select 'listings', concat('exchange=', exchange_id), count(*), sum(hash(r))
from listings as r
group by all
