-- Permissions as data: role × register × action × scope rows that every RLS policy reads through
-- one helper, and that the app reads through one RPC. An admin edits rows; the next request obeys.

create type public.permission_action as enum ('read', 'create', 'update', 'delete', 'approve');
comment on type public.permission_action is '操作 | Action';
create type public.permission_scope as enum ('own', 'department', 'all');
comment on type public.permission_scope is '范围 | Scope';

create table public.permissions (
  id uuid primary key default gen_random_uuid(),
  role public.app_role not null,
  register text not null,
  action public.permission_action not null,
  scope public.permission_scope not null,
  note text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint permissions_role_register_action_key unique (role, register, action),
  constraint permissions_register_format check (register ~ '^[a-z][a-z0-9_]{0,62}$')
);
comment on table public.permissions is '权限 | Permissions';
comment on column public.permissions.role is '角色 | Role';
comment on column public.permissions.register is '台账 | Register';
comment on column public.permissions.action is '操作 | Action';
comment on column public.permissions.scope is '范围（本人/本部门/全部） | Scope (own/department/all)';
comment on column public.permissions.note is '说明 | Note';
comment on column public.permissions.version is '版本 | Version';
comment on column public.permissions.created_at is '创建时间 | Created at';
comment on column public.permissions.updated_at is '修改时间 | Updated at';

create index permissions_register_action_idx on public.permissions (register, action) include (role, scope);

-- ── Helpers every policy calls as (select private.fn(...)), evaluated once per statement ───
create function private.my_operator_id() returns uuid
language sql stable security definer set search_path = ''
as $$
  select o.id from public.operators o where o.user_id = (select auth.uid()) and o.active
$$;

create function private.my_department_id() returns uuid
language sql stable security definer set search_path = ''
as $$
  select o.department_id from public.operators o where o.user_id = (select auth.uid()) and o.active
$$;

-- The widest scope the caller's role has for an action on a register; null = not allowed.
-- Inactive operators have no role here, so they get null for everything.
create function private.scope_for(p_register text, p_action public.permission_action) returns public.permission_scope
language sql stable security definer set search_path = ''
as $$
  select p.scope
  from public.permissions p
  join public.operators o on o.role = p.role
  where o.user_id = (select auth.uid()) and o.active
    and p.register = p_register and p.action = p_action
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

-- ── RLS of the permission table itself: everyone active reads, admins write ──────────────
alter table public.permissions enable row level security;
revoke all on public.permissions from anon;
grant select, insert, update, delete on public.permissions to authenticated;

create policy permissions_select on public.permissions
  for select to authenticated using ((select private.scope_for('permissions', 'read')) is not null);
create policy permissions_insert on public.permissions
  for insert to authenticated with check ((select private.scope_for('permissions', 'create')) = 'all');
create policy permissions_update on public.permissions
  for update to authenticated using ((select private.scope_for('permissions', 'read')) is not null)
  with check ((select private.scope_for('permissions', 'update')) = 'all');
create policy permissions_delete on public.permissions
  for delete to authenticated using ((select private.scope_for('permissions', 'delete')) = 'all');

-- ── Departments and staff follow the permission table ───────────────────────────────────
create policy departments_select on public.departments
  for select to authenticated using ((select private.may('departments', 'read', null, null)) or id = (select private.my_department_id()));
create policy departments_insert on public.departments
  for insert to authenticated with check ((select private.may('departments', 'create', null, null)));
-- Updates are matched against what the caller reads, so a refused edit raises instead of matching nothing.
create policy departments_update on public.departments
  for update to authenticated using ((select private.scope_for('departments', 'read')) is not null)
  with check ((select private.may('departments', 'update', null, null)));
create policy departments_delete on public.departments
  for delete to authenticated using ((select private.may('departments', 'delete', null, null)));

create policy operators_select on public.operators
  for select to authenticated using ((select private.scope_for('operators', 'read')) is not null);
create policy operators_insert on public.operators
  for insert to authenticated with check ((select private.may('operators', 'create', null, null)));
create policy operators_update on public.operators
  for update to authenticated using ((select private.scope_for('operators', 'read')) is not null)
  with check ((select private.may('operators', 'update', null, null)));
create policy operators_delete on public.operators
  for delete to authenticated using ((select private.may('operators', 'delete', null, null)));

-- ── RPC: the caller's effective permissions, for menus and buttons ───────────────────────
create function public.my_permissions()
returns table (register text, action public.permission_action, scope public.permission_scope)
language sql stable security definer set search_path = ''
as $$
  select p.register, p.action, max(p.scope)
  from public.permissions p
  join public.operators o on o.role = p.role
  where o.user_id = (select auth.uid()) and o.active
  group by p.register, p.action
$$;
comment on function public.my_permissions() is '我的权限 | My effective permissions';
revoke all on function public.my_permissions() from public, anon;
grant execute on function public.my_permissions() to authenticated;

-- ── Defaults from the product brief (SPEC: Who uses it) ──────────────────────────────────
insert into public.permissions (role, register, action, scope, note)
select r.role::public.app_role, g.register, 'read', 'all', '所有在岗人员可查看组织与人员'
from unnest(array['clerk', 'archivist', 'manager', 'director', 'gm', 'admin']) as r(role)
cross join unnest(array['departments', 'operators']) as g(register);

insert into public.permissions (role, register, action, scope, note)
select 'admin', g.register, a.action::public.permission_action, 'all', '系统管理员维护配置台账'
from unnest(array['departments', 'operators', 'permissions', 'scheduled_jobs']) as g(register)
cross join unnest(array['read', 'create', 'update', 'delete']) as a(action)
on conflict (role, register, action) do nothing;

insert into public.permissions (role, register, action, scope, note)
select r.role::public.app_role, 'permissions', 'read', 'all', '查看权限表'
from unnest(array['manager', 'director', 'gm']) as r(role);

-- ── Screens (register declarations) ──────────────────────────────────────────────────────
select private.declare_register('public.permissions', menu_group => 'system', menu_order => 10, title_columns => array['role', 'register', 'action']);
