-- Register declarations: what a register's own migration says about its screens that the catalog
-- cannot (menu place, paper title, record title, column kinds, workflow moves), read through
-- public.register_metadata() and public.row_rights(). Adds the private schema first: every
-- migration after this one declares its registers with these helpers.

-- ── Private schema (helpers and declarations the API does not expose) ─────────────────────
create schema private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- "中文 | English" → the part for a language; a text without "|" serves both.
create function private.label_part(p_comment text, p_part integer) returns text
language sql immutable set search_path = ''
as $$
  select nullif(btrim(coalesce(split_part(p_comment, '|', p_part), '')), '')
$$;
revoke all on function private.label_part(text, integer) from public;

-- ── Declarations (written only by migrations, through the functions below) ───────────────
create table private.menu_groups (
  key text primary key,
  label_zh text not null,
  label_en text not null,
  position integer not null
);
comment on table private.menu_groups is '菜单分组 | Menu groups';
-- Read only by the owner's security-definer functions (no API role has a grant); RLS with no
-- policy is a second lock should a grant ever be added by mistake.
alter table private.menu_groups enable row level security;

create table private.registers (
  register text primary key,
  in_menu boolean not null default true,
  menu_group text references private.menu_groups (key),
  menu_order integer,
  print_title_zh text,
  print_title_en text,
  title_columns text[],
  -- The signature lines under the printed form, in order (the paper's 三方签字: giver, receiver, archivist).
  print_signatures_zh text[],
  print_signatures_en text[],
  -- Rows meeting this (SQL over the register's columns) are changed or deleted by nobody: the
  -- register's triggers refuse it, and row_rights() offers no edit and no delete on them.
  frozen_when text,
  constraint registers_menu_group_in_menu check (in_menu or menu_group is null)
);
comment on table private.registers is '台账声明：菜单位置、纸质表名、记录标题 | Register declarations: menu place, paper title, record title';
-- Read only by the owner's security-definer functions (no API role has a grant); RLS with no
-- policy is a second lock should a grant ever be added by mistake.
alter table private.registers enable row level security;

-- A column shown masked to everyone (an ID number) whose full value an RPC gives to those allowed:
-- the record page offers a "show" button beside it, to whoever holds the permission it names.
create table private.column_reveals (
  register text not null,
  column_name text not null,
  rpc text not null,
  key_param text not null,
  requires_register text not null,
  requires_action text not null,
  primary key (register, column_name)
);
comment on table private.column_reveals is '可查看完整值的列：脱敏显示，经授权的 RPC 给出完整值 | Revealable columns: shown masked, the full value from an RPC to those allowed';
alter table private.column_reveals enable row level security;

create table private.column_kinds (
  register text not null,
  column_name text not null,
  kind text not null,
  primary key (register, column_name),
  constraint column_kinds_kind_check check (kind in ('longtext', 'phone', 'money', 'percent', 'id_card', 'multi_option', 'code_number', 'survey_link', 'month', 'quarter', 'register_name', 'source_record', 'attachment'))
);
comment on table private.column_kinds is '列类型提示 | Column kind hints';
-- Read only by the owner's security-definer functions (no API role has a grant); RLS with no
-- policy is a second lock should a grant ever be added by mistake.
alter table private.column_kinds enable row level security;

-- A workflow move: a public RPC called with the row's key (key_param), the fixed arguments and
-- the fields the person fills in; offered on rows in from_states that meet the condition (an SQL
-- predicate over the row: columns by name, the whole row by the table's name), to callers who
-- hold the required permission. The RPC itself still decides.
create table private.moves (
  register text not null,
  move text not null,
  position integer not null,
  label_zh text not null,
  label_en text not null,
  rpc text not null,
  key_param text not null,
  fixed_args jsonb not null default '{}',
  state_column text,
  from_states text[],
  to_state text,
  requires_register text,
  requires_action text,
  condition text,
  confirm_zh text,
  confirm_en text,
  danger boolean not null default false,
  primary key (register, move),
  constraint moves_requires_both check ((requires_register is null) = (requires_action is null)),
  constraint moves_states_need_column check (from_states is null or state_column is not null)
);
comment on table private.moves is '流程操作声明 | Workflow move declarations';
-- Read only by the owner's security-definer functions (no API role has a grant); RLS with no
-- policy is a second lock should a grant ever be added by mistake.
alter table private.moves enable row level security;

-- A field of a move: an RPC parameter. Its type is the parameter's; options, picker and kind come
-- from the register column it stands for (column_name), unless given here.
create table private.move_fields (
  register text not null,
  move text not null,
  position integer not null,
  name text not null,
  label_zh text,
  label_en text,
  column_name text,
  data_type text,
  kind text,
  options text[],
  references_table text,
  required boolean,
  primary key (register, move, name),
  foreign key (register, move) references private.moves (register, move) on delete cascade,
  constraint move_fields_kind_check check (kind in ('longtext', 'phone', 'money', 'percent', 'id_card', 'multi_option', 'code_number', 'survey_link', 'month', 'quarter', 'register_name', 'source_record', 'attachment'))
);
comment on table private.move_fields is '流程操作的填写项 | Fields of a workflow move';
-- Read only by the owner's security-definer functions (no API role has a grant); RLS with no
-- policy is a second lock should a grant ever be added by mistake.
alter table private.move_fields enable row level security;

-- Registers without a declared group sit here, last.
insert into private.menu_groups (key, label_zh, label_en, position) values ('other', '其他', 'Other', 2147483647);

-- ── Declaring ────────────────────────────────────────────────────────────────────────────
-- select private.declare_menu_group('service', '客户服务 | Customer service', 20);
create function private.declare_menu_group(p_key text, p_label text, p_position integer) returns void
language sql set search_path = ''
as $$
  insert into private.menu_groups (key, label_zh, label_en, position)
  values (p_key, private.label_part(p_label, 1), coalesce(private.label_part(p_label, 2), private.label_part(p_label, 1)), p_position)
  on conflict (key) do update set label_zh = excluded.label_zh, label_en = excluded.label_en, position = excluded.position
$$;

-- The name of a public table, refusing anything else (declarations are keyed like permissions).
create function private.register_name(p_table regclass) returns text
language plpgsql stable set search_path = ''
as $$
declare
  name text;
begin
  select c.relname::text into name
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.oid = p_table and n.nspname = 'public';
  if name is null then
    raise exception 'a register is a table in schema public, not %', p_table using errcode = '22023';
  end if;
  return name;
end
$$;

-- Refuses a column the table does not have (a typo in a declaration fails its migration).
create function private.require_column(p_table regclass, p_column text) returns void
language plpgsql stable set search_path = ''
as $$
begin
  if not exists (select 1 from pg_catalog.pg_attribute a where a.attrelid = p_table and a.attname = p_column and a.attnum > 0 and not a.attisdropped) then
    raise exception '% has no column %', p_table, p_column using errcode = '42703';
  end if;
end
$$;

-- select private.declare_register('public.service_requests', menu_group => 'service', menu_order => 30,
--   print_title => '客户报修/投诉/求助记录 | Service request form', title_columns => array['code']);
-- in_menu => false keeps a register the screens use (saved views) out of the menu.
-- print_signatures => array['工程经理A角 | Engineering manager A', …] are the form's signature lines.
create function private.declare_register(
  p_table regclass, menu_group text default null, menu_order integer default null,
  print_title text default null, title_columns text[] default null, in_menu boolean default true,
  print_signatures text[] default null
) returns void
language plpgsql set search_path = ''
as $$
declare
  title_column text;
begin
  foreach title_column in array coalesce(declare_register.title_columns, '{}') loop
    perform private.require_column(p_table, title_column);
  end loop;
  insert into private.registers (register, in_menu, menu_group, menu_order, print_title_zh, print_title_en, title_columns,
                                 print_signatures_zh, print_signatures_en)
  values (private.register_name(p_table), declare_register.in_menu, declare_register.menu_group, declare_register.menu_order,
          private.label_part(print_title, 1), coalesce(private.label_part(print_title, 2), private.label_part(print_title, 1)),
          declare_register.title_columns,
          (select array_agg(private.label_part(l, 1) order by n) from unnest(print_signatures) with ordinality as x(l, n)),
          (select array_agg(coalesce(private.label_part(l, 2), private.label_part(l, 1)) order by n) from unnest(print_signatures) with ordinality as x(l, n)))
  on conflict (register) do update set
    in_menu = excluded.in_menu, menu_group = excluded.menu_group, menu_order = excluded.menu_order,
    print_title_zh = excluded.print_title_zh, print_title_en = excluded.print_title_en, title_columns = excluded.title_columns,
    print_signatures_zh = excluded.print_signatures_zh, print_signatures_en = excluded.print_signatures_en;
end
$$;

-- select private.declare_column('public.service_requests', 'content', kind => 'longtext');
create function private.declare_column(p_table regclass, p_column text, kind text) returns void
language plpgsql set search_path = ''
as $$
begin
  perform private.require_column(p_table, p_column);
  insert into private.column_kinds (register, column_name, kind)
  values (private.register_name(p_table), p_column, declare_column.kind)
  on conflict (register, column_name) do update set kind = excluded.kind;
end
$$;

-- select private.declare_reveal('public.visitors', 'id_number', 'visitor_id_number', 'visitor_id',
--   requires_register => 'visitor_id_numbers', requires_action => 'read');
create function private.declare_reveal(p_table regclass, p_column text, rpc text, key_param text,
  requires_register text, requires_action text) returns void
language plpgsql set search_path = ''
as $$
begin
  perform private.require_column(p_table, p_column);
  if (select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.proname = declare_reveal.rpc and declare_reveal.key_param = any (p.proargnames)) <> 1 then
    raise exception 'reveal %.%: public.% is not exactly one function with a parameter %', p_table, p_column, declare_reveal.rpc, declare_reveal.key_param
      using errcode = '42883';
  end if;
  insert into private.column_reveals (register, column_name, rpc, key_param, requires_register, requires_action)
  values (private.register_name(p_table), p_column, declare_reveal.rpc, declare_reveal.key_param, declare_reveal.requires_register, declare_reveal.requires_action)
  on conflict (register, column_name) do update set rpc = excluded.rpc, key_param = excluded.key_param,
    requires_register = excluded.requires_register, requires_action = excluded.requires_action;
end
$$;

-- select private.declare_frozen('public.duty_records', $$status in ('待接班', '已交接')$$);
-- Frozen rows: a signed duty record, a closed work order, a decided expense claim… are refused by
-- their register's triggers to everyone, whatever the RLS policies would allow. The register
-- declares the condition once, and row_rights() reads it so that the screens offer no edit and no
-- delete on such a row. The condition is SQL over the register's columns,
-- trusted (only migrations declare); a typo fails the migration.
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

-- select private.declare_move('public.access_requests', 'decline', '驳回 | Decline', 'decide_access_request', 'request_id',
--   fixed_args => '{"approve": false}', state_column => 'status', from_states => array['待审批'], to_state => '已驳回',
--   requires_register => 'access_requests', requires_action => 'approve', danger => true,
--   confirm => '确定驳回这条查阅申请？ | Decline this access request?',
--   fields => '[{"name": "note", "label": "审批意见 | Note"}]');
-- A field is {"name": <RPC parameter>, "label": "中文 | English", "column": <register column it stands
-- for>, "data_type", "kind", "options": [...], "references": <table>, "required": bool}, all but name optional;
-- required defaults to "the parameter has no default". Moves are offered in the order declared.
create function private.declare_move(
  p_table regclass, p_move text, label text, rpc text, key_param text,
  fields jsonb default '[]', fixed_args jsonb default '{}',
  state_column text default null, from_states text[] default null, to_state text default null,
  requires_register text default null, requires_action text default null, condition text default null,
  confirm text default null, danger boolean default false
) returns void
language plpgsql set search_path = ''
as $$
declare
  v_register text := private.register_name(p_table);
  params text[];
  v_position integer;
  field jsonb;
  argument text;
begin
  -- The RPC, one function of that name in public, and its parameters.
  select p.proargnames[1:p.pronargs] into params
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where n.nspname = 'public' and p.proname = declare_move.rpc;
  if not found or (select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
                   where n.nspname = 'public' and p.proname = declare_move.rpc) <> 1 then
    raise exception 'move %: public.% is not exactly one function', p_move, declare_move.rpc using errcode = '42883';
  end if;
  for argument in select key_param union all select f ->> 'name' from jsonb_array_elements(fields) f union all select jsonb_object_keys(fixed_args) loop
    if argument is null or not argument = any (params) then
      raise exception 'move %: public.% has no parameter %', p_move, declare_move.rpc, coalesce(argument, '(none)') using errcode = '42703';
    end if;
  end loop;
  if declare_move.state_column is not null then
    perform private.require_column(p_table, declare_move.state_column);
  end if;
  for field in select f from jsonb_array_elements(fields) f where f ? 'column' loop
    perform private.require_column(p_table, field ->> 'column');
  end loop;
  if requires_action is not null then
    perform requires_action::public.permission_action;
  end if;
  -- The condition must be valid SQL over the row (planned, not run).
  if condition is not null then
    execute format('select from %s where (%s) limit 0', p_table, condition);
  end if;

  -- A move declared again keeps its place.
  select coalesce((select m.position from private.moves m where m.register = v_register and m.move = p_move),
                  (select coalesce(max(m.position), 0) + 1 from private.moves m where m.register = v_register))
  into v_position;
  delete from private.moves m where m.register = v_register and m.move = p_move;
  insert into private.moves (register, move, position, label_zh, label_en, rpc, key_param, fixed_args, state_column, from_states,
                             to_state, requires_register, requires_action, condition, confirm_zh, confirm_en, danger)
  values (v_register, p_move, v_position,
          private.label_part(label, 1), coalesce(private.label_part(label, 2), private.label_part(label, 1)),
          declare_move.rpc, declare_move.key_param, declare_move.fixed_args, declare_move.state_column, declare_move.from_states,
          declare_move.to_state, declare_move.requires_register, declare_move.requires_action, declare_move.condition,
          private.label_part(confirm, 1), coalesce(private.label_part(confirm, 2), private.label_part(confirm, 1)), declare_move.danger);
  insert into private.move_fields (register, move, position, name, label_zh, label_en, column_name, data_type, kind, options, references_table, required)
  select v_register, p_move, f.ord, f.value ->> 'name',
         private.label_part(f.value ->> 'label', 1), coalesce(private.label_part(f.value ->> 'label', 2), private.label_part(f.value ->> 'label', 1)),
         f.value ->> 'column', f.value ->> 'data_type', f.value ->> 'kind',
         (select array_agg(o.value order by o.ord) from jsonb_array_elements_text(f.value -> 'options') with ordinality as o(value, ord)),
         f.value ->> 'references', (f.value ->> 'required')::boolean
  from jsonb_array_elements(fields) with ordinality as f(value, ord);
end
$$;

revoke all on function private.declare_menu_group(text, text, integer), private.register_name(regclass),
  private.require_column(regclass, text),
  private.declare_register(regclass, text, integer, text, text[], boolean, text[]), private.declare_column(regclass, text, text),
  private.declare_move(regclass, text, text, text, text, jsonb, jsonb, text, text[], text, text, text, text, text, boolean),
  private.declare_reveal(regclass, text, text, text, text, text) from public;

-- ── The menu's groups ────────────────────────────────────────────────────────────────────
select private.declare_menu_group('work', '我的工作 | My work', 10);
select private.declare_menu_group('service', '客户服务 | Customer service', 20);
select private.declare_menu_group('reports', '统计报表 | Reports', 30);
select private.declare_menu_group('organisation', '组织与人员 | Organisation', 40);
select private.declare_menu_group('system', '系统管理 | Administration', 50);
