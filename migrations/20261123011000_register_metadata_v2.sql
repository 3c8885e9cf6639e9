-- Register metadata, second edition: what the caller may do with each register (create, update,
-- delete), which columns the API may write (column grants), the format a check constraint imposes
-- on a column with its message, and a default sort.

drop function public.register_metadata();

-- The regular expression of a single-column check constraint (`col ~ '…'`), with its comment.
create function private.column_pattern(p_table oid, p_attnum smallint)
returns table (pattern text, note text)
language sql stable set search_path = ''
as $$
  select replace((regexp_match(pg_catalog.pg_get_constraintdef(c.oid), '~ ''((?:[^'']|'''')*)''::text'))[1], '''''', ''''),
         pg_catalog.obj_description(c.oid, 'pg_constraint')
  from pg_catalog.pg_constraint c
  where c.conrelid = p_table and c.contype = 'c' and c.conkey = array[p_attnum]
    and pg_catalog.pg_get_constraintdef(c.oid) ~ '~ '''
  limit 1
$$;
revoke all on function private.column_pattern(oid, smallint) from public;
grant execute on function private.column_pattern(oid, smallint) to authenticated;

create function public.register_metadata()
returns table (
  register text, label_zh text, label_en text, key_column text,
  can_create boolean, can_update boolean, can_delete boolean, default_sort_column text, default_sort_desc boolean,
  column_name text, column_position integer, data_type text, label_column_zh text, label_column_en text,
  options text[], references_table text, references_display text,
  required boolean, default_value text, editable boolean, insertable boolean, is_system boolean,
  pattern text, pattern_message_zh text, pattern_message_en text
)
language sql stable security definer set search_path = ''
as $$
  with mine as (
    select p.register, array_agg(p.action::text) as actions from public.my_permissions() p group by p.register
  ), tables as (
    select c.oid, c.relname::text as name, pg_catalog.obj_description(c.oid, 'pg_class') as comment,
      'create' = any (m.actions) as can_create, 'update' = any (m.actions) as can_update, 'delete' = any (m.actions) as can_delete
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    join mine m on m.register = c.relname and 'read' = any (m.actions)
    where c.relkind = 'r'
  ), sorts as (
    -- The register's own newest-first index says how people read it; else newest created first.
    select t.oid,
      coalesce(
        (select a.attname::text from pg_catalog.pg_index i join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
         where i.indrelid = t.oid and i.indoption[0] & 1 = 1 and i.indpred is null order by i.indexrelid limit 1),
        (select a.attname::text from pg_catalog.pg_attribute a where a.attrelid = t.oid and a.attname = 'created_at' and not a.attisdropped)) as desc_column,
      (select a2.attname::text from pg_catalog.pg_index i join pg_catalog.pg_attribute a2 on a2.attrelid = i.indrelid and a2.attnum = i.indkey[0]
       where i.indrelid = t.oid and i.indisprimary) as key_column
    from tables t
  )
  select
    t.name,
    coalesce(private.label_part(t.comment, 1), t.name),
    coalesce(private.label_part(t.comment, 2), private.label_part(t.comment, 1), t.name),
    s.key_column,
    t.can_create, t.can_update, t.can_delete,
    coalesce(s.desc_column, s.key_column),
    s.desc_column is not null,
    a.attname::text,
    a.attnum::integer,
    pg_catalog.format_type(a.atttypid, a.atttypmod),
    coalesce(private.label_part(pg_catalog.col_description(t.oid, a.attnum), 1), a.attname::text),
    coalesce(private.label_part(pg_catalog.col_description(t.oid, a.attnum), 2), private.label_part(pg_catalog.col_description(t.oid, a.attnum), 1), a.attname::text),
    coalesce(
      (select array_agg(e.enumlabel::text order by e.enumsortorder) from pg_catalog.pg_enum e where e.enumtypid = a.atttypid),
      private.check_options(t.oid, a.attnum)),
    fk.target,
    fk.display,
    a.attnotnull and not a.atthasdef and a.attidentity = '' and a.attgenerated = '',
    pg_catalog.pg_get_expr(d.adbin, d.adrelid),
    -- Editable in the grid and the edit form: the role may update and the column is granted.
    t.can_update and pg_catalog.has_column_privilege('authenticated', t.oid, a.attnum, 'UPDATE')
      and a.attgenerated = '' and a.attidentity = ''
      and a.attname not in ('id', 'version', 'created_at', 'updated_at'),
    -- Offered in the create form and the importer.
    t.can_create and pg_catalog.has_column_privilege('authenticated', t.oid, a.attnum, 'INSERT')
      and a.attgenerated = '' and a.attidentity = ''
      and a.attname not in ('id', 'version', 'created_at', 'updated_at'),
    a.attname in ('id', 'version', 'created_at', 'updated_at') or a.attgenerated <> '',
    pat.pattern,
    private.label_part(pat.note, 1),
    coalesce(private.label_part(pat.note, 2), private.label_part(pat.note, 1))
  from tables t
  join sorts s on s.oid = t.oid
  join pg_catalog.pg_attribute a on a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped
  left join pg_catalog.pg_attrdef d on d.adrelid = t.oid and d.adnum = a.attnum
  left join lateral private.column_pattern(t.oid, a.attnum) pat on true
  left join lateral (
    select ft.relname::text as target,
      (select fa.attname::text from pg_catalog.pg_attribute fa
       where fa.attrelid = ft.oid and fa.attnum > 0 and not fa.attisdropped and fa.attname in ('name', 'title', 'code')
       order by array_position(array['name', 'title', 'code'], fa.attname::text) limit 1) as display
    from pg_catalog.pg_constraint fc
    join pg_catalog.pg_class ft on ft.oid = fc.confrelid
    where fc.conrelid = t.oid and fc.contype = 'f' and fc.conkey = array[a.attnum]
    limit 1
  ) fk on true
  order by t.name, a.attnum
$$;
comment on function public.register_metadata() is '台账元数据 | Register metadata';
revoke all on function public.register_metadata() from public, anon;
grant execute on function public.register_metadata() to authenticated;
