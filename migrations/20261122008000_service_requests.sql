-- Service requests 服务工单: one intake for consultation, repair, complaint, help and suggestion
-- (《客户报修/投诉/求助记录》). The first receiver (首问责任人) is set by the database; the status moves
-- only through workflow functions; complaints carry the 3-day reply, escalation and recusal.

-- The request's workflow state, moved only by the workflow functions (assign, resolve, return visit).
create type public.request_status as enum ('受理', '处理中', '待回访', '已结案');
comment on type public.request_status is '工单状态 | Request status';

create sequence public.service_requests_code_seq;

create table public.service_requests (
  id uuid primary key default gen_random_uuid(),
  code text not null default ('GD' || lpad(nextval('public.service_requests_code_seq')::text, 7, '0')),
  kind text not null,
  received_at timestamptz not null default now(),
  channel text not null default '电话',
  customer_id uuid references public.customers (id),
  caller_name text,
  building text,
  unit text,
  room text,
  phone text,
  content text not null,
  receiver_id uuid references public.operators (id),
  receiver_department_id uuid references public.departments (id),
  handler_id uuid references public.operators (id),
  handler_department_id uuid references public.departments (id),
  department_id uuid not null default private.my_department_id() references public.departments (id),
  status public.request_status not null default '受理',
  resolution text,
  closed_at timestamptz,
  reopened_count integer not null default 0,
  sent_back_reason text,
  sent_back_at timestamptz,
  -- complaint 投诉
  complaint_category text,
  severity text,
  accused_operator_id uuid references public.operators (id),
  accused_department_id uuid references public.departments (id),
  -- Everyone the complaint has ever named: each stays recused even after the director reclassifies it.
  recused_operator_ids uuid[] not null default '{}',
  reclassified_by uuid references public.operators (id),
  reclassified_at timestamptz,
  reclassify_reason text,
  evidence text,
  witnesses text,
  reply_due timestamptz,
  replied_at timestamptz,
  reply text,
  escalated_at timestamptz,
  -- deadlines 时限 (computed by the trigger below from the received time, the settings and the
  -- business calendar; chased by the request-deadlines job)
  handover_due timestamptz,
  answer_due timestamptz,
  settle_due timestamptz,
  reported_at timestamptz,
  reported_by uuid references public.operators (id),
  report_reason text,
  signed_off_by uuid references public.operators (id),
  signed_off_at timestamptz,
  malicious boolean not null default false,
  case_year integer,
  -- repair 报修
  location text,
  fault text,
  repairer text,
  fault_kind text,
  investigate_due timestamptz,
  investigated_at timestamptz,
  investigation text,
  complete_due timestamptz,
  warranty text,
  parts text,
  cost numeric(12, 2),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint service_requests_code_key unique (code),
  constraint service_requests_kind_check check (kind in ('咨询', '报修', '投诉', '求助', '建议')),
  constraint service_requests_channel_check check (channel in ('电话', '来访', '书面', '网络', '主管部门转办')),
  constraint service_requests_content_not_blank check (length(btrim(content)) between 2 and 4000),
  constraint service_requests_phone_format check (phone is null or phone ~ '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}|[0-9]{7,8})$'),
  constraint service_requests_who_called check (customer_id is not null or length(btrim(coalesce(caller_name, ''))) > 0),
  constraint service_requests_complaint_category_check check (complaint_category in ('产品质量', '服务质量', '物流', '申诉', '员工违纪')),
  constraint service_requests_severity_check check (severity in ('一般', '严重', '重大')),
  constraint service_requests_complaint_fields check (
    (kind = '投诉' and complaint_category is not null and severity is not null)
    or (kind <> '投诉' and complaint_category is null and severity is null and accused_operator_id is null)),
  constraint service_requests_misconduct_names_someone check (
    complaint_category is distinct from '员工违纪' or accused_operator_id is not null or accused_department_id is not null),
  constraint service_requests_fault_kind_check check (fault_kind in ('紧急', '一般', '大修')),
  constraint service_requests_fault_kind_repairs_only check (kind = '报修' or fault_kind is null),
  constraint service_requests_report_reason_length check (char_length(report_reason) <= 500),
  constraint service_requests_investigation_length check (char_length(investigation) <= 2000),
  constraint service_requests_handover_due_range check (handover_due >= timestamptz '2000-01-01 00:00+08' and handover_due < timestamptz '2101-01-01 00:00+08'),
  constraint service_requests_answer_due_range check (answer_due >= timestamptz '2000-01-01 00:00+08' and answer_due < timestamptz '2101-01-01 00:00+08'),
  constraint service_requests_settle_due_range check (settle_due >= timestamptz '2000-01-01 00:00+08' and settle_due < timestamptz '2101-01-01 00:00+08'),
  constraint service_requests_reported_at_range check (reported_at >= timestamptz '2000-01-01 00:00+08' and reported_at < timestamptz '2101-01-01 00:00+08'),
  constraint service_requests_investigate_due_range check (investigate_due >= timestamptz '2000-01-01 00:00+08' and investigate_due < timestamptz '2101-01-01 00:00+08'),
  constraint service_requests_investigated_at_range check (investigated_at >= timestamptz '2000-01-01 00:00+08' and investigated_at < timestamptz '2101-01-01 00:00+08'),
  constraint service_requests_complete_due_range check (complete_due >= timestamptz '2000-01-01 00:00+08' and complete_due < timestamptz '2101-01-01 00:00+08'),
  constraint service_requests_warranty_check check (warranty in ('保内', '保外')),
  constraint service_requests_cost_not_negative check (cost is null or cost >= 0),
  constraint service_requests_closed_has_resolution check (status <> '已结案' or (closed_at is not null and length(btrim(coalesce(resolution, ''))) > 0)),
  constraint service_requests_handler_not_accused check (handler_id is null or handler_id <> all (recused_operator_ids)),
  constraint service_requests_recused_bounded check (cardinality(recused_operator_ids) <= 50),
  constraint service_requests_reclassify_reason_length check (char_length(reclassify_reason) <= 500),
  constraint service_requests_reclassified_at_range check (reclassified_at >= timestamptz '2000-01-01 00:00+08' and reclassified_at < timestamptz '2101-01-01 00:00+08'),
  constraint service_requests_case_year_range check (case_year is null or case_year between 2000 and 2100),
  -- Bounded input: free text has a length limit, numbers are finite, dates fall in 2000–2100.
  constraint service_requests_code_length check (char_length(code) <= 40),
  constraint service_requests_caller_name_length check (char_length(caller_name) <= 100),
  constraint service_requests_building_length check (char_length(building) <= 40),
  constraint service_requests_unit_length check (char_length(unit) <= 40),
  constraint service_requests_room_length check (char_length(room) <= 40),
  constraint service_requests_resolution_length check (char_length(resolution) <= 4000),
  constraint service_requests_sent_back_reason_length check (char_length(sent_back_reason) <= 500),
  constraint service_requests_evidence_length check (char_length(evidence) <= 4000),
  constraint service_requests_witnesses_length check (char_length(witnesses) <= 1000),
  constraint service_requests_reply_length check (char_length(reply) <= 4000),
  constraint service_requests_location_length check (char_length(location) <= 200),
  constraint service_requests_fault_length check (char_length(fault) <= 2000),
  constraint service_requests_repairer_length check (char_length(repairer) <= 100),
  constraint service_requests_parts_length check (char_length(parts) <= 1000),
  constraint service_requests_cost_finite check (cost > '-Infinity' and cost < 'Infinity'),
  constraint service_requests_received_at_range check (received_at >= timestamptz '2000-01-01 00:00+08' and received_at < timestamptz '2101-01-01 00:00+08'),
  constraint service_requests_closed_at_range check (closed_at >= timestamptz '2000-01-01 00:00+08' and closed_at < timestamptz '2101-01-01 00:00+08'),
  constraint service_requests_sent_back_at_range check (sent_back_at >= timestamptz '2000-01-01 00:00+08' and sent_back_at < timestamptz '2101-01-01 00:00+08'),
  constraint service_requests_reply_due_range check (reply_due >= timestamptz '2000-01-01 00:00+08' and reply_due < timestamptz '2101-01-01 00:00+08'),
  constraint service_requests_replied_at_range check (replied_at >= timestamptz '2000-01-01 00:00+08' and replied_at < timestamptz '2101-01-01 00:00+08'),
  constraint service_requests_escalated_at_range check (escalated_at >= timestamptz '2000-01-01 00:00+08' and escalated_at < timestamptz '2101-01-01 00:00+08'),
  constraint service_requests_signed_off_at_range check (signed_off_at >= timestamptz '2000-01-01 00:00+08' and signed_off_at < timestamptz '2101-01-01 00:00+08')
);
comment on constraint service_requests_recused_bounded on public.service_requests is '回避人员最多 50 人 | At most 50 people recused';
comment on constraint service_requests_reclassify_reason_length on public.service_requests is '重新定性原因最多 500 字 | Reason for reclassifying: at most 500 characters';
comment on constraint service_requests_reclassified_at_range on public.service_requests is '重新定性时间须在 2000–2100 年之间 | Reclassified at: a date in the years 2000–2100';
comment on constraint service_requests_fault_kind_check on public.service_requests is '故障类别须为 紧急、一般 或 大修 | Fault kind: urgent, ordinary or major';
comment on constraint service_requests_fault_kind_repairs_only on public.service_requests is '只有报修有故障类别 | Only a repair has a fault kind';
comment on constraint service_requests_report_reason_length on public.service_requests is '备查原因最多 500 字 | Reason reported: at most 500 characters';
comment on constraint service_requests_investigation_length on public.service_requests is '调查核实情况最多 2000 字 | Findings: at most 2000 characters';
comment on constraint service_requests_handover_due_range on public.service_requests is '移交期限须在 2000–2100 年之间 | Hand over by: a date in the years 2000–2100';
comment on constraint service_requests_answer_due_range on public.service_requests is '首次答复期限须在 2000–2100 年之间 | First answer by: a date in the years 2000–2100';
comment on constraint service_requests_settle_due_range on public.service_requests is '办结期限须在 2000–2100 年之间 | Settle by: a date in the years 2000–2100';
comment on constraint service_requests_reported_at_range on public.service_requests is '报中心备查时间须在 2000–2100 年之间 | Reported to the centre at: a date in the years 2000–2100';
comment on constraint service_requests_investigate_due_range on public.service_requests is '调查核实期限须在 2000–2100 年之间 | Investigate by: a date in the years 2000–2100';
comment on constraint service_requests_investigated_at_range on public.service_requests is '调查核实时间须在 2000–2100 年之间 | Investigated at: a date in the years 2000–2100';
comment on constraint service_requests_complete_due_range on public.service_requests is '完工期限须在 2000–2100 年之间 | Complete by: a date in the years 2000–2100';
comment on constraint service_requests_code_length on public.service_requests is '工单号最多 40 字 | Number: at most 40 characters';
comment on constraint service_requests_caller_name_length on public.service_requests is '来电/来访人最多 100 字 | Caller: at most 100 characters';
comment on constraint service_requests_building_length on public.service_requests is '楼栋最多 40 字 | Building: at most 40 characters';
comment on constraint service_requests_unit_length on public.service_requests is '单元最多 40 字 | Unit: at most 40 characters';
comment on constraint service_requests_room_length on public.service_requests is '房号最多 40 字 | Room: at most 40 characters';
comment on constraint service_requests_resolution_length on public.service_requests is '处理结果最多 4000 字 | Resolution: at most 4000 characters';
comment on constraint service_requests_sent_back_reason_length on public.service_requests is '退回原因最多 500 字 | Reason sent back: at most 500 characters';
comment on constraint service_requests_evidence_length on public.service_requests is '证据最多 4000 字 | Evidence: at most 4000 characters';
comment on constraint service_requests_witnesses_length on public.service_requests is '证人最多 1000 字 | Witnesses: at most 1000 characters';
comment on constraint service_requests_reply_length on public.service_requests is '答复内容最多 4000 字 | Reply: at most 4000 characters';
comment on constraint service_requests_location_length on public.service_requests is '报修位置最多 200 字 | Location: at most 200 characters';
comment on constraint service_requests_fault_length on public.service_requests is '故障最多 2000 字 | Fault: at most 2000 characters';
comment on constraint service_requests_repairer_length on public.service_requests is '维修人最多 100 字 | Repairer: at most 100 characters';
comment on constraint service_requests_parts_length on public.service_requests is '更换配件最多 1000 字 | Parts: at most 1000 characters';
comment on constraint service_requests_cost_finite on public.service_requests is '费用必须是有限的数 | Cost: must be a finite number';
comment on constraint service_requests_received_at_range on public.service_requests is '受理时间须在 2000–2100 年之间 | Received at: a date in the years 2000–2100';
comment on constraint service_requests_closed_at_range on public.service_requests is '结案时间须在 2000–2100 年之间 | Closed at: a date in the years 2000–2100';
comment on constraint service_requests_sent_back_at_range on public.service_requests is '退回时间须在 2000–2100 年之间 | Sent back at: a date in the years 2000–2100';
comment on constraint service_requests_reply_due_range on public.service_requests is '答复期限须在 2000–2100 年之间 | Reply due: a date in the years 2000–2100';
comment on constraint service_requests_replied_at_range on public.service_requests is '答复时间须在 2000–2100 年之间 | Replied at: a date in the years 2000–2100';
comment on constraint service_requests_escalated_at_range on public.service_requests is '升级时间须在 2000–2100 年之间 | Escalated at: a date in the years 2000–2100';
comment on constraint service_requests_signed_off_at_range on public.service_requests is '签字时间须在 2000–2100 年之间 | Signed off at: a date in the years 2000–2100';
comment on table public.service_requests is '服务工单 | Service requests';
comment on column public.service_requests.code is '工单号 | Number';
comment on column public.service_requests.kind is '类型 | Kind';
comment on column public.service_requests.received_at is '受理时间 | Received at';
comment on column public.service_requests.channel is '渠道 | Channel';
comment on column public.service_requests.customer_id is '客户 | Customer';
comment on column public.service_requests.caller_name is '来电/来访人 | Caller';
comment on column public.service_requests.building is '楼栋 | Building';
comment on column public.service_requests.unit is '单元 | Unit';
comment on column public.service_requests.room is '房号 | Room';
comment on column public.service_requests.phone is '电话 | Phone';
comment on column public.service_requests.content is '内容 | Content';
comment on column public.service_requests.receiver_id is '首问责任人 | First receiver';
comment on column public.service_requests.receiver_department_id is '受理部门 | Receiving department';
comment on column public.service_requests.handler_id is '处理人 | Handler';
comment on column public.service_requests.handler_department_id is '处理人部门 | Handler department';
comment on column public.service_requests.department_id is '责任部门 | Responsible department';
comment on column public.service_requests.status is '状态 | Status';
comment on column public.service_requests.resolution is '处理结果 | Resolution';
comment on column public.service_requests.closed_at is '结案时间 | Closed at';
comment on column public.service_requests.reopened_count is '重新处理次数 | Times reopened';
comment on column public.service_requests.sent_back_reason is '退回原因 | Reason sent back';
comment on column public.service_requests.sent_back_at is '退回时间 | Sent back at';
comment on column public.service_requests.complaint_category is '投诉类别 | Complaint category';
comment on column public.service_requests.severity is '严重程度 | Severity';
comment on column public.service_requests.accused_operator_id is '被投诉人 | Person complained about';
comment on column public.service_requests.accused_department_id is '被投诉部门 | Department complained about';
comment on column public.service_requests.recused_operator_ids is '回避人员 | Recused';
comment on column public.service_requests.reclassified_by is '重新定性人 | Reclassified by';
comment on column public.service_requests.reclassified_at is '重新定性时间 | Reclassified at';
comment on column public.service_requests.reclassify_reason is '重新定性原因 | Reason for reclassifying';
comment on column public.service_requests.evidence is '证据 | Evidence';
comment on column public.service_requests.witnesses is '证人 | Witnesses';
comment on column public.service_requests.reply_due is '答复期限 | Reply due';
comment on column public.service_requests.replied_at is '答复时间 | Replied at';
comment on column public.service_requests.reply is '答复内容 | Reply';
comment on column public.service_requests.escalated_at is '升级时间 | Escalated at';
comment on column public.service_requests.handover_due is '移交期限（24 小时，节假日顺延） | Hand over by (24 hours, holidays extending)';
comment on column public.service_requests.answer_due is '首次答复期限（12 小时） | First answer by (12 hours)';
comment on column public.service_requests.settle_due is '办结期限（2 个工作日；物流投诉为处理意见期限） | Settle by (2 working days; a logistics complaint''s handling opinion)';
comment on column public.service_requests.reported_at is '报中心备查时间 | Reported to the centre at';
comment on column public.service_requests.reported_by is '报中心备查人 | Reported to the centre by';
comment on column public.service_requests.report_reason is '备查原因 | Reason reported to the centre';
comment on column public.service_requests.fault_kind is '故障类别（决定完工期限） | Fault kind (sets the completion deadline)';
comment on column public.service_requests.investigate_due is '调查核实期限（当天） | Investigate by (the same day)';
comment on column public.service_requests.investigated_at is '调查核实时间 | Investigated at';
comment on column public.service_requests.investigation is '调查核实情况 | Findings';
comment on column public.service_requests.complete_due is '完工期限 | Complete by';
comment on column public.service_requests.signed_off_by is '责任部门签字人 | Signed off by';
comment on column public.service_requests.signed_off_at is '签字时间 | Signed off at';
comment on column public.service_requests.malicious is '恶意投诉 | Malicious complaint';
comment on column public.service_requests.case_year is '案宗年度 | Case year';
comment on column public.service_requests.location is '报修位置 | Location';
comment on column public.service_requests.fault is '故障 | Fault';
comment on column public.service_requests.repairer is '维修人 | Repairer';
comment on column public.service_requests.warranty is '保修（保内/保外） | Warranty';
comment on column public.service_requests.parts is '更换配件 | Parts';
comment on column public.service_requests.cost is '费用（元） | Cost (yuan)';
comment on column public.service_requests.version is '版本 | Version';
comment on column public.service_requests.created_at is '创建时间 | Created at';
comment on column public.service_requests.updated_at is '修改时间 | Updated at';

create index service_requests_received_at_idx on public.service_requests (received_at desc);
create index service_requests_kind_status_idx on public.service_requests (kind, status);
create index service_requests_customer_id_idx on public.service_requests (customer_id);
create index service_requests_receiver_id_idx on public.service_requests (receiver_id);
create index service_requests_handler_id_idx on public.service_requests (handler_id);
create index service_requests_department_id_idx on public.service_requests (department_id);
create index service_requests_receiver_department_id_idx on public.service_requests (receiver_department_id);
create index service_requests_handler_department_id_idx on public.service_requests (handler_department_id);
create index service_requests_accused_operator_id_idx on public.service_requests (accused_operator_id);
create index service_requests_accused_department_id_idx on public.service_requests (accused_department_id);
create index service_requests_signed_off_by_idx on public.service_requests (signed_off_by);
create index service_requests_reclassified_by_idx on public.service_requests (reclassified_by);
create index service_requests_reported_by_idx on public.service_requests (reported_by);
create index service_requests_reply_overdue_idx on public.service_requests (reply_due) where kind = '投诉' and replied_at is null;

-- ── Rules on every write ─────────────────────────────────────────────────────────────────
create function private.complaint_reply_days(p_severity text) returns integer
language sql stable security definer set search_path = ''
as $$
  select private.setting_int(
    'complaint.reply_days.' || case p_severity when '重大' then 'major' when '严重' then 'serious' else 'ordinary' end,
    3)
$$;

-- Deadlines 时限, from settings rows and the business calendar (Asia/Shanghai days).
-- Hours are calendar hours. 节假日顺延 (001, the 24-hour handover), as read here: when the instant
-- N hours after receipt falls on a day that is not a working day (weekend or public holiday), the
-- deadline moves to the same hour of the next working day; a deadline that falls on a working day
-- stays where it is, even if the hours in between crossed a holiday.
create function private.request_deadline_after_hours(p_from timestamptz, p_hours integer) returns timestamptz
language sql stable security definer set search_path = ''
as $$
  select case when public.is_working_day(((p_from + make_interval(hours => p_hours)) at time zone 'Asia/Shanghai')::date)
              then p_from + make_interval(hours => p_hours)
              else (public.add_working_days(p_from + make_interval(hours => p_hours), 0)
                    + ((p_from + make_interval(hours => p_hours)) at time zone 'Asia/Shanghai')::time) at time zone 'Asia/Shanghai' end
$$;

-- The end (24:00, Beijing time) of the Nth working day after the day of p_from; N = 0: the end of
-- that day if it is a working day, else of the next working day (当天 on a holiday is the next working day).
create function private.request_deadline_end_of_working_day(p_from timestamptz, p_days integer) returns timestamptz
language sql stable security definer set search_path = ''
as $$
  select ((public.add_working_days(p_from, p_days) + 1)::timestamp) at time zone 'Asia/Shanghai'
$$;

-- A repair's completion deadline in working days, one settings row per fault kind
-- (repair.complete_working_days.urgent | ordinary | major).
create function private.repair_complete_working_days(p_fault_kind text) returns integer
language sql stable security definer set search_path = ''
as $$
  select private.setting_int(
    'repair.complete_working_days.' || case p_fault_kind when '紧急' then 'urgent' when '大修' then 'major' else 'ordinary' end,
    case p_fault_kind when '紧急' then 1 when '大修' then 10 else 3 end)
$$;

create function private.service_requests_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  -- The deadlines of a new request depend only on its received time, kind, complaint category
  -- and fault kind, the settings rows and the business calendar: an import files thousands of
  -- requests received at the same instant (now()), so they are worked out once per transaction
  -- and combination and remembered (one slot per combination of the known values, keyed by the
  -- values themselves and the calendar's and the settings' change counters, so a change to either
  -- in the same transaction starts afresh).
  deadline_key text;
  deadline_slot text;
  cached text;
  remembered text[];
  receiver_key text;
begin
  -- A restore puts the row back exactly as it was deleted (its receiver, state and clocks).
  if tg_op = 'INSERT' and coalesce(current_setting('taizhang.restoring', true), '') = 'on' then
    return new;
  end if;
  if tg_op = 'INSERT' then
    -- An administrator's historical import (public.import_history) keeps the paper record's
    -- receiver, state and stamps; the derived columns below are still filled where it left them empty.
    if not private.keeping_rows_as_given() then
      -- 首问责任: the receiver is whoever records the request; a client cannot name someone else.
      -- (worked out once per transaction and caller: an import files thousands of requests)
      receiver_key := concat(current_setting('request.jwt.claim.sub', true), chr(31), current_setting('request.jwt.claim', true), chr(31),
                             current_setting('request.jwt.claims', true));
      if current_setting('taizhang.request_receiver_key', true) is distinct from receiver_key then
        perform set_config('taizhang.request_receiver',
                           case when (select auth.uid()) is null then '' else coalesce(private.my_operator_id()::text, 'none') end, true);
        perform set_config('taizhang.request_receiver_key', receiver_key, true);
      end if;
      if current_setting('taizhang.request_receiver', true) <> '' then
        new.receiver_id := nullif(current_setting('taizhang.request_receiver', true), 'none')::uuid;
      end if;
      new.receiver_department_id := null;
      new.status := '受理';
      new.reopened_count := 0;
      new.sent_back_reason := null;
      new.sent_back_at := null;
      new.closed_at := null;
      new.escalated_at := null;
      new.signed_off_by := null;
      new.signed_off_at := null;
      new.replied_at := null;
      new.recused_operator_ids := '{}';
      new.reclassified_by := null;
      new.reclassified_at := null;
      new.reclassify_reason := null;
      new.reply_due := null;
      new.handover_due := null;
      new.answer_due := null;
      new.settle_due := null;
      new.reported_at := null;
      new.reported_by := null;
      new.report_reason := null;
      new.investigate_due := null;
      new.investigated_at := null;
      new.investigation := null;
      new.complete_due := null;
    end if;
    new.receiver_department_id := coalesce(new.receiver_department_id, (select o.department_id from public.operators o where o.id = new.receiver_id));
    new.case_year := coalesce(new.case_year, extract(year from new.received_at at time zone 'Asia/Shanghai')::integer);
  else
    if new.receiver_id is distinct from old.receiver_id or new.receiver_department_id is distinct from old.receiver_department_id then
      raise exception '首问责任人由系统记录，不能修改 | The first receiver is recorded by the system and cannot be changed' using errcode = '42501';
    end if;
    -- Status, closing and sign-off move only through the workflow functions.
    if coalesce(current_setting('taizhang.workflow', true), '') <> 'on'
       and ((new.status, new.closed_at, new.signed_off_by, new.signed_off_at, new.escalated_at, new.replied_at, new.reopened_count)
            is distinct from (old.status, old.closed_at, old.signed_off_by, old.signed_off_at, old.escalated_at, old.replied_at, old.reopened_count)) then
      raise exception '工单状态只能通过流程操作（派单、办结、退回、回访、签字、答复）改变 | The status moves only through the workflow (assign, resolve, send back, return visit, sign off, reply)' using errcode = '42501';
    end if;
  end if;
  -- Recusal survives every edit: once a complaint names someone, a person cannot edit it into
  -- another kind or category, or clear or swap the accused (and then assign it to him); only the
  -- director does, through reclassify_complaint (which alone sets taizhang.reclassifying), with a
  -- reason. A complaint naming no one leaves the complaints register (read narrowly) only by the
  -- responsible manager or the director.
  if tg_op = 'UPDATE' and old.kind = '投诉' and (select auth.uid()) is not null
     and coalesce(current_setting('taizhang.reclassifying', true), '') <> 'on' then
    if (old.accused_operator_id is not null or old.accused_department_id is not null)
       and (new.kind, new.complaint_category, new.accused_operator_id, new.accused_department_id)
           is distinct from (old.kind, old.complaint_category, old.accused_operator_id, old.accused_department_id) then
      raise exception '这件投诉已点名被投诉人：类型、投诉类别和被投诉人只能由客服中心主任通过“重新定性”修改，并记录原因 | This complaint names someone: only the director changes its kind, category or accused, by Reclassify with a reason'
        using errcode = '42501',
              column = case when new.kind is distinct from old.kind then 'kind'
                            when new.complaint_category is distinct from old.complaint_category then 'complaint_category'
                            when new.accused_operator_id is distinct from old.accused_operator_id then 'accused_operator_id'
                            else 'accused_department_id' end;
    end if;
    if new.kind <> '投诉' and not coalesce(private.may('complaints', 'approve', null, old.department_id), false) then
      raise exception '投诉改为其他类型须由责任部门经理或客服中心主任决定 | Only the responsible department''s manager or the director turns a complaint into another kind'
        using errcode = '42501', column = 'kind';
    end if;
  end if;
  -- Everyone ever named stays recused (the column is the database's: the guard refuses a client's edit).
  if new.accused_operator_id is not null and new.accused_operator_id <> all (new.recused_operator_ids) then
    new.recused_operator_ids := new.recused_operator_ids || new.accused_operator_id;
  end if;
  -- Severity sets the reply deadline: once recorded, only the responsible department's manager or
  -- the director changes it (a clerk would otherwise buy himself days).
  if tg_op = 'UPDATE' and new.severity is distinct from old.severity and (select auth.uid()) is not null
     and not coalesce(private.may('complaints', 'approve', null, old.department_id), false) then
    raise exception '“严重程度”决定答复期限，只能由责任部门经理或客服中心主任调整 | Severity sets the reply deadline: only the responsible department''s manager or the director changes it'
      using errcode = '42501', column = 'severity';
  end if;
  -- The fault kind sets the completion deadline: once recorded, only the responsible department's
  -- manager or the director changes it. A request that stops being a repair loses it.
  if tg_op = 'UPDATE' and new.kind = old.kind and new.fault_kind is distinct from old.fault_kind and (select auth.uid()) is not null
     and not coalesce(private.may('service_requests', 'approve', null, old.department_id), false) then
    raise exception '“故障类别”决定完工期限，只能由责任部门经理或客服中心主任调整 | Fault kind sets the completion deadline: only the responsible department''s manager or the director changes it'
      using errcode = '42501', column = 'fault_kind';
  end if;
  if new.kind = '报修' then
    new.fault_kind := coalesce(new.fault_kind, '一般');
  elsif tg_op = 'UPDATE' and new.kind is distinct from old.kind then
    new.fault_kind := null;
  end if;
  -- The deadlines (seeds 001, 000, 002), recomputed whenever what they depend on changes; an
  -- import keeps the ones the paper record gives. A report to the centre (备查) keeps its new settle-by.
  if tg_op = 'INSERT' and num_nonnulls(new.handover_due, new.answer_due, new.settle_due, new.investigate_due, new.complete_due) = 0 then
    deadline_key := concat(extract(epoch from new.received_at), '|', new.kind, '|', new.complaint_category, '|', new.fault_kind, '|',
                           current_setting('taizhang.calendar_epoch', true), '|', current_setting('taizhang.settings_epoch', true));
    deadline_slot := format('taizhang.request_deadlines_%s_%s_%s',
                            coalesce(array_position(array['咨询', '报修', '投诉', '求助', '建议'], new.kind), 0),
                            coalesce(array_position(array['产品质量', '服务质量', '物流', '申诉', '员工违纪'], new.complaint_category), 0),
                            coalesce(array_position(array['紧急', '一般', '大修'], new.fault_kind), 0));
    cached := current_setting(deadline_slot, true);
    if cached is not null and starts_with(cached, deadline_key || '=') then
      remembered := string_to_array(substr(cached, length(deadline_key) + 2), ',');
      -- (kept as microseconds since 1970, which no date style or time zone reads differently)
      new.handover_due := timestamptz '1970-01-01 00:00+00' + (nullif(remembered[1], '') || ' microseconds')::interval;
      new.answer_due := timestamptz '1970-01-01 00:00+00' + (nullif(remembered[2], '') || ' microseconds')::interval;
      new.settle_due := timestamptz '1970-01-01 00:00+00' + (nullif(remembered[3], '') || ' microseconds')::interval;
      new.investigate_due := timestamptz '1970-01-01 00:00+00' + (nullif(remembered[4], '') || ' microseconds')::interval;
      new.complete_due := timestamptz '1970-01-01 00:00+00' + (nullif(remembered[5], '') || ' microseconds')::interval;
    else
      -- (the same sums as below, for a new request that brings none of its own)
      new.handover_due := private.request_deadline_after_hours(new.received_at, private.setting_int('request.handover_hours', 24));
      if new.kind in ('咨询', '求助', '投诉') then
        new.answer_due := new.received_at + make_interval(hours => private.setting_int('request.answer_hours', 12));
        new.settle_due := private.request_deadline_end_of_working_day(new.received_at,
          case when new.complaint_category = '物流' then private.setting_int('complaint.logistics_opinion_working_days', 2)
               else private.setting_int('request.settle_working_days', 2) end);
      end if;
      if new.kind = '报修' then
        new.investigate_due := private.request_deadline_end_of_working_day(new.received_at, 0);
        new.complete_due := private.request_deadline_end_of_working_day(new.received_at, private.repair_complete_working_days(new.fault_kind));
      end if;
      perform set_config(deadline_slot, deadline_key || '=' || array_to_string(array[
          (extract(epoch from new.handover_due) * 1000000)::bigint, (extract(epoch from new.answer_due) * 1000000)::bigint,
          (extract(epoch from new.settle_due) * 1000000)::bigint, (extract(epoch from new.investigate_due) * 1000000)::bigint,
          (extract(epoch from new.complete_due) * 1000000)::bigint], ',', ''), true);
    end if;
  elsif tg_op = 'INSERT' or (new.received_at, new.kind, new.complaint_category, new.fault_kind)
                         is distinct from (old.received_at, old.kind, old.complaint_category, old.fault_kind) then
    -- 首问责任制: handed to the responsible department within 24 hours, holidays extending it.
    new.handover_due := coalesce(case when tg_op = 'INSERT' then new.handover_due end,
      private.request_deadline_after_hours(new.received_at, private.setting_int('request.handover_hours', 24)));
    -- Consultations (and queries), help and complaints: a first answer within 12 hours; settled
    -- within 2 working days or reported to the centre. A logistics complaint's handling opinion
    -- (002: 在第2个工作日完成处理意见) is due at the end of the 2nd working day after receipt.
    if new.kind in ('咨询', '求助', '投诉') then
      new.answer_due := coalesce(case when tg_op = 'INSERT' then new.answer_due end,
        new.received_at + make_interval(hours => private.setting_int('request.answer_hours', 12)));
      new.settle_due := coalesce(case when tg_op = 'INSERT' then new.settle_due
                                      when old.reported_at is not null then old.settle_due end,
        private.request_deadline_end_of_working_day(new.received_at,
          case when new.complaint_category = '物流' then private.setting_int('complaint.logistics_opinion_working_days', 2)
               else private.setting_int('request.settle_working_days', 2) end));
    else
      new.answer_due := null;
      new.settle_due := null;
    end if;
    -- Repairs: investigated the same day (000 当天进展调查、核实); completed within the working days
    -- the fault kind's settings row gives.
    if new.kind = '报修' then
      new.investigate_due := coalesce(case when tg_op = 'INSERT' then new.investigate_due end,
        private.request_deadline_end_of_working_day(new.received_at, 0));
      new.complete_due := coalesce(case when tg_op = 'INSERT' then new.complete_due end,
        private.request_deadline_end_of_working_day(new.received_at, private.repair_complete_working_days(new.fault_kind)));
    else
      new.investigate_due := null;
      new.complete_due := null;
    end if;
  end if;
  if new.kind = '投诉' and (tg_op = 'INSERT' or new.received_at is distinct from old.received_at or new.severity is distinct from old.severity) then
    new.reply_due := case when tg_op = 'INSERT' and new.reply_due is not null then new.reply_due -- (as imported)
                          else new.received_at + make_interval(days => private.complaint_reply_days(new.severity)) end;
  elsif new.kind <> '投诉' then
    new.reply_due := null;
  end if;
  if new.handler_id is distinct from (case when tg_op = 'UPDATE' then old.handler_id end) then
    select o.department_id into new.handler_department_id from public.operators o where o.id = new.handler_id;
  end if;
  if new.handler_id = any (new.recused_operator_ids) then
    raise exception '回避：被投诉人不能处理针对自己的投诉 | Recusal: the person complained about cannot handle it' using errcode = '42501', column = 'handler_id';
  end if;
  return new;
end
$$;

-- A serious (严重) or major (重大) complaint reaches the director at once, and the responsible
-- department's manager (003: 針對客戶較嚴重的投訴，客戶服務部應及時向客戶服務經理匯報), when it is
-- recorded or when it is re-graded to that severity; once per complaint and person, never to
-- anyone the complaint names.
create function private.service_requests_after_insert() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  person uuid;
begin
  if new.kind = '投诉' and new.severity in ('严重', '重大') and new.escalated_at is null and not private.keeping_rows_as_given()
     and (tg_op = 'INSERT' or new.severity is distinct from old.severity) then
    for person in select private.director_ids() union select private.manager_ids(new.department_id) loop
      continue when person = any (new.recused_operator_ids);
      perform private.notify(person, '投诉升级', format('%s投诉 %s 已受理，请立即关注 | %s complaint %s received: needs your attention now', new.severity, new.code, private.option_en(new.severity), new.code), left(new.content, 200),
        'service_requests', new.id::text, new.reply_due, 'complaint-escalated:' || new.id);
    end loop;
    perform set_config('taizhang.workflow', 'on', true);
    update public.service_requests set escalated_at = now() where id = new.id;
    perform set_config('taizhang.workflow', 'off', true);
  end if;
  return null;
end
$$;
revoke all on function private.complaint_reply_days(text), private.service_requests_before_write(), private.service_requests_after_insert(),
  private.request_deadline_after_hours(timestamptz, integer), private.request_deadline_end_of_working_day(timestamptz, integer),
  private.repair_complete_working_days(text) from public;

create trigger service_requests_before_write before insert or update on public.service_requests
  for each row execute function private.service_requests_before_write();
create trigger service_requests_after_insert after insert or update of severity on public.service_requests
  for each row execute function private.service_requests_after_insert();

-- ── RLS ──────────────────────────────────────────────────────────────────────────────────
alter table public.service_requests enable row level security;
revoke all on public.service_requests from anon;
grant select, insert, update, delete on public.service_requests to authenticated;
grant usage on sequence public.service_requests_code_seq to authenticated;

-- Recusal and discretion (不得告知不相关人员): the person a complaint names never reads it; a
-- complaint is read only by its receiver, its handler, those two's managers, director and gm.
-- Other requests are a department's shared register.
create function private.may_read_request(p_kind text, p_receiver uuid, p_handler uuid, p_recused uuid[],
  p_department uuid, p_receiver_department uuid, p_handler_department uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  with me as (select private.my_operator_id() as id, private.my_department_id() as department_id)
  -- coalesce: a missing scope is a no, never an unknown that a caller's "not" would turn into a yes.
  select coalesce(me.id is not null and me.id <> all (p_recused) and case
    when p_kind = '投诉' then
      p_receiver = me.id or p_handler = me.id
      or private.scope_for('complaints', 'read') = 'all'
      or (private.scope_for('complaints', 'read') = 'department'
          and me.department_id in (p_receiver_department, p_handler_department))
    else
      p_receiver = me.id or p_handler = me.id
      or private.scope_for('service_requests', 'read') = 'all'
      or (private.scope_for('service_requests', 'read') = 'department' and me.department_id in (p_department, p_receiver_department))
    end, false)
  from me
$$;
revoke all on function private.may_read_request(text, uuid, uuid, uuid[], uuid, uuid, uuid) from public;
grant execute on function private.may_read_request(text, uuid, uuid, uuid[], uuid, uuid, uuid) to authenticated, service_role;

-- Written out, not by private.create_register_policies: the kind picks the permission register
-- (complaints or service_requests), three department columns count, and recusal (everyone the
-- complaint has named) bars every action.
create policy service_requests_select on public.service_requests
  for select to authenticated using (
    (select private.my_operator_id()) <> all (recused_operator_ids)
    and (
      receiver_id = (select private.my_operator_id())
      or handler_id = (select private.my_operator_id())
      or (kind = '投诉' and (
            (select private.scope_for('complaints', 'read')) = 'all'
            or ((select private.scope_for('complaints', 'read')) = 'department'
                and (select private.my_department_id()) in (receiver_department_id, handler_department_id))))
      or (kind <> '投诉' and (
            (select private.scope_for('service_requests', 'read')) = 'all'
            or ((select private.scope_for('service_requests', 'read')) = 'department'
                and (select private.my_department_id()) in (department_id, receiver_department_id))))
    )
  );
-- (each register's scope a once-per-statement init plan, not a lookup per row: an import files thousands)
create policy service_requests_insert on public.service_requests
  for insert to authenticated with check (
    case when kind = '投诉' then (select private.scope_for('complaints', 'create'))
         else (select private.scope_for('service_requests', 'create')) end is not null
  );
create policy service_requests_update on public.service_requests
  for update to authenticated using (
    private.may_read_request(kind, receiver_id, handler_id, recused_operator_ids, department_id, receiver_department_id, handler_department_id)
  ) with check (
    (select private.my_operator_id()) <> all (recused_operator_ids)
    and (receiver_id = (select private.my_operator_id()) or handler_id = (select private.my_operator_id())
         or private.scope_for(case when kind = '投诉' then 'complaints' else 'service_requests' end, 'update') = 'all'
         or (private.scope_for(case when kind = '投诉' then 'complaints' else 'service_requests' end, 'update') = 'department'
             and (select private.my_department_id()) in (department_id, receiver_department_id, handler_department_id)))
  );
create policy service_requests_delete on public.service_requests
  for delete to authenticated using (
    status = '受理'
    and (select private.my_operator_id()) <> all (recused_operator_ids)
    and (private.scope_for(case when kind = '投诉' then 'complaints' else 'service_requests' end, 'delete') = 'all'
         or (private.scope_for(case when kind = '投诉' then 'complaints' else 'service_requests' end, 'delete') = 'department'
             and (select private.my_department_id()) in (department_id, receiver_department_id))
         or (private.scope_for(case when kind = '投诉' then 'complaints' else 'service_requests' end, 'delete') = 'own'
             and receiver_id = (select private.my_operator_id())))
  );

select private.register_table('public.service_requests');
-- The first receiver, the clock that chases the reply and the workflow state are the database's:
-- set on insert by the trigger above and moved only by the workflow functions (return_visits migration).
select private.declare_system_column('public.service_requests', c.name, c.why)
from (values
  ('code', '“工单号”由系统按顺序编号，不能指定或修改 | The number is assigned by the system in sequence'),
  ('received_at', '“受理时间”由系统在登记时记录，不能修改（它决定答复期限） | Received at is stamped when the request is recorded and cannot be edited (it sets the reply deadline)'),
  ('receiver_id', '“首问责任人”由系统记录为登记人 | The first receiver is whoever records the request'),
  ('receiver_department_id', '“受理部门”是首问责任人的部门 | The receiving department is the first receiver''s'),
  ('handler_id', '“处理人”只能通过“派单”指定 | The handler is named only by the Assign move'),
  ('handler_department_id', '“处理人部门”随处理人 | The handler''s department follows the handler'),
  ('status', '“状态”只能通过流程操作（派单、办结、退回、回访）改变 | The status moves only through the workflow (assign, resolve, send back, return visit)'),
  ('closed_at', '“结案时间”由流程记录 | Closed at is recorded by the workflow'),
  ('reopened_count', '“重新处理次数”由流程记录 | Times reopened is counted by the workflow'),
  ('reply_due', '“答复期限”由系统按受理时间和严重程度计算 | Reply due is computed from the received time and the severity'),
  ('handover_due', '“移交期限”由系统按受理时间计算（24 小时，节假日顺延） | Hand over by is computed from the received time (24 hours, holidays extending)'),
  ('answer_due', '“首次答复期限”由系统按受理时间计算 | First answer by is computed from the received time'),
  ('settle_due', '“办结期限”由系统按工作日计算，只能通过“报中心备查”延期 | Settle by is computed in working days and extended only by Report to the centre'),
  ('reported_at', '“报中心备查时间”只能通过“报中心备查”记录 | Reported at is recorded only by Report to the centre'),
  ('reported_by', '“报中心备查人”只能通过“报中心备查”记录 | Reported by is recorded only by Report to the centre'),
  ('report_reason', '“备查原因”只能通过“报中心备查”记录 | The reason is recorded only by Report to the centre'),
  ('investigate_due', '“调查核实期限”由系统按受理日计算 | Investigate by is computed from the day received'),
  ('investigated_at', '“调查核实时间”只能通过“调查核实”记录 | Investigated at is recorded only by the Investigated move'),
  ('investigation', '“调查核实情况”只能通过“调查核实”记录 | Findings are recorded only by the Investigated move'),
  ('complete_due', '“完工期限”由系统按故障类别计算 | Complete by is computed from the fault kind'),
  ('replied_at', '“答复时间”只能通过“答复”操作记录 | Replied at is recorded only by the Reply move'),
  ('escalated_at', '“升级时间”由系统记录 | Escalated at is recorded by the system'),
  ('signed_off_by', '“责任部门签字人”只能通过“签字认可”记录 | Signed off by is recorded only by the Sign-off move'),
  ('signed_off_at', '“签字时间”只能通过“签字认可”记录 | Signed off at is recorded only by the Sign-off move'),
  ('sent_back_reason', '“退回原因”只能通过“退回”操作记录 | The reason sent back is recorded only by the Send back move'),
  ('sent_back_at', '“退回时间”只能通过“退回”操作记录 | Sent back at is recorded only by the Send back move'),
  ('recused_operator_ids', '“回避人员”是投诉点名过的每一个人，由系统记录 | Everyone the complaint has named stays recused; recorded by the system'),
  ('reclassified_by', '“重新定性人”只能通过“重新定性”记录 | Reclassified by is recorded only by the Reclassify move'),
  ('reclassified_at', '“重新定性时间”只能通过“重新定性”记录 | Reclassified at is recorded only by the Reclassify move'),
  ('reclassify_reason', '“重新定性原因”只能通过“重新定性”记录 | The reason is recorded only by the Reclassify move')
) as c(name, why);

-- English labels of the options (电话 is labelled with the contacts).
select private.label_options('{
  "受理": "Received", "处理中": "In progress", "待回访": "Awaiting return visit", "已结案": "Closed",
  "咨询": "Enquiry", "报修": "Repair", "投诉": "Complaint", "求助": "Request for help", "建议": "Suggestion",
  "来访": "Walk-in", "书面": "In writing", "网络": "Online", "主管部门转办": "Referred by the authorities",
  "产品质量": "Product quality", "服务质量": "Service quality", "物流": "Logistics", "申诉": "Appeal", "员工违纪": "Staff misconduct",
  "一般": "Ordinary", "严重": "Serious", "重大": "Major", "紧急": "Urgent", "大修": "Major repair",
  "保内": "Under warranty", "保外": "Out of warranty"
}');

insert into public.permissions (role, register, action, scope, note) values
  ('clerk', 'service_requests', 'read', 'department', '本部门共享的工单台账'),
  ('clerk', 'service_requests', 'create', 'own', null),
  ('clerk', 'service_requests', 'update', 'own', '本人受理或处理的工单'),
  ('clerk', 'service_requests', 'delete', 'own', '仅未处理的本人受理工单'),
  ('clerk', 'complaints', 'read', 'own', '本人受理或处理的投诉'),
  ('clerk', 'complaints', 'create', 'own', null),
  ('clerk', 'complaints', 'update', 'own', null),
  ('manager', 'service_requests', 'read', 'department', null),
  ('manager', 'service_requests', 'create', 'own', null),
  ('manager', 'service_requests', 'update', 'department', null),
  ('manager', 'service_requests', 'delete', 'department', null),
  ('manager', 'service_requests', 'approve', 'department', '派单、签字认可'),
  ('manager', 'complaints', 'read', 'department', '受理人或处理人是本部门的投诉'),
  ('manager', 'complaints', 'create', 'own', null),
  ('manager', 'complaints', 'update', 'department', null),
  ('manager', 'complaints', 'approve', 'department', null),
  ('director', 'service_requests', 'read', 'all', null),
  ('director', 'service_requests', 'create', 'own', null),
  ('director', 'service_requests', 'update', 'all', null),
  ('director', 'service_requests', 'approve', 'all', null),
  ('director', 'complaints', 'read', 'all', null),
  ('director', 'complaints', 'create', 'own', null),
  ('director', 'complaints', 'update', 'all', null),
  ('director', 'complaints', 'approve', 'all', null),
  ('gm', 'service_requests', 'read', 'all', null),
  ('gm', 'complaints', 'read', 'all', null);

-- ── Screens (register declarations; its workflow moves are declared with their RPCs) ──────
select private.declare_register('public.service_requests', menu_group => 'service', menu_order => 30,
  print_title => '客户报修/投诉/求助记录 | Service request form', title_columns => array['code']);
select private.declare_column('public.service_requests', c.name, kind => 'longtext')
from unnest(array['content', 'resolution', 'evidence', 'witnesses', 'reply']) as c(name);
select private.declare_column('public.service_requests', 'phone', kind => 'phone');
select private.declare_column('public.service_requests', 'case_year', kind => 'code_number');
select private.declare_column('public.service_requests', 'cost', kind => 'money');

-- ── 重新定性 Reclassify: the one way to change what a naming complaint is ───────────────────
-- Once a complaint names someone, its kind, category and accused are the director's to change,
-- with a reason (kept on the row and in the audit log). Whoever was named stays recused: the
-- trigger above keeps every name in recused_operator_ids. A handler the new accused would be is
-- refused by the same trigger (recusal), so the director re-assigns first.
create function public.reclassify_complaint(request_id uuid, kind text, complaint_category text default null,
  accused_operator uuid default null, accused_department uuid default null, reason text default null)
returns public.service_requests
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  req public.service_requests;
begin
  select * into req from public.service_requests r where r.id = request_id for update;
  if req.id is null or not private.may_read_request(req.kind, req.receiver_id, req.handler_id, req.recused_operator_ids,
                                                     req.department_id, req.receiver_department_id, req.handler_department_id) then
    raise exception '工单不存在或无权查看 | No such request, or not visible to you' using errcode = 'PT404';
  end if;
  if (select private.scope_for('complaints', 'approve')) is distinct from 'all' then
    raise exception '只有客服中心主任可以重新定性投诉 | Only the director reclassifies a complaint' using errcode = '42501';
  end if;
  if req.kind <> '投诉' then
    raise exception '只有投诉可以重新定性 | Only a complaint is reclassified' using errcode = 'PT409';
  end if;
  if length(btrim(coalesce(reason, ''))) < 2 then
    raise exception '重新定性须写明原因 | Reclassifying needs a reason' using errcode = '23502', hint = 'reason';
  end if;
  if kind = '投诉' and complaint_category is null then
    raise exception '投诉须选择投诉类别 | A complaint needs its category' using errcode = '23502', hint = 'complaint_category';
  end if;
  if kind is distinct from '投诉' and (accused_operator is not null or accused_department is not null) then
    raise exception '只有投诉才有被投诉人 | Only a complaint names an accused' using errcode = '22023', hint = 'accused_operator';
  end if;
  if accused_operator is not null and accused_operator = req.handler_id then
    raise exception '回避：新的被投诉人正在处理这件投诉，请先改派 | Recusal: the new accused is handling this complaint; assign someone else first'
      using errcode = 'PT409', hint = 'accused_operator';
  end if;
  perform set_config('taizhang.reclassifying', 'on', true);
  update public.service_requests r
  set kind = reclassify_complaint.kind,
      complaint_category = case when reclassify_complaint.kind = '投诉' then reclassify_complaint.complaint_category end,
      severity = case when reclassify_complaint.kind = '投诉' then r.severity end,
      accused_operator_id = accused_operator,
      accused_department_id = accused_department,
      reclassified_by = private.my_operator_id(),
      reclassified_at = now(),
      reclassify_reason = btrim(reason)
  where r.id = req.id
  returning * into req;
  perform set_config('taizhang.reclassifying', 'off', true);
  return req;
end
$$;
comment on function public.reclassify_complaint(uuid, text, text, uuid, uuid, text) is '重新定性 | Reclassify a complaint';
revoke all on function public.reclassify_complaint(uuid, text, text, uuid, uuid, text) from public, anon;
grant execute on function public.reclassify_complaint(uuid, text, text, uuid, uuid, text) to authenticated;
