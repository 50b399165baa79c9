-- Text cleaning for every staged value: ASCII only needs trimming; anything else goes through
-- Python's NFKC (full-width digits and punctuation), registered as nfkc_clean by the pipeline.
create or replace temp macro clean_text(x) as
    case
        when x is null then null
        when regexp_full_match(x, '[\x20-\x7E]*') then nullif(trim(x), '')
        else nfkc_clean(x)
    end;

-- A plain decimal number that DuckDB can cast exactly; anything else is parsed in Python.
create or replace temp macro plain_number(x) as
    case when regexp_full_match(x, '-?[0-9]{1,20}(\.[0-9]{1,6})?') then cast(x as decimal(38, 6)) end;
