-- Ids that may repeat within this file: loadable rows grouped by a 64-bit hash of (exchange, id).
-- Grouping 10M two-string keys spills under the build's memory limit; 10M hashes fit. A collision
-- only adds a key that staging/duplicates then finds is not repeated.
create or replace temp table repeated_ids as
select key_hash
from fates
where key_hash is not null
group by key_hash
having count(*) > 1
