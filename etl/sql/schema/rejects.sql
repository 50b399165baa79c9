-- Rows that were not loaded, with the reason and the record as it was read (JSON).
create table rejects (
    run_id integer not null,
    file varchar not null,
    sheet varchar,                    -- the xlsx sheet, else null
    row_number bigint,                -- the row as seen in the file (header = 1); null for a whole-file reject
    reason_code varchar not null,     -- stable code for grouping: 'missing_amount', 'unknown_province', ...
    reason varchar not null,          -- human-readable, quoting the offending value
    raw varchar                       -- the record as JSON, header -> value
);
