-- The register descriptions' cache no longer takes a lock a schema change can deadlock with (seen
-- in CI: a description being built held the cache and waited for a table a schema change held,
-- which waited for the cache). A schema change, or a change to a declaration, now moves the cache
-- to a new generation; a description is stored under the generation it was read in (the catalogue
-- and the generation in one statement, so one snapshot), and used only in that generation: one built
-- from the catalogue as it was a moment before a change is never used after it (the reason for the
-- lock, 20261122012000). Nothing waits on the cache but two calls describing the same register at once.
create table private.register_metadata_generation (
  one boolean primary key default true check (one),
  n bigint not null default 0
);
comment on table private.register_metadata_generation is '台账元数据缓存代次 | Register descriptions: the generation the cache is in';
alter table private.register_metadata_generation enable row level security;
revoke all on private.register_metadata_generation from public, anon, authenticated;
insert into private.register_metadata_generation default values;

alter table private.register_metadata_cache add column generation bigint not null default 0;
comment on column private.register_metadata_cache.generation is '代次 | Generation it was described in';
delete from private.register_metadata_cache;

create or replace function private.forget_register_metadata() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  update private.register_metadata_generation set n = n + 1;
  return null;
end
$$;

-- Any change to the schema (a column, a comment, a check, a grant, an enum value), temporary tables aside.
create or replace function private.forget_register_metadata_on_ddl() returns event_trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_event = 'sql_drop' then
    if exists (select 1 from pg_catalog.pg_event_trigger_dropped_objects() o where not o.is_temporary) then
      update private.register_metadata_generation set n = n + 1;
    end if;
  elsif not exists (select 1 from pg_catalog.pg_event_trigger_ddl_commands() c where c.schema_name like 'pg\_temp%')
        or exists (select 1 from pg_catalog.pg_event_trigger_ddl_commands() c where c.schema_name is null or c.schema_name not like 'pg\_temp%') then
    update private.register_metadata_generation set n = n + 1;
  end if;
end
$$;

-- ── The metadata RPC ─────────────────────────────────────────────────────────────────────
-- Volatile: it fills the cache for the registers and rights this generation has not described yet.
create or replace function public.register_metadata()
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
  with generation as (
    select n from private.register_metadata_generation
  ), mine as (
    select p.register, array_agg(p.action::text) as actions from public.my_permissions() p group by p.register
  ),
  built as (
    insert into private.register_metadata_cache (register, can_create, can_update, columns, moves, has_reveals, generation)
    select t.name, t.can_create, t.can_update, t.columns, private.register_moves(t.oid, t.name), t.columns @? '$[*].reveal_requires', (select g.n from generation g)
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
                        where k.register = c.relname and k.can_create = ('create' = any (m.actions)) and k.can_update = ('update' = any (m.actions))
                          and k.generation = (select g.n from generation g))
    ) t
      -- An older generation's description is replaced; this generation's is written again (the same
      -- text), so that it is returned here even when another call stored it a moment ago.
      on conflict (register, can_create, can_update) do update
        set columns = excluded.columns, moves = excluded.moves, has_reveals = excluded.has_reveals, generation = excluded.generation
        where private.register_metadata_cache.generation <= excluded.generation
      returning register, can_create, can_update, columns, moves, has_reveals
  ),
  described as (
    -- What this generation knew already, and what this call has just described.
    select k.register, k.can_create, k.can_update, k.columns, k.moves, k.has_reveals
    from private.register_metadata_cache k where k.generation = (select g.n from generation g)
    union all
    select * from built
  ),
  tables as (
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
  join described k on k.register = p.name and k.can_create = p.can_create and k.can_update = p.can_update
  left join private.menu_groups g on g.key = p.group_key
  order by g.position nulls last, p.group_key, p.declared_order nulls last, p.name
$$;
