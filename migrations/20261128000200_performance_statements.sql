-- Performance statements 绩效考核表 (issue 16 points 2, 5, 6; RULES §15; SPEC register 15): one
-- statement per person and quarter, computed by the job "performance" from the registers, never
-- typed in, every figure a line that names the row it came from.
--   000 第四条: monthly service points above the 17-point base at 270 yuan a point (S: monthly_service_points)
--   000 第五条 / 002 13: 季度考核排名前3名 1500 元，第4~8名 1000 元 → award.rank_1_3, award.rank_4_8
--     on a score from the settings; ties share a rank (the next rank skips: 1, 2, 2, 4 …)
--   000 8.3: 按个人80%、部门20% → team.person_share (the department's 20% stays on the statement,
--     outside the person's total)
--   000 8.4: 每月4、7、10、其次年1月发放 → payout_month, the month after the quarter
--   000 8.1/8.2 commission (S: parts_sales.commission, counted in the quarter of full payment)
--   000 9.1 praise letters 200–500 (S: praise_letters.amount, set by the director)
--   000 9.5 unsigned service record 否则每次罚款100元 → penalty.unsigned_record per record neither
--     signed by the customer nor exempted (S: service_records)
--   000 9.6 complaint found against the person 每次罚款200元 → a penalty row 投诉属实 naming the complaint
--     (service_requests has no "upheld" mark; the manager records the finding here)
--   002 6 因没有及时回访而造成的重卡…每卡罚款20元 → a penalty row 重卡 naming the customer card; the
--     data do not record why a duplicate came about (the duplicate check refuses duplicates at
--     filing), so the manager records the finding with its cause in the note
--   001 扣月績效獎50100元 → a penalty row 抽查 naming the sampling return visit, the amount set by
--     the manager within penalty.sampling_min..penalty.sampling_max
--   000 1.8 月底KPI考核时赐予相应惩处 / late reports → work_reports.assessment_yuan (Operations)
-- Workflow: proposed by the job (待复核) → reviewed by the department manager (待审批) → approved by
-- the gm (已批准, locked: no setting, source or job run changes it again).

-- ── Rates (S's effective-dated performance_rates) ────────────────────────────────────────
-- The rate in force on a day; the default only while the rates register is absent.
create function private.perf_rate(p_key text, p_on date, p_default numeric) returns numeric
language plpgsql stable security definer set search_path = ''
as $$
declare
  v numeric;
begin
  if to_regprocedure('private.performance_rate(text,date)') is null then
    return p_default;
  end if;
  begin
    execute 'select private.performance_rate($1, $2)' into v using p_key, p_on;
  exception when others then
    v := null;
  end;
  return coalesce(v, p_default);
end
$$;
revoke all on function private.perf_rate(text, date, numeric) from public;

do $$
begin
  if to_regclass('public.performance_rates') is not null then
    execute $sql$
      insert into public.performance_rates (key, value, effective_from, label) values
        ('award.rank_1_3', 1500, date '2000-01-01', '季度考核第1~3名嘉奖（元） | Quarterly award, ranks 1–3 (yuan)'),
        ('award.rank_4_8', 1000, date '2000-01-01', '季度考核第4~8名嘉奖（元） | Quarterly award, ranks 4–8 (yuan)'),
        ('team.person_share', 0.8, date '2000-01-01', '团队季度奖金个人份额（其余归部门） | Team bonus: the person''s share (the rest to the department)'),
        ('penalty.unsigned_record', 100, date '2000-01-01', '服务记录单未经客户签收（未获批准）罚款（元/次） | Unsigned service record, not exempted (yuan each)'),
        ('penalty.upheld_complaint', 200, date '2000-01-01', '投诉经查属个人原因罚款（元/次） | Complaint upheld against the person (yuan each)'),
        ('penalty.duplicate_card', 20, date '2000-01-01', '未及时回访造成重卡罚款（元/卡） | Duplicate card from a missed return visit (yuan per card)'),
        ('penalty.sampling_min', 50, date '2000-01-01', '抽查发现问题最低扣款（元） | Sampling finding, least deduction (yuan)'),
        ('penalty.sampling_max', 100, date '2000-01-01', '抽查发现问题最高扣款（元） | Sampling finding, most deduction (yuan)'),
        ('score.per_point', 1, date '2000-01-01', '考核得分：每个净服务点数 | Score: per net service point'),
        ('score.per_praise', 5, date '2000-01-01', '考核得分：每封表扬信 | Score: per praise letter'),
        ('score.per_penalty_yuan', 0.05, date '2000-01-01', '考核得分：每元处罚扣分 | Score: deducted per yuan of penalties')
      on conflict do nothing
    $sql$;
  end if;
end
$$;

-- ── Penalty findings 处罚记录 (what no register records by itself) ─────────────────────────
create table public.performance_penalties (
  id uuid primary key default gen_random_uuid(),
  operator_id uuid not null references public.operators (id),
  department_id uuid references public.departments (id),
  kind text not null,
  source_table text,
  source_id uuid not null,
  occurred_on date not null default ((now() at time zone 'Asia/Shanghai')::date),
  amount numeric(10, 2),
  note text,
  recorded_by uuid references public.operators (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint performance_penalties_kind_check check (kind in ('投诉属实', '重卡', '抽查')),
  constraint performance_penalties_once unique (kind, source_id, operator_id),
  constraint performance_penalties_occurred_on_range check (occurred_on >= date '2000-01-01' and occurred_on < date '2101-01-01'),
  constraint performance_penalties_amount_range check (amount >= 0 and amount <= 100000),
  constraint performance_penalties_note_length check (char_length(note) <= 1000),
  constraint performance_penalties_source_table_length check (char_length(source_table) <= 63)
);
comment on constraint performance_penalties_kind_check on public.performance_penalties is '处罚类别须是投诉属实、重卡或抽查 | Kind: complaint upheld, duplicate card or sampling finding';
comment on constraint performance_penalties_once on public.performance_penalties is '同一事项对同一人只处罚一次 | One penalty per finding and person';
comment on constraint performance_penalties_occurred_on_range on public.performance_penalties is '日期须在 2000–2100 年之间 | Date: a date in the years 2000–2100';
comment on constraint performance_penalties_amount_range on public.performance_penalties is '金额须在 0–100000 元之间 | Amount: 0–100000 yuan';
comment on constraint performance_penalties_note_length on public.performance_penalties is '说明最多 1000 字 | Note: at most 1000 characters';
comment on constraint performance_penalties_source_table_length on public.performance_penalties is '来源表名最多 63 字 | Source table: at most 63 characters';
comment on table public.performance_penalties is '处罚记录 | Penalty findings';
comment on column public.performance_penalties.operator_id is '被处罚人 | Person';
comment on column public.performance_penalties.department_id is '部门 | Department';
comment on column public.performance_penalties.kind is '处罚类别 | Kind';
comment on column public.performance_penalties.source_table is '来源 | Source register';
comment on column public.performance_penalties.source_id is '来源记录 | Source row';
comment on column public.performance_penalties.occurred_on is '日期 | Date';
comment on column public.performance_penalties.amount is '金额（元） | Amount (yuan)';
comment on column public.performance_penalties.note is '说明（原因） | Note (cause)';
comment on column public.performance_penalties.recorded_by is '登记人 | Recorded by';
comment on column public.performance_penalties.version is '版本 | Version';
comment on column public.performance_penalties.created_at is '创建时间 | Created at';
comment on column public.performance_penalties.updated_at is '修改时间 | Updated at';
create index performance_penalties_operator_id_idx on public.performance_penalties (operator_id);
create index performance_penalties_department_id_idx on public.performance_penalties (department_id);
create index performance_penalties_recorded_by_idx on public.performance_penalties (recorded_by);

-- ── Statements and their lines ───────────────────────────────────────────────────────────
create table public.performance_statements (
  id uuid primary key default gen_random_uuid(),
  operator_id uuid not null references public.operators (id) on delete cascade,
  department_id uuid references public.departments (id),
  quarter date not null,
  payout_month date not null,
  status text not null default '待复核',
  score numeric(12, 2) not null default 0,
  rank integer,
  points_bonus numeric(12, 2) not null default 0,
  commission numeric(12, 2) not null default 0,
  praise numeric(12, 2) not null default 0,
  award_person numeric(12, 2) not null default 0,
  award_department numeric(12, 2) not null default 0,
  penalties numeric(12, 2) not null default 0,
  total numeric(12, 2) not null default 0,
  computed_at timestamptz,
  reviewed_by uuid references public.operators (id),
  reviewed_at timestamptz,
  approved_by uuid references public.operators (id),
  approved_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint performance_statements_once unique (operator_id, quarter),
  constraint performance_statements_status_check check (status in ('待复核', '待审批', '已批准')),
  constraint performance_statements_quarter_start check (quarter = date_trunc('quarter', quarter)::date and quarter >= date '2000-01-01' and quarter < date '2101-01-01'),
  constraint performance_statements_payout_month_check check (payout_month = (quarter + interval '3 months')::date),
  constraint performance_statements_approved_has_approver check (status <> '已批准' or (approved_by is not null and approved_at is not null))
);
comment on constraint performance_statements_once on public.performance_statements is '每人每季度一张考核表 | One statement per person and quarter';
comment on constraint performance_statements_status_check on public.performance_statements is '状态须为待复核、待审批或已批准 | Status: awaiting review, awaiting approval or approved';
comment on constraint performance_statements_quarter_start on public.performance_statements is '季度须为季度首日（2000–2100 年） | Quarter: the first day of a quarter (2000–2100)';
comment on constraint performance_statements_payout_month_check on public.performance_statements is '发放月为季度后的次月（4、7、10、次年1月） | Payout in the month after the quarter (April, July, October, January)';
comment on constraint performance_statements_approved_has_approver on public.performance_statements is '已批准须有批准人 | Approved needs an approver';
comment on table public.performance_statements is '绩效考核表 | Performance statements';
comment on column public.performance_statements.operator_id is '员工 | Person';
comment on column public.performance_statements.department_id is '部门 | Department';
comment on column public.performance_statements.quarter is '季度 | Quarter';
comment on column public.performance_statements.payout_month is '发放月份 | Payout month';
comment on column public.performance_statements.status is '状态 | Status';
comment on column public.performance_statements.score is '考核得分 | Score';
comment on column public.performance_statements.rank is '季度排名 | Rank';
comment on column public.performance_statements.points_bonus is '月度服务点数绩效（元） | Monthly points bonus (yuan)';
comment on column public.performance_statements.commission is '备品备件提成（元） | Parts commission (yuan)';
comment on column public.performance_statements.praise is '表扬信嘉奖（元） | Praise letters (yuan)';
comment on column public.performance_statements.award_person is '季度嘉奖个人80%（元） | Quarterly award, person''s share (yuan)';
comment on column public.performance_statements.award_department is '季度嘉奖部门20%（元） | Quarterly award, department''s share (yuan)';
comment on column public.performance_statements.penalties is '处罚合计（元） | Penalties (yuan)';
comment on column public.performance_statements.total is '个人实发合计（元） | Person''s total (yuan)';
comment on column public.performance_statements.computed_at is '计算时间 | Computed at';
comment on column public.performance_statements.reviewed_by is '复核人 | Reviewed by';
comment on column public.performance_statements.reviewed_at is '复核时间 | Reviewed at';
comment on column public.performance_statements.approved_by is '批准人 | Approved by';
comment on column public.performance_statements.approved_at is '批准时间 | Approved at';
comment on column public.performance_statements.version is '版本 | Version';
comment on column public.performance_statements.created_at is '创建时间 | Created at';
comment on column public.performance_statements.updated_at is '修改时间 | Updated at';
create index performance_statements_operator_id_idx on public.performance_statements (operator_id);
create index performance_statements_department_id_idx on public.performance_statements (department_id);
create index performance_statements_reviewed_by_idx on public.performance_statements (reviewed_by);
create index performance_statements_approved_by_idx on public.performance_statements (approved_by);
create index performance_statements_quarter_idx on public.performance_statements (quarter);

create table public.performance_statement_lines (
  id uuid primary key default gen_random_uuid(),
  statement_id uuid not null references public.performance_statements (id) on delete cascade,
  operator_id uuid not null references public.operators (id),
  department_id uuid references public.departments (id),
  kind text not null,
  source_table text,
  source_id text,
  occurred_on date,
  amount numeric(12, 2) not null,
  note text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint performance_statement_lines_kind_check check (kind in ('服务点数', '提成', '表扬', '季度奖', '季度奖（部门）', '处罚')),
  constraint performance_statement_lines_source_table_length check (char_length(source_table) <= 63),
  constraint performance_statement_lines_source_id_length check (char_length(source_id) <= 100),
  constraint performance_statement_lines_note_length check (char_length(note) <= 1000),
  constraint performance_statement_lines_occurred_on_range check (occurred_on >= date '2000-01-01' and occurred_on < date '2101-01-01'),
  constraint performance_statement_lines_amount_range check (amount between -1000000 and 1000000)
);
comment on constraint performance_statement_lines_kind_check on public.performance_statement_lines is '项目须为服务点数、提成、表扬、季度奖、季度奖（部门）或处罚 | Kind: points, commission, praise, award, award (department) or penalty';
comment on constraint performance_statement_lines_source_table_length on public.performance_statement_lines is '来源表名最多 63 字 | Source register: at most 63 characters';
comment on constraint performance_statement_lines_source_id_length on public.performance_statement_lines is '来源记录最多 100 字 | Source row: at most 100 characters';
comment on constraint performance_statement_lines_note_length on public.performance_statement_lines is '说明最多 1000 字 | Note: at most 1000 characters';
comment on constraint performance_statement_lines_occurred_on_range on public.performance_statement_lines is '日期须在 2000–2100 年之间 | Date: a date in the years 2000–2100';
comment on constraint performance_statement_lines_amount_range on public.performance_statement_lines is '金额须在 ±1000000 元之内 | Amount: within ±1000000 yuan';
comment on table public.performance_statement_lines is '绩效考核明细 | Performance statement lines';
comment on column public.performance_statement_lines.statement_id is '考核表 | Statement';
comment on column public.performance_statement_lines.operator_id is '员工 | Person';
comment on column public.performance_statement_lines.department_id is '部门 | Department';
comment on column public.performance_statement_lines.kind is '项目 | Kind';
comment on column public.performance_statement_lines.source_table is '来源 | Source register';
comment on column public.performance_statement_lines.source_id is '来源记录 | Source row';
comment on column public.performance_statement_lines.occurred_on is '日期 | Date';
comment on column public.performance_statement_lines.amount is '金额（元） | Amount (yuan)';
comment on column public.performance_statement_lines.note is '说明 | Note';
comment on column public.performance_statement_lines.version is '版本 | Version';
comment on column public.performance_statement_lines.created_at is '创建时间 | Created at';
comment on column public.performance_statement_lines.updated_at is '修改时间 | Updated at';
create index performance_statement_lines_statement_id_idx on public.performance_statement_lines (statement_id);
create index performance_statement_lines_operator_id_idx on public.performance_statement_lines (operator_id);
create index performance_statement_lines_department_id_idx on public.performance_statement_lines (department_id);

alter table public.performance_penalties enable row level security;
alter table public.performance_statements enable row level security;
alter table public.performance_statement_lines enable row level security;
revoke all on public.performance_penalties, public.performance_statements, public.performance_statement_lines from anon, authenticated;
grant select, insert, update, delete on public.performance_penalties to authenticated;
grant select on public.performance_statements, public.performance_statement_lines to authenticated;

select private.register_table('public.performance_penalties');
select private.register_table('public.performance_statements');
select private.register_table('public.performance_statement_lines');
select private.label_options('{
  "待复核": "Awaiting review", "待审批": "Awaiting approval",
  "投诉属实": "Complaint upheld", "重卡": "Duplicate card", "抽查": "Sampling finding",
  "服务点数": "Service points", "提成": "Commission", "表扬": "Praise letter", "季度奖": "Quarterly award",
  "季度奖（部门）": "Quarterly award (department)", "处罚": "Penalty"
}');

-- ── Penalty findings: what each kind names, and its amount ───────────────────────────────
create function private.performance_penalties_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  req record;
  visit record;
  lo numeric;
  hi numeric;
begin
  if tg_op = 'UPDATE' then
    if (new.operator_id, new.kind, new.source_id, new.occurred_on, new.amount) is distinct from
       (old.operator_id, old.kind, old.source_id, old.occurred_on, old.amount) and not private.keeping_rows_as_given() then
      raise exception '处罚记录登记后不能修改，请删除后重新登记 | A penalty finding cannot be changed: delete it and record it again'
        using errcode = 'PT409', column = 'amount';
    end if;
    return new;
  end if;
  if private.keeping_rows_as_given() then
    return new;
  end if;
  new.recorded_by := coalesce(private.my_operator_id(), new.recorded_by);
  new.department_id := (select o.department_id from public.operators o where o.id = new.operator_id);
  if new.occurred_on > (now() at time zone 'Asia/Shanghai')::date then
    raise exception '日期不能晚于今天 | The date cannot be in the future' using errcode = '22023', column = 'occurred_on';
  end if;
  if new.kind = '投诉属实' then
    select r.kind, r.accused_operator_id into req from public.service_requests r where r.id = new.source_id;
    if not found or req.kind <> '投诉' then
      raise exception '来源须是一件投诉 | The source must be a complaint' using errcode = '23503', column = 'source_id';
    end if;
    if req.accused_operator_id is distinct from new.operator_id then
      raise exception '这件投诉没有点名此人为被投诉人 | This complaint does not name this person as the accused' using errcode = '23514', column = 'operator_id';
    end if;
    new.source_table := 'service_requests';
    new.amount := private.perf_rate('penalty.upheld_complaint', new.occurred_on, 200);
  elsif new.kind = '抽查' then
    select v.source, v.done_at, r.handler_id into visit
    from public.return_visits v left join public.service_requests r on r.id = v.sampled_request_id where v.id = new.source_id;
    if not found or visit.source <> '抽查' or visit.done_at is null then
      raise exception '来源须是一次已完成的抽查回访 | The source must be a sampling return visit that was made' using errcode = '23503', column = 'source_id';
    end if;
    if visit.handler_id is distinct from new.operator_id then
      raise exception '被处罚人须是被抽查工单的处理人 | The person must be the handler of the sampled request' using errcode = '23514', column = 'operator_id';
    end if;
    lo := trim_scale(private.perf_rate('penalty.sampling_min', new.occurred_on, 50));
    hi := trim_scale(private.perf_rate('penalty.sampling_max', new.occurred_on, 100));
    if new.amount is null or new.amount < lo or new.amount > hi then
      raise exception '抽查扣款须在 %–% 元之间 | Sampling deduction: between % and % yuan', lo, hi, lo, hi using errcode = '23514', column = 'amount';
    end if;
    new.source_table := 'return_visits';
  elsif new.kind = '重卡' then
    if not exists (select 1 from public.customers c where c.id = new.source_id) then
      raise exception '来源须是一张客户卡 | The source must be a customer card' using errcode = '23503', column = 'source_id';
    end if;
    if char_length(btrim(coalesce(new.note, ''))) < 2 then
      raise exception '重卡须写明原因（未及时回访） | A duplicate card needs its cause (the missed return visit) in the note' using errcode = '23502', column = 'note';
    end if;
    new.source_table := 'customers';
    new.amount := private.perf_rate('penalty.duplicate_card', new.occurred_on, 20);
  end if;
  return new;
end
$$;
create trigger performance_penalties_before_write before insert or update on public.performance_penalties
  for each row execute function private.performance_penalties_before_write();

-- ── Locked is locked ─────────────────────────────────────────────────────────────────────
create function private.performance_statements_locked() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if old.status = '已批准' and not private.keeping_rows_as_given() then
    raise exception '考核表已批准并锁定，不能再修改或删除 | The statement is approved and locked: it cannot be changed or deleted' using errcode = 'PT409', column = 'status';
  end if;
  if tg_op = 'UPDATE' and old.status <> '待复核' and coalesce(current_setting('taizhang.performance_move', true), '') <> 'on'
     and (new.total, new.score, new.rank) is distinct from (old.total, old.score, old.rank) then
    raise exception '考核表已复核，金额不能再变 | The statement has been reviewed: its figures cannot change' using errcode = 'PT409', column = 'total';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;
create trigger performance_statements_locked before update or delete on public.performance_statements
  for each row execute function private.performance_statements_locked();

create function private.performance_statement_lines_locked() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if exists (select 1 from public.performance_statements s
             where s.id = case when tg_op = 'DELETE' then old.statement_id else new.statement_id end and s.status <> '待复核')
     and not private.keeping_rows_as_given() then
    raise exception '考核表已复核或锁定，明细不能再变 | The statement has been reviewed or locked: its lines cannot change' using errcode = 'PT409', column = 'amount';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;
create trigger performance_statement_lines_locked before insert or update or delete on public.performance_statement_lines
  for each row execute function private.performance_statement_lines_locked();

-- A penalty counted on a reviewed or locked statement stays.
create function private.performance_penalty_counted(p_penalty uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.performance_statement_lines l join public.performance_statements s on s.id = l.statement_id
                 where l.source_table = 'performance_penalties' and l.source_id = p_penalty::text and s.status <> '待复核')
$$;
create function private.performance_penalties_before_delete() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if private.performance_penalty_counted(old.id) and not private.keeping_rows_as_given() then
    raise exception '这条处罚已计入复核后的考核表，不能删除 | This penalty is counted on a reviewed statement: it cannot be deleted' using errcode = 'PT409';
  end if;
  return old;
end
$$;
create trigger performance_penalties_before_delete before delete on public.performance_penalties
  for each row execute function private.performance_penalties_before_delete();

-- ── Who is assessed ──────────────────────────────────────────────────────────────────────
-- Service engineers (duty 服务工程师) and the service-management staff (clerks and managers of the
-- departments); not the archive room, the guards, the director, the gms or the administrator.
create function private.performance_staff() returns setof public.operators
language sql stable security definer set search_path = ''
as $$
  select o.* from public.operators o
  where o.active and ('服务工程师' = any (o.duties) or o.role::text in ('clerk', 'manager'))
$$;

-- Reads a source register if it exists (S's registers land in their own migration).
create function private.perf_has(p_table text) returns boolean
language sql stable set search_path = ''
as $$ select to_regclass(p_table) is not null $$;

-- ── The computation of one quarter ───────────────────────────────────────────────────────
-- Statements still awaiting review are recomputed from scratch (idempotent); reviewed and
-- approved ones are left as they are. Returns the number of statements written.
create function private.propose_performance_statements(p_quarter date) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  q date := date_trunc('quarter', p_quarter)::date;
  q_end date := (date_trunc('quarter', p_quarter) + interval '3 months')::date;
  last_day date := (date_trunc('quarter', p_quarter) + interval '3 months - 1 day')::date;
  person public.operators;
  st public.performance_statements;
  net numeric;
  praise_count integer;
  written integer := 0;
  r record;
begin
  for person in select * from private.performance_staff() loop
    -- A person removed since the list was read (his account deleted meanwhile) gets no statement;
    -- the lock keeps him until this one is written.
    perform from public.operators o where o.id = person.id for key share;
    if not found then
      continue;
    end if;
    insert into public.performance_statements (operator_id, department_id, quarter, payout_month)
    values (person.id, person.department_id, q, q_end)
    on conflict (operator_id, quarter) do nothing;
    select * into st from public.performance_statements s where s.operator_id = person.id and s.quarter = q for update;
    if st.status <> '待复核' then
      continue;
    end if;
    delete from public.performance_statement_lines l where l.statement_id = st.id;
    net := 0;
    -- Monthly service points bonus (S's monthly_service_points).
    if private.perf_has('public.monthly_service_points') then
      execute $q$
        insert into public.performance_statement_lines (statement_id, operator_id, department_id, kind, source_table, source_id, occurred_on, amount, note)
        select $1, $2, $3, '服务点数', 'monthly_service_points', coalesce(to_jsonb(m) ->> 'id', m.engineer_id || '/' || m.month), m.month,
               m.bonus_yuan, format('%s 月：点数 %s，安全事故 %s，净点数 %s', to_char(m.month, 'YYYY-MM'), m.points, m.incidents, m.net_points)
        from public.monthly_service_points m
        where m.engineer_id = $2 and m.month >= $4 and m.month < $5 and coalesce(m.bonus_yuan, 0) <> 0$q$
        using st.id, person.id, person.department_id, q, q_end;
      execute 'select coalesce(sum(m.net_points), 0) from public.monthly_service_points m where m.engineer_id = $1 and m.month >= $2 and m.month < $3'
        into net using person.id, q, q_end;
    end if;
    -- Parts commission, in the quarter of full payment (S's parts_sales).
    if private.perf_has('public.parts_sales') then
      execute $q$
        insert into public.performance_statement_lines (statement_id, operator_id, department_id, kind, source_table, source_id, occurred_on, amount, note)
        select $1, $2, $3, '提成', 'parts_sales', p.id::text, p.paid_in_full_on, p.commission,
               format('报价 %s 元，毛利率 %s，全额回款 %s', p.quoted_amount, p.margin, p.paid_in_full_on)
        from public.parts_sales p
        where p.seller_id = $2 and p.paid_in_full_on >= $4 and p.paid_in_full_on < $5 and coalesce(p.commission, 0) > 0$q$
        using st.id, person.id, person.department_id, q, q_end;
    end if;
    -- Praise letters, the amount the director set (S's praise_letters).
    praise_count := 0;
    if private.perf_has('public.praise_letters') then
      execute $q$
        insert into public.performance_statement_lines (statement_id, operator_id, department_id, kind, source_table, source_id, occurred_on, amount, note)
        select $1, $2, $3, '表扬', 'praise_letters', p.id::text, p.received_on, p.amount, format('表扬信 %s', p.received_on)
        from public.praise_letters p
        where p.operator_id = $2 and p.received_on >= $4 and p.received_on < $5 and coalesce(p.amount, 0) > 0
          and coalesce(to_jsonb(p) ->> 'status', '已定额') = '已定额'$q$
        using st.id, person.id, person.department_id, q, q_end;
      get diagnostics praise_count = row_count;
    end if;
    -- Unsigned service records without an approved exemption (S's service_records).
    if private.perf_has('public.service_records') then
      for r in execute $q$
        select s.id, s.served_on from public.service_records s
        where s.engineer_id = $1 and s.served_on >= $2 and s.served_on < $3
          and not coalesce(s.customer_signed, false) and not coalesce(s.signature_exempt, false)
          and coalesce(to_jsonb(s) ->> 'status', '') not in ('作废', '草稿')$q$ using person.id, q, q_end
      loop
        insert into public.performance_statement_lines (statement_id, operator_id, department_id, kind, source_table, source_id, occurred_on, amount, note)
        values (st.id, person.id, person.department_id, '处罚', 'service_records', r.id::text, r.served_on,
                -private.perf_rate('penalty.unsigned_record', r.served_on, 100), '服务记录单未经客户签收，且未获批准免签 | Unsigned service record, not exempted');
      end loop;
    end if;
    -- Late reports, as Operations assessed them.
    insert into public.performance_statement_lines (statement_id, operator_id, department_id, kind, source_table, source_id, occurred_on, amount, note)
    select st.id, person.id, person.department_id, '处罚', 'work_reports', w.id::text, w.period_on, -w.assessment_yuan,
           format('%s %s %s | Late report', w.kind, coalesce(w.period_label, w.period_on::text), w.lateness)
    from public.work_reports w
    where w.author_id = person.id and w.period_on >= q and w.period_on < q_end and w.assessment_yuan > 0;
    -- Penalty findings recorded by the managers.
    insert into public.performance_statement_lines (statement_id, operator_id, department_id, kind, source_table, source_id, occurred_on, amount, note)
    select st.id, person.id, person.department_id, '处罚', 'performance_penalties', p.id::text, p.occurred_on, -p.amount,
           p.kind || coalesce('：' || p.note, '')
    from public.performance_penalties p
    where p.operator_id = person.id and p.occurred_on >= q and p.occurred_on < q_end and p.amount > 0;

    update public.performance_statements s set
      department_id = person.department_id,
      score = round(net * private.perf_rate('score.per_point', last_day, 1)
                    + praise_count * private.perf_rate('score.per_praise', last_day, 5)
                    + coalesce((select sum(l.amount) from public.performance_statement_lines l where l.statement_id = st.id and l.kind = '处罚'), 0)
                      * private.perf_rate('score.per_penalty_yuan', last_day, 0.05), 2),
      computed_at = now()
    where s.id = st.id;
    written := written + 1;
  end loop;
  perform private.rank_performance_statements(q);
  return written;
end
$$;
revoke all on function private.propose_performance_statements(date) from public;

-- Ranking of a quarter's statements on their score, and the awards of the statements still
-- awaiting review. Same score, same rank; the next rank skips (1, 2, 2, 4). Only a positive score ranks.
create function private.rank_performance_statements(p_quarter date) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  q date := date_trunc('quarter', p_quarter)::date;
  last_day date := (date_trunc('quarter', p_quarter) + interval '3 months - 1 day')::date;
  share numeric := private.perf_rate('team.person_share', (date_trunc('quarter', p_quarter) + interval '3 months - 1 day')::date, 0.8);
  award numeric;
  r record;
begin
  -- Ranking: same score, same rank; the next rank skips (1, 2, 2, 4). Only a positive score ranks.
  for r in
    select s.id, s.operator_id, s.department_id, s.status,
           case when s.score > 0 then rank() over (order by case when s.score > 0 then 0 else 1 end, s.score desc) end as place
    from public.performance_statements s where s.quarter = q
  loop
    continue when r.status <> '待复核';
    delete from public.performance_statement_lines l where l.statement_id = r.id and l.kind in ('季度奖', '季度奖（部门）');
    award := case when r.place between 1 and 3 then private.perf_rate('award.rank_1_3', last_day, 1500)
                  when r.place between 4 and 8 then private.perf_rate('award.rank_4_8', last_day, 1000)
                  else 0 end;
    if award > 0 then
      insert into public.performance_statement_lines (statement_id, operator_id, department_id, kind, source_table, source_id, occurred_on, amount, note)
      values (r.id, r.operator_id, r.department_id, '季度奖', 'performance_statements', r.id::text, last_day, round(award * share, 2),
              format('季度排名第 %s 名，嘉奖 %s 元，个人 %s%% | Rank %s', r.place, award, round(share * 100), r.place)),
             (r.id, r.operator_id, r.department_id, '季度奖（部门）', 'performance_statements', r.id::text, last_day, award - round(award * share, 2),
              format('季度排名第 %s 名，嘉奖 %s 元，部门 %s%% | Rank %s, department share', r.place, award, 100 - round(share * 100), r.place));
    end if;
    update public.performance_statements s set
      rank = r.place,
      points_bonus = coalesce((select sum(l.amount) from public.performance_statement_lines l where l.statement_id = s.id and l.kind = '服务点数'), 0),
      commission = coalesce((select sum(l.amount) from public.performance_statement_lines l where l.statement_id = s.id and l.kind = '提成'), 0),
      praise = coalesce((select sum(l.amount) from public.performance_statement_lines l where l.statement_id = s.id and l.kind = '表扬'), 0),
      award_person = coalesce((select sum(l.amount) from public.performance_statement_lines l where l.statement_id = s.id and l.kind = '季度奖'), 0),
      award_department = coalesce((select sum(l.amount) from public.performance_statement_lines l where l.statement_id = s.id and l.kind = '季度奖（部门）'), 0),
      penalties = coalesce((select sum(l.amount) from public.performance_statement_lines l where l.statement_id = s.id and l.kind = '处罚'), 0),
      total = coalesce((select sum(l.amount) from public.performance_statement_lines l where l.statement_id = s.id and l.kind <> '季度奖（部门）'), 0)
    where s.id = r.id;
  end loop;
end
$$;
revoke all on function private.rank_performance_statements(date) from public;

-- ── RLS and permission rows ──────────────────────────────────────────────────────────────
-- A person sees only his own statement (and his own penalty findings); the manager his
-- department's; the director and the gm all. Pay amounts are never shown to other clerks.
select private.create_register_policies('public.performance_statements', owner_column => 'operator_id', department_column => 'department_id',
  actions => array['select']);
select private.create_register_policies('public.performance_statement_lines', owner_column => 'operator_id', department_column => 'department_id',
  register => 'performance_statements', actions => array['select']);
select private.create_register_policies('public.performance_penalties', owner_column => 'operator_id', department_column => 'department_id',
  delete_if => $$not private.performance_penalty_counted(id)$$, actions => array['select', 'insert', 'update', 'delete']);

select private.declare_system_column('public.performance_penalties', c.name, c.why)
from (values
  ('department_id', '“部门”是被处罚人的部门 | The department is the person''s'),
  ('source_table', '“来源”由处罚类别决定 | The source register follows from the kind'),
  ('recorded_by', '“登记人”是登记处罚的人 | Recorded by is whoever records the finding')
) as c(name, why);

insert into public.permissions (role, duty, register, action, scope, note) values
  ('clerk', null, 'performance_statements', 'read', 'own', '本人的绩效考核表'),
  ('manager', null, 'performance_statements', 'read', 'department', '本部门的绩效考核表'),
  ('director', null, 'performance_statements', 'read', 'all', null),
  ('gm', null, 'performance_statements', 'read', 'all', null),
  ('gm', null, 'performance_statements', 'approve', 'all', '总经理批准绩效考核表（批准后锁定）'),
  -- The lines are read with their statement (the policies ask performance_statements); these rows
  -- put the lines on the statement's page and in the menu of the same people.
  ('clerk', null, 'performance_statement_lines', 'read', 'own', '本人考核表的明细'),
  ('manager', null, 'performance_statement_lines', 'read', 'department', null),
  ('director', null, 'performance_statement_lines', 'read', 'all', null),
  ('gm', null, 'performance_statement_lines', 'read', 'all', null),
  ('manager', null, 'performance_review', 'approve', 'department', '部门经理复核本部门的绩效考核表'),
  ('gm', null, 'performance_review', 'approve', 'all', '部门经理本人的考核表由总经理复核'),
  ('clerk', null, 'performance_penalties', 'read', 'own', '本人的处罚记录'),
  ('manager', null, 'performance_penalties', 'read', 'department', '本部门的处罚记录'),
  ('manager', null, 'performance_penalties', 'create', 'department', '登记本部门人员的处罚（投诉属实、重卡、抽查）'),
  ('manager', null, 'performance_penalties', 'update', 'department', '修改处罚说明'),
  ('manager', null, 'performance_penalties', 'delete', 'department', '计入复核前删除处罚记录'),
  ('director', null, 'performance_penalties', 'read', 'all', null),
  ('director', null, 'performance_penalties', 'create', 'all', '登记处罚（投诉属实、抽查）'),
  ('director', null, 'performance_penalties', 'update', 'all', null),
  ('director', null, 'performance_penalties', 'delete', 'all', null),
  ('gm', null, 'performance_penalties', 'read', 'all', null);

-- ── Moves: review (manager), approve (gm) ────────────────────────────────────────────────
create function private.may_review_performance_statement(p_statement uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select s.status = '待复核' and s.operator_id is distinct from private.my_operator_id()
    and private.may('performance_review', 'approve', null, s.department_id)
    from public.performance_statements s where s.id = p_statement), false)
$$;
create function private.may_approve_performance_statement(p_statement uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select s.status = '待审批' and s.operator_id is distinct from private.my_operator_id()
    and private.may('performance_statements', 'approve', null, s.department_id)
    from public.performance_statements s where s.id = p_statement), false)
$$;

create function private.performance_statement_for_move(p_statement uuid) returns public.performance_statements
language plpgsql security definer set search_path = ''
as $$
declare
  st public.performance_statements;
begin
  select * into st from public.performance_statements s where s.id = p_statement for update;
  if st.id is null or not (st.operator_id = private.my_operator_id()
       or private.may('performance_statements', 'read', st.operator_id, st.department_id)
       or private.may('performance_review', 'approve', null, st.department_id)) then
    raise exception '考核表不存在或无权查看 | No such statement, or not visible to you' using errcode = 'PT404', hint = 'statement_id';
  end if;
  return st;
end
$$;

create function public.review_performance_statement(statement_id uuid) returns public.performance_statements
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  st public.performance_statements := private.performance_statement_for_move(statement_id);
  approver uuid;
begin
  if st.status <> '待复核' then
    raise exception '考核表已“%”，不能再复核 | The statement is %: it cannot be reviewed again', st.status, st.status using errcode = 'PT409', hint = 'status';
  end if;
  if not private.may_review_performance_statement(st.id) then
    raise exception '无权复核：由员工所在部门的经理复核（不能复核本人的） | Not yours to review: the person''s department manager reviews (never his own)' using errcode = '42501', hint = 'status';
  end if;
  perform set_config('taizhang.performance_move', 'on', true);
  update public.performance_statements s set status = '待审批', reviewed_by = private.my_operator_id(), reviewed_at = now()
  where s.id = st.id returning * into st;
  perform set_config('taizhang.performance_move', 'off', true);
  update public.notifications n set done_at = now()
  where n.link_table = 'performance_statements' and n.link_id = st.id::text and n.kind = '绩效' and n.dedupe_key like 'perf-review:%' and n.done_at is null;
  for approver in select o.id from public.operators o where o.active and o.role = 'gm' and o.id is distinct from st.operator_id loop
    perform private.notify(approver, '绩效', format('%s 季度绩效考核表待批准（%s） | %s performance statement for your approval (%s)', to_char(st.quarter, 'YYYY-"Q"Q'),
      (select o.name from public.operators o where o.id = st.operator_id), to_char(st.quarter, 'YYYY-"Q"Q'),
      (select o.name from public.operators o where o.id = st.operator_id)), null, 'performance_statements', st.id::text, null, 'perf-approve:' || st.id || ':' || approver);
  end loop;
  return st;
end
$$;
comment on function public.review_performance_statement(uuid) is '复核绩效考核表 | Review a performance statement';

create function public.approve_performance_statement(statement_id uuid) returns public.performance_statements
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  st public.performance_statements := private.performance_statement_for_move(statement_id);
begin
  if st.status <> '待审批' then
    raise exception '考核表“%”，须经部门经理复核后才能批准 | The statement is %: it is approved only after the manager''s review', st.status, st.status using errcode = 'PT409', hint = 'status';
  end if;
  if not private.may_approve_performance_statement(st.id) then
    raise exception '只有总经理可以批准绩效考核表 | Only the gm approves a performance statement' using errcode = '42501', hint = 'status';
  end if;
  perform set_config('taizhang.performance_move', 'on', true);
  update public.performance_statements s set status = '已批准', approved_by = private.my_operator_id(), approved_at = now()
  where s.id = st.id returning * into st;
  perform set_config('taizhang.performance_move', 'off', true);
  update public.notifications n set done_at = now()
  where n.link_table = 'performance_statements' and n.link_id = st.id::text and n.kind = '绩效' and n.dedupe_key like 'perf-approve:%' and n.done_at is null;
  perform private.notify(st.operator_id, '绩效', format('%s 季度绩效考核表已批准：实发 %s 元，%s 发放 | %s performance statement approved: %s yuan, paid in %s',
      to_char(st.quarter, 'YYYY-"Q"Q'), st.total, to_char(st.payout_month, 'YYYY-MM'), to_char(st.quarter, 'YYYY-"Q"Q'), st.total, to_char(st.payout_month, 'YYYY-MM')),
    null, 'performance_statements', st.id::text, null, 'perf-approved:' || st.id);
  return st;
end
$$;
comment on function public.approve_performance_statement(uuid) is '批准绩效考核表 | Approve a performance statement';

revoke all on function private.performance_penalties_before_write(), private.performance_statements_locked(), private.performance_statement_lines_locked(),
  private.performance_penalty_counted(uuid), private.performance_penalties_before_delete(), private.performance_staff(), private.perf_has(text),
  private.may_review_performance_statement(uuid), private.may_approve_performance_statement(uuid), private.performance_statement_for_move(uuid) from public;
grant execute on function private.may_review_performance_statement(uuid), private.may_approve_performance_statement(uuid),
  private.performance_penalty_counted(uuid) to authenticated, service_role;
revoke all on function public.review_performance_statement(uuid), public.approve_performance_statement(uuid) from public, anon;
grant execute on function public.review_performance_statement(uuid), public.approve_performance_statement(uuid) to authenticated;

-- ── The job "performance": the monthly points run, and on the 1st of January, April, July and
-- October (or any later day of that month) the statements of the quarter before ─────────────
create function private.job_performance(as_of timestamptz) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  today date := (as_of at time zone 'Asia/Shanghai')::date;
  last_month date := (date_trunc('month', (as_of at time zone 'Asia/Shanghai')) - interval '1 month')::date;
  last_quarter date := (date_trunc('quarter', (as_of at time zone 'Asia/Shanghai')) - interval '3 months')::date;
  n integer := 0;
  done integer := 0;
  st record;
  reviewer uuid;
begin
  if to_regprocedure('private.compute_monthly_points(date)') is not null then
    execute 'select private.compute_monthly_points($1)' into n using last_month;
    done := done + coalesce(n, 0);
  end if;
  if extract(month from today)::integer in (1, 4, 7, 10) then
    done := done + private.propose_performance_statements(last_quarter);
    for st in
      select s.id, s.operator_id, s.department_id, s.quarter, s.total, o.name
      from public.performance_statements s join public.operators o on o.id = s.operator_id
      where s.quarter = last_quarter and s.status = '待复核'
    loop
      perform private.notify(st.operator_id, '绩效', format('%s 季度绩效考核表已生成，待部门经理复核 | %s performance statement drawn up: awaiting the manager''s review', to_char(st.quarter, 'YYYY-"Q"Q'), to_char(st.quarter, 'YYYY-"Q"Q')),
        null, 'performance_statements', st.id::text, null, 'perf-proposed:' || st.id);
      for reviewer in
        select m.id from private.manager_ids(st.department_id) as m(id) where m.id is distinct from st.operator_id
        union
        select o.id from public.operators o where o.active and o.role = 'gm'
          and not exists (select 1 from private.manager_ids(st.department_id) as m(id) where m.id is distinct from st.operator_id)
      loop
        perform private.notify(reviewer, '绩效', format('%s 季度绩效考核表待复核（%s） | %s performance statement for your review (%s)', to_char(st.quarter, 'YYYY-"Q"Q'), st.name, to_char(st.quarter, 'YYYY-"Q"Q'), st.name),
          null, 'performance_statements', st.id::text, null, 'perf-review:' || st.id || ':' || reviewer);
      end loop;
    end loop;
  end if;
  return done;
end
$$;
revoke all on function private.job_performance(timestamptz) from public;

-- Cron in UTC: 01:00 UTC on the 1st is 09:00 in Beijing.
insert into public.scheduled_jobs (name, function_name, schedule, description) values
  ('performance', 'performance', '0 1 1 * *',
   '绩效（每月1日 09:00）：上月服务点数；1、4、7、10月生成上季度绩效考核表并通知 | Performance, the 1st 09:00: last month''s service points; in Jan/Apr/Jul/Oct the statements of the quarter before');

-- ── Screens: the printable statement, the moves, frozen rows ─────────────────────────────
select private.declare_register('public.performance_statements', menu_group => 'performance', menu_order => 40,
  print_title => '季度绩效考核表 | Quarterly performance statement', title_columns => array['operator_id', 'quarter'],
  print_signatures => array['本人 | Employee', '部门经理 | Department manager', '总经理 | General manager']);
select private.declare_column('public.performance_statements', 'quarter', kind => 'quarter');
select private.declare_column('public.performance_statements', 'payout_month', kind => 'month');
-- The lines are read on their statement's page and printed on its form (not a menu entry of their own).
select private.declare_register('public.performance_statement_lines', in_menu => false, title_columns => array['kind', 'source_table']);
select private.declare_register('public.performance_penalties', menu_group => 'performance', menu_order => 50,
  title_columns => array['kind', 'operator_id']);
select private.declare_column('public.performance_statements', c.name, kind => 'money')
from unnest(array['points_bonus', 'commission', 'praise', 'award_person', 'award_department', 'penalties', 'total']) as c(name);
select private.declare_column('public.performance_statement_lines', 'amount', kind => 'money');
-- The source register reads by its label; the source row's key is a link on the line's page.
select private.declare_column('public.performance_statement_lines', 'source_table', kind => 'register_name');
select private.declare_column('public.performance_statement_lines', 'source_id', kind => 'source_record');
select private.declare_column('public.performance_penalties', 'amount', kind => 'money');
select private.declare_column('public.performance_penalties', 'note', kind => 'longtext');

select private.declare_move('public.performance_statements', 'review', '复核 | Review', 'review_performance_statement', 'statement_id',
  state_column => 'status', from_states => array['待复核'], to_state => '待审批',
  requires_register => 'performance_review', requires_action => 'approve',
  condition => $$private.may_review_performance_statement(id)$$,
  confirm => '确认已复核本考核表的各项金额？ | Confirm you checked every figure of this statement?');
select private.declare_move('public.performance_statements', 'approve', '批准 | Approve', 'approve_performance_statement', 'statement_id',
  state_column => 'status', from_states => array['待审批'], to_state => '已批准',
  requires_register => 'performance_statements', requires_action => 'approve',
  condition => $$private.may_approve_performance_statement(id)$$,
  confirm => '批准后考核表锁定，不能再修改 | Once approved the statement is locked');

select private.declare_frozen('public.performance_statements', $$status = '已批准'$$);
select private.declare_frozen('public.performance_statement_lines',
  $$exists (select 1 from public.performance_statements s where s.id = statement_id and s.status = '已批准')$$);
