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
  handed_at timestamptz,
  archivist_id uuid references public.operators (id),
  received_at timestamptz,
  file_id uuid references public.archive_files (id),
  missing_items text,
  postponed_reason text,
  postponed_by uuid references public.operators (id),
  notes text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint archive_handovers_kind_check check (kind in ('档案', '权证')),
  constraint archive_handovers_status_check check (status in ('A角整理', '待B角审核', '待档案室接收', '退回补充', '已归档')),
  constraint archive_handovers_a_due_on_range check (a_due_on >= date '2000-01-01' and a_due_on < date '2101-01-01'),
  constraint archive_handovers_b_due_on_range check (b_due_on >= date '2000-01-01' and b_due_on < date '2101-01-01'),
  constraint archive_handovers_missing_items_length check (char_length(missing_items) <= 4000),
  constraint archive_handovers_postponed_reason_length check (char_length(postponed_reason) <= 1000),
  constraint archive_handovers_notes_length check (char_length(notes) <= 2000),
  constraint archive_handovers_a_signed_at_range check (a_signed_at >= timestamptz '2000-01-01 00:00+08' and a_signed_at < timestamptz '2101-01-01 00:00+08'),
  constraint archive_handovers_b_signed_at_range check (b_signed_at >= timestamptz '2000-01-01 00:00+08' and b_signed_at < timestamptz '2101-01-01 00:00+08'),
  constraint archive_handovers_handed_at_range check (handed_at >= timestamptz '2000-01-01 00:00+08' and handed_at < timestamptz '2101-01-01 00:00+08'),
  constraint archive_handovers_received_at_range check (received_at >= timestamptz '2000-01-01 00:00+08' and received_at < timestamptz '2101-01-01 00:00+08')
);
comment on constraint archive_handovers_a_signed_at_range on public.archive_handovers is 'A角移交时间须在 2000–2100 年之间 | A handed over at: a date in the years 2000–2100';
comment on constraint archive_handovers_b_signed_at_range on public.archive_handovers is 'B角签收时间须在 2000–2100 年之间 | B signed at: a date in the years 2000–2100';
comment on constraint archive_handovers_handed_at_range on public.archive_handovers is '移交档案室时间须在 2000–2100 年之间 | Handed to the archive at: a date in the years 2000–2100';
comment on constraint archive_handovers_received_at_range on public.archive_handovers is '接收时间须在 2000–2100 年之间 | Received at: a date in the years 2000–2100';
comment on constraint archive_handovers_a_due_on_range on public.archive_handovers is 'A角期限须在 2000–2100 年之间 | A due on: a date in the years 2000–2100';
comment on constraint archive_handovers_b_due_on_range on public.archive_handovers is 'B角期限须在 2000–2100 年之间 | B due on: a date in the years 2000–2100';
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
comment on column public.archive_handovers.handed_at is 'B角移交档案室时间 | Handed to the archive at';
comment on column public.archive_handovers.archivist_id is '接收档案员 | Received by';
comment on column public.archive_handovers.received_at is '档案室接收时间 | Received at';
comment on column public.archive_handovers.file_id is '归档档案 | Archive file';
comment on column public.archive_handovers.missing_items is '补充资料清单 | Missing items';
comment on column public.archive_handovers.postponed_reason is '延期原因 | Postponement reason';
comment on column public.archive_handovers.postponed_by is '延期批准人 | Postponement approved by';
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
  print_title => '档案移交单 | Archive handover sheet', title_columns => array['project_id', 'kind']);
select private.declare_register('public.archive_handover_items',
  title_columns => array['title'], in_menu => false);
select private.label_options('{
  "档案": "File", "权证": "Certificates", "A角整理": "With manager A", "待B角审核": "With manager B",
  "待档案室接收": "Awaiting the archive room", "退回补充": "Returned for missing items", "已归档": "Filed"
}');
