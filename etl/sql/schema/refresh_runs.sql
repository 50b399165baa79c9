-- Every published refresh, newest last.
create table refresh_runs (
    run_id integer primary key,
    started_at timestamp not null,
    finished_at timestamp not null,
    status varchar not null,          -- 'published'
    source_dir varchar not null,
    is_sample boolean not null,       -- built from synthetic sample data: say so wherever shown
    files_read integer not null,      -- files read in this run (new or changed)
    files_skipped integer not null,   -- unchanged files, kept from the previous warehouse
    files_removed integer not null,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_rejected bigint not null,
    rows_replaced bigint not null,
    as_of date,                       -- latest transaction date in the warehouse
    dexstat_version varchar not null
);
