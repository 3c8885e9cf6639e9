-- Saved grid views 视图: a person's columns, order, widths, frozen columns, sort, filters and search
-- for a register, kept in the database; shareable with the department, or with everyone (owner null).

create table public.register_views (
  id uuid primary key default gen_random_uuid(),
  register text not null,
  name text not null,
  owner_id uuid references public.operators (id) on delete cascade default private.my_operator_id(),
  department_id uuid references public.departments (id) on delete cascade default private.my_department_id(),
  shared boolean not null default false,
  config jsonb not null default '{}',
  position integer not null default 0,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint register_views_register_format check (register ~ '^[a-z][a-z0-9_]{0,62}$'),
  constraint register_views_name_not_blank check (length(btrim(name)) between 1 and 40),
  constraint register_views_config_object check (jsonb_typeof(config) = 'object'),
  constraint register_views_everyone_is_shared check (owner_id is not null or shared)
);
comment on table public.register_views is '视图 | Saved views';
comment on column public.register_views.register is '台账 | Register';
comment on column public.register_views.name is '视图名称 | Name';
comment on column public.register_views.owner_id is '创建人 | Owner';
comment on column public.register_views.department_id is '部门 | Department';
comment on column public.register_views.shared is '共享给本部门 | Shared with the department';
comment on column public.register_views.config is '列、排序与筛选 | Columns, sort and filters';
comment on column public.register_views.position is '排序 | Position';
comment on column public.register_views.version is '版本 | Version';
comment on column public.register_views.created_at is '创建时间 | Created at';
comment on column public.register_views.updated_at is '修改时间 | Updated at';
comment on constraint register_views_name_not_blank on public.register_views is '视图名称 1–40 字 | View name: 1 to 40 characters';

create index register_views_register_idx on public.register_views (register, position);
create index register_views_owner_id_idx on public.register_views (owner_id);
create index register_views_department_id_idx on public.register_views (department_id);

alter table public.register_views enable row level security;
revoke all on public.register_views from anon, authenticated;
grant select, insert, delete on public.register_views to authenticated;
grant update (name, shared, config, position, version) on public.register_views to authenticated;

-- Mine; or shared, for a register the person reads, with everyone (no department) or with a
-- department the read scope reaches.
-- Written out, not by private.create_register_policies: a view is its creator's alone whatever the
-- scope; the read scope only decides whose shared views one sees.
create policy register_views_select on public.register_views
  for select to authenticated using (
    owner_id = (select private.my_operator_id())
    or (shared and (select private.scope_for('register_views', 'read')) is not null
        and private.scope_for(register, 'read') is not null
        and (department_id is null and owner_id is null or private.may('register_views', 'read', owner_id, department_id)))
  );
create policy register_views_insert on public.register_views
  for insert to authenticated with check (
    owner_id = (select private.my_operator_id())
    and department_id is not distinct from (select private.my_department_id())
    and (select private.scope_for('register_views', 'create')) is not null
  );
create policy register_views_update on public.register_views
  for update to authenticated
  using (owner_id = (select private.my_operator_id()) and (select private.scope_for('register_views', 'update')) is not null)
  with check (owner_id = (select private.my_operator_id()));
create policy register_views_delete on public.register_views
  for delete to authenticated
  using (owner_id = (select private.my_operator_id()) and (select private.scope_for('register_views', 'delete')) is not null);

select private.register_table('public.register_views');

insert into public.permissions (role, register, action, scope, note)
select r.role, 'register_views', a.action, case when a.action = 'read' then 'department' else 'own' end::public.permission_scope, '个人视图；共享给本部门'
from unnest(enum_range(null::public.app_role)) as r(role)
cross join unnest(array['read', 'create', 'update', 'delete']::public.permission_action[]) as a(action);

-- Everyone's views of the service requests, one per kind (each kind has its own saved view).
insert into public.register_views (register, name, owner_id, department_id, shared, position, config)
select 'service_requests', k.kind, null, null, true, k.ord,
       jsonb_build_object('filters', jsonb_build_array(jsonb_build_object('column', 'kind', 'operator', 'in', 'value', jsonb_build_array(k.kind))))
from unnest(array['投诉', '报修', '咨询', '求助', '建议']) with ordinality as k(kind, ord);

-- ── Screens (register declarations) ──────────────────────────────────────────────────────
-- Saved views are settings of the grid itself, not a menu entry.
select private.declare_register('public.register_views', in_menu => false);
