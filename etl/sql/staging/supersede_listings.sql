-- Among rows sharing (exchange_id, listing_id), the newest file's row is current: latest modified_at,
-- then the later path. Only keys touched by this refresh are looked at, and only those that can
-- change: held by more than one row, or by a row marked superseded (its newer copy was forgotten).
-- A key held by one current row (every key of a first load) is settled already: no window, no update.
update listing_rows as t
set superseded = ranked.position > 1
from (
    with
    touched as (
        select r.exchange_id, r.listing_id, r.source_file, r.superseded
        from listing_rows as r
        semi join affected_keys as k
            on k.kind = 'listings' and k.exchange_id = r.exchange_id and k.item_id = r.listing_id
    ),

    contested as (
        select exchange_id, listing_id
        from touched
        group by exchange_id, listing_id
        having count(*) > 1 or bool_or(superseded)
    ),

    final as (
        select
            r.exchange_id, r.listing_id, r.source_file,
            row_number() over (
                partition by r.exchange_id, r.listing_id order by f.modified_at desc, f.file desc
            ) as position
        from touched as r
        semi join contested as c on c.exchange_id = r.exchange_id and c.listing_id = r.listing_id
        join source_files as f on f.file = r.source_file
    )

    select * from final
) as ranked
where t.exchange_id = ranked.exchange_id
    and t.listing_id = ranked.listing_id
    and t.source_file = ranked.source_file
    and t.superseded <> (ranked.position > 1)
