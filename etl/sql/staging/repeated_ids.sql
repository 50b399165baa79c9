-- Ids that may repeat among this file's loaded rows, grouped by a 64-bit hash of (exchange, id).
-- Grouping 10M two-string keys spills under the build's memory limit; 10M hashes fit. A collision
-- only adds a key that staging/duplicates then finds is not repeated.
create or replace temp table repeated_ids as
select hash(exchange_id, item_id) as key_hash
from loaded_items($file)
group by key_hash
having count(*) > 1
