-- The daily job "loans & handovers" 借阅与移交 (issue 14 point 7): one run a day (08:00 Beijing),
-- as of a given moment, logged in public.job_runs by public.run_job, idempotent through the
-- notifications' dedupe keys (a second run the same day, or any later day, tells nobody twice
-- about the same event):
--   1. loans past their due date (已借出, due_on before today) → the borrower and the archive room
--      (000: 档案借阅人必需在档案资料出借单规定的期限内，将所借资料完整归还档案管理员), once per loan;
--   2. handover steps past their deadline (A角 → B角 by a_due_on, B角 → archive room by b_due_on,
--      000: 三个工作日内 / 两个工作日内) → the giver and his department's manager, once per step and
--      deadline (a postponement moves the deadline and so re-arms the reminder);
--   3. month-end filing (000: 每月的10日前应将归档文件资料归档完毕): on a working day before the 10th,
--      every operator holding the duty 档案员 is reminded once a month;
--   4. the annual inspection (002: 每年对全部档案资料进行全面检查): on or after the day of the year in
--      the settings row archive.inspection_month_day (MM-DD), the year's tasks are planned once by
--      private.plan_annual_inspections (archive inspections migration), due archive.inspection_days later.
-- Reads the contract columns of archive_loans, archive_handovers and archive_inspections only.

create function private.job_loans_handovers(as_of timestamptz) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  today date := (as_of at time zone 'Asia/Shanghai')::date;
  raised integer := 0;
  n integer;
  month_day text;
  plan_on date;
begin
  -- 1. Overdue loans.
  with overdue as (
    select l.id, l.slip_no, l.due_on, l.borrower_id, b.name as borrower_name
    from public.archive_loans l left join public.operators b on b.id = l.borrower_id
    where l.status = '已借出' and l.due_on < today
  ), recipients as (
    select o.*, o.borrower_id as recipient from overdue o
    union
    select o.*, a.id from overdue o cross join (select x.id from public.operators x where x.active and x.role = 'archivist') a
  )
  select count(*) filter (where private.notify(r.recipient, '借阅逾期',
           format('出借单 %s 已逾期未还（归还期限 %s，借阅人 %s） | Loan slip %s is overdue (due %s, borrower %s)', r.slip_no, r.due_on, coalesce(r.borrower_name, ''),
                  r.slip_no, r.due_on, coalesce(r.borrower_name, '')),
           '借阅人须在出借单规定的期限内将所借资料完整归还档案管理员 | Borrowed files are returned complete by the due date on the slip',
           'archive_loans', r.id::text, r.due_on::timestamptz, 'loan-overdue:' || r.id))::integer
  into n
  from recipients r where r.recipient is not null;
  raised := raised + n;

  -- 2. Handover steps past their deadline: A's (整理 / 补充) by a_due_on, B's (审核后移交档案室) by b_due_on.
  with late as (
    select h.id, h.department_id, 'A' as step, h.a_due_on as due_on, h.a_manager_id as giver,
           coalesce(p.name, '') as project_name
    from public.archive_handovers h left join public.projects p on p.id = h.project_id
    where h.status in ('A角整理', '退回补充') and h.a_due_on < today
    union all
    select h.id, h.department_id, 'B', h.b_due_on, h.b_manager_id, coalesce(p.name, '')
    from public.archive_handovers h left join public.projects p on p.id = h.project_id
    where h.status = '待B角审核' and h.b_due_on < today
  ), recipients as (
    select l.*, l.giver as recipient from late l
    union
    select l.*, m.id from late l cross join lateral private.manager_ids(coalesce(l.department_id,
      (select g.department_id from public.operators g where g.id = l.giver))) as m(id)
  )
  select count(*) filter (where private.notify(r.recipient, '档案移交',
           case r.step when 'A' then format('工程“%s”的档案未在 %s 前由工程经理A角移交B角 | The file of project "%s" was not handed from A to B by %s', r.project_name, r.due_on, r.project_name, r.due_on)
                       else format('工程“%s”的档案未在 %s 前由工程经理B角移交档案室 | The file of project "%s" was not handed from B to the archive room by %s', r.project_name, r.due_on, r.project_name, r.due_on) end,
           case r.step when 'A' then '工程完工后三个工作日内，工程经理A角须将档案资料移交工程经理B角 | A hands the file to B within 3 working days of completion'
                       else '工程经理B角须在两个工作日内将档案资料移交档案室 | B hands the file to the archive room within 2 working days' end,
           'archive_handovers', r.id::text, r.due_on::timestamptz,
           format('handover-overdue:%s:%s:%s', r.id, r.step, r.due_on)))::integer
  into n
  from recipients r where r.recipient is not null;
  raised := raised + n;

  -- 3. Month-end filing reminder to the department archivists (档案员), once a month, on a working day before the 10th.
  if extract(day from today) < 10 and public.is_working_day(today) then
    select count(*) filter (where private.notify(o.id, '归档提醒',
             format('%s 月归档：请于 %s 前将上月归档文件资料移交档案室 | Filing for %s: hand last month''s files to the archive room by %s', extract(month from today)::integer,
                    (date_trunc('month', today) + interval '9 days')::date, to_char(today, 'YYYY-MM'), (date_trunc('month', today) + interval '9 days')::date),
             '每月的10日前应将归档文件资料归档完毕 | Everything to be filed for the month is in the archive room by the 10th',
             'archive_handovers', null, (date_trunc('month', today) + interval '9 days')::timestamptz,
             'filing-reminder:' || to_char(today, 'YYYY-MM') || ':' || o.id))::integer
    into n
    from public.operators o where o.active and '档案员' = any (o.duties);
    raised := raised + n;
  end if;

  -- 4. The annual inspection, planned once on its day (MM-DD; a run on a later day of the same year catches up).
  select s.value #>> '{}' into month_day from public.settings s where s.key = 'archive.inspection_month_day';
  begin
    plan_on := make_date(extract(year from today)::integer, split_part(coalesce(month_day, '12-01'), '-', 1)::integer,
                         split_part(coalesce(month_day, '12-01'), '-', 2)::integer);
  exception when others then
    plan_on := make_date(extract(year from today)::integer, 12, 1);
  end;
  if today >= plan_on and to_regprocedure('private.plan_annual_inspections(integer, date)') is not null
     and not exists (select 1 from public.archive_inspections i where i.year = extract(year from today)::integer) then
    execute 'select private.plan_annual_inspections($1, $2)' into n
      using extract(year from today)::integer, plan_on + private.setting_int('archive.inspection_days', 30);
    raised := raised + coalesce(n, 0);
  end if;
  return raised;
end
$$;
revoke all on function private.job_loans_handovers(timestamptz) from public;

-- Cron in UTC: 00:00 UTC is 08:00 in Beijing.
insert into public.scheduled_jobs (name, function_name, schedule, description) values
  ('loans-handovers', 'loans-handovers', '0 0 * * *',
   '借阅与移交（每天 08:00）：借阅逾期、移交超期、每月10日前归档提醒、年度档案检查 | Loans & handovers, daily 08:00: overdue loans, late handovers, filing by the 10th, the annual inspection');
