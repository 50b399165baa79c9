-- The warehouse build the lake is written from: its latest refresh and its schema version.
select
    r.run_id,
    r.finished_at,
    r.is_sample,
    r.as_of,
    r.dexstat_version,
    (select schema_version from schema_info) as schema_version
from refresh_runs as r
order by r.run_id desc
limit 1
