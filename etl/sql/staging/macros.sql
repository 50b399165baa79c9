-- Text cleaning for every read value, as Python's clean_text (NFKC, then strip) would do it.
-- ASCII (as many bytes as characters) and the common CJK ideographs (U+4E00-U+9FFF) are their own
-- NFKC form, so such text only needs trimming: of Python's whitespace for ASCII, of spaces for the
-- CJK case (its pattern admits no other whitespace). Anything else (full-width digits and
-- punctuation, ideographic spaces) goes through Python's NFKC, registered as nfkc_clean.
create or replace temp macro clean_text(x) as
    case
        when x is null then null
        when strlen(x) = length(x) then nullif(
            trim(x, chr(32) || chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(28) || chr(29)
                || chr(30) || chr(31)),
            '')
        when regexp_full_match(x, '[\x20-\x7E\x{4E00}-\x{9FFF}]*') then nullif(trim(x), '')
        else nfkc_clean(x)
    end;

-- A plain decimal number that DuckDB can cast exactly; anything else is parsed in Python.
create or replace temp macro plain_number(x) as
    case when regexp_full_match(x, '-?[0-9]{1,20}(\.[0-9]{1,6})?') then cast(x as decimal(38, 6)) end;
