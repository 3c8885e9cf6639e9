-- Archive loans 档案借阅 (000 六、档案的借阅; 002 外单位查借; 003 客户档案查阅): a loan slip
-- (档案资料出借单) names the files, the borrower, the purpose and the due date; staff need the
-- approval of the gm or the deputy gm in charge (客户资料: the department manager, read in the
-- office only); executives borrow directly; the archivist hands out, takes back, checks each item
-- and puts the file back (复位).

create table public.archive_loans (
  id uuid primary key default gen_random_uuid(),
  slip_no text,
  borrower_id uuid not null default private.my_operator_id() references public.operators (id),
  department_id uuid references public.departments (id),
  outside_unit text,
  introduction_letter text,
  purpose text not null,
  due_on date not null,
  read_in_office boolean not null default false,
  status text not null default '待审批',
  approver_id uuid references public.operators (id),
  approved_at timestamptz,
  decision_note text,
  lent_by uuid references public.operators (id),
  lent_at timestamptz,
  returned_at timestamptz,
  checked_by uuid references public.operators (id),
  return_note text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint archive_loans_slip_no_key unique (slip_no),
  constraint archive_loans_slip_no_length check (char_length(slip_no) <= 40),
  constraint archive_loans_outside_unit_length check (char_length(outside_unit) <= 200),
  constraint archive_loans_introduction_letter_length check (char_length(introduction_letter) <= 200),
  constraint archive_loans_purpose_length check (char_length(btrim(purpose)) between 2 and 1000),
  constraint archive_loans_due_on_range check (due_on >= date '2000-01-01' and due_on < date '2101-01-01'),
  constraint archive_loans_status_check check (status in ('待审批', '已批准', '已驳回', '已借出', '已归还', '已撤回')),
  constraint archive_loans_decision_note_length check (char_length(decision_note) <= 1000),
  constraint archive_loans_return_note_length check (char_length(return_note) <= 2000),
  constraint archive_loans_approved_at_range check (approved_at >= timestamptz '2000-01-01 00:00+08' and approved_at < timestamptz '2101-01-01 00:00+08'),
  constraint archive_loans_lent_at_range check (lent_at >= timestamptz '2000-01-01 00:00+08' and lent_at < timestamptz '2101-01-01 00:00+08'),
  constraint archive_loans_returned_at_range check (returned_at >= timestamptz '2000-01-01 00:00+08' and returned_at < timestamptz '2101-01-01 00:00+08')
);
comment on constraint archive_loans_approved_at_range on public.archive_loans is '批准时间须在 2000–2100 年之间 | Approved at: a date in the years 2000–2100';
comment on constraint archive_loans_lent_at_range on public.archive_loans is '出借时间须在 2000–2100 年之间 | Lent at: a date in the years 2000–2100';
comment on constraint archive_loans_returned_at_range on public.archive_loans is '归还时间须在 2000–2100 年之间 | Returned at: a date in the years 2000–2100';
comment on constraint archive_loans_slip_no_length on public.archive_loans is '出借单号最多 40 字 | Slip no.: at most 40 characters';
comment on constraint archive_loans_outside_unit_length on public.archive_loans is '外单位名称最多 200 字 | Outside unit: at most 200 characters';
comment on constraint archive_loans_introduction_letter_length on public.archive_loans is '介绍信最多 200 字 | Letter of introduction: at most 200 characters';
comment on constraint archive_loans_purpose_length on public.archive_loans is '借阅用途 2–1000 字 | Purpose: 2–1000 characters';
comment on constraint archive_loans_due_on_range on public.archive_loans is '归还期限须在 2000–2100 年之间 | Due on: a date in the years 2000–2100';
comment on constraint archive_loans_decision_note_length on public.archive_loans is '审批意见最多 1000 字 | Decision note: at most 1000 characters';
comment on constraint archive_loans_return_note_length on public.archive_loans is '归还核对说明最多 2000 字 | Return note: at most 2000 characters';
comment on table public.archive_loans is '档案借阅 | Archive loans';
comment on column public.archive_loans.slip_no is '出借单号 | Slip no.';
comment on column public.archive_loans.borrower_id is '借阅人 | Borrower';
comment on column public.archive_loans.department_id is '借阅部门 | Department';
comment on column public.archive_loans.outside_unit is '外单位 | Outside unit';
comment on column public.archive_loans.introduction_letter is '介绍信 | Letter of introduction';
comment on column public.archive_loans.purpose is '借阅用途 | Purpose';
comment on column public.archive_loans.due_on is '归还期限 | Due on';
comment on column public.archive_loans.read_in_office is '仅限办公室阅览 | Read in the office only';
comment on column public.archive_loans.status is '状态 | Status';
comment on column public.archive_loans.approver_id is '批准人 | Approved by';
comment on column public.archive_loans.approved_at is '批准时间 | Approved at';
comment on column public.archive_loans.decision_note is '审批意见 | Decision note';
comment on column public.archive_loans.lent_by is '出借经办 | Lent by';
comment on column public.archive_loans.lent_at is '出借时间 | Lent at';
comment on column public.archive_loans.returned_at is '归还时间 | Returned at';
comment on column public.archive_loans.checked_by is '核对人 | Checked by';
comment on column public.archive_loans.return_note is '归还核对说明 | Return note';
comment on column public.archive_loans.version is '版本 | Version';
comment on column public.archive_loans.created_at is '创建时间 | Created at';
comment on column public.archive_loans.updated_at is '修改时间 | Updated at';

create index archive_loans_borrower_id_idx on public.archive_loans (borrower_id);
create index archive_loans_department_id_idx on public.archive_loans (department_id);
create index archive_loans_approver_id_idx on public.archive_loans (approver_id);
create index archive_loans_lent_by_idx on public.archive_loans (lent_by);
create index archive_loans_checked_by_idx on public.archive_loans (checked_by);

-- The files (or certificates) on one slip, each checked back item by item.
create table public.archive_loan_files (
  id uuid primary key default gen_random_uuid(),
  loan_id uuid not null references public.archive_loans (id) on delete cascade,
  file_id uuid references public.archive_files (id),
  certificate_id uuid references public.certificates (id),
  returned_complete boolean,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint archive_loan_files_one_thing check (num_nonnulls(file_id, certificate_id) = 1)
);
comment on constraint archive_loan_files_one_thing on public.archive_loan_files is '每行借一份档案或一份权证 | Each line lends one file or one certificate';
comment on table public.archive_loan_files is '借阅档案明细 | Files on loan slips';
comment on column public.archive_loan_files.loan_id is '出借单 | Loan slip';
comment on column public.archive_loan_files.file_id is '档案 | File';
comment on column public.archive_loan_files.certificate_id is '权证 | Certificate';
comment on column public.archive_loan_files.returned_complete is '归还完整 | Returned complete';
comment on column public.archive_loan_files.version is '版本 | Version';
comment on column public.archive_loan_files.created_at is '创建时间 | Created at';
comment on column public.archive_loan_files.updated_at is '修改时间 | Updated at';

create index archive_loan_files_loan_id_idx on public.archive_loan_files (loan_id);
create index archive_loan_files_file_id_idx on public.archive_loan_files (file_id);
create index archive_loan_files_certificate_id_idx on public.archive_loan_files (certificate_id);

alter table public.archive_loans enable row level security;
alter table public.archive_loan_files enable row level security;
revoke all on public.archive_loans, public.archive_loan_files from anon;
grant select, insert, update, delete on public.archive_loans, public.archive_loan_files to authenticated;

select private.register_table('public.archive_loans');
select private.register_table('public.archive_loan_files');
select private.declare_register('public.archive_loans', menu_group => 'archive', menu_order => 40,
  print_title => '档案资料出借单 | Archive loan slip', title_columns => array['slip_no', 'purpose']);
select private.declare_register('public.archive_loan_files',
  title_columns => array['loan_id'], in_menu => false);
select private.label_options('{
  "待审批": "Awaiting approval", "已批准": "Approved", "已驳回": "Rejected", "已借出": "On loan", "已归还": "Returned", "已撤回": "Withdrawn"
}');
