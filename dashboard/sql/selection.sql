-- The sidebar selection, written once: every page reads the marts through these two table macros.
-- They live in the private in-memory database, so cursors see them and the warehouse stays read-only.
create or replace macro memory.main.selected_transactions(
    start_day, end_day, province_codes, exchange_ids, category_ids, source_names
) as table
    select * from warehouse.main.mart_monthly_transactions
    where (start_day::date is null or month >= cast(date_trunc('month', start_day::date) as date))
      and (end_day::date is null or month <= end_day::date)
      and (len(province_codes::varchar[]) = 0 or list_contains(province_codes::varchar[], province_code))
      and (len(exchange_ids::varchar[]) = 0 or list_contains(exchange_ids::varchar[], exchange_id))
      and (len(category_ids::varchar[]) = 0 or list_contains(category_ids::varchar[], category_id))
      and (len(source_names::varchar[]) = 0 or list_contains(source_names::varchar[], source));

create or replace macro memory.main.selected_listings(
    start_day, end_day, province_codes, exchange_ids, category_ids, source_names
) as table
    select * from warehouse.main.mart_monthly_listings
    where (start_day::date is null or month >= cast(date_trunc('month', start_day::date) as date))
      and (end_day::date is null or month <= end_day::date)
      and (len(province_codes::varchar[]) = 0 or list_contains(province_codes::varchar[], province_code))
      and (len(exchange_ids::varchar[]) = 0 or list_contains(exchange_ids::varchar[], exchange_id))
      and (len(category_ids::varchar[]) = 0 or list_contains(category_ids::varchar[], category_id))
      and (len(source_names::varchar[]) = 0 or list_contains(source_names::varchar[], source));
