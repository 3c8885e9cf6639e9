-- Dashboard 仪表盘: one call for the home page — my unread to-dos, what is overdue, this month's
-- complaints by category and severity, the six-month satisfaction trend and return-visit completion.

-- Security invoker: every count goes through the caller's own RLS, so a manager counts their
-- department, a clerk their own scope and the director the whole centre; nothing is widened here.
-- as_of decides "today", "this month" and what is past due (Beijing time); the overdue rules are
-- the ones the filing-deadlines and complaint-replies jobs chase.
create function public.dashboard_summary(as_of timestamptz default now()) returns jsonb
language sql stable security invoker set search_path = ''
as $$
  with bounds as (
    select
      (dashboard_summary.as_of at time zone 'Asia/Shanghai')::date as today,
      date_trunc('month', dashboard_summary.as_of at time zone 'Asia/Shanghai')::date as month_start,
      (date_trunc('month', dashboard_summary.as_of at time zone 'Asia/Shanghai') + interval '1 month')::date as month_end,
      (date_trunc('month', dashboard_summary.as_of at time zone 'Asia/Shanghai') - interval '5 months')::date as trend_start
  ), month_complaints as (
    select r.complaint_category, r.severity
    from public.service_requests r cross join bounds b
    where r.kind = '投诉'
      and r.received_at >= b.month_start::timestamp at time zone 'Asia/Shanghai'
      and r.received_at < b.month_end::timestamp at time zone 'Asia/Shanghai'
  ), months as (
    select (b.month_start - make_interval(months => g))::date as month
    from bounds b cross join generate_series(0, 5) as g
  ), done_visits as (
    select date_trunc('month', v.done_at at time zone 'Asia/Shanghai')::date as month, v.satisfaction
    from public.return_visits v cross join bounds b
    where v.done_at >= b.trend_start::timestamp at time zone 'Asia/Shanghai'
      and v.done_at < b.month_end::timestamp at time zone 'Asia/Shanghai'
  ), month_visits as (
    select v.done_at
    from public.return_visits v cross join bounds b
    where v.planned_on >= b.month_start and v.planned_on < b.month_end
  )
  select jsonb_build_object(
    'as_of', dashboard_summary.as_of,
    'month', b.month_start,
    'todos', jsonb_build_object(
      'unread', (select count(*) from public.notifications n
                 where n.recipient_id = (select private.my_operator_id()) and n.read_at is null),
      'open', (select count(*) from public.notifications n
               where n.recipient_id = (select private.my_operator_id()) and n.done_at is null)),
    'overdue', jsonb_build_object(
      'complaints', (select count(*) from public.service_requests r
                     where r.kind = '投诉' and r.replied_at is null and r.status <> '已结案'
                       and r.reply_due < dashboard_summary.as_of),
      'filings', (select count(*) from public.customers c
                  where c.filed_at is null and c.status <> '公海' and c.filing_due < b.today),
      'return_visits', (select count(*) from public.return_visits v
                        where v.done_at is null and v.planned_on < b.today)),
    'complaints', jsonb_build_object(
      'total', (select count(*) from month_complaints),
      'by_category', coalesce((
        select jsonb_agg(jsonb_build_object('category', s.complaint_category, 'count', s.n) order by s.n desc, s.complaint_category)
        from (select complaint_category, count(*) as n from month_complaints group by complaint_category) s), '[]'::jsonb),
      'by_severity', coalesce((
        select jsonb_agg(jsonb_build_object('severity', s.severity, 'count', s.n) order by s.n desc, s.severity)
        from (select severity, count(*) as n from month_complaints group by severity) s), '[]'::jsonb)),
    'satisfaction_trend', (
      select jsonb_agg(jsonb_build_object(
               'month', m.month,
               'satisfied', (select count(*) from done_visits d where d.month = m.month and d.satisfaction = '满意'),
               'fairly_satisfied', (select count(*) from done_visits d where d.month = m.month and d.satisfaction = '基本满意'),
               'dissatisfied', (select count(*) from done_visits d where d.month = m.month and d.satisfaction = '不满意'))
             order by m.month)
      from months m),
    'return_visits', jsonb_build_object(
      'due', (select count(*) from month_visits),
      'done', (select count(*) from month_visits where done_at is not null)))
  from bounds b
$$;
comment on function public.dashboard_summary(timestamptz) is '仪表盘 | Dashboard';

revoke all on function public.dashboard_summary(timestamptz) from public, anon;
grant execute on function public.dashboard_summary(timestamptz) to authenticated;
