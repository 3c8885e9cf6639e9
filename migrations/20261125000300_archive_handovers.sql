-- Archive handovers 档案移交 (000 档案资料管理 四、五): on project completion engineering manager
-- A hands the file to B within 3 working days, B hands it to the archive room within 2; each step
-- is signed by giver and receiver, the archivist's receipt is the third signature (三方分别签字确认).
-- Certificates are handed over separately (kind 权证). Items: the list in three copies (清单一式三份).

create table public.archive_handovers (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id),
  kind text not null default '档案',
  status text not null default 'A角整理',
  a_manager_id uuid references public.operators (id),
  b_manager_id uuid references public.operators (id),
  department_id uuid references public.departments (id),
  a_due_on date,
  a_signed_at timestamptz,
  b_signed_at timestamptz,
  b_due_on date,
  -- 每月的10日前应将归档文件资料归档完毕: the 10th of the month after completion
  file_by date,
  handed_at timestamptz,
  archivist_id uuid references public.operators (id),
  received_at timestamptz,
  file_id uuid references public.archive_files (id),
  missing_items text,
  postponed_reason text,
  postponed_by uuid references public.operators (id),
  postponed_at timestamptz,
  returned_by uuid references public.operators (id),
  returned_at timestamptz,
  notes text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint archive_handovers_kind_check check (kind in ('档案', '权证')),
  -- one file handover and at most one certificate handover per project (完工 happens once)
  constraint archive_handovers_project_kind_key unique (project_id, kind),
  constraint archive_handovers_status_check check (status in ('A角整理', '待B角审核', '待档案室接收', '退回补充', '已归档')),
  constraint archive_handovers_a_due_on_range check (a_due_on >= date '2000-01-01' and a_due_on < date '2101-01-01'),
  constraint archive_handovers_b_due_on_range check (b_due_on >= date '2000-01-01' and b_due_on < date '2101-01-01'),
  constraint archive_handovers_file_by_range check (file_by >= date '2000-01-01' and file_by < date '2101-01-01'),
  constraint archive_handovers_missing_items_length check (char_length(missing_items) <= 4000),
  constraint archive_handovers_postponed_reason_length check (char_length(postponed_reason) <= 1000),
  constraint archive_handovers_notes_length check (char_length(notes) <= 2000),
  constraint archive_handovers_a_signed_at_range check (a_signed_at >= timestamptz '2000-01-01 00:00+08' and a_signed_at < timestamptz '2101-01-01 00:00+08'),
  constraint archive_handovers_b_signed_at_range check (b_signed_at >= timestamptz '2000-01-01 00:00+08' and b_signed_at < timestamptz '2101-01-01 00:00+08'),
  constraint archive_handovers_handed_at_range check (handed_at >= timestamptz '2000-01-01 00:00+08' and handed_at < timestamptz '2101-01-01 00:00+08'),
  constraint archive_handovers_postponed_at_range check (postponed_at >= timestamptz '2000-01-01 00:00+08' and postponed_at < timestamptz '2101-01-01 00:00+08'),
  constraint archive_handovers_returned_at_range check (returned_at >= timestamptz '2000-01-01 00:00+08' and returned_at < timestamptz '2101-01-01 00:00+08'),
  constraint archive_handovers_received_at_range check (received_at >= timestamptz '2000-01-01 00:00+08' and received_at < timestamptz '2101-01-01 00:00+08')
);
comment on constraint archive_handovers_a_signed_at_range on public.archive_handovers is 'A角移交时间须在 2000–2100 年之间 | A handed over at: a date in the years 2000–2100';
comment on constraint archive_handovers_b_signed_at_range on public.archive_handovers is 'B角签收时间须在 2000–2100 年之间 | B signed at: a date in the years 2000–2100';
comment on constraint archive_handovers_handed_at_range on public.archive_handovers is '移交档案室时间须在 2000–2100 年之间 | Handed to the archive at: a date in the years 2000–2100';
comment on constraint archive_handovers_received_at_range on public.archive_handovers is '接收时间须在 2000–2100 年之间 | Received at: a date in the years 2000–2100';
comment on constraint archive_handovers_project_kind_key on public.archive_handovers is '一个项目的档案（或权证）只移交一次 | A project''s file (or certificates) is handed over once';
comment on constraint archive_handovers_postponed_at_range on public.archive_handovers is '延期时间须在 2000–2100 年之间 | Postponed at: a date in the years 2000–2100';
comment on constraint archive_handovers_returned_at_range on public.archive_handovers is '退回时间须在 2000–2100 年之间 | Returned at: a date in the years 2000–2100';
comment on constraint archive_handovers_a_due_on_range on public.archive_handovers is 'A角期限须在 2000–2100 年之间 | A due on: a date in the years 2000–2100';
comment on constraint archive_handovers_b_due_on_range on public.archive_handovers is 'B角期限须在 2000–2100 年之间 | B due on: a date in the years 2000–2100';
comment on constraint archive_handovers_file_by_range on public.archive_handovers is '归档期限须在 2000–2100 年之间 | File by: a date in the years 2000–2100';
comment on constraint archive_handovers_missing_items_length on public.archive_handovers is '补充资料清单最多 4000 字 | Missing items: at most 4000 characters';
comment on constraint archive_handovers_postponed_reason_length on public.archive_handovers is '延期原因最多 1000 字 | Postponement reason: at most 1000 characters';
comment on constraint archive_handovers_notes_length on public.archive_handovers is '备注最多 2000 字 | Notes: at most 2000 characters';
comment on table public.archive_handovers is '档案移交 | Archive handovers';
comment on column public.archive_handovers.project_id is '工程项目 | Project';
comment on column public.archive_handovers.kind is '移交内容 | Kind';
comment on column public.archive_handovers.status is '状态 | Status';
comment on column public.archive_handovers.a_manager_id is '工程经理A角 | Engineering manager A';
comment on column public.archive_handovers.b_manager_id is '工程经理B角 | Engineering manager B';
comment on column public.archive_handovers.department_id is '承办部门 | Department';
comment on column public.archive_handovers.a_due_on is 'A角移交期限 | A hands over by';
comment on column public.archive_handovers.a_signed_at is 'A角移交时间 | A handed over at';
comment on column public.archive_handovers.b_signed_at is 'B角签收时间 | B signed at';
comment on column public.archive_handovers.b_due_on is 'B角移交期限 | B hands over by';
comment on column public.archive_handovers.file_by is '归档期限（次月10日） | File by (the 10th of the next month)';
comment on column public.archive_handovers.handed_at is 'B角移交档案室时间 | Handed to the archive at';
comment on column public.archive_handovers.archivist_id is '接收档案员 | Received by';
comment on column public.archive_handovers.received_at is '档案室接收时间 | Received at';
comment on column public.archive_handovers.file_id is '归档档案 | Archive file';
comment on column public.archive_handovers.missing_items is '补充资料清单 | Missing items';
comment on column public.archive_handovers.postponed_reason is '延期原因 | Postponement reason';
comment on column public.archive_handovers.postponed_by is '延期批准人 | Postponement approved by';
comment on column public.archive_handovers.postponed_at is '延期时间 | Postponed at';
comment on column public.archive_handovers.returned_by is '退回人 | Returned by';
comment on column public.archive_handovers.returned_at is '退回时间 | Returned at';
comment on column public.archive_handovers.notes is '备注 | Notes';
comment on column public.archive_handovers.version is '版本 | Version';
comment on column public.archive_handovers.created_at is '创建时间 | Created at';
comment on column public.archive_handovers.updated_at is '修改时间 | Updated at';

create index archive_handovers_project_id_idx on public.archive_handovers (project_id);
create index archive_handovers_a_manager_id_idx on public.archive_handovers (a_manager_id);
create index archive_handovers_b_manager_id_idx on public.archive_handovers (b_manager_id);
create index archive_handovers_department_id_idx on public.archive_handovers (department_id);
create index archive_handovers_archivist_id_idx on public.archive_handovers (archivist_id);
create index archive_handovers_file_id_idx on public.archive_handovers (file_id);
create index archive_handovers_postponed_by_idx on public.archive_handovers (postponed_by);
create index archive_handovers_returned_by_idx on public.archive_handovers (returned_by);

-- The list handed over (册内资料清单 / 权证移交清单), each item with its pages, or for a
-- certificate its number and count.
create table public.archive_handover_items (
  id uuid primary key default gen_random_uuid(),
  handover_id uuid not null references public.archive_handovers (id) on delete cascade,
  title text not null,
  pages integer,
  is_attachment boolean not null default false,
  certificate_no text,
  quantity integer,
  -- ticked by the archivist checking the list item by item on receipt (一一核对)
  checked boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint archive_handover_items_title_length check (char_length(btrim(title)) between 1 and 200),
  constraint archive_handover_items_pages_range check (pages between 1 and 10000),
  constraint archive_handover_items_certificate_no_length check (char_length(certificate_no) <= 100),
  constraint archive_handover_items_quantity_range check (quantity between 1 and 1000)
);
comment on constraint archive_handover_items_title_length on public.archive_handover_items is '资料名称 1–200 字 | Title: 1–200 characters';
comment on constraint archive_handover_items_pages_range on public.archive_handover_items is '页数须在 1–10000 之间 | Pages: 1 to 10000';
comment on constraint archive_handover_items_certificate_no_length on public.archive_handover_items is '权证号最多 100 字 | Certificate no.: at most 100 characters';
comment on constraint archive_handover_items_quantity_range on public.archive_handover_items is '数量须在 1–1000 之间 | Quantity: 1 to 1000';
comment on table public.archive_handover_items is '移交清单 | Handover items';
comment on column public.archive_handover_items.handover_id is '档案移交 | Handover';
comment on column public.archive_handover_items.title is '资料名称 | Title';
comment on column public.archive_handover_items.pages is '页数 | Pages';
comment on column public.archive_handover_items.is_attachment is '附件（不编码） | Attachment (not numbered)';
comment on column public.archive_handover_items.certificate_no is '权证号 | Certificate no.';
comment on column public.archive_handover_items.quantity is '数量 | Quantity';
comment on column public.archive_handover_items.checked is '档案员已核对 | Checked by the archivist';
comment on column public.archive_handover_items.version is '版本 | Version';
comment on column public.archive_handover_items.created_at is '创建时间 | Created at';
comment on column public.archive_handover_items.updated_at is '修改时间 | Updated at';

create index archive_handover_items_handover_id_idx on public.archive_handover_items (handover_id);

alter table public.archive_handovers enable row level security;
alter table public.archive_handover_items enable row level security;
revoke all on public.archive_handovers, public.archive_handover_items from anon;
grant select, insert, update, delete on public.archive_handovers, public.archive_handover_items to authenticated;

select private.register_table('public.archive_handovers');
select private.register_table('public.archive_handover_items');
select private.declare_register('public.archive_handovers', menu_group => 'archive', menu_order => 15,
  print_title => '档案移交单 | Archive handover sheet', title_columns => array['project_id', 'kind'],
  print_signatures => array['工程经理A角 | Engineering manager A', '工程经理B角 | Engineering manager B', '档案管理员 | Archivist']);
select private.declare_register('public.archive_handover_items',
  title_columns => array['title'], in_menu => false);
select private.label_options('{
  "档案": "File", "权证": "Certificates", "A角整理": "With manager A", "待B角审核": "With manager B",
  "待档案室接收": "Awaiting the archive room", "退回补充": "Returned for missing items", "已归档": "Filed"
}');

-- ── Who reads a handover, who writes its list ────────────────────────────────────────────
-- Read: the project's A角 and B角, the department (its staff and manager), the archive room and
-- the gm (all), the deputy GM for the departments in his charge. Nobody inserts or deletes a
-- handover: the move 完工 opens it and the moves below carry it to the archive room; every
-- column but the notes is the system's (declared below). The list is drawn up by A alone while
-- the file is with him; the archivist ticks each item as he checks it on receipt.
select private.create_register_policies('public.archive_handovers', department_column => 'department_id',
  read_also => '(select private.my_operator_id()) in (a_manager_id, b_manager_id) or private.in_my_charge(department_id)',
  update_also => '(select private.my_operator_id()) in (a_manager_id, b_manager_id)',
  actions => array['select', 'update']);

-- The handover as its list's rules need it (definer: the caller may be checking a list he is
-- about to write, under policies that read the handover).
create function private.handover_state(p_handover uuid) returns table (status text, kind text, a_manager_id uuid)
language sql stable security definer set search_path = ''
as $$
  select h.status, h.kind, h.a_manager_id from public.archive_handovers h where h.id = p_handover
$$;
-- A draws up the list while the file is with him (A角整理, or returned for missing items).
create function private.may_fill_handover(p_handover uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select h.a_manager_id = private.my_operator_id() and h.status in ('A角整理', '退回补充')
                   from public.archive_handovers h where h.id = p_handover), false)
$$;
-- An archivist ticks the items while the file waits for the archive room.
create function private.may_check_handover(p_handover uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select h.status = '待档案室接收' and private.scope_for('archive_handovers', 'approve') = 'all'
                   from public.archive_handovers h where h.id = p_handover), false)
$$;
revoke all on function private.handover_state(uuid), private.may_fill_handover(uuid), private.may_check_handover(uuid) from public;
grant execute on function private.handover_state(uuid), private.may_fill_handover(uuid), private.may_check_handover(uuid)
  to authenticated, service_role;

create policy archive_handover_items_select on public.archive_handover_items
  for select to authenticated using (exists (select 1 from public.archive_handovers h where h.id = handover_id));
create policy archive_handover_items_insert on public.archive_handover_items
  for insert to authenticated with check (private.may_fill_handover(handover_id));
create policy archive_handover_items_update on public.archive_handover_items
  for update to authenticated
  -- (matched against what the caller reads, so a refused edit raises with its reason instead of
  -- matching nothing: the rules trigger below says why)
  using (exists (select 1 from public.archive_handovers h where h.id = handover_id))
  with check (private.may_fill_handover(handover_id) or private.may_check_handover(handover_id));
create policy archive_handover_items_delete on public.archive_handover_items
  for delete to authenticated using (private.may_fill_handover(handover_id));

-- The list's rules, said with the column they concern (the policies above only say "no"): A
-- writes the items while the file is with him, the archivist only ticks them; a file item has
-- its pages (册内资料清单详细到每一项内容的页数), a certificate its number and count (权证的名称、
-- 权证号、数量). Checked like this for a person through the API and for a restore from the bin.
create function private.archive_handover_items_rules() returns trigger
language plpgsql security invoker set search_path = ''
as $$
declare
  h record;
  me uuid := private.my_operator_id();
  content_changed boolean;
  -- (private.keeping_rows_as_given, read inline: a restore or an import, run as the owner)
  as_given boolean := coalesce(current_setting('taizhang.restoring', true), '') = 'on'
                      or coalesce(current_setting('taizhang.importing_history', true), '') = 'on';
begin
  if not (current_user in ('anon', 'authenticated') or as_given) then
    return case when tg_op = 'DELETE' then old else new end;
  end if;
  if tg_op = 'UPDATE' and new.handover_id is distinct from old.handover_id then
    raise exception '清单项不能移到另一份移交单 | An item cannot move to another handover'
      using errcode = '42501', column = 'handover_id', table = tg_table_name;
  end if;
  select * into h from private.handover_state(case when tg_op = 'DELETE' then old.handover_id else new.handover_id end);
  content_changed := tg_op <> 'UPDATE'
    or (new.title, new.pages, new.is_attachment, new.certificate_no, new.quantity)
       is distinct from (old.title, old.pages, old.is_attachment, old.certificate_no, old.quantity);
  if content_changed then
    if h.a_manager_id is distinct from me then
      raise exception '只有本项目的工程经理A角编制移交清单 | Only the project''s engineering manager A draws up the handover list'
        using errcode = '42501', column = 'handover_id', table = tg_table_name;
    end if;
    if h.status not in ('A角整理', '退回补充') then
      raise exception '移交清单已交出（%），不能再改 | The list has been handed over and can no longer change', h.status
        using errcode = 'PT409', column = 'handover_id', table = tg_table_name;
    end if;
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  if tg_op = 'INSERT' and not as_given then
    -- A new item is unchecked, and the list keeps the order it was written in (one request may
    -- carry several items: each its own moment).
    new.checked := false;
    new.created_at := clock_timestamp();
  elsif tg_op = 'INSERT' then
    new.checked := false;
  elsif new.checked is distinct from old.checked then
    if private.scope_for('archive_handovers', 'approve') is distinct from 'all' then
      raise exception '只有档案管理员逐项核对移交清单 | Only an archivist checks the list item by item'
        using errcode = '42501', column = 'checked', table = tg_table_name;
    end if;
    if h.status <> '待档案室接收' then
      raise exception '档案室接收时才逐项核对清单 | The list is checked item by item when the archive room receives it'
        using errcode = 'PT409', column = 'checked', table = tg_table_name;
    end if;
  end if;
  if h.kind = '档案' and new.pages is null then
    raise exception '请填写页数（包含封面及全部纸张） | Give the pages (the cover and every sheet included)'
      using errcode = '23502', column = 'pages', table = tg_table_name;
  end if;
  if h.kind = '权证' then
    if char_length(btrim(coalesce(new.certificate_no, ''))) = 0 then
      raise exception '请填写权证号 | Give the certificate number' using errcode = '23502', column = 'certificate_no', table = tg_table_name;
    end if;
    if new.quantity is null then
      raise exception '请填写权证数量 | Give the number of certificates' using errcode = '23502', column = 'quantity', table = tg_table_name;
    end if;
    if char_length(btrim(new.title)) < 2 or char_length(btrim(new.title)) > 100 then
      raise exception '权证名称 2–100 字 | Certificate name: 2–100 characters' using errcode = '23514', column = 'title', table = tg_table_name;
    end if;
    if new.is_attachment then
      raise exception '权证不作为附件移交 | A certificate is not handed over as an attachment' using errcode = '22023', column = 'is_attachment', table = tg_table_name;
    end if;
  end if;
  return new;
end
$$;
revoke all on function private.archive_handover_items_rules() from public;
grant execute on function private.archive_handover_items_rules() to authenticated;
create trigger archive_handover_items_rules before insert or update or delete on public.archive_handover_items
  for each row execute function private.archive_handover_items_rules();

select private.declare_system_column('public.archive_handovers', c.name, c.why)
from (values
  ('project_id', '“工程项目”由“完工”确定 | The project is set by Complete'),
  ('kind', '“移交内容”（档案/权证）由“完工”确定：权证与档案资料分开移交 | The kind is set by Complete: certificates are handed over apart from the file'),
  ('status', '“状态”只能通过移交流程（A角移交、B角签收、移交档案室、接收、退回补充）改变 | The status moves only through the handover steps'),
  ('a_manager_id', '“工程经理A角”取自项目 | Engineering manager A is the project''s'),
  ('b_manager_id', '“工程经理B角”取自项目 | Engineering manager B is the project''s'),
  ('department_id', '“承办部门”取自项目 | The department is the project''s'),
  ('a_due_on', '“A角移交期限”由系统按完工日期计算（三个工作日），只能经有权审批人延期 | A''s deadline is three working days from completion; only an approver postpones it'),
  ('a_signed_at', '“A角移交时间”只能通过“移交B角”记录 | Recorded only by Hand to B'),
  ('b_signed_at', '“B角签收时间”只能通过“B角签收”记录 | Recorded only by B signs receipt'),
  ('b_due_on', '“B角移交期限”由系统按A角移交日计算（两个工作日），只能经有权审批人延期 | B''s deadline is two working days from A''s handover; only an approver postpones it'),
  ('file_by', '“归档期限”由系统按完工日期计算：次月10日前归档完毕 | File by is the 10th of the month after completion'),
  ('handed_at', '“移交档案室时间”只能通过“移交档案室”记录 | Recorded only by Hand to the archive room'),
  ('archivist_id', '“接收档案员”只能通过“接收归档”记录 | Recorded only by Receive'),
  ('received_at', '“档案室接收时间”只能通过“接收归档”记录 | Recorded only by Receive'),
  ('file_id', '“归档档案”由档案室接收时建立 | The archive file is made by the archive room''s receipt'),
  ('missing_items', '“补充资料清单”只能通过“退回补充”记录 | The missing-items list is recorded only by Return for missing items'),
  ('returned_by', '“退回人”只能通过“退回补充”记录 | Recorded only by Return for missing items'),
  ('returned_at', '“退回时间”只能通过“退回补充”记录 | Recorded only by Return for missing items'),
  ('postponed_reason', '“延期原因”只能通过“批准延期”记录 | Recorded only by Postpone'),
  ('postponed_by', '“延期批准人”只能通过“批准延期”记录 | Recorded only by Postpone'),
  ('postponed_at', '“延期时间”只能通过“批准延期”记录 | Recorded only by Postpone')
) as c(name, why);

insert into public.permissions (role, register, action, scope, note) values
  ('clerk', 'archive_handovers', 'read', 'department', '本部门的移交；A角、B角读自己项目的移交'),
  ('manager', 'archive_handovers', 'read', 'department', null),
  ('archivist', 'archive_handovers', 'read', 'all', null),
  ('archivist', 'archive_handovers', 'update', 'all', '备注；其余由移交流程记录'),
  ('archivist', 'archive_handovers', 'approve', 'all', '档案室接收（第三方签字）、退回补充'),
  ('deputy_gm', 'archive_handovers', 'read', 'own', '分管部门的移交（departments.deputy_gm_id）'),
  ('gm', 'archive_handovers', 'read', 'all', null),
  -- (the list's own policies say who writes it: A while the file is with him, the archivist ticks)
  ('clerk', 'archive_handover_items', 'read', 'own', '随移交单'),
  ('clerk', 'archive_handover_items', 'create', 'own', 'A角编制移交清单'),
  ('clerk', 'archive_handover_items', 'update', 'own', 'A角编制移交清单'),
  ('clerk', 'archive_handover_items', 'delete', 'own', 'A角编制移交清单'),
  ('manager', 'archive_handover_items', 'read', 'own', '随移交单'),
  ('archivist', 'archive_handover_items', 'read', 'all', null),
  ('archivist', 'archive_handover_items', 'update', 'all', '接收时逐项核对'),
  ('deputy_gm', 'archive_handover_items', 'read', 'own', '随移交单'),
  ('gm', 'archive_handover_items', 'read', 'all', null);

-- ── The steps ─────────────────────────────────────────────────────────────────────────────
-- The handover, locked, or PT404 when it does not exist or the caller may not read it.
create function private.handover_for_move(p_handover uuid) returns public.archive_handovers
language plpgsql security definer set search_path = ''
as $$
declare
  h public.archive_handovers;
  me uuid := private.my_operator_id();
begin
  select * into h from public.archive_handovers x where x.id = p_handover for update;
  if h.id is null or me is null or not (
       me in (h.a_manager_id, h.b_manager_id)
       or private.may('archive_handovers', 'read', null, h.department_id)
       or private.in_my_charge(h.department_id)) then
    raise exception '移交单不存在或无权查看 | No such handover, or not visible to you' using errcode = 'PT404', hint = 'handover';
  end if;
  return h;
end
$$;

-- Tells the people of a step (kind 档案移交), once per event.
create function private.tell_handover(p_recipient uuid, h public.archive_handovers, p_title text, p_body text,
  p_due date, p_event text) returns void
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.notify(p_recipient, '档案移交', p_title, p_body, 'archive_handovers', h.id::text,
    case when p_due is not null then (p_due + 1)::timestamp at time zone 'Asia/Shanghai' end,
    format('archive-handover:%s:%s:%s:%s', h.id, p_event, p_recipient, h.version));
end
$$;

create function private.handover_project_name(p_handover public.archive_handovers) returns text
language sql stable security definer set search_path = ''
as $$
  select p.code || ' ' || p.name || case when p_handover.kind = '权证' then '（权证）' else '' end
  from public.projects p where p.id = p_handover.project_id
$$;

-- The archivists (and for certificates the certificate keepers) the file goes to.
create function private.archive_room_people(p_kind text) returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select o.id from public.operators o
  where o.active and (o.role = 'archivist' or (p_kind = '权证' and '权证管理员' = any (o.duties)))
$$;
revoke all on function private.handover_for_move(uuid), private.tell_handover(uuid, public.archive_handovers, text, text, date, text),
  private.handover_project_name(public.archive_handovers), private.archive_room_people(text) from public;

-- 每月的10日前应将归档文件资料归档完毕: what is completed in a month is filed by the 10th of the next.
create function private.file_by(p_completed_on date) returns date
language sql immutable set search_path = ''
as $$
  select (date_trunc('month', p_completed_on::timestamp) + interval '1 month 9 days')::date
$$;
revoke all on function private.file_by(date) from public;

-- 完工 Complete: the project is complete on the day given (today unless said); its file handover
-- opens with A's deadline three working days later (工程经理A角三个工作日内移交工程经理B角), and,
-- when it has certificates, a separate certificate handover with the same deadline (重要的权证应与
-- 档案资料分开移交).
create function public.complete_project(project_id uuid, completed_on date default null)
returns public.projects
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  p public.projects;
  v_day date := coalesce(completed_on, (now() at time zone 'Asia/Shanghai')::date);
  v_due date;
  h public.archive_handovers;
  v_kind text;
begin
  select * into p from public.projects x where x.id = project_id for update;
  if p.id is null or not (private.may('projects', 'read', null, p.department_id)
                          or private.my_operator_id() in (p.a_manager_id, p.b_manager_id)
                          or private.in_my_charge(p.department_id)) then
    raise exception '项目不存在或无权查看 | No such project, or not visible to you' using errcode = 'PT404', hint = 'project_id';
  end if;
  if not private.may('projects', 'update', null, p.department_id) then
    raise exception '只有项目所在部门的经理可以确认完工 | Only the manager of the project''s department records its completion'
      using errcode = '42501', hint = 'project_id';
  end if;
  if p.status <> '进行中' then
    raise exception '项目已完工（%），不能再次完工 | The project is already complete', p.completed_on
      using errcode = 'PT409', hint = 'project_id';
  end if;
  if v_day > (now() at time zone 'Asia/Shanghai')::date then
    raise exception '完工日期不能晚于今天 | The completion date cannot be in the future' using errcode = '22023', hint = 'completed_on';
  end if;
  if v_day < date '2000-01-01' then
    raise exception '完工日期须在 2000–2100 年之间 | Completed on: a date in the years 2000–2100' using errcode = '22023', hint = 'completed_on';
  end if;
  v_due := public.add_working_days(v_day::timestamp at time zone 'Asia/Shanghai', 3);
  update public.projects x set status = '已完工', completed_on = v_day where x.id = p.id returning * into p;
  foreach v_kind in array case when p.has_certificates then array['档案', '权证'] else array['档案'] end loop
    insert into public.archive_handovers (project_id, kind, status, a_manager_id, b_manager_id, department_id, a_due_on, file_by)
    values (p.id, v_kind, 'A角整理', p.a_manager_id, p.b_manager_id, p.department_id, v_due, private.file_by(v_day))
    returning * into h;
    perform private.tell_handover(p.a_manager_id, h,
      format('项目 %s 已完工，请在 %s 前将%s移交B角 | Project %s is complete: hand its %s to B by %s', p.name, v_due, case when v_kind = '权证' then '重要权证' else '档案资料' end,
             p.name, case when v_kind = '权证' then 'certificates' else 'file' end, v_due),
      format('编制%s（A、B角及档案员三方签字确认），三个工作日内移交工程经理B角。 | Draw up the list and hand it to engineering manager B within three working days.',
             case when v_kind = '权证' then '重要权证移交清单（名称、权证号、数量）' else '册内资料清单（每一项的页数）' end),
      v_due, 'opened');
  end loop;
  return p;
end
$$;
comment on function public.complete_project(uuid, date) is '完工 | Complete the project';

-- 移交B角 A hands the file (or the certificates) with its list to B; B's deadline is two working
-- days from today (工程经理B角两个工作日内移交档案室). A's signature as giver.
create function public.hand_over_to_b(handover uuid)
returns public.archive_handovers
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  h public.archive_handovers := private.handover_for_move(handover);
  v_items integer;
  v_numbered integer;
  v_due date;
begin
  if private.my_operator_id() is distinct from h.a_manager_id then
    raise exception '只有本项目的工程经理A角可以移交B角 | Only the project''s engineering manager A hands over to B'
      using errcode = '42501', hint = 'handover';
  end if;
  if h.status not in ('A角整理', '退回补充') then
    raise exception 'A角已移交（%），不能重复签字 | Already handed over by A: nobody signs twice', h.status
      using errcode = 'PT409', hint = 'handover';
  end if;
  select count(*), count(*) filter (where not i.is_attachment) into v_items, v_numbered
  from public.archive_handover_items i where i.handover_id = h.id;
  if v_items = 0 or (h.kind = '档案' and v_numbered = 0) then
    raise exception '请先编制移交清单（至少一项，注明页数；附件列入但不编码） | Draw up the list first: at least one item with its pages (attachments are listed but not numbered)'
      using errcode = '23514', hint = 'items';
  end if;
  v_due := public.add_working_days(now(), 2);
  update public.archive_handovers x
  set status = '待B角审核', a_signed_at = now(), b_signed_at = null, handed_at = null, b_due_on = v_due
  where x.id = h.id returning * into h;
  perform private.tell_handover(h.b_manager_id, h,
    format('%s 的移交清单待您签收审核，请在 %s 前移交档案室 | The handover list of %s awaits your check: to the archive room by %s', private.handover_project_name(h), v_due,
           private.handover_project_name(h), v_due),
    '依据清单审核资料及签字是否完整；缺少的列出补充资料清单退回A角。 | Check the file against its list; return a missing-items list to A if anything is missing.',
    v_due, 'to-b');
  return h;
end
$$;
comment on function public.hand_over_to_b(uuid) is '移交B角 | Hand over to B';

-- B角签收 B signs that he received the file and its list (the receiver's signature).
create function public.sign_handover_receipt(handover uuid)
returns public.archive_handovers
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  h public.archive_handovers := private.handover_for_move(handover);
begin
  if private.my_operator_id() is distinct from h.b_manager_id then
    raise exception '只有本项目的工程经理B角可以签收 | Only the project''s engineering manager B signs the receipt'
      using errcode = '42501', hint = 'handover';
  end if;
  if h.status <> '待B角审核' then
    raise exception '现在不是B角签收的环节（%） | It is not B''s turn to sign (%)', h.status, h.status
      using errcode = 'PT409', hint = 'handover';
  end if;
  if h.b_signed_at is not null then
    raise exception 'B角已签收，不能重复签字 | B has already signed: nobody signs twice' using errcode = 'PT409', hint = 'handover';
  end if;
  update public.archive_handovers x set b_signed_at = now() where x.id = h.id returning * into h;
  return h;
end
$$;
comment on function public.sign_handover_receipt(uuid) is 'B角签收 | B signs the receipt';

-- 退回补充 B (reviewing) or the archivist (checking on receipt) returns a missing-items list that
-- A completes (补充资料清单要求工程经理A角补齐); A then hands over again.
create function public.return_handover(handover uuid, missing_items text)
returns public.archive_handovers
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  h public.archive_handovers := private.handover_for_move(handover);
  me uuid := private.my_operator_id();
begin
  if not ((h.status = '待B角审核' and me = h.b_manager_id)
          or (h.status = '待档案室接收' and private.scope_for('archive_handovers', 'approve') = 'all')) then
    if h.status in ('待B角审核', '待档案室接收') then
      raise exception '只有正在审核的B角或接收的档案管理员可以退回补充 | Only B while reviewing, or the archivist on receipt, returns a missing-items list'
        using errcode = '42501', hint = 'handover';
    end if;
    raise exception '现在没有可退回的移交（%） | There is nothing to return at this step (%)', h.status, h.status
      using errcode = 'PT409', hint = 'handover';
  end if;
  if char_length(btrim(coalesce(missing_items, ''))) < 2 then
    raise exception '请列出补充资料清单 | List the missing items' using errcode = '23502', hint = 'missing_items';
  end if;
  if char_length(missing_items) > 4000 then
    raise exception '补充资料清单最多 4000 字 | Missing items: at most 4000 characters' using errcode = '23514', hint = 'missing_items';
  end if;
  update public.archive_handovers x
  set status = '退回补充', missing_items = btrim(return_handover.missing_items), returned_by = me, returned_at = now(),
      b_signed_at = null, handed_at = null
  where x.id = h.id returning * into h;
  update public.archive_handover_items i set checked = false where i.handover_id = h.id and i.checked;
  perform private.tell_handover(h.a_manager_id, h,
    format('%s 退回补充资料，请补齐后重新移交B角 | %s was returned for missing items: complete it and hand it to B again', private.handover_project_name(h), private.handover_project_name(h)),
    '补充资料清单 | Missing items' || E'\n' || h.missing_items, h.a_due_on, 'returned');
  return h;
end
$$;
comment on function public.return_handover(uuid, text) is '退回补充 | Return for missing items';

-- 移交档案室 B, having signed and checked, hands the file to the archive room.
create function public.hand_over_to_archive(handover uuid)
returns public.archive_handovers
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  h public.archive_handovers := private.handover_for_move(handover);
  person uuid;
begin
  if private.my_operator_id() is distinct from h.b_manager_id then
    raise exception '只有本项目的工程经理B角可以移交档案室 | Only the project''s engineering manager B hands over to the archive room'
      using errcode = '42501', hint = 'handover';
  end if;
  if h.status <> '待B角审核' then
    raise exception '现在不是B角移交的环节（%） | It is not B''s turn to hand over (%)', h.status, h.status
      using errcode = 'PT409', hint = 'handover';
  end if;
  if h.b_signed_at is null then
    raise exception '请先签收（B角签收后才能移交档案室） | Sign the receipt first: B signs before handing over'
      using errcode = 'PT409', hint = 'handover';
  end if;
  update public.archive_handovers x set status = '待档案室接收', handed_at = now() where x.id = h.id returning * into h;
  for person in select * from private.archive_room_people(h.kind) loop
    perform private.tell_handover(person, h,
      format('%s 已移交档案室，请逐项核对后接收 | %s is handed to the archive room: check each item, then receive it', private.handover_project_name(h), private.handover_project_name(h)),
      '根据B角提供的清单一一核对，无误后签字接收并统一编号。 | Check each item against B''s list, then receive and number the file.',
      null, 'to-archive');
  end loop;
  return h;
end
$$;
comment on function public.hand_over_to_archive(uuid) is '移交档案室 | Hand over to the archive room';

-- 接收归档 The archivist, every item checked, receives (the third signature): a file handover
-- becomes an archive file with its item list (attachments listed, not numbered), numbered by
-- private.number_archive_file; a certificate handover becomes certificates in the safe, under
-- the project's archive number.
create function public.receive_archive_handover(handover uuid, category text default '立项审批资料',
  room text default null, cabinet text default null, shelf text default null, safe_no text default null)
returns public.archive_handovers
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  h public.archive_handovers := private.handover_for_move(handover);
  me uuid := private.my_operator_id();
  p public.projects;
  v_unchecked integer;
  v_file uuid;
begin
  if private.scope_for('archive_handovers', 'approve') is distinct from 'all' then
    raise exception '只有档案管理员可以接收归档 | Only an archivist receives into the archive' using errcode = '42501', hint = 'handover';
  end if;
  if me in (h.a_manager_id, h.b_manager_id) then
    raise exception 'A角、B角与档案员须是三个人分别签字 | A, B and the archivist sign as three different people'
      using errcode = '42501', hint = 'handover';
  end if;
  if h.status = '已归档' then
    raise exception '已接收归档，不能重复签字 | Already received: nobody signs twice' using errcode = 'PT409', hint = 'handover';
  end if;
  if h.status <> '待档案室接收' then
    raise exception 'B角尚未移交档案室（%） | B has not handed it to the archive room yet (%)', h.status, h.status
      using errcode = 'PT409', hint = 'handover';
  end if;
  select count(*) into v_unchecked from public.archive_handover_items i where i.handover_id = h.id and not i.checked;
  if v_unchecked > 0 then
    raise exception '清单尚有 % 项未核对，请逐项核对后接收 | % items of the list are not checked yet: check each before receiving', v_unchecked, v_unchecked
      using errcode = '23514', hint = 'checked';
  end if;
  select * into p from public.projects x where x.id = h.project_id;
  if h.kind = '档案' then
    if category is null or category not in ('立项审批资料', '重要合同单据', '调查资料', '客户资料') then
      raise exception '类别须为 立项审批资料、重要合同单据、调查资料 或 客户资料 | Category: project approval, important contracts, investigation or customer documents'
        using errcode = '22023', hint = 'category';
    end if;
    if char_length(btrim(coalesce(room, ''))) = 0 then
      raise exception '请填写存放的档案室 | Give the room the file is kept in' using errcode = '23502', hint = 'room';
    end if;
    if char_length(btrim(coalesce(cabinet, ''))) = 0 then
      raise exception '请填写柜号 | Give the cabinet' using errcode = '23502', hint = 'cabinet';
    end if;
    insert into public.archive_files (title, project_id, customer_id, department_id, category, copy_kind, page_count,
                                      room, cabinet, shelf, status, keeper_id, received_at)
    values (left(p.name || ' 工程档案', 200), p.id, p.customer_id, h.department_id, category, '原件',
            coalesce((select sum(coalesce(i.pages, 0)) from public.archive_handover_items i where i.handover_id = h.id), 0),
            btrim(room), btrim(cabinet), nullif(btrim(coalesce(shelf, '')), ''), '在库', me, now())
    returning id into v_file;
    -- 列入附件的资料不进展编码: the items in their order, attachments without a number.
    insert into public.archive_file_items (file_id, item_no, title, pages, is_attachment)
    select v_file,
           case when not i.is_attachment then row_number() over (partition by i.is_attachment order by i.created_at, i.id) end,
           i.title, coalesce(i.pages, 1), i.is_attachment
    from public.archive_handover_items i where i.handover_id = h.id
    order by i.is_attachment, i.created_at, i.id;
    perform private.number_archive_file(v_file);
    update public.projects x set status = '已归档' where x.id = p.id;
  else
    if char_length(btrim(coalesce(safe_no, ''))) = 0 then
      raise exception '权证须存入保险柜：请填写保险柜编号 | Certificates go into the safe: give the safe' using errcode = '23502', hint = 'safe_no';
    end if;
    insert into public.certificates (project_id, file_id, name, certificate_no, quantity, location_kind, safe_no, status, keeper_id, received_at)
    select p.id, (select f.id from public.archive_files f where f.project_id = p.id and f.number = p.archive_number limit 1),
           btrim(i.title), btrim(i.certificate_no), coalesce(i.quantity, 1), '保险柜', btrim(safe_no), '在库', me, now()
    from public.archive_handover_items i where i.handover_id = h.id
    order by i.created_at, i.id;
  end if;
  update public.archive_handovers x
  set status = '已归档', archivist_id = me, received_at = now(), file_id = coalesce(v_file, x.file_id)
  where x.id = h.id returning * into h;
  perform private.tell_handover(h.a_manager_id, h, format('%s 已由档案室接收归档 | %s is received and filed by the archive room', private.handover_project_name(h), private.handover_project_name(h)),
    coalesce((select format('档案号：%1$s | Number: %1$s', x.archive_number) from public.projects x where x.id = p.id and x.archive_number is not null), '已接收 | Received'), null, 'received');
  perform private.tell_handover(h.b_manager_id, h, format('%s 已由档案室接收归档 | %s is received and filed by the archive room', private.handover_project_name(h), private.handover_project_name(h)),
    coalesce((select format('档案号：%1$s | Number: %1$s', x.archive_number) from public.projects x where x.id = p.id and x.archive_number is not null), '已接收 | Received'), null, 'received');
  return h;
end
$$;
comment on function public.receive_archive_handover(uuid, text, text, text, text, text) is '接收归档 | Receive into the archive';

-- 批准延期 特别状况说明缘由经有权审批人同意后可以酌情延后: the project's department manager or
-- the gm moves the deadline of the step now due, with the reason, recorded on the handover.
create function public.postpone_handover(handover uuid, due_on date, reason text)
returns public.archive_handovers
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  h public.archive_handovers := private.handover_for_move(handover);
  v_current date;
begin
  if not private.may('projects', 'approve', null, h.department_id) then
    raise exception '只有有权审批人（项目所在部门经理或总经理）可以批准延期 | Only an approver (the department manager or the gm) postpones a handover'
      using errcode = '42501', hint = 'handover';
  end if;
  if h.status not in ('A角整理', '退回补充', '待B角审核') then
    raise exception '这一环节没有可延后的期限（%） | No deadline to postpone at this step (%)', h.status, h.status
      using errcode = 'PT409', hint = 'handover';
  end if;
  if char_length(btrim(coalesce(reason, ''))) < 2 then
    raise exception '延期须说明缘由 | A postponement needs its reason' using errcode = '23502', hint = 'reason';
  end if;
  if char_length(reason) > 1000 then
    raise exception '延期原因最多 1000 字 | Postponement reason: at most 1000 characters' using errcode = '23514', hint = 'reason';
  end if;
  v_current := case when h.status = '待B角审核' then h.b_due_on else h.a_due_on end;
  if due_on is null or due_on <= v_current or due_on < (now() at time zone 'Asia/Shanghai')::date or due_on >= date '2101-01-01' then
    raise exception '新的期限须晚于原期限（%）且不早于今天 | The new deadline must be later than the current one (%) and not before today', v_current, v_current
      using errcode = '22023', hint = 'due_on';
  end if;
  update public.archive_handovers x
  set a_due_on = case when h.status = '待B角审核' then x.a_due_on else due_on end,
      b_due_on = case when h.status = '待B角审核' then due_on else x.b_due_on end,
      postponed_reason = btrim(reason), postponed_by = private.my_operator_id(), postponed_at = now()
  where x.id = h.id returning * into h;
  perform private.tell_handover(case when h.status = '待B角审核' then h.b_manager_id else h.a_manager_id end, h,
    format('%s 的移交期限已延至 %s | The handover of %s is postponed to %s', private.handover_project_name(h), due_on, private.handover_project_name(h), due_on), '延期原因 | Reason' || E'\n' || h.postponed_reason, due_on, 'postponed');
  return h;
end
$$;
comment on function public.postpone_handover(uuid, date, text) is '批准延期 | Postpone the handover';

revoke all on function public.complete_project(uuid, date), public.hand_over_to_b(uuid), public.sign_handover_receipt(uuid),
  public.return_handover(uuid, text), public.hand_over_to_archive(uuid),
  public.receive_archive_handover(uuid, text, text, text, text, text), public.postpone_handover(uuid, date, text) from public, anon;
grant execute on function public.complete_project(uuid, date), public.hand_over_to_b(uuid), public.sign_handover_receipt(uuid),
  public.return_handover(uuid, text), public.hand_over_to_archive(uuid),
  public.receive_archive_handover(uuid, text, text, text, text, text), public.postpone_handover(uuid, date, text) to authenticated;

-- ── Screens: the moves as buttons, each offered only to whoever may take that step ───────
select private.declare_move('public.projects', 'complete', '完工 | Complete', 'complete_project', 'project_id',
  fields => '[{"name": "completed_on", "label": "完工日期 | Completed on", "column": "completed_on", "data_type": "date", "required": false}]',
  state_column => 'status', from_states => array['进行中'], to_state => '已完工',
  condition => $$status = '进行中' and private.may('projects', 'update', null, department_id)$$,
  confirm => '确认完工？将开始档案移交（A角三个工作日内移交B角） | Record completion? The file handover starts (A hands to B within three working days)');
select private.declare_move('public.archive_handovers', 'hand_to_b', '移交B角 | Hand to B', 'hand_over_to_b', 'handover',
  state_column => 'status', from_states => array['A角整理', '退回补充'], to_state => '待B角审核',
  condition => $$status in ('A角整理', '退回补充') and a_manager_id = private.my_operator_id()$$,
  confirm => '确认清单无误并签字移交B角？ | Sign and hand the file with its list to B?');
select private.declare_move('public.archive_handovers', 'sign_receipt', 'B角签收 | B signs receipt', 'sign_handover_receipt', 'handover',
  state_column => 'status', from_states => array['待B角审核'],
  condition => $$status = '待B角审核' and b_signed_at is null and b_manager_id = private.my_operator_id()$$);
select private.declare_move('public.archive_handovers', 'return_b', '退回补充 | Return for missing items', 'return_handover', 'handover',
  fields => '[{"name": "missing_items", "label": "补充资料清单 | Missing items", "column": "missing_items", "kind": "longtext"}]',
  state_column => 'status', from_states => array['待B角审核'], to_state => '退回补充',
  condition => $$status = '待B角审核' and b_manager_id = private.my_operator_id()$$, danger => true);
select private.declare_move('public.archive_handovers', 'hand_to_archive', '移交档案室 | Hand to the archive room', 'hand_over_to_archive', 'handover',
  state_column => 'status', from_states => array['待B角审核'], to_state => '待档案室接收',
  condition => $$status = '待B角审核' and b_signed_at is not null and b_manager_id = private.my_operator_id()$$,
  confirm => '确认审核无误并签字移交档案室？ | Sign and hand the file to the archive room?');
select private.declare_move('public.archive_handovers', 'receive_file', '接收归档 | Receive', 'receive_archive_handover', 'handover',
  fields => '[{"name": "category", "label": "类别 | Category", "options": ["立项审批资料", "重要合同单据", "调查资料", "客户资料"]},
              {"name": "room", "label": "档案室 | Room", "required": true},
              {"name": "cabinet", "label": "柜号 | Cabinet", "required": true},
              {"name": "shelf", "label": "架位 | Shelf"}]',
  state_column => 'status', from_states => array['待档案室接收'], to_state => '已归档',
  condition => $$status = '待档案室接收' and kind = '档案' and private.scope_for('archive_handovers', 'approve') = 'all'
                 and private.my_operator_id() not in (a_manager_id, b_manager_id)$$);
select private.declare_move('public.archive_handovers', 'receive_certificates', '接收入保险柜 | Receive into the safe', 'receive_archive_handover', 'handover',
  fields => '[{"name": "safe_no", "label": "保险柜编号 | Safe", "required": true}]',
  state_column => 'status', from_states => array['待档案室接收'], to_state => '已归档',
  condition => $$status = '待档案室接收' and kind = '权证' and private.scope_for('archive_handovers', 'approve') = 'all'
                 and private.my_operator_id() not in (a_manager_id, b_manager_id)$$);
select private.declare_move('public.archive_handovers', 'return_archive', '退回补充 | Return for missing items', 'return_handover', 'handover',
  fields => '[{"name": "missing_items", "label": "补充资料清单 | Missing items", "column": "missing_items", "kind": "longtext"}]',
  state_column => 'status', from_states => array['待档案室接收'], to_state => '退回补充',
  condition => $$status = '待档案室接收' and private.scope_for('archive_handovers', 'approve') = 'all'$$, danger => true);
select private.declare_move('public.archive_handovers', 'postpone', '批准延期 | Postpone', 'postpone_handover', 'handover',
  fields => '[{"name": "due_on", "label": "新的期限 | New deadline", "data_type": "date"},
              {"name": "reason", "label": "延期原因 | Reason", "column": "postponed_reason", "kind": "longtext"}]',
  state_column => 'status', from_states => array['A角整理', '退回补充', '待B角审核'],
  condition => $$status in ('A角整理', '退回补充', '待B角审核') and private.may('projects', 'approve', null, department_id)$$);
select private.declare_column('public.archive_handovers', 'missing_items', kind => 'longtext');
select private.declare_column('public.archive_handovers', 'postponed_reason', kind => 'longtext');
