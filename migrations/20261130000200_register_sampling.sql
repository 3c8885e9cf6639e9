-- Sampling a register as the person reads it (issue 18): the grid's "≈" row count while the exact
-- one is being counted, and the sort-key value near a far position (a scrollbar drag, a go-to-row)
-- so that it can seek there instead of skipping half a million rows with OFFSET.
--
-- public.sample_<register> is a view of a block sample of the table (TABLESAMPLE SYSTEM, REPEATABLE)
-- read as the caller: security invoker, so the register's policies apply, and PostgREST applies the
-- grid's own filters and order to it like to the table. public.register_sample_plan(register) counts
-- the same blocks WITHOUT the policies (the denominator: how many rows the blocks held) and gives the
-- table's row estimate; the grid then estimates
-- visible rows = visible sampled rows / sampled rows × table rows, which is as fair under RLS as
-- without it (the planner's estimate is not: it misjudges the policy's selectivity).

-- The share of a table's blocks a sample reads: about 10,000 rows (all of a small table).
create function private.sample_percent(tbl regclass) returns real
language sql stable set search_path = ''
as $$
  select least(100, greatest(0.01, 100.0 * 10000 / greatest(c.reltuples, 1)))::real from pg_catalog.pg_class c where c.oid = tbl
$$;
revoke all on function private.sample_percent(regclass) from public;
grant execute on function private.sample_percent(regclass) to authenticated;

-- public.sample_<register>: a view (security invoker: the policies apply, and PostgREST filters and
-- orders it like the table; a view is planned with the query, so the filters reach the sample scan).
-- The seed is fixed: the plan below counts the very same blocks.
create function private.create_sample_view(tbl regclass) returns void
language plpgsql set search_path = ''
as $$
declare
  name text := (select c.relname from pg_catalog.pg_class c where c.oid = tbl);
  view text := 'sample_' || name;
begin
  execute format('create or replace view public.%I with (security_invoker = true) as select * from %s tablesample system (private.sample_percent(%L::regclass)) repeatable (1)',
                 view, tbl, tbl::text);
  execute format('comment on view public.%I is %L', view, '抽样（按本人可见范围）| A block sample of the rows the reader may read');
  execute format('revoke all on public.%I from public, anon, authenticated', view);
  execute format('grant select on public.%I to authenticated', view);
end
$$;
revoke all on function private.create_sample_view(regclass) from public;

-- Every register table (the ones private.register_table gave an audit trigger) gets one.
do $$
declare
  t regclass;
begin
  for t in
    select distinct c.oid::regclass
    from pg_catalog.pg_trigger g
    join pg_catalog.pg_class c on c.oid = g.tgrelid and c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
    where g.tgname = c.relname || '_audit'
  loop
    perform private.create_sample_view(t);
  end loop;
end
$$;

create function public.register_sample_plan(p_register text)
returns table (percent real, sampled bigint, total_rows bigint)
language plpgsql stable security definer set search_path = ''
as $$
declare
  tbl regclass := pg_catalog.to_regclass(pg_catalog.format('public.%I', p_register));
begin
  if tbl is null or pg_catalog.to_regclass(pg_catalog.format('public.%I', 'sample_' || p_register)) is null then
    raise exception '没有可抽样的台账 % | No register % to sample', p_register, p_register using errcode = 'PT404';
  end if;
  if not pg_catalog.has_table_privilege('authenticated', tbl, 'SELECT') or private.scope_for(p_register, 'read') is null then
    raise exception '无权查看 % | You may not read %', p_register, p_register using errcode = '42501';
  end if;
  percent := private.sample_percent(tbl);
  -- The same blocks the view reads, counted without the policies: the denominator of the estimate.
  execute pg_catalog.format('select count(*) from %s tablesample system ($1) repeatable (1)', tbl) into sampled using percent;
  total_rows := case when percent >= 100 then sampled
                     else (select greatest(c.reltuples, 0)::bigint from pg_catalog.pg_class c where c.oid = tbl) end;
  return next;
end
$$;
comment on function public.register_sample_plan(text) is '抽样计划 | How a register is sampled: percent of its blocks, rows in the sample, rows in the table';
revoke all on function public.register_sample_plan(text) from public, anon;
grant execute on function public.register_sample_plan(text) to authenticated;
