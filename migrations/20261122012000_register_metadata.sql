-- Register metadata for the screens generated from the schema: one row per register the caller may
-- read, with what the caller may do there, its menu place, paper and record titles, its columns
-- (types, "中文 | English" labels from `comment on`, options, pickers, formats, write rights) and the
-- workflow moves its migration declared. A column added in the console shows up without a code change.

-- ── What the catalog says about a column ─────────────────────────────────────────────────
-- A table's single-column check constraints, each deparsed once: the options a check list allows
-- (col = any (array['a', 'b']) / col in (…)) or the regular expression a `col ~ '…'` imposes, with
-- the constraint's comment (its refusal message). p_attnum: only that column's.
create function private.column_checks(p_table oid, p_attnum smallint default null)
returns table (attnum smallint, options text[], pattern text, note text)
language sql stable set search_path = ''
as $$
  select c.conkey[1],
    case when d.def ~ '(= ANY \(ARRAY\[|IN \()' then
      (select array_agg(replace(x.m[1], '''''', '''') order by x.ord)
       from regexp_matches(d.def, '''((?:[^'']|'''')*)''::text', 'g') with ordinality as x(m, ord)) end,
    case when d.def ~ '~ ''' then replace((regexp_match(d.def, '~ ''((?:[^'']|'''')*)''::text'))[1], '''''', '''') end,
    pg_catalog.obj_description(c.oid, 'pg_constraint')
  from pg_catalog.pg_constraint c
  cross join lateral (select pg_catalog.pg_get_constraintdef(c.oid) as def) d
  where c.conrelid = p_table and c.contype = 'c' and cardinality(c.conkey) = 1 and (p_attnum is null or c.conkey[1] = p_attnum)
  order by c.oid
$$;

-- A column's options: the values of its enum (or of its array's enum), else its check list.
create function private.column_options(p_table oid, p_attnum smallint) returns text[]
language sql stable set search_path = ''
as $$
  select coalesce(
    (select array_agg(e.enumlabel::text order by e.enumsortorder)
     from pg_catalog.pg_attribute a
     join pg_catalog.pg_type t on t.oid = a.atttypid
     join pg_catalog.pg_enum e on e.enumtypid = case when t.typcategory = 'A' then t.typelem else a.atttypid end
     where a.attrelid = p_table and a.attnum = p_attnum),
    (select c.options from private.column_checks(p_table, p_attnum) c where c.options is not null limit 1))
$$;

-- The English labels of options, in the same order; a value without a label stands for itself.
create function private.options_en(p_options text[]) returns text[]
language sql stable set search_path = ''
as $$
  select array_agg(coalesce(l.label_en, o.value) order by o.ord)
  from unnest(p_options) with ordinality as o(value, ord)
  left join private.option_labels l on l.value = o.value
$$;

-- The Chinese labels of options, in the same order: a value stored as a code has one in
-- private.option_labels; a Chinese value stands for itself.
create function private.options_zh(p_options text[]) returns text[]
language sql stable set search_path = ''
as $$
  select array_agg(coalesce(l.label_zh, o.value) order by o.ord)
  from unnest(p_options) with ordinality as o(value, ord)
  left join private.option_labels l on l.value = o.value
$$;

-- The column a picker shows for a row of a table: its name, else its title, else its code.
create function private.display_column(p_table oid) returns text
language sql stable set search_path = ''
as $$
  select a.attname::text from pg_catalog.pg_attribute a
  where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped and a.attname in ('name', 'title', 'code')
  order by array_position(array['name', 'title', 'code'], a.attname::text)
  limit 1
$$;

-- The table a single-column foreign key points at, and the column its picker shows.
create function private.column_reference(p_table oid, p_attnum smallint)
returns table (target text, display text)
language sql stable set search_path = ''
as $$
  select ft.relname::text, private.display_column(ft.oid)
  from pg_catalog.pg_constraint fc
  join pg_catalog.pg_class ft on ft.oid = fc.confrelid
  where fc.conrelid = p_table and fc.contype = 'f' and fc.conkey = array[p_attnum]
  limit 1
$$;

-- A parameter of a public RPC: its type, and whether the call may leave it out.
create function private.rpc_parameter(p_rpc text, p_name text)
returns table (data_type text, has_default boolean)
language sql stable set search_path = ''
as $$
  select pg_catalog.format_type(x.type, null), x.ord > p.pronargs - p.pronargdefaults
  from pg_catalog.pg_proc p
  join pg_catalog.pg_namespace n on n.oid = p.pronamespace and n.nspname = 'public'
  cross join lateral unnest(p.proargnames[1:p.pronargs], p.proargtypes::oid[]) with ordinality as x(name, type, ord)
  where p.proname = p_rpc and x.name = p_name
  limit 1
$$;

-- ── Columns and moves as the screens read them ───────────────────────────────────────────
-- Every column in table order. Editable/insertable: the caller may update/create in the register
-- and the API role holds the column grant; system-owned columns (private.system_columns_of, computed,
-- identity, a key the database assigns) never are.
create function private.register_columns(p_table oid, p_register text, p_can_create boolean, p_can_update boolean, p_key_column text)
returns jsonb
language sql stable set search_path = ''
as $$
  -- (checks, references and system columns read once per table, not once per column)
  with checks as materialized (
    select * from private.column_checks(p_table)
  ), options as (
    select distinct on (c.attnum) c.attnum, c.options from checks c where c.options is not null order by c.attnum
  ), patterns as (
    select distinct on (c.attnum) c.attnum, c.pattern, c.note from checks c where c.pattern is not null order by c.attnum
  ), refs as (
    select distinct on (fc.conkey[1]) fc.conkey[1] as attnum, ft.relname::text as target, private.display_column(ft.oid) as display
    from pg_catalog.pg_constraint fc join pg_catalog.pg_class ft on ft.oid = fc.confrelid and ft.relnamespace = 'public'::regnamespace
    where fc.conrelid = p_table and fc.contype = 'f' and cardinality(fc.conkey) = 1
    order by fc.conkey[1], fc.oid
  ), system as materialized (
    select private.system_columns_of(p_register) as names, private.system_columns_of('*') as common,
      (select r.owner_column from private.register_scopes r where r.table_name = p_register) as owner_column
  ), described as (
    select a.*, pg_catalog.col_description(p_table, a.attnum) as comment,
      coalesce((select array_agg(e.enumlabel::text order by e.enumsortorder) from pg_catalog.pg_enum e where e.enumtypid = a.atttypid),
               o.options) as options,
      a.attname = any (s.names) or a.attgenerated <> '' or a.attidentity <> '' or (a.attname = p_key_column and a.atthasdef) as system,
      -- the key and the bookkeeping every register has: on record, kept out of the default view
      a.attname = any (s.common) or a.attname = p_key_column as bookkeeping,
      -- what an administrator's historical import (public.import_history) may fill besides the
      -- writable columns: the register's declared system columns that hold a value, not a list
      a.attname = any (s.names) and a.attname <> all (s.common) and a.attgenerated = '' and a.attidentity = ''
        and a.attndims = 0 and pg_catalog.format_type(a.atttypid, null) not like '%[]' as history_importable
    from pg_catalog.pg_attribute a
    cross join system s
    left join options o on o.attnum = a.attnum
    where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped
  )
  select coalesce(jsonb_agg(jsonb_build_object(
    'name', a.attname::text,
    'position', a.attnum,
    'data_type', pg_catalog.format_type(a.atttypid, a.atttypmod),
    'label_zh', coalesce(private.label_part(a.comment, 1), a.attname::text),
    'label_en', coalesce(private.label_part(a.comment, 2), private.label_part(a.comment, 1), a.attname::text),
    'kind_hint', k.kind,
    'options', a.options,
    'options_en', private.options_en(a.options),
    'options_zh', private.options_zh(a.options),
    'references_table', fk.target,
    'references_display', fk.display,
    'required', a.attnotnull and not a.atthasdef and a.attidentity = '' and a.attgenerated = '',
    'default_value', pg_catalog.pg_get_expr(d.adbin, d.adrelid),
    'editable', p_can_update and not a.system and pg_catalog.has_column_privilege('authenticated', p_table, a.attnum, 'UPDATE'),
    'insertable', p_can_create and not a.system and pg_catalog.has_column_privilege('authenticated', p_table, a.attnum, 'INSERT'),
    'system', a.system,
    'bookkeeping', a.bookkeeping,
    -- the column whose person the register's policies read as the row's owner (create_register_policies)
    'owner', a.attname = (select s.owner_column from system s),
    'history_importable', a.history_importable,
    -- why a read-only column is the database's, as the guard trigger says it ("中文 | English")
    'read_only_reason', case when a.system then coalesce(
      (select r.why from private.system_column_reasons(p_register) r where r.column_name = a.attname),
      (select r.why from private.system_column_reasons('*') r where r.column_name = a.attname),
      case when a.attgenerated <> '' then '由数据库根据其他字段计算 | Computed by the database from other fields' end) end,
    -- an RPC that gives the full value of a masked column, offered only to those it would answer
    -- (register_metadata() keeps it only for those: the cached description holds it with what it requires)
    'reveal_rpc', rv.rpc,
    'reveal_key_param', rv.key_param,
    'pattern', pat.pattern,
    'pattern_message_zh', private.label_part(pat.note, 1),
    'pattern_message_en', coalesce(private.label_part(pat.note, 2), private.label_part(pat.note, 1))
  ) || case when rv.rpc is not null then jsonb_build_object('reveal_requires', jsonb_build_array(rv.requires_register, rv.requires_action)) else '{}' end
  order by a.attnum), '[]')
  from described a
  left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
  left join private.column_kinds k on k.register = p_register and k.column_name = a.attname
  left join private.column_reveals rv on rv.register = p_register and rv.column_name = a.attname
  left join patterns pat on pat.attnum = a.attnum
  left join refs fk on fk.attnum = a.attnum
$$;

-- The declared moves in their order, each with the fields its form asks for. A field's type is
-- the RPC parameter's; label, options, picker and kind default to the register column it stands
-- for; it is required when the parameter has no default, unless declared otherwise.
create function private.register_moves(p_table oid, p_register text)
returns jsonb
language sql stable set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
    'move', m.move,
    'label_zh', m.label_zh,
    'label_en', m.label_en,
    'rpc', m.rpc,
    'key_param', m.key_param,
    'fixed_args', m.fixed_args,
    'state_column', m.state_column,
    'from_states', m.from_states,
    'to_state', m.to_state,
    'requires_register', m.requires_register,
    'requires_action', m.requires_action,
    'fields', (
      select coalesce(jsonb_agg(jsonb_build_object(
        'name', f.name,
        -- the register column the field stands for: its current value opens the dialog
        'column', f.column_name,
        'label_zh', coalesce(f.label_zh, private.label_part(pg_catalog.col_description(p_table, a.attnum), 1), f.name),
        'label_en', coalesce(f.label_en, private.label_part(pg_catalog.col_description(p_table, a.attnum), 2),
                             private.label_part(pg_catalog.col_description(p_table, a.attnum), 1), f.name),
        'data_type', coalesce(f.data_type, arg.data_type, 'text'),
        'kind_hint', coalesce(f.kind, k.kind),
        'options', o.options,
        'options_en', private.options_en(o.options),
        'options_zh', private.options_zh(o.options),
        'references_table', coalesce(f.references_table, fk.target),
        'references_display', case when f.references_table is not null
                                   then private.display_column(pg_catalog.to_regclass(pg_catalog.format('public.%I', f.references_table)))
                                   else fk.display end,
        'required', coalesce(f.required, not arg.has_default, true)
      ) order by f.position), '[]')
      from private.move_fields f
      left join pg_catalog.pg_attribute a on a.attrelid = p_table and a.attname = f.column_name and not a.attisdropped
      left join private.column_kinds k on k.register = f.register and k.column_name = f.column_name
      left join lateral private.rpc_parameter(m.rpc, f.name) arg on true
      left join lateral private.column_reference(p_table, a.attnum) fk on true
      cross join lateral (select coalesce(f.options, private.column_options(p_table, a.attnum)) as options) o
      where f.register = m.register and f.move = m.move
    ),
    'confirm_zh', m.confirm_zh,
    'confirm_en', m.confirm_en,
    'danger', m.danger,
    'position', m.position
  ) order by m.position), '[]')
  from private.moves m
  where m.register = p_register
$$;

revoke all on function private.column_checks(oid, smallint), private.column_options(oid, smallint), private.options_en(text[]), private.options_zh(text[]),
  private.display_column(oid), private.column_reference(oid, smallint),
  private.rpc_parameter(text, text), private.register_columns(oid, text, boolean, boolean, text),
  private.register_moves(oid, text) from public;

-- ── The cached descriptions (issue 18) ────────────────────────────────────────────────────
-- A register's columns and moves depend on the schema and the declarations, and on the person only
-- through may-create / may-update (and which reveal RPCs would answer them): they are built once per
-- register and pair of rights, and kept until the schema or a declaration changes. Reading 47
-- registers' descriptions then costs a lookup, not the catalogue walk (370–430 ms a call before).
create table private.register_metadata_cache (
  register text not null,
  can_create boolean not null,
  can_update boolean not null,
  columns jsonb not null,
  moves jsonb not null,
  has_reveals boolean not null,
  primary key (register, can_create, can_update)
);
comment on table private.register_metadata_cache is '台账元数据缓存 | Register descriptions, built once per register and rights until the schema or a declaration changes';
alter table private.register_metadata_cache enable row level security;
revoke all on private.register_metadata_cache from public, anon, authenticated;

-- Forgetting waits for descriptions being built (they take a row-exclusive lock first, see
-- register_metadata), and a description begun after it waits for the change to commit: otherwise one
-- built from the catalogue as it was a moment before a change could be stored after the change had
-- emptied the cache, and stay there (a new column missing from the grid until the next change).
create function private.forget_register_metadata() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  lock table private.register_metadata_cache in exclusive mode;
  delete from private.register_metadata_cache;
  return null;
end
$$;
revoke all on function private.forget_register_metadata() from public;

-- Any change to the schema (a column, a comment, a check, a grant, an enum value), temporary tables aside.
create function private.forget_register_metadata_on_ddl() returns event_trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_event = 'sql_drop' then
    if exists (select 1 from pg_catalog.pg_event_trigger_dropped_objects() o where not o.is_temporary) then
      lock table private.register_metadata_cache in exclusive mode;
      delete from private.register_metadata_cache;
    end if;
  elsif not exists (select 1 from pg_catalog.pg_event_trigger_ddl_commands() c where c.schema_name like 'pg\_temp%')
        or exists (select 1 from pg_catalog.pg_event_trigger_ddl_commands() c where c.schema_name is null or c.schema_name not like 'pg\_temp%') then
    lock table private.register_metadata_cache in exclusive mode;
    delete from private.register_metadata_cache;
  end if;
end
$$;
revoke all on function private.forget_register_metadata_on_ddl() from public;
create event trigger register_metadata_schema_changed on ddl_command_end execute function private.forget_register_metadata_on_ddl();
create event trigger register_metadata_schema_dropped on sql_drop execute function private.forget_register_metadata_on_ddl();

-- Any change to what the descriptions read from the declarations.
do $$
declare
  t text;
begin
  foreach t in array array['moves', 'move_fields', 'column_kinds', 'column_reveals', 'register_scopes', 'system_columns', 'option_labels'] loop
    execute format('create trigger %I after insert or update or delete or truncate on private.%I for each statement execute function private.forget_register_metadata()',
                   t || '_forget_register_metadata', t);
  end loop;
end
$$;

-- ── The metadata RPC ─────────────────────────────────────────────────────────────────────
-- Volatile: it fills the cache for the registers and rights it has not described yet.
create function public.register_metadata()
returns table (
  register text, label_zh text, label_en text, key_column text,
  can_create boolean, can_update boolean, can_delete boolean,
  default_sort_column text, default_sort_desc boolean,
  menu_group text, menu_group_label_zh text, menu_group_label_en text, menu_group_order integer, menu_order integer,
  print_title_zh text, print_title_en text, title_columns text[],
  columns jsonb,
  moves jsonb,
  print_signatures_zh text[], print_signatures_en text[]
)
language sql volatile security definer set search_path = ''
as $$
  -- Before reading the catalogue: a schema change then waits for this call, or this call for it (see above).
  lock table private.register_metadata_cache in row exclusive mode;

  with mine as (
    select p.register, array_agg(p.action::text) as actions from public.my_permissions() p group by p.register
  )
  insert into private.register_metadata_cache (register, can_create, can_update, columns, moves, has_reveals)
  select t.name, t.can_create, t.can_update, t.columns, private.register_moves(t.oid, t.name), t.columns @? '$[*].reveal_requires'
  from (
    select c.oid, c.relname::text as name, 'create' = any (m.actions) as can_create, 'update' = any (m.actions) as can_update,
      private.register_columns(c.oid, c.relname::text, 'create' = any (m.actions), 'update' = any (m.actions),
        (select a.attname::text from pg_catalog.pg_index i join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
         where i.indrelid = c.oid and i.indisprimary)) as columns
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    join mine m on m.register = c.relname and 'read' = any (m.actions)
    where c.relkind = 'r'
      and not exists (select 1 from private.register_metadata_cache k
                      where k.register = c.relname and k.can_create = ('create' = any (m.actions)) and k.can_update = ('update' = any (m.actions)))
  ) t
  on conflict do nothing;

  with mine as (
    select p.register, array_agg(p.action::text) as actions from public.my_permissions() p group by p.register
  ), tables as (
    select c.oid, c.relname::text as name,
      coalesce(private.label_part(pg_catalog.obj_description(c.oid, 'pg_class'), 1), c.relname::text) as label_zh,
      coalesce(private.label_part(pg_catalog.obj_description(c.oid, 'pg_class'), 2),
               private.label_part(pg_catalog.obj_description(c.oid, 'pg_class'), 1), c.relname::text) as label_en,
      'create' = any (m.actions) as can_create, 'update' = any (m.actions) as can_update, 'delete' = any (m.actions) as can_delete,
      (select a.attname::text from pg_catalog.pg_index i join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
       where i.indrelid = c.oid and i.indisprimary) as key_column,
      -- The register's own newest-first index says how people read it; else newest created first.
      coalesce(
        (select a.attname::text from pg_catalog.pg_index i join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
         where i.indrelid = c.oid and i.indoption[0] & 1 = 1 and i.indpred is null order by i.indexrelid limit 1),
        (select a.attname::text from pg_catalog.pg_attribute a where a.attrelid = c.oid and a.attname = 'created_at' and not a.attisdropped)) as desc_column
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    join mine m on m.register = c.relname and 'read' = any (m.actions)
    where c.relkind = 'r'
  ), placed as (
    -- Undeclared registers go to the "other" group; in_menu => false keeps one out of the menu.
    select t.*, d.menu_order as declared_order, d.print_title_zh, d.print_title_en, d.title_columns,
      d.print_signatures_zh, d.print_signatures_en,
      case when coalesce(d.in_menu, true) then coalesce(d.menu_group, 'other') end as group_key
    from tables t
    left join private.registers d on d.register = t.name
  )
  select
    p.name, p.label_zh, p.label_en, p.key_column,
    p.can_create, p.can_update, p.can_delete,
    coalesce(p.desc_column, p.key_column), p.desc_column is not null,
    p.group_key, g.label_zh, g.label_en,
    -- Groups and registers numbered in menu order (declared order, then by name).
    case when p.group_key is not null then (dense_rank() over (partition by p.group_key is null order by g.position, g.key))::integer end,
    case when p.group_key is not null then (row_number() over (partition by p.group_key order by p.declared_order nulls last, p.name))::integer end,
    coalesce(p.print_title_zh, p.label_zh), coalesce(p.print_title_en, p.label_en),
    coalesce(p.title_columns,
             (select array[a.attname::text] from pg_catalog.pg_attribute a
              where a.attrelid = p.oid and a.attnum > 0 and not a.attisdropped and a.attname in ('code', 'name', 'title')
              order by array_position(array['code', 'name', 'title'], a.attname::text) limit 1),
             array[p.key_column]),
    -- A masked column's reveal RPC is offered only to those it would answer.
    case when k.has_reveals then (
      select jsonb_agg(case when e.col ? 'reveal_requires' then (e.col - 'reveal_requires') || jsonb_build_object('reveal_rpc',
               case when private.scope_for(e.col -> 'reveal_requires' ->> 0, (e.col -> 'reveal_requires' ->> 1)::public.permission_action) is not null
                    then e.col -> 'reveal_rpc' else 'null'::jsonb end)
             else e.col end order by e.n)
      from jsonb_array_elements(k.columns) with ordinality as e(col, n))
    else k.columns end,
    k.moves,
    p.print_signatures_zh, p.print_signatures_en
  from placed p
  join private.register_metadata_cache k on k.register = p.name and k.can_create = p.can_create and k.can_update = p.can_update
  left join private.menu_groups g on g.key = p.group_key
  order by g.position nulls last, p.group_key, p.declared_order nulls last, p.name
$$;
comment on function public.register_metadata() is '台账元数据 | Register metadata';
revoke all on function public.register_metadata() from public, anon;
grant execute on function public.register_metadata() to authenticated;
