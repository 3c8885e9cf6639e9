-- Permissions as data: role × register × action × scope rows that every RLS policy reads through
-- one helper, and that the app reads through one RPC. An admin edits rows; the next request obeys.
-- A row names a role, or a duty an operator holds beside his role (档案员兼职, 值班经理 …): a
-- person's scope is the widest any of his rows gives.

-- import: the admin's import of historical (paper) records, which may set system-owned columns.
create type public.permission_action as enum ('read', 'create', 'update', 'delete', 'approve', 'import');
comment on type public.permission_action is '操作 | Action';
create type public.permission_scope as enum ('own', 'department', 'all');
comment on type public.permission_scope is '范围 | Scope';

create table public.permissions (
  id uuid primary key default gen_random_uuid(),
  role public.app_role,
  duty public.duty,
  register text not null,
  action public.permission_action not null,
  scope public.permission_scope not null,
  note text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint permissions_role_register_action_key unique nulls not distinct (role, duty, register, action),
  constraint permissions_role_or_duty check (num_nonnulls(role, duty) = 1),
  constraint permissions_register_format check (register ~ '^[a-z][a-z0-9_]{0,62}$'),
  constraint permissions_note_length check (char_length(note) <= 500)
);
comment on constraint permissions_note_length on public.permissions is '说明最多 500 字 | Note: at most 500 characters';
comment on table public.permissions is '权限 | Permissions';
comment on column public.permissions.role is '角色 | Role';
comment on column public.permissions.duty is '岗位职责（代替角色） | Duty (instead of a role)';
comment on column public.permissions.register is '台账 | Register';
comment on column public.permissions.action is '操作 | Action';
comment on column public.permissions.scope is '范围（本人/本部门/全部） | Scope (own/department/all)';
comment on column public.permissions.note is '说明 | Note';
comment on column public.permissions.version is '版本 | Version';
comment on column public.permissions.created_at is '创建时间 | Created at';
comment on column public.permissions.updated_at is '修改时间 | Updated at';

create index permissions_register_action_idx on public.permissions (register, action) include (role, duty, scope);

-- ── Helpers every policy calls as (select private.fn(...)), evaluated once per statement ───
-- They start from private.my_user_id(), not auth.uid(): a banned, locked or deleted account's
-- token still verifies until it expires, and must find nothing on the next request.
-- (each reads the caller as private.my_identity worked it out for this request: see the sign-in guard)
create function private.my_operator_id() returns uuid
language sql stable security definer set search_path = ''
as $$
  select nullif(case when split_part(i, '|', 2) = 'refused' then '' else split_part(i, '|', 2) end, '')::uuid
  from private.my_identity() i
$$;

create function private.my_department_id() returns uuid
language sql stable security definer set search_path = ''
as $$
  select nullif(split_part(i, '|', 3), '')::uuid from private.my_identity() i
$$;

-- The widest scope the caller's role or duties have for an action on a register; null = not
-- allowed. Inactive operators, and refused accounts, have no role or duty here, so they get null.
create function private.scope_for(p_register text, p_action public.permission_action) returns public.permission_scope
language sql stable security definer set search_path = ''
as $$
  select p.scope
  from public.permissions p, private.my_identity() i
  where p.register = p_register and p.action = p_action
    and (p.role = nullif(split_part(i, '|', 4), '')::public.app_role
         or p.duty = any (string_to_array(nullif(split_part(i, '|', 5), ''), ',')::public.duty[]))
  order by p.scope desc
  limit 1
$$;

-- Whether a row owned by p_owner in p_department falls in the caller's scope for the action.
create function private.may(p_register text, p_action public.permission_action, p_owner uuid, p_department uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  with s as (select private.scope_for(p_register, p_action) as scope)
  select coalesce(
    (select s.scope = 'all'
         or (s.scope = 'department' and p_department is not distinct from private.my_department_id() and p_department is not null)
         or (s.scope is not null and p_owner is not null and p_owner = private.my_operator_id())
     from s),
    false)
$$;

revoke all on function private.my_operator_id(), private.my_department_id(),
  private.scope_for(text, public.permission_action),
  private.may(text, public.permission_action, uuid, uuid) from public;
grant execute on function private.my_operator_id(), private.my_department_id(),
  private.scope_for(text, public.permission_action),
  private.may(text, public.permission_action, uuid, uuid) to authenticated, service_role;

-- ── One helper writes a register's four policies (basejump style) ─────────────────────────
-- The condition a scope puts on a row, as Supabase's RLS advice wants it: the scope and the
-- caller's ids are (select …) init plans, run once per statement, so a row added to
-- public.permissions counts from the next request; the row's own columns are compared plainly,
-- so their indexes serve. Reading: the owner of a row reads it at any read scope, and a register
-- whose rows name no owner and no department is read whole at any read scope. Writing: the scope
-- says exactly whose rows (all, the department's, or the person's own).
create function private.scope_condition(p_register text, p_action public.permission_action,
  p_owner_column text default null, p_department_column text default null) returns text
language plpgsql immutable set search_path = ''
as $$
declare
  scope text := format('(select private.scope_for(%L, %L))', p_register, p_action);
  parts text[] := array[scope || ' = ''all'''];
begin
  if p_owner_column is null and p_department_column is null and p_action = 'read' then
    return scope || ' is not null';
  end if;
  if p_department_column is not null then
    parts := parts || format('(%s = ''department'' and %I = (select private.my_department_id()))', scope, p_department_column);
  end if;
  if p_owner_column is not null then
    parts := parts || format('(%s %s and %I = (select private.my_operator_id()))',
                             scope, case when p_action = 'read' then 'is not null' else '= ''own''' end, p_owner_column);
  end if;
  return array_to_string(parts, ' or ');
end
$$;

-- Whose a register's rows are, as its policies say: the recycle bin files a deleted row by them.
create table private.register_scopes (
  table_name text primary key,
  owner_column text,
  department_column text
);
comment on table private.register_scopes is '台账的负责人列与部门列 | Owner and department columns of each register';
-- Read only by the owner's security-definer functions (no API role has a grant); RLS with no
-- policy is a second lock should a grant ever be added by mistake.
alter table private.register_scopes enable row level security;

-- Creates <table>_select, _insert, _update and _delete to authenticated, each asking the permission
-- rows of the register (the table's name unless given). The update is matched against what the
-- caller reads, so a refused edit raises instead of matching nothing. The options cover what
-- registers add to their scope; each is an SQL condition on the row:
--   read_scope_if  rows the read scope reaches only if this holds too
--   read_also      rows readable besides the scope (access granted, one's own work, the parent row)
--   insert_if      a new row must also meet this
--   update_also    rows writable besides the update scope
--   delete_if      rows deletable only if this holds too (e.g. not yet handled)
--   actions        the policies to create, when the API may not do all four
-- (Not security definer: only migrations call it, as the owner of the tables.)
create function private.create_register_policies(
  tbl regclass,
  owner_column text default null,
  department_column text default null,
  register text default null,
  read_scope_if text default null,
  read_also text default null,
  insert_if text default null,
  update_also text default null,
  delete_if text default null,
  actions text[] default array['select', 'insert', 'update', 'delete']
) returns void
language plpgsql set search_path = ''
as $$
declare
  name text := (select c.relname::text from pg_catalog.pg_class c where c.oid = tbl);
  reg text := coalesce(create_register_policies.register, name);
  policy_column text;
  readable text;
  rule text;
begin
  if exists (select 1 from unnest(actions) a where a not in ('select', 'insert', 'update', 'delete')) then
    raise exception 'create_register_policies(%): actions are select, insert, update, delete', tbl;
  end if;
  -- Every column a policy compares has an index of its own (Supabase's RLS advice).
  foreach policy_column in array array_remove(array[owner_column, department_column], null) loop
    if not exists (select 1 from pg_catalog.pg_index i
                   join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
                   where i.indrelid = tbl and a.attname = policy_column and i.indpred is null) then
      raise exception 'create_register_policies(%): column % needs an index leading with it', tbl, policy_column;
    end if;
  end loop;

  insert into private.register_scopes (table_name, owner_column, department_column)
  values (name, create_register_policies.owner_column, create_register_policies.department_column)
  on conflict on constraint register_scopes_pkey do update
    set owner_column = excluded.owner_column, department_column = excluded.department_column;

  readable := private.scope_condition(reg, 'read', owner_column, department_column);
  if read_scope_if is not null then
    readable := format('(%s) and (%s)', readable, read_scope_if);
  end if;
  if read_also is not null then
    readable := format('(%s) or (%s)', readable, read_also);
  end if;

  if 'select' = any (actions) then
    execute format('create policy %I on %s for select to authenticated using (%s)', name || '_select', tbl, readable);
  end if;
  if 'insert' = any (actions) then
    rule := private.scope_condition(reg, 'create', owner_column, department_column);
    if insert_if is not null then
      rule := format('(%s) and (%s)', rule, insert_if);
    end if;
    execute format('create policy %I on %s for insert to authenticated with check (%s)', name || '_insert', tbl, rule);
  end if;
  if 'update' = any (actions) then
    rule := private.scope_condition(reg, 'update', owner_column, department_column);
    if update_also is not null then
      rule := format('(%s) or (%s)', rule, update_also);
    end if;
    execute format('create policy %I on %s for update to authenticated using (%s) with check (%s)',
                   name || '_update', tbl, readable, rule);
  end if;
  if 'delete' = any (actions) then
    rule := private.scope_condition(reg, 'delete', owner_column, department_column);
    if delete_if is not null then
      rule := format('(%s) and (%s)', rule, delete_if);
    end if;
    execute format('create policy %I on %s for delete to authenticated using (%s)', name || '_delete', tbl, rule);
  end if;
end
$$;
revoke all on function private.scope_condition(text, public.permission_action, text, text),
  private.create_register_policies(regclass, text, text, text, text, text, text, text, text, text[]) from public;

-- ── RLS of the permission table itself: everyone active reads, admins write ──────────────
alter table public.permissions enable row level security;
revoke all on public.permissions from anon;
grant select, insert, update, delete on public.permissions to authenticated;

select private.create_register_policies('public.permissions');

-- ── Departments and staff follow the permission table ───────────────────────────────────
-- Everyone reads their own department; a department's rows are its own (as in the recycle bin).
select private.create_register_policies('public.departments', department_column => 'id',
  read_also => 'id = (select private.my_department_id())');
-- The staff list is shared: no owner or department column narrows it.
select private.create_register_policies('public.operators');
-- An account locked by wrong passwords is unlocked from its staff row (RPC in the sign-in guard migration).
select private.declare_move('public.operators', 'unlock', '解除锁定 | Unlock', 'unlock_operator', 'operator_id',
  condition => $$private.sign_in_locked(user_id) and private.scope_for('operators', 'update') = 'all'$$,
  confirm => '确定解除该账号的登录锁定？ | Unlock this account''s sign-in?');

-- ── RPC: the caller's effective permissions, for menus and buttons ───────────────────────
create function public.my_permissions()
returns table (register text, action public.permission_action, scope public.permission_scope)
language sql stable security definer set search_path = ''
as $$
  select p.register, p.action, max(p.scope)
  from public.permissions p
  join public.operators o on o.role = p.role or p.duty = any (o.duties)
  where o.user_id = (select private.my_user_id()) and o.active
  group by p.register, p.action
$$;
comment on function public.my_permissions() is '我的权限 | My effective permissions';
revoke all on function public.my_permissions() from public, anon;
grant execute on function public.my_permissions() to authenticated;

-- ── Defaults from the product brief (SPEC: Who uses it) ──────────────────────────────────
insert into public.permissions (role, register, action, scope, note)
select r.role::public.app_role, g.register, 'read', 'all', '所有在岗人员可查看组织与人员'
from unnest(enum_range(null::public.app_role)::text[]) as r(role)
cross join unnest(array['departments', 'operators']) as g(register);

insert into public.permissions (role, register, action, scope, note)
select 'admin', g.register, a.action::public.permission_action, 'all', '系统管理员维护配置台账'
from unnest(array['departments', 'operators', 'permissions', 'scheduled_jobs']) as g(register)
cross join unnest(array['read', 'create', 'update', 'delete']) as a(action)
on conflict on constraint permissions_role_register_action_key do nothing;

insert into public.permissions (role, register, action, scope, note)
select r.role::public.app_role, 'permissions', 'read', 'all', '查看权限表'
from unnest(array['manager', 'director', 'gm']) as r(role);

-- ── Screens (register declarations) ──────────────────────────────────────────────────────
select private.declare_register('public.permissions', menu_group => 'system', menu_order => 10, title_columns => array['role', 'duty', 'register', 'action']);
