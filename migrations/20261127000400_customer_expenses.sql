-- Customer expenses 客户费用报销 (issue 15 point 3; RULES §14; SPEC register 14): entertainment
-- (招待), travel (差旅) and gifts (礼品) spent on a customer, claimed by the person who spent them.
--   000 1.8惩处措施: 对于没有备案的客户,凡涉及到与此客户相关的款待、差旅、礼品等费用,财务部门一律不予报销
--     → no claim exists for a customer that is not filed (customers.filed_at null): refused at the
--       customer field on insert, on a change of the customer, through apply_rows, on a restore
--       from the recycle bin, and — should the filing be undone later — at approval and on any edit.
--   000 第三条: 外出…核报差旅费时,必需将有归档价值的文件资料向本部门档案人员办理交接手续,档案员签字
--     认可后会计部才可交予核报差旅费 → a travel claim with documents worth archiving
--       (has_archive_documents) is signed for by the department's archivist (duty 档案员; the archive
--       room when the department has none but the claimant) before it may be approved.
-- Who accepts a claim for reimbursement: SPEC has no accountant role, so the department manager's
-- approval is the final acceptance (核报); the claimant's manager is told (费用审批), the claimant
-- hears the decision (审批结果). A manager's own claim goes to the deputy gm in charge of the
-- department, else to the gm. A decided claim (approved or declined) is locked for everyone: a
-- declined claim stays declined (it is not resubmitted by editing it; a new claim is written).
-- Totals per customer and month (customer_expense_totals) are kept by the database from the
-- approved claims, read-only.

create type public.customer_expense_status as enum ('待审批', '已批准', '已驳回');
comment on type public.customer_expense_status is '报销状态 | Expense claim status';

create sequence private.customer_expense_claim_seq;

create table public.customer_expenses (
  id uuid primary key default gen_random_uuid(),
  claim_no text,
  customer_id uuid not null references public.customers (id),
  kind text not null,
  amount numeric(12, 2) not null,
  spent_on date not null,
  description text not null,
  has_archive_documents boolean not null default false,
  archive_documents text,
  claimant_id uuid not null default private.my_operator_id() references public.operators (id),
  department_id uuid not null default private.my_department_id() references public.departments (id),
  status public.customer_expense_status not null default '待审批',
  documents_received_by uuid references public.operators (id),
  documents_received_at timestamptz,
  approver_id uuid references public.operators (id),
  decided_at timestamptz,
  decision_note text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint customer_expenses_claim_no_key unique (claim_no),
  constraint customer_expenses_claim_no_length check (char_length(claim_no) <= 40),
  constraint customer_expenses_kind_check check (kind in ('招待', '差旅', '礼品')),
  constraint customer_expenses_amount_finite check (amount > '-Infinity' and amount < 'Infinity'),
  constraint customer_expenses_amount_range check (amount > 0 and amount <= 999999.99),
  constraint customer_expenses_spent_on_range check (spent_on >= date '2000-01-01' and spent_on < date '2101-01-01'),
  constraint customer_expenses_description_length check (char_length(btrim(description)) between 2 and 1000),
  constraint customer_expenses_archive_documents_length check (char_length(archive_documents) <= 1000),
  constraint customer_expenses_documents_travel_only check (not has_archive_documents or kind = '差旅'),
  constraint customer_expenses_documents_listed check (not has_archive_documents or char_length(btrim(coalesce(archive_documents, ''))) >= 2),
  constraint customer_expenses_approved_travel_signed check (
    status <> '已批准' or not has_archive_documents or documents_received_at is not null),
  constraint customer_expenses_decision_note_length check (char_length(decision_note) <= 1000),
  constraint customer_expenses_documents_received_at_range check (documents_received_at >= timestamptz '2000-01-01 00:00+08' and documents_received_at < timestamptz '2101-01-01 00:00+08'),
  constraint customer_expenses_decided_at_range check (decided_at >= timestamptz '2000-01-01 00:00+08' and decided_at < timestamptz '2101-01-01 00:00+08')
);
comment on constraint customer_expenses_claim_no_length on public.customer_expenses is '报销单号最多 40 字 | Claim no.: at most 40 characters';
comment on constraint customer_expenses_kind_check on public.customer_expenses is '费用类别须是招待、差旅或礼品 | Kind: entertainment, travel or gifts';
comment on constraint customer_expenses_amount_finite on public.customer_expenses is '金额必须是有限的数 | Amount: must be a finite number';
comment on constraint customer_expenses_amount_range on public.customer_expenses is '金额须大于 0 元、不超过 999999.99 元 | Amount: more than 0 and at most 999999.99 yuan';
comment on constraint customer_expenses_spent_on_range on public.customer_expenses is '费用日期须在 2000–2100 年之间 | Date: a date in the years 2000–2100';
comment on constraint customer_expenses_description_length on public.customer_expenses is '费用说明 2–1000 字 | Description: 2–1000 characters';
comment on constraint customer_expenses_archive_documents_length on public.customer_expenses is '归档资料清单最多 1000 字 | Documents to archive: at most 1000 characters';
comment on constraint customer_expenses_documents_travel_only on public.customer_expenses is '只有差旅费需交接归档资料 | Only a travel claim hands over documents to archive';
comment on constraint customer_expenses_documents_listed on public.customer_expenses is '有归档资料须列明资料清单 | Documents to archive: list them';
comment on constraint customer_expenses_approved_travel_signed on public.customer_expenses is '差旅费须经档案员签字认可后才能核报 | A travel claim with documents is approved only after the archivist signed for them';
comment on constraint customer_expenses_decision_note_length on public.customer_expenses is '审批意见最多 1000 字 | Decision note: at most 1000 characters';
comment on constraint customer_expenses_documents_received_at_range on public.customer_expenses is '签收时间须在 2000–2100 年之间 | Signed for at: a date in the years 2000–2100';
comment on constraint customer_expenses_decided_at_range on public.customer_expenses is '审批时间须在 2000–2100 年之间 | Decided at: a date in the years 2000–2100';
comment on table public.customer_expenses is '客户费用报销 | Customer expenses';
comment on column public.customer_expenses.claim_no is '报销单号 | Claim no.';
comment on column public.customer_expenses.customer_id is '客户 | Customer';
comment on column public.customer_expenses.kind is '费用类别 | Kind';
comment on column public.customer_expenses.amount is '金额（元） | Amount (yuan)';
comment on column public.customer_expenses.spent_on is '费用日期 | Date';
comment on column public.customer_expenses.description is '费用说明 | Description';
comment on column public.customer_expenses.has_archive_documents is '有归档价值的资料（差旅） | Documents worth archiving (travel)';
comment on column public.customer_expenses.archive_documents is '归档资料清单 | Documents to archive';
comment on column public.customer_expenses.claimant_id is '报销人 | Claimant';
comment on column public.customer_expenses.department_id is '部门 | Department';
comment on column public.customer_expenses.status is '状态 | Status';
comment on column public.customer_expenses.documents_received_by is '档案员签收 | Signed for by (archivist)';
comment on column public.customer_expenses.documents_received_at is '签收时间 | Signed for at';
comment on column public.customer_expenses.approver_id is '审批人 | Decided by';
comment on column public.customer_expenses.decided_at is '审批时间 | Decided at';
comment on column public.customer_expenses.decision_note is '审批意见 | Decision note';
comment on column public.customer_expenses.version is '版本 | Version';
comment on column public.customer_expenses.created_at is '创建时间 | Created at';
comment on column public.customer_expenses.updated_at is '修改时间 | Updated at';

create index customer_expenses_customer_id_idx on public.customer_expenses (customer_id);
create index customer_expenses_claimant_id_idx on public.customer_expenses (claimant_id);
create index customer_expenses_department_id_idx on public.customer_expenses (department_id);
create index customer_expenses_documents_received_by_idx on public.customer_expenses (documents_received_by);
create index customer_expenses_approver_id_idx on public.customer_expenses (approver_id);
create index customer_expenses_created_at_idx on public.customer_expenses (created_at desc);
create index customer_expenses_approved_idx on public.customer_expenses (customer_id, spent_on) where status = '已批准';

alter table public.customer_expenses enable row level security;
revoke all on public.customer_expenses from anon, authenticated;
grant select, insert, update, delete on public.customer_expenses to authenticated;

select private.register_table('public.customer_expenses');
select private.label_options('{
  "待审批": "Awaiting approval", "已批准": "Approved", "已驳回": "Rejected",
  "招待": "Entertainment", "差旅": "Travel", "礼品": "Gifts"
}');

-- ── Who signs, who decides ───────────────────────────────────────────────────────────────
-- Whoever may sign for a travel claim's documents: the permission rows of
-- customer_expense_documents/approve (duty 档案员 at department scope, the archive room at all),
-- never the claimant himself; the department's own archivists first, the archive room when the
-- department has none but the claimant.
create function private.customer_expense_document_signers(p_department uuid, p_claimant uuid) returns setof uuid
language sql stable security definer set search_path = ''
as $$
  with signers as (
    select distinct o.id, bool_or(p.scope = 'department' and o.department_id = p_department) over (partition by o.id) as own_department
    from public.operators o
    join public.permissions p on p.register = 'customer_expense_documents' and p.action = 'approve'
                             and (p.role = o.role or p.duty = any (o.duties))
    where o.active and o.id is distinct from p_claimant
      and (p.scope = 'all' or (p.scope = 'department' and o.department_id = p_department))
  )
  select s.id from signers s
  where s.own_department or not exists (select 1 from signers x where x.own_department)
$$;

-- Whoever decides a claim: the claimant's department manager(s); for a manager's own claim the
-- deputy gm in charge of the department; failing that the gm. Never the claimant.
create function private.customer_expense_approvers(p_department uuid, p_claimant uuid) returns setof uuid
language sql stable security definer set search_path = ''
as $$
  with managers as (
    select m.id from private.manager_ids(p_department) as m(id) where m.id is distinct from p_claimant
  ), deputies as (
    select d.deputy_gm_id as id from public.departments d join public.operators o on o.id = d.deputy_gm_id and o.active
    where d.id = p_department and d.deputy_gm_id is distinct from p_claimant and not exists (select 1 from managers)
  ), gms as (
    select o.id from public.operators o
    where o.role = 'gm' and o.active and o.id is distinct from p_claimant
      and not exists (select 1 from managers) and not exists (select 1 from deputies)
  )
  select id from managers union select id from deputies union select id from gms
$$;

create function private.customer_is_filed(p_customer uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select c.filed_at is not null from public.customers c where c.id = p_customer), false)
$$;

-- The caller may decide this claim now (the moves' condition and the RPC's check).
create function private.may_decide_customer_expense(p_claim uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((
    select e.status = '待审批' and e.claimant_id is distinct from private.my_operator_id()
       and private.scope_for('customer_expenses', 'approve') is not null
       and private.my_operator_id() in (select private.customer_expense_approvers(e.department_id, e.claimant_id))
    from public.customer_expenses e where e.id = p_claim), false)
$$;

-- The caller may sign for this claim's documents now.
create function private.may_receive_customer_expense_documents(p_claim uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((
    select e.status = '待审批' and e.kind = '差旅' and e.has_archive_documents and e.documents_received_at is null
       and e.claimant_id is distinct from private.my_operator_id()
       and private.may('customer_expense_documents', 'approve', null, e.department_id)
    from public.customer_expenses e where e.id = p_claim), false)
$$;

-- 未备案客户费用不予报销, said at the customer field.
create function private.customer_expense_check_filed(p_customer uuid) returns void
language plpgsql stable security definer set search_path = ''
as $$
declare
  card record;
begin
  select c.code, c.name, c.filed_at into card from public.customers c where c.id = p_customer;
  if not found then
    raise exception '客户不存在 | No such customer' using errcode = '23503', column = 'customer_id', hint = 'customer_id';
  end if;
  if card.filed_at is null then
    raise exception '客户“%”（%）未备案：未备案客户的招待、差旅、礼品等费用一律不予报销 | Customer % is not filed (备案): entertainment, travel and gift expenses for an unfiled customer are not reimbursed',
      card.name, card.code, card.code
      using errcode = '23514', column = 'customer_id', hint = 'customer_id';
  end if;
end
$$;

create function private.customer_expenses_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  me public.operators;
  changed text;
begin
  if tg_op = 'INSERT' then
    new.claim_no := coalesce(case when private.keeping_rows_as_given() then new.claim_no end,
      'BX' || to_char(now() at time zone 'Asia/Shanghai', 'YYYY') || lpad(nextval('private.customer_expense_claim_seq')::text, 5, '0'));
    -- A restored or imported claim keeps what it was, but never for an unfiled customer.
    perform private.customer_expense_check_filed(new.customer_id);
    if private.keeping_rows_as_given() then
      -- (a paper claim imported by the administrator belongs to its claimant's department)
      if coalesce(current_setting('taizhang.importing_history', true), '') = 'on' then
        new.department_id := coalesce((select o.department_id from public.operators o where o.id = new.claimant_id), new.department_id);
      end if;
      return new;
    end if;
    if (select auth.uid()) is not null then
      new.claimant_id := private.my_operator_id();
    end if;
    select * into me from public.operators o where o.id = new.claimant_id;
    if me.id is null or not me.active then
      raise exception '报销人须是在岗操作员 | The claimant must be an active operator' using errcode = '42501', column = 'claimant_id';
    end if;
    new.department_id := me.department_id;
    new.status := '待审批';
    new.documents_received_by := null;
    new.documents_received_at := null;
    new.approver_id := null;
    new.decided_at := null;
    new.decision_note := null;
    if new.spent_on > (now() at time zone 'Asia/Shanghai')::date then
      raise exception '费用日期不能晚于今天 | The date of the expense cannot be in the future' using errcode = '22023', column = 'spent_on';
    end if;
    return new;
  end if;

  -- UPDATE. The moves (sign for documents, approve, decline) check for themselves.
  if coalesce(current_setting('taizhang.customer_expense_move', true), '') = 'on' or private.keeping_rows_as_given() then
    return new;
  end if;
  changed := case
    when new.customer_id is distinct from old.customer_id then 'customer_id'
    when new.kind is distinct from old.kind then 'kind'
    when new.amount is distinct from old.amount then 'amount'
    when new.spent_on is distinct from old.spent_on then 'spent_on'
    when new.description is distinct from old.description then 'description'
    when new.has_archive_documents is distinct from old.has_archive_documents then 'has_archive_documents'
    when new.archive_documents is distinct from old.archive_documents then 'archive_documents'
  end;
  if changed is null then
    return new;
  end if;
  -- Decided is final: a declined claim stays declined, an approved one stays as approved.
  if old.status <> '待审批' then
    raise exception '报销单已“%”，不能再修改；被驳回的费用须另填新的报销单 | The claim is %: it cannot be changed any more; a declined expense is claimed on a new form',
      old.status, old.status using errcode = 'PT409', column = changed;
  end if;
  -- The archivist signed for these documents: what he signed for stays as it was.
  if old.documents_received_at is not null
     and (new.kind, new.has_archive_documents, new.archive_documents) is distinct from (old.kind, old.has_archive_documents, old.archive_documents) then
    raise exception '档案员已签收归档资料，费用类别和资料清单不能再改 | The archivist has signed for the documents: the kind and the list of documents cannot change'
      using errcode = 'PT409', column = changed;
  end if;
  -- The customer must be filed, whether it is the one the claim had or another one now.
  perform private.customer_expense_check_filed(new.customer_id);
  if new.spent_on is distinct from old.spent_on and new.spent_on > (now() at time zone 'Asia/Shanghai')::date then
    raise exception '费用日期不能晚于今天 | The date of the expense cannot be in the future' using errcode = '22023', column = 'spent_on';
  end if;
  return new;
end
$$;

create trigger customer_expenses_before_write before insert or update on public.customer_expenses
  for each row execute function private.customer_expenses_before_write();

-- Who is told: on a new claim (or documents added to one), the approvers (费用审批) and, for a
-- travel claim with documents, its archivists (费用审批: sign for the documents first). Their
-- to-dos are done when the documents are taken off the claim, or the claim is deleted.
create function private.customer_expenses_notify() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  who text;
  customer text;
  person uuid;
begin
  if tg_op = 'DELETE' then
    update public.notifications n set done_at = now()
    where n.link_table = 'customer_expenses' and n.link_id = old.id::text and n.kind = '费用审批' and n.done_at is null;
    return null;
  end if;
  if new.status <> '待审批' then
    return null;
  end if;
  if private.keeping_rows_as_given() then
    -- A waiting claim back from the recycle bin: its to-dos are open again.
    update public.notifications n set done_at = null
    where n.link_table = 'customer_expenses' and n.link_id = new.id::text and n.kind = '费用审批' and n.done_at is not null
      and (n.dedupe_key like 'expense-approve:%'
           or (n.dedupe_key like 'expense-documents:%' and new.has_archive_documents and new.documents_received_at is null));
    return null;
  end if;
  if tg_op = 'UPDATE' and old.has_archive_documents and not new.has_archive_documents then
    update public.notifications n set done_at = now()
    where n.link_table = 'customer_expenses' and n.link_id = new.id::text and n.kind = '费用审批'
      and n.dedupe_key like 'expense-documents:%' and n.done_at is null;
    return null;
  end if;
  select o.name into who from public.operators o where o.id = new.claimant_id;
  select c.name into customer from public.customers c where c.id = new.customer_id;
  if tg_op = 'INSERT' then
    for person in select private.customer_expense_approvers(new.department_id, new.claimant_id) loop
      perform private.notify(person, '费用审批',
        format('%s 的%s费 %s 元（客户：%s）待您审批 | %s''s %s expense of %s yuan (customer: %s) for your approval', who, new.kind, new.amount, customer,
               who, lower(private.option_en(new.kind)), new.amount, customer),
        left(new.description, 2000), 'customer_expenses', new.id::text, null, 'expense-approve:' || new.id || ':' || person);
    end loop;
  end if;
  if new.has_archive_documents and new.documents_received_at is null
     and (tg_op = 'INSERT' or not old.has_archive_documents) then
    -- (documents taken off and listed again: the same to-do, open again)
    update public.notifications n set done_at = null
    where n.link_table = 'customer_expenses' and n.link_id = new.id::text and n.kind = '费用审批'
      and n.dedupe_key like 'expense-documents:%' and n.done_at is not null;
    for person in select private.customer_expense_document_signers(new.department_id, new.claimant_id) loop
      perform private.notify(person, '费用审批',
        format('%s 的差旅费报销 %s：请签收有归档价值的资料，签字认可后才能核报 | %s''s travel claim %s: sign for the documents worth filing before it can be settled', who, new.claim_no, who, new.claim_no),
        left(new.archive_documents, 2000), 'customer_expenses', new.id::text, null, 'expense-documents:' || new.id || ':' || person);
    end loop;
  end if;
  return null;
end
$$;
create trigger customer_expenses_notify after insert or update of has_archive_documents or delete on public.customer_expenses
  for each row execute function private.customer_expenses_notify();

-- ── Totals per customer and month 客户费用月度汇总 ───────────────────────────────────────────
-- The approved claims of a customer, by the month of the expense, per kind. Kept by the database
-- (no role writes it); read by the department's manager, the deputy gm in charge, the director
-- and the gm.
create table public.customer_expense_totals (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  month date not null,
  department_id uuid not null references public.departments (id),
  claims integer not null,
  entertainment numeric(14, 2) not null,
  travel numeric(14, 2) not null,
  gifts numeric(14, 2) not null,
  total numeric(14, 2) not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint customer_expense_totals_customer_month_key unique (customer_id, month),
  constraint customer_expense_totals_month_range check (month >= date '2000-01-01' and month < date '2101-01-01')
);
comment on constraint customer_expense_totals_month_range on public.customer_expense_totals is '月份须在 2000–2100 年之间 | Month: in the years 2000–2100';
comment on table public.customer_expense_totals is '客户费用月度汇总 | Customer expense totals by month';
comment on column public.customer_expense_totals.customer_id is '客户 | Customer';
comment on column public.customer_expense_totals.month is '月份 | Month';
comment on column public.customer_expense_totals.department_id is '客户所属部门 | Customer''s department';
comment on column public.customer_expense_totals.claims is '已批准报销单数 | Approved claims';
comment on column public.customer_expense_totals.entertainment is '招待费（元） | Entertainment (yuan)';
comment on column public.customer_expense_totals.travel is '差旅费（元） | Travel (yuan)';
comment on column public.customer_expense_totals.gifts is '礼品费（元） | Gifts (yuan)';
comment on column public.customer_expense_totals.total is '合计（元） | Total (yuan)';
comment on column public.customer_expense_totals.version is '版本 | Version';
comment on column public.customer_expense_totals.created_at is '创建时间 | Created at';
comment on column public.customer_expense_totals.updated_at is '修改时间 | Updated at';
create index customer_expense_totals_department_id_idx on public.customer_expense_totals (department_id);
create index customer_expense_totals_month_idx on public.customer_expense_totals (month desc);

create function private.customer_expense_totals_refresh(p_customer uuid, p_month date) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  sums record;
begin
  select count(*)::integer as claims,
         coalesce(sum(e.amount) filter (where e.kind = '招待'), 0) as entertainment,
         coalesce(sum(e.amount) filter (where e.kind = '差旅'), 0) as travel,
         coalesce(sum(e.amount) filter (where e.kind = '礼品'), 0) as gifts,
         coalesce(sum(e.amount), 0) as total
    into sums
  from public.customer_expenses e
  where e.customer_id = p_customer and e.status = '已批准'
    and e.spent_on >= p_month and e.spent_on < (p_month + interval '1 month')::date;
  if sums.claims = 0 then
    delete from public.customer_expense_totals t where t.customer_id = p_customer and t.month = p_month;
    return;
  end if;
  insert into public.customer_expense_totals (customer_id, month, department_id, claims, entertainment, travel, gifts, total)
  select p_customer, p_month, c.department_id, sums.claims, sums.entertainment, sums.travel, sums.gifts, sums.total
  from public.customers c where c.id = p_customer
  on conflict (customer_id, month) do update set
    department_id = excluded.department_id, claims = excluded.claims, entertainment = excluded.entertainment,
    travel = excluded.travel, gifts = excluded.gifts, total = excluded.total, updated_at = now(),
    version = customer_expense_totals.version + 1
  where (customer_expense_totals.department_id, customer_expense_totals.claims, customer_expense_totals.entertainment,
         customer_expense_totals.travel, customer_expense_totals.gifts, customer_expense_totals.total)
        is distinct from (excluded.department_id, excluded.claims, excluded.entertainment, excluded.travel, excluded.gifts, excluded.total);
end
$$;

create function private.customer_expenses_sync_totals() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.status = '已批准' then
    perform private.customer_expense_totals_refresh(old.customer_id, date_trunc('month', old.spent_on)::date);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.status = '已批准' then
    perform private.customer_expense_totals_refresh(new.customer_id, date_trunc('month', new.spent_on)::date);
  end if;
  return null;
end
$$;
create trigger customer_expenses_sync_totals after insert or update or delete on public.customer_expenses
  for each row execute function private.customer_expenses_sync_totals();

alter table public.customer_expense_totals enable row level security;
revoke all on public.customer_expense_totals from anon, authenticated;
grant select on public.customer_expense_totals to authenticated;
select private.create_register_policies('public.customer_expense_totals', department_column => 'department_id',
  read_also => $$private.in_my_charge(department_id) and (select private.scope_for('customer_expense_totals', 'read')) is not null$$,
  actions => array['select']);

-- ── RLS of the claims ────────────────────────────────────────────────────────────────────
-- Read by the claimant, the department's manager, the deputy gm in charge, the director and the
-- gm; a travel claim with documents by its archivists; a claim by whoever signed or decided it
-- and by the approver it awaits. Written by the claimant while it waits; deleted by him only before
-- anyone signed or decided it.
select private.create_register_policies('public.customer_expenses', owner_column => 'claimant_id', department_column => 'department_id',
  read_also => $$(private.in_my_charge(department_id) and (select private.scope_for('customer_expenses', 'read')) is not null)
    or (has_archive_documents and private.may('customer_expense_documents', 'approve', null, department_id))
    or documents_received_by = (select private.my_operator_id())
    or approver_id = (select private.my_operator_id())
    or (status = '待审批' and private.may_decide_customer_expense(id))$$,
  delete_if => $$status = '待审批' and documents_received_at is null$$);

select private.declare_system_column('public.customer_expenses', c.name, c.why)
from (values
  ('claim_no', '“报销单号”由系统编号 | The claim number is assigned by the system'),
  ('claimant_id', '“报销人”是填写报销单的人 | The claimant is whoever writes the claim'),
  ('department_id', '“部门”是报销人的部门 | The department is the claimant''s'),
  ('status', '“状态”只能通过流程操作（批准、驳回）改变 | The status moves only through the workflow (approve, decline)'),
  ('documents_received_by', '“档案员签收”只能由档案员通过“签收资料”记录 | Signed for by is recorded only by the archivist''s Sign for documents move'),
  ('documents_received_at', '“签收时间”只能通过“签收资料”记录 | Signed for at is recorded only by the Sign for documents move'),
  ('approver_id', '“审批人”只能通过“批准”或“驳回”记录 | Decided by is recorded only by Approve or Decline'),
  ('decided_at', '“审批时间”只能通过“批准”或“驳回”记录 | Decided at is recorded only by Approve or Decline'),
  ('decision_note', '“审批意见”只能通过“批准”或“驳回”记录 | The decision note is recorded only by Approve or Decline')
) as c(name, why);

insert into public.permissions (role, duty, register, action, scope, note) values
  ('clerk', null, 'customer_expenses', 'read', 'own', '本人的报销单'),
  ('clerk', null, 'customer_expenses', 'create', 'own', '填写客户费用报销单（已备案客户）'),
  ('clerk', null, 'customer_expenses', 'update', 'own', '审批前修改本人的报销单'),
  ('clerk', null, 'customer_expenses', 'delete', 'own', '审批、签收前删除本人的报销单'),
  ('manager', null, 'customer_expenses', 'read', 'department', '本部门的报销单'),
  ('manager', null, 'customer_expenses', 'create', 'own', null),
  ('manager', null, 'customer_expenses', 'update', 'own', null),
  ('manager', null, 'customer_expenses', 'delete', 'own', null),
  ('manager', null, 'customer_expenses', 'approve', 'department', '审批（核报）本部门的客户费用'),
  ('director', null, 'customer_expenses', 'read', 'all', null),
  ('deputy_gm', null, 'customer_expenses', 'read', 'own', '分管部门的报销单（按分管关系）'),
  ('deputy_gm', null, 'customer_expenses', 'approve', 'department', '审批分管部门经理本人的报销单'),
  ('gm', null, 'customer_expenses', 'read', 'all', null),
  ('gm', null, 'customer_expenses', 'approve', 'all', '部门无经理、无分管副总时审批'),
  ('admin', null, 'customer_expenses', 'import', 'all', '导入纸质历史报销单（未备案客户的同样拒绝）'),
  (null, '档案员', 'customer_expense_documents', 'approve', 'department', '签收本部门差旅的归档资料（档案员签字认可后才能核报）'),
  ('archivist', null, 'customer_expense_documents', 'approve', 'all', '部门没有其他档案员时，档案室签收差旅归档资料'),
  ('manager', null, 'customer_expense_totals', 'read', 'department', '本部门客户的月度费用汇总'),
  ('director', null, 'customer_expense_totals', 'read', 'all', null),
  ('deputy_gm', null, 'customer_expense_totals', 'read', 'own', '分管部门客户的月度费用汇总（按分管关系）'),
  ('gm', null, 'customer_expense_totals', 'read', 'all', null);

-- ── Moves ────────────────────────────────────────────────────────────────────────────────
-- The claim, locked, and visible to the caller (PT404 otherwise: its existence is not revealed).
create function private.customer_expense_for_move(p_claim uuid) returns public.customer_expenses
language plpgsql security definer set search_path = ''
as $$
declare
  claim public.customer_expenses;
begin
  select * into claim from public.customer_expenses e where e.id = p_claim for update;
  if claim.id is null or not coalesce(
       claim.claimant_id = private.my_operator_id() or claim.approver_id = private.my_operator_id()
       or claim.documents_received_by = private.my_operator_id()
       or private.may('customer_expenses', 'read', claim.claimant_id, claim.department_id)
       or (private.in_my_charge(claim.department_id) and private.scope_for('customer_expenses', 'read') is not null)
       or (claim.has_archive_documents and private.may('customer_expense_documents', 'approve', null, claim.department_id))
       or private.may_decide_customer_expense(claim.id), false) then
    raise exception '报销单不存在或无权查看 | No such expense claim, or not visible to you' using errcode = 'PT404', hint = 'claim_id';
  end if;
  return claim;
end
$$;

-- 签收资料: the archivist signs for the travel documents worth archiving (档案员签字认可).
create function public.receive_customer_expense_documents(claim_id uuid) returns public.customer_expenses
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  claim public.customer_expenses := private.customer_expense_for_move(claim_id);
begin
  if not (claim.kind = '差旅' and claim.has_archive_documents) then
    raise exception '这张报销单没有需要归档的差旅资料 | This claim has no travel documents to archive' using errcode = 'PT409', hint = 'has_archive_documents';
  end if;
  if claim.status <> '待审批' then
    raise exception '报销单已“%”，不能再签收资料 | The claim is %: its documents can no longer be signed for', claim.status, claim.status using errcode = 'PT409';
  end if;
  if claim.documents_received_at is not null then
    raise exception '归档资料已签收 | The documents have already been signed for' using errcode = 'PT409', hint = 'documents_received_at';
  end if;
  if claim.claimant_id = private.my_operator_id() then
    raise exception '不能签收自己的差旅资料 | You cannot sign for the documents of your own claim' using errcode = '42501';
  end if;
  if not private.may('customer_expense_documents', 'approve', null, claim.department_id) then
    raise exception '只有报销人部门的档案员（或档案室）可以签收归档资料 | Only the archivist of the claimant''s department (or the archive room) signs for the documents'
      using errcode = '42501';
  end if;
  perform set_config('taizhang.customer_expense_move', 'on', true);
  update public.customer_expenses e set documents_received_by = private.my_operator_id(), documents_received_at = now()
  where e.id = claim.id returning * into claim;
  perform set_config('taizhang.customer_expense_move', 'off', true);
  update public.notifications n set done_at = now()
  where n.link_table = 'customer_expenses' and n.link_id = claim.id::text and n.kind = '费用审批'
    and n.dedupe_key like 'expense-documents:%' and n.done_at is null;
  return claim;
end
$$;
comment on function public.receive_customer_expense_documents(uuid) is '签收归档资料 | Sign for the documents';

-- 批准 / 驳回: the department manager (see private.customer_expense_approvers) accepts the claim
-- for reimbursement (核报) or declines it with a reason.
create function public.decide_customer_expense(claim_id uuid, approve boolean, note text default null)
returns public.customer_expenses
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  claim public.customer_expenses := private.customer_expense_for_move(claim_id);
begin
  if claim.status <> '待审批' then
    raise exception '报销单已“%”，不能再审批 | The claim is %, it cannot be decided again', claim.status, claim.status using errcode = 'PT409';
  end if;
  if claim.claimant_id = private.my_operator_id() then
    raise exception '不能审批自己的报销单 | You cannot decide your own claim' using errcode = '42501';
  end if;
  if not private.may_decide_customer_expense(claim.id) then
    raise exception '无权审批：报销单由报销人所在部门的经理审批（经理本人的由分管副总经理审批） | Not yours to decide: the claimant''s department manager decides (a manager''s own claim, the deputy gm in charge)'
      using errcode = '42501';
  end if;
  if approve is null then
    raise exception '请选择批准或驳回 | Approve or decline' using errcode = '23502', hint = 'approve';
  end if;
  if not approve and char_length(btrim(coalesce(note, ''))) < 2 then
    raise exception '驳回须写明意见 | Declining needs a note' using errcode = '23502', hint = 'note';
  end if;
  if char_length(note) > 1000 then
    raise exception '审批意见最多 1000 字 | Decision note: at most 1000 characters' using errcode = '22001', hint = 'note';
  end if;
  if approve then
    perform private.customer_expense_check_filed(claim.customer_id);
    if claim.has_archive_documents and claim.documents_received_at is null then
      raise exception '差旅资料尚未经档案员签字认可，不能核报差旅费 | The archivist has not yet signed for the travel documents: the claim cannot be approved'
        using errcode = 'PT409', hint = 'documents_received_at';
    end if;
  end if;
  perform set_config('taizhang.customer_expense_move', 'on', true);
  update public.customer_expenses e
  set status = case when approve then '已批准' else '已驳回' end::public.customer_expense_status,
      approver_id = private.my_operator_id(), decided_at = now(), decision_note = nullif(btrim(coalesce(note, '')), '')
  where e.id = claim.id returning * into claim;
  perform set_config('taizhang.customer_expense_move', 'off', true);
  update public.notifications n set done_at = now()
  where n.link_table = 'customer_expenses' and n.link_id = claim.id::text and n.kind = '费用审批' and n.done_at is null;
  perform private.notify(claim.claimant_id, '审批结果',
    format('报销单 %s（%s费 %s 元）已%s | Claim %s (%s expense, %s yuan) %s', claim.claim_no, claim.kind, claim.amount, case when approve then '批准，准予报销' else '驳回，不予报销' end,
           claim.claim_no, lower(private.option_en(claim.kind)), claim.amount, case when approve then 'is approved for payment' else 'is declined' end),
    claim.decision_note, 'customer_expenses', claim.id::text, null, 'expense-decided:' || claim.id);
  return claim;
end
$$;
comment on function public.decide_customer_expense(uuid, boolean, text) is '审批客户费用报销 | Decide an expense claim';

revoke all on function private.customer_expense_document_signers(uuid, uuid), private.customer_expense_approvers(uuid, uuid),
  private.customer_is_filed(uuid), private.may_decide_customer_expense(uuid), private.may_receive_customer_expense_documents(uuid),
  private.customer_expense_check_filed(uuid), private.customer_expenses_before_write(), private.customer_expenses_notify(),
  private.customer_expense_totals_refresh(uuid, date), private.customer_expenses_sync_totals(),
  private.customer_expense_for_move(uuid) from public;
grant execute on function private.may_decide_customer_expense(uuid), private.may_receive_customer_expense_documents(uuid),
  private.customer_is_filed(uuid) to authenticated, service_role;
revoke all on function public.receive_customer_expense_documents(uuid), public.decide_customer_expense(uuid, boolean, text) from public, anon;
grant execute on function public.receive_customer_expense_documents(uuid), public.decide_customer_expense(uuid, boolean, text) to authenticated;

-- ── Screens: the paper claim form and its signatures, the moves ──────────────────────────
select private.declare_register('public.customer_expenses', menu_group => 'operations', menu_order => 30,
  print_title => '客户费用报销单 | Customer expense claim', title_columns => array['claim_no', 'kind'],
  print_signatures => array['报销人 | Claimant', '档案员（差旅） | Archivist (travel)', '部门经理 | Department manager']);
-- Refused to everyone by the triggers above: no edit, no delete offered on screen.
select private.declare_frozen('public.customer_expenses', $$status <> '待审批'$$);
select private.declare_column('public.customer_expenses', 'amount', kind => 'money');
select private.declare_column('public.customer_expenses', c.name, kind => 'longtext')
from unnest(array['description', 'archive_documents', 'decision_note']) as c(name);
select private.declare_register('public.customer_expense_totals', menu_group => 'operations', menu_order => 35,
  title_columns => array['customer_id', 'month']);
select private.declare_column('public.customer_expense_totals', 'month', kind => 'month');
select private.declare_column('public.customer_expense_totals', c.name, kind => 'money')
from unnest(array['entertainment', 'travel', 'gifts', 'total']) as c(name);

select private.declare_move('public.customer_expenses', 'receive_documents', '签收资料 | Sign for documents', 'receive_customer_expense_documents', 'claim_id',
  state_column => 'status', from_states => array['待审批'],
  requires_register => 'customer_expense_documents', requires_action => 'approve',
  condition => $$private.may_receive_customer_expense_documents(id)$$,
  confirm => '确认已收到清单所列有归档价值的资料并签字认可？ | Confirm the listed documents were handed over to you?');
select private.declare_move('public.customer_expenses', 'approve', '批准 | Approve', 'decide_customer_expense', 'claim_id',
  fields => '[{"name": "note", "label": "审批意见 | Note", "column": "decision_note", "required": false}]', fixed_args => '{"approve": true}',
  state_column => 'status', from_states => array['待审批'], to_state => '已批准',
  requires_register => 'customer_expenses', requires_action => 'approve',
  condition => $$private.may_decide_customer_expense(id) and private.customer_is_filed(customer_id)
    and (not has_archive_documents or documents_received_at is not null)$$);
select private.declare_move('public.customer_expenses', 'decline', '驳回 | Decline', 'decide_customer_expense', 'claim_id',
  fields => '[{"name": "note", "label": "驳回意见 | Reason", "column": "decision_note", "required": true}]', fixed_args => '{"approve": false}',
  state_column => 'status', from_states => array['待审批'], to_state => '已驳回',
  requires_register => 'customer_expenses', requires_action => 'approve',
  condition => $$private.may_decide_customer_expense(id)$$,
  danger => true, confirm => '确定驳回这张报销单？驳回后不能再修改 | Decline this claim? It cannot be changed afterwards');
