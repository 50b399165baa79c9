-- Each (exchange_id, txn_id) is current at most once.
select exchange_id, txn_id, count(*) as copies
from transactions
group by exchange_id, txn_id
having count(*) > 1
