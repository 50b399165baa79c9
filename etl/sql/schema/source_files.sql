-- One row per file of the source folder the warehouse mirrors, as last loaded.
create table source_files (
    file varchar primary key,         -- path relative to the source folder, with '/' separators
    kind varchar not null,            -- 'transactions', 'listings' or 'statistics'
    sha256 varchar not null,
    config_sha256 varchar not null,   -- mapping.toml + reference facts + dexstat version it was read with
    size_bytes bigint not null,
    modified_at timestamp not null,   -- orders files: a newer file's row replaces an older file's row
    run_id integer not null,          -- the refresh that loaded this version of the file
    status varchar not null,          -- 'loaded' or 'rejected' (the whole file)
    message varchar,                  -- why the whole file was rejected, or notes (unrecognised columns)
    encoding varchar,
    exchange_id varchar,              -- the exchange given by the file's folder or the mapping file
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_rejected bigint not null
);
