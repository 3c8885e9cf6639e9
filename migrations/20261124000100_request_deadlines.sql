-- Service-request deadlines 工单时限 (seeds 001 首问责任制, 000, 002, 003): the deadline columns are
-- computed on the request by its trigger (service-requests migration, from settings rows and the
-- business calendar); this migration adds the two moves that meet or extend them and the job that
-- chases every breach.
--
--   handover_due     every request: handed to the responsible department (assigned) within 24 hours,
--                    holidays extending it (001: 不得超過24小時,節假日順延) — met once a handler is named
--   answer_due       consultations, help, complaints: a first answer within 12 hours (001) — met by
--                    the 答复用户 move (a complaint: its reply), or by resolving the request
--   settle_due       the same kinds: settled within 2 working days, or reported to the centre with a
--                    reason and a new date (001: 應報客戶服務中心備查); a logistics complaint's handling
--                    opinion on the 2nd working day (002) — met by resolving
--   investigate_due  repairs: investigated the same day (000: 当天进展调查、核实) — met by 调查核实
--   complete_due     repairs: completed within the working days its fault kind's settings row gives
--                    — met by resolving
-- A complaint's 3-day reply (003) stays reply_due, chased by the complaint-replies job.

-- ── 答复用户 Answer: a consultation's or help request's first answer to the customer ────────
-- (A complaint's is its reply, reply_complaint.) Meets answer_due; a complex one may still take
-- until its settle-by.
create function public.answer_request(request_id uuid, reply text) returns public.service_requests
language plpgsql security definer set search_path = ''
as $$
declare
  req public.service_requests := private.request_for_workflow(request_id);
begin
  if not private.may_handle_request(req) then
    raise exception '无权答复：需要处理人、首问责任人或责任部门经理 | Not allowed: the handler, the first receiver or the responsible department''s manager answers'
      using errcode = '42501';
  end if;
  if req.kind not in ('咨询', '求助') then
    raise exception '只有咨询和求助在此答复（投诉用“答复”） | Only a consultation or a request for help is answered here (a complaint by Reply)'
      using errcode = '22023';
  end if;
  if req.replied_at is not null then
    raise exception '已于 % 答复 | Already answered at %', req.replied_at, req.replied_at using errcode = 'PT409';
  end if;
  if req.status not in ('受理', '处理中') then
    raise exception '工单当前为“%”，不能再答复 | The request is "%" and cannot be answered', req.status, req.status using errcode = 'PT409';
  end if;
  if length(btrim(coalesce(reply, ''))) < 2 then
    raise exception '请填写答复内容 | The reply is required' using errcode = '23502', hint = 'reply';
  end if;
  if char_length(btrim(reply)) > 4000 then
    raise exception '答复内容最多 4000 字 | Reply: at most 4000 characters' using errcode = '22023', hint = 'reply';
  end if;
  update public.service_requests r set reply = btrim(answer_request.reply), replied_at = now()
  where r.id = req.id returning * into req;
  return req;
end
$$;
comment on function public.answer_request(uuid, text) is '答复用户 | Answer the customer';
revoke all on function public.answer_request(uuid, text) from public, anon;
grant execute on function public.answer_request(uuid, text) to authenticated;

-- ── 报中心备查 Report to the centre: a complex request that needs more than 2 working days ──
-- The handler (or whoever may direct the request) records why and by when it will be settled;
-- the settle-by moves to the end of that date, and the director is told, once.
create function public.report_request_to_centre(request_id uuid, reason text, settle_by date) returns public.service_requests
language plpgsql security definer set search_path = ''
as $$
declare
  req public.service_requests := private.request_for_workflow(request_id);
  current_by date;
  person uuid;
begin
  if not private.may_handle_request(req) then
    raise exception '无权报中心备查：需要处理人、首问责任人或责任部门经理 | Not allowed: the handler, the first receiver or the responsible department''s manager reports to the centre'
      using errcode = '42501';
  end if;
  if req.kind not in ('咨询', '求助', '投诉') then
    raise exception '只有咨询、求助和投诉有办结期限，无需报中心备查 | Only a consultation, a request for help or a complaint has a settle-by to report'
      using errcode = '22023';
  end if;
  if req.status not in ('受理', '处理中') then
    raise exception '工单当前为“%”，已办结的工单无需报中心备查 | The request is "%"; a settled request is not reported', req.status, req.status
      using errcode = 'PT409';
  end if;
  if req.reported_at is not null then
    raise exception '该工单已于 % 报中心备查 | This request was already reported to the centre at %', req.reported_at, req.reported_at
      using errcode = 'PT409';
  end if;
  if length(btrim(coalesce(reason, ''))) < 2 then
    raise exception '报中心备查须写明原因 | Reporting to the centre needs a reason' using errcode = '23502', hint = 'reason';
  end if;
  if char_length(btrim(reason)) > 500 then
    raise exception '备查原因最多 500 字 | Reason: at most 500 characters' using errcode = '22023', hint = 'reason';
  end if;
  if settle_by is null then
    raise exception '请填写延至哪天办结 | The new settle-by date is required' using errcode = '23502', hint = 'settle_by';
  end if;
  current_by := ((req.settle_due - interval '1 second') at time zone 'Asia/Shanghai')::date;
  if settle_by <= current_by then
    raise exception '延期日期须晚于原办结期限 % | The new date must be after the current settle-by, %', current_by, current_by
      using errcode = '22023', hint = 'settle_by';
  end if;
  if settle_by > (req.received_at at time zone 'Asia/Shanghai')::date + 366 then
    raise exception '延期日期须在受理后一年内 | The new date must be within a year of receipt' using errcode = '22023', hint = 'settle_by';
  end if;
  update public.service_requests r
  set reported_at = now(), reported_by = private.my_operator_id(), report_reason = btrim(reason),
      settle_due = ((settle_by + 1)::timestamp) at time zone 'Asia/Shanghai'
  where r.id = req.id returning * into req;
  for person in select private.director_ids() loop
    continue when person = any (req.recused_operator_ids) or person = private.my_operator_id();
    perform private.notify(person, '工单时限', format('工单 %s 报中心备查：办结延至 %s | Request %s reported to the centre: to be settled by %s', req.code, settle_by, req.code, settle_by), req.report_reason,
      'service_requests', req.id::text, req.settle_due, 'centre-report:' || req.id);
  end loop;
  return req;
end
$$;
comment on function public.report_request_to_centre(uuid, text, date) is '报中心备查 | Report to the centre';

-- ── 调查核实 Investigated: a repair's same-day investigation, with what was found ────────────
create function public.record_investigation(request_id uuid, findings text) returns public.service_requests
language plpgsql security definer set search_path = ''
as $$
declare
  req public.service_requests := private.request_for_workflow(request_id);
begin
  if not private.may_handle_request(req) then
    raise exception '无权登记调查核实：需要处理人、首问责任人或责任部门经理 | Not allowed: the handler, the first receiver or the responsible department''s manager records the investigation'
      using errcode = '42501';
  end if;
  if req.kind <> '报修' then
    raise exception '只有报修需要调查核实 | Only a repair is investigated' using errcode = '22023';
  end if;
  if req.investigated_at is not null then
    raise exception '该报修已于 % 调查核实 | This repair was already investigated at %', req.investigated_at, req.investigated_at
      using errcode = 'PT409';
  end if;
  if req.status not in ('受理', '处理中') then
    raise exception '工单当前为“%”，不能登记调查核实 | The request is "%"; its investigation cannot be recorded', req.status, req.status
      using errcode = 'PT409';
  end if;
  if length(btrim(coalesce(findings, ''))) < 2 then
    raise exception '请填写调查核实情况 | The findings are required' using errcode = '23502', hint = 'findings';
  end if;
  if char_length(btrim(findings)) > 2000 then
    raise exception '调查核实情况最多 2000 字 | Findings: at most 2000 characters' using errcode = '22023', hint = 'findings';
  end if;
  update public.service_requests r set investigated_at = now(), investigation = btrim(findings)
  where r.id = req.id returning * into req;
  return req;
end
$$;
comment on function public.record_investigation(uuid, text) is '调查核实 | Record the investigation';

revoke all on function public.report_request_to_centre(uuid, text, date), public.record_investigation(uuid, text) from public, anon;
grant execute on function public.report_request_to_centre(uuid, text, date), public.record_investigation(uuid, text) to authenticated;

-- The moves, offered only where the RPC would accept them from the caller.
select private.declare_move('public.service_requests', 'answer', '答复用户 | Answer', 'answer_request', 'request_id',
  fields => '[{"name": "reply", "label": "答复内容 | Reply", "column": "reply", "required": true}]',
  state_column => 'status', from_states => array['受理', '处理中'],
  condition => $$kind in ('咨询', '求助') and replied_at is null
                 and private.may_handle_request(service_requests)$$);
select private.declare_move('public.service_requests', 'investigate', '调查核实 | Investigated', 'record_investigation', 'request_id',
  fields => '[{"name": "findings", "label": "调查核实情况 | Findings", "column": "investigation", "required": true}]',
  state_column => 'status', from_states => array['受理', '处理中'],
  condition => $$kind = '报修' and investigated_at is null
                 and private.may_handle_request(service_requests)$$);
select private.declare_move('public.service_requests', 'report_to_centre', '报中心备查 | Report to the centre', 'report_request_to_centre', 'request_id',
  fields => '[{"name": "reason", "label": "备查原因 | Reason", "column": "report_reason", "required": true},
              {"name": "settle_by", "label": "延至 | Settle by", "data_type": "date", "required": true}]',
  state_column => 'status', from_states => array['受理', '处理中'],
  condition => $$kind in ('咨询', '求助', '投诉') and reported_at is null
                 and private.may_handle_request(service_requests)$$);

-- ── Request deadlines 工单时限 (hourly): each breach told to whoever must act, once ─────────
-- The responsible person is the handler, else the first receiver; a request not handed over is
-- also the responsible department's manager's (he assigns it). Once per request, deadline and
-- person: the dedupe key names the deadline's instant, so an extended settle-by that is missed
-- again is told again. Nobody a complaint names is told about it.
create function private.job_request_deadlines(as_of timestamptz) returns integer
language sql security definer set search_path = ''
as $$
  with open_requests as (
    select r.* from public.service_requests r where r.status in ('受理', '处理中')
  ), breaches as (
    select r.id, r.code, r.recused_operator_ids, r.department_id, coalesce(r.handler_id, r.receiver_id) as responsible,
           b.what, b.label, b.rule, b.due
    from open_requests r
    cross join lateral (values
      ('handover', '移交期限 | hand-over deadline',
       '首问责任制：须在 24 小时内移交职责部门，节假日顺延 | First-contact rule: handed to the responsible department within 24 hours, holidays excepted',
       case when r.handler_id is null and r.status = '受理' then r.handover_due end),
      ('answer', '首次答复期限 | first-answer deadline',
       '首问责任部门一般应在 12 小时内调查处理并答复用户 | The responsible department normally answers the customer within 12 hours',
       case when r.replied_at is null then r.answer_due end),
      ('settle', '办结期限 | settle-by deadline',
       '较复杂的问题处理时间不得超过 2 个工作日，确需超过应报客户服务中心备查 | A complex matter is settled within 2 working days, or reported to the service centre',
       r.settle_due),
      ('investigate', '调查核实期限 | investigation deadline',
       '报修当天进行调查、核实 | A repair is investigated on the day it is reported',
       case when r.investigated_at is null then r.investigate_due end),
      ('complete', '完工期限 | completion deadline',
       '报修须在故障类别规定的工作日内完工 | A repair is completed within the working days its fault category allows',
       r.complete_due)
    ) as b(what, label, rule, due)
    where b.due < as_of
  ), recipients as (
    select b.*, b.responsible as recipient from breaches b
    union
    select b.*, m.id from breaches b cross join lateral private.manager_ids(b.department_id) as m(id) where b.what = 'handover'
  )
  select count(*) filter (where private.notify(r.recipient, '工单时限',
           format('工单 %s 已超过%s（%s） | Request %s is past its %s (%s)', r.code, split_part(r.label, ' | ', 1), to_char(r.due at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                  r.code, split_part(r.label, ' | ', 2), to_char(r.due at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')),
           r.rule, 'service_requests', r.id::text, r.due,
           r.what || '-overdue:' || r.id || ':' || extract(epoch from r.due)::bigint))::integer
  from recipients r
  where r.recipient is not null and r.recipient <> all (r.recused_operator_ids)
$$;
revoke all on function private.job_request_deadlines(timestamptz) from public;

-- Cron expressions are in UTC, as pg_cron reads them.
insert into public.scheduled_jobs (name, function_name, schedule, description) values
  ('request-deadlines', 'request-deadlines', '15 * * * *',
   '工单时限催办（每小时）：移交、首次答复、办结、调查核实、完工 | Service-request deadlines chased, hourly');

-- ── Quarterly consultation summary 咨询服务记录季度汇总 (003: 每季度末將咨詢服務記錄進行匯總，
-- 上報客戶服務中心主任) ─────────────────────────────────────────────────────────────────────
-- Run on the first day of each quarter for the quarter just ended: one row per quarter with the
-- consultations' counts (by department and channel, answered and settled in time, reported to the
-- centre, still open) and what was asked, from which the director sets the next quarter's notice
-- board (五、…確定下季度宣傳欄內容); the director is told once, the notice linking to the row.
create table public.consultation_summaries (
  quarter_start date primary key,
  data jsonb not null,
  created_at timestamptz not null default now(),
  constraint consultation_summaries_quarter_start check (extract(day from quarter_start) = 1 and extract(month from quarter_start) in (1, 4, 7, 10)),
  constraint consultation_summaries_quarter_range check (quarter_start >= date '2000-01-01' and quarter_start < date '2101-01-01')
);
comment on table public.consultation_summaries is '咨询服务记录季度汇总 | Quarterly consultation summaries';
comment on column public.consultation_summaries.quarter_start is '季度 | Quarter';
comment on column public.consultation_summaries.data is '汇总 | Summary';
comment on column public.consultation_summaries.created_at is '生成时间 | Generated at';
comment on constraint consultation_summaries_quarter_start on public.consultation_summaries is '季度须从 1、4、7、10 月 1 日开始 | A quarter starts on 1 January, April, July or October';
comment on constraint consultation_summaries_quarter_range on public.consultation_summaries is '季度须在 2000–2100 年之间 | Quarter: in the years 2000–2100';
alter table public.consultation_summaries enable row level security;
revoke all on public.consultation_summaries from anon, authenticated;
grant select on public.consultation_summaries to authenticated;
select private.create_register_policies('public.consultation_summaries', actions => array['select']);

insert into public.permissions (role, register, action, scope, note) values
  ('director', 'consultation_summaries', 'read', 'all', '每季度末咨询服务记录汇总，上报客服中心主任'),
  ('gm', 'consultation_summaries', 'read', 'all', null),
  ('admin', 'consultation_summaries', 'read', 'all', null);

select private.declare_register('public.consultation_summaries', menu_group => 'reports', menu_order => 30);

create function private.job_consultation_summaries(as_of timestamptz) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  q_end date := date_trunc('quarter', as_of at time zone 'Asia/Shanghai')::date;
  q_start date := (date_trunc('quarter', as_of at time zone 'Asia/Shanghai') - interval '3 months')::date;
  inserted integer;
  told integer;
begin
  with consultations as (
    select r.* from public.service_requests r
    where r.kind = '咨询'
      and (r.received_at at time zone 'Asia/Shanghai')::date >= q_start
      and (r.received_at at time zone 'Asia/Shanghai')::date < q_end
  ), summary as (
    insert into public.consultation_summaries (quarter_start, data)
    select q_start, jsonb_build_object(
      'quarter', format('%s 年第 %s 季度', extract(year from q_start), extract(quarter from q_start)),
      'from', q_start, 'to', q_end - 1,
      'consultations', (select count(*) from consultations),
      'by_department', coalesce((select jsonb_object_agg(coalesce(d.name, '—'), n) from (
        select c.department_id, count(*) as n from consultations c group by 1) g
        left join public.departments d on d.id = g.department_id), '{}'),
      'by_channel', coalesce((select jsonb_object_agg(channel, n) from (
        select c.channel, count(*) as n from consultations c group by 1) g), '{}'),
      'answered_in_time', (select count(*) from consultations c where coalesce(c.replied_at, c.closed_at) <= c.answer_due),
      'settled_in_time', (select count(*) from consultations c where c.closed_at <= c.settle_due),
      'reported_to_centre', (select count(*) from consultations c where c.reported_at is not null),
      'open', (select count(*) from consultations c where c.status in ('受理', '处理中')),
      'asked', coalesce((select jsonb_agg(jsonb_build_object('code', c.code, 'received_at', c.received_at,
                                                             'content', left(c.content, 200), 'resolution', left(c.resolution, 200))
                                          order by c.received_at)
                         from (select * from consultations order by received_at limit 500) c), '[]'))
    on conflict (quarter_start) do nothing
    returning 1
  )
  select count(*) into inserted from summary;
  select count(*) filter (where private.notify(d.id, '系统',
           format('%s 年第 %s 季度咨询服务记录汇总已生成 | Consultation summary for %s Q%s is ready', extract(year from q_start), extract(quarter from q_start),
                  extract(year from q_start), extract(quarter from q_start)),
           '每季度末将咨询服务记录进行汇总，上报客户服务中心主任，据此确定下季度宣传栏内容 | At each quarter''s end the consultations are summarised for the centre director, who picks the next quarter''s notice-board topics',
           'consultation_summaries', q_start::text, null, 'consultation-summary:' || q_start))::integer
  into told
  from private.director_ids() as d(id);
  return inserted + told;
end
$$;
revoke all on function private.job_consultation_summaries(timestamptz) from public;

insert into public.scheduled_jobs (name, function_name, schedule, description) values
  ('consultation-summaries', 'consultation-summaries', '30 0 1 1,4,7,10 *',
   '咨询服务记录季度汇总（季度首日 08:30）：上报客服中心主任 | Quarterly consultation summary to the director, 1st of quarter 08:30');
