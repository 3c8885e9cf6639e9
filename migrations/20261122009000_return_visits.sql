-- Return visits 回访记录 and the service-request workflow: every repair and complaint that is
-- resolved gets exactly one pending return visit; a satisfied visit closes the request, an
-- unsatisfied one reopens it with a next visit date; the visit report is due the day after.
-- The quarterly sampling visits (抽查) name the repair they check and the visitor assigned to it.

create table public.return_visits (
  id uuid primary key default gen_random_uuid(),
  source text not null,
  request_id uuid references public.service_requests (id) on delete cascade,
  customer_id uuid references public.customers (id),
  department_id uuid references public.departments (id),
  planned_on date not null default ((now() at time zone 'Asia/Shanghai')::date + 1),
  -- 001 回访监督制度: 事件回访时间必需于事件发生后一周之内进行完毕 (settings: return_visit.due_days).
  due_on date,
  done_at timestamptz,
  visitor_id uuid references public.operators (id),
  method text,
  content text,
  satisfaction text,
  opinions text,
  next_visit_on date,
  report text,
  report_due date,
  report_filed_at timestamptz,
  sampled_request_id uuid references public.service_requests (id) on delete cascade,
  assigned_visitor_id uuid references public.operators (id) on delete set null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint return_visits_source_check check (source in ('投诉', '报修', '例行', '抽查', '调查')),
  constraint return_visits_method_check check (method in ('电话', '上门', '短信', '微信', '邮件')),
  constraint return_visits_satisfaction_check check (satisfaction in ('满意', '基本满意', '不满意')),
  constraint return_visits_request_sources check (source not in ('投诉', '报修') or request_id is not null),
  constraint return_visits_done_is_complete check (
    done_at is null or (visitor_id is not null and method is not null and satisfaction is not null)),
  constraint return_visits_unsatisfied_needs_next check (satisfaction is distinct from '不满意' or next_visit_on is not null),
  constraint return_visits_next_after_done check (next_visit_on is null or done_at is null or next_visit_on > (done_at at time zone 'Asia/Shanghai')::date),
  -- Bounded input: free text has a length limit, numbers are finite, dates fall in 2000–2100.
  constraint return_visits_content_length check (char_length(content) <= 4000),
  constraint return_visits_opinions_length check (char_length(opinions) <= 4000),
  constraint return_visits_report_length check (char_length(report) <= 4000),
  constraint return_visits_due_on_range check (due_on >= date '2000-01-01' and due_on < date '2101-01-01'),
  constraint return_visits_planned_on_range check (planned_on >= date '2000-01-01' and planned_on < date '2101-01-01'),
  constraint return_visits_done_at_range check (done_at >= timestamptz '2000-01-01 00:00+08' and done_at < timestamptz '2101-01-01 00:00+08'),
  constraint return_visits_next_visit_on_range check (next_visit_on >= date '2000-01-01' and next_visit_on < date '2101-01-01'),
  constraint return_visits_report_due_range check (report_due >= date '2000-01-01' and report_due < date '2101-01-01'),
  constraint return_visits_report_filed_at_range check (report_filed_at >= timestamptz '2000-01-01 00:00+08' and report_filed_at < timestamptz '2101-01-01 00:00+08')
);
comment on constraint return_visits_content_length on public.return_visits is '回访内容最多 4000 字 | Content: at most 4000 characters';
comment on constraint return_visits_opinions_length on public.return_visits is '客户意见最多 4000 字 | Opinions: at most 4000 characters';
comment on constraint return_visits_report_length on public.return_visits is '回访报告最多 4000 字 | Report: at most 4000 characters';
comment on constraint return_visits_planned_on_range on public.return_visits is '计划回访日期须在 2000–2100 年之间 | Planned on: a date in the years 2000–2100';
comment on constraint return_visits_done_at_range on public.return_visits is '回访时间须在 2000–2100 年之间 | Done at: a date in the years 2000–2100';
comment on constraint return_visits_next_visit_on_range on public.return_visits is '下次回访日期须在 2000–2100 年之间 | Next visit on: a date in the years 2000–2100';
comment on constraint return_visits_report_due_range on public.return_visits is '报告期限须在 2000–2100 年之间 | Report due: a date in the years 2000–2100';
comment on constraint return_visits_report_filed_at_range on public.return_visits is '报告提交时间须在 2000–2100 年之间 | Report filed at: a date in the years 2000–2100';
comment on table public.return_visits is '回访记录 | Return visits';
comment on column public.return_visits.source is '来源 | Source';
comment on column public.return_visits.request_id is '工单 | Service request';
comment on column public.return_visits.customer_id is '客户 | Customer';
comment on column public.return_visits.department_id is '部门 | Department';
comment on column public.return_visits.planned_on is '计划回访日期 | Planned on';
comment on column public.return_visits.done_at is '回访时间 | Done at';
comment on column public.return_visits.visitor_id is '回访人 | Visitor';
comment on column public.return_visits.method is '回访方式 | Method';
comment on column public.return_visits.content is '回访内容 | Content';
comment on column public.return_visits.satisfaction is '满意度 | Satisfaction';
comment on column public.return_visits.opinions is '客户意见 | Opinions';
comment on column public.return_visits.next_visit_on is '下次回访日期 | Next visit on';
comment on column public.return_visits.report is '回访报告 | Report';
comment on column public.return_visits.report_due is '报告期限 | Report due';
comment on column public.return_visits.due_on is '回访期限 | Visit due';
comment on constraint return_visits_due_on_range on public.return_visits is '回访期限须在 2000–2100 年之间 | Visit due: a date in the years 2000–2100';
comment on column public.return_visits.report_filed_at is '报告提交时间 | Report filed at';
comment on column public.return_visits.sampled_request_id is '抽查的维修工单 | Sampled repair';
comment on column public.return_visits.assigned_visitor_id is '指定回访人 | Assigned visitor';
comment on column public.return_visits.version is '版本 | Version';
comment on column public.return_visits.created_at is '创建时间 | Created at';
comment on column public.return_visits.updated_at is '修改时间 | Updated at';

-- Exactly one pending return visit per request.
create unique index return_visits_one_pending_per_request on public.return_visits (request_id) where done_at is null;
create index return_visits_customer_id_idx on public.return_visits (customer_id);
create index return_visits_department_id_idx on public.return_visits (department_id);
create index return_visits_visitor_id_idx on public.return_visits (visitor_id);
create index return_visits_sampled_request_id_idx on public.return_visits (sampled_request_id);
create index return_visits_assigned_visitor_id_idx on public.return_visits (assigned_visitor_id);
create index return_visits_planned_on_idx on public.return_visits (planned_on) where done_at is null;
create index return_visits_done_at_idx on public.return_visits (done_at desc);

-- ── Sampling visits 抽查回访 ───────────────────────────────────────────────────────────────
-- The quarterly check of a repair is made by someone outside the work checked (seed 003: the
-- sampling checks the service; SPEC: the director samples). Who is recused from a sampling visit:
-- the repair's handler and everyone of its responsible or handling department.
create function private.sampling_recused(p_sampled_request uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.service_requests r
    where r.id = p_sampled_request
      and (r.handler_id = private.my_operator_id()
           or private.my_department_id() in (r.department_id, r.handler_department_id)))
$$;

-- Who may record a sampling visit: its assigned visitor or the director (update scope over all
-- return visits), unless recused.
create function private.may_record_sampling_visit(p_sampled_request uuid, p_assigned_visitor uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select not private.sampling_recused(p_sampled_request)
    and coalesce(p_assigned_visitor = private.my_operator_id()
                 or private.scope_for('return_visits', 'update') = 'all', false)
$$;

-- The visitor a sampling pick is assigned to, one rule stated once: an active director who
-- neither handled the repair nor belongs to its responsible or handling department; if every
-- director is one of those, an active manager of another department. Several candidates take
-- the picks in turn (p_turn = 1, 2, … over a run's picks), so the visits are shared evenly.
create function private.sampling_visitor(p_request uuid, p_turn bigint) returns uuid
language sql stable security definer set search_path = ''
as $$
  with eligible as (
    select o.id, o.role = 'director' as is_director
    from public.service_requests r
    join public.operators o on o.active and o.role in ('director', 'manager')
    where r.id = p_request
      and o.id is distinct from r.handler_id
      and o.department_id is distinct from r.department_id
      and o.department_id is distinct from r.handler_department_id
  ), tier as (
    select e.id, row_number() over (order by e.id) as turn, count(*) over () as candidates
    from eligible e where e.is_director = (select bool_or(x.is_director) from eligible x)
  )
  select t.id from tier t where t.turn = (p_turn - 1) % t.candidates + 1
$$;
revoke all on function private.sampling_recused(uuid), private.may_record_sampling_visit(uuid, uuid),
  private.sampling_visitor(uuid, bigint) from public;
-- (asked by the row policies and the move condition, as the caller)
grant execute on function private.sampling_recused(uuid), private.may_record_sampling_visit(uuid, uuid) to authenticated;

-- The planned date of a request's next visit: the date agreed with a dissatisfied customer at
-- the last visit (下次回访日期), else the given default.
create function private.next_visit_planned_on(p_request uuid, p_default date) returns date
language sql stable security definer set search_path = ''
as $$
  select coalesce((
    select case when v.satisfaction = '不满意' then v.next_visit_on end
    from public.return_visits v
    where v.request_id = p_request and v.done_at is not null
    order by v.done_at desc limit 1), p_default)
$$;
revoke all on function private.next_visit_planned_on(uuid, date) from public;

create function private.return_visits_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  -- Nobody recused from a sampling visit changes it, by any path (the moves refuse them first).
  if tg_op = 'UPDATE' and old.sampled_request_id is not null and private.sampling_recused(old.sampled_request_id) then
    raise exception '回避：抽查回访不能由原处理人或被抽查部门的人员填写或修改 | Recusal: the repair''s handler and the sampled department cannot fill in or change its sampling visit'
      using errcode = '42501';
  end if;
  if new.request_id is not null then
    select coalesce(new.customer_id, r.customer_id), r.department_id into new.customer_id, new.department_id
    from public.service_requests r where r.id = new.request_id;
  elsif new.customer_id is not null and new.department_id is null then
    select c.department_id into new.department_id from public.customers c where c.id = new.customer_id;
  end if;
  -- A routine visit of no customer is the recording person's department's (department_id is system-owned).
  if tg_op = 'INSERT' and new.department_id is null then
    new.department_id := private.my_department_id();
  end if;
  -- A request's visit is done within a week of the event (its resolution, i.e. this visit's creation).
  if tg_op = 'INSERT' and new.request_id is not null and not private.keeping_rows_as_given() then
    new.due_on := (now() at time zone 'Asia/Shanghai')::date + private.setting_int('return_visit.due_days', 7);
  end if;
  if new.done_at is not null then
    new.report_due := (new.done_at at time zone 'Asia/Shanghai')::date + 1;
  end if;
  if new.report is not null and new.report_filed_at is null then
    new.report_filed_at := now();
  end if;
  return new;
end
$$;
revoke all on function private.return_visits_before_write() from public;
create trigger return_visits_before_write before insert or update on public.return_visits
  for each row execute function private.return_visits_before_write();

alter table public.return_visits enable row level security;
revoke all on public.return_visits from anon;
grant select, insert, update, delete on public.return_visits to authenticated;

-- A visit of a request is read with the request (so recusal holds); a routine visit by the
-- department's scope; the visitor always reads and may correct their own visit. Only a planned
-- routine visit may be deleted: a request's visit is the 100% return-visit rule's evidence, a
-- sampling visit the quarterly check's. The assigned visitor of a sampling visit reads it.
select private.create_register_policies('public.return_visits', department_column => 'department_id',
  read_scope_if => 'request_id is null',
  read_also => 'visitor_id = (select private.my_operator_id())
    or assigned_visitor_id = (select private.my_operator_id())
    or (request_id is not null and exists (select 1 from public.service_requests r where r.id = request_id))',
  update_also => 'visitor_id = (select private.my_operator_id())',
  delete_if => 'done_at is null and request_id is null and sampled_request_id is null');

select private.register_table('public.return_visits');
-- A visit is done only through record_return_visit: its time and visitor, and the report's clock, are the database's.
select private.declare_system_column('public.return_visits', c.name, c.why)
from (values
  ('done_at', '“回访时间”只能通过“登记回访”记录 | Done at is recorded only by the Record visit move'),
  ('visitor_id', '“回访人”是登记回访的人，不能指定或修改 | The visitor is whoever records the visit'),
  ('report_due', '“报告期限”由系统按回访时间计算 | Report due is computed from the visit time'),
  ('due_on', '“回访期限”由系统按办结日期计算（事件发生后一周内） | Visit due is computed from the resolution (within a week of the event)'),
  ('report_filed_at', '“报告提交时间”由系统在提交报告时记录 | Report filed at is stamped when the report is filed'),
  ('department_id', '“部门”随工单或客户所属部门 | The department follows the request''s or the customer''s'),
  ('sampled_request_id', '“抽查的维修工单”由季度抽查选定 | The sampled repair is chosen by the quarterly sampling'),
  ('assigned_visitor_id', '“指定回访人”由季度抽查按规则指定，不能自行指定或修改 | The assigned visitor is set by the quarterly sampling''s rule and cannot be named or changed')
) as c(name, why);

-- ── Workflow functions (each checks who may make the move) ───────────────────────────────
create function private.request_for_workflow(p_id uuid) returns public.service_requests
language plpgsql security definer set search_path = ''
as $$
declare
  req public.service_requests;
begin
  select * into req from public.service_requests where id = p_id for update;
  if req.id is null or not private.may_read_request(req.kind, req.receiver_id, req.handler_id, req.recused_operator_ids,
                                                     req.department_id, req.receiver_department_id, req.handler_department_id) then
    raise exception '工单不存在或无权查看 | No such request, or not visible to you' using errcode = 'PT404';
  end if;
  perform set_config('taizhang.workflow', 'on', true);
  return req;
end
$$;

create function private.may_direct_request(req public.service_requests) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(
    req.receiver_id = private.my_operator_id()
      or private.scope_for(case when req.kind = '投诉' then 'complaints' else 'service_requests' end, 'approve') = 'all'
      or (private.scope_for(case when req.kind = '投诉' then 'complaints' else 'service_requests' end, 'approve') = 'department'
          and private.my_department_id() in (req.department_id, req.receiver_department_id)),
    false)
$$;
-- Working on a request (resolve, reply, answer, investigate, report to the centre): its handler,
-- or whoever may direct it.
create function private.may_handle_request(req public.service_requests) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(req.handler_id = private.my_operator_id(), false) or private.may_direct_request(req)
$$;
revoke all on function private.request_for_workflow(uuid), private.may_direct_request(public.service_requests),
  private.may_handle_request(public.service_requests) from public;

-- 受理 → 处理中: name the handler (the receiver, the department's manager or the director may).
create function public.assign_request(request_id uuid, handler uuid) returns public.service_requests
language plpgsql security definer set search_path = ''
as $$
declare
  req public.service_requests := private.request_for_workflow(request_id);
  person public.operators;
begin
  if not private.may_direct_request(req) then
    raise exception '无权派单：需要首问责任人、责任部门经理或客服中心主任 | Not allowed: the first receiver, the responsible department''s manager or the director assigns' using errcode = '42501';
  end if;
  if req.status not in ('受理', '处理中') then
    raise exception '工单当前为“%”，不能派单 | The request is "%" and cannot be assigned', req.status, req.status using errcode = 'PT409';
  end if;
  select * into person from public.operators where id = handler;
  if person.id is null or not person.active then
    raise exception '处理人不存在或已不在岗 | The handler does not exist or is no longer active' using errcode = '23503';
  end if;
  if handler = any (req.recused_operator_ids) then
    raise exception '回避：被投诉人“%”不能处理针对自己的投诉 | Recusal: % cannot handle a complaint against them', person.name, person.name using errcode = '42501';
  end if;
  update public.service_requests set handler_id = handler, status = '处理中' where id = request_id returning * into req;
  -- The handler is told, once per assignment (a re-assignment to the same person is a new one).
  if handler is distinct from private.my_operator_id() then
    perform private.notify(handler, '派单', format('工单 %s 已派给您处理 | Request %s is assigned to you', req.code, req.code), left(req.content, 200),
      'service_requests', req.id::text, coalesce(req.reply_due, req.closed_at), 'assigned:' || req.id || ':' || req.version);
  end if;
  return req;
end
$$;
comment on function public.assign_request(uuid, uuid) is '派单 | Assign a handler';

-- 处理中 → 待回访 (repairs, complaints: a return visit is created) or → 已结案 (others). Needs a resolution.
create function public.resolve_request(request_id uuid, resolution text) returns public.service_requests
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_column
declare
  req public.service_requests := private.request_for_workflow(request_id);
begin
  if not private.may_handle_request(req) then
    raise exception '无权办结：需要处理人、首问责任人或责任部门经理 | Not allowed: the handler, the first receiver or the responsible department''s manager resolves' using errcode = '42501';
  end if;
  if req.status <> '处理中' then
    raise exception '工单当前为“%”，只有处理中的工单可以办结 | The request is "%"; only a request in progress can be resolved', req.status, req.status using errcode = 'PT409';
  end if;
  if length(btrim(coalesce(resolution, ''))) < 2 then
    raise exception '办结需要填写处理结果 | Resolving needs a resolution' using errcode = '23502', hint = 'resolution';
  end if;
  if req.kind in ('报修', '投诉') then
    update public.service_requests set resolution = resolve_request.resolution, status = '待回访'
    where id = request_id returning * into req;
    -- The next visit is planned for the date agreed with a dissatisfied customer, else the next working day.
    insert into public.return_visits (source, request_id, planned_on)
    values (req.kind, req.id, private.next_visit_planned_on(req.id, public.add_working_days(now(), 1)))
    on conflict (request_id) where done_at is null do nothing;
  else
    update public.service_requests set resolution = resolve_request.resolution, status = '已结案', closed_at = now()
    where id = request_id returning * into req;
  end if;
  return req;
end
$$;
comment on function public.resolve_request(uuid, text) is '办结 | Resolve';

-- A complaint's clear answer to the customer (due within the reply period).
create function public.reply_complaint(request_id uuid, reply text) returns public.service_requests
language plpgsql security definer set search_path = ''
as $$
declare
  req public.service_requests := private.request_for_workflow(request_id);
begin
  if req.kind <> '投诉' then
    raise exception '只有投诉需要答复 | Only a complaint is replied to' using errcode = '22023';
  end if;
  if not private.may_handle_request(req) then
    raise exception '无权答复：需要处理人、首问责任人或责任部门经理 | Not allowed: the handler, the first receiver or the responsible department''s manager replies' using errcode = '42501';
  end if;
  if length(btrim(coalesce(reply, ''))) < 2 then
    raise exception '请填写答复内容 | The reply is required' using errcode = '23502', hint = 'reply';
  end if;
  update public.service_requests set reply = reply_complaint.reply, replied_at = now()
  where id = request_id returning * into req;
  return req;
end
$$;
comment on function public.reply_complaint(uuid, text) is '答复投诉 | Reply to a complaint';

-- The responsible department's sign-off (签字认可): its manager, or the director.
create function public.sign_off_request(request_id uuid) returns public.service_requests
language plpgsql security definer set search_path = ''
as $$
declare
  req public.service_requests := private.request_for_workflow(request_id);
begin
  if not coalesce(private.scope_for(case when req.kind = '投诉' then 'complaints' else 'service_requests' end, 'approve') = 'all'
          or (private.scope_for(case when req.kind = '投诉' then 'complaints' else 'service_requests' end, 'approve') = 'department'
              and private.my_department_id() = req.department_id), false) then
    raise exception '签字认可须由责任部门经理或客服中心主任办理 | Only the responsible department''s manager or the director signs off' using errcode = '42501';
  end if;
  if req.signed_off_at is not null then
    raise exception '责任部门已于 % 签字认可 | Already signed off at %', req.signed_off_at, req.signed_off_at using errcode = 'PT409';
  end if;
  update public.service_requests set signed_off_by = private.my_operator_id(), signed_off_at = now()
  where id = request_id returning * into req;
  return req;
end
$$;
comment on function public.sign_off_request(uuid) is '责任部门签字认可 | Responsible department signs off';

-- 退回 处理中 → 受理: the handler, or the responsible department's manager (or the director), hands
-- the request back with a reason; the handler is cleared and the first receiver is told why.
create function public.send_back_request(request_id uuid, reason text) returns public.service_requests
language plpgsql security definer set search_path = ''
as $$
declare
  req public.service_requests := private.request_for_workflow(request_id);
  kind_register text := case when req.kind = '投诉' then 'complaints' else 'service_requests' end;
begin
  if not coalesce(req.handler_id = private.my_operator_id()
                  or private.scope_for(kind_register, 'approve') = 'all'
                  or (private.scope_for(kind_register, 'approve') = 'department' and private.my_department_id() = req.department_id), false) then
    raise exception '无权退回：需要处理人或责任部门经理 | Not allowed: the handler or the responsible department''s manager sends a request back' using errcode = '42501';
  end if;
  if req.status <> '处理中' then
    raise exception '工单当前为“%”，只有处理中的工单可以退回 | The request is "%"; only a request in progress can be sent back', req.status, req.status
      using errcode = 'PT409';
  end if;
  if length(btrim(coalesce(reason, ''))) < 2 then
    raise exception '退回须写明原因 | Sending back needs a reason' using errcode = '23502', hint = 'reason';
  end if;
  update public.service_requests
  set status = '受理', handler_id = null, sent_back_reason = btrim(reason), sent_back_at = now()
  where id = request_id returning * into req;
  if req.receiver_id is not null and req.receiver_id is distinct from private.my_operator_id() then
    perform private.notify(req.receiver_id, '工单退回', format('工单 %s 已退回受理 | Request %s was sent back to reception', req.code, req.code), btrim(reason),
      'service_requests', req.id::text, null, null);
  end if;
  return req;
end
$$;
comment on function public.send_back_request(uuid, text) is '退回 | Send back';

-- Records a return visit. Satisfied → the request is closed; unsatisfied → it goes back to
-- 处理中 with the next visit date, and its next resolution creates the next pending visit,
-- planned for that date. A sampling visit is recorded by its assigned visitor or the director,
-- never by the repair's handler or anyone of the sampled department.
create function public.record_return_visit(
  visit_id uuid, method text, content text, satisfaction text, opinions text default null, next_visit_on date default null
) returns public.return_visits
language plpgsql security definer set search_path = ''
as $$
declare
  visit public.return_visits;
  req public.service_requests;
begin
  select * into visit from public.return_visits where id = visit_id for update;
  if visit.id is null then
    raise exception '回访记录不存在 | No such return visit' using errcode = 'PT404';
  end if;
  if visit.done_at is not null then
    raise exception '该回访已于 % 完成 | This visit was already done at %', visit.done_at, visit.done_at using errcode = 'PT409';
  end if;
  if visit.request_id is not null then
    req := private.request_for_workflow(visit.request_id);
    if private.my_operator_id() = any (req.recused_operator_ids) then
      raise exception '回避：被投诉人不能回访针对自己的投诉 | Recusal: the person complained about cannot visit' using errcode = '42501';
    end if;
  elsif visit.sampled_request_id is not null then
    if private.sampling_recused(visit.sampled_request_id) then
      raise exception '回避：抽查回访不能由原处理人或被抽查部门的人员登记 | Recusal: the repair''s handler and the sampled department cannot record its sampling visit'
        using errcode = '42501';
    end if;
    if not private.may_record_sampling_visit(visit.sampled_request_id, visit.assigned_visitor_id) then
      raise exception '抽查回访须由指定回访人或客服中心主任登记 | Only the assigned visitor or the director records a sampling visit'
        using errcode = '42501';
    end if;
  elsif not coalesce(private.scope_for('return_visits', 'update') = 'all'
             or (private.scope_for('return_visits', 'update') = 'department' and private.my_department_id() = visit.department_id), false) then
    raise exception '无权登记这条回访 | Not allowed to record this visit' using errcode = '42501';
  end if;
  if satisfaction = '不满意' and next_visit_on is null then
    raise exception '客户不满意时须填写下次回访日期 | A dissatisfied customer needs a next visit date' using errcode = '23502', hint = 'next_visit_on';
  end if;
  -- A complaint closes only with a written reply and the responsible department's sign-off.
  if req.kind = '投诉' and satisfaction is distinct from '不满意' and (req.replied_at is null or req.signed_off_at is null) then
    raise exception '投诉结案前须有书面答复和责任部门签字认可（%） | A complaint closes only after a written reply and the responsible department''s sign-off (%)',
      concat_ws('、', case when req.replied_at is null then '答复' end, case when req.signed_off_at is null then '签字认可' end),
      concat_ws(', ', case when req.replied_at is null then 'reply' end, case when req.signed_off_at is null then 'sign-off' end)
      using errcode = 'PT409';
  end if;
  update public.return_visits
  set done_at = now(), visitor_id = private.my_operator_id(), method = record_return_visit.method,
      content = record_return_visit.content, satisfaction = record_return_visit.satisfaction,
      opinions = record_return_visit.opinions, next_visit_on = record_return_visit.next_visit_on
  where id = visit_id returning * into visit;
  if req.id is not null then
    if satisfaction = '不满意' then
      update public.service_requests set status = '处理中', reopened_count = reopened_count + 1 where id = req.id;
    else
      update public.service_requests set status = '已结案', closed_at = now() where id = req.id;
    end if;
  end if;
  return visit;
end
$$;
comment on function public.record_return_visit(uuid, text, text, text, text, date) is '登记回访 | Record a return visit';

revoke all on function public.assign_request(uuid, uuid), public.resolve_request(uuid, text), public.reply_complaint(uuid, text),
  public.sign_off_request(uuid), public.send_back_request(uuid, text), public.record_return_visit(uuid, text, text, text, text, date) from public, anon;
grant execute on function public.assign_request(uuid, uuid), public.resolve_request(uuid, text), public.reply_complaint(uuid, text),
  public.sign_off_request(uuid), public.send_back_request(uuid, text), public.record_return_visit(uuid, text, text, text, text, date) to authenticated;

-- English labels of the options (投诉, 报修, 电话, 短信 and 邮件 are labelled where first defined).
select private.label_options('{
  "例行": "Routine", "抽查": "Spot check", "调查": "Survey",
  "上门": "Home visit", "微信": "WeChat",
  "满意": "Satisfied", "基本满意": "Fairly satisfied", "不满意": "Dissatisfied"
}');

insert into public.permissions (role, register, action, scope, note) values
  ('clerk', 'return_visits', 'read', 'department', null),
  ('clerk', 'return_visits', 'create', 'department', null),
  ('clerk', 'return_visits', 'update', 'department', null),
  ('manager', 'return_visits', 'read', 'department', null),
  ('manager', 'return_visits', 'create', 'department', null),
  ('manager', 'return_visits', 'update', 'department', null),
  ('manager', 'return_visits', 'delete', 'department', null),
  ('director', 'return_visits', 'read', 'all', null),
  ('director', 'return_visits', 'create', 'all', '抽查 20% 维修记录二次回访'),
  ('director', 'return_visits', 'update', 'all', null),
  ('gm', 'return_visits', 'read', 'all', null);

insert into public.settings (key, value, label) values
  ('return_visit.due_days', '7', '事件回访须在办结后几天内完成 | Days after resolution within which a request''s return visit is done');

-- ── Screens (register declarations) ──────────────────────────────────────────────────────
select private.declare_register('public.return_visits', menu_group => 'service', menu_order => 40,
  print_title => '客户回访记录 | Return visit record');
select private.declare_column('public.return_visits', c.name, kind => 'longtext')
from unnest(array['content', 'opinions', 'report']) as c(name);

-- The workflow moves, beside their RPCs. Each row offers a move only where its RPC would accept
-- it from the caller: the conditions ask the same helpers the RPCs ask.
grant execute on function private.may_direct_request(public.service_requests), private.may_handle_request(public.service_requests) to authenticated;
select private.declare_move('public.service_requests', 'assign', '派单 | Assign', 'assign_request', 'request_id',
  fields => '[{"name": "handler", "label": "处理人 | Handler", "column": "handler_id"}]',
  state_column => 'status', from_states => array['受理', '处理中'], to_state => '处理中',
  condition => 'private.may_direct_request(service_requests)');
select private.declare_move('public.service_requests', 'resolve', '办结 | Resolve', 'resolve_request', 'request_id',
  fields => '[{"name": "resolution", "label": "处理结果 | Resolution", "column": "resolution"}]',
  state_column => 'status', from_states => array['处理中'],
  condition => 'private.may_handle_request(service_requests)');
select private.declare_move('public.service_requests', 'reply', '答复 | Reply', 'reply_complaint', 'request_id',
  fields => '[{"name": "reply", "label": "答复内容 | Reply", "column": "reply"}]',
  state_column => 'status', from_states => array['受理', '处理中', '待回访'],
  condition => $$kind = '投诉' and replied_at is null
                 and private.may_handle_request(service_requests)$$);
-- Signed off by the responsible department: complaints.approve for a complaint, service_requests.approve otherwise.
select private.declare_move('public.service_requests', 'sign_off', '签字认可 | Sign off', 'sign_off_request', 'request_id',
  state_column => 'status', from_states => array['待回访', '已结案'],
  condition => $$signed_off_at is null
                 and private.may(case when kind = '投诉' then 'complaints' else 'service_requests' end, 'approve', null, department_id)$$);
-- Sent back by the handler or the responsible department's manager (or the director).
select private.declare_move('public.service_requests', 'send_back', '退回 | Send back', 'send_back_request', 'request_id',
  fields => '[{"name": "reason", "label": "退回原因 | Reason", "column": "sent_back_reason"}]',
  state_column => 'status', from_states => array['处理中'], to_state => '受理',
  condition => $$handler_id = private.my_operator_id()
                 or private.may(case when kind = '投诉' then 'complaints' else 'service_requests' end, 'approve', null, department_id)$$);
-- Reclassified by the director alone (its RPC is in the service-requests migration, beside the rule).
select private.declare_move('public.service_requests', 'reclassify', '重新定性 | Reclassify', 'reclassify_complaint', 'request_id',
  fields => '[{"name": "kind", "label": "类型 | Kind", "column": "kind"},
              {"name": "complaint_category", "label": "投诉类别 | Complaint category", "column": "complaint_category"},
              {"name": "accused_operator", "label": "被投诉人 | Person complained about", "column": "accused_operator_id"},
              {"name": "accused_department", "label": "被投诉部门 | Department complained about", "column": "accused_department_id"},
              {"name": "reason", "label": "原因 | Reason", "column": "reclassify_reason", "required": true}]',
  condition => $$kind = '投诉' and private.scope_for('complaints', 'approve') = 'all'$$);
-- A routine visit (no request) needs the department's update right; one of a request, reading the request;
-- a sampling visit, its assigned visitor or the director, never the recused.
select private.declare_move('public.return_visits', 'record_visit', '登记回访 | Record visit', 'record_return_visit', 'visit_id',
  fields => '[{"name": "method", "label": "回访方式 | Method", "column": "method"},
              {"name": "content", "label": "回访内容 | What was said", "column": "content"},
              {"name": "satisfaction", "label": "满意度 | Satisfaction", "column": "satisfaction"},
              {"name": "opinions", "label": "客户意见 | Customer''s opinions", "column": "opinions"},
              {"name": "next_visit_on", "label": "下次回访日期 | Next visit on", "column": "next_visit_on"}]',
  condition => $$done_at is null and case when sampled_request_id is not null
                                          then private.may_record_sampling_visit(sampled_request_id, assigned_visitor_id)
                                          else request_id is not null or private.may('return_visits', 'update', null, department_id) end$$);
