-- Every official figure carries its source and a known place.
select s.indicator, s.province_code, s.year, s.source
from statistic_rows as s
left join provinces as p on p.province_code = s.province_code
where coalesce(trim(s.source), '') = '' or (s.province_code <> 'CN' and p.province_code is null)
