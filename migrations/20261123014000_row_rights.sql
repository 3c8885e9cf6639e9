-- Which of the rows on screen the caller may change or delete, asked of the tables' own RLS
-- policies, so the grid offers an editable cell only where the database would accept the edit.

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

create function public.row_rights(register text, keys text[])
returns table (key text, can_update boolean, can_delete boolean)
language plpgsql stable security invoker set search_path = ''
as $$
declare
  tbl regclass := case when register ~ '^[a-z][a-z0-9_]{0,62}$' then pg_catalog.to_regclass(format('public.%I', register)) end;
  key_column text;
  key_type text;
  may_update text;
  may_delete text;
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
  return query execute format(
    -- (no alias: a policy's subquery names the table's columns as <table>.<column>)
    -- (the keys cast to the key's type, so the primary key index finds them)
    'select %1$I::text, coalesce(%2$s, false), coalesce(%3$s, false) from %4$s where %1$I = any ($1::%5$s[])',
    key_column, may_update, may_delete, tbl, key_type)
    using keys;
end
$$;
comment on function public.row_rights(text, text[]) is '行级权限：能否修改、删除 | Row rights: may update, may delete';
revoke all on function public.row_rights(text, text[]) from public, anon;
grant execute on function public.row_rights(text, text[]) to authenticated;
