-- Every exchange sits in a known province.
select x.exchange_id, x.province_code
from exchanges as x
left join provinces as p on p.province_code = x.province_code
where p.province_code is null
