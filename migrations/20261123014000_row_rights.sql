-- Which of the rows on screen the caller may change or delete, asked of the tables' own RLS
-- policies, so the grid offers an editable cell only where the database would accept the edit;
-- and which declared workflow moves each row offers the caller.

-- The permissive policies of a command OR'ed, the restrictive ones AND'ed, as Postgres applies them
-- to the API's role; no policy means no. With p_check, the WITH CHECK expressions (a policy without
-- one checks with its USING expression), which for an update say whose rows may be written.
create function private.policy_condition(p_table regclass, p_command "char", p_check boolean default false) returns text
language sql stable security definer set search_path = ''
as $$
  with expressions as (
    select p.polpermissive as permissive,
           '(' || coalesce(pg_catalog.pg_get_expr(case when p_check then coalesce(p.polwithcheck, p.polqual) else p.polqual end, p.polrelid), 'true') || ')' as expression
    from pg_catalog.pg_policy p
    where p.polrelid = p_table and p.polcmd in (p_command, '*')
      and (p.polroles = '{0}' or 'authenticated'::regrole = any (p.polroles))
  )
  select concat_ws(' and ',
    coalesce('(' || string_agg(expression, ' or ') filter (where permissive) || ')', 'false'),
    string_agg(expression, ' and ') filter (where not permissive))
  from expressions
$$;
revoke all on function private.policy_condition(regclass, "char", boolean) from public;
grant execute on function private.policy_condition(regclass, "char", boolean) to authenticated;

-- The declared moves of a register the caller holds the permission for, with what a row must
-- meet; row_rights() runs as the caller and cannot read the declarations itself.
create function private.moves_offered(p_register text)
returns table (move text, state_column text, from_states text[], condition text)
language sql stable security definer set search_path = ''
as $$
  select m.move, m.state_column, m.from_states, m.condition
  from private.moves m
  where m.register = p_register
    and (m.requires_register is null or private.scope_for(m.requires_register, m.requires_action::public.permission_action) is not null)
  order by m.position
$$;
revoke all on function private.moves_offered(text) from public;
grant execute on function private.moves_offered(text) to authenticated;

create function public.row_rights(register text, keys text[])
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
comment on function public.row_rights(text, text[]) is '行级权限：能否修改、删除，可做的流程操作 | Row rights: may update, may delete, the workflow moves offered';
revoke all on function public.row_rights(text, text[]) from public, anon;
grant execute on function public.row_rights(text, text[]) to authenticated;
