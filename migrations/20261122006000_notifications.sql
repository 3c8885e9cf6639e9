-- Notifications 待办提醒: what rules and scheduled jobs raise, addressed to one person, with
-- read/done state. Only the addressee sees them; a dedupe key keeps a job from raising one twice.

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  recipient_id uuid not null references public.operators (id) on delete cascade,
  kind text not null,
  title text not null,
  body text,
  link_table text,
  link_id text,
  due_at timestamptz,
  dedupe_key text,
  read_at timestamptz,
  done_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint notifications_kind_check check (kind in ('备案逾期', '投诉答复', '投诉升级', '回访任务', '借阅逾期', '档案移交', '密码到期', '查阅申请',
                                                       '派单', '工单退回', '工单时限', '抽查回访', '审批结果', '客户认领', '离职交接',
                                                       '借阅审批', '归档提醒', '档案检查', '修改申请', '销毁申请',
                                                       '值班上报', '交接拒收', '值班缺员', '值班请假', '设备故障', '外修审批',
                                                       '费用审批', '报表逾期', 'QC小组', '来访登记', '绩效', '积分', '满意度调查', '系统')),
  constraint notifications_title_not_blank check (length(btrim(title)) between 1 and 200),
  constraint notifications_dedupe_key unique (recipient_id, dedupe_key),
  -- Bounded input: free text has a length limit, numbers are finite, dates fall in 2000–2100.
  constraint notifications_body_length check (char_length(body) <= 4000),
  constraint notifications_link_table_length check (char_length(link_table) <= 63),
  constraint notifications_link_id_length check (char_length(link_id) <= 100),
  constraint notifications_dedupe_key_length check (char_length(dedupe_key) <= 200),
  constraint notifications_due_at_range check (due_at >= timestamptz '2000-01-01 00:00+08' and due_at < timestamptz '2101-01-01 00:00+08'),
  constraint notifications_read_at_range check (read_at >= timestamptz '2000-01-01 00:00+08' and read_at < timestamptz '2101-01-01 00:00+08'),
  constraint notifications_done_at_range check (done_at >= timestamptz '2000-01-01 00:00+08' and done_at < timestamptz '2101-01-01 00:00+08')
);
comment on constraint notifications_body_length on public.notifications is '内容最多 4000 字 | Body: at most 4000 characters';
comment on constraint notifications_link_table_length on public.notifications is '关联台账最多 63 字 | Linked register: at most 63 characters';
comment on constraint notifications_link_id_length on public.notifications is '关联记录最多 100 字 | Linked record: at most 100 characters';
comment on constraint notifications_dedupe_key_length on public.notifications is '去重键最多 200 字 | Dedupe key: at most 200 characters';
comment on constraint notifications_due_at_range on public.notifications is '期限须在 2000–2100 年之间 | Due: a date in the years 2000–2100';
comment on constraint notifications_read_at_range on public.notifications is '已读时间须在 2000–2100 年之间 | Read at: a date in the years 2000–2100';
comment on constraint notifications_done_at_range on public.notifications is '办结时间须在 2000–2100 年之间 | Done at: a date in the years 2000–2100';
comment on table public.notifications is '待办提醒 | Notifications';
comment on column public.notifications.recipient_id is '接收人 | Recipient';
comment on column public.notifications.kind is '类型 | Kind';
comment on column public.notifications.title is '标题 | Title';
comment on column public.notifications.body is '内容 | Body';
comment on column public.notifications.link_table is '关联台账 | Linked register';
comment on column public.notifications.link_id is '关联记录 | Linked record';
comment on column public.notifications.due_at is '期限 | Due';
comment on column public.notifications.dedupe_key is '去重键 | Dedupe key';
comment on column public.notifications.read_at is '已读时间 | Read at';
comment on column public.notifications.done_at is '办结时间 | Done at';
comment on column public.notifications.version is '版本 | Version';
comment on column public.notifications.created_at is '提醒时间 | Raised at';
comment on column public.notifications.updated_at is '修改时间 | Updated at';

create index notifications_recipient_open_idx on public.notifications (recipient_id, created_at desc) where done_at is null;

alter table public.notifications enable row level security;
revoke all on public.notifications from anon, authenticated;
grant select on public.notifications to authenticated;
-- The addressee marks read and done; nothing else about a notification is theirs to change.
grant update (read_at, done_at, version) on public.notifications to authenticated;

-- Written out, not by private.create_register_policies: a notification is its addressee's alone.
create policy notifications_select on public.notifications
  for select to authenticated using (recipient_id = (select private.my_operator_id()));
create policy notifications_update on public.notifications
  for update to authenticated using (recipient_id = (select private.my_operator_id()))
  with check (recipient_id = (select private.my_operator_id()));

select private.register_table('public.notifications');

select private.label_options('{
  "备案逾期": "Filing overdue", "投诉答复": "Complaint reply", "投诉升级": "Complaint escalated",
  "回访任务": "Return visit due", "借阅逾期": "Loan overdue", "档案移交": "Archive transfer",
  "密码到期": "Password expiring", "查阅申请": "Access request",
  "派单": "Assigned to you", "工单退回": "Request sent back", "工单时限": "Request deadline", "抽查回访": "Sampling visit",
  "审批结果": "Decision", "客户认领": "Customer claimed", "离职交接": "Staff handover",
  "借阅审批": "Loan to approve", "归档提醒": "Filing reminder", "档案检查": "Archive inspection",
  "修改申请": "Edit request to approve", "销毁申请": "Destruction to approve",
  "值班上报": "Duty report", "交接拒收": "Handover refused", "值班缺员": "Duty roster gap", "值班请假": "Leave from duty",
  "设备故障": "Equipment fault", "外修审批": "Outside repair to approve", "费用审批": "Expense to approve",
  "报表逾期": "Report overdue", "QC小组": "QC group", "来访登记": "Visitor",
  "绩效": "Performance", "积分": "Points", "满意度调查": "Satisfaction survey", "系统": "System"
}');

-- Raises a to-do unless the same event (dedupe key) or the same open to-do was raised already;
-- returns whether it was new. A caller that names no event raises one per move (transaction)
-- and record, never one per call (the open-to-do rule is notifications_open_once, added with the
-- to-dos in migrations/20261129000300_todos_and_access.sql; either unique rule keeps the first).
-- The title is written "中文 | English" like every message from the database, and the reader sees
-- his half: a title without a Chinese and an English half is refused, so no caller can forget one.
-- A title too long for the column is shortened half by half (…), never losing the English half.
create function private.notify(
  p_recipient uuid, p_kind text, p_title text, p_body text default null,
  p_link_table text default null, p_link_id text default null, p_due_at timestamptz default null,
  p_dedupe_key text default null
) returns boolean
language plpgsql security definer set search_path = ''
as $$
declare
  inserted integer;
  split integer := strpos(p_title, ' | ');
  zh text := btrim(left(p_title, greatest(split - 1, 0)));
  en text := btrim(substr(p_title, split + 3));
begin
  if p_title is null or split = 0 or zh = '' or en = '' or zh !~ '[一-鿿]' or en !~ '[A-Za-z]' then
    raise exception '提醒标题须有中文和英文两半（“中文 | English”）：% | A notification title needs a Chinese and an English half ("中文 | English"): %',
      coalesce(p_title, '（空）'), coalesce(p_title, '(none)')
      using errcode = '22023';
  end if;
  if p_recipient is null then
    return false;
  end if;
  -- Both halves fit the title's 200 characters (notifications_title_not_blank): a half gets what
  -- the other leaves, at least 98 characters each.
  if char_length(zh) + char_length(en) > 197 then
    if char_length(zh) > greatest(98, 197 - char_length(en)) then
      zh := left(zh, greatest(98, 197 - char_length(en)) - 1) || '…';
    end if;
    if char_length(en) > 197 - char_length(zh) then
      en := left(en, 197 - char_length(zh) - 1) || '…';
    end if;
  end if;
  insert into public.notifications (recipient_id, kind, title, body, link_table, link_id, due_at, dedupe_key)
  values (p_recipient, p_kind, zh || ' | ' || en, p_body, p_link_table, p_link_id, p_due_at,
          coalesce(p_dedupe_key, format('%s:%s:%s:%s', p_kind, coalesce(p_link_table, ''), coalesce(p_link_id, ''), txid_current())))
  on conflict do nothing;
  get diagnostics inserted = row_count;
  return inserted > 0;
end
$$;
revoke all on function private.notify(uuid, text, text, text, text, text, timestamptz, text) from public;
grant execute on function private.notify(uuid, text, text, text, text, text, timestamptz, text) to service_role;

-- The English label of an option value (private.option_labels), for the English half of a title
-- that names one (a severity, a kind); the value itself where it has no English label.
create function private.option_en(p_value text) returns text
language sql stable security definer set search_path = ''
as $$
  select coalesce((select l.label_en from private.option_labels l where l.value = p_value), p_value)
$$;
revoke all on function private.option_en(text) from public;

-- The active director(s), for escalations.
create function private.director_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select o.id from public.operators o where o.role = 'director' and o.active
$$;

-- The manager of a department: its named manager, else its active operators in role manager.
create function private.manager_ids(p_department uuid) returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select d.manager_id from public.departments d
  join public.operators o on o.id = d.manager_id and o.active
  where d.id = p_department
  union
  select o.id from public.operators o where o.department_id = p_department and o.role = 'manager' and o.active
$$;
revoke all on function private.director_ids(), private.manager_ids(uuid) from public;
grant execute on function private.director_ids(), private.manager_ids(uuid) to authenticated, service_role;

-- ── Screens (register declarations) ──────────────────────────────────────────────────────
select private.declare_register('public.notifications', menu_group => 'work', menu_order => 10, title_columns => array['title']);
select private.declare_column('public.notifications', 'body', kind => 'longtext');
