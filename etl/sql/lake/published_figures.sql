-- Figures published by exchanges and research bodies; kinds must never be summed together.
copy (
    select * from published_figures order by subject, metric, as_of
) to $path (format parquet, compression zstd);
