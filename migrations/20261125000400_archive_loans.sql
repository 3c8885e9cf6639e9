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
select private.declare_register('public.archive_loan_files',
  title_columns => array['loan_id'], in_menu => false);
select private.label_options('{
  "待审批": "Awaiting approval", "已批准": "Approved", "已驳回": "Rejected", "已借出": "On loan", "已归还": "Returned", "已撤回": "Withdrawn"
}');

-- ══ Rules (issue 14 point 4; RULES §10) ══════════════════════════════════════════════════
-- The slip (出借单) is written by the borrower; its number, borrower, department, state and every
-- signature (approver, lender, checker) are the database's. Lines (archive_loan_files) name what
-- is lent. Who approves depends on what is lent (private.archive_loan_approvable_by):
--   project files and certificates → the gm, or the deputy gm in charge of the file's department
--     (departments.deputy_gm_id) (000: 经公司董事长、总经理或主管副总经理批准);
--   an original (原件) of 重要合同单据 → the gm only;
--   customer files (客户资料) → besides those, the manager of the file's department, and the slip
--     is read in the office only (003: 經客務部經理批準後在客務部辦公室閱覽);
--   an outside unit (外单位) → a letter of introduction recorded, and the gm or deputy gm in charge
--     (002: 经本单位分管档案领导批准); a department manager's approval is not enough.
-- The gm and the deputy gm borrow directly (000: 可以直接通过档案管理员办理借阅手续): their slip
-- is approved on creation, by themselves, recorded as such — except that a line with an original
-- of 重要合同单据 on a deputy's slip sends it back to 待审批 for the gm.
-- A file (or certificate) is lent only from the store (在库, numbered), is on at most one approved
-- or lent slip, and approval and hand-out lock its row, so two slips never get it at once.
-- Return: the archivist checks each line (归还完整); the slip closes (已归还) and the files go back
-- to the store (复位) only when every line is checked complete. A line found incomplete keeps the
-- slip 已借出 (the overdue chase goes on) with the archivist's note, and the borrower and the gm are
-- told: 将所借资料完整归还 … 核对资料完整无误后将档案复位.

alter table public.archive_loans
  add constraint archive_loans_outside_unit_not_blank check (outside_unit is null or char_length(btrim(outside_unit)) >= 2),
  add constraint archive_loans_outside_needs_letter check (
    outside_unit is null or char_length(btrim(coalesce(introduction_letter, ''))) >= 2);
comment on constraint archive_loans_outside_unit_not_blank on public.archive_loans is '外单位名称至少 2 个字 | Outside unit: at least 2 characters';
comment on constraint archive_loans_outside_needs_letter on public.archive_loans is '外单位查借档案须登记单位介绍信 | An outside unit needs its letter of introduction recorded';

-- What the archivist found missing on checking a line back (归还核对).
alter table public.archive_loan_files add column missing_note text;
comment on column public.archive_loan_files.missing_note is '缺少的资料 | What is missing';
alter table public.archive_loan_files
  add constraint archive_loan_files_missing_note_length check (char_length(missing_note) <= 500),
  add constraint archive_loan_files_loan_file_key unique (loan_id, file_id),
  add constraint archive_loan_files_loan_certificate_key unique (loan_id, certificate_id);
comment on constraint archive_loan_files_missing_note_length on public.archive_loan_files is '缺少的资料最多 500 字 | What is missing: at most 500 characters';
comment on constraint archive_loan_files_loan_file_key on public.archive_loan_files is '同一份档案在一张出借单上只能出现一次 | A file appears once on a slip';
comment on constraint archive_loan_files_loan_certificate_key on public.archive_loan_files is '同一份权证在一张出借单上只能出现一次 | A certificate appears once on a slip';
create index archive_loans_overdue_idx on public.archive_loans (due_on) where status = '已借出';

create sequence private.archive_loan_slip_seq;

-- What a line lends: its department (a certificate's is its project's), category and copy kind.
create function private.archive_loan_line_facts(p_file uuid, p_certificate uuid,
  out department_id uuid, out category text, out copy_kind text, out status text, out received_at timestamptz, out title text)
language sql stable security definer set search_path = ''
as $$
  select f.department_id, f.category, f.copy_kind, f.status, f.received_at, coalesce(f.number || ' ', '') || f.title
  from public.archive_files f where f.id = p_file
  union all
  select p.department_id, '权证', '原件', c.status, c.received_at, c.name || ' ' || c.certificate_no
  from public.certificates c join public.projects p on p.id = c.project_id where c.id = p_certificate
$$;

-- Whether p_who may approve every line of the slip (and the slip has lines, and is not his own).
create function private.archive_loan_approvable_by(p_loan uuid, p_who uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((
    select o.active and o.id <> l.borrower_id
       and exists (select 1 from public.archive_loan_files lf where lf.loan_id = l.id)
       and not exists (
         select 1
         from public.archive_loan_files lf
         cross join lateral private.archive_loan_line_facts(lf.file_id, lf.certificate_id) x
         where lf.loan_id = l.id
           and not (
             o.role = 'gm'
             or (o.role = 'deputy_gm'
                 and exists (select 1 from public.departments d where d.id = x.department_id and d.deputy_gm_id = o.id)
                 and not (x.category = '重要合同单据' and x.copy_kind = '原件'))
             or (x.category = '客户资料' and l.outside_unit is null and o.role = 'manager'
                 and o.id in (select private.manager_ids(x.department_id))))
       )
    from public.archive_loans l join public.operators o on o.id = p_who
    where l.id = p_loan), false)
$$;

-- The caller may approve or reject this slip now (the move's condition, the RPC's check, and what
-- lets an approver read a slip that awaits him).
create function private.may_approve_archive_loan(p_loan uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select l.status = '待审批' from public.archive_loans l where l.id = p_loan), false)
     and private.scope_for('archive_loans', 'approve') is not null
     and coalesce(private.archive_loan_approvable_by(p_loan, private.my_operator_id()), false)
$$;

-- The caller hands out and takes back (the archive room).
create function private.may_lend_archives() returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(private.scope_for('archive_lending', 'approve') = 'all', false)
$$;

-- Whether the slip's lines may still change: pending, or approved directly by its executive borrower.
create function private.archive_loan_open(p_status text, p_borrower uuid, p_approver uuid) returns boolean
language sql immutable set search_path = ''
as $$
  select p_status = '待审批' or (p_status = '已批准' and p_approver = p_borrower)
$$;

-- The thing a line names is available: received into the store (在库), not on another approved
-- or lent slip. Locks its row first (approval and hand-out call this too), so two slips cannot
-- both pass.
create function private.archive_loan_check_available(p_loan uuid, p_file uuid, p_certificate uuid) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  facts record;
  other text;
begin
  if p_file is not null then
    perform 1 from public.archive_files f where f.id = p_file for update;
  else
    perform 1 from public.certificates c where c.id = p_certificate for update;
  end if;
  select * into facts from private.archive_loan_line_facts(p_file, p_certificate);
  if facts.department_id is null and facts.title is null then
    raise exception '档案不存在 | No such file' using errcode = '23503', column = case when p_file is null then 'certificate_id' else 'file_id' end;
  end if;
  if facts.status = '借出' then
    raise exception '“%”已借出，归还前不能再借 | % is on loan and cannot be lent again until it is returned', facts.title, facts.title
      using errcode = 'PT409', column = case when p_file is null then 'certificate_id' else 'file_id' end;
  elsif facts.status in ('已销毁', '已退还', '已移交') then
    raise exception '“%”状态为“%”，不能借阅 | % is %, it cannot be lent', facts.title, facts.status, facts.title, facts.status
      using errcode = 'PT409', column = case when p_file is null then 'certificate_id' else 'file_id' end;
  elsif facts.status is distinct from '在库' or facts.received_at is null then
    raise exception '“%”尚未入库编号，不能借阅 | % is not yet numbered in the archive room, it cannot be lent', facts.title, facts.title
      using errcode = 'PT409', column = case when p_file is null then 'certificate_id' else 'file_id' end;
  end if;
  select l.slip_no into other
  from public.archive_loan_files lf join public.archive_loans l on l.id = lf.loan_id
  where l.id <> p_loan and l.status in ('已批准', '已借出')
    and (lf.file_id = p_file or lf.certificate_id = p_certificate)
  limit 1;
  if other is not null then
    raise exception '“%”已在出借单 % 上（已批准或已借出），不能同时出借 | % is already on slip % (approved or lent)', facts.title, other, facts.title, other
      using errcode = 'PT409', column = case when p_file is null then 'certificate_id' else 'file_id' end;
  end if;
end
$$;

-- 002: 外单位查、借档案,必须持单位介绍信 (said at the field, before the table's check says it again).
create function private.archive_loan_check_letter(p_loan public.archive_loans) returns void
language plpgsql immutable set search_path = ''
as $$
begin
  if p_loan.outside_unit is not null and char_length(btrim(coalesce(p_loan.introduction_letter, ''))) < 2 then
    raise exception '外单位查借档案须登记单位介绍信 | An outside unit needs its letter of introduction recorded'
      using errcode = '23514', column = 'introduction_letter';
  end if;
end
$$;

create function private.archive_loans_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  me public.operators;
begin
  if tg_op = 'INSERT' then
    if private.keeping_rows_as_given() then
      new.slip_no := coalesce(new.slip_no, 'JY' || to_char(now() at time zone 'Asia/Shanghai', 'YYYY') || lpad(nextval('private.archive_loan_slip_seq')::text, 5, '0'));
      return new;
    end if;
    if (select auth.uid()) is not null then
      new.borrower_id := private.my_operator_id();
    end if;
    select * into me from public.operators o where o.id = new.borrower_id;
    if me.id is null then
      raise exception '借阅人须是在岗操作员 | The borrower must be an active operator' using errcode = '42501', column = 'borrower_id';
    end if;
    new.department_id := me.department_id;
    new.slip_no := 'JY' || to_char(now() at time zone 'Asia/Shanghai', 'YYYY') || lpad(nextval('private.archive_loan_slip_seq')::text, 5, '0');
    new.status := '待审批';
    new.approver_id := null;
    new.approved_at := null;
    new.decision_note := null;
    new.lent_by := null;
    new.lent_at := null;
    new.returned_at := null;
    new.checked_by := null;
    new.return_note := null;
    if new.due_on < (now() at time zone 'Asia/Shanghai')::date then
      raise exception '归还期限不能早于今天 | The due date cannot be in the past' using errcode = '22023', column = 'due_on';
    end if;
    perform private.archive_loan_check_letter(new);
    -- 000: 董事长、总经理、副总经理需要借阅档案可以直接通过档案管理员办理借阅手续.
    if me.role in ('gm', 'deputy_gm') then
      new.status := '已批准';
      new.approver_id := me.id;
      new.approved_at := now();
      new.decision_note := '总经理、副总经理直接借阅，无需审批 | Borrowed directly by the gm or deputy gm, no approval needed';
    end if;
    return new;
  end if;
  perform private.archive_loan_check_letter(new);
  -- UPDATE: what the borrower wrote changes only while the slip is open (not once approved by
  -- someone else: the approval covered that purpose, that date and that unit).
  if coalesce(current_setting('taizhang.archive_loan_move', true), '') <> 'on'
     and (new.purpose, new.due_on, new.outside_unit, new.introduction_letter, new.read_in_office)
         is distinct from (old.purpose, old.due_on, old.outside_unit, old.introduction_letter, old.read_in_office) then
    if not private.archive_loan_open(old.status, old.borrower_id, old.approver_id) then
      raise exception '出借单已“%”，不能再修改；如需变更请撤回后重新填写 | The slip is %: it cannot be changed; withdraw it and write a new one', old.status, old.status
        using errcode = 'PT409', column = case when new.due_on is distinct from old.due_on then 'due_on' when new.purpose is distinct from old.purpose then 'purpose'
                                               when new.read_in_office is distinct from old.read_in_office then 'read_in_office' else 'outside_unit' end;
    end if;
    if new.due_on is distinct from old.due_on and new.due_on < (now() at time zone 'Asia/Shanghai')::date then
      raise exception '归还期限不能早于今天 | The due date cannot be in the past' using errcode = '22023', column = 'due_on';
    end if;
  end if;
  if not new.read_in_office and exists (
       select 1 from public.archive_loan_files lf join public.archive_files f on f.id = lf.file_id
       where lf.loan_id = new.id and f.category = '客户资料') then
    raise exception '借阅客户资料只能在客务部办公室阅览 | Customer files are read in the office only' using errcode = '23514', column = 'read_in_office';
  end if;
  return new;
end
$$;

create function private.archive_loan_files_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  loan public.archive_loans;
  facts record;
begin
  if coalesce(current_setting('taizhang.archive_loan_move', true), '') = 'on' then
    return case when tg_op = 'DELETE' then old else new end;
  end if;
  if tg_op = 'UPDATE' and new.loan_id is distinct from old.loan_id then
    raise exception '明细不能移到另一张出借单 | A line cannot move to another slip' using errcode = '42501', column = 'loan_id';
  end if;
  select * into loan from public.archive_loans l where l.id = case when tg_op = 'DELETE' then old.loan_id else new.loan_id end for update;
  if tg_op = 'DELETE' and loan.id is null then
    return old; -- (the slip itself is being deleted)
  end if;
  if not private.archive_loan_open(loan.status, loan.borrower_id, loan.approver_id) then
    raise exception '出借单已“%”，借阅明细不能再增删改 | The slip is %: its files cannot change any more', loan.status, loan.status
      using errcode = 'PT409', column = case when tg_op = 'DELETE' then 'loan_id' else 'file_id' end;
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  if tg_op = 'UPDATE' and (new.file_id, new.certificate_id) is not distinct from (old.file_id, old.certificate_id) then
    return new;
  end if;
  perform private.archive_loan_check_available(loan.id, new.file_id, new.certificate_id);
  select * into facts from private.archive_loan_line_facts(new.file_id, new.certificate_id);
  -- 客户资料: read in the office only (003).
  if facts.category = '客户资料' and not loan.read_in_office then
    perform set_config('taizhang.archive_loan_move', 'on', true);
    update public.archive_loans l set read_in_office = true where l.id = loan.id;
    perform set_config('taizhang.archive_loan_move', 'off', true);
  end if;
  -- A deputy's direct slip with an original of 重要合同单据 goes to the gm (原件不经总经理批准不得借出).
  if loan.status = '已批准' and facts.category = '重要合同单据' and facts.copy_kind = '原件'
     and not exists (select 1 from public.operators o where o.id = loan.approver_id and o.role = 'gm') then
    perform set_config('taizhang.archive_loan_move', 'on', true);
    update public.archive_loans l
    set status = '待审批', approver_id = null, approved_at = null,
        decision_note = '含重要合同单据原件，须经总经理批准 | Holds an original of an important contract: the gm approves'
    where l.id = loan.id;
    perform set_config('taizhang.archive_loan_move', 'off', true);
  end if;
  return new;
end
$$;

-- A slip awaiting approval: each person who may approve all of it is told once (借阅审批).
create function private.archive_loan_files_after_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  loan public.archive_loans;
  person uuid;
begin
  select * into loan from public.archive_loans l where l.id = new.loan_id;
  if loan.status is distinct from '待审批' or private.keeping_rows_as_given() then
    return null;
  end if;
  for person in select o.id from public.operators o
                where o.active and o.role in ('gm', 'deputy_gm', 'manager') and o.id <> loan.borrower_id
                  and private.archive_loan_approvable_by(loan.id, o.id) loop
    perform private.notify(person, '借阅审批',
      format('出借单 %s 待您审批：%s | Loan slip %s for your approval: %s', loan.slip_no, (select b.name from public.operators b where b.id = loan.borrower_id),
             loan.slip_no, (select b.name from public.operators b where b.id = loan.borrower_id)),
      left(loan.purpose || case when loan.outside_unit is not null and loan.introduction_letter is not null
                             then E'\n' || format('外单位：%1$s（介绍信：%2$s） | Outside unit: %1$s (letter of introduction: %2$s)', loan.outside_unit, loan.introduction_letter) else '' end, 2000),
      'archive_loans', loan.id::text, loan.due_on::timestamptz, 'loan-approve:' || loan.id || ':' || person);
  end loop;
  return null;
end
$$;

revoke all on function private.archive_loan_check_letter(public.archive_loans), private.archive_loan_line_facts(uuid, uuid), private.archive_loan_check_available(uuid, uuid, uuid),
  private.archive_loans_before_write(), private.archive_loan_files_before_write(), private.archive_loan_files_after_write(),
  private.archive_loan_approvable_by(uuid, uuid), private.may_approve_archive_loan(uuid), private.may_lend_archives(),
  private.archive_loan_open(text, uuid, uuid) from public;
grant execute on function private.may_approve_archive_loan(uuid), private.may_lend_archives(), private.archive_loan_open(text, uuid, uuid)
  to authenticated, service_role;

create trigger archive_loans_before_write before insert or update on public.archive_loans
  for each row execute function private.archive_loans_before_write();
create trigger archive_loan_files_before_write before insert or update or delete on public.archive_loan_files
  for each row execute function private.archive_loan_files_before_write();
create trigger archive_loan_files_after_write after insert or update of file_id, certificate_id on public.archive_loan_files
  for each row execute function private.archive_loan_files_after_write();

-- ── RLS ──────────────────────────────────────────────────────────────────────────────────
-- A slip is read by its borrower, whoever signed it, the approvers it awaits, the department's
-- readers (manager), the deputy gm of the departments in his charge, and the archive room and the
-- gm (all). Only the borrower writes it, while it is open; nobody deletes one (撤回 is a move).
revoke delete on public.archive_loans from authenticated;
create policy archive_loans_select on public.archive_loans
  for select to authenticated using (
    borrower_id = (select private.my_operator_id())
    or approver_id = (select private.my_operator_id())
    or lent_by = (select private.my_operator_id())
    or checked_by = (select private.my_operator_id())
    or (select private.scope_for('archive_loans', 'read')) = 'all'
    or ((select private.scope_for('archive_loans', 'read')) = 'department'
        and (department_id = (select private.my_department_id())
             or department_id in (select d.id from public.departments d where d.deputy_gm_id = (select private.my_operator_id()))))
    or (status = '待审批' and private.may_approve_archive_loan(id))
  );
create policy archive_loans_insert on public.archive_loans
  for insert to authenticated with check (
    (select private.scope_for('archive_loans', 'create')) is not null
    and borrower_id = (select private.my_operator_id())
  );
create policy archive_loans_update on public.archive_loans
  for update to authenticated using (
    borrower_id = (select private.my_operator_id()) and (select private.scope_for('archive_loans', 'update')) is not null
  ) with check (
    borrower_id = (select private.my_operator_id()) and (select private.scope_for('archive_loans', 'update')) is not null
  );

create policy archive_loan_files_select on public.archive_loan_files
  for select to authenticated using (exists (select 1 from public.archive_loans l where l.id = loan_id));
create policy archive_loan_files_insert on public.archive_loan_files
  for insert to authenticated with check (
    (select private.scope_for('archive_loan_files', 'create')) is not null
    and exists (select 1 from public.archive_loans l where l.id = loan_id and l.borrower_id = (select private.my_operator_id()))
  );
create policy archive_loan_files_update on public.archive_loan_files
  for update to authenticated using (
    (select private.scope_for('archive_loan_files', 'update')) is not null
    and exists (select 1 from public.archive_loans l where l.id = loan_id and l.borrower_id = (select private.my_operator_id()))
  ) with check (
    (select private.scope_for('archive_loan_files', 'update')) is not null
    and exists (select 1 from public.archive_loans l where l.id = loan_id and l.borrower_id = (select private.my_operator_id()))
  );
create policy archive_loan_files_delete on public.archive_loan_files
  for delete to authenticated using (
    (select private.scope_for('archive_loan_files', 'delete')) is not null
    and exists (select 1 from public.archive_loans l where l.id = loan_id and l.borrower_id = (select private.my_operator_id()))
  );

select private.declare_system_column('public.archive_loans', c.name, c.why)
from (values
  ('slip_no', '“出借单号”由系统编号 | The slip number is assigned by the system'),
  ('borrower_id', '“借阅人”是填写出借单的人 | The borrower is whoever writes the slip'),
  ('department_id', '“借阅部门”是借阅人的部门 | The department is the borrower''s'),
  ('status', '“状态”只能通过流程操作（批准、驳回、出借、归还、撤回）改变 | The status moves only through the workflow (approve, reject, lend, return, withdraw)'),
  ('approver_id', '“批准人”只能通过“批准”记录 | Approved by is recorded only by the Approve move'),
  ('approved_at', '“批准时间”只能通过“批准”记录 | Approved at is recorded only by the Approve move'),
  ('decision_note', '“审批意见”只能通过“批准”或“驳回”记录 | The decision note is recorded only by Approve or Reject'),
  ('lent_by', '“出借经办”只能通过“出借”记录 | Lent by is recorded only by the Lend move'),
  ('lent_at', '“出借时间”只能通过“出借”记录 | Lent at is recorded only by the Lend move'),
  ('returned_at', '“归还时间”只能通过“归还”记录 | Returned at is recorded only by the Return move'),
  ('checked_by', '“核对人”只能通过“归还”记录 | Checked by is recorded only by the Return move'),
  ('return_note', '“归还核对说明”只能通过“核对”或“归还”记录 | The return note is recorded only by Check or Return')
) as c(name, why);
select private.declare_system_column('public.archive_loan_files', 'returned_complete',
  '“归还完整”只能由档案管理员通过“核对”记录 | Returned complete is recorded only by the archivist''s Check move');
select private.declare_system_column('public.archive_loan_files', 'missing_note',
  '“缺少的资料”只能由档案管理员通过“核对”记录 | What is missing is recorded only by the archivist''s Check move');

insert into public.permissions (role, register, action, scope, note) values
  ('clerk', 'archive_loans', 'read', 'own', '本人的出借单'),
  ('clerk', 'archive_loans', 'create', 'own', '填写档案资料出借单'),
  ('clerk', 'archive_loans', 'update', 'own', '审批前修改本人的出借单'),
  ('manager', 'archive_loans', 'read', 'department', '本部门的出借单'),
  ('manager', 'archive_loans', 'create', 'own', null),
  ('manager', 'archive_loans', 'update', 'own', null),
  ('manager', 'archive_loans', 'approve', 'department', '批准本部门客户资料的借阅（在客务部办公室阅览）'),
  ('director', 'archive_loans', 'read', 'own', null),
  ('director', 'archive_loans', 'create', 'own', null),
  ('director', 'archive_loans', 'update', 'own', null),
  ('archivist', 'archive_loans', 'read', 'all', '凭出借单办理借阅手续并登记台帐'),
  ('archivist', 'archive_loans', 'create', 'own', null),
  ('archivist', 'archive_loans', 'update', 'own', null),
  ('archivist', 'archive_lending', 'approve', 'all', '出借、核对归还、复位'),
  ('deputy_gm', 'archive_loans', 'read', 'department', '分管部门的出借单'),
  ('deputy_gm', 'archive_loans', 'create', 'own', '直接借阅'),
  ('deputy_gm', 'archive_loans', 'update', 'own', null),
  ('deputy_gm', 'archive_loans', 'approve', 'department', '批准分管部门工程档案的借阅（重要合同单据原件除外）'),
  ('gm', 'archive_loans', 'read', 'all', null),
  ('gm', 'archive_loans', 'create', 'own', '直接借阅'),
  ('gm', 'archive_loans', 'update', 'own', null),
  ('gm', 'archive_loans', 'approve', 'all', '批准档案借阅，重要合同单据原件须经总经理批准');
-- The lines of a slip: written by its borrower while the slip is open, read with the slip.
insert into public.permissions (role, register, action, scope, note)
select r.role::public.app_role, 'archive_loan_files', a.action::public.permission_action,
       case when a.action = 'read' then r.read_scope else 'own' end::public.permission_scope,
       case when a.action = 'read' then '随出借单查看' else '审批前增删本人出借单的借阅档案' end
from (values ('clerk', 'own'), ('manager', 'department'), ('director', 'own'), ('archivist', 'all'), ('deputy_gm', 'department'), ('gm', 'all'))
       as r(role, read_scope)
cross join (values ('read'), ('create'), ('update'), ('delete')) as a(action);

-- ── Moves ────────────────────────────────────────────────────────────────────────────────
-- The slip, locked, and visible to the caller (PT404 otherwise: its existence is not revealed).
create function private.archive_loan_for_move(p_loan uuid) returns public.archive_loans
language plpgsql security definer set search_path = ''
as $$
declare
  loan public.archive_loans;
begin
  select * into loan from public.archive_loans l where l.id = p_loan for update;
  if loan.id is null or not coalesce(loan.borrower_id = private.my_operator_id() or loan.approver_id = private.my_operator_id()
                            or private.may('archive_loans', 'read', loan.borrower_id, loan.department_id)
                            or private.may_lend_archives() or private.may_approve_archive_loan(loan.id)
                            or (private.scope_for('archive_loans', 'read') is not null
                                and exists (select 1 from public.departments d where d.id = loan.department_id and d.deputy_gm_id = private.my_operator_id())), false) then
    raise exception '出借单不存在或无权查看 | No such loan slip, or not visible to you' using errcode = 'PT404', hint = 'loan_id';
  end if;
  return loan;
end
$$;

-- 批准 / 驳回: by whoever may approve every line (see private.archive_loan_approvable_by).
create function public.decide_archive_loan(loan_id uuid, approve boolean, note text default null)
returns public.archive_loans
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  loan public.archive_loans := private.archive_loan_for_move(loan_id);
  line record;
begin
  if loan.status <> '待审批' then
    raise exception '出借单已“%”，不能再审批 | The slip is %, it cannot be decided again', loan.status, loan.status using errcode = 'PT409';
  end if;
  if loan.borrower_id = private.my_operator_id() then
    raise exception '不能审批自己的出借单 | You cannot approve your own loan slip' using errcode = '42501';
  end if;
  if not exists (select 1 from public.archive_loan_files lf where lf.loan_id = loan.id) then
    raise exception '出借单还没有借阅档案 | The slip names no file yet' using errcode = 'PT409';
  end if;
  if not private.may_approve_archive_loan(loan.id) then
    raise exception '无权审批这张出借单：工程档案由总经理或分管副总经理批准，重要合同单据原件须总经理批准，客户资料由本部门经理批准，外单位须分管档案领导批准 | Not yours to decide: project files need the gm or the deputy gm in charge, an original of an important contract the gm, customer files their department''s manager, an outside unit the gm or deputy in charge'
      using errcode = '42501';
  end if;
  if not approve and char_length(btrim(coalesce(note, ''))) < 2 then
    raise exception '驳回须写明意见 | Rejecting needs a note' using errcode = '23502', hint = 'note';
  end if;
  if char_length(note) > 1000 then
    raise exception '审批意见最多 1000 字 | Decision note: at most 1000 characters' using errcode = '22001', hint = 'note';
  end if;
  if approve then
    for line in select lf.file_id, lf.certificate_id from public.archive_loan_files lf where lf.loan_id = loan.id
                order by coalesce(lf.file_id, lf.certificate_id) loop
      perform private.archive_loan_check_available(loan.id, line.file_id, line.certificate_id);
    end loop;
  end if;
  perform set_config('taizhang.archive_loan_move', 'on', true);
  update public.archive_loans l
  set status = case when approve then '已批准' else '已驳回' end,
      approver_id = private.my_operator_id(), approved_at = now(), decision_note = nullif(btrim(coalesce(note, '')), '')
  where l.id = loan.id returning * into loan;
  perform set_config('taizhang.archive_loan_move', 'off', true);
  update public.notifications n set done_at = now()
  where n.link_table = 'archive_loans' and n.link_id = loan.id::text and n.kind = '借阅审批' and n.done_at is null;
  perform private.notify(loan.borrower_id, '审批结果',
    format('出借单 %s 已%s | Loan slip %s %s', loan.slip_no, case when approve then '批准，请到档案室办理借阅手续' else '驳回' end,
           loan.slip_no, case when approve then 'is approved: collect the files at the archive room' else 'is declined' end),
    loan.decision_note, 'archive_loans', loan.id::text, null, 'loan-decided:' || loan.id);
  return loan;
end
$$;
comment on function public.decide_archive_loan(uuid, boolean, text) is '审批出借单 | Decide a loan slip';

-- 出借: the archivist hands out an approved slip (凭出借单办理借阅手续并登记台帐).
create function public.lend_archive_loan(loan_id uuid) returns public.archive_loans
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  loan public.archive_loans := private.archive_loan_for_move(loan_id);
  line record;
begin
  if not private.may_lend_archives() then
    raise exception '只有档案管理员可以办理出借 | Only the archivist hands out files' using errcode = '42501';
  end if;
  if loan.status <> '已批准' then
    raise exception '出借单“%”，只有已批准的出借单可以出借 | The slip is %: only an approved slip is handed out', loan.status, loan.status using errcode = 'PT409';
  end if;
  if not exists (select 1 from public.archive_loan_files lf where lf.loan_id = loan.id) then
    raise exception '出借单还没有借阅档案 | The slip names no file yet' using errcode = 'PT409';
  end if;
  for line in select lf.file_id, lf.certificate_id from public.archive_loan_files lf where lf.loan_id = loan.id
              order by coalesce(lf.file_id, lf.certificate_id) loop
    perform private.archive_loan_check_available(loan.id, line.file_id, line.certificate_id);
  end loop;
  perform set_config('taizhang.archive_loan_move', 'on', true);
  update public.archive_files f set status = '借出'
  where f.id in (select lf.file_id from public.archive_loan_files lf where lf.loan_id = loan.id);
  update public.certificates c set status = '借出'
  where c.id in (select lf.certificate_id from public.archive_loan_files lf where lf.loan_id = loan.id);
  update public.archive_loans l set status = '已借出', lent_by = private.my_operator_id(), lent_at = now()
  where l.id = loan.id returning * into loan;
  perform set_config('taizhang.archive_loan_move', 'off', true);
  return loan;
end
$$;
comment on function public.lend_archive_loan(uuid) is '出借 | Hand out a loan';

-- 核对: the archivist checks one line back (complete or not, with a note).
create function public.check_archive_loan_line(line_id uuid, complete boolean, note text default null)
returns public.archive_loan_files
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  line public.archive_loan_files;
  loan public.archive_loans;
  facts record;
  gm uuid;
begin
  select * into line from public.archive_loan_files lf where lf.id = line_id;
  if line.id is null then
    raise exception '借阅明细不存在 | No such line' using errcode = 'PT404', hint = 'line_id';
  end if;
  loan := private.archive_loan_for_move(line.loan_id);
  if not private.may_lend_archives() then
    raise exception '只有档案管理员可以核对归还 | Only the archivist checks a return' using errcode = '42501';
  end if;
  if loan.status <> '已借出' then
    raise exception '出借单“%”，只有已借出的档案可以核对归还 | The slip is %: only lent files are checked back', loan.status, loan.status using errcode = 'PT409';
  end if;
  if complete is null then
    raise exception '请选择是否完整 | Say whether it came back complete' using errcode = '23502', hint = 'complete';
  end if;
  if not complete and char_length(btrim(coalesce(note, ''))) < 2 then
    raise exception '不完整须写明缺少的资料 | Name what is missing' using errcode = '23502', hint = 'note';
  end if;
  if char_length(note) > 500 then
    raise exception '核对说明最多 500 字 | Note: at most 500 characters' using errcode = '22001', hint = 'note';
  end if;
  perform set_config('taizhang.archive_loan_move', 'on', true);
  update public.archive_loan_files lf
  set returned_complete = complete, missing_note = case when complete then null else btrim(note) end
  where lf.id = line.id returning * into line;
  if not complete then
    select * into facts from private.archive_loan_line_facts(line.file_id, line.certificate_id);
    update public.archive_loans l
    set return_note = left(coalesce(l.return_note || E'\n', '') || facts.title || '：' || btrim(note), 2000)
    where l.id = loan.id;
    for gm in select o.id from public.operators o where o.role = 'gm' and o.active union select loan.borrower_id loop
      perform private.notify(gm, '借阅逾期', format('出借单 %s 归还不完整：%s | Loan slip %s returned incomplete: %s', loan.slip_no, facts.title, loan.slip_no, facts.title), btrim(note),
        'archive_loans', loan.id::text, null, 'loan-incomplete:' || line.id || ':' || gm);
    end loop;
  end if;
  perform set_config('taizhang.archive_loan_move', 'off', true);
  return line;
end
$$;
comment on function public.check_archive_loan_line(uuid, boolean, text) is '核对归还 | Check a line back';

-- 归还: closes the slip when every line is checked complete (all_complete ticks the unchecked
-- ones); the files go back to the store (复位).
create function public.return_archive_loan(loan_id uuid, all_complete boolean default false, note text default null)
returns public.archive_loans
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  loan public.archive_loans := private.archive_loan_for_move(loan_id);
  missing text;
begin
  if not private.may_lend_archives() then
    raise exception '只有档案管理员可以办理归还 | Only the archivist takes files back' using errcode = '42501';
  end if;
  if loan.status <> '已借出' then
    raise exception '出借单“%”，只有已借出的出借单可以归还 | The slip is %: only a lent slip is returned', loan.status, loan.status using errcode = 'PT409';
  end if;
  if char_length(note) > 1000 then
    raise exception '归还说明最多 1000 字 | Note: at most 1000 characters' using errcode = '22001', hint = 'note';
  end if;
  select string_agg(x.title, '、' order by x.title) into missing
  from public.archive_loan_files lf cross join lateral private.archive_loan_line_facts(lf.file_id, lf.certificate_id) x
  where lf.loan_id = loan.id and lf.returned_complete is false;
  if missing is not null then
    raise exception '资料未完整归还：%；补齐并重新核对后才能归还复位 | Not returned complete: %; check it again once complete', missing, missing
      using errcode = 'PT409', hint = 'all_complete';
  end if;
  perform set_config('taizhang.archive_loan_move', 'on', true);
  if coalesce(all_complete, false) then
    update public.archive_loan_files lf set returned_complete = true where lf.loan_id = loan.id and lf.returned_complete is null;
  end if;
  select string_agg(x.title, '、' order by x.title) into missing
  from public.archive_loan_files lf cross join lateral private.archive_loan_line_facts(lf.file_id, lf.certificate_id) x
  where lf.loan_id = loan.id and lf.returned_complete is null;
  if missing is not null then
    raise exception '请逐项核对：% 尚未核对 | Check each line: % not yet checked', missing, missing using errcode = 'PT409', hint = 'all_complete';
  end if;
  -- 复位: back in the store.
  update public.archive_files f set status = '在库'
  where f.id in (select lf.file_id from public.archive_loan_files lf where lf.loan_id = loan.id) and f.status = '借出';
  update public.certificates c set status = '在库'
  where c.id in (select lf.certificate_id from public.archive_loan_files lf where lf.loan_id = loan.id) and c.status = '借出';
  update public.archive_loans l
  set status = '已归还', returned_at = now(), checked_by = private.my_operator_id(),
      return_note = coalesce(nullif(btrim(coalesce(note, '')), ''), l.return_note)
  where l.id = loan.id returning * into loan;
  perform set_config('taizhang.archive_loan_move', 'off', true);
  update public.notifications n set done_at = now()
  where n.link_table = 'archive_loans' and n.link_id = loan.id::text and n.kind = '借阅逾期' and n.done_at is null;
  return loan;
end
$$;
comment on function public.return_archive_loan(uuid, boolean, text) is '归还复位 | Take back and shelve';

-- 撤回: the borrower withdraws a slip not yet handed out.
create function public.withdraw_archive_loan(loan_id uuid) returns public.archive_loans
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  loan public.archive_loans := private.archive_loan_for_move(loan_id);
begin
  if loan.borrower_id is distinct from private.my_operator_id() then
    raise exception '只有借阅人本人可以撤回出借单 | Only the borrower withdraws a slip' using errcode = '42501';
  end if;
  if loan.status not in ('待审批', '已批准') then
    raise exception '出借单已“%”，不能撤回 | The slip is %, it cannot be withdrawn', loan.status, loan.status using errcode = 'PT409';
  end if;
  perform set_config('taizhang.archive_loan_move', 'on', true);
  update public.archive_loans l set status = '已撤回' where l.id = loan.id returning * into loan;
  perform set_config('taizhang.archive_loan_move', 'off', true);
  update public.notifications n set done_at = now()
  where n.link_table = 'archive_loans' and n.link_id = loan.id::text and n.kind = '借阅审批' and n.done_at is null;
  return loan;
end
$$;
comment on function public.withdraw_archive_loan(uuid) is '撤回出借单 | Withdraw a loan slip';

revoke all on function private.archive_loan_for_move(uuid) from public;
revoke all on function public.decide_archive_loan(uuid, boolean, text), public.lend_archive_loan(uuid),
  public.check_archive_loan_line(uuid, boolean, text), public.return_archive_loan(uuid, boolean, text),
  public.withdraw_archive_loan(uuid) from public, anon;
grant execute on function public.decide_archive_loan(uuid, boolean, text), public.lend_archive_loan(uuid),
  public.check_archive_loan_line(uuid, boolean, text), public.return_archive_loan(uuid, boolean, text),
  public.withdraw_archive_loan(uuid) to authenticated;

-- ── Screens: the paper slip's signatures, and the moves ──────────────────────────────────
select private.declare_register('public.archive_loans', menu_group => 'archive', menu_order => 40,
  print_title => '档案资料出借单 | Archive loan slip', title_columns => array['slip_no', 'purpose'],
  print_signatures => array['借阅人 | Borrower', '批准人 | Approved by', '档案管理员 | Archivist']);
select private.declare_column('public.archive_loans', c.name, kind => 'longtext')
from unnest(array['purpose', 'decision_note', 'return_note']) as c(name);
select private.declare_move('public.archive_loans', 'approve', '批准 | Approve', 'decide_archive_loan', 'loan_id',
  fields => '[{"name": "note", "label": "审批意见 | Note", "column": "decision_note"}]', fixed_args => '{"approve": true}',
  state_column => 'status', from_states => array['待审批'], to_state => '已批准',
  requires_register => 'archive_loans', requires_action => 'approve',
  condition => $$private.may_approve_archive_loan(id)$$);
select private.declare_move('public.archive_loans', 'reject', '驳回 | Reject', 'decide_archive_loan', 'loan_id',
  fields => '[{"name": "note", "label": "驳回意见 | Reason", "column": "decision_note", "required": true}]', fixed_args => '{"approve": false}',
  state_column => 'status', from_states => array['待审批'], to_state => '已驳回',
  requires_register => 'archive_loans', requires_action => 'approve',
  condition => $$private.may_approve_archive_loan(id)$$,
  danger => true, confirm => '确定驳回这张出借单？ | Reject this loan slip?');
select private.declare_move('public.archive_loans', 'lend', '出借 | Lend', 'lend_archive_loan', 'loan_id',
  state_column => 'status', from_states => array['已批准'], to_state => '已借出',
  requires_register => 'archive_lending', requires_action => 'approve',
  confirm => '确认已按出借单交付档案？ | Hand out the files on this slip?');
-- (on screen the return confirms every line not yet checked as complete; a line found incomplete
-- is marked with the line's Check move first, and then refuses the return)
select private.declare_move('public.archive_loans', 'return', '归还复位 | Return', 'return_archive_loan', 'loan_id',
  fields => '[{"name": "note", "label": "归还说明 | Note", "column": "return_note"}]', fixed_args => '{"all_complete": true}',
  state_column => 'status', from_states => array['已借出'], to_state => '已归还',
  requires_register => 'archive_lending', requires_action => 'approve',
  confirm => '确认已逐项核对资料完整无误，归还并复位？ | Every item checked complete: take back and shelve?');
select private.declare_move('public.archive_loans', 'withdraw', '撤回 | Withdraw', 'withdraw_archive_loan', 'loan_id',
  state_column => 'status', from_states => array['待审批', '已批准'], to_state => '已撤回',
  condition => $$borrower_id = private.my_operator_id()$$,
  danger => true, confirm => '确定撤回这张出借单？ | Withdraw this loan slip?');
select private.declare_move('public.archive_loan_files', 'check', '核对 | Check', 'check_archive_loan_line', 'line_id',
  fields => '[{"name": "complete", "label": "归还完整 | Complete", "column": "returned_complete"},
              {"name": "note", "label": "缺少的资料 | What is missing", "column": "missing_note", "required": false}]',
  requires_register => 'archive_lending', requires_action => 'approve',
  condition => $$exists (select 1 from public.archive_loans l where l.id = loan_id and l.status = '已借出')$$);
