-- Duty roster 值班表 (003 值班管理规定 一、七): the customer-service centre is staffed 24 hours a day
-- (实行24小时值班制度): the shifts rostered on a day must cover the whole day; on holidays (the
-- business calendar) and special days (特殊情况, kept here) someone of middle level or above
-- (中级以上管理人员: role manager, director, deputy_gm or gm) must be on the roster. A day that falls
-- short is flagged on its roster rows (day_flag, the database's) and the daily job "duty coverage"
-- reports tomorrow's gaps to the director. Managers keep their department's roster, the duty
-- manager (值班经理) and the director the whole centre's.

-- ── Shifts 班次 ──────────────────────────────────────────────────────────────────────────
create table public.duty_shifts (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  starts_at time not null,
  ends_at time not null,
  sort_order integer not null default 0,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint duty_shifts_name_key unique (name),
  constraint duty_shifts_name_length check (char_length(btrim(name)) between 1 and 20),
  -- a shift lies within its day: 24:00 ends a shift at midnight
  constraint duty_shifts_times_order check (starts_at < ends_at),
  constraint duty_shifts_sort_order_range check (sort_order between 0 and 100)
);
comment on constraint duty_shifts_name_length on public.duty_shifts is '班次名称 1–20 字 | Shift name: 1–20 characters';
comment on constraint duty_shifts_name_key on public.duty_shifts is '班次名称不能重复 | The shift name is already used';
comment on constraint duty_shifts_times_order on public.duty_shifts is '下班时间须晚于上班时间（当日内，24:00 为午夜） | The shift ends after it starts, within the day (24:00 is midnight)';
comment on constraint duty_shifts_sort_order_range on public.duty_shifts is '排序须在 0–100 之间 | Order: 0–100';
comment on table public.duty_shifts is '值班班次 | Duty shifts';
comment on column public.duty_shifts.name is '班次 | Shift';
comment on column public.duty_shifts.starts_at is '上班时间 | Starts at';
comment on column public.duty_shifts.ends_at is '下班时间 | Ends at';
comment on column public.duty_shifts.sort_order is '排序 | Order';
comment on column public.duty_shifts.version is '版本 | Version';
comment on column public.duty_shifts.created_at is '创建时间 | Created at';
comment on column public.duty_shifts.updated_at is '修改时间 | Updated at';

insert into public.duty_shifts (id, name, starts_at, ends_at, sort_order) values
  ('00000000-0000-4000-f001-000000000001', '早班', '08:00', '16:00', 1),
  ('00000000-0000-4000-f001-000000000002', '中班', '16:00', '24:00', 2),
  ('00000000-0000-4000-f001-000000000003', '夜班', '00:00', '08:00', 3);

-- ── Special days 特殊值班日 (遇特殊情况或节日): besides the calendar's holidays ───────────
create table public.duty_special_days (
  day date primary key,
  name text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint duty_special_days_day_range check (day >= date '2000-01-01' and day < date '2101-01-01'),
  constraint duty_special_days_name_length check (char_length(btrim(name)) between 2 and 50)
);
comment on constraint duty_special_days_day_range on public.duty_special_days is '日期须在 2000–2100 年之间 | Date: a date in the years 2000–2100';
comment on constraint duty_special_days_name_length on public.duty_special_days is '特殊情况说明 2–50 字 | Occasion: 2–50 characters';
comment on table public.duty_special_days is '特殊值班日 | Special duty days';
comment on column public.duty_special_days.day is '日期 | Date';
comment on column public.duty_special_days.name is '特殊情况 | Occasion';
comment on column public.duty_special_days.version is '版本 | Version';
comment on column public.duty_special_days.created_at is '创建时间 | Created at';
comment on column public.duty_special_days.updated_at is '修改时间 | Updated at';

-- ── The roster 值班表 ────────────────────────────────────────────────────────────────────
create table public.duty_roster (
  id uuid primary key default gen_random_uuid(),
  duty_date date not null,
  shift_id uuid not null references public.duty_shifts (id),
  operator_id uuid not null references public.operators (id),
  department_id uuid references public.departments (id),
  notes text,
  day_flag text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint duty_roster_person_shift_key unique (duty_date, shift_id, operator_id),
  constraint duty_roster_duty_date_range check (duty_date >= date '2000-01-01' and duty_date < date '2101-01-01'),
  constraint duty_roster_notes_length check (char_length(notes) <= 500),
  constraint duty_roster_day_flag_length check (char_length(day_flag) <= 500)
);
comment on constraint duty_roster_person_shift_key on public.duty_roster is '此人当日该班次已在值班表上 | This person is already on the roster for that shift';
comment on constraint duty_roster_duty_date_range on public.duty_roster is '值班日期须在 2000–2100 年之间 | Duty date: a date in the years 2000–2100';
comment on constraint duty_roster_notes_length on public.duty_roster is '备注最多 500 字 | Notes: at most 500 characters';
comment on constraint duty_roster_day_flag_length on public.duty_roster is '当日缺员提示最多 500 字 | Day flag: at most 500 characters';
comment on table public.duty_roster is '值班表 | Duty roster';
comment on column public.duty_roster.duty_date is '值班日期 | Duty date';
comment on column public.duty_roster.shift_id is '班次 | Shift';
comment on column public.duty_roster.operator_id is '值班人员 | On duty';
comment on column public.duty_roster.department_id is '部门 | Department';
comment on column public.duty_roster.notes is '备注 | Notes';
comment on column public.duty_roster.day_flag is '当日缺员提示 | Day flag';
comment on column public.duty_roster.version is '版本 | Version';
comment on column public.duty_roster.created_at is '创建时间 | Created at';
comment on column public.duty_roster.updated_at is '修改时间 | Updated at';

create index duty_roster_duty_date_idx on public.duty_roster (duty_date);
create index duty_roster_shift_id_idx on public.duty_roster (shift_id);
create index duty_roster_operator_id_idx on public.duty_roster (operator_id);
create index duty_roster_department_id_idx on public.duty_roster (department_id);

alter table public.duty_shifts enable row level security;
alter table public.duty_special_days enable row level security;
alter table public.duty_roster enable row level security;
revoke all on public.duty_shifts, public.duty_special_days, public.duty_roster from anon;
grant select, insert, update, delete on public.duty_shifts, public.duty_special_days, public.duty_roster to authenticated;

select private.register_table('public.duty_shifts');
select private.register_table('public.duty_special_days');
select private.register_table('public.duty_roster');

-- ── Coverage of a day ────────────────────────────────────────────────────────────────────
-- Middle level or above (中级以上管理人员).
create function private.is_middle_manager(p_operator uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select o.role in ('manager', 'director', 'deputy_gm', 'gm') from public.operators o where o.id = p_operator), false)
$$;

-- A day as the roster has it: whether its shifts cover 24 hours (and which hours are not),
-- whether it is a holiday or special day (and which), whether a middle-level manager is on it,
-- and the flag (null when all is well).
create function public.duty_day(day date,
  out covered boolean, out uncovered text, out special text, out manager_on_duty boolean, out flag text)
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_column
declare
  minutes int4multirange;
  missing int4multirange;
begin
  if day is null or day < date '2000-01-01' or day >= date '2101-01-01' then
    raise exception '日期须在 2000–2100 年之间 | Date: a date in the years 2000–2100' using errcode = '22023', hint = 'day';
  end if;
  -- (through the API: for those who read the roster)
  if (select auth.uid()) is not null and private.scope_for('duty_roster', 'read') is null then
    raise exception '无权查看值班表 | You do not read the duty roster' using errcode = '42501', hint = 'day';
  end if;
  select range_agg(int4range((extract(epoch from s.starts_at) / 60)::integer, (extract(epoch from s.ends_at) / 60)::integer))
  into minutes
  from public.duty_roster r join public.duty_shifts s on s.id = r.shift_id
  join public.operators o on o.id = r.operator_id and o.active
  where r.duty_date = duty_day.day;
  missing := int4multirange(int4range(0, 1440)) - coalesce(minutes, '{}'::int4multirange);
  covered := isempty(missing);
  select string_agg(format('%s–%s', to_char(time '00:00' + make_interval(mins => lower(m)), 'HH24:MI'),
                           case when upper(m) = 1440 then '24:00' else to_char(time '00:00' + make_interval(mins => upper(m)), 'HH24:MI') end), '、')
  into uncovered from unnest(missing) m;
  select string_agg(x.name, '、') into special
  from (select c.name from public.business_calendar c where c.day = duty_day.day and c.kind = 'holiday'
        union select d.name from public.duty_special_days d where d.day = duty_day.day) x;
  manager_on_duty := exists (select 1 from public.duty_roster r join public.operators o on o.id = r.operator_id and o.active
                             where r.duty_date = duty_day.day and o.role in ('manager', 'director', 'deputy_gm', 'gm'));
  flag := nullif(concat_ws(' | ',
    nullif(concat_ws('；',
      case when not covered then format('值班未覆盖24小时：%s 无人值班', uncovered) end,
      case when special is not null and not manager_on_duty then format('%s须有中级以上管理人员值班，值班表上没有', special) end), ''),
    nullif(concat_ws('; ',
      case when not covered then format('Not covered around the clock: nobody on %s', uncovered) end,
      case when special is not null and not manager_on_duty then format('%s: a manager of middle level or above must be on duty, none is rostered', special) end), '')), '');
end
$$;
comment on function public.duty_day(date) is '当日值班覆盖 | Duty coverage of a day';

-- The flag on every roster row of a day, computed again when the day's roster changes.
create function private.refresh_duty_day(p_day date) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_flag text := (select d.flag from public.duty_day(p_day) d);
begin
  update public.duty_roster r set day_flag = v_flag where r.duty_date = p_day and r.day_flag is distinct from v_flag;
end
$$;

create function private.duty_roster_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  person public.operators;
begin
  select * into person from public.operators o where o.id = new.operator_id;
  if person.id is null or not person.active then
    raise exception '值班人员须是在岗操作员 | The person on duty must be an active operator' using errcode = '23514', column = 'operator_id';
  end if;
  if person.role = 'admin' then
    raise exception '系统管理员不排值班 | The system administrator is not rostered' using errcode = '23514', column = 'operator_id';
  end if;
  -- The row is filed under the department of the person on duty (a manager rosters his own people).
  new.department_id := person.department_id;
  return new;
end
$$;

create function private.duty_roster_after_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform private.refresh_duty_day(old.duty_date);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and (tg_op = 'INSERT' or new.duty_date is distinct from old.duty_date) then
    perform private.refresh_duty_day(new.duty_date);
  end if;
  return null;
end
$$;

-- A special day added or removed changes the flags of its day.
create function private.duty_special_days_after_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform private.refresh_duty_day(old.day);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform private.refresh_duty_day(new.day);
  end if;
  return null;
end
$$;

revoke all on function private.is_middle_manager(uuid), public.duty_day(date), private.refresh_duty_day(date),
  private.duty_roster_before_write(), private.duty_roster_after_write(), private.duty_special_days_after_write() from public, anon;
grant execute on function public.duty_day(date) to authenticated, service_role;
grant execute on function private.is_middle_manager(uuid) to authenticated, service_role;

create trigger duty_roster_before_write before insert or update of operator_id on public.duty_roster
  for each row execute function private.duty_roster_before_write();
create trigger duty_roster_after_write after insert or update of duty_date, shift_id, operator_id or delete on public.duty_roster
  for each row execute function private.duty_roster_after_write();
create trigger duty_special_days_after_write after insert or update or delete on public.duty_special_days
  for each row execute function private.duty_special_days_after_write();

select private.declare_system_column('public.duty_roster', 'department_id',
  '“部门”是值班人员的部门 | The department is that of the person on duty');
select private.declare_system_column('public.duty_roster', 'day_flag',
  '“当日缺员提示”由系统按当日值班表计算 | The day flag is computed from the day''s roster');

-- ── RLS and permissions ──────────────────────────────────────────────────────────────────
-- Everyone on duty reads the roster and the shifts; managers keep their department's roster, the
-- duty manager (值班经理) and the director the centre's; the director keeps shifts and special days.
select private.create_register_policies('public.duty_shifts');
select private.create_register_policies('public.duty_special_days');
select private.create_register_policies('public.duty_roster', department_column => 'department_id');

insert into public.permissions (role, register, action, scope, note)
select r.role::public.app_role, t.register, 'read', 'all', '所有在岗人员可查看值班表'
from unnest(array['clerk', 'archivist', 'manager', 'director', 'deputy_gm', 'gm']) as r(role)
cross join unnest(array['duty_shifts', 'duty_special_days', 'duty_roster']) as t(register);
insert into public.permissions (role, register, action, scope, note)
select 'manager', 'duty_roster', a.action::public.permission_action, 'department', '部门经理维护本部门值班表'
from unnest(array['create', 'update', 'delete']) as a(action);
insert into public.permissions (role, register, action, scope, note)
select 'director', t.register, a.action::public.permission_action, 'all', '客户服务中心主任维护中心值班表、班次和特殊值班日'
from unnest(array['create', 'update', 'delete']) as a(action)
cross join unnest(array['duty_shifts', 'duty_special_days', 'duty_roster']) as t(register);
insert into public.permissions (duty, register, action, scope, note)
select '值班经理', t.register, a.action::public.permission_action, 'all', '值班经理维护中心值班表和特殊值班日'
from unnest(array['read', 'create', 'update', 'delete']) as a(action)
cross join unnest(array['duty_roster', 'duty_special_days']) as t(register);

-- ── Screens ──────────────────────────────────────────────────────────────────────────────
select private.declare_register('public.duty_roster', menu_group => 'operations', menu_order => 10,
  title_columns => array['duty_date']);
select private.declare_register('public.duty_shifts', menu_group => 'operations', menu_order => 17,
  title_columns => array['name']);
select private.declare_register('public.duty_special_days', menu_group => 'operations', menu_order => 18,
  title_columns => array['name']);
select private.declare_column('public.duty_roster', 'day_flag', kind => 'longtext');

-- ── The daily job "duty coverage" 值班覆盖检查 (issue 15 point 7) ───────────────────────
-- At 16:00 Beijing, as of a given moment: tomorrow's roster must cover 24 hours and, on a holiday
-- or special day, hold a manager of middle level or above. A gap is reported (值班缺员) to the
-- director and the roster keepers (值班经理), once per day and per finding (the dedupe key holds
-- the finding, so a roster changed and still short is reported again). Tomorrow's flags are
-- computed again first (a holiday or special day added since changes them).
create function private.job_duty_coverage(as_of timestamptz) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  tomorrow date := (as_of at time zone 'Asia/Shanghai')::date + 1;
  facts record;
  n integer;
begin
  perform private.refresh_duty_day(tomorrow);
  select * into facts from public.duty_day(tomorrow);
  if facts.flag is null then
    return 0;
  end if;
  select count(*) filter (where private.notify(r.id, '值班缺员',
           format('%s 值班表缺员：%s | Duty roster gap on %s: %s', to_char(tomorrow, 'YYYY-MM-DD'), split_part(facts.flag, ' | ', 1),
                  to_char(tomorrow, 'YYYY-MM-DD'), split_part(facts.flag, ' | ', 2)),
           facts.flag || E'\n客户服务中心实行24小时值班制度；遇特殊情况或节日，须有中级以上管理人员值班 | The centre is staffed around the clock; on holidays and special days a manager of middle level or above is on duty',
           'duty_roster', null, tomorrow::timestamptz,
           'duty-gap:' || tomorrow || ':' || md5(facts.flag) || ':' || r.id))::integer
  into n
  from (select d as id from private.director_ids() d
        union select o.id from public.operators o where o.active and '值班经理' = any (o.duties)) r;
  return n;
end
$$;
revoke all on function private.job_duty_coverage(timestamptz) from public;

-- Cron in UTC: 08:00 UTC is 16:00 in Beijing.
insert into public.scheduled_jobs (name, function_name, schedule, description) values
  ('duty-coverage', 'duty-coverage', '0 8 * * *',
   '值班覆盖检查（每天 16:00）：明日值班表须覆盖24小时，节日和特殊情况须有中级以上管理人员值班 | Duty coverage, daily 16:00: tomorrow covered around the clock, a manager on holidays and special days');
