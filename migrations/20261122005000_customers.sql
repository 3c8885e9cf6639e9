-- Customers 客户档案 and access requests 查阅申请: filing deadline, duplicate cards (重卡), fair
-- round-robin allocation of walk-ins, handover to a successor, the public pool (公海), and who may read a file.

-- ── Workflow states ──────────────────────────────────────────────────────────────────────
-- A customer is kept by its owner, released to the public pool, or blacklisted.
create type public.customer_status as enum ('正常', '公海', '黑名单');
comment on type public.customer_status is '客户状态 | Customer status';
-- An access request waits for its approver, who approves or rejects it.
create type public.access_request_status as enum ('待审批', '已批准', '已驳回', '已撤回');
comment on type public.access_request_status is '查阅申请状态 | Access request status';

-- ── Customers ────────────────────────────────────────────────────────────────────────────
create sequence public.customers_code_seq;

create table public.customers (
  id uuid primary key default gen_random_uuid(),
  code text not null default ('KH' || lpad(nextval('public.customers_code_seq')::text, 6, '0')),
  name text not null,
  category text not null default '一般客户',
  grade text not null default 'C',
  enterprise_nature text,
  supervising_unit text,
  address text,
  building text,
  unit text,
  room text,
  contact_person text,
  phone text,
  phone_normalized text generated always as (nullif(regexp_replace(coalesce(phone, ''), '\D', '', 'g'), '')) stored,
  department_id uuid not null default private.my_department_id() references public.departments (id),
  owner_id uuid references public.operators (id),
  second_owner_id uuid references public.operators (id),
  recorded_by uuid default private.my_operator_id() references public.operators (id),
  walk_in boolean not null default false,
  first_contact_at timestamptz not null default now(),
  filing_due date,
  filed_at timestamptz,
  status public.customer_status not null default '正常',
  blacklist_reason text,
  released_at timestamptz,
  claimed_at timestamptz,
  last_follow_up_at timestamptz,
  maintenance_due date,
  maintenance_reported_at timestamptz,
  separate_from uuid references public.customers (id) on delete set null,
  separate_confirmed_by uuid references public.operators (id) on delete set null,
  notes text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint customers_code_key unique (code),
  constraint customers_name_not_blank check (length(btrim(name)) between 1 and 100),
  constraint customers_category_check check (category in ('目标客户', '一般客户', '重点客户', '潜在客户')),
  constraint customers_grade_check check (grade in ('A', 'B', 'C')),
  constraint customers_phone_format check (phone is null or phone ~ '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}|[0-9]{7,8})$'),
  constraint customers_blacklist_needs_reason check (status <> '黑名单' or length(btrim(coalesce(blacklist_reason, ''))) > 0),
  constraint customers_filed_after_contact check (filed_at is null or filed_at >= first_contact_at - interval '1 day'),
  constraint customers_pool_has_no_owner check (status <> '公海' or (owner_id is null and second_owner_id is null)),
  constraint customers_second_owner_differs check (second_owner_id is distinct from owner_id or owner_id is null),
  -- Bounded input: free text has a length limit, numbers are finite, dates fall in 2000–2100.
  constraint customers_code_length check (char_length(code) <= 40),
  constraint customers_enterprise_nature_length check (char_length(enterprise_nature) <= 100),
  constraint customers_supervising_unit_length check (char_length(supervising_unit) <= 200),
  constraint customers_address_length check (char_length(address) <= 200),
  constraint customers_building_length check (char_length(building) <= 40),
  constraint customers_unit_length check (char_length(unit) <= 40),
  constraint customers_room_length check (char_length(room) <= 40),
  constraint customers_contact_person_length check (char_length(contact_person) <= 100),
  constraint customers_blacklist_reason_length check (char_length(blacklist_reason) <= 500),
  constraint customers_notes_length check (char_length(notes) <= 4000),
  constraint customers_first_contact_at_range check (first_contact_at >= timestamptz '2000-01-01 00:00+08' and first_contact_at < timestamptz '2101-01-01 00:00+08'),
  constraint customers_filing_due_range check (filing_due >= date '2000-01-01' and filing_due < date '2101-01-01'),
  constraint customers_filed_at_range check (filed_at >= timestamptz '2000-01-01 00:00+08' and filed_at < timestamptz '2101-01-01 00:00+08'),
  constraint customers_released_at_range check (released_at >= timestamptz '2000-01-01 00:00+08' and released_at < timestamptz '2101-01-01 00:00+08'),
  constraint customers_claimed_at_range check (claimed_at >= timestamptz '2000-01-01 00:00+08' and claimed_at < timestamptz '2101-01-01 00:00+08'),
  constraint customers_maintenance_due_range check (maintenance_due >= date '2000-01-01' and maintenance_due < date '2101-01-01'),
  constraint customers_maintenance_reported_at_range check (maintenance_reported_at >= timestamptz '2000-01-01 00:00+08' and maintenance_reported_at < timestamptz '2101-01-01 00:00+08'),
  constraint customers_last_follow_up_at_range check (last_follow_up_at >= timestamptz '2000-01-01 00:00+08' and last_follow_up_at < timestamptz '2101-01-01 00:00+08')
);
comment on constraint customers_code_length on public.customers is '客户编码最多 40 字 | Customer code: at most 40 characters';
comment on constraint customers_enterprise_nature_length on public.customers is '企业性质最多 100 字 | Enterprise nature: at most 100 characters';
comment on constraint customers_supervising_unit_length on public.customers is '主管单位最多 200 字 | Supervising unit: at most 200 characters';
comment on constraint customers_address_length on public.customers is '地址最多 200 字 | Address: at most 200 characters';
comment on constraint customers_building_length on public.customers is '楼栋最多 40 字 | Building: at most 40 characters';
comment on constraint customers_unit_length on public.customers is '单元最多 40 字 | Unit: at most 40 characters';
comment on constraint customers_room_length on public.customers is '房号最多 40 字 | Room: at most 40 characters';
comment on constraint customers_contact_person_length on public.customers is '联系人最多 100 字 | Contact person: at most 100 characters';
comment on constraint customers_blacklist_reason_length on public.customers is '黑名单原因最多 500 字 | Blacklist reason: at most 500 characters';
comment on constraint customers_notes_length on public.customers is '备注最多 4000 字 | Notes: at most 4000 characters';
comment on constraint customers_first_contact_at_range on public.customers is '首次接触须在 2000–2100 年之间 | First contact: a date in the years 2000–2100';
comment on constraint customers_filing_due_range on public.customers is '备案期限须在 2000–2100 年之间 | Filing due: a date in the years 2000–2100';
comment on constraint customers_filed_at_range on public.customers is '备案日期须在 2000–2100 年之间 | Filed at: a date in the years 2000–2100';
comment on constraint customers_released_at_range on public.customers is '释放到公海须在 2000–2100 年之间 | Released to pool: a date in the years 2000–2100';
comment on constraint customers_second_owner_differs on public.customers is '第二联系人须是负责人以外的另一人 | The second contact must be someone other than the owner';
comment on constraint customers_claimed_at_range on public.customers is '认领时间须在 2000–2100 年之间 | Claimed at: a date in the years 2000–2100';
comment on constraint customers_maintenance_due_range on public.customers is '变动报送期限须在 2000–2100 年之间 | Change report due: a date in the years 2000–2100';
comment on constraint customers_maintenance_reported_at_range on public.customers is '变动报送时间须在 2000–2100 年之间 | Change reported at: a date in the years 2000–2100';
comment on constraint customers_last_follow_up_at_range on public.customers is '最近有效跟进须在 2000–2100 年之间 | Last valid follow-up: a date in the years 2000–2100';
comment on table public.customers is '客户档案 | Customers';
comment on column public.customers.code is '客户编码 | Customer code';
comment on column public.customers.name is '客户名称 | Name';
comment on column public.customers.category is '客户类别 | Category';
comment on column public.customers.grade is '客户等级（A 一月内签约 / B 二至三月 / C 其他） | Grade (A within a month / B 2–3 months / C other)';
comment on column public.customers.enterprise_nature is '企业性质 | Enterprise nature';
comment on column public.customers.supervising_unit is '主管单位 | Supervising unit';
comment on column public.customers.address is '地址 | Address';
comment on column public.customers.building is '楼栋 | Building';
comment on column public.customers.unit is '单元 | Unit';
comment on column public.customers.room is '房号 | Room';
comment on column public.customers.contact_person is '联系人 | Contact person';
comment on column public.customers.phone is '电话 | Phone';
comment on column public.customers.phone_normalized is '电话（规范化） | Phone (normalised)';
comment on column public.customers.department_id is '所属部门 | Department';
comment on column public.customers.owner_id is '负责人 | Owner';
comment on column public.customers.second_owner_id is '第二联系人（重点客户） | Second contact (key customers)';
comment on column public.customers.recorded_by is '录入人 | Recorded by';
comment on column public.customers.walk_in is '来访新客户（轮流接待） | Walk-in (round-robin)';
comment on column public.customers.first_contact_at is '首次接触 | First contact';
comment on column public.customers.filing_due is '备案期限 | Filing due';
comment on column public.customers.filed_at is '备案日期 | Filed at';
comment on column public.customers.status is '状态 | Status';
comment on column public.customers.blacklist_reason is '黑名单原因 | Blacklist reason';
comment on column public.customers.released_at is '释放到公海 | Released to pool';
comment on column public.customers.claimed_at is '公海认领时间 | Claimed from the pool';
comment on column public.customers.maintenance_due is '变动报送期限（客户信息维护表） | Change report due';
comment on column public.customers.maintenance_reported_at is '变动报送时间 | Change reported at';
comment on column public.customers.last_follow_up_at is '最近有效跟进 | Last valid follow-up';
comment on column public.customers.separate_from is '经确认非重卡（区别于） | Confirmed separate from';
comment on column public.customers.separate_confirmed_by is '重卡确认人 | Separate card confirmed by';
comment on column public.customers.notes is '备注 | Notes';
comment on column public.customers.version is '版本 | Version';
comment on column public.customers.created_at is '创建时间 | Created at';
comment on column public.customers.updated_at is '修改时间 | Updated at';

create index customers_department_id_idx on public.customers (department_id);
create index customers_owner_id_idx on public.customers (owner_id);
create index customers_second_owner_id_idx on public.customers (second_owner_id);
create index customers_recorded_by_idx on public.customers (recorded_by);
create index customers_maintenance_overdue_idx on public.customers (maintenance_due) where maintenance_due is not null;
create index customers_phone_normalized_idx on public.customers (phone_normalized) where phone_normalized is not null;
-- A name as the duplicate check compares it: case, spaces and punctuation (half- or full-width) aside.
create function private.customer_name_key(p_name text) returns text
language sql immutable parallel safe set search_path = ''
as $$
  select nullif(lower(regexp_replace(normalize(coalesce(p_name, ''), NFKC), '[[:space:][:punct:]（）【】《》〈〉「」『』、，。；：！？·・—－…“”‘’　]', '', 'g')), '')
$$;
revoke all on function private.customer_name_key(text) from public;
grant execute on function private.customer_name_key(text) to authenticated, service_role;
create index customers_name_key_idx on public.customers (private.customer_name_key(name));
create index customers_filing_overdue_idx on public.customers (filing_due) where filed_at is null;
create index customers_protection_idx on public.customers (greatest(coalesce(last_follow_up_at, first_contact_at), claimed_at)) where status = '正常';
create index customers_separate_from_idx on public.customers (separate_from);
create index customers_separate_confirmed_by_idx on public.customers (separate_confirmed_by);
create index customers_created_at_idx on public.customers (created_at desc);

-- ── Access requests 查阅申请 ───────────────────────────────────────────────────────────────
create table public.access_requests (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  requester_id uuid not null default private.my_operator_id() references public.operators (id),
  customer_department_id uuid,
  approver_role public.app_role,
  reason text not null,
  status public.access_request_status not null default '待审批',
  approver_id uuid references public.operators (id),
  decided_at timestamptz,
  decision_note text,
  expires_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint access_requests_reason_not_blank check (length(btrim(reason)) between 2 and 500),
  constraint access_requests_approved_has_expiry check (status <> '已批准' or (expires_at is not null and approver_id is not null)),
  -- Bounded input: free text has a length limit, numbers are finite, dates fall in 2000–2100.
  constraint access_requests_decision_note_length check (char_length(decision_note) <= 500),
  constraint access_requests_decided_at_range check (decided_at >= timestamptz '2000-01-01 00:00+08' and decided_at < timestamptz '2101-01-01 00:00+08'),
  constraint access_requests_expires_at_range check (expires_at >= timestamptz '2000-01-01 00:00+08' and expires_at < timestamptz '2101-01-01 00:00+08')
);
comment on constraint access_requests_decision_note_length on public.access_requests is '审批意见最多 500 字 | Decision note: at most 500 characters';
comment on constraint access_requests_decided_at_range on public.access_requests is '审批时间须在 2000–2100 年之间 | Decided at: a date in the years 2000–2100';
comment on constraint access_requests_expires_at_range on public.access_requests is '有效期至须在 2000–2100 年之间 | Valid until: a date in the years 2000–2100';
comment on table public.access_requests is '查阅申请 | Access requests';
comment on column public.access_requests.customer_id is '客户 | Customer';
comment on column public.access_requests.requester_id is '申请人 | Requester';
comment on column public.access_requests.customer_department_id is '客户所属部门 | Customer department';
comment on column public.access_requests.approver_role is '审批角色（本部门经理 / 总经理） | Approver role';
comment on column public.access_requests.reason is '查阅事由 | Reason';
comment on column public.access_requests.status is '状态 | Status';
comment on column public.access_requests.approver_id is '审批人 | Approver';
comment on column public.access_requests.decided_at is '审批时间 | Decided at';
comment on column public.access_requests.decision_note is '审批意见 | Decision note';
comment on column public.access_requests.expires_at is '有效期至 | Valid until';
comment on column public.access_requests.version is '版本 | Version';
comment on column public.access_requests.created_at is '申请时间 | Requested at';
comment on column public.access_requests.updated_at is '修改时间 | Updated at';

create index access_requests_customer_id_idx on public.access_requests (customer_id);
create index access_requests_requester_id_idx on public.access_requests (requester_id);
create index access_requests_requester_granted_idx on public.access_requests (requester_id, customer_id) where status = '已批准';
create index access_requests_customer_department_id_idx on public.access_requests (customer_department_id);
create index access_requests_approver_id_idx on public.access_requests (approver_id);

-- ── Reception roster 顺序表 and allocation log ─────────────────────────────────────────────
create table public.reception_roster (
  id uuid primary key default gen_random_uuid(),
  department_id uuid not null default private.my_department_id() references public.departments (id),
  operator_id uuid not null references public.operators (id) on delete cascade,
  position integer not null default 1,
  on_duty boolean not null default true,
  last_assigned_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint reception_roster_operator_key unique (department_id, operator_id),
  constraint reception_roster_position_positive check (position > 0),
  -- Bounded input: free text has a length limit, numbers are finite, dates fall in 2000–2100.
  constraint reception_roster_last_assigned_at_range check (last_assigned_at >= timestamptz '2000-01-01 00:00+08' and last_assigned_at < timestamptz '2101-01-01 00:00+08')
);
comment on constraint reception_roster_last_assigned_at_range on public.reception_roster is '上次分配须在 2000–2100 年之间 | Last assigned: a date in the years 2000–2100';
comment on table public.reception_roster is '接待顺序表 | Reception roster';
comment on column public.reception_roster.department_id is '部门 | Department';
comment on column public.reception_roster.operator_id is '接待人员 | Staff';
comment on column public.reception_roster.position is '顺序 | Position';
comment on column public.reception_roster.on_duty is '当班 | On duty';
comment on column public.reception_roster.last_assigned_at is '上次分配 | Last assigned';
comment on column public.reception_roster.version is '版本 | Version';
comment on column public.reception_roster.created_at is '创建时间 | Created at';
comment on column public.reception_roster.updated_at is '修改时间 | Updated at';
create index reception_roster_operator_id_idx on public.reception_roster (operator_id);
create index reception_roster_next_idx on public.reception_roster (department_id, last_assigned_at nulls first, position) where on_duty;

create table public.customer_allocations (
  id bigint generated always as identity primary key,
  customer_id uuid not null references public.customers (id) on delete cascade,
  operator_id uuid references public.operators (id),
  previous_operator_id uuid references public.operators (id),
  method text not null,
  reason text,
  assigned_by uuid references public.operators (id),
  assigned_at timestamptz not null default clock_timestamp(),
  constraint customer_allocations_method_check check (method in ('轮流分配', '人工指定', '离职交接', '释放公海', '公海认领', '第二联系人')),
  constraint customer_allocations_manual_needs_reason check (method <> '人工指定' or length(btrim(coalesce(reason, ''))) > 0),
  -- Bounded input: free text has a length limit, numbers are finite, dates fall in 2000–2100.
  constraint customer_allocations_reason_length check (char_length(reason) <= 500),
  constraint customer_allocations_assigned_at_range check (assigned_at >= timestamptz '2000-01-01 00:00+08' and assigned_at < timestamptz '2101-01-01 00:00+08')
);
comment on constraint customer_allocations_reason_length on public.customer_allocations is '原因最多 500 字 | Reason: at most 500 characters';
comment on constraint customer_allocations_assigned_at_range on public.customer_allocations is '时间须在 2000–2100 年之间 | At: a date in the years 2000–2100';
comment on table public.customer_allocations is '客户分配记录 | Customer allocations';
comment on column public.customer_allocations.customer_id is '客户 | Customer';
comment on column public.customer_allocations.operator_id is '分配给 | Assigned to';
comment on column public.customer_allocations.previous_operator_id is '原负责人 | Previous owner';
comment on column public.customer_allocations.method is '方式 | Method';
comment on column public.customer_allocations.reason is '原因 | Reason';
comment on column public.customer_allocations.assigned_by is '操作人 | Assigned by';
comment on column public.customer_allocations.assigned_at is '时间 | At';
create index customer_allocations_customer_id_idx on public.customer_allocations (customer_id);
create index customer_allocations_operator_id_idx on public.customer_allocations (operator_id);
create index customer_allocations_previous_operator_id_idx on public.customer_allocations (previous_operator_id);
create index customer_allocations_assigned_by_idx on public.customer_allocations (assigned_by);

-- ── Helpers ──────────────────────────────────────────────────────────────────────────────
-- Customers the caller may read through an approved, unexpired access request.
create function private.my_granted_customer_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select r.customer_id
  from public.access_requests r
  where r.requester_id = private.my_operator_id() and r.status = '已批准' and r.expires_at > now()
$$;
revoke all on function private.my_granted_customer_ids() from public;
grant execute on function private.my_granted_customer_ids() to authenticated, service_role;

-- The next clerk on duty in a department's reception roster (顺序表循环接待), skipping one person
-- (the owner, when a second contact is chosen); the turn moves on to him.
create function private.next_on_duty(p_department uuid, p_skip uuid default null) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  next_clerk uuid;
begin
  select r.operator_id into next_clerk
  from public.reception_roster r
  join public.operators o on o.id = r.operator_id and o.active
  where r.department_id = p_department and r.on_duty and r.operator_id is distinct from p_skip
  order by r.last_assigned_at nulls first, r.position
  limit 1
  for update of r;
  if next_clerk is not null then
    update public.reception_roster set last_assigned_at = clock_timestamp()
    where department_id = p_department and operator_id = next_clerk;
  end if;
  return next_clerk;
end
$$;
revoke all on function private.next_on_duty(uuid, uuid) from public;

-- New cards: round-robin reception (顺序表循环接待, 不得抢客), filing deadline, a second contact for key
-- customers, the 5-working-day change report of a filed card.
create function private.customers_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  me uuid := private.my_operator_id();
  -- A person writing through the API (not the owner's SQL, a job, a restore or a historical import).
  by_person boolean := (select auth.uid()) is not null and me is not null and not private.keeping_rows_as_given();
  next_clerk uuid;
  person public.operators;
begin
  if tg_op = 'INSERT' or new.first_contact_at is distinct from old.first_contact_at then
    new.filing_due := public.add_working_days(new.first_contact_at, private.setting_int('customer.filing_working_days', 5));
  end if;

  if tg_op = 'INSERT' then
    perform set_config('taizhang.allocation', '', true);
    if by_person then
      new.recorded_by := me;
    end if;
    -- Every new customer a person records is a walk-in received in roster order: the clerk who types
    -- it does not keep it. A manager's override is the Reassign move, with a reason.
    if new.status = '正常' and (by_person or (new.owner_id is null and new.walk_in)) then
      next_clerk := private.next_on_duty(new.department_id);
      if next_clerk is null then
        raise exception '本部门接待顺序表中没有当班人员，无法按顺序分配新客户；请部门经理先安排当班人员 | Nobody is on duty in the department''s reception roster: the manager puts someone on duty first'
          using errcode = '23514', hint = 'owner_id';
      end if;
      new.owner_id := next_clerk;
      new.walk_in := true;
      perform set_config('taizhang.allocation', '轮流分配', true);
    elsif new.owner_id is null and new.status = '正常' then
      new.owner_id := me;
    elsif new.walk_in then
      perform set_config('taizhang.allocation', '人工指定', true);
    end if;
  end if;

  if new.separate_from is not null and (tg_op = 'INSERT' or new.separate_from is distinct from old.separate_from) then
    if (select auth.uid()) is not null
       and not private.may('customers', 'approve', null, (select c.department_id from public.customers c where c.id = new.separate_from)) then
      raise exception '只有部门经理可以确认“不是重卡” | Only the department manager confirms a separate customer' using errcode = '42501';
    end if;
    new.separate_confirmed_by := me;
  end if;

  if new.status = '公海' and (tg_op = 'INSERT' or old.status <> '公海') then
    new.owner_id := null;
    new.second_owner_id := null;
    new.released_at := coalesce(new.released_at, now());
  end if;

  -- 重点客户: two people keep in touch (两名以上的人员与之联系). A manager names the second contact;
  -- else the next clerk on duty becomes it. Moving the card to its second contact swaps the two.
  if new.second_owner_id is not null and new.second_owner_id is distinct from (case when tg_op = 'UPDATE' then old.second_owner_id end) then
    if by_person and not coalesce(private.may('customers', 'approve', null, new.department_id), false) then
      raise exception '第二联系人由部门经理指定 | The department manager names the second contact' using errcode = '42501', hint = 'second_owner_id';
    end if;
    select * into person from public.operators o where o.id = new.second_owner_id;
    if person.id is null or not person.active or person.department_id is distinct from new.department_id then
      raise exception '第二联系人须是本部门在岗人员 | The second contact must be an active member of the department' using errcode = '22023', hint = 'second_owner_id';
    end if;
  end if;
  if new.owner_id is not null and new.owner_id = new.second_owner_id then
    new.second_owner_id := case when tg_op = 'UPDATE' and old.owner_id is distinct from new.owner_id then old.owner_id end;
  end if;
  if new.category = '重点客户' and new.status = '正常' and new.second_owner_id is null and new.owner_id is not null then
    new.second_owner_id := private.next_on_duty(new.department_id, new.owner_id);
    if new.second_owner_id is null and by_person then
      raise exception '重点客户须有两名以上人员联系：本部门没有其他当班人员可作第二联系人，请部门经理指定 | A key customer needs a second contact: nobody else is on duty, the manager names one'
        using errcode = '23514', hint = 'second_owner_id';
    end if;
  end if;

  -- 已备案客户的最新变动状况, 5 个工作日内反应: a person's change to a filed card's particulars is
  -- due to be reported (客户信息维护表, the Report change move) within the filing working days.
  if tg_op = 'UPDATE' and by_person and old.filed_at is not null
     and (new.name, new.category, new.grade, new.enterprise_nature, new.supervising_unit, new.address, new.building, new.unit, new.room,
          new.contact_person, new.phone)
         is distinct from (old.name, old.category, old.grade, old.enterprise_nature, old.supervising_unit, old.address, old.building, old.unit,
          old.room, old.contact_person, old.phone) then
    new.maintenance_due := coalesce(old.maintenance_due, public.add_working_days(now(), private.setting_int('customer.filing_working_days', 5)));
  end if;
  return new;
end
$$;

create function private.customers_log_allocation() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  method text := current_setting('taizhang.allocation', true);
begin
  if tg_op = 'INSERT' and coalesce(method, '') <> '' then
    insert into public.customer_allocations (customer_id, operator_id, method, reason, assigned_by)
    values (new.id, new.owner_id, method, case when method = '人工指定' then '来访客户人工指定负责人' end, private.my_operator_id());
  end if;
  if new.second_owner_id is not null and new.second_owner_id is distinct from (case when tg_op = 'UPDATE' then old.second_owner_id end) then
    insert into public.customer_allocations (customer_id, operator_id, previous_operator_id, method, reason, assigned_by)
    values (new.id, new.second_owner_id, case when tg_op = 'UPDATE' then old.second_owner_id end, '第二联系人', '重点客户两名以上人员联系',
            private.my_operator_id());
  end if;
  perform set_config('taizhang.allocation', '', true);
  return null;
end
$$;
revoke all on function private.customers_before_write(), private.customers_log_allocation() from public;

create trigger customers_before_write before insert or update on public.customers
  for each row execute function private.customers_before_write();

-- 重卡: one card per customer: the same phone, or the same name written with other spaces, case or
-- punctuation, flags it (SPEC: phone OR name). The search looks past the caller's policies (security definer) so
-- a card another clerk owns is found too; the refusal names the card only to whom may read it
-- (the trigger below asks as the caller), and otherwise says where it is kept and whom to ask.
-- (phone, not the generated phone_normalized: generated columns are not yet computed here)
create function private.duplicate_card_of(p_id uuid, p_phone text, p_name text, p_building text, p_unit text, p_room text,
  p_separate_from uuid) returns table (id uuid, department text)
language sql stable security definer set search_path = ''
as $$
  select c.id, coalesce(d.name, '')
  from public.customers c
  left join public.departments d on d.id = c.department_id
  where c.id <> p_id
    and (c.phone_normalized = regexp_replace(coalesce(p_phone, ''), '\D', '', 'g')
         or private.customer_name_key(c.name) = private.customer_name_key(p_name))
    and c.id is distinct from p_separate_from
    and c.separate_from is distinct from p_id
  limit 1
$$;

create function private.customers_refuse_duplicate() returns trigger
language plpgsql security invoker set search_path = ''
as $$
declare
  existing record;
  seen record;
begin
  if tg_op = 'UPDATE' and new.phone is not distinct from old.phone and new.name is not distinct from old.name then
    return new;
  end if;
  -- The name is compared on what a person types; rows the owner loads (seeds, migrations) are
  -- compared by phone alone.
  select * into existing from private.duplicate_card_of(new.id, new.phone,
    case when (select auth.uid()) is not null then new.name end, new.building, new.unit, new.room, new.separate_from);
  if existing.id is null then
    return new;
  end if;
  -- As the caller: only a card they may read is named.
  select c.code, c.name into seen from public.customers c where c.id = existing.id;
  if seen.code is not null then
    raise exception '重卡：客户“%”已有档案 %（电话或名称相同），不能重复建卡。如确为不同客户，请部门经理标记为独立客户。 | Duplicate card: this customer already has a file (same phone or name); the department manager marks a separate customer', seen.name, seen.code
      using errcode = '23505', detail = format('duplicate of customer %s', seen.code), hint = 'separate_from';
  end if;
  raise exception '%', format('重卡：%s已有电话或名称相同的客户档案，不能重复建卡；它不在您的查看范围内，如需为该客户服务，请联系%s或提交查阅申请 | Duplicate card: %s already holds a customer with this phone or name; it is not visible to you: ask %s or request access',
                              case when existing.department = '' then '本中心' else '“' || existing.department || '”' end,
                              case when existing.department = '' then '客服中心主任' else '该部门经理' end,
                              case when existing.department = '' then 'the centre' else existing.department end,
                              case when existing.department = '' then 'the director' else 'its manager' end)
    using errcode = '23505', hint = 'separate_from';
end
$$;
revoke all on function private.duplicate_card_of(uuid, text, text, text, text, text, uuid), private.customers_refuse_duplicate() from public;
grant execute on function private.duplicate_card_of(uuid, text, text, text, text, text, uuid), private.customers_refuse_duplicate()
  to authenticated, service_role;
create trigger customers_refuse_duplicate before insert or update on public.customers
  for each row execute function private.customers_refuse_duplicate();
create trigger customers_log_allocation after insert or update on public.customers
  for each row execute function private.customers_log_allocation();

-- Access requests: who approves is fixed at filing — the department manager for a customer of
-- the requester's own department, the general manager for another department's.
create function private.access_requests_before_insert() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  select c.department_id into new.customer_department_id from public.customers c where c.id = new.customer_id;
  if new.customer_department_id is null then
    raise exception '客户不存在 | No such customer' using errcode = '23503';
  end if;
  new.approver_role := case when new.customer_department_id = (select o.department_id from public.operators o where o.id = new.requester_id)
                            then 'manager'::public.app_role else 'gm'::public.app_role end;
  new.status := '待审批';
  new.approver_id := null;
  new.decided_at := null;
  new.expires_at := null;
  return new;
end
$$;
revoke all on function private.access_requests_before_insert() from public;
create trigger access_requests_before_insert before insert on public.access_requests
  for each row execute function private.access_requests_before_insert();

-- ── RLS ──────────────────────────────────────────────────────────────────────────────────
alter table public.customers enable row level security;
alter table public.access_requests enable row level security;
alter table public.reception_roster enable row level security;
alter table public.customer_allocations enable row level security;

revoke all on public.customers, public.access_requests, public.reception_roster, public.customer_allocations from anon;
grant select, insert, update, delete on public.customers, public.reception_roster to authenticated;
-- Requests are decided through decide_access_request and allocations are written by the rules:
-- operators hold no direct update or delete on either.
revoke update, delete on public.access_requests, public.customer_allocations from authenticated;
revoke insert on public.customer_allocations from authenticated;
grant select, insert on public.access_requests to authenticated;
grant select on public.customer_allocations to authenticated;
grant usage on sequence public.customers_code_seq to authenticated;

-- Owner, the owning department's manager, director and gm read; others only by an approved request.
-- A key customer's second contact reads it too. Whoever records a card sees it in the very
-- transaction that records it (the write returns the row), and no longer: it went to the clerk
-- whose turn it was.
select private.create_register_policies('public.customers', owner_column => 'owner_id', department_column => 'department_id',
  read_also => 'id in (select private.my_granted_customer_ids())
                or second_owner_id = (select private.my_operator_id())
                or (recorded_by = (select private.my_operator_id()) and created_at = now())');

-- The requester reads their own requests; a request is filed in one's own name whatever the scope,
-- and decided only through decide_access_request (no update or delete policy).
select private.create_register_policies('public.access_requests', owner_column => 'requester_id',
  department_column => 'customer_department_id',
  read_also => 'requester_id = (select private.my_operator_id())',
  insert_if => 'requester_id = (select private.my_operator_id())',
  actions => array['select', 'insert']);

select private.create_register_policies('public.reception_roster', department_column => 'department_id');

-- An allocation is visible to whoever can see the customer.
create policy customer_allocations_select on public.customer_allocations
  for select to authenticated using (exists (select 1 from public.customers c where c.id = customer_id));

select private.register_table('public.customers');
-- What chases the owner, and whose card it is, is the database's (issue 11): set by the rules
-- above, the jobs and the moves below (file, reassign, hand over), never typed into a cell.
select private.declare_system_column('public.customers', c.name, c.why)
from (values
  ('code', '“客户编码”由系统按顺序编号，不能指定或修改 | The customer code is assigned by the system in sequence'),
  ('filing_due', '“备案期限”由系统按首次接触日计算，不能修改 | Filing due is computed from the first contact and cannot be edited'),
  ('filed_at', '“备案日期”只能通过“备案”操作记录 | Filed at is recorded only by the File move'),
  ('last_follow_up_at', '“最近有效跟进”由客户往来记录计算，不能修改 | Last valid follow-up is computed from the contacts and cannot be edited'),
  ('released_at', '“释放到公海”由系统记录 | Released to pool is recorded by the system'),
  ('separate_confirmed_by', '“重卡确认人”由系统记录为确认的经理 | Separate card confirmed by is recorded by the system'),
  ('owner_id', '“负责人”由首问责任或轮流分配决定，变更须经部门经理“改派”并写明原因 | The owner is set by first contact or the roster; a manager reassigns it with a reason'),
  ('department_id', '“所属部门”是建卡人的部门，不能指定或修改 | The department is the filer''s own and cannot be chosen or changed'),
  ('walk_in', '“来访新客户”由系统记录：新客户按接待顺序表轮流分配 | Walk-in is recorded by the system: new customers go round the reception roster'),
  ('recorded_by', '“录入人”是建卡人本人，不能修改 | Recorded by is whoever recorded the card'),
  ('claimed_at', '“公海认领时间”由“认领”操作记录 | Claimed from the pool is recorded by the Claim move'),
  ('maintenance_due', '“变动报送期限”由系统在已备案客户资料变动时计算 | Change report due is set by the system when a filed card changes'),
  ('maintenance_reported_at', '“变动报送时间”只能通过“报送变动”操作记录 | Change reported at is recorded only by the Report change move')
) as c(name, why);
-- An access request names the very customer its requester cannot read.
select private.register_table('public.access_requests', may_reference_unreadable => array['customer_id']);
select private.register_table('public.reception_roster');

-- ── Workflow RPCs ────────────────────────────────────────────────────────────────────────
create function public.decide_access_request(request_id uuid, approve boolean, note text default null, valid_days integer default null)
returns public.access_requests
language plpgsql security definer set search_path = ''
as $$
declare
  req public.access_requests;
  me public.operators;
begin
  -- Through the permission helper, so a banned or locked account's old token decides nothing.
  select * into me from public.operators where id = (select private.my_operator_id());
  select * into req from public.access_requests where id = request_id for update;
  if req.id is null then
    raise exception '查阅申请不存在 | No such access request' using errcode = 'PT404';
  end if;
  if req.status <> '待审批' then
    raise exception '该申请已处理（%），不能重复审批 | This request is already decided', req.status using errcode = 'PT409';
  end if;
  if me.id is null
     or not coalesce((req.approver_role = 'manager' and me.role = 'manager' and me.department_id = req.customer_department_id)
                     or (req.approver_role = 'gm' and me.role = 'gm'), false) then
    raise exception '无权审批：%', case when req.approver_role = 'manager' then '本部门客户的查阅申请由该部门经理审批' else '跨部门查阅申请由总经理审批' end
      using errcode = '42501';
  end if;
  if me.id = req.requester_id then
    raise exception '不能审批自己的申请 | You cannot decide your own request' using errcode = '42501';
  end if;
  update public.access_requests
  set status = (case when approve then '已批准' else '已驳回' end)::public.access_request_status,
      approver_id = me.id,
      decided_at = now(),
      decision_note = note,
      expires_at = case when approve then now() + make_interval(days => coalesce(valid_days, private.setting_int('access_request.default_days', 7))) end
  where id = request_id
  returning * into req;
  return req;
end
$$;
comment on function public.decide_access_request(uuid, boolean, text, integer) is '审批查阅申请 | Decide an access request';

create function public.hand_over_customers(from_operator uuid, to_operator uuid, reason text default '离职交接')
returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  leaving public.operators;
  successor public.operators;
  moved integer;
begin
  select * into leaving from public.operators where id = from_operator;
  select * into successor from public.operators where id = to_operator;
  if leaving.id is null or successor.id is null then
    raise exception '交接人或接收人不存在 | No such operator' using errcode = 'PT404';
  end if;
  if not successor.active then
    raise exception '接收人“%”已不在岗，不能接收客户', successor.name using errcode = '23514';
  end if;
  if leaving.id = successor.id then
    raise exception '交接人和接收人不能是同一人 | The leaver and the successor must differ' using errcode = '22023';
  end if;
  if not private.may('customers', 'approve', null, leaving.department_id) then
    raise exception '无权办理客户交接：需要交接人所在部门的经理或客服中心主任 | Not allowed: the leaver''s department manager or the director hands over customers' using errcode = '42501';
  end if;
  with moved_rows as (
    update public.customers set owner_id = successor.id
    where owner_id = leaving.id
    returning id
  ), logged as (
    insert into public.customer_allocations (customer_id, operator_id, previous_operator_id, method, reason, assigned_by)
    select id, successor.id, leaving.id, '离职交接', reason, private.my_operator_id() from moved_rows
    returning 1
  )
  select count(*) into moved from logged;
  return moved;
end
$$;
comment on function public.hand_over_customers(uuid, uuid, text) is '离职客户交接 | Hand over a leaving operator''s customers';

-- 备案: the owner (or whoever may update the card) records the filing; the filing job stops chasing.
create function public.file_customer(customer_id uuid) returns public.customers
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_column
declare
  card public.customers;
begin
  select * into card from public.customers c where c.id = file_customer.customer_id for update;
  if card.id is null or not (private.may('customers', 'read', card.owner_id, card.department_id)
                             or card.id in (select private.my_granted_customer_ids())) then
    raise exception '客户不存在或无权查看 | No such customer, or not visible to you' using errcode = 'PT404';
  end if;
  if not coalesce(private.may('customers', 'update', card.owner_id, card.department_id), false) then
    raise exception '无权备案：需要负责人或部门经理 | Not allowed: the owner or the department manager files a customer' using errcode = '42501';
  end if;
  if card.filed_at is not null then
    raise exception '该客户已备案 | This customer is already filed' using errcode = 'PT409';
  end if;
  update public.customers c set filed_at = now() where c.id = card.id returning * into card;
  return card;
end
$$;
comment on function public.file_customer(uuid) is '备案 | File';

-- 改派: a manager moves a card to another active clerk of the same department, with a reason
-- (recorded in customer_allocations as 人工指定).
create function public.reassign_customer(customer_id uuid, owner uuid, reason text) returns public.customers
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_column
declare
  card public.customers;
  person public.operators;
begin
  select * into card from public.customers c where c.id = reassign_customer.customer_id for update;
  if card.id is null or not private.may('customers', 'read', card.owner_id, card.department_id) then
    raise exception '客户不存在或无权查看 | No such customer, or not visible to you' using errcode = 'PT404';
  end if;
  if not coalesce(private.may('customers', 'approve', null, card.department_id), false) then
    raise exception '无权改派：需要该客户所属部门的经理 | Not allowed: the department''s manager reassigns a customer' using errcode = '42501';
  end if;
  select * into person from public.operators o where o.id = reassign_customer.owner;
  if person.id is null or not person.active or person.department_id is distinct from card.department_id then
    raise exception '新负责人须是本部门在岗人员 | The new owner must be an active member of the department' using errcode = '22023', hint = 'owner';
  end if;
  if length(btrim(coalesce(reason, ''))) < 2 then
    raise exception '改派须写明原因 | A reassignment needs a reason' using errcode = '23502', hint = 'reason';
  end if;
  if card.status <> '正常' then
    raise exception '只有正常状态的客户可以改派（当前：%） | Only an active customer can be reassigned', card.status using errcode = 'PT409';
  end if;
  insert into public.customer_allocations (customer_id, operator_id, previous_operator_id, method, reason, assigned_by)
  values (card.id, person.id, card.owner_id, '人工指定', reason, private.my_operator_id());
  update public.customers c set owner_id = person.id where c.id = card.id returning * into card;
  return card;
end
$$;
comment on function public.reassign_customer(uuid, uuid, text) is '改派负责人 | Reassign the owner';

-- The valid follow-up rule: a customer whose last follow-up is older than the protection period
-- goes to the public pool. Called by the daily job (service_role) with the job's as-of time.
create function public.release_unprotected_customers(as_of timestamptz default now())
returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  released integer;
begin
  with released_rows as (
    update public.customers c
    set status = '公海', owner_id = null, released_at = as_of
    where c.status = '正常'
      and greatest(coalesce(c.last_follow_up_at, c.first_contact_at), c.claimed_at) < as_of - make_interval(days => private.setting_int('customer.protection_days', 30))
    returning c.id
  ), logged as (
    insert into public.customer_allocations (customer_id, operator_id, method, reason)
    select id, null, '释放公海', '超过保护期无有效跟进' from released_rows
    returning 1
  )
  select count(*) into released from logged;
  return released;
end
$$;
comment on function public.release_unprotected_customers(timestamptz) is '释放无有效跟进的客户到公海 | Release unprotected customers to the pool';

revoke all on function public.decide_access_request(uuid, boolean, text, integer), public.hand_over_customers(uuid, uuid, text),
  public.release_unprotected_customers(timestamptz) from public, anon;
-- Supabase's default privileges grant new functions to authenticated; the pool release is the scheduler's alone.
revoke execute on function public.release_unprotected_customers(timestamptz) from authenticated;
revoke all on function public.file_customer(uuid), public.reassign_customer(uuid, uuid, text) from public, anon;
grant execute on function public.decide_access_request(uuid, boolean, text, integer), public.hand_over_customers(uuid, uuid, text),
  public.file_customer(uuid), public.reassign_customer(uuid, uuid, text)
  to authenticated;
grant execute on function public.release_unprotected_customers(timestamptz) to service_role;

-- ── Public pool 公海 ─────────────────────────────────────────────────────────────────────
-- What clerks see of a released customer, and nothing more of the card: its code, name, grade and
-- since when it is in the pool. Kept by the database from the customers (no role writes it);
-- readable by the permission rows of register customer_pool; claimed with the 认领 move.
create table public.customer_pool (
  customer_id uuid primary key references public.customers (id) on delete cascade,
  code text not null,
  name text not null,
  grade text not null,
  department_id uuid not null references public.departments (id),
  released_at timestamptz not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint customer_pool_code_length check (char_length(code) <= 40),
  constraint customer_pool_name_length check (char_length(name) <= 100),
  constraint customer_pool_released_at_range check (released_at >= timestamptz '2000-01-01 00:00+08' and released_at < timestamptz '2101-01-01 00:00+08')
);
comment on constraint customer_pool_code_length on public.customer_pool is '客户编码最多 40 字 | Customer code: at most 40 characters';
comment on constraint customer_pool_name_length on public.customer_pool is '客户名称最多 100 字 | Name: at most 100 characters';
comment on constraint customer_pool_released_at_range on public.customer_pool is '进入公海须在 2000–2100 年之间 | In the pool since: a date in the years 2000–2100';
comment on table public.customer_pool is '公海客户 | Public pool';
comment on column public.customer_pool.customer_id is '客户 | Customer';
comment on column public.customer_pool.code is '客户编码 | Customer code';
comment on column public.customer_pool.name is '客户名称 | Name';
comment on column public.customer_pool.grade is '客户等级 | Grade';
comment on column public.customer_pool.department_id is '所属部门 | Department';
comment on column public.customer_pool.released_at is '进入公海 | In the pool since';
comment on column public.customer_pool.version is '版本 | Version';
comment on column public.customer_pool.created_at is '创建时间 | Created at';
comment on column public.customer_pool.updated_at is '修改时间 | Updated at';
create index customer_pool_department_id_idx on public.customer_pool (department_id);
create index customer_pool_released_at_idx on public.customer_pool (released_at desc);

create function private.customers_sync_pool() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.status = '公海' then
    insert into public.customer_pool (customer_id, code, name, grade, department_id, released_at)
    values (new.id, new.code, new.name, new.grade, new.department_id, coalesce(new.released_at, now()))
    on conflict (customer_id) do update set code = excluded.code, name = excluded.name, grade = excluded.grade,
      department_id = excluded.department_id, released_at = excluded.released_at
    where (customer_pool.code, customer_pool.name, customer_pool.grade, customer_pool.department_id, customer_pool.released_at)
          is distinct from (excluded.code, excluded.name, excluded.grade, excluded.department_id, excluded.released_at);
  elsif tg_op = 'UPDATE' and old.status = '公海' then
    delete from public.customer_pool p where p.customer_id = new.id;
  end if;
  return null;
end
$$;
revoke all on function private.customers_sync_pool() from public;
create trigger customers_sync_pool after insert or update on public.customers
  for each row execute function private.customers_sync_pool();

alter table public.customer_pool enable row level security;
revoke all on public.customer_pool from anon, authenticated;
grant select on public.customer_pool to authenticated;
select private.create_register_policies('public.customer_pool', department_column => 'department_id', actions => array['select']);

-- 认领: a clerk takes a pool customer of his department as its owner, recorded, at most
-- customer.pool_claims_per_month a month (Beijing calendar month).
create function public.claim_pool_customer(customer_id uuid) returns public.customers
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_column
declare
  card public.customers;
  me public.operators;
  month_start timestamptz := date_trunc('month', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai';
  claimed integer;
  limit_per_month integer := private.setting_int('customer.pool_claims_per_month', 10);
begin
  select * into me from public.operators o where o.id = (select private.my_operator_id());
  select * into card from public.customers c where c.id = claim_pool_customer.customer_id for update;
  if card.id is null or me.id is null
     or not (card.status = '公海' and coalesce(private.may('customer_pool', 'read', null, card.department_id), false))
        and not coalesce(private.may('customers', 'read', card.owner_id, card.department_id), false) then
    raise exception '公海中没有这位客户，或您无权查看 | No such customer in the pool, or not visible to you' using errcode = 'PT404';
  end if;
  if card.status <> '公海' then
    raise exception '该客户已不在公海（当前：%），不能认领 | This customer is no longer in the pool', card.status using errcode = 'PT409';
  end if;
  if not coalesce(private.may('customer_pool', 'approve', null, card.department_id), false) or me.department_id is distinct from card.department_id then
    raise exception '无权认领：公海客户由本部门客服人员认领 | Not allowed: a clerk of the customer''s department claims it' using errcode = '42501';
  end if;
  select count(*) into claimed from public.customer_allocations a
  where a.operator_id = me.id and a.method = '公海认领' and a.assigned_at >= month_start;
  if claimed >= limit_per_month then
    raise exception '本月已认领 % 位公海客户，已达每月上限 % 位 | You have claimed % pool customers this month, the monthly limit', claimed, limit_per_month, claimed
      using errcode = 'PT409';
  end if;
  insert into public.customer_allocations (customer_id, operator_id, method, reason, assigned_by)
  values (card.id, me.id, '公海认领', '从公海认领', me.id);
  update public.customers c set status = '正常', owner_id = me.id, claimed_at = now() where c.id = card.id returning * into card;
  return card;
end
$$;
comment on function public.claim_pool_customer(uuid) is '从公海认领 | Claim from the pool';

-- 客户信息维护表: the owner reports a filed card's changes (within the filing working days).
create function public.report_customer_change(customer_id uuid) returns public.customers
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_column
declare
  card public.customers;
begin
  select * into card from public.customers c where c.id = report_customer_change.customer_id for update;
  if card.id is null or not private.may('customers', 'read', card.owner_id, card.department_id) then
    raise exception '客户不存在或无权查看 | No such customer, or not visible to you' using errcode = 'PT404';
  end if;
  if not coalesce(private.may('customers', 'update', card.owner_id, card.department_id), false) then
    raise exception '无权报送：需要负责人或部门经理 | Not allowed: the owner or the department manager reports a change' using errcode = '42501';
  end if;
  if card.maintenance_due is null then
    raise exception '没有待报送的变动 | No change is waiting to be reported' using errcode = 'PT409';
  end if;
  update public.customers c set maintenance_due = null, maintenance_reported_at = now() where c.id = card.id returning * into card;
  return card;
end
$$;
comment on function public.report_customer_change(uuid) is '报送变动 | Report the change';

-- People get told, once: a new access request reaches its approver(s) — the department manager
-- for an own-department customer, the general manager for another department's (as
-- decide_access_request decides) — and the decision reaches the requester. Each links to the request.
create function private.access_requests_notify() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  who text := (select o.name from public.operators o where o.id = new.requester_id);
  card text := (select c.code from public.customers c where c.id = new.customer_id);
begin
  if tg_op = 'INSERT' then
    perform private.notify(a.id, '查阅申请', format('%s 申请查阅客户 %s 的档案，待您审批 | %s asks to see customer %s: for your decision', who, card, who, card), new.reason,
                           'access_requests', new.id::text, null, 'access-request:' || new.id)
    from (select m.id from private.manager_ids(new.customer_department_id) as m(id) where new.approver_role = 'manager'
          union
          select o.id from public.operators o where new.approver_role = 'gm' and o.role = 'gm' and o.active) a
    where a.id is distinct from new.requester_id;
  elsif new.status is distinct from old.status and new.status in ('已批准', '已驳回') then
    perform private.notify(new.requester_id, '审批结果',
                           format('您查阅客户 %s 的申请%s | Your request to see customer %s was %s', card, case when new.status = '已批准' then '已批准' else '已驳回' end,
                                  card, case when new.status = '已批准' then 'approved' else 'declined' end),
                           new.decision_note, 'access_requests', new.id::text, new.expires_at, 'access-decision:' || new.id);
  end if;
  return null;
end
$$;
revoke all on function private.access_requests_notify() from public;
create trigger access_requests_notify after insert or update on public.access_requests
  for each row execute function private.access_requests_notify();

revoke all on function public.claim_pool_customer(uuid), public.report_customer_change(uuid) from public, anon;
grant execute on function public.claim_pool_customer(uuid), public.report_customer_change(uuid) to authenticated;

-- The change-report job (daily 08:00): a filed card whose change is not reported by its due date
-- → its owner and the department manager, once per change (the due date is in the dedupe key).
-- Run by public.run_job (migrations/20261122010000_scheduled_job_runs.sql) as private.job_customer_changes.
create function private.job_customer_changes(as_of timestamptz) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  raised integer;
begin
  with due as (
    select c.id, c.code, c.name, c.maintenance_due, c.owner_id, c.department_id
    from public.customers c
    where c.maintenance_due is not null and c.status <> '公海'
      and c.maintenance_due < (as_of at time zone 'Asia/Shanghai')::date
  ), recipients as (
    select d.*, d.owner_id as recipient from due d where d.owner_id is not null
    union
    select d.*, m.id from due d cross join lateral private.manager_ids(d.department_id) as m(id)
  )
  select count(*) filter (where private.notify(r.recipient, '备案逾期',
           format('客户 %s（%s）的资料变动未在 %s 前报送 | Change of customer %s (%s) not reported by %s', r.name, r.code, r.maintenance_due, r.name, r.code, r.maintenance_due),
           '已备案客户的最新变动状况须在 5 个工作日内报送（客户信息维护表）：请在客户档案中点“报送变动” | A filed customer''s changes are reported within 5 working days: press "Report the change" on the customer''s card', 'customers', r.id::text,
           r.maintenance_due::timestamptz, 'change-report:' || r.id || ':' || r.maintenance_due))::integer
  into raised
  from recipients r;
  return raised;
end
$$;
revoke all on function private.job_customer_changes(timestamptz) from public;

insert into public.scheduled_jobs (name, function_name, schedule, description) values
  ('customer-changes', 'customer-changes', '0 0 * * *', '客户变动报送逾期提醒（每天 08:00）：已备案客户资料变动 5 个工作日未报送 | Unreported changes of filed customers, daily 08:00');

insert into public.settings (key, value, label) values
  ('customer.pool_claims_per_month', '10', '每人每月可从公海认领的客户数 | Pool customers a clerk may claim a month');

-- ── English labels of the options ─────────────────────────────────────────────────────────
select private.label_options('{
  "正常": "Active", "公海": "Public pool", "黑名单": "Blacklisted",
  "待审批": "Awaiting approval", "已批准": "Approved", "已驳回": "Rejected", "已撤回": "Withdrawn",
  "目标客户": "Target customer", "一般客户": "Regular customer", "重点客户": "Key customer", "潜在客户": "Prospect",
  "A": "A (signing within a month)", "B": "B (signing in 2–3 months)", "C": "C (other)",
  "轮流分配": "Round-robin", "人工指定": "Assigned by hand", "离职交接": "Handover from a leaver", "释放公海": "Released to the pool",
  "公海认领": "Claimed from the pool", "第二联系人": "Second contact"
}');

-- ── Default permissions (SPEC: customers) ────────────────────────────────────────────────
insert into public.permissions (role, register, action, scope, note) values
  ('clerk', 'customers', 'read', 'own', '本人负责的客户；其他需查阅申请'),
  ('clerk', 'customers', 'create', 'department', '为本部门建卡（来访客户轮流分配）'),
  ('clerk', 'customers', 'update', 'own', '维护本人负责的客户'),
  ('manager', 'customers', 'read', 'department', '本部门客户'),
  ('manager', 'customers', 'create', 'department', null),
  ('manager', 'customers', 'update', 'department', null),
  ('manager', 'customers', 'delete', 'department', '删除进入回收站，可恢复'),
  ('manager', 'customers', 'approve', 'department', '确认非重卡、办理交接'),
  ('director', 'customers', 'read', 'all', null),
  ('director', 'customers', 'update', 'all', null),
  ('director', 'customers', 'approve', 'all', null),
  ('gm', 'customers', 'read', 'all', null),
  ('clerk', 'access_requests', 'create', 'own', null),
  ('archivist', 'access_requests', 'create', 'own', null),
  ('manager', 'access_requests', 'create', 'own', null),
  ('manager', 'access_requests', 'read', 'department', '审批本部门客户的查阅申请'),
  ('director', 'access_requests', 'create', 'own', null),
  ('director', 'access_requests', 'read', 'all', null),
  ('gm', 'access_requests', 'read', 'all', '审批跨部门查阅申请'),
  ('gm', 'access_requests', 'approve', 'all', null),
  ('manager', 'access_requests', 'approve', 'department', null),
  ('clerk', 'reception_roster', 'read', 'department', null),
  ('manager', 'reception_roster', 'read', 'department', null),
  ('manager', 'reception_roster', 'create', 'department', null),
  ('manager', 'reception_roster', 'update', 'department', null),
  ('manager', 'reception_roster', 'delete', 'department', null),
  ('director', 'reception_roster', 'read', 'all', null),
  ('clerk', 'customer_pool', 'read', 'department', '本部门公海客户：编码、名称、等级、进入公海时间'),
  -- (the claim is a move, as approving is: 'update' would offer editing and importing the pool)
  ('clerk', 'customer_pool', 'approve', 'department', '认领公海客户（每月上限见系统参数 customer.pool_claims_per_month）'),
  ('manager', 'customer_pool', 'read', 'department', null),
  ('director', 'customer_pool', 'read', 'all', null),
  ('gm', 'customer_pool', 'read', 'all', null);

-- ── Screens (register declarations) ──────────────────────────────────────────────────────
select private.declare_register('public.customers', menu_group => 'service', menu_order => 10,
  print_title => '客户档案 | Customer file', title_columns => array['code', 'name']);
select private.declare_column('public.customers', 'phone', kind => 'phone');
select private.declare_column('public.customers', 'notes', kind => 'longtext');
select private.declare_move('public.customers', 'file', '备案 | File', 'file_customer', 'customer_id',
  condition => $$filed_at is null and private.may('customers', 'update', owner_id, department_id)$$);
select private.declare_move('public.customers', 'reassign', '改派 | Reassign', 'reassign_customer', 'customer_id',
  fields => '[{"name": "owner", "label": "新负责人 | New owner", "column": "owner_id"},
              {"name": "reason", "label": "改派原因 | Reason"}]',
  state_column => 'status', from_states => array['正常'],
  requires_register => 'customers', requires_action => 'approve');
select private.declare_move('public.customers', 'report_change', '报送变动 | Report the change', 'report_customer_change', 'customer_id',
  condition => $$maintenance_due is not null and private.may('customers', 'update', owner_id, department_id)$$);
select private.declare_register('public.customer_pool', menu_group => 'service', menu_order => 15, title_columns => array['code', 'name']);
select private.declare_move('public.customer_pool', 'claim', '认领 | Claim', 'claim_pool_customer', 'customer_id',
  condition => $$private.may('customer_pool', 'approve', null, department_id) and department_id = private.my_department_id()$$,
  confirm => '认领后该客户由您负责跟进，确定认领？ | You will own and follow up this customer. Claim it?');
select private.declare_register('public.access_requests', menu_group => 'service', menu_order => 50);
select private.declare_column('public.access_requests', 'reason', kind => 'longtext');
select private.declare_column('public.access_requests', 'decision_note', kind => 'longtext');
select private.declare_register('public.customer_allocations', menu_group => 'service', menu_order => 60);
select private.declare_column('public.customer_allocations', 'reason', kind => 'longtext');
select private.declare_register('public.reception_roster', menu_group => 'organisation', menu_order => 10);

-- Deciding a request waiting for approval, offered to those who approve access requests
-- (decide_access_request still checks the department, the approver's role and self-approval).
select private.declare_move('public.access_requests', 'approve', '批准 | Approve', 'decide_access_request', 'request_id',
  fields => '[{"name": "note", "label": "审批意见 | Note"}]', fixed_args => '{"approve": true}',
  state_column => 'status', from_states => array['待审批'], to_state => '已批准',
  requires_register => 'access_requests', requires_action => 'approve');
select private.declare_move('public.access_requests', 'decline', '驳回 | Decline', 'decide_access_request', 'request_id',
  fields => '[{"name": "note", "label": "审批意见 | Note"}]', fixed_args => '{"approve": false}',
  state_column => 'status', from_states => array['待审批'], to_state => '已驳回',
  requires_register => 'access_requests', requires_action => 'approve',
  danger => true, confirm => '确定驳回这条查阅申请？ | Decline this access request?');
