-- Performance sources 绩效来源 (issue 16 point 1 and the points part of point 2; RULES §15): the
-- registers the performance statements (20261128000200) read, and the rates they are reckoned by.
--   performance_rates 绩效标准     effective-dated rates (key, value, effective_from): the row with the
--                                   latest effective_from on or before a day counts for that day
--                                   (private.performance_rate). Admin inserts a new row to change a
--                                   rate; a rate already in effect is never rewritten.
--   service_records 服务记录单     a job done by a service engineer (duty 服务工程师) for a customer;
--                                   its points come from the rate 'points.job.<kind>' on the day served
--                                   (000 第四条 4.1 依据客服部调试工程工作系数…计算出每月效劳人员的出差
--                                   工程对应的效劳点数). The customer signs the record; if not, the
--                                   engineer asks for an exemption and the department manager (or the
--                                   director) approves it (9.5 特别状况经同意可以不签效劳记录单); an
--                                   unsigned record without one costs 100 yuan (否则每次罚款100元:
--                                   applied by the statements, which read status '未签收').
--   safety_incidents 安全事故       recorded by the manager or the director; −2 points that month (4.2).
--   parts_sales 备品备件销售        quote, cost, margin and commission (第八条: 35% margin → 3%, 50% →
--                                   5%, of the amount, once paid in full; 0 below or until then).
--   praise_letters 表扬信           a customer's letter praising an operator; the director sets the
--                                   award within 200–500 yuan (9.1).
--   monthly_service_points 月度服务点数  per engineer and month: points, incidents, net = points −
--                                   2 × incidents, bonus = max(0, net − 17) × 270 (4.1, 4.2), kept by
--                                   triggers and recomputed by private.compute_monthly_points(month).

-- ── Rates ────────────────────────────────────────────────────────────────────────────────
create table public.performance_rates (
  id uuid primary key default gen_random_uuid(),
  key text not null,
  value numeric(14, 4) not null,
  effective_from date not null default current_date,
  label text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint performance_rates_key_from_key unique (key, effective_from),
  constraint performance_rates_key_format check (char_length(key) between 3 and 80 and key ~ '^[a-z_]+\.[^[:space:]]+$'),
  constraint performance_rates_value_range check (value >= 0 and value <= 1000000),
  constraint performance_rates_effective_from_range check (effective_from >= date '2000-01-01' and effective_from < date '2101-01-01'),
  constraint performance_rates_label_length check (char_length(btrim(label)) between 2 and 200)
);
comment on constraint performance_rates_key_from_key on public.performance_rates is '该标准在该日已有一条，请改另一生效日期 | This rate already has a row effective from that day';
comment on constraint performance_rates_key_format on public.performance_rates is '标准代码形如 points.base，3–80 字，不含空格 | Key: like points.base, 3–80 characters, no spaces';
comment on constraint performance_rates_value_range on public.performance_rates is '标准值须在 0–1000000 之间 | Value: 0–1000000';
comment on constraint performance_rates_effective_from_range on public.performance_rates is '生效日期须在 2000–2100 年之间 | Effective from: a date in the years 2000–2100';
comment on constraint performance_rates_label_length on public.performance_rates is '说明 2–200 字 | Label: 2–200 characters';
comment on table public.performance_rates is '绩效标准 | Performance rates';
comment on column public.performance_rates.id is '编号 | ID';
comment on column public.performance_rates.key is '标准代码 | Key';
comment on column public.performance_rates.value is '标准值 | Value';
comment on column public.performance_rates.effective_from is '生效日期 | Effective from';
comment on column public.performance_rates.label is '说明 | Label';
comment on column public.performance_rates.version is '版本 | Version';
comment on column public.performance_rates.created_at is '创建时间 | Created at';
comment on column public.performance_rates.updated_at is '修改时间 | Updated at';

alter table public.performance_rates enable row level security;
revoke all on public.performance_rates from anon, authenticated;
grant select, insert, update, delete on public.performance_rates to authenticated;
select private.register_table('public.performance_rates');

insert into public.performance_rates (key, value, effective_from, label) values
  ('points.base', 17, date '2000-01-01', '月度服务点数基数（每月出差17个点） | Monthly service points base'),
  ('points.yuan_per_point', 270, date '2000-01-01', '超过基数的每点金额（元/点） | Yuan per point above the base'),
  ('points.safety_incident', 2, date '2000-01-01', '每次安全事故扣罚的绩效点数 | Points deducted per safety incident'),
  ('commission.low_margin', 0.35, date '2000-01-01', '备件销售提成毛利门槛（低档） | Parts sales margin for the low commission'),
  ('commission.low_rate', 0.03, date '2000-01-01', '备件销售提成比例（低档） | Parts sales low commission rate'),
  ('commission.high_margin', 0.50, date '2000-01-01', '备件销售提成毛利门槛（高档） | Parts sales margin for the high commission'),
  ('commission.high_rate', 0.05, date '2000-01-01', '备件销售提成比例（高档） | Parts sales high commission rate'),
  ('praise.min', 200, date '2000-01-01', '表扬信嘉奖下限（元） | Praise letter award, minimum (yuan)'),
  ('praise.max', 500, date '2000-01-01', '表扬信嘉奖上限（元） | Praise letter award, maximum (yuan)'),
  ('points.job.安装调试', 3, date '2000-01-01', '安装调试每次服务点数 | Points per installation and commissioning job'),
  ('points.job.维修', 2, date '2000-01-01', '维修每次服务点数 | Points per repair job'),
  ('points.job.巡检', 1, date '2000-01-01', '巡检每次服务点数 | Points per inspection round'),
  ('points.job.培训', 1.5, date '2000-01-01', '培训每次服务点数 | Points per training session')
on conflict on constraint performance_rates_key_from_key do nothing;

-- The rate in force on a day: the row with the latest effective_from on or before it.
create function private.performance_rate(p_key text, p_on date) returns numeric
language plpgsql stable security definer set search_path = ''
as $$
declare
  v numeric;
begin
  select r.value into v from public.performance_rates r
  where r.key = p_key and r.effective_from <= p_on
  order by r.effective_from desc limit 1;
  if v is null then
    raise exception '绩效标准 % 在 % 没有生效的值 | No performance rate % in effect on %', p_key, p_on, p_key, p_on
      using errcode = '23514', hint = 'performance_rates';
  end if;
  return v;
end
$$;
revoke all on function private.performance_rate(text, date) from public;
grant execute on function private.performance_rate(text, date) to authenticated, service_role;

-- A rate in effect is history: change it by adding a row with a later effective_from.
create function private.performance_rates_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  today date := (now() at time zone 'Asia/Shanghai')::date;
begin
  if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.effective_from is distinct from old.effective_from) then
    if new.effective_from < today and not private.keeping_rows_as_given() and (select auth.uid()) is not null then
      raise exception '新标准的生效日期不能早于今天（已过去的日子按原标准计算） | A new rate cannot take effect before today (past days keep the rate they had)'
        using errcode = '22023', column = 'effective_from';
    end if;
  end if;
  if tg_op = 'INSERT' then
    return new;
  end if;
  if old.effective_from <= today and not private.keeping_rows_as_given() and (select auth.uid()) is not null
     and (tg_op = 'DELETE' or (new.key, new.value, new.effective_from) is distinct from (old.key, old.value, old.effective_from)) then
    raise exception '绩效标准 % 自 % 起已生效，不能修改或删除；请新增一条以后生效的标准 | Rate % has been in effect since %: it cannot be changed or deleted; add a row with a later effective date',
      old.key, old.effective_from, old.key, old.effective_from
      using errcode = 'PT409', column = case when tg_op = 'DELETE' then 'effective_from' when new.value is distinct from old.value then 'value' else 'effective_from' end;
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;
create trigger performance_rates_before_write before insert or update or delete on public.performance_rates
  for each row execute function private.performance_rates_before_write();
revoke all on function private.performance_rates_before_write() from public;

-- Everyone signed in reads the rates (they are the published rules); the admin writes them.
create policy performance_rates_select on public.performance_rates for select to authenticated using (true);
create policy performance_rates_insert on public.performance_rates for insert to authenticated
  with check ((select private.scope_for('performance_rates', 'create')) = 'all');
create policy performance_rates_update on public.performance_rates for update to authenticated
  using ((select private.scope_for('performance_rates', 'update')) = 'all')
  with check ((select private.scope_for('performance_rates', 'update')) = 'all');
create policy performance_rates_delete on public.performance_rates for delete to authenticated
  using ((select private.scope_for('performance_rates', 'delete')) = 'all');

insert into public.permissions (role, duty, register, action, scope, note) values
  ('admin', null, 'performance_rates', 'read', 'all', '绩效标准（点数、提成、嘉奖、处罚）'),
  ('admin', null, 'performance_rates', 'create', 'all', '新增以后生效的标准'),
  ('admin', null, 'performance_rates', 'update', 'all', '修改尚未生效的标准'),
  ('admin', null, 'performance_rates', 'delete', 'all', '删除尚未生效的标准'),
  ('director', null, 'performance_rates', 'read', 'all', null),
  ('gm', null, 'performance_rates', 'read', 'all', null),
  ('manager', null, 'performance_rates', 'read', 'all', null),
  ('clerk', null, 'performance_rates', 'read', 'all', null);

select private.declare_register('public.performance_rates', menu_group => 'performance', menu_order => 39,
  title_columns => array['key', 'effective_from']);

-- ── Service records 服务记录单 ───────────────────────────────────────────────────────────
create table public.service_records (
  id uuid primary key default gen_random_uuid(),
  engineer_id uuid not null default private.my_operator_id() references public.operators (id),
  department_id uuid references public.departments (id),
  customer_id uuid not null references public.customers (id),
  served_on date not null default current_date,
  job_kind text not null,
  points numeric(8, 2) not null default 0,
  location text not null,
  description text,
  customer_signed boolean not null default false,
  exemption_reason text,
  signature_exempt boolean not null default false,
  exemption_decided_by uuid references public.operators (id),
  exemption_decided_at timestamptz,
  exemption_note text,
  status text not null default '未签收',
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint service_records_served_on_range check (served_on >= date '2000-01-01' and served_on < date '2101-01-01'),
  constraint service_records_job_kind_length check (char_length(btrim(job_kind)) between 1 and 20),
  constraint service_records_points_range check (points between 0 and 1000),
  constraint service_records_location_length check (char_length(btrim(location)) between 2 and 200),
  constraint service_records_description_length check (char_length(description) <= 2000),
  constraint service_records_exemption_reason_length check (char_length(btrim(exemption_reason)) between 2 and 500),
  constraint service_records_exemption_note_length check (char_length(exemption_note) <= 500),
  constraint service_records_status_check check (status in ('已签收', '申请免签', '免签', '未签收'))
);
comment on constraint service_records_served_on_range on public.service_records is '服务日期须在 2000–2100 年之间 | Served on: a date in the years 2000–2100';
comment on constraint service_records_job_kind_length on public.service_records is '服务类型 1–20 字 | Job kind: 1–20 characters';
comment on constraint service_records_points_range on public.service_records is '服务点数须在 0–1000 之间 | Points: 0–1000';
comment on constraint service_records_location_length on public.service_records is '出差地点 2–200 字 | Location: 2–200 characters';
comment on constraint service_records_description_length on public.service_records is '服务内容最多 2000 字 | Description: at most 2000 characters';
comment on constraint service_records_exemption_reason_length on public.service_records is '免签原因 2–500 字 | Exemption reason: 2–500 characters';
comment on constraint service_records_exemption_note_length on public.service_records is '免签审批意见最多 500 字 | Exemption note: at most 500 characters';
comment on constraint service_records_status_check on public.service_records is '签收状态须为已签收、申请免签、免签或未签收 | Status: signed, exemption asked, exempt or unsigned';
comment on table public.service_records is '服务记录单 | Service records';
comment on column public.service_records.id is '编号 | ID';
comment on column public.service_records.engineer_id is '服务工程师 | Service engineer';
comment on column public.service_records.department_id is '部门 | Department';
comment on column public.service_records.customer_id is '客户 | Customer';
comment on column public.service_records.served_on is '服务日期 | Served on';
comment on column public.service_records.job_kind is '服务类型 | Job kind';
comment on column public.service_records.points is '服务点数 | Points';
comment on column public.service_records.location is '出差地点 | Trip location';
comment on column public.service_records.description is '服务内容 | Description';
comment on column public.service_records.customer_signed is '客户已签收 | Customer signed';
comment on column public.service_records.exemption_reason is '免签原因（特殊情况） | Exemption reason (special circumstances)';
comment on column public.service_records.signature_exempt is '免签已批准 | Exemption approved';
comment on column public.service_records.exemption_decided_by is '免签审批人 | Exemption decided by';
comment on column public.service_records.exemption_decided_at is '免签审批时间 | Exemption decided at';
comment on column public.service_records.exemption_note is '免签审批意见 | Exemption note';
comment on column public.service_records.status is '签收状态 | Signature status';
comment on column public.service_records.version is '版本 | Version';
comment on column public.service_records.created_at is '创建时间 | Created at';
comment on column public.service_records.updated_at is '修改时间 | Updated at';
create index service_records_engineer_idx on public.service_records (engineer_id, served_on);
create index service_records_department_idx on public.service_records (department_id);
create index service_records_customer_idx on public.service_records (customer_id);
create index service_records_decided_by_idx on public.service_records (exemption_decided_by);

-- ── Safety incidents 安全事故 ────────────────────────────────────────────────────────────
create table public.safety_incidents (
  id uuid primary key default gen_random_uuid(),
  engineer_id uuid not null references public.operators (id),
  department_id uuid references public.departments (id),
  occurred_on date not null,
  description text not null,
  recorded_by uuid default private.my_operator_id() references public.operators (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint safety_incidents_occurred_on_range check (occurred_on >= date '2000-01-01' and occurred_on < date '2101-01-01'),
  constraint safety_incidents_description_length check (char_length(btrim(description)) between 2 and 2000)
);
comment on constraint safety_incidents_occurred_on_range on public.safety_incidents is '发生日期须在 2000–2100 年之间 | Occurred on: a date in the years 2000–2100';
comment on constraint safety_incidents_description_length on public.safety_incidents is '事故经过 2–2000 字 | Description: 2–2000 characters';
comment on table public.safety_incidents is '安全事故 | Safety incidents';
comment on column public.safety_incidents.id is '编号 | ID';
comment on column public.safety_incidents.engineer_id is '服务工程师 | Service engineer';
comment on column public.safety_incidents.department_id is '部门 | Department';
comment on column public.safety_incidents.occurred_on is '发生日期 | Occurred on';
comment on column public.safety_incidents.description is '事故经过 | Description';
comment on column public.safety_incidents.recorded_by is '记录人 | Recorded by';
comment on column public.safety_incidents.version is '版本 | Version';
comment on column public.safety_incidents.created_at is '创建时间 | Created at';
comment on column public.safety_incidents.updated_at is '修改时间 | Updated at';
create index safety_incidents_engineer_idx on public.safety_incidents (engineer_id, occurred_on);
create index safety_incidents_department_idx on public.safety_incidents (department_id);
create index safety_incidents_recorded_by_idx on public.safety_incidents (recorded_by);

-- ── Parts sales 备品备件销售 ─────────────────────────────────────────────────────────────
create table public.parts_sales (
  id uuid primary key default gen_random_uuid(),
  seller_id uuid not null default private.my_operator_id() references public.operators (id),
  department_id uuid references public.departments (id),
  customer_id uuid not null references public.customers (id),
  sold_on date not null default current_date,
  parts text not null,
  quoted_amount numeric(14, 2) not null,
  cost_amount numeric(14, 2) not null,
  margin numeric(9, 6) not null default 0,
  commission_rate numeric(8, 4) not null default 0,
  paid_in_full_on date,
  paid_recorded_by uuid references public.operators (id),
  commission numeric(14, 2) not null default 0,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint parts_sales_sold_on_range check (sold_on >= date '2000-01-01' and sold_on < date '2101-01-01'),
  constraint parts_sales_parts_length check (char_length(btrim(parts)) between 2 and 500),
  constraint parts_sales_quoted_range check (quoted_amount > 0 and quoted_amount <= 100000000),
  constraint parts_sales_cost_range check (cost_amount >= 0 and cost_amount <= 100000000),
  constraint parts_sales_paid_range check (paid_in_full_on >= date '2000-01-01' and paid_in_full_on < date '2101-01-01'),
  constraint parts_sales_commission_range check (commission >= 0 and commission_rate between 0 and 1)
);
comment on constraint parts_sales_sold_on_range on public.parts_sales is '销售日期须在 2000–2100 年之间 | Sold on: a date in the years 2000–2100';
comment on constraint parts_sales_parts_length on public.parts_sales is '备件名称 2–500 字 | Parts: 2–500 characters';
comment on constraint parts_sales_quoted_range on public.parts_sales is '报价须大于 0、不超过 1 亿元 | Quoted amount: above 0, at most 100,000,000';
comment on constraint parts_sales_cost_range on public.parts_sales is '成本须在 0–1 亿元之间 | Cost: 0–100,000,000';
comment on constraint parts_sales_paid_range on public.parts_sales is '全额回款日期须在 2000–2100 年之间 | Paid in full on: a date in the years 2000–2100';
comment on constraint parts_sales_commission_range on public.parts_sales is '提成不能为负 | Commission cannot be negative';
comment on table public.parts_sales is '备品备件销售 | Parts sales';
comment on column public.parts_sales.id is '编号 | ID';
comment on column public.parts_sales.seller_id is '销售人 | Seller';
comment on column public.parts_sales.department_id is '部门 | Department';
comment on column public.parts_sales.customer_id is '客户 | Customer';
comment on column public.parts_sales.sold_on is '销售日期 | Sold on';
comment on column public.parts_sales.parts is '备件 | Parts';
comment on column public.parts_sales.quoted_amount is '报价金额（元） | Quoted amount (yuan)';
comment on column public.parts_sales.cost_amount is '成本金额（元） | Cost (yuan)';
comment on column public.parts_sales.margin is '毛利率 | Margin';
comment on column public.parts_sales.commission_rate is '提成比例 | Commission rate';
comment on column public.parts_sales.paid_in_full_on is '全额回款日期 | Paid in full on';
comment on column public.parts_sales.paid_recorded_by is '回款登记人 | Payment recorded by';
comment on column public.parts_sales.commission is '提成（元） | Commission (yuan)';
comment on column public.parts_sales.version is '版本 | Version';
comment on column public.parts_sales.created_at is '创建时间 | Created at';
comment on column public.parts_sales.updated_at is '修改时间 | Updated at';
create index parts_sales_seller_idx on public.parts_sales (seller_id, sold_on);
create index parts_sales_department_idx on public.parts_sales (department_id);
create index parts_sales_customer_idx on public.parts_sales (customer_id);
create index parts_sales_paid_recorded_by_idx on public.parts_sales (paid_recorded_by);

-- ── Praise letters 表扬信 ────────────────────────────────────────────────────────────────
create table public.praise_letters (
  id uuid primary key default gen_random_uuid(),
  operator_id uuid not null references public.operators (id),
  department_id uuid references public.departments (id),
  customer_id uuid references public.customers (id),
  received_on date not null default current_date,
  content text not null,
  amount numeric(10, 2),
  amount_set_by uuid references public.operators (id),
  amount_set_at timestamptz,
  status text not null default '待定额',
  recorded_by uuid default private.my_operator_id() references public.operators (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint praise_letters_received_on_range check (received_on >= date '2000-01-01' and received_on < date '2101-01-01'),
  constraint praise_letters_content_length check (char_length(btrim(content)) between 2 and 5000),
  constraint praise_letters_amount_range check (amount between 0 and 100000),
  constraint praise_letters_status_check check (status in ('待定额', '已定额'))
);
comment on constraint praise_letters_received_on_range on public.praise_letters is '收到日期须在 2000–2100 年之间 | Received on: a date in the years 2000–2100';
comment on constraint praise_letters_content_length on public.praise_letters is '表扬内容 2–5000 字 | Content: 2–5000 characters';
comment on constraint praise_letters_amount_range on public.praise_letters is '嘉奖金额须在 0–100000 元之间 | Award: 0–100000 yuan';
comment on constraint praise_letters_status_check on public.praise_letters is '状态须为待定额或已定额 | Status: awaiting the award or awarded';
comment on table public.praise_letters is '表扬信 | Praise letters';
comment on column public.praise_letters.id is '编号 | ID';
comment on column public.praise_letters.operator_id is '受表扬人 | Praised operator';
comment on column public.praise_letters.department_id is '部门 | Department';
comment on column public.praise_letters.customer_id is '客户 | Customer';
comment on column public.praise_letters.received_on is '收到日期 | Received on';
comment on column public.praise_letters.content is '表扬内容（含电子邮件） | Content (letters and e-mails)';
comment on column public.praise_letters.amount is '嘉奖金额（元） | Award (yuan)';
comment on column public.praise_letters.amount_set_by is '定额人 | Award set by';
comment on column public.praise_letters.amount_set_at is '定额时间 | Award set at';
comment on column public.praise_letters.status is '状态 | Status';
comment on column public.praise_letters.recorded_by is '登记人 | Recorded by';
comment on column public.praise_letters.version is '版本 | Version';
comment on column public.praise_letters.created_at is '创建时间 | Created at';
comment on column public.praise_letters.updated_at is '修改时间 | Updated at';
create index praise_letters_operator_idx on public.praise_letters (operator_id, received_on);
create index praise_letters_department_idx on public.praise_letters (department_id);
create index praise_letters_customer_idx on public.praise_letters (customer_id);
create index praise_letters_amount_set_by_idx on public.praise_letters (amount_set_by);
create index praise_letters_recorded_by_idx on public.praise_letters (recorded_by);

-- ── Monthly service points 月度服务点数 ──────────────────────────────────────────────────
create table public.monthly_service_points (
  id uuid primary key default gen_random_uuid(),
  engineer_id uuid not null references public.operators (id),
  department_id uuid references public.departments (id),
  month date not null,
  records integer not null default 0,
  points numeric(10, 2) not null default 0,
  incidents integer not null default 0,
  net_points numeric(10, 2) not null default 0,
  bonus_yuan numeric(12, 2) not null default 0,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint monthly_service_points_engineer_month_key unique (engineer_id, month),
  constraint monthly_service_points_month_first check (month = date_trunc('month', month)::date and month >= date '2000-01-01' and month < date '2101-01-01')
);
comment on constraint monthly_service_points_engineer_month_key on public.monthly_service_points is '该工程师该月已有点数汇总 | This engineer already has a row for that month';
comment on constraint monthly_service_points_month_first on public.monthly_service_points is '月份须为 2000–2100 年某月的1日 | Month: the 1st of a month in the years 2000–2100';
comment on table public.monthly_service_points is '月度服务点数 | Monthly service points';
comment on column public.monthly_service_points.id is '编号 | ID';
comment on column public.monthly_service_points.engineer_id is '服务工程师 | Service engineer';
comment on column public.monthly_service_points.department_id is '部门 | Department';
comment on column public.monthly_service_points.month is '月份 | Month';
comment on column public.monthly_service_points.records is '服务记录单数 | Service records';
comment on column public.monthly_service_points.points is '服务点数 | Points';
comment on column public.monthly_service_points.incidents is '安全事故次数 | Safety incidents';
comment on column public.monthly_service_points.net_points is '净点数（扣除安全事故） | Net points (after incidents)';
comment on column public.monthly_service_points.bonus_yuan is '月度绩效（元） | Monthly bonus (yuan)';
comment on column public.monthly_service_points.version is '版本 | Version';
comment on column public.monthly_service_points.created_at is '创建时间 | Created at';
comment on column public.monthly_service_points.updated_at is '修改时间 | Updated at';
create index monthly_service_points_department_idx on public.monthly_service_points (department_id);
create index monthly_service_points_month_idx on public.monthly_service_points (month);

alter table public.service_records enable row level security;
alter table public.safety_incidents enable row level security;
alter table public.parts_sales enable row level security;
alter table public.praise_letters enable row level security;
alter table public.monthly_service_points enable row level security;
revoke all on public.service_records, public.safety_incidents, public.parts_sales, public.praise_letters,
  public.monthly_service_points from anon, authenticated;
grant select, insert, update, delete on public.service_records, public.safety_incidents, public.parts_sales,
  public.praise_letters to authenticated;
grant select on public.monthly_service_points to authenticated;

select private.register_table('public.service_records', array['customer_id']);
select private.register_table('public.safety_incidents');
select private.register_table('public.parts_sales', array['customer_id']);
select private.register_table('public.praise_letters', array['customer_id']);
select private.register_table('public.monthly_service_points');
select private.label_options('{
  "已签收": "Signed", "申请免签": "Exemption asked", "免签": "Exempt", "未签收": "Unsigned",
  "待定额": "Awaiting award", "已定额": "Awarded",
  "安装调试": "Installation", "维修": "Repair", "巡检": "Inspection", "培训": "Training"
}');

-- ── Helpers ──────────────────────────────────────────────────────────────────────────────
create function private.is_service_engineer(p_operator uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select o.active and '服务工程师' = any (o.duties) from public.operators o where o.id = p_operator), false)
$$;

create function private.operator_department(p_operator uuid) returns uuid
language sql stable security definer set search_path = ''
as $$
  select o.department_id from public.operators o where o.id = p_operator
$$;

-- A write through the API (not a seed, a restore or the service role).
create function private.performance_api_write() returns boolean
language sql stable security definer set search_path = ''
as $$
  select (select auth.uid()) is not null and not private.keeping_rows_as_given()
$$;

-- ── Monthly service points: one engineer and month, and a whole month ────────────────────
create function private.monthly_service_points_refresh(p_engineer uuid, p_month date) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  m date := date_trunc('month', p_month)::date;
  n_records integer;
  v_points numeric;
  n_incidents integer;
  v_net numeric;
begin
  select count(*), coalesce(sum(r.points), 0) into n_records, v_points from public.service_records r
  where r.engineer_id = p_engineer and r.served_on >= m and r.served_on < (m + interval '1 month')::date;
  select count(*) into n_incidents from public.safety_incidents i
  where i.engineer_id = p_engineer and i.occurred_on >= m and i.occurred_on < (m + interval '1 month')::date;
  if n_records = 0 and n_incidents = 0 then
    delete from public.monthly_service_points p where p.engineer_id = p_engineer and p.month = m;
    return;
  end if;
  v_net := v_points - n_incidents * private.performance_rate('points.safety_incident', m);
  insert into public.monthly_service_points as p (engineer_id, department_id, month, records, points, incidents, net_points, bonus_yuan)
  values (p_engineer, private.operator_department(p_engineer), m, n_records, v_points, n_incidents, v_net,
          round(greatest(0, v_net - private.performance_rate('points.base', m)) * private.performance_rate('points.yuan_per_point', m), 2))
  on conflict on constraint monthly_service_points_engineer_month_key do update
    set department_id = excluded.department_id, records = excluded.records, points = excluded.points,
        incidents = excluded.incidents, net_points = excluded.net_points, bonus_yuan = excluded.bonus_yuan
    where (p.department_id, p.records, p.points, p.incidents, p.net_points, p.bonus_yuan)
      is distinct from (excluded.department_id, excluded.records, excluded.points, excluded.incidents, excluded.net_points, excluded.bonus_yuan);
end
$$;

-- Recomputes every engineer's row of a month (after a rate change, or by the performance job);
-- returns how many rows the month has.
create function private.compute_monthly_points(p_month date) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  m date := date_trunc('month', p_month)::date;
  e uuid;
begin
  for e in
    select r.engineer_id from public.service_records r where r.served_on >= m and r.served_on < (m + interval '1 month')::date
    union select i.engineer_id from public.safety_incidents i where i.occurred_on >= m and i.occurred_on < (m + interval '1 month')::date
    union select p.engineer_id from public.monthly_service_points p where p.month = m
  loop
    perform private.monthly_service_points_refresh(e, m);
  end loop;
  return (select count(*)::integer from public.monthly_service_points p where p.month = m);
end
$$;

create function private.monthly_points_sync() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  old_day date;
  new_day date;
begin
  if tg_table_name = 'service_records' then
    old_day := case when tg_op <> 'INSERT' then old.served_on end;
    new_day := case when tg_op <> 'DELETE' then new.served_on end;
  else
    old_day := case when tg_op <> 'INSERT' then old.occurred_on end;
    new_day := case when tg_op <> 'DELETE' then new.occurred_on end;
  end if;
  if tg_op <> 'INSERT' then
    perform private.monthly_service_points_refresh(old.engineer_id, old_day);
  end if;
  if tg_op <> 'DELETE' and (tg_op = 'INSERT' or (new.engineer_id, date_trunc('month', new_day)) is distinct from (old.engineer_id, date_trunc('month', old_day))
                             or tg_table_name = 'service_records') then
    perform private.monthly_service_points_refresh(new.engineer_id, new_day);
  end if;
  return null;
end
$$;

-- ── Service records: the engineer writes his own; points from the rate; the signature ───
create function private.service_records_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  api boolean := private.performance_api_write();
  moving boolean := coalesce(current_setting('taizhang.service_record_move', true), '') = 'on';
  today date := (now() at time zone 'Asia/Shanghai')::date;
  v_points numeric;
begin
  if tg_op in ('UPDATE', 'DELETE') and not moving and (old.customer_signed or old.exemption_decided_at is not null)
     and (api or tg_op = 'UPDATE') then
    raise exception '服务记录单已%，不能再修改或删除 | The service record is %: it can no longer be changed or deleted',
      case when old.customer_signed then '由客户签收' when old.signature_exempt then '批准免签' else '审批为不予免签' end,
      case when old.customer_signed then 'signed by the customer' when old.signature_exempt then 'exempted from signing' else 'refused an exemption' end
      using errcode = 'PT409', column = 'status';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  if tg_op = 'INSERT' and api then
    new.engineer_id := private.my_operator_id();
    new.signature_exempt := false;
    new.exemption_decided_by := null;
    new.exemption_decided_at := null;
    new.exemption_note := null;
  end if;
  if not private.is_service_engineer(new.engineer_id) then
    raise exception '服务记录单由服务工程师本人填写（须有“服务工程师”职责） | Service records are written by the service engineer himself (duty 服务工程师)'
      using errcode = '42501', column = 'engineer_id';
  end if;
  if api and new.served_on > today then
    raise exception '服务日期不能晚于今天 | Served on cannot be in the future' using errcode = '22023', column = 'served_on';
  end if;
  new.job_kind := btrim(new.job_kind);
  if tg_op = 'INSERT' or (new.job_kind, new.served_on) is distinct from (old.job_kind, old.served_on) then
    select r.value into v_points from public.performance_rates r
    where r.key = 'points.job.' || new.job_kind and r.effective_from <= new.served_on
    order by r.effective_from desc limit 1;
    if v_points is null then
      raise exception '服务类型“%”在 % 没有点数标准（绩效标准 points.job.%） | Job kind "%" has no points rate on % (performance rate points.job.%)',
        new.job_kind, new.served_on, new.job_kind, new.job_kind, new.served_on, new.job_kind
        using errcode = '23514', column = 'job_kind';
    end if;
    new.points := v_points;
  end if;
  new.department_id := private.operator_department(new.engineer_id);
  new.exemption_reason := nullif(btrim(new.exemption_reason), '');
  new.status := case when new.customer_signed then '已签收'
                     when new.signature_exempt then '免签'
                     when new.exemption_reason is not null and new.exemption_decided_at is null then '申请免签'
                     else '未签收' end;
  return new;
end
$$;
create trigger service_records_before_write before insert or update or delete on public.service_records
  for each row execute function private.service_records_before_write();
create trigger service_records_points after insert or update or delete on public.service_records
  for each row execute function private.monthly_points_sync();

-- An exemption asked → the department's manager (or, without one, the director) is told.
create function private.service_records_notify() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  recipient uuid;
  found_one boolean := false;
begin
  if new.status = '申请免签' and (tg_op = 'INSERT' or old.status is distinct from '申请免签') then
    for recipient in select m.id from private.manager_ids(new.department_id) as m(id) where m.id is not null and m.id <> new.engineer_id loop
      found_one := true;
      perform private.notify(recipient, '绩效', format('%s申请服务记录单免签（%s，%s） | %s asks to exempt a service record from signing (%s, %s)', (select o.name from public.operators o where o.id = new.engineer_id), new.served_on, new.job_kind,
          (select o.name from public.operators o where o.id = new.engineer_id), new.served_on, private.option_en(new.job_kind)),
        new.exemption_reason, 'service_records', new.id::text, null, format('service-exemption:%s:%s', new.id, recipient));
    end loop;
    if not found_one then
      for recipient in select o.id from public.operators o where o.active and o.role = 'director' loop
        perform private.notify(recipient, '绩效', format('%s申请服务记录单免签（%s，%s） | %s asks to exempt a service record from signing (%s, %s)', (select o.name from public.operators o where o.id = new.engineer_id), new.served_on, new.job_kind,
          (select o.name from public.operators o where o.id = new.engineer_id), new.served_on, private.option_en(new.job_kind)),
          new.exemption_reason, 'service_records', new.id::text, null, format('service-exemption:%s:%s', new.id, recipient));
      end loop;
    end if;
  end if;
  return null;
end
$$;
create trigger service_records_notify after insert or update on public.service_records
  for each row execute function private.service_records_notify();

-- Who decides an exemption: the engineer's department manager (approve at department scope), or
-- the director (all); never the engineer himself.
create function private.may_decide_service_exemption(p_record uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select r.status = '申请免签' and r.engineer_id is distinct from private.my_operator_id()
                          and private.may('service_records', 'approve', null, r.department_id)
                   from public.service_records r where r.id = p_record), false)
$$;

create function public.decide_signature_exemption(record_id uuid, approve boolean, note text default null)
returns public.service_records
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  rec public.service_records;
begin
  select * into rec from public.service_records r where r.id = record_id for update;
  if rec.id is null or not coalesce(rec.engineer_id = private.my_operator_id()
       or private.may('service_records', 'read', rec.engineer_id, rec.department_id), false) then
    raise exception '服务记录单不存在或无权查看 | No such service record, or not visible to you' using errcode = 'PT404', hint = 'record_id';
  end if;
  if rec.status <> '申请免签' then
    raise exception '服务记录单为“%”，没有待审批的免签申请 | The service record is %: there is no exemption request to decide', rec.status,
      case rec.status when '已签收' then 'signed' when '免签' then 'exempt' else 'unsigned' end using errcode = 'PT409', hint = 'status';
  end if;
  if rec.engineer_id = private.my_operator_id() then
    raise exception '不能审批自己的免签申请 | You cannot decide your own exemption request' using errcode = '42501';
  end if;
  if not private.may('service_records', 'approve', null, rec.department_id) then
    raise exception '免签由工程师所在部门的经理（或客服中心总监）审批 | The engineer''s department manager (or the director) decides exemptions'
      using errcode = '42501';
  end if;
  if approve is null then
    raise exception '请选择批准或不批准 | Approve or refuse' using errcode = '23502', hint = 'approve';
  end if;
  if not approve and char_length(btrim(coalesce(note, ''))) < 2 then
    raise exception '不批准须写明意见 | Refusing needs a note' using errcode = '23502', hint = 'note';
  end if;
  if char_length(note) > 500 then
    raise exception '审批意见最多 500 字 | Note: at most 500 characters' using errcode = '22001', hint = 'note';
  end if;
  perform set_config('taizhang.service_record_move', 'on', true);
  update public.service_records r set signature_exempt = approve, exemption_decided_by = private.my_operator_id(),
    exemption_decided_at = now(), exemption_note = nullif(btrim(coalesce(note, '')), '')
  where r.id = rec.id returning * into rec;
  perform set_config('taizhang.service_record_move', 'off', true);
  update public.notifications n set done_at = now()
  where n.link_table = 'service_records' and n.link_id = rec.id::text and n.kind = '绩效' and n.done_at is null;
  perform private.notify(rec.engineer_id, '审批结果',
    format('服务记录单（%s，%s）免签%s | Signing exemption of the service record (%s, %s) %s', rec.served_on, rec.job_kind, case when approve then '已批准' else '未批准，按未签收处理' end,
           rec.served_on, private.option_en(rec.job_kind), case when approve then 'is approved' else 'is not approved: it counts as unsigned' end),
    rec.exemption_note, 'service_records', rec.id::text, null, 'service-exemption-decided:' || rec.id);
  return rec;
end
$$;
comment on function public.decide_signature_exemption(uuid, boolean, text) is '审批免签 | Decide a signature exemption';

-- ── Safety incidents: recorded by the manager or the director ───────────────────────────
create function private.safety_incidents_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  api boolean := private.performance_api_write();
begin
  if tg_op = 'DELETE' then
    return old;
  end if;
  if tg_op = 'INSERT' and api then
    new.recorded_by := private.my_operator_id();
  end if;
  if not private.is_service_engineer(new.engineer_id) then
    raise exception '安全事故记在服务工程师名下（须有“服务工程师”职责） | A safety incident is recorded against a service engineer (duty 服务工程师)'
      using errcode = '23514', column = 'engineer_id';
  end if;
  new.department_id := private.operator_department(new.engineer_id);
  if api and not private.may('safety_incidents', case when tg_op = 'INSERT' then 'create' else 'update' end::public.permission_action, null, new.department_id) then
    raise exception '安全事故由工程师所在部门的经理或客服中心总监记录 | The engineer''s department manager or the director records safety incidents'
      using errcode = '42501', column = 'engineer_id';
  end if;
  if api and new.occurred_on > (now() at time zone 'Asia/Shanghai')::date then
    raise exception '发生日期不能晚于今天 | Occurred on cannot be in the future' using errcode = '22023', column = 'occurred_on';
  end if;
  return new;
end
$$;
create trigger safety_incidents_before_write before insert or update or delete on public.safety_incidents
  for each row execute function private.safety_incidents_before_write();
create trigger safety_incidents_points after insert or update or delete on public.safety_incidents
  for each row execute function private.monthly_points_sync();

-- ── Parts sales: margin and commission are the database's ───────────────────────────────
-- The rate by the margin on the day sold: ≥ high margin → high rate, ≥ low margin → low rate,
-- below → 0 (compared exactly: quoted − cost ≥ margin × quoted).
create function private.parts_commission_rate(p_quoted numeric, p_cost numeric, p_on date) returns numeric
language sql stable security definer set search_path = ''
as $$
  select case
    when p_quoted - p_cost >= private.performance_rate('commission.high_margin', p_on) * p_quoted then private.performance_rate('commission.high_rate', p_on)
    when p_quoted - p_cost >= private.performance_rate('commission.low_margin', p_on) * p_quoted then private.performance_rate('commission.low_rate', p_on)
    else 0 end
$$;

create function private.parts_sales_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  api boolean := private.performance_api_write();
  moving boolean := coalesce(current_setting('taizhang.parts_sale_move', true), '') = 'on';
begin
  if tg_op in ('UPDATE', 'DELETE') and not moving and old.paid_in_full_on is not null and (api or tg_op = 'UPDATE') then
    raise exception '该销售已于 % 全额回款，提成已定，不能再修改或删除 | The sale was paid in full on %: its commission is settled and it can no longer be changed or deleted',
      old.paid_in_full_on, old.paid_in_full_on using errcode = 'PT409', column = 'paid_in_full_on';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  if tg_op = 'INSERT' and api then
    new.seller_id := private.my_operator_id();
    new.paid_in_full_on := null;
    new.paid_recorded_by := null;
  end if;
  if api and new.sold_on > (now() at time zone 'Asia/Shanghai')::date then
    raise exception '销售日期不能晚于今天 | Sold on cannot be in the future' using errcode = '22023', column = 'sold_on';
  end if;
  if new.cost_amount > new.quoted_amount then
    raise exception '成本高于报价：按“元器件35%%以上毛利”原则报价 | The cost is above the quote: quotes carry a margin of 35%% or more'
      using errcode = '23514', column = 'quoted_amount';
  end if;
  new.department_id := private.operator_department(new.seller_id);
  new.margin := round((new.quoted_amount - new.cost_amount) / new.quoted_amount, 6);
  new.commission_rate := private.parts_commission_rate(new.quoted_amount, new.cost_amount, new.sold_on);
  new.commission := case when new.paid_in_full_on is null then 0 else round(new.quoted_amount * new.commission_rate, 2) end;
  return new;
end
$$;
create trigger parts_sales_before_write before insert or update or delete on public.parts_sales
  for each row execute function private.parts_sales_before_write();

-- 全额回款: the manager of the seller's department or the director records the day paid in full.
create function public.record_parts_sale_paid(sale_id uuid, paid_on date) returns public.parts_sales
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  sale public.parts_sales;
begin
  select * into sale from public.parts_sales s where s.id = sale_id for update;
  if sale.id is null or not private.may('parts_sales', 'read', sale.seller_id, sale.department_id) then
    raise exception '备件销售不存在或无权查看 | No such parts sale, or not visible to you' using errcode = 'PT404', hint = 'sale_id';
  end if;
  if sale.paid_in_full_on is not null then
    raise exception '该销售已于 % 登记全额回款 | The sale was already recorded paid in full on %', sale.paid_in_full_on, sale.paid_in_full_on
      using errcode = 'PT409', hint = 'paid_in_full_on';
  end if;
  if not private.may('parts_sales', 'approve', null, sale.department_id) then
    raise exception '全额回款由销售人所在部门的经理或客服中心总监登记 | The seller''s department manager or the director records the payment'
      using errcode = '42501';
  end if;
  if paid_on is null then
    raise exception '请填写全额回款日期 | Paid in full on is required' using errcode = '23502', hint = 'paid_on';
  end if;
  if paid_on < sale.sold_on or paid_on > (now() at time zone 'Asia/Shanghai')::date then
    raise exception '全额回款日期须在销售日期 % 与今天之间 | Paid in full on: between the sale (%) and today', sale.sold_on, sale.sold_on
      using errcode = '22023', hint = 'paid_on';
  end if;
  perform set_config('taizhang.parts_sale_move', 'on', true);
  update public.parts_sales s set paid_in_full_on = paid_on, paid_recorded_by = private.my_operator_id()
  where s.id = sale.id returning * into sale;
  perform set_config('taizhang.parts_sale_move', 'off', true);
  perform private.notify(sale.seller_id, '绩效', format('备件销售（%s）已全额回款，提成 %s 元 | Parts sale (%s) is paid in full: commission %s yuan', sale.parts, sale.commission, sale.parts, sale.commission),
    null, 'parts_sales', sale.id::text, null, 'parts-sale-paid:' || sale.id);
  return sale;
end
$$;
comment on function public.record_parts_sale_paid(uuid, date) is '登记全额回款 | Record paid in full';

-- ── Praise letters: the director sets the award within praise.min..praise.max ────────────
create function private.praise_letters_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  api boolean := private.performance_api_write();
  moving boolean := coalesce(current_setting('taizhang.praise_letter_move', true), '') = 'on';
begin
  if tg_op in ('UPDATE', 'DELETE') and not moving and old.status = '已定额' and (api or tg_op = 'UPDATE') then
    raise exception '表扬信的嘉奖已定为 % 元，不能再修改或删除 | The award was set at % yuan: the letter can no longer be changed or deleted',
      old.amount, old.amount using errcode = 'PT409', column = 'status';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  if tg_op = 'INSERT' and api then
    new.recorded_by := private.my_operator_id();
    new.amount := null;
    new.amount_set_by := null;
    new.amount_set_at := null;
  end if;
  if api and new.received_on > (now() at time zone 'Asia/Shanghai')::date then
    raise exception '收到日期不能晚于今天 | Received on cannot be in the future' using errcode = '22023', column = 'received_on';
  end if;
  new.department_id := private.operator_department(new.operator_id);
  new.status := case when new.amount is null then '待定额' else '已定额' end;
  return new;
end
$$;
create trigger praise_letters_before_write before insert or update or delete on public.praise_letters
  for each row execute function private.praise_letters_before_write();

create function public.set_praise_award(letter_id uuid, amount numeric) returns public.praise_letters
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  letter public.praise_letters;
  lo numeric;
  hi numeric;
begin
  select * into letter from public.praise_letters p where p.id = letter_id for update;
  if letter.id is null or not coalesce(letter.recorded_by = private.my_operator_id()
       or private.may('praise_letters', 'read', letter.operator_id, letter.department_id), false) then
    raise exception '表扬信不存在或无权查看 | No such praise letter, or not visible to you' using errcode = 'PT404', hint = 'letter_id';
  end if;
  if letter.status <> '待定额' then
    raise exception '嘉奖已定为 % 元 | The award was already set at % yuan', letter.amount, letter.amount using errcode = 'PT409', hint = 'status';
  end if;
  if not private.may('praise_letters', 'approve', null, letter.department_id) or letter.operator_id = private.my_operator_id() then
    raise exception '表扬信的嘉奖金额由客服中心总监确定 | The director sets the award for a praise letter' using errcode = '42501';
  end if;
  lo := private.performance_rate('praise.min', letter.received_on);
  hi := private.performance_rate('praise.max', letter.received_on);
  if amount is null or amount < lo or amount > hi then
    raise exception '嘉奖金额须在 %–% 元之间 | The award must be between % and % yuan', trim_scale(lo), trim_scale(hi), trim_scale(lo), trim_scale(hi) using errcode = '22023', hint = 'amount';
  end if;
  perform set_config('taizhang.praise_letter_move', 'on', true);
  update public.praise_letters p set amount = amount, amount_set_by = private.my_operator_id(), amount_set_at = now()
  where p.id = letter.id returning * into letter;
  perform set_config('taizhang.praise_letter_move', 'off', true);
  perform private.notify(letter.operator_id, '绩效', format('收到客户表扬信（%s），嘉奖 %s 元 | A customer''s letter of praise (%s): award of %s yuan', letter.received_on, letter.amount, letter.received_on, letter.amount),
    null, 'praise_letters', letter.id::text, null, 'praise-award:' || letter.id);
  return letter;
end
$$;
comment on function public.set_praise_award(uuid, numeric) is '确定表扬嘉奖 | Set the praise award';

revoke all on function private.is_service_engineer(uuid), private.operator_department(uuid), private.performance_api_write(),
  private.monthly_service_points_refresh(uuid, date), private.compute_monthly_points(date), private.monthly_points_sync(),
  private.service_records_before_write(), private.service_records_notify(), private.may_decide_service_exemption(uuid),
  private.safety_incidents_before_write(), private.parts_commission_rate(numeric, numeric, date),
  private.parts_sales_before_write(), private.praise_letters_before_write() from public;
grant execute on function private.may_decide_service_exemption(uuid) to authenticated, service_role;
revoke all on function public.decide_signature_exemption(uuid, boolean, text), public.record_parts_sale_paid(uuid, date),
  public.set_praise_award(uuid, numeric) from public, anon;
grant execute on function public.decide_signature_exemption(uuid, boolean, text), public.record_parts_sale_paid(uuid, date),
  public.set_praise_award(uuid, numeric) to authenticated;

-- ── RLS and permissions ──────────────────────────────────────────────────────────────────
-- An engineer (a seller, a praised operator) sees his own; the manager his department's; the
-- director and the gm all. Pay figures are never shown to other clerks.
select private.create_register_policies('public.service_records', owner_column => 'engineer_id', department_column => 'department_id',
  read_also => $$exemption_decided_by = (select private.my_operator_id())$$);
select private.create_register_policies('public.safety_incidents', owner_column => 'engineer_id', department_column => 'department_id',
  read_also => $$recorded_by = (select private.my_operator_id())$$);
select private.create_register_policies('public.parts_sales', owner_column => 'seller_id', department_column => 'department_id',
  read_also => $$paid_recorded_by = (select private.my_operator_id())$$);
select private.create_register_policies('public.praise_letters', owner_column => 'operator_id', department_column => 'department_id',
  read_also => $$recorded_by = (select private.my_operator_id()) or amount_set_by = (select private.my_operator_id())$$);
select private.create_register_policies('public.monthly_service_points', owner_column => 'engineer_id', department_column => 'department_id',
  actions => array['select']);

insert into public.permissions (role, duty, register, action, scope, note) values
  (null, '服务工程师', 'service_records', 'read', 'own', '本人的服务记录单'),
  (null, '服务工程师', 'service_records', 'create', 'own', '填写服务记录单'),
  (null, '服务工程师', 'service_records', 'update', 'own', '客户签收或审批免签前修改'),
  (null, '服务工程师', 'service_records', 'delete', 'own', '客户签收或审批免签前删除'),
  ('manager', null, 'service_records', 'read', 'department', '本部门的服务记录单'),
  ('manager', null, 'service_records', 'approve', 'department', '审批本部门的免签申请'),
  ('director', null, 'service_records', 'read', 'all', null),
  ('director', null, 'service_records', 'approve', 'all', '部门无经理时审批免签'),
  ('gm', null, 'service_records', 'read', 'all', null),
  (null, '服务工程师', 'safety_incidents', 'read', 'own', '本人的安全事故'),
  ('manager', null, 'safety_incidents', 'read', 'department', null),
  ('manager', null, 'safety_incidents', 'create', 'department', '记录本部门工程师的安全事故'),
  ('director', null, 'safety_incidents', 'read', 'all', null),
  ('director', null, 'safety_incidents', 'create', 'all', null),
  ('director', null, 'safety_incidents', 'update', 'all', '更正安全事故记录'),
  ('director', null, 'safety_incidents', 'delete', 'all', null),
  ('gm', null, 'safety_incidents', 'read', 'all', null),
  ('clerk', null, 'parts_sales', 'read', 'own', '本人的备件销售与提成'),
  ('clerk', null, 'parts_sales', 'create', 'own', '登记备件销售'),
  ('clerk', null, 'parts_sales', 'update', 'own', '全额回款前修改'),
  ('clerk', null, 'parts_sales', 'delete', 'own', '全额回款前删除'),
  ('manager', null, 'parts_sales', 'read', 'department', null),
  ('manager', null, 'parts_sales', 'create', 'own', null),
  ('manager', null, 'parts_sales', 'update', 'own', null),
  ('manager', null, 'parts_sales', 'delete', 'own', null),
  ('manager', null, 'parts_sales', 'approve', 'department', '登记本部门销售的全额回款'),
  ('director', null, 'parts_sales', 'read', 'all', null),
  ('director', null, 'parts_sales', 'approve', 'all', '登记全额回款'),
  ('gm', null, 'parts_sales', 'read', 'all', null),
  ('clerk', null, 'praise_letters', 'read', 'own', '表扬本人的信'),
  ('manager', null, 'praise_letters', 'read', 'department', null),
  ('manager', null, 'praise_letters', 'create', 'department', '登记本部门人员收到的表扬信'),
  ('manager', null, 'praise_letters', 'update', 'department', '定额前修改'),
  ('manager', null, 'praise_letters', 'delete', 'department', '定额前删除'),
  ('director', null, 'praise_letters', 'read', 'all', null),
  ('director', null, 'praise_letters', 'create', 'all', null),
  ('director', null, 'praise_letters', 'update', 'all', null),
  ('director', null, 'praise_letters', 'delete', 'all', null),
  ('director', null, 'praise_letters', 'approve', 'all', '确定表扬嘉奖金额（200–500元）'),
  ('gm', null, 'praise_letters', 'read', 'all', null),
  (null, '服务工程师', 'monthly_service_points', 'read', 'own', '本人的月度服务点数'),
  ('manager', null, 'monthly_service_points', 'read', 'department', null),
  ('director', null, 'monthly_service_points', 'read', 'all', null),
  ('gm', null, 'monthly_service_points', 'read', 'all', null);

select private.declare_system_column(c.tbl, c.name, c.why)
from (values
  ('public.service_records', 'engineer_id', '“服务工程师”是填写记录单的人 | The engineer is whoever writes the record'),
  ('public.service_records', 'department_id', '“部门”是工程师的部门 | The department is the engineer''s'),
  ('public.service_records', 'points', '“服务点数”按服务日期的绩效标准算出 | Points follow the rate on the day served'),
  ('public.service_records', 'signature_exempt', '“免签已批准”只能通过审批免签记录 | Exemption approved is recorded only by the exemption decision'),
  ('public.service_records', 'exemption_decided_by', '“免签审批人”只能通过审批免签记录 | Recorded only by the exemption decision'),
  ('public.service_records', 'exemption_decided_at', '“免签审批时间”只能通过审批免签记录 | Recorded only by the exemption decision'),
  ('public.service_records', 'exemption_note', '“免签审批意见”只能通过审批免签记录 | Recorded only by the exemption decision'),
  ('public.service_records', 'status', '“签收状态”由签收和免签审批得出 | The status follows from the signature and the exemption decision'),
  ('public.safety_incidents', 'department_id', '“部门”是工程师的部门 | The department is the engineer''s'),
  ('public.safety_incidents', 'recorded_by', '“记录人”是登记事故的人 | Recorded by is whoever records the incident'),
  ('public.parts_sales', 'seller_id', '“销售人”是登记销售的人 | The seller is whoever records the sale'),
  ('public.parts_sales', 'department_id', '“部门”是销售人的部门 | The department is the seller''s'),
  ('public.parts_sales', 'margin', '“毛利率”由报价和成本算出 | The margin follows from the quote and the cost'),
  ('public.parts_sales', 'commission_rate', '“提成比例”按毛利率和绩效标准算出 | The commission rate follows from the margin and the rates'),
  ('public.parts_sales', 'paid_in_full_on', '“全额回款日期”只能通过“登记全额回款”记录 | Recorded only by the Record paid in full move'),
  ('public.parts_sales', 'paid_recorded_by', '“回款登记人”只能通过“登记全额回款”记录 | Recorded only by the Record paid in full move'),
  ('public.parts_sales', 'commission', '“提成”全额回款后按提成比例算出 | The commission follows the rate once paid in full'),
  ('public.praise_letters', 'department_id', '“部门”是受表扬人的部门 | The department is the praised operator''s'),
  ('public.praise_letters', 'amount', '“嘉奖金额”只能由总监通过“确定嘉奖”记录 | The award is set only by the director''s Set award move'),
  ('public.praise_letters', 'amount_set_by', '“定额人”只能通过“确定嘉奖”记录 | Recorded only by the Set award move'),
  ('public.praise_letters', 'amount_set_at', '“定额时间”只能通过“确定嘉奖”记录 | Recorded only by the Set award move'),
  ('public.praise_letters', 'status', '“状态”由嘉奖是否确定得出 | The status follows from the award'),
  ('public.praise_letters', 'recorded_by', '“登记人”是登记表扬信的人 | Recorded by is whoever records the letter')
) as c(tbl, name, why);

-- ── Screens and moves ────────────────────────────────────────────────────────────────────
select private.declare_register('public.service_records', menu_group => 'performance', menu_order => 10,
  print_title => '服务记录单 | Service record', title_columns => array['served_on', 'job_kind'],
  print_signatures => array['服务工程师 | Service engineer', '客户签收 | Customer', '部门经理 | Department manager']);
select private.declare_column('public.service_records', c.name, kind => 'longtext')
from unnest(array['description', 'exemption_reason', 'exemption_note']) as c(name);
select private.declare_register('public.safety_incidents', menu_group => 'performance', menu_order => 15,
  title_columns => array['occurred_on', 'engineer_id']);
select private.declare_column('public.safety_incidents', 'description', kind => 'longtext');
select private.declare_register('public.parts_sales', menu_group => 'performance', menu_order => 20,
  title_columns => array['sold_on', 'parts']);
select private.declare_column('public.parts_sales', c.name, kind => 'money')
from unnest(array['quoted_amount', 'cost_amount', 'commission']) as c(name);
select private.declare_column('public.parts_sales', c.name, kind => 'percent')
from unnest(array['margin', 'commission_rate']) as c(name);
select private.declare_register('public.praise_letters', menu_group => 'performance', menu_order => 25,
  title_columns => array['received_on', 'operator_id']);
select private.declare_column('public.praise_letters', 'content', kind => 'longtext');
select private.declare_column('public.praise_letters', 'amount', kind => 'money');
select private.declare_register('public.monthly_service_points', menu_group => 'performance', menu_order => 30,
  title_columns => array['month', 'engineer_id']);
select private.declare_column('public.monthly_service_points', 'month', kind => 'month');
select private.declare_column('public.monthly_service_points', 'bonus_yuan', kind => 'money');

select private.declare_move('public.service_records', 'approve_exemption', '批准免签 | Approve exemption', 'decide_signature_exemption', 'record_id',
  fields => '[{"name": "note", "label": "审批意见 | Note", "column": "exemption_note", "required": false}]', fixed_args => '{"approve": true}',
  state_column => 'status', from_states => array['申请免签'], to_state => '免签',
  requires_register => 'service_records', requires_action => 'approve',
  condition => $$private.may_decide_service_exemption(id)$$);
select private.declare_move('public.service_records', 'refuse_exemption', '不批准免签 | Refuse exemption', 'decide_signature_exemption', 'record_id',
  fields => '[{"name": "note", "label": "不批准理由 | Reason", "column": "exemption_note", "required": true}]', fixed_args => '{"approve": false}',
  state_column => 'status', from_states => array['申请免签'], to_state => '未签收',
  requires_register => 'service_records', requires_action => 'approve',
  condition => $$private.may_decide_service_exemption(id)$$,
  danger => true, confirm => '不批准免签？该记录单按未签收处理（每次罚款100元） | Refuse? The record counts as unsigned (a 100 yuan penalty)');
select private.declare_move('public.parts_sales', 'record_paid', '登记全额回款 | Record paid in full', 'record_parts_sale_paid', 'sale_id',
  fields => '[{"name": "paid_on", "label": "全额回款日期 | Paid in full on", "column": "paid_in_full_on", "required": true}]',
  requires_register => 'parts_sales', requires_action => 'approve',
  condition => $$paid_in_full_on is null and private.may('parts_sales', 'approve', null, department_id)$$,
  confirm => '确认该销售已全额回款？提成随之确定，记录不能再修改 | Confirm paid in full? The commission is settled and the sale is locked');
select private.declare_move('public.praise_letters', 'set_award', '确定嘉奖 | Set award', 'set_praise_award', 'letter_id',
  fields => '[{"name": "amount", "label": "嘉奖金额（200–500元） | Award (200–500 yuan)", "column": "amount", "required": true}]',
  state_column => 'status', from_states => array['待定额'], to_state => '已定额',
  requires_register => 'praise_letters', requires_action => 'approve',
  condition => $$private.may('praise_letters', 'approve', null, department_id) and operator_id is distinct from private.my_operator_id()$$);

select private.declare_frozen('public.service_records', $$customer_signed or exemption_decided_at is not null$$);
select private.declare_frozen('public.parts_sales', $$paid_in_full_on is not null$$);
select private.declare_frozen('public.praise_letters', $$status = '已定额'$$);
