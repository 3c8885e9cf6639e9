-- Work reports 工作报表 (issue 15 point 4; RULES §19): the daily report 日报, the weekly report
-- 周报 and the monthly summary 月总结 (002 第22条 日常报表提交, 第43条 每周五下班前分别向公司总经理及
-- …部经理发送). One report per author, kind and period; written once (submitting is the insert)
-- and frozen from then on; its deadline, lateness and assessment are the database's:
--   日报  the day (period_on), due 08:30 the next day (次日上午8:30前交办公室; settings
--         reports.daily_due_time). Submitted after that: 逾期, reports.daily_late_yuan (20 yuan,
--         不能按时完成的按20元/次考核). Submitted in time but only on the next calendar day (Beijing
--         time, i.e. between 00:00 and 08:30 of the next morning): 次日补填, reports.next_morning_yuan
--         (10 yuan, 早上填写前日日报表的,按10元/次考核). Written on the day itself: 按时, 0.
--   周报  the ISO week (period_on is its Monday, whatever day of the week is given), due Friday at
--         the end of work (每周五下班前; reports.weekly_due_time, 17:30). Late: reports.weekly_late_yuan
--         (20 yuan: 日报表、周报表…不能按时完成的按20元/次考核).
--   月总结 the month (period_on is its 1st), due the end of the 2nd of the next month (月总结下月2日前
--         交办公室; reports.monthly_due_day = 2 → due 00:00 on the 3rd). Late, whatever the reason
--         (迟交无论理由): reports.monthly_late_yuan (30 yuan).
-- The deadlines are calendar days (the seed says 次日, 周五, 2日), not working days.
-- Who owes reports (the "report chasers" job): the active clerks and managers of the departments
-- whose codes the settings row reports.departments lists (the service departments KF1 and KF2); a
-- daily report is owed for each working day (public.is_working_day).
-- Lateness stays on the report (late, lateness, assessment_yuan) for the performance register.

create table public.work_reports (
  id uuid primary key default gen_random_uuid(),
  kind text not null,
  period_on date not null,
  period_label text,
  author_id uuid not null default private.my_operator_id() references public.operators (id),
  department_id uuid references public.departments (id),
  content text not null,
  submitted_at timestamptz not null default now(),
  due_at timestamptz,
  late boolean not null default false,
  lateness text,
  assessment_yuan integer not null default 0,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint work_reports_kind_check check (kind in ('日报', '周报', '月总结')),
  constraint work_reports_one_per_period unique (author_id, kind, period_on),
  constraint work_reports_period_on_range check (period_on >= date '2000-01-01' and period_on < date '2101-01-01'),
  constraint work_reports_period_label_length check (char_length(period_label) <= 40),
  constraint work_reports_content_length check (char_length(btrim(content)) between 2 and 10000),
  constraint work_reports_submitted_at_range check (submitted_at >= timestamptz '2000-01-01 00:00+08' and submitted_at < timestamptz '2101-01-01 00:00+08'),
  constraint work_reports_due_at_range check (due_at >= timestamptz '2000-01-01 00:00+08' and due_at < timestamptz '2101-01-01 00:00+08'),
  constraint work_reports_lateness_check check (lateness in ('按时', '次日补填', '逾期')),
  constraint work_reports_assessment_range check (assessment_yuan between 0 and 10000)
);
comment on constraint work_reports_kind_check on public.work_reports is '报表类型须为日报、周报或月总结 | Kind: daily, weekly or monthly';
comment on constraint work_reports_one_per_period on public.work_reports is '本人该期的同类报表已提交，不能重复提交 | You have already submitted this report for that period';
comment on constraint work_reports_period_on_range on public.work_reports is '报表期间须在 2000–2100 年之间 | Period: a date in the years 2000–2100';
comment on constraint work_reports_period_label_length on public.work_reports is '期间最多 40 字 | Period label: at most 40 characters';
comment on constraint work_reports_content_length on public.work_reports is '报表内容 2–10000 字 | Content: 2–10000 characters';
comment on constraint work_reports_submitted_at_range on public.work_reports is '提交时间须在 2000–2100 年之间 | Submitted at: a date in the years 2000–2100';
comment on constraint work_reports_due_at_range on public.work_reports is '截止时间须在 2000–2100 年之间 | Due at: a date in the years 2000–2100';
comment on constraint work_reports_lateness_check on public.work_reports is '交报情况须为按时、次日补填或逾期 | Lateness: on time, filled next morning or late';
comment on constraint work_reports_assessment_range on public.work_reports is '考核金额须在 0–10000 元之间 | Assessment: 0–10000 yuan';
comment on table public.work_reports is '工作报表 | Work reports';
comment on column public.work_reports.kind is '报表类型 | Kind';
comment on column public.work_reports.period_on is '报表期间（日期、所在周或月） | Period (the day, a day of the week, the month)';
comment on column public.work_reports.period_label is '期间 | Period';
comment on column public.work_reports.author_id is '填报人 | Author';
comment on column public.work_reports.department_id is '部门 | Department';
comment on column public.work_reports.content is '报表内容 | Content';
comment on column public.work_reports.submitted_at is '提交时间 | Submitted at';
comment on column public.work_reports.due_at is '截止时间 | Due at';
comment on column public.work_reports.late is '逾期 | Late';
comment on column public.work_reports.lateness is '交报情况 | Lateness';
comment on column public.work_reports.assessment_yuan is '考核金额（元） | Assessment (yuan)';
comment on column public.work_reports.version is '版本 | Version';
comment on column public.work_reports.created_at is '创建时间 | Created at';
comment on column public.work_reports.updated_at is '修改时间 | Updated at';

create index work_reports_department_id_idx on public.work_reports (department_id);
create index work_reports_period_idx on public.work_reports (kind, period_on);

alter table public.work_reports enable row level security;
revoke all on public.work_reports from anon, authenticated;
grant select, insert, update on public.work_reports to authenticated;

select private.register_table('public.work_reports');
select private.label_options('{
  "日报": "Daily report", "周报": "Weekly report", "月总结": "Monthly summary",
  "按时": "On time", "次日补填": "Filled next morning", "逾期": "Late"
}');

-- ── Settings: deadlines, assessment amounts, who owes reports ────────────────────────────
insert into public.settings (key, value, label) values
  ('reports.daily_due_time', '"08:30"', '日报截止时刻（次日，时:分） | Daily report due time, the next day (HH:MM)'),
  ('reports.weekly_due_time', '"17:30"', '周报截止时刻（周五下班，时:分） | Weekly report due time on Friday, end of work (HH:MM)'),
  ('reports.monthly_due_day', '2', '月总结截止日（下月几日前，含当日） | Monthly summary due by this day of the next month'),
  ('reports.daily_late_yuan', '20', '日报逾期考核（元/次） | Late daily report assessment (yuan)'),
  ('reports.next_morning_yuan', '10', '早上填写前日日报考核（元/次） | Daily report filled the next morning (yuan)'),
  ('reports.weekly_late_yuan', '20', '周报逾期考核（元/次） | Late weekly report assessment (yuan)'),
  ('reports.monthly_late_yuan', '30', '月总结迟交考核（元/次） | Late monthly summary assessment (yuan)'),
  ('reports.departments', '["KF1", "KF2"]', '须交日报、周报、月总结的部门（部门代码；其文员和经理） | Departments whose clerks and managers owe reports (codes)')
on conflict (key) do nothing;
alter table public.settings add constraint settings_reports_due_time_format check (
  key not in ('reports.daily_due_time', 'reports.weekly_due_time')
  or (jsonb_typeof(value) = 'string' and (value #>> '{}') ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'));
comment on constraint settings_reports_due_time_format on public.settings is '报表截止时刻须为 时:分（00:00–23:59） | Report due time: HH:MM, 00:00–23:59';
alter table public.settings add constraint settings_reports_monthly_due_day_range check (
  key <> 'reports.monthly_due_day'
  or (jsonb_typeof(value) = 'number' and value::text::numeric between 1 and 28 and value::text::numeric = trunc(value::text::numeric)));
comment on constraint settings_reports_monthly_due_day_range on public.settings is '月总结截止日须为 1–28 | Monthly summary due day: 1–28';
alter table public.settings add constraint settings_reports_departments_list check (
  key <> 'reports.departments' or jsonb_typeof(value) = 'array');
comment on constraint settings_reports_departments_list on public.settings is '须交报表的部门须为部门代码列表 | Departments owing reports: a list of department codes';

-- A time of day from a settings row ('HH:MM').
create function private.work_report_time(p_key text, p_default text) returns interval
language sql stable security definer set search_path = ''
as $$
  select coalesce((select (s.value #>> '{}')::interval from public.settings s
                   where s.key = p_key and (s.value #>> '{}') ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'), p_default::interval)
$$;

-- The first day of the period a date falls in (the day, the ISO week's Monday, the month's 1st).
create function private.work_report_period(p_kind text, p_day date) returns date
language sql immutable set search_path = ''
as $$
  select case p_kind
    when '周报' then (p_day - (extract(isodow from p_day)::integer - 1))
    when '月总结' then date_trunc('month', p_day)::date
    else p_day end
$$;

create function private.work_report_label(p_kind text, p_period date) returns text
language sql immutable set search_path = ''
as $$
  select case p_kind
    when '周报' then to_char(p_period, 'IYYY') || '年第' || to_char(p_period, 'IW') || '周（' || to_char(p_period, 'MM-DD') || '至' || to_char(p_period + 6, 'MM-DD') || '）'
    when '月总结' then to_char(p_period, 'YYYY') || '年' || to_char(p_period, 'MM') || '月'
    else to_char(p_period, 'YYYY-MM-DD') end
$$;

-- When a report of that kind and period is due (Beijing time).
create function private.work_report_due(p_kind text, p_period date) returns timestamptz
language sql stable security definer set search_path = ''
as $$
  select (case p_kind
    when '日报' then (p_period + 1)::timestamp + private.work_report_time('reports.daily_due_time', '08:30')
    when '周报' then (private.work_report_period('周报', p_period) + 4)::timestamp + private.work_report_time('reports.weekly_due_time', '17:30')
    when '月总结' then ((date_trunc('month', p_period) + interval '1 month')::date
                       + least(greatest(private.setting_int('reports.monthly_due_day', 2), 1), 28))::timestamp
  end) at time zone 'Asia/Shanghai'
$$;

-- Lateness of a report submitted at p_at: 按时 / 次日补填 (a daily report written the next morning,
-- before its deadline) / 逾期, and the assessment from the settings.
create function private.work_report_lateness(p_kind text, p_period date, p_at timestamptz, out lateness text, out amount integer)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if p_at > private.work_report_due(p_kind, p_period) then
    lateness := '逾期';
    amount := case p_kind when '日报' then private.setting_int('reports.daily_late_yuan', 20)
                          when '周报' then private.setting_int('reports.weekly_late_yuan', 20)
                          else private.setting_int('reports.monthly_late_yuan', 30) end;
  elsif p_kind = '日报' and (p_at at time zone 'Asia/Shanghai')::date > p_period then
    lateness := '次日补填';
    amount := private.setting_int('reports.next_morning_yuan', 10);
  else
    lateness := '按时';
    amount := 0;
  end if;
end
$$;

-- Who owes reports: the active clerks and managers of the departments in reports.departments.
create function private.work_report_owers() returns setof public.operators
language sql stable security definer set search_path = ''
as $$
  select o.* from public.operators o join public.departments d on d.id = o.department_id
  where o.active and o.role in ('clerk', 'manager')
    and d.code in (select jsonb_array_elements_text(coalesce(
      (select s.value from public.settings s where s.key = 'reports.departments' and jsonb_typeof(s.value) = 'array'),
      '["KF1", "KF2"]')))
$$;

-- ── The rules: written once, by its author, for a period already begun; frozen afterwards ──
create function private.work_reports_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  me public.operators;
  facts record;
  today date := (now() at time zone 'Asia/Shanghai')::date;
begin
  if tg_op = 'UPDATE' then
    if coalesce(current_setting('taizhang.work_report_move', true), '') <> 'on'
       and (new.kind, new.period_on, new.content, new.author_id) is distinct from (old.kind, old.period_on, old.content, old.author_id) then
      raise exception '报表已于 % 提交，不能再修改（逾期与考核以提交时为准） | The report was submitted at %; it cannot be rewritten (lateness counts from the submission)',
        to_char(old.submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), to_char(old.submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
        using errcode = 'PT409', column = case when new.content is distinct from old.content then 'content'
                                              when new.kind is distinct from old.kind then 'kind' else 'period_on' end;
    end if;
    return new;
  end if;
  -- INSERT: submitting. Through the API the author is the caller and the time is now; a seed or a
  -- restore keeps the author and time it gives, and the rest is computed from them alike.
  if (select auth.uid()) is not null and not private.keeping_rows_as_given() then
    new.author_id := private.my_operator_id();
    new.submitted_at := now();
    new.period_on := private.work_report_period(new.kind, new.period_on);
    if new.period_on > today then
      raise exception '不能提交尚未开始的期间的报表 | A report cannot be submitted for a period that has not begun'
        using errcode = '22023', column = 'period_on';
    end if;
  end if;
  select * into me from public.operators o where o.id = new.author_id;
  if me.id is null or not me.active then
    raise exception '填报人须是在岗操作员 | The author must be an active operator' using errcode = '42501', column = 'author_id';
  end if;
  new.period_on := private.work_report_period(new.kind, new.period_on);
  if exists (select 1 from public.work_reports r where r.author_id = new.author_id and r.kind = new.kind and r.period_on = new.period_on) then
    raise exception '本人%的%已提交，不能重复提交 | You have already submitted the % for %', private.work_report_label(new.kind, new.period_on), new.kind,
      case new.kind when '日报' then 'daily report' when '周报' then 'weekly report' else 'monthly summary' end, private.work_report_label(new.kind, new.period_on)
      using errcode = '23505', column = 'period_on';
  end if;
  new.department_id := me.department_id;
  new.period_label := private.work_report_label(new.kind, new.period_on);
  new.due_at := private.work_report_due(new.kind, new.period_on);
  select * into facts from private.work_report_lateness(new.kind, new.period_on, new.submitted_at);
  new.lateness := facts.lateness;
  new.late := facts.lateness = '逾期';
  new.assessment_yuan := facts.amount;
  return new;
end
$$;
create trigger work_reports_before_write before insert or update on public.work_reports
  for each row execute function private.work_reports_before_write();

-- Submitting closes the reminders about that report.
create function private.work_reports_after_insert() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  update public.notifications n set done_at = now()
  where n.kind = '报表逾期' and n.done_at is null
    and n.dedupe_key like format('report-overdue:%s:%s:%s:%%', new.kind, new.period_on, new.author_id);
  return null;
end
$$;
create trigger work_reports_after_insert after insert on public.work_reports
  for each row execute function private.work_reports_after_insert();

revoke all on function private.work_report_time(text, text), private.work_report_period(text, date), private.work_report_label(text, date),
  private.work_report_due(text, date), private.work_report_lateness(text, date, timestamptz), private.work_report_owers(),
  private.work_reports_before_write(), private.work_reports_after_insert() from public;

-- ── RLS ──────────────────────────────────────────────────────────────────────────────────
-- Read: the author, the department's manager (department), the director and the gm's office as
-- the permission rows say; weekly reports also go to the gm (weekly_reports, 每周五…向公司总经理及
-- …部经理发送). Written by the author only (create own); nobody rewrites or deletes one: the update
-- policy lets the author reach the row so the refusal names why.
revoke delete on public.work_reports from authenticated;
create policy work_reports_select on public.work_reports
  for select to authenticated using (
    author_id = (select private.my_operator_id())
    or (select private.scope_for('work_reports', 'read')) = 'all'
    or ((select private.scope_for('work_reports', 'read')) = 'department' and department_id = (select private.my_department_id()))
    or (kind = '周报' and ((select private.scope_for('weekly_reports', 'read')) = 'all'
                           or ((select private.scope_for('weekly_reports', 'read')) = 'department' and department_id = (select private.my_department_id()))))
  );
create policy work_reports_insert on public.work_reports
  for insert to authenticated with check (
    (select private.scope_for('work_reports', 'create')) is not null
    and author_id = (select private.my_operator_id())
  );
create policy work_reports_update on public.work_reports
  for update to authenticated using (author_id = (select private.my_operator_id()))
  with check (author_id = (select private.my_operator_id()));

select private.declare_system_column('public.work_reports', c.name, c.why)
from (values
  ('author_id', '“填报人”是提交报表的人 | The author is whoever submits the report'),
  ('department_id', '“部门”是填报人的部门 | The department is the author''s'),
  ('period_label', '“期间”由报表类型和日期得出 | The period label follows from the kind and the date'),
  ('submitted_at', '“提交时间”是提交的时刻 | Submitted at is the moment of submission'),
  ('due_at', '“截止时间”由报表类型和期间算出（日报次日8:30，周报周五下班，月总结下月2日） | Due at follows from the kind and period (daily: 08:30 next day; weekly: Friday end of work; monthly: the 2nd)'),
  ('late', '“逾期”由提交时间和截止时间算出 | Late follows from the submission and the deadline'),
  ('lateness', '“交报情况”由提交时间和截止时间算出 | Lateness follows from the submission and the deadline'),
  ('assessment_yuan', '“考核金额”按设置中的考核标准算出 | The assessment follows the amounts in the settings')
) as c(name, why);

insert into public.permissions (role, register, action, scope, note) values
  ('clerk', 'work_reports', 'read', 'own', '本人的报表'),
  ('clerk', 'work_reports', 'create', 'own', '提交日报、周报、月总结'),
  ('archivist', 'work_reports', 'read', 'own', null),
  ('archivist', 'work_reports', 'create', 'own', null),
  ('manager', 'work_reports', 'read', 'department', '本部门的报表（周报发送部门经理）'),
  ('manager', 'work_reports', 'create', 'own', null),
  ('director', 'work_reports', 'read', 'all', '客服中心各部门的报表'),
  ('director', 'work_reports', 'create', 'own', null),
  ('deputy_gm', 'work_reports', 'read', 'own', null),
  ('deputy_gm', 'work_reports', 'create', 'own', null),
  ('gm', 'work_reports', 'read', 'own', null),
  ('gm', 'weekly_reports', 'read', 'all', '每周五下班前向公司总经理发送周报');

select private.declare_register('public.work_reports', menu_group => 'operations', menu_order => 40,
  print_title => '工作报表 | Work report', title_columns => array['kind', 'period_label'],
  print_signatures => array['填报人 | Author', '部门经理 | Department manager']);
-- Refused to everyone by the triggers above: no edit, no delete offered on screen.
select private.declare_frozen('public.work_reports', 'true');
select private.declare_column('public.work_reports', 'content', kind => 'longtext');

-- ── Job "report chasers" 报表催交 (08:30 and 17:30 daily) ──────────────────────────────────
-- As of a moment: every person who owes a report whose deadline has passed (daily: working days
-- of the last 7 days; weekly: the last 2 weeks; monthly: the last 2 months) and has not submitted
-- it → 报表逾期 to him and his department's manager, once per report and person (dedupe key).
-- Runs at 08:30 (daily reports due then; monthly summaries due the end of the 2nd are chased on
-- the 3rd) and at 17:30 (the weekly report on Friday).
create function private.job_report_chasers(as_of timestamptz) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  today date := (as_of at time zone 'Asia/Shanghai')::date;
  n integer;
begin
  with periods as (
    select '日报'::text as kind, d::date as period_on from generate_series((today - 7)::timestamp, (today - 1)::timestamp, interval '1 day') d
    where public.is_working_day(d::date)
    union all
    select '周报', private.work_report_period('周报', today) - w * 7 from generate_series(0, 2) w
    union all
    select '月总结', (date_trunc('month', today) - m * interval '1 month')::date from generate_series(1, 2) m
  ), owed as (
    select p.kind, p.period_on, private.work_report_due(p.kind, p.period_on) as due_at, o.id as author_id, o.name, o.department_id
    from periods p cross join private.work_report_owers() o
    where private.work_report_due(p.kind, p.period_on) <= as_of
      and not exists (select 1 from public.work_reports r where r.author_id = o.id and r.kind = p.kind and r.period_on = p.period_on)
  ), recipients as (
    select w.*, w.author_id as recipient from owed w
    union
    select w.*, m.id from owed w cross join lateral private.manager_ids(w.department_id) as m(id)
  )
  select count(*) filter (where private.notify(r.recipient, '报表逾期',
           case when r.recipient = r.author_id then format('您的%s（%s）已过截止时间 %s 仍未提交 | Your %s (%s) was due %s and is not in', r.kind, private.work_report_label(r.kind, r.period_on),
                                                          to_char(r.due_at at time zone 'Asia/Shanghai', 'MM-DD HH24:MI'),
                                                          lower(private.option_en(r.kind)), case r.kind when '周报' then to_char(r.period_on, 'IYYY-"W"IW') when '月总结' then to_char(r.period_on, 'YYYY-MM') else to_char(r.period_on, 'YYYY-MM-DD') end, to_char(r.due_at at time zone 'Asia/Shanghai', 'MM-DD HH24:MI'))
                else format('%s的%s（%s）已过截止时间仍未提交 | %s''s %s (%s) is past its deadline and not in', r.name, r.kind, private.work_report_label(r.kind, r.period_on),
                            r.name, lower(private.option_en(r.kind)), case r.kind when '周报' then to_char(r.period_on, 'IYYY-"W"IW') when '月总结' then to_char(r.period_on, 'YYYY-MM') else to_char(r.period_on, 'YYYY-MM-DD') end) end,
           case r.kind when '月总结' then '月总结下月2日前交办公室，迟交无论理由，考核30元/次 | The monthly summary is due by the 2nd of the next month'
                       else '日报表、周报表于次日上午8:30前交办公室（周报每周五下班前），不能按时完成的按20元/次考核 | Daily reports by 08:30 the next day, weekly ones by Friday''s end of work' end,
           'work_reports', null, r.due_at,
           format('report-overdue:%s:%s:%s:%s', r.kind, r.period_on, r.author_id, r.recipient)))::integer
  into n
  from recipients r where r.recipient is not null;
  return n;
end
$$;
revoke all on function private.job_report_chasers(timestamptz) from public;

-- Cron in UTC: 00:30 and 09:30 UTC are 08:30 and 17:30 in Beijing.
insert into public.scheduled_jobs (name, function_name, schedule, description) values
  ('report-chasers', 'report-chasers', '30 0,9 * * *',
   '报表催交（每天 08:30、17:30）：日报次日8:30、周报周五下班、月总结下月2日未交的提醒本人和部门经理 | Report chasers, 08:30 and 17:30 daily: daily, weekly and monthly reports not in by their deadline');
