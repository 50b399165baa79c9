-- One official figure per indicator, place and year (the view's choice between reference and source folder).
copy (
    select * from statistics order by indicator, province_code, year
) to $path (format parquet, compression zstd);
