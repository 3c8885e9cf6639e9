-- The scheduled jobs of SPEC ("Scheduled callbacks"): each a set-based SQL function taking the
-- as-of time, run through public.run_job, which records every run (rows affected, error) and is
-- idempotent: notifications carry dedupe keys, tasks and picks have unique keys.

-- ── Runner ───────────────────────────────────────────────────────────────────────────────
create function public.run_job(job_name text, as_of timestamptz default now(), run_trigger text default 'schedule')
returns public.job_runs
language plpgsql security definer set search_path = ''
as $$
declare
  run public.job_runs;
  affected integer;
  fn text := 'job_' || replace(job_name, '-', '_');
begin
  if not exists (select 1 from public.scheduled_jobs s where s.name = job_name) then
    raise exception '没有这个定时任务：% | No such scheduled job: %', job_name, job_name using errcode = 'PT404';
  end if;
  -- A job runs "as of" a moment that has come (a day's grace for clocks and time zones) and that
  -- the registers can hold (not before 2000): anything else is a caller's mistake, refused with
  -- 22023 (HTTP 400) before a run is logged or any work is done.
  if as_of is null or not pg_catalog.isfinite(as_of) or as_of > now() + interval '1 day' or as_of < timestamptz '2000-01-01 00:00+08' then
    raise exception '运行时点无效（须在 2000 年之后、不晚于明天）：% | Invalid as-of time (after 2000, no later than tomorrow): %', as_of, as_of
      using errcode = '22023';
  end if;
  insert into public.job_runs (job_name, as_of, trigger) values (job_name, as_of, run_trigger) returning * into run;
  begin
    execute format('select private.%I($1)', fn) into affected using as_of;
    update public.job_runs set finished_at = clock_timestamp(), rows_affected = coalesce(affected, 0) where id = run.id returning * into run;
  exception when others then
    -- The work rolls back; the failure is recorded, and the next run catches up.
    update public.job_runs set finished_at = clock_timestamp(), error = sqlerrm where id = run.id returning * into run;
  end;
  update public.scheduled_jobs set last_run_at = run.started_at where name = job_name;
  return run;
end
$$;
comment on function public.run_job(text, timestamptz, text) is '运行定时任务 | Run a scheduled job';
revoke all on function public.run_job(text, timestamptz, text) from public, anon, authenticated;
grant execute on function public.run_job(text, timestamptz, text) to service_role;

-- An admin asks for a run; the scheduler (service_role) performs it at its next tick.
alter table public.scheduled_jobs add column run_requested_at timestamptz;
comment on column public.scheduled_jobs.run_requested_at is '手动运行请求 | Manual run requested at';
select private.declare_system_column('public.scheduled_jobs', 'run_requested_at',
  '“手动运行请求”只能通过“立即运行”记录 | Manual run requested at is recorded only by Run now');

create function public.request_job_run(job_name text) returns public.scheduled_jobs
language plpgsql security definer set search_path = ''
as $$
declare
  job public.scheduled_jobs;
begin
  if not coalesce(private.may('scheduled_jobs', 'update', null, null), false) then
    raise exception '只有系统管理员可以手动运行定时任务' using errcode = '42501';
  end if;
  update public.scheduled_jobs set run_requested_at = now() where name = job_name returning * into job;
  if job.name is null then
    raise exception '没有这个定时任务：% | No such scheduled job: %', job_name, job_name using errcode = 'PT404';
  end if;
  return job;
end
$$;
comment on function public.request_job_run(text) is '手动运行定时任务 | Request a manual run';
revoke all on function public.request_job_run(text) from public, anon;
grant execute on function public.request_job_run(text) to authenticated;

-- ── Filing deadlines 备案逾期 (daily) ───────────────────────────────────────────────────────
create function private.job_filing_deadlines(as_of timestamptz) returns integer
language sql security definer set search_path = ''
as $$
  with due as (
    select c.id, c.code, c.name, c.filing_due, c.owner_id, c.department_id
    from public.customers c
    where c.filed_at is null and c.status <> '公海'
      and c.filing_due < (as_of at time zone 'Asia/Shanghai')::date
  ), recipients as (
    select d.*, d.owner_id as recipient from due d where d.owner_id is not null
    union
    select d.*, m.id from due d cross join lateral private.manager_ids(d.department_id) as m(id)
  )
  select count(*) filter (where private.notify(r.recipient, '备案逾期',
           format('客户 %s（%s）未在 %s 前备案 | Customer %s (%s) not filed by %s', r.name, r.code, r.filing_due, r.name, r.code, r.filing_due),
           '新客户须在首次接触后 5 个工作日内备案 | A new customer is filed within 5 working days of the first contact', 'customers', r.id::text, r.filing_due::timestamptz,
           'filing:' || r.id))::integer
  from recipients r
$$;

-- ── Complaint replies 投诉答复 (hourly): past the deadline → director, handler, receiver ──────
create function private.job_complaint_replies(as_of timestamptz) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  raised integer;
begin
  with overdue as (
    select r.* from public.service_requests r
    where r.kind = '投诉' and r.replied_at is null and r.status <> '已结案' and r.reply_due < as_of
  ), recipients as (
    select o.id, o.code, o.reply_due, d.id as recipient from overdue o cross join lateral private.director_ids() as d(id)
    union
    select o.id, o.code, o.reply_due, coalesce(o.handler_id, o.receiver_id) from overdue o
  )
  select count(*) filter (where private.notify(r.recipient, '投诉升级', format('投诉 %s 已超过答复期限，未作明确答复 | Complaint %s is past its reply deadline without a clear reply', r.code, r.code),
           null, 'service_requests', r.id::text, r.reply_due, 'reply-overdue:' || r.id))::integer
  into raised
  from recipients r where r.recipient is not null;
  perform set_config('taizhang.workflow', 'on', true);
  update public.service_requests r set escalated_at = as_of
  where r.kind = '投诉' and r.replied_at is null and r.status <> '已结案' and r.reply_due < as_of and r.escalated_at is null;
  perform set_config('taizhang.workflow', 'off', true);
  return raised;
end
$$;

-- ── Return-visit tasks 回访任务 (daily): every resolved repair and complaint has its visit ────
-- The reminder of a visit that is due goes to the first receiver (首问责任人) and the handler,
-- once per visit and person, linking to the visit; the person a complaint names is not asked.
create function private.job_return_visit_tasks(as_of timestamptz) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  created integer;
  raised integer;
begin
  -- Safety net for rows that reached 待回访 or closed without a visit (e.g. edited in the console).
  with missing as (
    insert into public.return_visits (source, request_id, planned_on)
    select r.kind, r.id, private.next_visit_planned_on(r.id, public.add_working_days(as_of, 0))
    from public.service_requests r
    where r.kind in ('报修', '投诉')
      and (r.status = '待回访' or (r.status = '已结案' and r.closed_at >= as_of - interval '1 day' and r.closed_at < as_of))
      and not exists (select 1 from public.return_visits v where v.request_id = r.id)
    on conflict (request_id) where done_at is null do nothing
    returning 1
  )
  select count(*) into created from missing;
  with due as (
    select distinct v.id, v.planned_on, r.code, p.recipient
    from public.return_visits v
    join public.service_requests r on r.id = v.request_id
    cross join lateral (values (r.receiver_id), (r.handler_id)) as p(recipient)
    where v.done_at is null and v.planned_on <= (as_of at time zone 'Asia/Shanghai')::date
      and p.recipient is not null and p.recipient <> all (coalesce(r.recused_operator_ids, '{}'))
  )
  select count(*) filter (where private.notify(d.recipient, '回访任务', format('待回访：%s（计划 %s） | Return visit due: %s (planned %s)', d.code, d.planned_on, d.code, d.planned_on),
           '维修、投诉办结后须 100% 回访 | Every settled repair and complaint gets a return visit', 'return_visits', d.id::text, d.planned_on::timestamptz, 'return-visit:' || d.id))::integer
  into raised
  from due d;
  -- Past its week (事件发生后一周之内进行完毕): the department's manager is told, once.
  with overdue as (
    select v.id, v.due_on, r.code, m.recipient
    from public.return_visits v
    join public.service_requests r on r.id = v.request_id
    cross join lateral private.manager_ids(v.department_id) as m(recipient)
    where v.done_at is null and v.due_on < (as_of at time zone 'Asia/Shanghai')::date
      and m.recipient <> all (coalesce(r.recused_operator_ids, '{}'))
  )
  select raised + count(*) filter (where private.notify(o.recipient, '回访任务', format('回访逾期：%s（期限 %s） | Return visit overdue: %s (due %s)', o.code, o.due_on, o.code, o.due_on),
           '事件回访须于事件发生后一周内完成 | A return visit is made within a week of the event', 'return_visits', o.id::text, o.due_on::timestamptz, 'return-visit-overdue:' || o.id))::integer
  into raised
  from overdue o;
  return created + raised;
end
$$;

-- ── Quarterly sampling 季度抽查 (first day of quarter): 20% of last quarter's repairs ──────────
create table public.sampling_picks (
  quarter_start date not null,
  request_id uuid not null references public.service_requests (id) on delete cascade,
  return_visit_id uuid references public.return_visits (id) on delete set null,
  picked_at timestamptz not null default now(),
  primary key (quarter_start, request_id)
);
comment on table public.sampling_picks is '季度抽查 | Quarterly sampling picks';
comment on column public.sampling_picks.quarter_start is '季度 | Quarter';
comment on column public.sampling_picks.request_id is '维修工单 | Repair';
comment on column public.sampling_picks.return_visit_id is '抽查回访 | Sampling visit';
comment on column public.sampling_picks.picked_at is '抽取时间 | Picked at';
create index sampling_picks_request_id_idx on public.sampling_picks (request_id);
create index sampling_picks_return_visit_id_idx on public.sampling_picks (return_visit_id);
alter table public.sampling_picks enable row level security;
revoke all on public.sampling_picks from anon, authenticated;
grant select on public.sampling_picks to authenticated;
-- The picks are the director's sampling: read with a read scope over all return visits.
create policy sampling_picks_select on public.sampling_picks
  for select to authenticated using ((select private.scope_for('return_visits', 'read')) = 'all');

-- Each pick's second visit (source 抽查) names the repair it checks (sampled_request_id) and is
-- assigned to a visitor by private.sampling_visitor (a director outside the repair's departments,
-- else a manager of another department; see the return-visits migration); the repair's handler
-- and his department cannot record it. The assigned visitor and the director(s) are told once per
-- pick, linking to the visit, however often the job runs.
create function private.job_quarterly_sampling(as_of timestamptz) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  this_quarter date := date_trunc('quarter', as_of at time zone 'Asia/Shanghai')::date;
  last_quarter date := (date_trunc('quarter', as_of at time zone 'Asia/Shanghai') - interval '3 months')::date;
  wanted integer;
  picked integer := 0;
  raised integer;
begin
  if not exists (select 1 from public.sampling_picks where quarter_start = last_quarter) then
    select ceil(count(*) * 0.2)::integer into wanted
    from public.service_requests r
    where r.kind = '报修' and (r.received_at at time zone 'Asia/Shanghai')::date >= last_quarter
      and (r.received_at at time zone 'Asia/Shanghai')::date < this_quarter;
    -- (the CTE is materialised, so each pick keeps the one visit id generated for it)
    with chosen as (
      select r.id, r.code, r.customer_id, r.department_id, gen_random_uuid() as visit_id
      from public.service_requests r
      where r.kind = '报修' and (r.received_at at time zone 'Asia/Shanghai')::date >= last_quarter
        and (r.received_at at time zone 'Asia/Shanghai')::date < this_quarter
      order by random()
      limit wanted
    ), visits as (
      insert into public.return_visits (id, source, customer_id, department_id, planned_on, content, sampled_request_id, assigned_visitor_id)
      select c.visit_id, '抽查', c.customer_id, c.department_id, public.add_working_days(as_of, 5),
             '季度 20% 抽查二次回访：' || c.code, c.id,
             private.sampling_visitor(c.id, row_number() over (order by c.code, c.id))
      from chosen c
      returning id, sampled_request_id
    ), picks as (
      insert into public.sampling_picks (quarter_start, request_id, return_visit_id)
      select last_quarter, v.sampled_request_id, v.id from visits v
      returning 1
    )
    select count(*) into picked from picks;
  end if;
  with told as (
    select distinct v.id, v.planned_on, r.code, a.name as visitor_name, x.recipient
    from public.sampling_picks p
    join public.return_visits v on v.id = p.return_visit_id
    join public.service_requests r on r.id = p.request_id
    left join public.operators a on a.id = v.assigned_visitor_id
    cross join lateral (select v.assigned_visitor_id union select d.id from private.director_ids() as d(id)) as x(recipient)
    where p.quarter_start = last_quarter and v.done_at is null and x.recipient is not null
  )
  select count(*) filter (where private.notify(t.recipient, '抽查回访',
           format('季度抽查：%s 二次回访（计划 %s，回访人 %s） | Quarterly sampling: second visit for %s (planned %s, visitor %s)',
                  t.code, t.planned_on, coalesce(t.visitor_name, '未指定'), t.code, t.planned_on, coalesce(t.visitor_name, 'not named')),
           '季度 20% 维修抽查；原处理人及被抽查部门回避 | 20% of a quarter''s repairs are sampled; the original handler and department stand aside', 'return_visits', t.id::text, t.planned_on::timestamptz,
           'sampling:' || t.id))::integer
  into raised
  from told t;
  return picked + raised;
end
$$;

-- ── Customer protection 公海 (daily) ─────────────────────────────────────────────────────────
create function private.job_customer_protection(as_of timestamptz) returns integer
language sql security definer set search_path = ''
as $$
  select public.release_unprotected_customers(as_of)
$$;

-- ── Monthly reports 月度统计 (1st of month): return visits and complaint analysis ─────────────
create table public.monthly_reports (
  month date not null,
  kind text not null,
  data jsonb not null,
  created_at timestamptz not null default now(),
  primary key (month, kind),
  constraint monthly_reports_kind_check check (kind in ('回访客户月统计', '每月投诉情况分析')),
  constraint monthly_reports_first_of_month check (extract(day from month) = 1)
);
comment on table public.monthly_reports is '月度报表 | Monthly reports';
comment on column public.monthly_reports.month is '月份 | Month';
comment on column public.monthly_reports.kind is '报表 | Report';
comment on column public.monthly_reports.data is '数据 | Data';
comment on column public.monthly_reports.created_at is '生成时间 | Generated at';
select private.label_options('{"回访客户月统计": "Monthly return-visit statistics", "每月投诉情况分析": "Monthly complaint analysis"}');
alter table public.monthly_reports enable row level security;
revoke all on public.monthly_reports from anon, authenticated;
grant select on public.monthly_reports to authenticated;
select private.create_register_policies('public.monthly_reports', actions => array['select']);

create function private.job_monthly_reports(as_of timestamptz) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  month_start date := (date_trunc('month', as_of at time zone 'Asia/Shanghai') - interval '1 month')::date;
  month_end date := date_trunc('month', as_of at time zone 'Asia/Shanghai')::date;
  inserted integer;
begin
  with visits as (
    select v.* from public.return_visits v
    where v.done_at is not null and (v.done_at at time zone 'Asia/Shanghai')::date >= month_start
      and (v.done_at at time zone 'Asia/Shanghai')::date < month_end
  ), due as (
    select count(*) as n from public.return_visits v
    where v.planned_on >= month_start and v.planned_on < month_end
  ), complaints as (
    select r.* from public.service_requests r
    where r.kind = '投诉' and (r.received_at at time zone 'Asia/Shanghai')::date >= month_start
      and (r.received_at at time zone 'Asia/Shanghai')::date < month_end
  ), rows as (
    insert into public.monthly_reports (month, kind, data)
    values
      (month_start, '回访客户月统计', jsonb_build_object(
        'visits', (select count(*) from visits),
        'planned', (select n from due),
        'by_source', coalesce((select jsonb_object_agg(source, n) from (select source, count(*) as n from visits group by source) s), '{}'),
        'by_satisfaction', coalesce((select jsonb_object_agg(satisfaction, n) from (select satisfaction, count(*) as n from visits group by satisfaction) s), '{}'),
        'by_method', coalesce((select jsonb_object_agg(method, n) from (select method, count(*) as n from visits group by method) s), '{}'))),
      (month_start, '每月投诉情况分析', jsonb_build_object(
        'complaints', (select count(*) from complaints),
        'by_category', coalesce((select jsonb_object_agg(complaint_category, n) from (select complaint_category, count(*) as n from complaints group by complaint_category) s), '{}'),
        'by_severity', coalesce((select jsonb_object_agg(severity, n) from (select severity, count(*) as n from complaints group by severity) s), '{}'),
        'replied_in_time', (select count(*) from complaints where replied_at is not null and replied_at <= reply_due),
        'overdue', (select count(*) from complaints where replied_at is null and reply_due < as_of or replied_at > reply_due),
        'closed', (select count(*) from complaints where status = '已结案'),
        'malicious', (select count(*) from complaints where malicious)))
    on conflict (month, kind) do nothing
    returning 1
  )
  select count(*) into inserted from rows;
  return inserted;
end
$$;

-- ── Passwords 密码到期 (daily): older than 30 days must be changed ─────────────────────────────
create function private.job_passwords(as_of timestamptz) returns integer
language sql security definer set search_path = ''
as $$
  select count(*) filter (where private.notify(o.id, '密码到期', '您的密码已使用超过 30 天，请尽快修改 | Your password is over 30 days old: please change it soon',
           '操作员每人一码，密码每月更换 | Each operator has his own password and changes it every month', 'operators', o.id::text, null,
           'password:' || o.id || ':' || coalesce(o.password_changed_at::date::text, 'never')))::integer
  from public.operators o
  where o.active and o.user_id is not null
    and coalesce(o.password_changed_at, o.created_at) < as_of - interval '30 days'
$$;

revoke all on function private.job_filing_deadlines(timestamptz), private.job_complaint_replies(timestamptz),
  private.job_return_visit_tasks(timestamptz), private.job_quarterly_sampling(timestamptz),
  private.job_customer_protection(timestamptz), private.job_monthly_reports(timestamptz), private.job_passwords(timestamptz) from public;

-- The heartbeat: a job that does nothing but be run, so its recorded runs show the scheduler works.
create function private.job_heartbeat(as_of timestamptz) returns integer
language sql security definer set search_path = ''
as $$ select 0 $$;
revoke all on function private.job_heartbeat(timestamptz) from public;

insert into public.permissions (role, register, action, scope, note) values
  ('director', 'monthly_reports', 'read', 'all', '回访月统计、投诉分析'),
  ('gm', 'monthly_reports', 'read', 'all', null),
  ('manager', 'monthly_reports', 'read', 'all', null),
  ('admin', 'monthly_reports', 'read', 'all', null);

-- Cron expressions are in UTC, as pg_cron reads them; the comments give Beijing time (UTC+8).
insert into public.scheduled_jobs (name, function_name, schedule, description) values
  ('filing-deadlines', 'filing-deadlines', '0 0 * * *', '备案逾期提醒（每天 08:00）：首次接触 5 个工作日未备案 | Overdue customer filings, daily 08:00'),
  ('complaint-replies', 'complaint-replies', '0 * * * *', '投诉答复超期升级（每小时） | Complaints past their reply deadline, hourly'),
  ('return-visit-tasks', 'return-visit-tasks', '30 23 * * *', '回访任务（每天 07:30）：维修、投诉 100% 回访 | Return-visit tasks, daily 07:30'),
  ('quarterly-sampling', 'quarterly-sampling', '0 0 1 1,4,7,10 *', '季度 20% 维修抽查（季度首日 08:00） | Quarterly 20% repair sampling'),
  ('customer-protection', 'customer-protection', '0 18 * * *', '无有效跟进释放公海（每天 02:00） | Release unprotected customers, daily 02:00'),
  ('monthly-reports', 'monthly-reports', '0 0 1 * *', '回访月统计与投诉分析（每月 1 日 08:00） | Monthly statistics, 1st 08:00'),
  ('passwords', 'passwords', '0 1 * * *', '密码超过 30 天提醒修改（每天 09:00） | Passwords older than 30 days, daily 09:00');

-- ── Screens (register declarations) ──────────────────────────────────────────────────────
select private.declare_register('public.monthly_reports', menu_group => 'reports', menu_order => 10);
select private.declare_column('public.monthly_reports', 'month', kind => 'month');
select private.declare_register('public.sampling_picks', menu_group => 'reports', menu_order => 20);
