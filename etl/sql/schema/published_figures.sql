-- Figures published by exchanges and research bodies, from data/reference/published_figures.csv.
-- Kinds (cumulative, annual, point_in_time, forecast, target) must never be summed or ranked together.
create table published_figures (
    subject varchar not null,         -- an exchange_id, or 'CN' for the national market
    metric varchar not null,
    kind varchar not null,
    period_start date,
    as_of date not null,
    value double not null,
    unit varchar not null,
    source varchar not null,
    confidence varchar not null
);
