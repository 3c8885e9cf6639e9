-- Duty records 值班记录 and shift handover 交接班 (003 值班管理规定, 交接班管理规定), and leave from
-- duty 请假/替班.
--   值班记录: shift, person on duty, calls and visits received, events, major problems (发生重大问题，
--     立即上报客户服务中心主任: the director is told the moment a record with one is saved), the items
--     checked (电话、电脑、饮水机 …, the checklist in the settings row duty.checklist; damage or loss
--     explained by the outgoing person, 交班人员须说明原因并做好记录), outstanding matters (未尽事宜).
--   交接班: the incoming person signs in (接班人员提前5分钟到岗: arriving later than that before the
--     shift's end is flagged); he may refuse (四不接: 记录不清不接、卫生不洁不接、公物缺失不接、重大维修
--     未完不接) — the outgoing person stays on duty, the record stays open, the refusal is kept and the
--     director told; the outgoing person signs (交班人), then the incoming (接班人) (交接双方确认无误后，
--     在值班记录上签字 — 双方签字认可 covers the items' damage and loss too) and the record locks: no
--     edit by anyone, through any path; corrections only as addenda (补记).
--   请假/替班: 值班期间有事外出，须向客户服务中心主任请假，经批准，有人替班后方可离开；擅自离岗按旷工处理.

insert into public.settings (key, value, label) values
  ('duty.checklist', '["电话", "电脑", "饮水机", "对讲机", "钥匙", "值班记录本"]',
   '交接班清点物品 | Items checked at handover'),
  ('duty.arrive_early_minutes', '5', '接班人员提前到岗分钟数 | Minutes the incoming person arrives before the shift ends');
alter table public.settings add constraint settings_duty_checklist_shape check (key <> 'duty.checklist'
  or (jsonb_typeof(value) = 'array' and jsonb_array_length(value) between 1 and 30));
comment on constraint settings_duty_checklist_shape on public.settings is '交接班清点物品须为 1–30 项的列表 | Items checked at handover: a list of 1–30 items';
alter table public.settings add constraint settings_duty_arrive_early_range check (key <> 'duty.arrive_early_minutes'
  or (jsonb_typeof(value) = 'number' and value::text::numeric between 0 and 120));
comment on constraint settings_duty_arrive_early_range on public.settings is '提前到岗分钟数须为 0–120 | Minutes early: 0–120';

create table public.duty_records (
  id uuid primary key default gen_random_uuid(),
  duty_date date not null default ((now() at time zone 'Asia/Shanghai')::date),
  shift_id uuid not null references public.duty_shifts (id),
  on_duty_id uuid not null default private.my_operator_id() references public.operators (id),
  department_id uuid references public.departments (id),
  calls_received integer not null default 0,
  visits_received integer not null default 0,
  events text,
  major_problem text,
  outstanding text,
  status text not null default '值班中',
  incoming_id uuid references public.operators (id),
  arrived_at timestamptz,
  arrived_late boolean,
  refusal_reason text,
  refusal_note text,
  refused_at timestamptz,
  out_signed_at timestamptz,
  in_signed_at timestamptz,
  major_reported_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint duty_records_duty_date_range check (duty_date >= date '2000-01-01' and duty_date < date '2101-01-01'),
  constraint duty_records_calls_range check (calls_received between 0 and 10000),
  constraint duty_records_visits_range check (visits_received between 0 and 10000),
  constraint duty_records_events_length check (char_length(events) <= 4000),
  constraint duty_records_major_problem_length check (char_length(major_problem) <= 2000),
  constraint duty_records_outstanding_length check (char_length(outstanding) <= 2000),
  constraint duty_records_status_check check (status in ('值班中', '待接班', '已交接')),
  constraint duty_records_refusal_reason_check check (refusal_reason in ('记录不清不接', '卫生不洁不接', '公物缺失不接', '重大维修未完不接')),
  constraint duty_records_refusal_note_length check (char_length(refusal_note) <= 500),
  constraint duty_records_arrived_at_range check (arrived_at >= timestamptz '2000-01-01 00:00+08' and arrived_at < timestamptz '2101-01-01 00:00+08'),
  constraint duty_records_refused_at_range check (refused_at >= timestamptz '2000-01-01 00:00+08' and refused_at < timestamptz '2101-01-01 00:00+08'),
  constraint duty_records_out_signed_at_range check (out_signed_at >= timestamptz '2000-01-01 00:00+08' and out_signed_at < timestamptz '2101-01-01 00:00+08'),
  constraint duty_records_in_signed_at_range check (in_signed_at >= timestamptz '2000-01-01 00:00+08' and in_signed_at < timestamptz '2101-01-01 00:00+08'),
  constraint duty_records_major_reported_at_range check (major_reported_at >= timestamptz '2000-01-01 00:00+08' and major_reported_at < timestamptz '2101-01-01 00:00+08'),
  constraint duty_records_incoming_not_outgoing check (incoming_id is distinct from on_duty_id)
);
comment on constraint duty_records_duty_date_range on public.duty_records is '值班日期须在 2000–2100 年之间 | Duty date: a date in the years 2000–2100';
comment on constraint duty_records_calls_range on public.duty_records is '接听电话数须在 0–10000 之间 | Calls received: 0–10000';
comment on constraint duty_records_visits_range on public.duty_records is '接待来访数须在 0–10000 之间 | Visits received: 0–10000';
comment on constraint duty_records_events_length on public.duty_records is '值班情况最多 4000 字 | Events: at most 4000 characters';
comment on constraint duty_records_major_problem_length on public.duty_records is '重大问题最多 2000 字 | Major problem: at most 2000 characters';
comment on constraint duty_records_outstanding_length on public.duty_records is '未尽事宜最多 2000 字 | Outstanding matters: at most 2000 characters';
comment on constraint duty_records_status_check on public.duty_records is '状态须为 值班中、待接班 或 已交接 | Status: on duty, awaiting the incoming person, or handed over';
comment on constraint duty_records_refusal_reason_check on public.duty_records is '拒接理由须为四不接之一 | The refusal must be one of the four';
comment on constraint duty_records_refusal_note_length on public.duty_records is '拒接说明最多 500 字 | Refusal note: at most 500 characters';
comment on constraint duty_records_arrived_at_range on public.duty_records is '到岗时间须在 2000–2100 年之间 | Arrived at: a date in the years 2000–2100';
comment on constraint duty_records_refused_at_range on public.duty_records is '拒接时间须在 2000–2100 年之间 | Refused at: a date in the years 2000–2100';
comment on constraint duty_records_out_signed_at_range on public.duty_records is '交班签字时间须在 2000–2100 年之间 | Outgoing signed at: a date in the years 2000–2100';
comment on constraint duty_records_in_signed_at_range on public.duty_records is '接班签字时间须在 2000–2100 年之间 | Incoming signed at: a date in the years 2000–2100';
comment on constraint duty_records_major_reported_at_range on public.duty_records is '上报时间须在 2000–2100 年之间 | Reported at: a date in the years 2000–2100';
comment on constraint duty_records_incoming_not_outgoing on public.duty_records is '接班人不能是交班人本人 | The incoming person cannot be the outgoing one';
comment on table public.duty_records is '值班记录 | Duty records';
comment on column public.duty_records.duty_date is '值班日期 | Duty date';
comment on column public.duty_records.shift_id is '班次 | Shift';
comment on column public.duty_records.on_duty_id is '值班人（交班人） | On duty (outgoing)';
comment on column public.duty_records.department_id is '部门 | Department';
comment on column public.duty_records.calls_received is '接听电话 | Calls received';
comment on column public.duty_records.visits_received is '接待来访 | Visits received';
comment on column public.duty_records.events is '值班情况 | Events';
comment on column public.duty_records.major_problem is '重大问题 | Major problem';
comment on column public.duty_records.outstanding is '未尽事宜 | Outstanding matters';
comment on column public.duty_records.status is '状态 | Status';
comment on column public.duty_records.incoming_id is '接班人 | Incoming';
comment on column public.duty_records.arrived_at is '接班到岗时间 | Incoming arrived at';
comment on column public.duty_records.arrived_late is '接班迟到 | Incoming late';
comment on column public.duty_records.refusal_reason is '拒接理由 | Refusal';
comment on column public.duty_records.refusal_note is '拒接说明 | Refusal note';
comment on column public.duty_records.refused_at is '拒接时间 | Refused at';
comment on column public.duty_records.out_signed_at is '交班签字时间 | Outgoing signed at';
comment on column public.duty_records.in_signed_at is '接班签字时间 | Incoming signed at';
comment on column public.duty_records.major_reported_at is '重大问题上报时间 | Major problem reported at';
comment on column public.duty_records.version is '版本 | Version';
comment on column public.duty_records.created_at is '创建时间 | Created at';
comment on column public.duty_records.updated_at is '修改时间 | Updated at';

create index duty_records_shift_id_idx on public.duty_records (shift_id);
create index duty_records_on_duty_id_idx on public.duty_records (on_duty_id);
create index duty_records_department_id_idx on public.duty_records (department_id);
create index duty_records_incoming_id_idx on public.duty_records (incoming_id);
create index duty_records_duty_date_idx on public.duty_records (duty_date);

-- The items checked at handover (清点物品), one row per item of the checklist.
create table public.duty_record_items (
  id uuid primary key default gen_random_uuid(),
  record_id uuid not null references public.duty_records (id) on delete cascade,
  item text not null,
  condition text not null default '完好',
  explanation text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint duty_record_items_record_item_key unique (record_id, item),
  constraint duty_record_items_item_length check (char_length(btrim(item)) between 1 and 50),
  constraint duty_record_items_condition_check check (condition in ('完好', '损坏', '缺失')),
  constraint duty_record_items_explanation_length check (char_length(explanation) <= 500),
  constraint duty_record_items_damage_explained check (condition = '完好' or char_length(btrim(coalesce(explanation, ''))) >= 2)
);
comment on constraint duty_record_items_record_item_key on public.duty_record_items is '同一物品在一份值班记录中只清点一次 | An item is checked once per record';
comment on constraint duty_record_items_item_length on public.duty_record_items is '物品名称 1–50 字 | Item: 1–50 characters';
comment on constraint duty_record_items_condition_check on public.duty_record_items is '清点结果须为 完好、损坏 或 缺失 | Condition: intact, damaged or missing';
comment on constraint duty_record_items_explanation_length on public.duty_record_items is '原因说明最多 500 字 | Explanation: at most 500 characters';
comment on constraint duty_record_items_damage_explained on public.duty_record_items is '物品损坏或缺失，交班人员须说明原因 | A damaged or missing item needs the outgoing person''s explanation';
comment on table public.duty_record_items is '交接清点物品 | Items checked at handover';
comment on column public.duty_record_items.record_id is '值班记录 | Duty record';
comment on column public.duty_record_items.item is '物品 | Item';
comment on column public.duty_record_items.condition is '清点结果 | Condition';
comment on column public.duty_record_items.explanation is '损坏/缺失原因 | Explanation';
comment on column public.duty_record_items.version is '版本 | Version';
comment on column public.duty_record_items.created_at is '创建时间 | Created at';
comment on column public.duty_record_items.updated_at is '修改时间 | Updated at';
create index duty_record_items_record_id_idx on public.duty_record_items (record_id);

-- The refusals of a handover (四不接), kept: written only by the Refuse move.
create table public.duty_handover_refusals (
  id uuid primary key default gen_random_uuid(),
  record_id uuid not null references public.duty_records (id) on delete cascade,
  reason text not null,
  note text,
  refused_by uuid not null references public.operators (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint duty_handover_refusals_reason_check check (reason in ('记录不清不接', '卫生不洁不接', '公物缺失不接', '重大维修未完不接')),
  constraint duty_handover_refusals_note_length check (char_length(note) <= 500)
);
comment on constraint duty_handover_refusals_reason_check on public.duty_handover_refusals is '拒接理由须为四不接之一 | The refusal must be one of the four';
comment on constraint duty_handover_refusals_note_length on public.duty_handover_refusals is '拒接说明最多 500 字 | Note: at most 500 characters';
comment on table public.duty_handover_refusals is '交接拒接记录 | Handover refusals';
comment on column public.duty_handover_refusals.record_id is '值班记录 | Duty record';
comment on column public.duty_handover_refusals.reason is '拒接理由 | Refusal';
comment on column public.duty_handover_refusals.note is '拒接说明 | Note';
comment on column public.duty_handover_refusals.refused_by is '拒接人 | Refused by';
comment on column public.duty_handover_refusals.version is '版本 | Version';
comment on column public.duty_handover_refusals.created_at is '拒接时间 | Refused at';
comment on column public.duty_handover_refusals.updated_at is '修改时间 | Updated at';
create index duty_handover_refusals_record_id_idx on public.duty_handover_refusals (record_id);
create index duty_handover_refusals_refused_by_idx on public.duty_handover_refusals (refused_by);

-- Addenda (补记) to a locked record: insert only.
create table public.duty_record_addenda (
  id uuid primary key default gen_random_uuid(),
  record_id uuid not null references public.duty_records (id) on delete cascade,
  body text not null,
  written_by uuid not null default private.my_operator_id() references public.operators (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint duty_record_addenda_body_length check (char_length(btrim(body)) between 2 and 2000)
);
comment on constraint duty_record_addenda_body_length on public.duty_record_addenda is '补记内容 2–2000 字 | Addendum: 2–2000 characters';
comment on table public.duty_record_addenda is '值班记录补记 | Duty record addenda';
comment on column public.duty_record_addenda.record_id is '值班记录 | Duty record';
comment on column public.duty_record_addenda.body is '补记内容 | Addendum';
comment on column public.duty_record_addenda.written_by is '补记人 | Written by';
comment on column public.duty_record_addenda.version is '版本 | Version';
comment on column public.duty_record_addenda.created_at is '补记时间 | Written at';
comment on column public.duty_record_addenda.updated_at is '修改时间 | Updated at';
create index duty_record_addenda_record_id_idx on public.duty_record_addenda (record_id);
create index duty_record_addenda_written_by_idx on public.duty_record_addenda (written_by);

-- Leave from duty 请假/替班, and leaving without leave (擅自离岗, recorded by the director or a manager).
create table public.duty_leaves (
  id uuid primary key default gen_random_uuid(),
  kind text not null default '请假',
  operator_id uuid not null default private.my_operator_id() references public.operators (id),
  department_id uuid references public.departments (id),
  duty_date date not null,
  shift_id uuid not null references public.duty_shifts (id),
  leave_from timestamptz not null,
  leave_until timestamptz not null,
  reason text not null,
  substitute_id uuid references public.operators (id),
  status text not null default '待审批',
  recorded_by uuid references public.operators (id),
  approver_id uuid references public.operators (id),
  decided_at timestamptz,
  decision_note text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint duty_leaves_kind_check check (kind in ('请假', '擅自离岗')),
  constraint duty_leaves_status_check check (status in ('待审批', '已批准', '已驳回', '旷工')),
  constraint duty_leaves_duty_date_range check (duty_date >= date '2000-01-01' and duty_date < date '2101-01-01'),
  constraint duty_leaves_leave_from_range check (leave_from >= timestamptz '2000-01-01 00:00+08' and leave_from < timestamptz '2101-01-01 00:00+08'),
  constraint duty_leaves_leave_until_range check (leave_until >= timestamptz '2000-01-01 00:00+08' and leave_until < timestamptz '2101-01-01 00:00+08'),
  constraint duty_leaves_period_order check (leave_until > leave_from),
  constraint duty_leaves_reason_length check (char_length(btrim(reason)) between 2 and 1000),
  constraint duty_leaves_decision_note_length check (char_length(decision_note) <= 1000),
  constraint duty_leaves_decided_at_range check (decided_at >= timestamptz '2000-01-01 00:00+08' and decided_at < timestamptz '2101-01-01 00:00+08'),
  -- 有人替班后方可离开: a leave names its substitute, someone else
  constraint duty_leaves_substitute_named check (kind <> '请假' or substitute_id is not null),
  constraint duty_leaves_substitute_not_self check (substitute_id is distinct from operator_id)
);
comment on constraint duty_leaves_kind_check on public.duty_leaves is '类型须为 请假 或 擅自离岗 | Kind: leave or left without leave';
comment on constraint duty_leaves_status_check on public.duty_leaves is '状态须为 待审批、已批准、已驳回 或 旷工 | Status: awaiting approval, approved, rejected or absent';
comment on constraint duty_leaves_duty_date_range on public.duty_leaves is '值班日期须在 2000–2100 年之间 | Duty date: a date in the years 2000–2100';
comment on constraint duty_leaves_leave_from_range on public.duty_leaves is '离岗时间须在 2000–2100 年之间 | Leaves at: a date in the years 2000–2100';
comment on constraint duty_leaves_leave_until_range on public.duty_leaves is '返岗时间须在 2000–2100 年之间 | Back at: a date in the years 2000–2100';
comment on constraint duty_leaves_period_order on public.duty_leaves is '返岗时间须晚于离岗时间 | Back after leaving';
comment on constraint duty_leaves_reason_length on public.duty_leaves is '事由 2–1000 字 | Reason: 2–1000 characters';
comment on constraint duty_leaves_decision_note_length on public.duty_leaves is '审批意见最多 1000 字 | Decision note: at most 1000 characters';
comment on constraint duty_leaves_decided_at_range on public.duty_leaves is '审批时间须在 2000–2100 年之间 | Decided at: a date in the years 2000–2100';
comment on constraint duty_leaves_substitute_named on public.duty_leaves is '值班期间外出须有人替班：请填写替班人 | Leaving duty needs a substitute: name who stands in';
comment on constraint duty_leaves_substitute_not_self on public.duty_leaves is '替班人不能是本人 | The substitute must be someone else';
comment on table public.duty_leaves is '值班请假/替班 | Leave from duty';
comment on column public.duty_leaves.kind is '类型 | Kind';
comment on column public.duty_leaves.operator_id is '值班人员 | On duty';
comment on column public.duty_leaves.department_id is '部门 | Department';
comment on column public.duty_leaves.duty_date is '值班日期 | Duty date';
comment on column public.duty_leaves.shift_id is '班次 | Shift';
comment on column public.duty_leaves.leave_from is '离岗时间 | Leaves at';
comment on column public.duty_leaves.leave_until is '返岗时间 | Back at';
comment on column public.duty_leaves.reason is '事由 | Reason';
comment on column public.duty_leaves.substitute_id is '替班人 | Substitute';
comment on column public.duty_leaves.status is '状态 | Status';
comment on column public.duty_leaves.recorded_by is '登记人 | Recorded by';
comment on column public.duty_leaves.approver_id is '批准人 | Decided by';
comment on column public.duty_leaves.decided_at is '审批时间 | Decided at';
comment on column public.duty_leaves.decision_note is '审批意见 | Decision note';
comment on column public.duty_leaves.version is '版本 | Version';
comment on column public.duty_leaves.created_at is '创建时间 | Created at';
comment on column public.duty_leaves.updated_at is '修改时间 | Updated at';
create index duty_leaves_operator_id_idx on public.duty_leaves (operator_id);
create index duty_leaves_department_id_idx on public.duty_leaves (department_id);
create index duty_leaves_shift_id_idx on public.duty_leaves (shift_id);
create index duty_leaves_substitute_id_idx on public.duty_leaves (substitute_id);
create index duty_leaves_recorded_by_idx on public.duty_leaves (recorded_by);
create index duty_leaves_approver_id_idx on public.duty_leaves (approver_id);

alter table public.duty_records enable row level security;
alter table public.duty_record_items enable row level security;
alter table public.duty_handover_refusals enable row level security;
alter table public.duty_record_addenda enable row level security;
alter table public.duty_leaves enable row level security;
revoke all on public.duty_records, public.duty_record_items, public.duty_handover_refusals, public.duty_record_addenda, public.duty_leaves from anon;
grant select, insert, update, delete on public.duty_records, public.duty_record_items, public.duty_leaves to authenticated;
-- Refusals are written by the Refuse move only; addenda are insert-only.
revoke insert, update, delete on public.duty_handover_refusals from authenticated;
revoke update, delete on public.duty_record_addenda from authenticated;
grant select on public.duty_handover_refusals to authenticated;
grant select, insert on public.duty_record_addenda to authenticated;

select private.register_table('public.duty_records');
select private.register_table('public.duty_record_items');
select private.register_table('public.duty_handover_refusals');
select private.register_table('public.duty_record_addenda');
select private.register_table('public.duty_leaves');
select private.label_options('{
  "值班中": "On duty", "待接班": "Awaiting the incoming person", "已交接": "Handed over",
  "记录不清不接": "Record unclear", "卫生不洁不接": "Not clean", "公物缺失不接": "Property missing", "重大维修未完不接": "Major repair unfinished",
  "完好": "Intact", "损坏": "Damaged", "缺失": "Missing",
  "请假": "Leave", "擅自离岗": "Left without leave", "旷工": "Absent without leave"
}');

-- ── Rules ────────────────────────────────────────────────────────────────────────────────
-- When the shift of a record ends (Beijing time; 24:00 is the next midnight).
create function private.duty_shift_end(p_date date, p_shift uuid) returns timestamptz
language sql stable security definer set search_path = ''
as $$
  select ((p_date + s.ends_at) at time zone 'Asia/Shanghai') from public.duty_shifts s where s.id = p_shift
$$;

-- The caller may sign in for / refuse / take over this record: a duty taker who is not the outgoing person.
create function private.may_take_over_duty(p_record uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select r.status in ('值班中', '待接班') and r.on_duty_id <> private.my_operator_id()
                          and (r.incoming_id is null or r.incoming_id = private.my_operator_id())
                   from public.duty_records r where r.id = p_record), false)
     and private.scope_for('duty_records', 'create') is not null
$$;

-- The caller may write an addendum to the record: one of its two people, or a manager of duty.
create function private.may_add_duty_addendum(p_record uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select r.status = '已交接'
                          and (private.my_operator_id() in (r.on_duty_id, r.incoming_id)
                               or private.may('duty_records', 'approve', null, r.department_id))
                   from public.duty_records r where r.id = p_record), false)
$$;

create function private.duty_moving() returns boolean
language sql stable set search_path = ''
as $$
  select coalesce(current_setting('taizhang.duty_move', true), '') = 'on'
$$;

create function private.duty_records_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  me public.operators;
  changed text;
  director uuid;
begin
  if tg_op = 'DELETE' then
    if (old.status <> '值班中' or old.out_signed_at is not null) and not private.duty_moving() then
      raise exception '值班记录已“%”，不能删除；更正请添加补记 | The duty record is %: it cannot be deleted; add an addendum to correct it', old.status, old.status
        using errcode = 'PT409', column = 'status';
    end if;
    return old;
  end if;
  if tg_op = 'INSERT' then
    if new.status <> '值班中' and private.keeping_rows_as_given() and coalesce(current_setting('taizhang.importing_history', true), '') <> 'on' then
      raise exception '已交接签字的值班记录不能从回收站恢复 | A signed duty record cannot be restored from the recycle bin'
        using errcode = 'PT409', column = 'status';
    end if;
    if (select auth.uid()) is not null then
      new.on_duty_id := private.my_operator_id();
    end if;
    select * into me from public.operators o where o.id = new.on_duty_id;
    if me.id is null or not me.active then
      raise exception '值班人须是在岗操作员 | The person on duty must be an active operator' using errcode = '42501', column = 'on_duty_id';
    end if;
    new.department_id := me.department_id;
  elsif not private.duty_moving() then
    -- UPDATE by a person: a locked record never changes; once the outgoing person has signed its
    -- content waits for the incoming person (who signs or refuses).
    select c into changed from jsonb_object_keys(to_jsonb(new)) c
    where c not in ('version', 'updated_at') and to_jsonb(new) -> c is distinct from to_jsonb(old) -> c
    order by c limit 1;
    if changed is not null and old.status = '已交接' then
      raise exception '值班记录已由交接双方签字，已锁定，不能修改；更正请添加补记 | The duty record is signed by both and locked: it cannot be changed; add an addendum to correct it'
        using errcode = 'PT409', column = changed;
    elsif changed is not null and old.status = '待接班' then
      raise exception '交班人已签字，值班记录等待接班人签字或拒接，不能修改 | The outgoing person has signed: the record awaits the incoming person and cannot be changed'
        using errcode = 'PT409', column = changed;
    end if;
  end if;
  -- 发生重大问题，立即上报客户服务中心主任: the moment it is saved.
  if char_length(btrim(coalesce(new.major_problem, ''))) > 0
     and (tg_op = 'INSERT' or new.major_problem is distinct from old.major_problem)
     and not private.keeping_rows_as_given() then
    new.major_reported_at := now();
    for director in select d from private.director_ids() d loop
      perform private.notify(director, '值班上报',
        format('值班重大问题（%s %s，%s） | Major problem on duty (%s, shift %s, %s)', new.duty_date,
               (select s.name from public.duty_shifts s where s.id = new.shift_id),
               (select o.name from public.operators o where o.id = new.on_duty_id),
               new.duty_date, (select to_char(s.starts_at, 'HH24:MI') || '–' || to_char(s.ends_at, 'HH24:MI') from public.duty_shifts s where s.id = new.shift_id),
               (select o.name from public.operators o where o.id = new.on_duty_id)),
        new.major_problem, 'duty_records', new.id::text, now(),
        'duty-major:' || new.id || ':' || md5(new.major_problem) || ':' || director);
    end loop;
  end if;
  return new;
end
$$;

-- Each new record gets the checklist's items to check (from the settings row duty.checklist).
create function private.duty_records_after_insert() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if private.keeping_rows_as_given() then
    return null;
  end if;
  insert into public.duty_record_items (record_id, item)
  select new.id, left(btrim(x), 50)
  from jsonb_array_elements_text(coalesce((select s.value from public.settings s where s.key = 'duty.checklist' and jsonb_typeof(s.value) = 'array'),
                                          '["电话", "电脑", "饮水机"]'::jsonb)) x
  where char_length(btrim(x)) > 0
  on conflict (record_id, item) do nothing;
  return null;
end
$$;

-- Items change with their record, while it is on duty (值班中) — not once signed, not even restored.
create function private.duty_record_items_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  rec public.duty_records;
begin
  if private.duty_moving() then
    return case when tg_op = 'DELETE' then old else new end;
  end if;
  if tg_op = 'UPDATE' and new.record_id is distinct from old.record_id then
    raise exception '清点物品不能移到另一份值班记录 | An item cannot move to another record' using errcode = '42501', column = 'record_id';
  end if;
  select * into rec from public.duty_records r where r.id = case when tg_op = 'DELETE' then old.record_id else new.record_id end;
  if tg_op = 'DELETE' and rec.id is null then
    return old; -- (the record itself is being deleted)
  end if;
  if tg_op <> 'DELETE' and new.condition <> '完好' and char_length(btrim(coalesce(new.explanation, ''))) < 2 then
    raise exception '物品“%”%，交班人员须说明原因 | % is %: the outgoing person explains why', new.item, new.condition, new.item,
      case new.condition when '损坏' then 'damaged' else 'missing' end using errcode = '23514', column = 'explanation';
  end if;
  if rec.status = '已交接' then
    raise exception '值班记录已由交接双方签字，已锁定，清点物品不能再增删改；更正请添加补记 | The duty record is signed by both and locked: its items cannot change; add an addendum to correct it'
      using errcode = 'PT409', column = case when tg_op = 'DELETE' then 'record_id' else 'condition' end;
  elsif rec.status = '待接班' then
    raise exception '交班人已签字，清点物品不能再修改 | The outgoing person has signed: the items cannot change'
      using errcode = 'PT409', column = case when tg_op = 'DELETE' then 'record_id' else 'condition' end;
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;

create function private.duty_record_addenda_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'DELETE' and (private.duty_moving() or not exists (select 1 from public.duty_records r where r.id = old.record_id)) then
    return old; -- (the console's cleanup, or the record itself deleted)
  end if;
  if tg_op <> 'INSERT' then
    raise exception '补记一经写入不能修改或删除 | An addendum, once written, is never changed or deleted' using errcode = 'PT409', column = 'body';
  end if;
  if private.keeping_rows_as_given() then
    return new;
  end if;
  if (select auth.uid()) is not null then
    new.written_by := private.my_operator_id();
    if not exists (select 1 from public.duty_records r where r.id = new.record_id and r.status = '已交接') then
      raise exception '值班记录尚未交接签字：请直接修改记录，补记用于签字后的更正 | The record is not signed yet: change it directly; addenda correct a signed record'
        using errcode = 'PT409', column = 'record_id';
    end if;
    if not private.may_add_duty_addendum(new.record_id) then
      raise exception '只有交接双方或值班经理、部门经理、客户服务中心主任可以补记 | Only the two people of the handover or a manager adds an addendum'
        using errcode = '42501', column = 'record_id';
    end if;
  end if;
  return new;
end
$$;

create function private.duty_leaves_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  person public.operators;
  director uuid;
begin
  if tg_op = 'DELETE' then
    if old.status <> '待审批' and not private.duty_moving() then
      raise exception '已审批的请假记录不能删除 | A decided leave cannot be deleted' using errcode = 'PT409', column = 'status';
    end if;
    return old;
  end if;
  new.department_id := (select o.department_id from public.operators o where o.id = new.operator_id);
  if private.duty_moving() or private.keeping_rows_as_given() then
    return new;
  end if;
  if tg_op = 'UPDATE' then
    if old.status <> '待审批' and (to_jsonb(new) - array['version', 'updated_at']) is distinct from (to_jsonb(old) - array['version', 'updated_at']) then
      raise exception '请假已“%”，不能再修改 | The leave is %: it cannot be changed', old.status, old.status using errcode = 'PT409', column = 'reason';
    end if;
    if new.kind is distinct from old.kind or new.operator_id is distinct from old.operator_id then
      raise exception '类型和值班人员不能修改 | The kind and the person cannot be changed' using errcode = '42501', column = 'kind';
    end if;
  end if;
  if tg_op = 'INSERT' and (select auth.uid()) is not null then
    new.recorded_by := private.my_operator_id();
    if new.kind = '请假' then
      new.operator_id := private.my_operator_id();
      new.status := '待审批';
    else
      -- 擅自离岗按旷工处理: recorded by the director or a manager of duty, about someone else.
      if private.scope_for('duty_leaves', 'approve') is null and private.scope_for('duty_records', 'approve') is null then
        raise exception '擅自离岗由客户服务中心主任或值班经理、部门经理登记 | Leaving without leave is recorded by the director or a manager'
          using errcode = '42501', column = 'kind';
      end if;
      new.status := '旷工';
    end if;
  end if;
  if new.kind = '请假' and new.substitute_id is null then
    raise exception '值班期间外出须有人替班：请填写替班人 | Leaving duty needs a substitute: name who stands in' using errcode = '23514', column = 'substitute_id';
  end if;
  select * into person from public.operators o where o.id = new.operator_id;
  new.department_id := person.department_id;
  if new.substitute_id is not null and not exists (select 1 from public.operators o where o.id = new.substitute_id and o.active and o.role <> 'admin') then
    raise exception '替班人须是在岗操作员 | The substitute must be an active operator' using errcode = '23514', column = 'substitute_id';
  end if;
  if tg_op = 'INSERT' and new.kind = '请假' then
    for director in select d from private.director_ids() d loop
      perform private.notify(director, '值班请假',
        format('值班请假待审批：%s（%s，替班 %s） | Leave from duty for your approval: %s (%s, substitute %s)', person.name, new.duty_date,
               (select o.name from public.operators o where o.id = new.substitute_id),
               person.name, new.duty_date, (select o.name from public.operators o where o.id = new.substitute_id)),
        new.reason, 'duty_leaves', new.id::text, new.leave_from, 'duty-leave:' || new.id || ':' || director);
    end loop;
  end if;
  return new;
end
$$;

revoke all on function private.duty_shift_end(date, uuid), private.may_take_over_duty(uuid), private.may_add_duty_addendum(uuid),
  private.duty_moving(), private.duty_records_before_write(), private.duty_records_after_insert(),
  private.duty_record_items_before_write(), private.duty_record_addenda_before_write(), private.duty_leaves_before_write() from public;
grant execute on function private.may_take_over_duty(uuid), private.may_add_duty_addendum(uuid), private.duty_moving()
  to authenticated, service_role;

create trigger duty_records_before_write before insert or update or delete on public.duty_records
  for each row execute function private.duty_records_before_write();
create trigger duty_records_after_insert after insert on public.duty_records
  for each row execute function private.duty_records_after_insert();
create trigger duty_record_items_before_write before insert or update or delete on public.duty_record_items
  for each row execute function private.duty_record_items_before_write();
create trigger duty_record_addenda_before_write before insert or update or delete on public.duty_record_addenda
  for each row execute function private.duty_record_addenda_before_write();
create trigger duty_leaves_before_write before insert or update or delete on public.duty_leaves
  for each row execute function private.duty_leaves_before_write();

select private.declare_system_column('public.duty_records', c.name, c.why)
from (values
  ('on_duty_id', '“值班人”是填写值班记录的人 | The person on duty is whoever writes the record'),
  ('department_id', '“部门”是值班人的部门 | The department is the person on duty''s'),
  ('status', '“状态”只能通过交接班操作（签到、拒接、交班签字、接班签字）改变 | The status moves only through the handover (sign in, refuse, sign out, sign in)'),
  ('incoming_id', '“接班人”由接班人员签到记录 | The incoming person is recorded by his own sign-in'),
  ('arrived_at', '“接班到岗时间”由签到记录 | Arrived at is recorded by the sign-in'),
  ('arrived_late', '“接班迟到”由系统按班次时间判断 | Lateness is judged by the system from the shift''s times'),
  ('refusal_reason', '“拒接理由”只能通过“拒接”记录 | The refusal is recorded only by the Refuse move'),
  ('refusal_note', '“拒接说明”只能通过“拒接”记录 | The refusal note is recorded only by the Refuse move'),
  ('refused_at', '“拒接时间”只能通过“拒接”记录 | Refused at is recorded only by the Refuse move'),
  ('out_signed_at', '“交班签字时间”只能通过“交班签字”记录 | The outgoing signature is recorded only by its move'),
  ('in_signed_at', '“接班签字时间”只能通过“接班签字”记录 | The incoming signature is recorded only by its move'),
  ('major_reported_at', '“重大问题上报时间”由系统在保存时记录 | The report time is recorded by the system on saving')
) as c(name, why);
select private.declare_system_column('public.duty_record_addenda', 'written_by', '“补记人”是写补记的人 | Written by is whoever writes the addendum');
select private.declare_system_column('public.duty_leaves', c.name, c.why)
from (values
  ('department_id', '“部门”是值班人员的部门 | The department is the person''s'),
  ('status', '“状态”只能通过审批改变 | The status moves only through the decision'),
  ('recorded_by', '“登记人”是登记的人 | Recorded by is whoever records it'),
  ('approver_id', '“批准人”只能通过审批记录 | Decided by is recorded only by the decision'),
  ('decided_at', '“审批时间”只能通过审批记录 | Decided at is recorded only by the decision'),
  ('decision_note', '“审批意见”只能通过审批记录 | The decision note is recorded only by the decision')
) as c(name, why);

-- ── RLS ──────────────────────────────────────────────────────────────────────────────────
-- A record is read by its two people, by the readers of its department (manager) or of the whole
-- centre (director, 值班经理, the executives), and — while still open — by anyone who takes duty,
-- so the incoming person can find it (接班人员认真查阅值班记录). Only the outgoing person writes it.
create policy duty_records_select on public.duty_records
  for select to authenticated using (
    on_duty_id = (select private.my_operator_id())
    or incoming_id = (select private.my_operator_id())
    or (select private.scope_for('duty_records', 'read')) = 'all'
    or ((select private.scope_for('duty_records', 'read')) = 'department' and department_id = (select private.my_department_id()))
    or (status <> '已交接' and (select private.scope_for('duty_records', 'create')) is not null)
  );
create policy duty_records_insert on public.duty_records
  for insert to authenticated with check (
    (select private.scope_for('duty_records', 'create')) is not null and on_duty_id = (select private.my_operator_id())
  );
create policy duty_records_update on public.duty_records
  for update to authenticated using (
    on_duty_id = (select private.my_operator_id()) and (select private.scope_for('duty_records', 'update')) is not null
  ) with check (
    on_duty_id = (select private.my_operator_id()) and (select private.scope_for('duty_records', 'update')) is not null
  );
create policy duty_records_delete on public.duty_records
  for delete to authenticated using (
    on_duty_id = (select private.my_operator_id()) and (select private.scope_for('duty_records', 'delete')) is not null
  );
insert into private.register_scopes (table_name, owner_column, department_column)
values ('duty_records', 'on_duty_id', 'department_id')
on conflict on constraint register_scopes_pkey do update set owner_column = excluded.owner_column, department_column = excluded.department_column;

create policy duty_record_items_select on public.duty_record_items
  for select to authenticated using (exists (select 1 from public.duty_records r where r.id = record_id));
create policy duty_record_items_insert on public.duty_record_items
  for insert to authenticated with check (
    (select private.scope_for('duty_record_items', 'create')) is not null
    and exists (select 1 from public.duty_records r where r.id = record_id and r.on_duty_id = (select private.my_operator_id())));
create policy duty_record_items_update on public.duty_record_items
  for update to authenticated using (
    (select private.scope_for('duty_record_items', 'update')) is not null
    and exists (select 1 from public.duty_records r where r.id = record_id and r.on_duty_id = (select private.my_operator_id()))
  ) with check (
    (select private.scope_for('duty_record_items', 'update')) is not null
    and exists (select 1 from public.duty_records r where r.id = record_id and r.on_duty_id = (select private.my_operator_id())));
create policy duty_record_items_delete on public.duty_record_items
  for delete to authenticated using (
    (select private.scope_for('duty_record_items', 'delete')) is not null
    and exists (select 1 from public.duty_records r where r.id = record_id and r.on_duty_id = (select private.my_operator_id())));

create policy duty_handover_refusals_select on public.duty_handover_refusals
  for select to authenticated using (exists (select 1 from public.duty_records r where r.id = record_id));

create policy duty_record_addenda_select on public.duty_record_addenda
  for select to authenticated using (exists (select 1 from public.duty_records r where r.id = record_id));
create policy duty_record_addenda_insert on public.duty_record_addenda
  for insert to authenticated with check (
    (select private.scope_for('duty_record_addenda', 'create')) is not null
    and written_by = (select private.my_operator_id())
    and exists (select 1 from public.duty_records r where r.id = record_id));

create policy duty_leaves_select on public.duty_leaves
  for select to authenticated using (
    operator_id = (select private.my_operator_id())
    or substitute_id = (select private.my_operator_id())
    or recorded_by = (select private.my_operator_id())
    or (select private.scope_for('duty_leaves', 'read')) = 'all'
    or ((select private.scope_for('duty_leaves', 'read')) = 'department' and department_id = (select private.my_department_id()))
  );
create policy duty_leaves_insert on public.duty_leaves
  for insert to authenticated with check (
    (select private.scope_for('duty_leaves', 'create')) is not null
    and (operator_id = (select private.my_operator_id()) or kind = '擅自离岗')
  );
create policy duty_leaves_update on public.duty_leaves
  for update to authenticated using (
    operator_id = (select private.my_operator_id()) and (select private.scope_for('duty_leaves', 'update')) is not null
  ) with check (
    operator_id = (select private.my_operator_id()) and (select private.scope_for('duty_leaves', 'update')) is not null
  );
create policy duty_leaves_delete on public.duty_leaves
  for delete to authenticated using (
    operator_id = (select private.my_operator_id()) and (select private.scope_for('duty_leaves', 'delete')) is not null
  );
insert into private.register_scopes (table_name, owner_column, department_column)
values ('duty_leaves', 'operator_id', 'department_id')
on conflict on constraint register_scopes_pkey do update set owner_column = excluded.owner_column, department_column = excluded.department_column;

-- ── Permissions ──────────────────────────────────────────────────────────────────────────
-- Whoever takes duty writes his own record; managers read their department's and may add
-- addenda (approve), the director and the duty manager (值班经理) the centre's; only the
-- director approves leave from duty.
insert into public.permissions (role, register, action, scope, note)
select r.role::public.app_role, t.register, a.action::public.permission_action,
       case when a.action = 'read' then r.read_scope else 'own' end::public.permission_scope,
       case when a.action = 'read' then '值班记录' else '本人值班时填写' end
from (values ('clerk', 'own'), ('manager', 'department'), ('director', 'all')) as r(role, read_scope)
cross join unnest(array['duty_records', 'duty_record_items', 'duty_leaves']) as t(register)
cross join (values ('read'), ('create'), ('update'), ('delete')) as a(action)
-- (the director decides leave and records absences; she asks nobody's leave)
where not (r.role = 'director' and t.register = 'duty_leaves' and a.action in ('update', 'delete'));
insert into public.permissions (role, register, action, scope, note)
select r.role::public.app_role, t.register, 'read', r.read_scope::public.permission_scope, '随值班记录查看'
from (values ('clerk', 'own'), ('manager', 'department'), ('director', 'all'), ('deputy_gm', 'all'), ('gm', 'all')) as r(role, read_scope)
cross join unnest(array['duty_handover_refusals', 'duty_record_addenda']) as t(register);
insert into public.permissions (role, register, action, scope, note)
select r.role::public.app_role, 'duty_record_addenda', 'create', 'own', '签字后的更正以补记方式添加'
from unnest(array['clerk', 'manager', 'director']) as r(role);
insert into public.permissions (role, register, action, scope, note) values
  ('deputy_gm', 'duty_records', 'read', 'all', null),
  ('gm', 'duty_records', 'read', 'all', null),
  ('deputy_gm', 'duty_record_items', 'read', 'all', null),
  ('gm', 'duty_record_items', 'read', 'all', null),
  ('manager', 'duty_records', 'approve', 'department', '部门经理检查值班情况、补记'),
  ('director', 'duty_records', 'approve', 'all', '客户服务中心主任不定期检查值班情况、补记'),
  ('director', 'duty_leaves', 'approve', 'all', '值班期间外出须经客户服务中心主任批准');
insert into public.permissions (duty, register, action, scope, note) values
  ('值班经理', 'duty_records', 'read', 'all', '值班经理查看中心值班记录'),
  ('值班经理', 'duty_records', 'approve', 'all', '值班经理检查值班情况、补记'),
  ('值班经理', 'duty_record_items', 'read', 'all', null),
  ('值班经理', 'duty_handover_refusals', 'read', 'all', null),
  ('值班经理', 'duty_record_addenda', 'read', 'all', null),
  ('值班经理', 'duty_record_addenda', 'create', 'own', null),
  ('值班经理', 'duty_leaves', 'read', 'all', null);

-- ── Moves: sign in, refuse, sign (交班人 then 接班人); decide a leave ─────────────────────
create function private.duty_record_for_move(p_record uuid) returns public.duty_records
language plpgsql security definer set search_path = ''
as $$
declare
  rec public.duty_records;
begin
  select * into rec from public.duty_records r where r.id = p_record for update;
  if rec.id is null or not coalesce(rec.on_duty_id = private.my_operator_id() or rec.incoming_id = private.my_operator_id()
                           or private.may('duty_records', 'read', rec.on_duty_id, rec.department_id)
                           or (rec.status <> '已交接' and private.scope_for('duty_records', 'create') is not null), false) then
    raise exception '值班记录不存在或无权查看 | No such duty record, or not visible to you' using errcode = 'PT404', hint = 'record_id';
  end if;
  return rec;
end
$$;

create function private.refuse_if_locked(rec public.duty_records) returns void
language plpgsql immutable set search_path = ''
as $$
begin
  if rec.status = '已交接' then
    raise exception '值班记录已由交接双方签字，已锁定 | The duty record is signed by both and locked' using errcode = 'PT409', hint = 'record_id';
  end if;
end
$$;

-- 签到: the incoming person arrives (接班人员提前5分钟到岗); later than that is flagged, not refused.
create function public.arrive_for_duty(record_id uuid) returns public.duty_records
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  rec public.duty_records := private.duty_record_for_move(record_id);
  shift_end timestamptz;
begin
  perform private.refuse_if_locked(rec);
  if rec.on_duty_id = private.my_operator_id() then
    raise exception '交班人不能为自己接班 | The outgoing person cannot take over from himself' using errcode = '42501', hint = 'record_id';
  end if;
  if private.scope_for('duty_records', 'create') is null then
    raise exception '无权值班 | You do not take duty' using errcode = '42501', hint = 'record_id';
  end if;
  if rec.incoming_id is not null then
    raise exception '接班人员已签到（%），不能重复签到 | The incoming person has signed in already (%)', rec.arrived_at, rec.arrived_at
      using errcode = 'PT409', hint = 'record_id';
  end if;
  shift_end := private.duty_shift_end(rec.duty_date, rec.shift_id);
  perform set_config('taizhang.duty_move', 'on', true);
  update public.duty_records r
  set incoming_id = private.my_operator_id(), arrived_at = now(),
      arrived_late = now() > shift_end - make_interval(mins => private.setting_int('duty.arrive_early_minutes', 5))
  where r.id = rec.id returning * into rec;
  perform set_config('taizhang.duty_move', 'off', true);
  return rec;
end
$$;
comment on function public.arrive_for_duty(uuid) is '接班签到 | Sign in for the handover';

-- 拒接: one of the four refusals; the outgoing person stays on duty and the director is told.
create function public.refuse_duty_handover(record_id uuid, reason text, note text default null) returns public.duty_records
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  rec public.duty_records := private.duty_record_for_move(record_id);
  refusal uuid;
  director uuid;
begin
  perform private.refuse_if_locked(rec);
  if rec.incoming_id is distinct from private.my_operator_id() then
    raise exception '只有已签到的接班人可以拒接 | Only the incoming person, signed in, refuses the handover' using errcode = '42501', hint = 'record_id';
  end if;
  if reason is null or reason not in ('记录不清不接', '卫生不洁不接', '公物缺失不接', '重大维修未完不接') then
    raise exception '拒接理由须为四不接之一：记录不清不接、卫生不洁不接、公物缺失不接、重大维修未完不接 | The refusal must be one of the four: record unclear, not clean, property missing, major repair unfinished'
      using errcode = '22023', hint = 'reason';
  end if;
  if char_length(note) > 500 then
    raise exception '拒接说明最多 500 字 | Note: at most 500 characters' using errcode = '22001', hint = 'note';
  end if;
  insert into public.duty_handover_refusals (record_id, reason, note, refused_by)
  values (rec.id, reason, nullif(btrim(coalesce(note, '')), ''), private.my_operator_id()) returning id into refusal;
  perform set_config('taizhang.duty_move', 'on', true);
  update public.duty_records r
  set status = '值班中', out_signed_at = null, refusal_reason = reason, refusal_note = nullif(btrim(coalesce(note, '')), ''), refused_at = now()
  where r.id = rec.id returning * into rec;
  perform set_config('taizhang.duty_move', 'off', true);
  for director in select d from private.director_ids() d loop
    perform private.notify(director, '交接拒收',
      format('交接班拒接：%s（%s %s，交班人 %s，接班人 %s） | Handover refused: %s (%s, shift %s, outgoing %s, incoming %s)', reason, rec.duty_date,
             (select s.name from public.duty_shifts s where s.id = rec.shift_id),
             (select o.name from public.operators o where o.id = rec.on_duty_id),
             (select o.name from public.operators o where o.id = rec.incoming_id),
             private.option_en(reason), rec.duty_date,
             (select to_char(s.starts_at, 'HH24:MI') || '–' || to_char(s.ends_at, 'HH24:MI') from public.duty_shifts s where s.id = rec.shift_id),
             (select o.name from public.operators o where o.id = rec.on_duty_id),
             (select o.name from public.operators o where o.id = rec.incoming_id)),
      coalesce(rec.refusal_note, reason) || E'\n交班人员继续值班，待整改后重新交接 | The outgoing person stays on duty until the handover is put right',
      'duty_records', rec.id::text, null, 'duty-refused:' || refusal || ':' || director);
  end loop;
  perform private.notify(rec.on_duty_id, '交接拒收', format('接班人拒接：%s，请整改后重新交班签字 | The incoming person refused the handover: %s; put it right and sign the handover again', reason, private.option_en(reason)), rec.refusal_note,
    'duty_records', rec.id::text, null, 'duty-refused:' || refusal || ':' || rec.on_duty_id);
  return rec;
end
$$;
comment on function public.refuse_duty_handover(uuid, text, text) is '拒接 | Refuse the handover';

-- 交班签字: the outgoing person signs first, the incoming person having signed in.
create function public.sign_duty_handover_out(record_id uuid) returns public.duty_records
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  rec public.duty_records := private.duty_record_for_move(record_id);
begin
  perform private.refuse_if_locked(rec);
  if rec.on_duty_id is distinct from private.my_operator_id() then
    raise exception '只有值班人（交班人）本人可以交班签字 | Only the person on duty signs as the outgoing person' using errcode = '42501', hint = 'record_id';
  end if;
  if rec.status <> '值班中' then
    raise exception '交班人已签字，等待接班人签字 | The outgoing person has signed already; the incoming person signs next' using errcode = 'PT409', hint = 'record_id';
  end if;
  if rec.incoming_id is null then
    raise exception '接班人员尚未签到，不能交班 | The incoming person has not signed in yet' using errcode = 'PT409', hint = 'record_id';
  end if;
  if char_length(btrim(coalesce(rec.events, ''))) < 2 then
    raise exception '请先填写值班情况（值班记录无漏项、缺项） | Fill in the events first (a record with nothing left out)' using errcode = '23514', hint = 'events', column = 'events';
  end if;
  perform set_config('taizhang.duty_move', 'on', true);
  update public.duty_records r set status = '待接班', out_signed_at = now() where r.id = rec.id returning * into rec;
  perform set_config('taizhang.duty_move', 'off', true);
  return rec;
end
$$;
comment on function public.sign_duty_handover_out(uuid) is '交班签字 | Sign as outgoing';

-- 接班签字: the incoming person signs second; the record locks and he begins his duty.
create function public.sign_duty_handover_in(record_id uuid) returns public.duty_records
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  rec public.duty_records := private.duty_record_for_move(record_id);
begin
  perform private.refuse_if_locked(rec);
  if rec.incoming_id is distinct from private.my_operator_id() then
    raise exception '只有已签到的接班人可以接班签字 | Only the incoming person, signed in, signs as incoming' using errcode = '42501', hint = 'record_id';
  end if;
  if rec.status <> '待接班' then
    raise exception '交班人尚未签字，接班人须在交班人之后签字 | The outgoing person signs first' using errcode = 'PT409', hint = 'record_id';
  end if;
  perform set_config('taizhang.duty_move', 'on', true);
  update public.duty_records r set status = '已交接', in_signed_at = now() where r.id = rec.id returning * into rec;
  perform set_config('taizhang.duty_move', 'off', true);
  update public.notifications n set done_at = now()
  where n.link_table = 'duty_records' and n.link_id = rec.id::text and n.kind = '交接拒收' and n.done_at is null;
  return rec;
end
$$;
comment on function public.sign_duty_handover_in(uuid) is '接班签字 | Sign as incoming';

-- 请假审批: only the director (客户服务中心主任).
create function public.decide_duty_leave(leave_id uuid, approve boolean, note text default null) returns public.duty_leaves
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  lv public.duty_leaves;
begin
  select * into lv from public.duty_leaves l where l.id = leave_id for update;
  if lv.id is null or not (lv.operator_id = private.my_operator_id() or private.may('duty_leaves', 'read', lv.operator_id, lv.department_id)
                            or private.scope_for('duty_leaves', 'approve') is not null) then
    raise exception '请假记录不存在或无权查看 | No such leave, or not visible to you' using errcode = 'PT404', hint = 'leave_id';
  end if;
  if private.scope_for('duty_leaves', 'approve') is null then
    raise exception '值班请假只能由客户服务中心主任批准 | Only the director of the customer-service centre decides leave from duty' using errcode = '42501', hint = 'leave_id';
  end if;
  if lv.operator_id = private.my_operator_id() then
    raise exception '不能审批自己的请假 | You cannot decide your own leave' using errcode = '42501', hint = 'leave_id';
  end if;
  if lv.status <> '待审批' then
    raise exception '请假已“%”，不能再审批 | The leave is %, it cannot be decided again', lv.status, lv.status using errcode = 'PT409', hint = 'leave_id';
  end if;
  if approve is null then
    raise exception '请选择批准或驳回 | Approve or reject' using errcode = '23502', hint = 'approve';
  end if;
  if not approve and char_length(btrim(coalesce(note, ''))) < 2 then
    raise exception '驳回须写明意见 | Rejecting needs a note' using errcode = '23502', hint = 'note';
  end if;
  if char_length(note) > 1000 then
    raise exception '审批意见最多 1000 字 | Decision note: at most 1000 characters' using errcode = '22001', hint = 'note';
  end if;
  perform set_config('taizhang.duty_move', 'on', true);
  update public.duty_leaves l
  set status = case when approve then '已批准' else '已驳回' end, approver_id = private.my_operator_id(), decided_at = now(),
      decision_note = nullif(btrim(coalesce(note, '')), '')
  where l.id = lv.id returning * into lv;
  perform set_config('taizhang.duty_move', 'off', true);
  update public.notifications n set done_at = now()
  where n.link_table = 'duty_leaves' and n.link_id = lv.id::text and n.kind = '值班请假' and n.done_at is null;
  perform private.notify(lv.operator_id, '审批结果',
    format('值班请假（%s）已%s | Leave from duty (%s) %s', lv.duty_date, case when approve then '批准，替班人到岗后方可离开' else '驳回，请继续值班' end,
           lv.duty_date, case when approve then 'is approved: leave once your substitute is here' else 'is declined: stay on duty' end),
    lv.decision_note, 'duty_leaves', lv.id::text, null, 'duty-leave-decided:' || lv.id);
  if approve then
    perform private.notify(lv.substitute_id, '审批结果', format('请于 %s 为 %s 替班 | Please stand in for %s from %s', to_char(lv.leave_from at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
      (select o.name from public.operators o where o.id = lv.operator_id),
      (select o.name from public.operators o where o.id = lv.operator_id), to_char(lv.leave_from at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')), lv.reason, 'duty_leaves', lv.id::text, lv.leave_from, 'duty-leave-substitute:' || lv.id);
  end if;
  return lv;
end
$$;
comment on function public.decide_duty_leave(uuid, boolean, text) is '审批值班请假 | Decide leave from duty';

revoke all on function private.duty_record_for_move(uuid), private.refuse_if_locked(public.duty_records) from public;
revoke all on function public.arrive_for_duty(uuid), public.refuse_duty_handover(uuid, text, text), public.sign_duty_handover_out(uuid),
  public.sign_duty_handover_in(uuid), public.decide_duty_leave(uuid, boolean, text) from public, anon;
grant execute on function public.arrive_for_duty(uuid), public.refuse_duty_handover(uuid, text, text), public.sign_duty_handover_out(uuid),
  public.sign_duty_handover_in(uuid), public.decide_duty_leave(uuid, boolean, text) to authenticated;

-- ── Screens: the paper record's two signatures, and the moves ────────────────────────────
select private.declare_register('public.duty_records', menu_group => 'operations', menu_order => 11,
  print_title => '值班记录 | Duty record', title_columns => array['duty_date'],
  print_signatures => array['交班人 | Outgoing', '接班人 | Incoming']);
-- Refused to everyone by the triggers above: no edit, no delete offered on screen.
select private.declare_frozen('public.duty_records', $$status in ('待接班', '已交接')$$);
select private.declare_register('public.duty_leaves', menu_group => 'operations', menu_order => 12,
  title_columns => array['duty_date', 'reason']);
select private.declare_register('public.duty_record_items', title_columns => array['item'], in_menu => false);
select private.declare_register('public.duty_handover_refusals', title_columns => array['reason'], in_menu => false);
select private.declare_register('public.duty_record_addenda', title_columns => array['body'], in_menu => false);
select private.declare_column('public.duty_records', c.name, kind => 'longtext')
from unnest(array['events', 'major_problem', 'outstanding', 'refusal_note']) as c(name);
select private.declare_column('public.duty_leaves', c.name, kind => 'longtext')
from unnest(array['reason', 'decision_note']) as c(name);
select private.declare_column('public.duty_record_addenda', 'body', kind => 'longtext');

select private.declare_move('public.duty_records', 'arrive', '接班签到 | Sign in', 'arrive_for_duty', 'record_id',
  state_column => 'status', from_states => array['值班中', '待接班'],
  requires_register => 'duty_records', requires_action => 'create',
  condition => $$incoming_id is null and private.may_take_over_duty(id)$$,
  confirm => '确认已到岗接班？到岗时间将被记录 | Signing in for the handover: your arrival time is recorded');
select private.declare_move('public.duty_records', 'refuse', '拒接 | Refuse', 'refuse_duty_handover', 'record_id',
  fields => '[{"name": "reason", "label": "拒接理由 | Refusal", "column": "refusal_reason",
               "options": ["记录不清不接", "卫生不洁不接", "公物缺失不接", "重大维修未完不接"]},
              {"name": "note", "label": "拒接说明 | Note", "column": "refusal_note", "required": false}]',
  state_column => 'status', from_states => array['值班中', '待接班'],
  requires_register => 'duty_records', requires_action => 'create',
  condition => $$incoming_id = private.my_operator_id()$$, danger => true);
select private.declare_move('public.duty_records', 'sign_out', '交班签字 | Sign as outgoing', 'sign_duty_handover_out', 'record_id',
  state_column => 'status', from_states => array['值班中'], to_state => '待接班',
  condition => $$on_duty_id = private.my_operator_id() and incoming_id is not null and char_length(btrim(coalesce(events, ''))) >= 2$$,
  confirm => '确认值班记录无漏项、缺项，物品已清点，交班签字？ | The record is complete and the items checked: sign as outgoing?');
select private.declare_move('public.duty_records', 'sign_in', '接班签字 | Sign as incoming', 'sign_duty_handover_in', 'record_id',
  state_column => 'status', from_states => array['待接班'], to_state => '已交接',
  condition => $$incoming_id = private.my_operator_id()$$,
  confirm => '交接双方确认无误，接班签字？签字后值班记录锁定 | Both confirm: sign as incoming? The record then locks');
select private.declare_move('public.duty_leaves', 'approve', '批准 | Approve', 'decide_duty_leave', 'leave_id',
  fields => '[{"name": "note", "label": "审批意见 | Note", "column": "decision_note"}]', fixed_args => '{"approve": true}',
  state_column => 'status', from_states => array['待审批'], to_state => '已批准',
  requires_register => 'duty_leaves', requires_action => 'approve',
  condition => $$operator_id <> private.my_operator_id()$$);
select private.declare_move('public.duty_leaves', 'reject', '驳回 | Reject', 'decide_duty_leave', 'leave_id',
  fields => '[{"name": "note", "label": "驳回意见 | Reason", "column": "decision_note", "required": true}]', fixed_args => '{"approve": false}',
  state_column => 'status', from_states => array['待审批'], to_state => '已驳回',
  requires_register => 'duty_leaves', requires_action => 'approve',
  condition => $$operator_id <> private.my_operator_id()$$,
  danger => true, confirm => '确定驳回这条请假？ | Reject this leave?');
