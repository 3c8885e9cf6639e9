-- Projects 工程项目 (000 档案资料管理): the business whose file the archive room keeps. Each
-- project names its engineering managers A角 and B角 — assignments per project, not roles — who
-- hand its file to the archive room once the project is complete (archive_handovers).

create table public.projects (
  id uuid primary key default gen_random_uuid(),
  code text not null,
  name text not null,
  customer_id uuid references public.customers (id),
  department_id uuid not null default private.my_department_id() references public.departments (id),
  a_manager_id uuid not null references public.operators (id),
  b_manager_id uuid not null references public.operators (id),
  -- The word of the file number (2026鸿借字第001号: 借 for a loan project, 保 for a guarantee …).
  number_word text not null default '借',
  -- Whether the project has important certificates to hand over separately (重要权证 五(二)).
  has_certificates boolean not null default false,
  completed_on date,
  status text not null default '进行中',
  archive_number text,
  notes text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint projects_code_key unique (code),
  constraint projects_code_format check (code ~ '^[A-Za-z0-9_-]{1,30}$'),
  constraint projects_name_length check (char_length(btrim(name)) between 2 and 200),
  constraint projects_number_word_length check (char_length(number_word) between 1 and 4),
  constraint projects_status_check check (status in ('进行中', '已完工', '已归档')),
  constraint projects_a_and_b_differ check (a_manager_id <> b_manager_id),
  constraint projects_completed_on_range check (completed_on >= date '2000-01-01' and completed_on < date '2101-01-01'),
  constraint projects_archive_number_length check (char_length(archive_number) <= 40),
  constraint projects_notes_length check (char_length(notes) <= 2000)
);
comment on constraint projects_code_format on public.projects is '工程编号只能是字母、数字、-、_，最多 30 位 | Code: letters, digits, - and _, at most 30';
comment on constraint projects_name_length on public.projects is '项目名称 2–200 字 | Name: 2–200 characters';
comment on constraint projects_number_word_length on public.projects is '档案字号 1–4 字 | Number word: 1–4 characters';
comment on constraint projects_a_and_b_differ on public.projects is 'A角与B角须是两个人 | Engineering managers A and B must be two people';
comment on constraint projects_completed_on_range on public.projects is '完工日期须在 2000–2100 年之间 | Completed on: a date in the years 2000–2100';
comment on constraint projects_archive_number_length on public.projects is '档案号最多 40 字 | Archive number: at most 40 characters';
comment on constraint projects_notes_length on public.projects is '备注最多 2000 字 | Notes: at most 2000 characters';
comment on table public.projects is '工程项目 | Projects';
comment on column public.projects.code is '工程编号 | Project code';
comment on column public.projects.name is '项目名称 | Name';
comment on column public.projects.customer_id is '客户 | Customer';
comment on column public.projects.department_id is '承办部门 | Department';
comment on column public.projects.a_manager_id is '工程经理A角 | Engineering manager A';
comment on column public.projects.b_manager_id is '工程经理B角 | Engineering manager B';
comment on column public.projects.number_word is '档案字号 | Number word';
comment on column public.projects.has_certificates is '有重要权证需移交 | Has certificates to hand over';
comment on column public.projects.completed_on is '完工日期 | Completed on';
comment on column public.projects.status is '状态 | Status';
comment on column public.projects.archive_number is '档案号 | Archive number';
comment on column public.projects.notes is '备注 | Notes';
comment on column public.projects.version is '版本 | Version';
comment on column public.projects.created_at is '创建时间 | Created at';
comment on column public.projects.updated_at is '修改时间 | Updated at';

create index projects_customer_id_idx on public.projects (customer_id);
create index projects_department_id_idx on public.projects (department_id);
create index projects_a_manager_id_idx on public.projects (a_manager_id);
create index projects_b_manager_id_idx on public.projects (b_manager_id);

alter table public.projects enable row level security;
revoke all on public.projects from anon;
grant select, insert, update, delete on public.projects to authenticated;

select private.register_table('public.projects');
select private.declare_menu_group('archive', '档案管理 | Archives', 25);
select private.declare_register('public.projects', menu_group => 'archive', menu_order => 10,
  title_columns => array['code', 'name']);
select private.label_options('{"进行中": "In progress", "已完工": "Completed", "已归档": "Filed"}');

-- ── Who reads and writes a project ───────────────────────────────────────────────────────
-- The department's staff read its projects, its manager creates and edits them; the project's
-- own A角 and B角 read it wherever they sit; the archive room and the gm read all; the deputy GM
-- reads the projects of the departments in his charge (departments.deputy_gm_id). Completion is
-- the move 完工 (archive_handovers migration), which opens the file handover.
create function private.in_my_charge(p_department uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(p_department is not null and exists (
    select 1 from public.departments d
    where d.id = p_department and d.deputy_gm_id = private.my_operator_id() and d.deputy_gm_id is not null), false)
$$;
comment on function private.in_my_charge(uuid) is '主管副总经理分管的部门 | A department in the caller''s charge as deputy GM';
revoke all on function private.in_my_charge(uuid) from public;
grant execute on function private.in_my_charge(uuid) to authenticated, service_role;

select private.create_register_policies('public.projects', department_column => 'department_id',
  read_also => '(select private.my_operator_id()) in (a_manager_id, b_manager_id) or private.in_my_charge(department_id)',
  delete_if => $$status = '进行中'$$);

select private.declare_system_column('public.projects', c.name, c.why)
from (values
  ('department_id', '“承办部门”是建立项目的经理所在部门 | The department is that of the manager who records the project'),
  ('status', '“状态”只能通过“完工”和档案室接收改变 | The status moves only by Complete and the archive room''s receipt'),
  ('completed_on', '“完工日期”只能通过“完工”记录（它决定移交期限） | Completed on is recorded only by Complete (it sets the handover deadlines)'),
  ('archive_number', '“档案号”由档案室接收时统一编号 | The archive number is given by the archive room on receipt')
) as c(name, why);

-- A角 and B角 are people at work (an inactive operator could never sign). Once complete, the
-- project's file is on its way: who hands it over, whether certificates go with it and the
-- number word are settled (the handover rows keep their own A角 and B角).
create function private.projects_before_write() returns trigger
language plpgsql security invoker set search_path = ''
as $$
begin
  if current_user not in ('anon', 'authenticated') then
    return new;
  end if;
  if (tg_op = 'INSERT' or new.a_manager_id is distinct from old.a_manager_id)
     and not exists (select 1 from public.operators o where o.id = new.a_manager_id and o.active) then
    raise exception '工程经理A角须是在岗人员 | Engineering manager A must be someone at work'
      using errcode = '23514', column = 'a_manager_id';
  end if;
  if (tg_op = 'INSERT' or new.b_manager_id is distinct from old.b_manager_id)
     and not exists (select 1 from public.operators o where o.id = new.b_manager_id and o.active) then
    raise exception '工程经理B角须是在岗人员 | Engineering manager B must be someone at work'
      using errcode = '23514', column = 'b_manager_id';
  end if;
  if tg_op = 'INSERT' then
    return new;
  end if;
  if old.status <> '进行中' and (new.a_manager_id is distinct from old.a_manager_id or new.b_manager_id is distinct from old.b_manager_id) then
    raise exception '项目已完工，工程经理A角、B角不能再更换 | The project is complete: engineering managers A and B can no longer change'
      using errcode = 'PT409', column = case when new.a_manager_id is distinct from old.a_manager_id then 'a_manager_id' else 'b_manager_id' end;
  end if;
  if old.status <> '进行中' and new.has_certificates is distinct from old.has_certificates then
    raise exception '项目已完工，是否移交权证已定 | The project is complete: whether certificates are handed over is settled'
      using errcode = 'PT409', column = 'has_certificates';
  end if;
  if old.status <> '进行中' and new.number_word is distinct from old.number_word then
    raise exception '项目已完工，档案字号不能再改 | The project is complete: the number word can no longer change'
      using errcode = 'PT409', column = 'number_word';
  end if;
  return new;
end
$$;
revoke all on function private.projects_before_write() from public;
grant execute on function private.projects_before_write() to authenticated;
create trigger projects_before_write before insert or update on public.projects
  for each row execute function private.projects_before_write();

insert into public.permissions (role, register, action, scope, note) values
  ('clerk', 'projects', 'read', 'department', '本部门的项目；A角、B角读自己的项目'),
  ('manager', 'projects', 'read', 'department', null),
  ('manager', 'projects', 'create', 'department', null),
  ('manager', 'projects', 'update', 'department', '完工；完工后A角、B角不再更换'),
  ('manager', 'projects', 'delete', 'department', '仅进行中的项目'),
  ('manager', 'projects', 'approve', 'department', '批准延期移交（有权审批人）'),
  ('archivist', 'projects', 'read', 'all', null),
  ('deputy_gm', 'projects', 'read', 'own', '分管部门的项目（departments.deputy_gm_id）'),
  ('gm', 'projects', 'read', 'all', null),
  ('gm', 'projects', 'approve', 'all', '批准延期移交（有权审批人）');
