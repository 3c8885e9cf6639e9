-- Frozen rows: a signed duty record, a closed work order, a decided expense claim… are refused by
-- their register's triggers to everyone, whatever the RLS policies would allow. The register
-- declares the condition once (private.declare_frozen) and row_rights() reads it, so the grid and
-- the record page offer no edit and no delete on such a row: the screen says what the database does.

alter table private.registers add column frozen_when text;
comment on column private.registers.frozen_when is '冻结条件：满足时任何人都不能修改或删除该行（由触发器保证） | Frozen when: rows meeting it are changed or deleted by nobody (the triggers enforce it)';

-- Declares the condition (SQL over the register's columns, trusted: only migrations declare); a
-- typo fails the migration.
create function private.declare_frozen(p_table regclass, p_condition text) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_register text := (select c.relname::text from pg_catalog.pg_class c where c.oid = p_table);
begin
  execute format('select 1 from %s where (%s) limit 0', p_table, p_condition);
  update private.registers set frozen_when = p_condition where register = v_register;
  if not found then
    raise exception 'register % is not declared', v_register using errcode = '42704';
  end if;
end
$$;
revoke all on function private.declare_frozen(regclass, text) from public;

-- row_rights() runs as the caller, who cannot read the declarations.
create function private.frozen_condition(p_register text) returns text
language sql stable security definer set search_path = ''
as $$
  select r.frozen_when from private.registers r where r.register = p_register
$$;
revoke all on function private.frozen_condition(text) from public;
grant execute on function private.frozen_condition(text) to authenticated;

create or replace function public.row_rights(register text, keys text[])
returns table (key text, can_update boolean, can_delete boolean, moves text[])
language plpgsql stable security invoker set search_path = ''
as $$
declare
  tbl regclass := case when register ~ '^[a-z][a-z0-9_]{0,62}$' then pg_catalog.to_regclass(format('public.%I', register)) end;
  key_column text;
  key_type text;
  may_update text;
  may_delete text;
  offered text;
  frozen text := private.frozen_condition(register);
begin
  if tbl is null or keys is null or cardinality(keys) > 1000 then
    return;
  end if;
  select a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) into key_column, key_type
  from pg_catalog.pg_index i
  join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
  where i.indrelid = tbl and i.indisprimary;
  -- The policy expressions run here as the caller, on rows the caller can read.
  -- An edit that keeps the row's ownership passes WITH CHECK exactly when the current row does.
  may_update := case when pg_catalog.has_any_column_privilege(tbl, 'UPDATE')
                     then private.policy_condition(tbl, 'w') || ' and ' || private.policy_condition(tbl, 'w', true) else 'false' end;
  may_delete := case when pg_catalog.has_table_privilege(tbl, 'DELETE') then private.policy_condition(tbl, 'd') else 'false' end;
  -- A row the register declares frozen (signed, decided, closed) is refused by its triggers to
  -- everyone, whatever the policies say: it offers no edit and no delete.
  if frozen is not null then
    may_update := format('(%s) and not coalesce((%s), false)', may_update, frozen);
    may_delete := format('(%s) and not coalesce((%s), false)', may_delete, frozen);
  end if;
  -- Each move the row offers: its state among from_states and its condition (trusted SQL: only
  -- migrations declare moves), as the caller.
  select 'array_remove(array[' || string_agg(format('case when %s then %L end',
           concat_ws(' and ',
             case when m.from_states is not null then format('%I::text = any (%L::text[])', m.state_column, m.from_states) end,
             case when m.condition is not null then '(' || m.condition || ')' end,
             'true'),
           m.move), ', ') || ']::text[], null)'
  into offered
  from private.moves_offered(register) m;
  return query execute format(
    -- (no alias: a policy's subquery names the table's columns as <table>.<column>)
    -- (the keys cast to the key's type, so the primary key index finds them)
    'select %1$I::text, coalesce(%2$s, false), coalesce(%3$s, false), %6$s from %4$s where %1$I = any ($1::%5$s[])',
    key_column, may_update, may_delete, tbl, key_type, coalesce(offered, '''{}''::text[]'))
    using keys;
end
$$;

-- What each register's triggers freeze (see their migrations).
select private.declare_frozen('public.duty_records', $$status in ('待接班', '已交接')$$);
select private.declare_frozen('public.equipment_faults', $$status = '已修复'$$);
select private.declare_frozen('public.customer_expenses', $$status <> '待审批'$$);
select private.declare_frozen('public.work_reports', 'true');
select private.declare_frozen('public.visitors', $$status in ('已离开', '未放行')$$);
select private.declare_frozen('public.vehicle_visits', $$status = '已离开'$$);
