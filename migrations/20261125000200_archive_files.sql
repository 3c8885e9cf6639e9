-- Archive files 档案, their item lists 卷内目录 and certificates 权证 (000 档案资料管理, 003 客户档案).
-- A file is numbered by the archivist on receipt (2026鸿借字第001号: year, company short name,
-- number word, sequence; unique, never reused); certificates are kept apart, in the safe, under
-- their project's file number.

create table public.archive_files (
  id uuid primary key default gen_random_uuid(),
  number text,
  number_year integer,
  number_seq integer,
  title text not null,
  project_id uuid references public.projects (id),
  customer_id uuid references public.customers (id),
  department_id uuid not null default private.my_department_id() references public.departments (id),
  category text not null,
  copy_kind text not null default '原件',
  page_count integer not null default 0,
  room text,
  cabinet text,
  shelf text,
  status text not null default '在库',
  keeper_id uuid references public.operators (id),
  received_at timestamptz,
  notes text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint archive_files_number_key unique (number),
  constraint archive_files_year_seq_key unique (number_year, number_seq),
  constraint archive_files_number_length check (char_length(number) <= 40),
  constraint archive_files_title_length check (char_length(btrim(title)) between 2 and 200),
  constraint archive_files_category_check check (category in ('立项审批资料', '重要合同单据', '调查资料', '客户资料')),
  constraint archive_files_copy_kind_check check (copy_kind in ('原件', '工作件')),
  constraint archive_files_page_count_range check (page_count between 0 and 100000),
  constraint archive_files_room_length check (char_length(room) <= 50),
  constraint archive_files_cabinet_length check (char_length(cabinet) <= 50),
  constraint archive_files_shelf_length check (char_length(shelf) <= 50),
  constraint archive_files_status_check check (status in ('在库', '借出', '已移交', '已销毁')),
  constraint archive_files_received_at_range check (received_at >= timestamptz '2000-01-01 00:00+08' and received_at < timestamptz '2101-01-01 00:00+08'),
  constraint archive_files_notes_length check (char_length(notes) <= 2000)
);
comment on constraint archive_files_number_length on public.archive_files is '档案号最多 40 字 | Number: at most 40 characters';
comment on constraint archive_files_title_length on public.archive_files is '案卷题名 2–200 字 | Title: 2–200 characters';
comment on constraint archive_files_page_count_range on public.archive_files is '页数须在 0–100000 之间 | Pages: 0 to 100000';
comment on constraint archive_files_room_length on public.archive_files is '档案室最多 50 字 | Room: at most 50 characters';
comment on constraint archive_files_cabinet_length on public.archive_files is '柜号最多 50 字 | Cabinet: at most 50 characters';
comment on constraint archive_files_shelf_length on public.archive_files is '架位最多 50 字 | Shelf: at most 50 characters';
comment on constraint archive_files_received_at_range on public.archive_files is '接收时间须在 2000–2100 年之间 | Received at: a date in the years 2000–2100';
comment on constraint archive_files_notes_length on public.archive_files is '备注最多 2000 字 | Notes: at most 2000 characters';
comment on table public.archive_files is '档案 | Archive files';
comment on column public.archive_files.number is '档案号 | Number';
comment on column public.archive_files.number_year is '编号年度 | Number year';
comment on column public.archive_files.number_seq is '编号序号 | Number sequence';
comment on column public.archive_files.title is '案卷题名 | Title';
comment on column public.archive_files.project_id is '工程项目 | Project';
comment on column public.archive_files.customer_id is '客户 | Customer';
comment on column public.archive_files.department_id is '所属部门 | Department';
comment on column public.archive_files.category is '类别 | Category';
comment on column public.archive_files.copy_kind is '原件/工作件 | Original or working copy';
comment on column public.archive_files.page_count is '页数 | Pages';
comment on column public.archive_files.room is '档案室 | Room';
comment on column public.archive_files.cabinet is '柜号 | Cabinet';
comment on column public.archive_files.shelf is '架位 | Shelf';
comment on column public.archive_files.status is '状态 | Status';
comment on column public.archive_files.keeper_id is '档案管理员 | Keeper';
comment on column public.archive_files.received_at is '接收时间 | Received at';
comment on column public.archive_files.notes is '备注 | Notes';
comment on column public.archive_files.version is '版本 | Version';
comment on column public.archive_files.created_at is '创建时间 | Created at';
comment on column public.archive_files.updated_at is '修改时间 | Updated at';

create index archive_files_project_id_idx on public.archive_files (project_id);
create index archive_files_customer_id_idx on public.archive_files (customer_id);
create index archive_files_department_id_idx on public.archive_files (department_id);
create index archive_files_keeper_id_idx on public.archive_files (keeper_id);

-- The item list of a file (册内资料清单): each item with its pages; attachments (附件) are listed
-- but not numbered (列入附件的资料不进展编码).
create table public.archive_file_items (
  id uuid primary key default gen_random_uuid(),
  file_id uuid not null references public.archive_files (id) on delete cascade,
  item_no integer,
  title text not null,
  pages integer not null default 1,
  is_attachment boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint archive_file_items_file_item_no_key unique (file_id, item_no),
  constraint archive_file_items_item_no_range check (item_no between 1 and 10000),
  constraint archive_file_items_title_length check (char_length(btrim(title)) between 1 and 200),
  constraint archive_file_items_pages_range check (pages between 1 and 10000)
);
comment on constraint archive_file_items_item_no_range on public.archive_file_items is '序号须在 1–10000 之间 | Item no.: 1 to 10000';
comment on constraint archive_file_items_title_length on public.archive_file_items is '资料名称 1–200 字 | Title: 1–200 characters';
comment on constraint archive_file_items_pages_range on public.archive_file_items is '页数须在 1–10000 之间 | Pages: 1 to 10000';
comment on table public.archive_file_items is '卷内目录 | File items';
comment on column public.archive_file_items.file_id is '档案 | File';
comment on column public.archive_file_items.item_no is '序号 | Item no.';
comment on column public.archive_file_items.title is '资料名称 | Title';
comment on column public.archive_file_items.pages is '页数 | Pages';
comment on column public.archive_file_items.is_attachment is '附件（不编码） | Attachment (not numbered)';
comment on column public.archive_file_items.version is '版本 | Version';
comment on column public.archive_file_items.created_at is '创建时间 | Created at';
comment on column public.archive_file_items.updated_at is '修改时间 | Updated at';

-- Important ownership certificates (重要权证): handled like cash, kept in the safe, filed under
-- their project's file number (权证编号应与工程的档案编号一致).
create table public.certificates (
  id uuid primary key default gen_random_uuid(),
  number text,
  project_id uuid not null references public.projects (id),
  file_id uuid references public.archive_files (id),
  name text not null,
  certificate_no text not null,
  holder text,
  quantity integer not null default 1,
  location_kind text not null default '保险柜',
  safe_no text,
  status text not null default '在库',
  keeper_id uuid references public.operators (id),
  received_at timestamptz,
  notes text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint certificates_number_length check (char_length(number) <= 40),
  constraint certificates_name_length check (char_length(btrim(name)) between 2 and 100),
  constraint certificates_certificate_no_length check (char_length(btrim(certificate_no)) between 1 and 100),
  constraint certificates_holder_length check (char_length(holder) <= 100),
  constraint certificates_quantity_range check (quantity between 1 and 1000),
  constraint certificates_location_kind_check check (location_kind in ('保险柜')),
  constraint certificates_safe_no_length check (char_length(safe_no) <= 50),
  constraint certificates_status_check check (status in ('在库', '借出', '已退还', '已销毁')),
  constraint certificates_received_at_range check (received_at >= timestamptz '2000-01-01 00:00+08' and received_at < timestamptz '2101-01-01 00:00+08'),
  constraint certificates_notes_length check (char_length(notes) <= 2000)
);
comment on constraint certificates_number_length on public.certificates is '权证档案号最多 40 字 | Number: at most 40 characters';
comment on constraint certificates_name_length on public.certificates is '权证名称 2–100 字 | Name: 2–100 characters';
comment on constraint certificates_certificate_no_length on public.certificates is '权证号 1–100 字 | Certificate no.: 1–100 characters';
comment on constraint certificates_holder_length on public.certificates is '权利人最多 100 字 | Holder: at most 100 characters';
comment on constraint certificates_quantity_range on public.certificates is '数量须在 1–1000 之间 | Quantity: 1 to 1000';
comment on constraint certificates_location_kind_check on public.certificates is '权证须存入保险柜 | Certificates are kept in the safe';
comment on constraint certificates_safe_no_length on public.certificates is '保险柜编号最多 50 字 | Safe: at most 50 characters';
comment on constraint certificates_received_at_range on public.certificates is '接收时间须在 2000–2100 年之间 | Received at: a date in the years 2000–2100';
comment on constraint certificates_notes_length on public.certificates is '备注最多 2000 字 | Notes: at most 2000 characters';
comment on table public.certificates is '权证 | Certificates';
comment on column public.certificates.number is '权证档案号 | Number';
comment on column public.certificates.project_id is '工程项目 | Project';
comment on column public.certificates.file_id is '档案 | File';
comment on column public.certificates.name is '权证名称 | Name';
comment on column public.certificates.certificate_no is '权证号 | Certificate no.';
comment on column public.certificates.holder is '权利人 | Holder';
comment on column public.certificates.quantity is '数量 | Quantity';
comment on column public.certificates.location_kind is '存放位置 | Kept in';
comment on column public.certificates.safe_no is '保险柜编号 | Safe';
comment on column public.certificates.status is '状态 | Status';
comment on column public.certificates.keeper_id is '权证管理员 | Keeper';
comment on column public.certificates.received_at is '接收时间 | Received at';
comment on column public.certificates.notes is '备注 | Notes';
comment on column public.certificates.version is '版本 | Version';
comment on column public.certificates.created_at is '创建时间 | Created at';
comment on column public.certificates.updated_at is '修改时间 | Updated at';

create index certificates_project_id_idx on public.certificates (project_id);
create index certificates_file_id_idx on public.certificates (file_id);
create index certificates_keeper_id_idx on public.certificates (keeper_id);

alter table public.archive_files enable row level security;
alter table public.archive_file_items enable row level security;
alter table public.certificates enable row level security;
revoke all on public.archive_files, public.archive_file_items, public.certificates from anon;
grant select, insert, update, delete on public.archive_files, public.archive_file_items, public.certificates to authenticated;

select private.register_table('public.archive_files');
select private.register_table('public.archive_file_items');
select private.register_table('public.certificates');
select private.declare_register('public.archive_files', menu_group => 'archive', menu_order => 20,
  title_columns => array['number', 'title']);
select private.declare_register('public.archive_file_items',
  title_columns => array['title'], in_menu => false);
select private.declare_register('public.certificates', menu_group => 'archive', menu_order => 30,
  title_columns => array['number', 'name']);
select private.label_options('{
  "立项审批资料": "Approval documents", "重要合同单据": "Important contracts and vouchers", "调查资料": "Survey documents",
  "客户资料": "Customer documents", "原件": "Original", "工作件": "Working copy",
  "在库": "In store", "借出": "On loan", "已移交": "Transferred", "已销毁": "Destroyed", "已退还": "Returned", "保险柜": "Safe"
}');

-- ══ Rules (issue 14 points 1 and 3; RULES §8, §9) ═════════════════════════════════════════

-- The company's short name in the file number (2026鸿借字第001号). A text setting: the admin may
-- change it; a number already given keeps the name it was given with.
insert into public.settings (key, value, label) values
  ('archive.company_short', '"鸿"', '档案编号中的公司简称（如 2026鸿借字第001号 中的“鸿”） | Company short name in the file number')
on conflict (key) do nothing;

-- ── Numbering 统一编号 ───────────────────────────────────────────────────────────────────
-- The last sequence given per year. It only ever grows: a number once given (even to a file
-- later destroyed) is never given again. A numbering that rolls back may give its sequence
-- again, since nobody ever saw it.
create table private.archive_number_counters (
  year integer primary key,
  last_seq integer not null default 0,
  constraint archive_number_counters_year_range check (year between 2000 and 2100),
  constraint archive_number_counters_last_seq_range check (last_seq between 0 and 999999)
);
comment on table private.archive_number_counters is '档案编号计数 | Archive number counters';
alter table private.archive_number_counters enable row level security;

-- Numbers the file on receipt (对接收的档案统一编号) and puts it in store under the caller's
-- keeping: number = year || company short name || the project's number word (default 借) ||
-- '字第' || sequence (3 digits at least) || '号'. The project takes the number of its first
-- numbered file (projects.archive_number) and its certificates take the project's number
-- (权证编号应与工程的档案编号一致). A file already numbered keeps its number (returned as is).
-- Called by the archivist's receipt of a handover (public.receive_archive_handover) and by the
-- archivist's own move for a file received outside a handover (public.shelve_archive_file).
create function private.number_archive_file(p_file uuid) returns text
language plpgsql security definer set search_path = ''
as $$
declare
  f public.archive_files;
  v_year integer := extract(year from (now() at time zone 'Asia/Shanghai'))::integer;
  v_short text;
  v_word text;
  v_seq integer;
  v_number text;
begin
  select * into f from public.archive_files a where a.id = p_file for update;
  if f.id is null then
    raise exception '档案不存在 | No such archive file' using errcode = 'PT404', hint = 'file_id';
  end if;
  if f.number is not null then
    return f.number;
  end if;
  if f.status = '已销毁' then
    raise exception '已销毁的档案不能编号 | A destroyed file cannot be numbered' using errcode = 'PT409', hint = 'file_id';
  end if;
  select coalesce(nullif(btrim(s.value #>> '{}'), ''), '鸿') into v_short from public.settings s where s.key = 'archive.company_short';
  v_short := coalesce(v_short, '鸿');
  select coalesce(nullif(btrim(p.number_word), ''), '借') into v_word from public.projects p where p.id = f.project_id;
  v_word := coalesce(v_word, '借');
  insert into private.archive_number_counters (year, last_seq) values (v_year, 0) on conflict (year) do nothing;
  -- (the counter's row lock serialises numbering within a year; files numbered by a seed or an
  -- import count too)
  update private.archive_number_counters c
  set last_seq = greatest(c.last_seq, coalesce((select max(a.number_seq) from public.archive_files a where a.number_year = v_year), 0)) + 1
  where c.year = v_year
  returning c.last_seq into v_seq;
  v_number := v_year::text || v_short || v_word || '字第' || lpad(v_seq::text, 3, '0') || '号';
  update public.archive_files a
  set number = v_number, number_year = v_year, number_seq = v_seq,
      received_at = coalesce(a.received_at, now()),
      keeper_id = coalesce(private.my_operator_id(), a.keeper_id),
      status = '在库'
  where a.id = f.id;
  if f.project_id is not null then
    update public.projects p set archive_number = v_number where p.id = f.project_id and p.archive_number is null;
    update public.certificates c set number = (select p.archive_number from public.projects p where p.id = f.project_id)
    where c.project_id = f.project_id and c.number is distinct from (select p.archive_number from public.projects p where p.id = f.project_id);
  end if;
  return v_number;
end
$$;
revoke all on function private.number_archive_file(uuid) from public;
comment on function private.number_archive_file(uuid) is '档案编号 | Number an archive file';

-- ── Certificates: their department (from the project) and the safe ───────────────────────
alter table public.certificates add column department_id uuid references public.departments (id);
comment on column public.certificates.department_id is '所属部门 | Department';
create index certificates_department_id_idx on public.certificates (department_id);
-- 档案治理员应将所收到的权证存入保险柜单独保存: a certificate in store names its safe.
alter table public.certificates add constraint certificates_safe_no_required
  check (status <> '在库' or coalesce(char_length(btrim(safe_no)), 0) >= 1);
comment on constraint certificates_safe_no_required on public.certificates is '在库的权证须填写保险柜编号 | A certificate in store names its safe';

-- ── Edit requests 修改申请 (003: 工作档案需经客务部经理同意方可修改) ────────────────────────
-- A working copy (工作件) is edited only under an approved request of the editor himself. The
-- approval lets its requester edit the file and its item list until the request is closed
-- (修改完成 → 已用, by the requester or the manager); an original (原件) is never edited.
create table public.archive_edit_requests (
  id uuid primary key default gen_random_uuid(),
  file_id uuid not null references public.archive_files (id),
  reason text not null,
  requested_by uuid references public.operators (id),
  department_id uuid references public.departments (id),
  status text not null default '待审批',
  decided_by uuid references public.operators (id),
  decided_at timestamptz,
  decision_note text,
  closed_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint archive_edit_requests_reason_length check (char_length(btrim(reason)) between 2 and 1000),
  constraint archive_edit_requests_status_check check (status in ('待审批', '已批准', '已驳回', '已用')),
  constraint archive_edit_requests_decision_note_length check (char_length(decision_note) <= 1000),
  constraint archive_edit_requests_decided_at_range check (decided_at >= timestamptz '2000-01-01 00:00+08' and decided_at < timestamptz '2101-01-01 00:00+08'),
  constraint archive_edit_requests_closed_at_range check (closed_at >= timestamptz '2000-01-01 00:00+08' and closed_at < timestamptz '2101-01-01 00:00+08')
);
comment on constraint archive_edit_requests_reason_length on public.archive_edit_requests is '修改原因 2–1000 字 | Reason: 2–1000 characters';
comment on constraint archive_edit_requests_decision_note_length on public.archive_edit_requests is '审批意见最多 1000 字 | Note: at most 1000 characters';
comment on constraint archive_edit_requests_decided_at_range on public.archive_edit_requests is '审批时间须在 2000–2100 年之间 | Decided at: a date in the years 2000–2100';
comment on constraint archive_edit_requests_closed_at_range on public.archive_edit_requests is '完成时间须在 2000–2100 年之间 | Closed at: a date in the years 2000–2100';
comment on table public.archive_edit_requests is '档案修改申请 | File edit requests';
comment on column public.archive_edit_requests.file_id is '档案 | File';
comment on column public.archive_edit_requests.reason is '修改原因 | Reason';
comment on column public.archive_edit_requests.requested_by is '申请人 | Requested by';
comment on column public.archive_edit_requests.department_id is '档案所属部门 | File''s department';
comment on column public.archive_edit_requests.status is '状态 | Status';
comment on column public.archive_edit_requests.decided_by is '审批人 | Decided by';
comment on column public.archive_edit_requests.decided_at is '审批时间 | Decided at';
comment on column public.archive_edit_requests.decision_note is '审批意见 | Note';
comment on column public.archive_edit_requests.closed_at is '修改完成时间 | Closed at';
comment on column public.archive_edit_requests.version is '版本 | Version';
comment on column public.archive_edit_requests.created_at is '创建时间 | Created at';
comment on column public.archive_edit_requests.updated_at is '修改时间 | Updated at';
create index archive_edit_requests_file_id_idx on public.archive_edit_requests (file_id);
create index archive_edit_requests_requested_by_idx on public.archive_edit_requests (requested_by);
create index archive_edit_requests_department_id_idx on public.archive_edit_requests (department_id);
create index archive_edit_requests_decided_by_idx on public.archive_edit_requests (decided_by);

-- ── Destruction records 销毁记录 (不得擅自带走或销毁) ──────────────────────────────────────
-- Nobody deletes a file or a certificate. Destruction is requested with a reason and approved by
-- the general manager; the approval marks the file or certificate 已销毁 (its number stays taken).
create table public.archive_destructions (
  id uuid primary key default gen_random_uuid(),
  file_id uuid references public.archive_files (id),
  certificate_id uuid references public.certificates (id),
  reason text not null,
  requested_by uuid references public.operators (id),
  department_id uuid references public.departments (id),
  status text not null default '待审批',
  approved_by uuid references public.operators (id),
  decided_at timestamptz,
  decision_note text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint archive_destructions_one_thing check (num_nonnulls(file_id, certificate_id) = 1),
  constraint archive_destructions_reason_length check (char_length(btrim(reason)) between 2 and 1000),
  constraint archive_destructions_status_check check (status in ('待审批', '已批准', '已驳回')),
  constraint archive_destructions_decision_note_length check (char_length(decision_note) <= 1000),
  constraint archive_destructions_decided_at_range check (decided_at >= timestamptz '2000-01-01 00:00+08' and decided_at < timestamptz '2101-01-01 00:00+08')
);
comment on constraint archive_destructions_one_thing on public.archive_destructions is '销毁记录须且只能指向一份档案或一份权证 | A destruction record names one file or one certificate';
comment on constraint archive_destructions_reason_length on public.archive_destructions is '销毁原因 2–1000 字 | Reason: 2–1000 characters';
comment on constraint archive_destructions_decision_note_length on public.archive_destructions is '审批意见最多 1000 字 | Note: at most 1000 characters';
comment on constraint archive_destructions_decided_at_range on public.archive_destructions is '审批时间须在 2000–2100 年之间 | Decided at: a date in the years 2000–2100';
comment on table public.archive_destructions is '档案销毁记录 | Destruction records';
comment on column public.archive_destructions.file_id is '档案 | File';
comment on column public.archive_destructions.certificate_id is '权证 | Certificate';
comment on column public.archive_destructions.reason is '销毁原因 | Reason';
comment on column public.archive_destructions.requested_by is '申请人 | Requested by';
comment on column public.archive_destructions.department_id is '所属部门 | Department';
comment on column public.archive_destructions.status is '状态 | Status';
comment on column public.archive_destructions.approved_by is '审批人（总经理） | Decided by (general manager)';
comment on column public.archive_destructions.decided_at is '审批时间 | Decided at';
comment on column public.archive_destructions.decision_note is '审批意见 | Note';
comment on column public.archive_destructions.version is '版本 | Version';
comment on column public.archive_destructions.created_at is '创建时间 | Created at';
comment on column public.archive_destructions.updated_at is '修改时间 | Updated at';
create index archive_destructions_file_id_idx on public.archive_destructions (file_id);
create index archive_destructions_certificate_id_idx on public.archive_destructions (certificate_id);
create index archive_destructions_requested_by_idx on public.archive_destructions (requested_by);
create index archive_destructions_department_id_idx on public.archive_destructions (department_id);
create index archive_destructions_approved_by_idx on public.archive_destructions (approved_by);
-- one open request per file or certificate
create unique index archive_destructions_open_file_key on public.archive_destructions (file_id) where status = '待审批';
create unique index archive_destructions_open_certificate_key on public.archive_destructions (certificate_id) where status = '待审批';

alter table public.archive_edit_requests enable row level security;
alter table public.archive_destructions enable row level security;
revoke all on public.archive_edit_requests, public.archive_destructions from anon;
-- Requests and records are decided through the moves below: no update or delete for anyone.
grant select, insert on public.archive_edit_requests, public.archive_destructions to authenticated;
-- No delete right on files and certificates for anyone: destruction is a move.
revoke delete on public.archive_files, public.certificates from authenticated;

-- ── Who a rule is checking: a person through the API, or a row restored or imported ──────
-- Moves, the receipt of a handover and the loan moves run as the owner (security definer) and
-- pass; a restore from the recycle bin or an import is checked like the person doing it.
create function private.archive_rules_apply() returns boolean
language sql stable set search_path = ''
as $$
  select current_user in ('anon', 'authenticated')
      or coalesce(current_setting('taizhang.restoring', true), '') = 'on'
      or coalesce(current_setting('taizhang.importing_history', true), '') = 'on'
$$;

-- The departments a deputy general manager is in charge of (departments.deputy_gm_id).
create function private.departments_in_my_charge() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select d.id from public.departments d where d.deputy_gm_id = private.my_operator_id()
$$;

-- The caller's approved, open edit request for a file (null when there is none).
create function private.my_open_edit_request(p_file uuid) returns uuid
language sql stable security definer set search_path = ''
as $$
  select r.id from public.archive_edit_requests r
  where r.file_id = p_file and r.status = '已批准' and r.requested_by = private.my_operator_id()
  limit 1
$$;

-- Why the caller may not change a file's content or item list now (null: he may). Not yet
-- received: the archivist prepares it. Received: an original never; a working copy only under
-- the caller's own approved request. Destroyed or transferred: never.
create function private.archive_file_edit_refusal(p_file uuid) returns text
language plpgsql stable security definer set search_path = ''
as $$
declare
  f public.archive_files;
begin
  select * into f from public.archive_files a where a.id = p_file;
  if f.id is null then
    return null;
  end if;
  if f.status in ('已销毁', '已移交') then
    return format('该档案%s，不能再修改 | This file is %s and can no longer be changed', f.status,
                  case f.status when '已销毁' then 'destroyed' else 'transferred' end);
  end if;
  if f.received_at is null then
    return null;
  end if;
  if f.copy_kind = '原件' then
    return '原始档案（原件）一经接收不得修改 | An original, once received, is never edited';
  end if;
  if private.my_open_edit_request(f.id) is null then
    return '工作档案须经本部门经理批准修改申请后方可修改 | A working copy is edited only under your own edit request approved by the department manager';
  end if;
  return null;
end
$$;
revoke all on function private.archive_rules_apply(), private.departments_in_my_charge(), private.my_open_edit_request(uuid),
  private.archive_file_edit_refusal(uuid) from public;
grant execute on function private.archive_rules_apply(), private.departments_in_my_charge(), private.my_open_edit_request(uuid),
  private.archive_file_edit_refusal(uuid) to authenticated, service_role;

-- ── Files: content frozen once received, location kept once shelved ──────────────────────
create function private.archive_files_rules() returns trigger
language plpgsql security invoker set search_path = ''
as $$
declare
  refusal text;
  changed text;
begin
  if not private.archive_rules_apply() then
    return new;
  end if;
  if tg_op = 'INSERT' then
    -- A restored or imported row is checked like a new one: a destroyed file never comes back in store.
    return new;
  end if;
  if old.status = '已销毁' then
    raise exception '该档案已销毁，不能修改 | This file is destroyed and cannot be changed'
      using errcode = 'PT409', table = tg_table_name;
  end if;
  select c into changed from unnest(array['title', 'project_id', 'customer_id', 'department_id', 'category', 'copy_kind', 'page_count']) c
  where to_jsonb(new) -> c is distinct from to_jsonb(old) -> c limit 1;
  if changed is not null then
    refusal := private.archive_file_edit_refusal(old.id);
    if refusal is not null then
      raise exception '%', refusal using errcode = '42501', column = changed, table = tg_table_name;
    end if;
    -- A working copy stays a working copy, an original an original.
    if changed = 'copy_kind' and old.received_at is not null then
      raise exception '原件/工作件在接收后不能更改 | Original or working copy cannot be changed after receipt'
        using errcode = '42501', column = 'copy_kind', table = tg_table_name;
    end if;
  end if;
  -- Where a file is kept is the archive room's: the holder of an edit request edits its content only.
  if (new.room, new.cabinet, new.shelf, new.notes) is distinct from (old.room, old.cabinet, old.shelf, old.notes)
     and not private.may('archive_files', 'update', null, old.department_id) then
    raise exception '存放位置和备注由档案管理员维护 | The location and notes are kept by the archivist'
      using errcode = '42501', column = case when new.notes is distinct from old.notes then 'notes' else 'cabinet' end, table = tg_table_name;
  end if;
  if old.received_at is not null and (char_length(btrim(coalesce(new.room, ''))) = 0 or char_length(btrim(coalesce(new.cabinet, ''))) = 0) then
    raise exception '已入库的档案须有存放位置（档案室、柜号） | A file in the archive keeps its location (room and cabinet)'
      using errcode = '23502', column = case when char_length(btrim(coalesce(new.room, ''))) = 0 then 'room' else 'cabinet' end, table = tg_table_name;
  end if;
  return new;
end
$$;
create trigger archive_files_rules before update on public.archive_files
  for each row execute function private.archive_files_rules();

-- ── Items: numbered in order, attachments listed but not numbered; frozen with the file ──
create function private.archive_file_items_rules() returns trigger
language plpgsql security invoker set search_path = ''
as $$
declare
  refusal text;
begin
  if private.archive_rules_apply() then
    if tg_op in ('UPDATE', 'DELETE') then
      refusal := private.archive_file_edit_refusal(old.file_id);
    end if;
    if refusal is null and tg_op in ('INSERT', 'UPDATE') then
      refusal := private.archive_file_edit_refusal(new.file_id);
    end if;
    if refusal is not null then
      raise exception '%', refusal using errcode = '42501', column = 'file_id', table = tg_table_name;
    end if;
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  -- 列入附件的资料不进展编码
  if new.is_attachment then
    new.item_no := null;
  elsif new.item_no is null then
    new.item_no := coalesce((select max(i.item_no) from public.archive_file_items i where i.file_id = new.file_id), 0) + 1;
  end if;
  return new;
end
$$;
create trigger archive_file_items_rules before insert or update or delete on public.archive_file_items
  for each row execute function private.archive_file_items_rules();

-- ── Certificates: the project's number and department; originals frozen; safe ────────────
create function private.archive_project_of(p_project uuid) returns table (archive_number text, department_id uuid)
language sql stable security definer set search_path = ''
as $$
  select p.archive_number, p.department_id from public.projects p where p.id = p_project
$$;
revoke all on function private.archive_project_of(uuid) from public;
grant execute on function private.archive_project_of(uuid) to authenticated, service_role;

create function private.certificates_rules() returns trigger
language plpgsql security invoker set search_path = ''
as $$
declare
  changed text;
begin
  if private.archive_rules_apply() and tg_op = 'UPDATE' then
    if old.status = '已销毁' then
      raise exception '该权证已销毁，不能修改 | This certificate is destroyed and cannot be changed'
        using errcode = 'PT409', table = tg_table_name;
    end if;
    select c into changed from unnest(array['project_id', 'file_id', 'name', 'certificate_no', 'holder', 'quantity', 'location_kind']) c
    where to_jsonb(new) -> c is distinct from to_jsonb(old) -> c limit 1;
    if changed is not null and old.received_at is not null then
      raise exception '权证原件一经接收不得修改 | A certificate, once received, is never edited'
        using errcode = '42501', column = changed, table = tg_table_name;
    end if;
  end if;
  if tg_op = 'INSERT' and current_user in ('anon', 'authenticated') then
    -- recorded by the keeper himself: received now, in his keeping
    new.received_at := now();
    new.keeper_id := private.my_operator_id();
  elsif tg_op = 'INSERT' then
    new.received_at := coalesce(new.received_at, now());
    new.keeper_id := coalesce(new.keeper_id, private.my_operator_id());
  end if;
  -- 权证编号应与工程的档案编号一致; filed under the project's department.
  select x.archive_number, x.department_id into new.number, new.department_id
  from private.archive_project_of(new.project_id) x;
  return new;
end
$$;
create trigger certificates_rules before insert or update on public.certificates
  for each row execute function private.certificates_rules();

-- ── Edit requests and destruction records: who, which department, which state ─────────────
create function private.archive_edit_requests_before_insert() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  f public.archive_files;
begin
  select * into f from public.archive_files a where a.id = new.file_id;
  -- (a seed or the console may write a decided request as it was; a person files a new one)
  if (select auth.uid()) is not null and not private.keeping_rows_as_given() then
    new.requested_by := coalesce(private.my_operator_id(), new.requested_by);
    new.status := '待审批';
    new.decided_by := null;
    new.decided_at := null;
    new.decision_note := null;
    new.closed_at := null;
    if f.copy_kind = '原件' then
      raise exception '原始档案（原件）不得修改，不能申请修改 | An original is never edited: no edit request for it'
        using errcode = '22023', column = 'file_id';
    end if;
    if f.status in ('已销毁', '已移交') then
      raise exception '该档案%，不能申请修改 | This file can no longer be changed', f.status using errcode = 'PT409', column = 'file_id';
    end if;
  end if;
  new.department_id := f.department_id;
  return new;
end
$$;
create trigger archive_edit_requests_before_insert before insert on public.archive_edit_requests
  for each row execute function private.archive_edit_requests_before_insert();

create function private.archive_destructions_before_insert() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_status text;
  v_department uuid;
begin
  if new.file_id is not null then
    select a.status, a.department_id into v_status, v_department from public.archive_files a where a.id = new.file_id;
  else
    select c.status, c.department_id into v_status, v_department from public.certificates c where c.id = new.certificate_id;
  end if;
  if (select auth.uid()) is not null and not private.keeping_rows_as_given() then
    new.requested_by := coalesce(private.my_operator_id(), new.requested_by);
    new.status := '待审批';
    new.approved_by := null;
    new.decided_at := null;
    new.decision_note := null;
    if v_status = '已销毁' then
      raise exception '已经销毁 | Already destroyed' using errcode = 'PT409', column = coalesce(case when new.file_id is not null then 'file_id' end, 'certificate_id');
    elsif v_status is distinct from '在库' then
      raise exception '只有在库的档案或权证可以申请销毁（当前：%） | Only what is in store can be destroyed', v_status
        using errcode = 'PT409', column = coalesce(case when new.file_id is not null then 'file_id' end, 'certificate_id');
    end if;
    if exists (select 1 from public.archive_destructions d where d.status = '待审批'
               and (d.file_id = new.file_id or d.certificate_id = new.certificate_id)) then
      raise exception '已有待审批的销毁申请 | A destruction request is already waiting for approval'
        using errcode = 'PT409', column = coalesce(case when new.file_id is not null then 'file_id' end, 'certificate_id');
    end if;
  end if;
  new.department_id := v_department;
  return new;
end
$$;
create trigger archive_destructions_before_insert before insert on public.archive_destructions
  for each row execute function private.archive_destructions_before_insert();
revoke all on function private.archive_files_rules(), private.archive_file_items_rules(), private.certificates_rules(),
  private.archive_edit_requests_before_insert(), private.archive_destructions_before_insert() from public;
grant execute on function private.archive_files_rules(), private.archive_file_items_rules(), private.certificates_rules() to authenticated, service_role;

-- Whether the caller may write a file's item list (the file rule above says when): the file's
-- updaters, or the holder of an approved edit request for it.
create function private.archive_file_writable(p_file uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select private.may('archive_files', 'update', null, a.department_id) from public.archive_files a where a.id = p_file), false)
      or private.my_open_edit_request(p_file) is not null
$$;
revoke all on function private.archive_file_writable(uuid) from public;
grant execute on function private.archive_file_writable(uuid) to authenticated, service_role;

-- ── Policies ─────────────────────────────────────────────────────────────────────────────
-- Files: the archive room reads all; a department reads its own catalogue; the deputy GM reads
-- the departments in his charge; the holder of an approved edit request writes that one file.
select private.create_register_policies('public.archive_files', department_column => 'department_id',
  read_also => $$(select private.scope_for('archive_files', 'read')) is not null
                 and department_id in (select private.departments_in_my_charge())$$,
  update_also => 'private.my_open_edit_request(id) is not null',
  actions => array['select', 'insert', 'update']);
-- Items follow their file.
create policy archive_file_items_select on public.archive_file_items
  for select to authenticated using (exists (select 1 from public.archive_files f where f.id = file_id));
create policy archive_file_items_insert on public.archive_file_items
  for insert to authenticated with check (private.archive_file_writable(file_id));
create policy archive_file_items_update on public.archive_file_items
  for update to authenticated using (exists (select 1 from public.archive_files f where f.id = file_id))
  with check (private.archive_file_writable(file_id));
create policy archive_file_items_delete on public.archive_file_items
  for delete to authenticated using (private.archive_file_writable(file_id));
-- Certificates are kept apart (视同现金治理): the archive room and the certificate keeper, the gm,
-- and the deputy GM for the departments in his charge.
select private.create_register_policies('public.certificates', department_column => 'department_id',
  read_also => $$(select private.scope_for('certificates', 'read')) is not null
                 and department_id in (select private.departments_in_my_charge())$$,
  actions => array['select', 'insert', 'update']);
select private.create_register_policies('public.archive_edit_requests', owner_column => 'requested_by',
  department_column => 'department_id',
  read_also => 'requested_by = (select private.my_operator_id())',
  insert_if => 'requested_by = (select private.my_operator_id()) and exists (select 1 from public.archive_files f where f.id = file_id)',
  actions => array['select', 'insert']);
select private.create_register_policies('public.archive_destructions', department_column => 'department_id',
  read_also => 'requested_by = (select private.my_operator_id())',
  insert_if => 'requested_by = (select private.my_operator_id())',
  actions => array['select', 'insert']);

select private.register_table('public.archive_edit_requests');
select private.register_table('public.archive_destructions');

-- ── System columns ───────────────────────────────────────────────────────────────────────
select private.declare_system_column('public.archive_files', c.name, c.why)
from (values
  ('number', '“档案号”由档案管理员接收时统一编号，不能指定或修改 | The number is given by the archivist on receipt and cannot be chosen or changed'),
  ('number_year', '“编号年度”随档案号 | The number year follows the number'),
  ('number_seq', '“编号序号”随档案号，永不重复使用 | The sequence follows the number and is never reused'),
  ('status', '“状态”只能通过流程（接收、借阅、归还、销毁）改变 | The status moves only through the workflow (receipt, loan, return, destruction)'),
  ('keeper_id', '“档案管理员”由接收记录为接收人 | The keeper is whoever received the file'),
  ('received_at', '“接收时间”由接收记录 | Received at is recorded by the receipt')
) as c(name, why);
select private.declare_system_column('public.certificates', c.name, c.why)
from (values
  ('number', '“权证档案号”与其工程的档案号一致，由系统填写 | A certificate takes its project''s file number'),
  ('department_id', '“所属部门”随工程项目 | The department follows the project'),
  ('status', '“状态”只能通过流程（接收、借阅、归还、销毁）改变 | The status moves only through the workflow (receipt, loan, return, destruction)'),
  ('keeper_id', '“权证管理员”由接收记录为接收人 | The keeper is whoever received the certificate'),
  ('received_at', '“接收时间”由接收记录 | Received at is recorded by the receipt')
) as c(name, why);
select private.declare_system_column('public.archive_edit_requests', c.name, c.why)
from (values
  ('requested_by', '“申请人”是提出申请的本人 | The requester is whoever files the request'),
  ('department_id', '“档案所属部门”随档案 | The department follows the file'),
  ('status', '“状态”只能通过审批、修改完成改变 | The status moves only by approval and closing'),
  ('decided_by', '“审批人”由审批记录 | Decided by is recorded by the decision'),
  ('decided_at', '“审批时间”由审批记录 | Decided at is recorded by the decision'),
  ('decision_note', '“审批意见”由审批记录 | The note is recorded by the decision'),
  ('closed_at', '“修改完成时间”由“修改完成”记录 | Closed at is recorded by the Close move')
) as c(name, why);
select private.declare_system_column('public.archive_destructions', c.name, c.why)
from (values
  ('requested_by', '“申请人”是提出申请的本人 | The requester is whoever files the request'),
  ('department_id', '“所属部门”随档案或权证 | The department follows the file or certificate'),
  ('status', '“状态”只能通过总经理审批改变 | The status moves only by the general manager''s decision'),
  ('approved_by', '“审批人”由审批记录 | Decided by is recorded by the decision'),
  ('decided_at', '“审批时间”由审批记录 | Decided at is recorded by the decision'),
  ('decision_note', '“审批意见”由审批记录 | The note is recorded by the decision')
) as c(name, why);

-- ── Moves ────────────────────────────────────────────────────────────────────────────────
-- 编号上架: a file received outside a handover (客户资料 from 客服部 …) is numbered and shelved
-- by the archivist; its location is required.
create function public.shelve_archive_file(file_id uuid, room text, cabinet text, shelf text default null)
returns public.archive_files
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  f public.archive_files;
begin
  select * into f from public.archive_files a where a.id = file_id for update;
  if f.id is null or not (private.may('archive_files', 'read', null, f.department_id)
                          or f.department_id in (select private.departments_in_my_charge())) then
    raise exception '档案不存在或无权查看 | No such file, or not visible to you' using errcode = 'PT404', hint = 'file_id';
  end if;
  if not private.may('archive_files', 'update', null, f.department_id) then
    raise exception '无权编号上架：需要档案管理员 | Not allowed: the archivist numbers and shelves files' using errcode = '42501';
  end if;
  if f.number is not null then
    raise exception '该档案已编号（%） | This file is already numbered (%)', f.number, f.number using errcode = 'PT409';
  end if;
  if f.status <> '在库' then
    raise exception '该档案%，不能编号上架 | This file cannot be shelved now', f.status using errcode = 'PT409';
  end if;
  if char_length(btrim(coalesce(room, ''))) = 0 then
    raise exception '请填写档案室 | The room is required' using errcode = '23502', hint = 'room';
  end if;
  if char_length(btrim(coalesce(cabinet, ''))) = 0 then
    raise exception '请填写柜号 | The cabinet is required' using errcode = '23502', hint = 'cabinet';
  end if;
  update public.archive_files a set room = btrim(shelve_archive_file.room), cabinet = btrim(shelve_archive_file.cabinet),
    shelf = nullif(btrim(coalesce(shelve_archive_file.shelf, '')), '')
  where a.id = f.id;
  perform private.number_archive_file(f.id);
  select * into f from public.archive_files a where a.id = f.id;
  return f;
end
$$;
comment on function public.shelve_archive_file(uuid, text, text, text) is '编号上架 | Number and shelve';

-- 申请销毁: with a reason, for the general manager to approve.
create function public.request_archive_destruction(file_id uuid default null, certificate_id uuid default null, reason text default null)
returns public.archive_destructions
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  v_department uuid;
  found_it boolean;
  d public.archive_destructions;
begin
  if num_nonnulls(file_id, certificate_id) <> 1 then
    raise exception '请选择一份档案或一份权证 | Choose one file or one certificate' using errcode = '22023', hint = 'file_id';
  end if;
  if file_id is not null then
    select true, a.department_id into found_it, v_department from public.archive_files a where a.id = file_id;
  else
    select true, c.department_id into found_it, v_department from public.certificates c where c.id = certificate_id;
  end if;
  if found_it is null or not (private.may(case when file_id is not null then 'archive_files' else 'certificates' end, 'read', null, v_department)
                             or v_department in (select private.departments_in_my_charge())) then
    raise exception '档案或权证不存在或无权查看 | No such file or certificate, or not visible to you'
      using errcode = 'PT404', hint = case when file_id is not null then 'file_id' else 'certificate_id' end;
  end if;
  if not private.may('archive_destructions', 'create', null, v_department) then
    raise exception '无权申请销毁：需要档案管理员 | Not allowed: the archivist requests a destruction' using errcode = '42501';
  end if;
  if char_length(btrim(coalesce(reason, ''))) < 2 then
    raise exception '请写明销毁原因 | A destruction needs a reason' using errcode = '23502', hint = 'reason';
  end if;
  insert into public.archive_destructions (file_id, certificate_id, reason)
  values (file_id, certificate_id, btrim(reason))
  returning * into d;
  return d;
end
$$;
comment on function public.request_archive_destruction(uuid, uuid, text) is '申请销毁 | Request destruction';

-- 批准销毁 / 驳回: the general manager decides; an approval marks the file or certificate 已销毁.
create function public.decide_archive_destruction(destruction_id uuid, approve boolean, note text default null)
returns public.archive_destructions
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  d public.archive_destructions;
  v_status text;
begin
  select * into d from public.archive_destructions x where x.id = destruction_id for update;
  if d.id is null or not (private.may('archive_destructions', 'read', d.requested_by, d.department_id)
                          or d.requested_by = private.my_operator_id()) then
    raise exception '销毁记录不存在或无权查看 | No such destruction record, or not visible to you' using errcode = 'PT404', hint = 'destruction_id';
  end if;
  if not private.may('archive_destructions', 'approve', null, d.department_id) then
    raise exception '无权审批销毁：须经总经理批准 | Not allowed: only the general manager approves a destruction' using errcode = '42501';
  end if;
  if d.requested_by = private.my_operator_id() then
    raise exception '不能审批自己的申请 | You cannot decide your own request' using errcode = '42501';
  end if;
  if d.status <> '待审批' then
    raise exception '该申请已处理（%），不能重复审批 | This request is already decided', d.status using errcode = 'PT409';
  end if;
  if approve then
    if d.file_id is not null then
      select a.status into v_status from public.archive_files a where a.id = d.file_id for update;
    else
      select c.status into v_status from public.certificates c where c.id = d.certificate_id for update;
    end if;
    if v_status is distinct from '在库' then
      raise exception '只有在库的档案或权证可以销毁（当前：%） | Only what is in store can be destroyed', v_status using errcode = 'PT409';
    end if;
    if d.file_id is not null then
      update public.archive_files a set status = '已销毁' where a.id = d.file_id;
    else
      update public.certificates c set status = '已销毁' where c.id = d.certificate_id;
    end if;
  end if;
  update public.archive_destructions x
  set status = case when approve then '已批准' else '已驳回' end, approved_by = private.my_operator_id(),
      decided_at = now(), decision_note = nullif(btrim(coalesce(note, '')), '')
  where x.id = d.id returning * into d;
  perform private.notify(d.requested_by, '审批结果',
    case when approve then '销毁申请已批准 | Destruction approved' else '销毁申请已驳回 | Destruction declined' end,
    d.reason, 'archive_destructions', d.id::text, null, format('destruction-decided:%s', d.id));
  return d;
end
$$;
comment on function public.decide_archive_destruction(uuid, boolean, text) is '审批销毁 | Decide a destruction';

-- 批准修改 / 驳回: the manager of the file's department decides a working-copy edit request.
create function public.decide_archive_edit_request(request_id uuid, approve boolean, note text default null)
returns public.archive_edit_requests
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  r public.archive_edit_requests;
begin
  select * into r from public.archive_edit_requests x where x.id = request_id for update;
  if r.id is null or not (private.may('archive_edit_requests', 'read', r.requested_by, r.department_id)) then
    raise exception '修改申请不存在或无权查看 | No such edit request, or not visible to you' using errcode = 'PT404', hint = 'request_id';
  end if;
  if not private.may('archive_edit_requests', 'approve', null, r.department_id) then
    raise exception '无权审批：工作档案的修改须经该档案所属部门的经理同意 | Not allowed: the manager of the file''s department approves' using errcode = '42501';
  end if;
  if r.requested_by = private.my_operator_id() then
    raise exception '不能审批自己的申请 | You cannot decide your own request' using errcode = '42501';
  end if;
  if r.status <> '待审批' then
    raise exception '该申请已处理（%），不能重复审批 | This request is already decided', r.status using errcode = 'PT409';
  end if;
  update public.archive_edit_requests x
  set status = case when approve then '已批准' else '已驳回' end, decided_by = private.my_operator_id(),
      decided_at = now(), decision_note = nullif(btrim(coalesce(note, '')), '')
  where x.id = r.id returning * into r;
  perform private.notify(r.requested_by, '审批结果',
    case when approve then '档案修改申请已批准 | Edit request approved' else '档案修改申请已驳回 | Edit request declined' end,
    r.reason, 'archive_edit_requests', r.id::text, null, format('edit-request-decided:%s', r.id));
  return r;
end
$$;
comment on function public.decide_archive_edit_request(uuid, boolean, text) is '审批档案修改申请 | Decide an edit request';

-- 修改完成: the requester (or the approving manager) closes an approved request; edits stop.
create function public.close_archive_edit_request(request_id uuid)
returns public.archive_edit_requests
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  r public.archive_edit_requests;
begin
  select * into r from public.archive_edit_requests x where x.id = request_id for update;
  if r.id is null or not (private.may('archive_edit_requests', 'read', r.requested_by, r.department_id)) then
    raise exception '修改申请不存在或无权查看 | No such edit request, or not visible to you' using errcode = 'PT404', hint = 'request_id';
  end if;
  if not (r.requested_by = private.my_operator_id() or private.may('archive_edit_requests', 'approve', null, r.department_id)) then
    raise exception '只有申请人或审批经理可以结束修改 | Only the requester or the approving manager closes it' using errcode = '42501';
  end if;
  if r.status <> '已批准' then
    raise exception '只有已批准的申请可以结束（当前：%） | Only an approved request can be closed', r.status using errcode = 'PT409';
  end if;
  update public.archive_edit_requests x set status = '已用', closed_at = now() where x.id = r.id returning * into r;
  return r;
end
$$;
comment on function public.close_archive_edit_request(uuid) is '修改完成 | Close an edit request';

revoke all on function public.shelve_archive_file(uuid, text, text, text), public.request_archive_destruction(uuid, uuid, text),
  public.decide_archive_destruction(uuid, boolean, text), public.decide_archive_edit_request(uuid, boolean, text),
  public.close_archive_edit_request(uuid) from public, anon;
grant execute on function public.shelve_archive_file(uuid, text, text, text), public.request_archive_destruction(uuid, uuid, text),
  public.decide_archive_destruction(uuid, boolean, text), public.decide_archive_edit_request(uuid, boolean, text),
  public.close_archive_edit_request(uuid) to authenticated;

-- ── Permissions (data) ───────────────────────────────────────────────────────────────────
insert into public.permissions (role, register, action, scope, note) values
  ('archivist', 'archive_files', 'read', 'all', '档案台帐'),
  ('archivist', 'archive_files', 'create', 'all', '登记移交以外收到的档案（如客服部的客户资料）'),
  ('archivist', 'archive_files', 'update', 'all', '编号上架、调整存放位置；原件内容不可修改，工作件须经批准'),
  ('gm', 'archive_files', 'read', 'all', null),
  ('deputy_gm', 'archive_files', 'read', 'department', '另可查看其主管部门的档案'),
  ('manager', 'archive_files', 'read', 'department', '本部门档案目录'),
  ('clerk', 'archive_files', 'read', 'department', '本部门档案目录（借阅须填出借单）'),
  ('archivist', 'certificates', 'read', 'all', '权证档案台帐'),
  ('archivist', 'certificates', 'create', 'all', null),
  ('archivist', 'certificates', 'update', 'all', '保险柜编号；权证内容不可修改'),
  ('gm', 'certificates', 'read', 'all', null),
  ('deputy_gm', 'certificates', 'read', 'department', '另可查看其主管部门的权证'),
  ('archivist', 'archive_edit_requests', 'read', 'all', null),
  ('archivist', 'archive_edit_requests', 'create', 'own', null),
  ('manager', 'archive_edit_requests', 'read', 'department', '审批本部门工作档案的修改'),
  ('manager', 'archive_edit_requests', 'create', 'own', null),
  ('manager', 'archive_edit_requests', 'approve', 'department', '工作档案需经部门经理同意方可修改'),
  ('clerk', 'archive_edit_requests', 'create', 'own', '申请修改本部门工作档案'),
  ('clerk', 'archive_edit_requests', 'read', 'own', '本人的修改申请'),
  ('gm', 'archive_edit_requests', 'read', 'all', null),
  ('archivist', 'archive_destructions', 'read', 'all', null),
  ('archivist', 'archive_destructions', 'create', 'all', '申请销毁须写明原因'),
  ('gm', 'archive_destructions', 'read', 'all', null),
  ('gm', 'archive_destructions', 'approve', 'all', '档案、权证的销毁须经总经理批准');
-- The certificate keeper (a duty: 权证管理员) reads and keeps the certificates.
insert into public.permissions (duty, register, action, scope, note) values
  ('权证管理员', 'certificates', 'read', 'all', '重要权证视同现金管理，由指定的权证管理员保管'),
  ('权证管理员', 'certificates', 'update', 'all', '保险柜编号'),
  ('权证管理员', 'archive_destructions', 'read', 'all', null),
  ('档案员', 'archive_files', 'read', 'department', '部门档案员收集本部门的归档文件');

-- ── Screens ──────────────────────────────────────────────────────────────────────────────
select private.declare_register('public.archive_edit_requests', menu_group => 'archive', menu_order => 60,
  title_columns => array['reason']);
select private.declare_column('public.archive_edit_requests', 'reason', kind => 'longtext');
select private.declare_register('public.archive_destructions', menu_group => 'archive', menu_order => 70,
  print_title => '档案销毁审批单 | Destruction approval form', title_columns => array['reason'],
  print_signatures => array['申请人 | Requested by', '总经理 | General manager']);
select private.declare_column('public.archive_destructions', 'reason', kind => 'longtext');
select private.declare_column('public.archive_files', 'notes', kind => 'longtext');
-- The year and the sequence of a number name the file; they are not quantities to add up.
select private.declare_column('public.archive_files', 'number_year', kind => 'code_number');
select private.declare_column('public.archive_files', 'number_seq', kind => 'code_number');
select private.declare_column('public.certificates', 'notes', kind => 'longtext');
select private.label_options('{"待审批": "Awaiting approval", "已批准": "Approved", "已驳回": "Declined", "已用": "Used"}');

select private.declare_move('public.archive_files', 'shelve', '编号上架 | Number and shelve', 'shelve_archive_file', 'file_id',
  fields => '[{"name": "room", "label": "档案室 | Room", "column": "room", "required": true},
              {"name": "cabinet", "label": "柜号 | Cabinet", "column": "cabinet", "required": true},
              {"name": "shelf", "label": "架位 | Shelf", "column": "shelf"}]',
  condition => $$number is null and status = '在库' and private.may('archive_files', 'update', null, department_id)$$);
select private.declare_move('public.archive_files', 'request_destruction', '申请销毁 | Request destruction', 'request_archive_destruction', 'file_id',
  fields => '[{"name": "reason", "label": "销毁原因 | Reason", "required": true}]',
  condition => $$status = '在库' and private.may('archive_destructions', 'create', null, department_id)$$,
  danger => true, confirm => '销毁须经总经理批准。确定申请销毁这份档案？ | Destruction needs the general manager''s approval. Request it?');
select private.declare_move('public.certificates', 'request_destruction', '申请销毁 | Request destruction', 'request_archive_destruction', 'certificate_id',
  fields => '[{"name": "reason", "label": "销毁原因 | Reason", "required": true}]',
  condition => $$status = '在库' and private.may('archive_destructions', 'create', null, department_id)$$,
  danger => true, confirm => '销毁须经总经理批准。确定申请销毁这份权证？ | Destruction needs the general manager''s approval. Request it?');
select private.declare_move('public.archive_destructions', 'approve', '批准销毁 | Approve destruction', 'decide_archive_destruction', 'destruction_id',
  fields => '[{"name": "note", "label": "审批意见 | Note"}]', fixed_args => '{"approve": true}',
  state_column => 'status', from_states => array['待审批'], to_state => '已批准',
  condition => $$private.may('archive_destructions', 'approve', null, department_id) and requested_by is distinct from private.my_operator_id()$$,
  danger => true, confirm => '批准后该档案或权证即标记为已销毁，不可恢复。确定批准？ | Once approved it is marked destroyed for good. Approve?');
select private.declare_move('public.archive_destructions', 'decline', '驳回 | Decline', 'decide_archive_destruction', 'destruction_id',
  fields => '[{"name": "note", "label": "审批意见 | Note"}]', fixed_args => '{"approve": false}',
  state_column => 'status', from_states => array['待审批'], to_state => '已驳回',
  condition => $$private.may('archive_destructions', 'approve', null, department_id) and requested_by is distinct from private.my_operator_id()$$);
select private.declare_move('public.archive_edit_requests', 'approve', '批准修改 | Approve', 'decide_archive_edit_request', 'request_id',
  fields => '[{"name": "note", "label": "审批意见 | Note"}]', fixed_args => '{"approve": true}',
  state_column => 'status', from_states => array['待审批'], to_state => '已批准',
  condition => $$private.may('archive_edit_requests', 'approve', null, department_id) and requested_by is distinct from private.my_operator_id()$$);
select private.declare_move('public.archive_edit_requests', 'decline', '驳回 | Decline', 'decide_archive_edit_request', 'request_id',
  fields => '[{"name": "note", "label": "审批意见 | Note"}]', fixed_args => '{"approve": false}',
  state_column => 'status', from_states => array['待审批'], to_state => '已驳回',
  condition => $$private.may('archive_edit_requests', 'approve', null, department_id) and requested_by is distinct from private.my_operator_id()$$);
select private.declare_move('public.archive_edit_requests', 'close', '修改完成 | Close', 'close_archive_edit_request', 'request_id',
  state_column => 'status', from_states => array['已批准'], to_state => '已用',
  condition => $$requested_by = private.my_operator_id() or private.may('archive_edit_requests', 'approve', null, department_id)$$);
