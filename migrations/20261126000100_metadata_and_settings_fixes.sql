-- Two small corrections found while building the archive registers.

-- A move field that stands for no column (an argument of its own, e.g. a reason) has no options
-- of its own: with attnum null, column_checks read every check of the table, and such a field
-- was offered the values of the table's first check.
create or replace function private.column_options(p_table oid, p_attnum smallint) returns text[]
language sql stable set search_path = ''
as $$
  select case when p_attnum is not null then coalesce(
    (select array_agg(e.enumlabel::text order by e.enumsortorder)
     from pg_catalog.pg_attribute a
     join pg_catalog.pg_type t on t.oid = a.atttypid
     join pg_catalog.pg_enum e on e.enumtypid = case when t.typcategory = 'A' then t.typelem else a.atttypid end
     where a.attrelid = p_table and a.attnum = p_attnum),
    (select c.options from private.column_checks(p_table, p_attnum) c where c.options is not null limit 1))
  end
$$;
revoke all on function private.column_options(oid, smallint) from public;

-- The daily backup's hour is an hour of the day: 24 would never come, and the backup with it.
alter table public.settings add constraint settings_backup_hour_range check (key <> 'backup.daily_hour'
  or (jsonb_typeof(value) = 'number' and value::text::numeric between 0 and 23 and value::text::numeric = trunc(value::text::numeric)));
comment on constraint settings_backup_hour_range on public.settings is '每日备份时刻须为 0–23 的整点 | Daily backup hour: a whole hour, 0–23';
