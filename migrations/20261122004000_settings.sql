-- Settings 参数: the figures the policies name (protection days, reply days per severity…) as rows
-- an admin can tune in the console or the app, read by the rules through one helper.

create table public.settings (
  key text primary key,
  value jsonb not null,
  label text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint settings_key_format check (key ~ '^[a-z][a-z0-9_.]{0,62}$'),
  -- Bounded input: free text has a length limit, numbers are finite, dates fall in 2000–2100.
  constraint settings_label_length check (char_length(label) <= 200),
  constraint settings_value_length check (char_length(value::text) <= 2000),
  -- The policies' figures are counts of days, hours or times: whole, finite and not absurd.
  constraint settings_value_range check (jsonb_typeof(value) <> 'number' or (value::text::numeric between 0 and 3660)),
  -- 密码与权限治理制度: 密码更换间隔时间不得超过一个月 — the admin may shorten it, never lengthen it.
  constraint settings_password_age_range check (key <> 'password.max_age_days'
    or (jsonb_typeof(value) = 'number' and value::text::numeric between 1 and 30))
);
comment on constraint settings_label_length on public.settings is '说明最多 200 字 | Description: at most 200 characters';
comment on constraint settings_value_length on public.settings is '值最多 2000 字 | Value: at most 2000 characters';
comment on constraint settings_value_range on public.settings is '数值须在 0–3660 之间 | A number must be between 0 and 3660';
comment on constraint settings_password_age_range on public.settings is '密码有效期须为 1–30 天（制度规定不超过一个月） | Password age: 1–30 days (the policy allows at most a month)';
comment on table public.settings is '系统参数 | Settings';
comment on column public.settings.key is '参数 | Key';
comment on column public.settings.value is '值 | Value';
comment on column public.settings.label is '说明 | Description';
comment on column public.settings.version is '版本 | Version';
comment on column public.settings.created_at is '创建时间 | Created at';
comment on column public.settings.updated_at is '修改时间 | Updated at';

alter table public.settings enable row level security;
revoke all on public.settings from anon;
grant select, insert, update, delete on public.settings to authenticated;

select private.create_register_policies('public.settings');

select private.register_table('public.settings');

-- A numeric setting, or the given default when the row is missing or not a number.
create function private.setting_int(p_key text, p_default integer) returns integer
language sql stable security definer set search_path = ''
as $$
  select coalesce((select case when jsonb_typeof(s.value) = 'number' then (s.value #>> '{}')::integer end
                   from public.settings s where s.key = p_key), p_default)
$$;
revoke all on function private.setting_int(text, integer) from public;
grant execute on function private.setting_int(text, integer) to authenticated, service_role;

insert into public.permissions (role, register, action, scope, note)
select r.role::public.app_role, 'settings', 'read', 'all', '所有在岗人员可查看系统参数'
from unnest(enum_range(null::public.app_role)::text[]) as r(role);
insert into public.permissions (role, register, action, scope, note)
select 'admin', 'settings', a.action::public.permission_action, 'all', '系统管理员维护系统参数'
from unnest(array['create', 'update', 'delete']) as a(action);

insert into public.settings (key, value, label) values
  ('customer.filing_working_days', '5', '新客户自首次接触起备案时限（工作日） | Working days to file a new customer'),
  ('customer.protection_days', '30', '无有效跟进释放到公海的天数 | Days without valid follow-up before release to the pool'),
  ('customer.sms_streak_invalid', '3', '连续几次短信回访视为无效回访 | Consecutive SMS-only follow-ups that are not valid'),
  ('complaint.reply_days.ordinary', '3', '一般投诉答复时限（天） | Reply days, ordinary complaint'),
  ('complaint.reply_days.serious', '3', '严重投诉答复时限（天） | Reply days, serious complaint'),
  -- 003: 3天內給予用戶明確的答復 — whatever the severity (严重 and 重大 are escalated at once instead).
  ('complaint.reply_days.major', '3', '重大投诉答复时限（天） | Reply days, major complaint'),
  -- 001 首问责任制: handed over within 24 hours (holidays extending), a first answer within 12 hours,
  -- settled within 2 working days or reported to the centre.
  ('request.handover_hours', '24', '首问责任人移交职责部门时限（小时，节假日顺延） | Hours to hand a request to the responsible department (holidays extending)'),
  ('request.answer_hours', '12', '咨询、查询、求助和投诉首次答复时限（小时） | Hours to a first answer (consultation, help, complaint)'),
  ('request.settle_working_days', '2', '较复杂问题处理时限（工作日），超过须报客服中心备查 | Working days to settle; beyond that, report to the centre'),
  -- 002: 物流投诉在第2个工作日完成处理意见.
  ('complaint.logistics_opinion_working_days', '2', '物流投诉处理意见时限（工作日） | Working days to a logistics complaint''s handling opinion'),
  -- Repairs: completion deadline per fault kind (紧急 urgent / 一般 ordinary / 大修 major).
  ('repair.complete_working_days.urgent', '1', '紧急报修完工时限（工作日） | Working days to complete an urgent repair'),
  ('repair.complete_working_days.ordinary', '3', '一般报修完工时限（工作日） | Working days to complete an ordinary repair'),
  ('repair.complete_working_days.major', '10', '大修完工时限（工作日） | Working days to complete a major repair'),
  ('access_request.default_days', '7', '查阅申请默认有效天数 | Default validity of an access request (days)');

-- ── Screens (register declarations) ──────────────────────────────────────────────────────
select private.declare_register('public.settings', menu_group => 'system', menu_order => 30, title_columns => array['key']);
