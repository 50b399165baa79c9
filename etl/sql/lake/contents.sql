-- What the lake holds when it is current: the rows of every curated relation and a digest of them
-- that ignores row order. A lake whose manifest has the same digests is not rewritten.
with
contents as (
    select 'transactions' as relation, count(*) as rows, sum(hash(r))::varchar as digest from transactions r
    union all select 'listings', count(*), sum(hash(r))::varchar from listings r
    union all
    select 'mart_monthly_transactions', count(*), sum(hash(r))::varchar from mart_monthly_transactions r
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
)

select relation, rows, coalesce(digest, '0') as digest from contents
