-- Each (exchange_id, listing_id) is current at most once.
select exchange_id, listing_id, count(*) as copies
from listings
group by exchange_id, listing_id
having count(*) > 1
