-- What the lake holds when it is current: the rows of every relation and a digest of them that ignores
-- row order. A lake whose manifest has the same digests is not rewritten.
with
contents as (
    -- transactions and listings: the sums of their partitions (lake/partitions.sql)
    select 'mart_monthly_transactions' as relation, count(*) as rows, sum(hash(r))::varchar as digest
    from mart_monthly_transactions r
    union all
    select 'mart_monthly_exchange_transactions', count(*), sum(hash(r))::varchar
    from mart_monthly_exchange_transactions r
    union all select 'mart_monthly_listings', count(*), sum(hash(r))::varchar from mart_monthly_listings r
    union all select 'provinces', count(*), sum(hash(r))::varchar from provinces r
    union all select 'exchanges', count(*), sum(hash(r))::varchar from exchanges r
    union all select 'categories', count(*), sum(hash(r))::varchar from categories r
    union all select 'supplier_types', count(*), sum(hash(r))::varchar from supplier_types r
    union all select 'statistics', count(*), sum(hash(r))::varchar from statistics r
    union all select 'published_figures', count(*), sum(hash(r))::varchar from published_figures r
    union all select 'source_files', count(*), sum(hash(r))::varchar from source_files r
    union all select 'rejects', count(*), sum(hash(r))::varchar from rejects r
    union all select 'unmapped_values', count(*), sum(hash(r))::varchar from unmapped_values r
    -- counted, not digested: every refresh adds a run, and a lake is rewritten only for new data
    union all select 'refresh_runs', count(*), null from refresh_runs
)

select relation, rows, coalesce(digest, '0') as digest from contents
