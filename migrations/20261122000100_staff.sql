-- Departments and operators (人员): who works here, in which department and role.
-- Adds the caller's own operator row as an RPC (the private schema comes with the register declarations).

-- TRUNCATE bypasses row-level security: no API role gets it on any table made from here on.
alter default privileges in schema public revoke truncate on tables from anon, authenticated;

-- ── Roles ────────────────────────────────────────────────────────────────────────────────
-- deputy_gm (主管副总经理): approves archive loans for the departments in his charge (departments.deputy_gm_id).
create type public.app_role as enum ('clerk', 'archivist', 'manager', 'director', 'deputy_gm', 'gm', 'admin');
comment on type public.app_role is '角色 | Role';

-- Duties beside the one role (兼职/岗位): an operator may hold several; a permission row may name a
-- duty instead of a role, and private.scope_for reads both (档案员兼职 in a department, 门岗, 值班经理 …).
create type public.duty as enum ('档案员', '权证管理员', '固定资产管理员', '门岗', '值班经理', '服务工程师');
comment on type public.duty is '岗位职责 | Duty';

-- ── Tables ───────────────────────────────────────────────────────────────────────────────
create table public.departments (
  id uuid primary key default gen_random_uuid(),
  code text not null,
  name text not null,
  manager_id uuid,
  deputy_gm_id uuid,
  active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint departments_code_key unique (code),
  constraint departments_name_key unique (name),
  constraint departments_code_format check (code ~ '^[A-Za-z0-9_-]{1,20}$'),
  constraint departments_name_not_blank check (length(btrim(name)) between 1 and 50)
);
comment on table public.departments is '部门 | Departments';
comment on column public.departments.code is '部门编码 | Code';
comment on column public.departments.name is '部门名称 | Name';
comment on column public.departments.manager_id is '部门经理 | Manager';
comment on column public.departments.deputy_gm_id is '主管副总经理 | Deputy GM in charge';
comment on column public.departments.active is '启用 | Active';
comment on column public.departments.version is '版本 | Version';
comment on column public.departments.created_at is '创建时间 | Created at';
comment on column public.departments.updated_at is '修改时间 | Updated at';

create table public.operators (
  id uuid primary key default gen_random_uuid(),
  user_id uuid references auth.users (id) on delete set null,
  code text not null,
  name text not null,
  department_id uuid references public.departments (id),
  role public.app_role not null default 'clerk',
  duties public.duty[] not null default '{}',
  email text,
  phone text,
  active boolean not null default true,
  password_changed_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint operators_code_key unique (code),
  constraint operators_user_id_key unique (user_id),
  constraint operators_code_format check (code ~ '^[A-Za-z0-9_-]{1,20}$'),
  constraint operators_name_not_blank check (length(btrim(name)) between 1 and 50),
  constraint operators_email_format check (email is null or email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  constraint operators_phone_format check (phone is null or phone ~ '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$'),
  -- Bounded input: free text has a length limit, numbers are finite, dates fall in 2000–2100.
  constraint operators_email_length check (char_length(email) <= 200),
  constraint operators_password_changed_at_range check (password_changed_at >= timestamptz '2000-01-01 00:00+08' and password_changed_at < timestamptz '2101-01-01 00:00+08')
);
comment on constraint operators_email_length on public.operators is '邮箱最多 200 字 | Email: at most 200 characters';
comment on constraint operators_password_changed_at_range on public.operators is '密码修改时间须在 2000–2100 年之间 | Password changed at: a date in the years 2000–2100';
comment on table public.operators is '人员 | Staff';
comment on column public.operators.user_id is '登录账号 | Sign-in account';
comment on column public.operators.code is '工号 | Staff code';
comment on column public.operators.name is '姓名 | Name';
comment on column public.operators.department_id is '所属部门 | Department';
comment on column public.operators.role is '角色 | Role';
comment on column public.operators.duties is '兼任岗位 | Duties';
comment on column public.operators.email is '邮箱 | Email';
comment on column public.operators.phone is '电话 | Phone';
comment on column public.operators.active is '在岗 | Active';
comment on column public.operators.password_changed_at is '密码修改时间 | Password changed at';
comment on column public.operators.version is '版本 | Version';
comment on column public.operators.created_at is '创建时间 | Created at';
comment on column public.operators.updated_at is '修改时间 | Updated at';

alter table public.departments
  add constraint departments_manager_id_fkey foreign key (manager_id) references public.operators (id) on delete set null,
  add constraint departments_deputy_gm_id_fkey foreign key (deputy_gm_id) references public.operators (id) on delete set null;

-- ── Indexes: every column a policy or a foreign key uses ─────────────────────────────────
create index departments_manager_id_idx on public.departments (manager_id);
create index departments_deputy_gm_id_idx on public.departments (deputy_gm_id);
create index operators_department_id_idx on public.operators (department_id);
create index operators_user_id_active_idx on public.operators (user_id) include (role, department_id) where active;

-- ── RLS ──────────────────────────────────────────────────────────────────────────────────
alter table public.departments enable row level security;
alter table public.operators enable row level security;

revoke all on public.departments, public.operators from anon;
grant select, insert, update, delete on public.departments, public.operators to authenticated;

-- Policies come with the permission table (next migration).

-- Version, audit and recycle-bin triggers are attached by private.register_table (audit migration).

-- ── RPC: who am I ────────────────────────────────────────────────────────────────────────
create function public.current_operator()
returns table (id uuid, code text, name text, role public.app_role, department_id uuid, department_name text, active boolean)
language sql stable security definer set search_path = ''
as $$
  select o.id, o.code, o.name, o.role, o.department_id, d.name, o.active
  from public.operators o
  left join public.departments d on d.id = o.department_id
  where o.user_id = (select auth.uid())
$$;
comment on function public.current_operator() is '当前操作员 | The signed-in operator';
revoke all on function public.current_operator() from public, anon;
grant execute on function public.current_operator() to authenticated;

-- ── Password age: when an account's password changes, its operator row records when ─────────
create function private.record_password_change() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  update public.operators set password_changed_at = now() where user_id = new.id;
  return null;
end
$$;
revoke all on function private.record_password_change() from public;
create trigger on_auth_user_password_changed after update of encrypted_password on auth.users
  for each row when (new.encrypted_password is distinct from old.encrypted_password)
  execute function private.record_password_change();

-- ── Screens (register declarations) ──────────────────────────────────────────────────────
select private.declare_register('public.departments', menu_group => 'organisation', menu_order => 20, title_columns => array['code', 'name']);
select private.declare_register('public.operators', menu_group => 'organisation', menu_order => 30, title_columns => array['code', 'name']);
select private.declare_column('public.operators', 'phone', kind => 'phone');
