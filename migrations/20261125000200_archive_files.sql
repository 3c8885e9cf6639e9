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
