-- Text cleaning for every read value, as Python's clean_text (NFKC, then strip) would do it.
-- Printable ASCII and the common CJK ideographs (U+4E00-U+9FFF) are their own NFKC form, so such text
-- only needs its spaces trimmed; anything else (full-width digits and punctuation, ideographic
-- spaces, tabs) goes through Python's NFKC, registered as nfkc_clean by the pipeline. The first test
-- is the common case, such text with no space at either end: it is already clean, and skipping trim()
-- (which looks for every Unicode space) halves the cost. One pattern per test is the fastest measured:
-- a byte-count test plus trim(x, <set of characters>) took 3x as long.
create or replace temp macro clean_text(x) as
    case
        when x is null then null
        when regexp_full_match(x, '[\x21-\x7E\x{4E00}-\x{9FFF}](?:[\x20-\x7E\x{4E00}-\x{9FFF}]*[\x21-\x7E\x{4E00}-\x{9FFF}])?')
            then x
        when regexp_full_match(x, '[\x20-\x7E\x{4E00}-\x{9FFF}]*') then nullif(trim(x), '')
        else nfkc_clean(x)
    end;

-- A plain decimal number that DuckDB can cast exactly; anything else is parsed in Python.
create or replace temp macro plain_number(x) as
    case when regexp_full_match(x, '-?[0-9]{1,20}(\.[0-9]{1,6})?') then cast(x as decimal(38, 6)) end;
