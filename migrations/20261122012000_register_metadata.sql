-- Register metadata for screens generated from the schema: every register the caller may read,
-- with its columns' types, labels (from `comment on`, "中文 | English"), options (enums and check
-- lists), foreign keys and their display column, required and editable flags. A column added in
-- the console shows up here, labelled by its comment, without a code change.

-- "中文 | English" → the part for a language; a comment without "|" serves both.
create function private.label_part(p_comment text, p_part integer) returns text
language sql immutable set search_path = ''
as $$
  select nullif(btrim(coalesce(split_part(p_comment, '|', p_part), '')), '')
$$;

-- The options a single-column check constraint allows (col = any (array['a', 'b']) / col in (…)).
create function private.check_options(p_table oid, p_attnum smallint) returns text[]
language sql stable set search_path = ''
as $$
  select array_agg(m[1] order by ord)
  from pg_catalog.pg_constraint c
  cross join lateral regexp_matches(pg_catalog.pg_get_constraintdef(c.oid), '''((?:[^'']|'''')*)''::text', 'g') with ordinality as x(m, ord)
  where c.conrelid = p_table and c.contype = 'c' and c.conkey = array[p_attnum]
    and pg_catalog.pg_get_constraintdef(c.oid) ~ '(= ANY \(ARRAY\[|IN \()'
  group by c.oid
  limit 1
$$;

create function public.register_metadata()
returns table (
  register text, label_zh text, label_en text, key_column text,
  column_name text, column_position integer, data_type text, label_column_zh text, label_column_en text,
  options text[], references_table text, references_display text,
  required boolean, default_value text, editable boolean, is_system boolean
)
language sql stable security definer set search_path = ''
as $$
  with readable as (
    select distinct p.register from public.my_permissions() p where p.action = 'read'
  ), updatable as (
    select distinct p.register from public.my_permissions() p where p.action in ('update', 'create')
  ), tables as (
    select c.oid, c.relname::text as name, pg_catalog.obj_description(c.oid, 'pg_class') as comment
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    join readable r on r.register = c.relname
    where c.relkind = 'r'
  )
  select
    t.name,
    coalesce(private.label_part(t.comment, 1), t.name),
    coalesce(private.label_part(t.comment, 2), private.label_part(t.comment, 1), t.name),
    (select a2.attname::text from pg_catalog.pg_index i join pg_catalog.pg_attribute a2 on a2.attrelid = i.indrelid and a2.attnum = i.indkey[0]
     where i.indrelid = t.oid and i.indisprimary),
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
    t.name in (select register from updatable)
      and a.attgenerated = '' and a.attidentity = ''
      and a.attname not in ('id', 'version', 'created_at', 'updated_at'),
    a.attname in ('id', 'version', 'created_at', 'updated_at') or a.attgenerated <> ''
  from tables t
  join pg_catalog.pg_attribute a on a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped
  left join pg_catalog.pg_attrdef d on d.adrelid = t.oid and d.adnum = a.attnum
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
revoke all on function private.label_part(text, integer), private.check_options(oid, smallint) from public;
grant execute on function private.label_part(text, integer), private.check_options(oid, smallint) to authenticated;
