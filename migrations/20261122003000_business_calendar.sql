-- The business calendar: dated exceptions to the Monday–Friday week (public holidays, and the
-- weekend days that are working days, 调休), and the working-day arithmetic every deadline uses.

create table public.business_calendar (
  day date primary key,
  kind text not null,
  name text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint business_calendar_kind_check check (kind in ('holiday', 'workday')),
  constraint business_calendar_name_not_blank check (length(btrim(name)) between 1 and 50),
  -- Bounded input: free text has a length limit, numbers are finite, dates fall in 2000–2100.
  constraint business_calendar_day_range check (day >= date '2000-01-01' and day < date '2101-01-01')
);
comment on constraint business_calendar_day_range on public.business_calendar is '日期须在 2000–2100 年之间 | Date: a date in the years 2000–2100';
comment on table public.business_calendar is '工作日历 | Business calendar';
comment on column public.business_calendar.day is '日期 | Date';
comment on column public.business_calendar.kind is '类型（holiday 放假 / workday 调休上班） | Kind (holiday / make-up working day)';
comment on column public.business_calendar.name is '名称 | Name';
comment on column public.business_calendar.version is '版本 | Version';
comment on column public.business_calendar.created_at is '创建时间 | Created at';
comment on column public.business_calendar.updated_at is '修改时间 | Updated at';

select private.label_options('{"holiday": "Public holiday", "workday": "Make-up working day"}');

alter table public.business_calendar enable row level security;
revoke all on public.business_calendar from anon;
grant select, insert, update, delete on public.business_calendar to authenticated;

select private.create_register_policies('public.business_calendar');

select private.register_table('public.business_calendar');

-- ── Working-day arithmetic (Asia/Shanghai dates) ─────────────────────────────────────────
create function public.is_working_day(d date) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(
    (select c.kind = 'workday' from public.business_calendar c where c.day = d),
    extract(isodow from d) < 6
  )
$$;
comment on function public.is_working_day(date) is '是否工作日 | Is a working day';

-- The bounds of working-day arithmetic: dates in 2000–2100 and at most 3660 days (ten years) at
-- a time. No deadline needs more, and each day costs a calendar lookup, so an unbounded call
-- (2^31 days, an instant at infinity) would hold a connection for seconds: refused with 22023
-- (HTTP 400) before any work.
create function private.check_working_day_range(from_at timestamptz, to_at timestamptz, n integer) returns void
language plpgsql immutable set search_path = ''
as $$
begin
  if n is not null and abs(n::bigint) > 3660 then
    raise exception '工作日数超出范围（最多 3660 天）：% | Working days out of range (at most 3660): %', n, n
      using errcode = '22023';
  end if;
  if not (pg_catalog.isfinite(from_at) and from_at >= timestamptz '2000-01-01 00:00+08' and from_at < timestamptz '2101-01-01 00:00+08')
     or (to_at is not null and not (pg_catalog.isfinite(to_at) and to_at >= timestamptz '2000-01-01 00:00+08' and to_at < timestamptz '2101-01-01 00:00+08')) then
    raise exception '日期超出范围（2000–2100 年）：% | Date out of range (years 2000–2100): %', coalesce(to_at, from_at), coalesce(to_at, from_at)
      using errcode = '22023';
  end if;
  if to_at is not null and abs(extract(epoch from to_at - from_at)) > 3660 * 86400 then
    raise exception '时间跨度超出范围（最多 3660 天） | Span out of range (at most 3660 days)' using errcode = '22023';
  end if;
end
$$;
revoke all on function private.check_working_day_range(timestamptz, timestamptz, integer) from public;
grant execute on function private.check_working_day_range(timestamptz, timestamptz, integer) to authenticated, service_role;

-- The date N working days after the given instant's local date (N = 0: that date if working,
-- else the next working day). "Within 5 working days of first contact" = add_working_days(t, 5).
create function public.add_working_days(from_at timestamptz, n integer) returns date
language plpgsql stable security definer set search_path = ''
as $$
declare
  d date;
  remaining integer := n;
  -- Remembered for the transaction (an import computes the same deadline for thousands of rows);
  -- a change to the calendar in the same transaction starts afresh (business_calendar_changed).
  cache_key text;
  cached text;
begin
  if from_at is null or n is null then
    return null;
  end if;
  if n < 0 then
    raise exception '工作日数不能为负数：%', n using errcode = '22023';
  end if;
  perform private.check_working_day_range(from_at, null, n);
  d := (from_at at time zone 'Asia/Shanghai')::date;
  cache_key := format('taizhang.wd_%s_%s_%s', to_char(d, 'YYYYMMDD'), n, coalesce(nullif(current_setting('taizhang.calendar_epoch', true), ''), '0'));
  cached := current_setting(cache_key, true);
  if cached is not null and cached <> '' then
    return cached::date;
  end if;
  if remaining = 0 then
    while not public.is_working_day(d) loop
      d := d + 1;
    end loop;
  end if;
  while remaining > 0 loop
    d := d + 1;
    if public.is_working_day(d) then
      remaining := remaining - 1;
    end if;
  end loop;
  perform set_config(cache_key, d::text, true);
  return d;
end
$$;
comment on function public.add_working_days(timestamptz, integer) is '加 N 个工作日 | Add N working days';

-- A change to the calendar forgets the working days add_working_days remembered in this transaction.
create function private.business_calendar_changed() returns trigger
language plpgsql set search_path = ''
as $$
begin
  perform set_config('taizhang.calendar_epoch', (coalesce(nullif(current_setting('taizhang.calendar_epoch', true), ''), '0')::bigint + 1)::text, true);
  return null;
end
$$;
revoke all on function private.business_calendar_changed() from public;
create trigger business_calendar_changed after insert or update or delete or truncate on public.business_calendar
  for each statement execute function private.business_calendar_changed();

-- Working days strictly after the first instant's date up to and including the second's.
create function public.working_days_between(from_at timestamptz, to_at timestamptz) returns integer
language plpgsql stable security definer set search_path = ''
as $$
begin
  if from_at is null or to_at is null then
    return null;
  end if;
  perform private.check_working_day_range(from_at, to_at, null);
  if to_at < from_at then
    return -public.working_days_between(to_at, from_at);
  end if;
  return (
    select count(*)::integer
    from generate_series(
      (from_at at time zone 'Asia/Shanghai')::date + 1,
      (to_at at time zone 'Asia/Shanghai')::date,
      interval '1 day'
    ) as g(day)
    where public.is_working_day(g.day::date)
  );
end
$$;
comment on function public.working_days_between(timestamptz, timestamptz) is '两时点间工作日数 | Working days between';

revoke all on function public.is_working_day(date), public.add_working_days(timestamptz, integer),
  public.working_days_between(timestamptz, timestamptz) from public, anon;
grant execute on function public.is_working_day(date), public.add_working_days(timestamptz, integer),
  public.working_days_between(timestamptz, timestamptz) to authenticated, service_role;

-- ── Permissions: everyone reads the calendar, admins keep it ─────────────────────────────
insert into public.permissions (role, register, action, scope, note)
select r.role::public.app_role, 'business_calendar', 'read', 'all', '所有在岗人员可查看工作日历'
from unnest(enum_range(null::public.app_role)::text[]) as r(role);
insert into public.permissions (role, register, action, scope, note)
select 'admin', 'business_calendar', a.action::public.permission_action, 'all', '系统管理员维护工作日历'
from unnest(array['create', 'update', 'delete']) as a(action);

-- ── China's official schedules (国务院办公厅关于部分节假日安排的通知) 2025 and 2026 ──────────
insert into public.business_calendar (day, kind, name)
select d::date, 'holiday', name
from (values
  ('2025-01-01', '2025-01-01', '元旦'),
  ('2025-01-28', '2025-02-04', '春节'),
  ('2025-04-04', '2025-04-06', '清明节'),
  ('2025-05-01', '2025-05-05', '劳动节'),
  ('2025-05-31', '2025-06-02', '端午节'),
  ('2025-10-01', '2025-10-08', '国庆节、中秋节'),
  ('2026-01-01', '2026-01-03', '元旦'),
  ('2026-02-15', '2026-02-23', '春节'),
  ('2026-04-04', '2026-04-06', '清明节'),
  ('2026-05-01', '2026-05-05', '劳动节'),
  ('2026-06-19', '2026-06-21', '端午节'),
  ('2026-09-25', '2026-09-27', '中秋节'),
  ('2026-10-01', '2026-10-07', '国庆节')
) as h(first_day, last_day, name)
cross join lateral generate_series(h.first_day::date, h.last_day::date, interval '1 day') as d;

insert into public.business_calendar (day, kind, name) values
  ('2025-01-26', 'workday', '春节调休上班'),
  ('2025-02-08', 'workday', '春节调休上班'),
  ('2025-04-27', 'workday', '劳动节调休上班'),
  ('2025-09-28', 'workday', '国庆节调休上班'),
  ('2025-10-11', 'workday', '国庆节调休上班'),
  ('2026-01-04', 'workday', '元旦调休上班'),
  ('2026-02-14', 'workday', '春节调休上班'),
  ('2026-02-28', 'workday', '春节调休上班'),
  ('2026-05-09', 'workday', '劳动节调休上班'),
  ('2026-09-20', 'workday', '国庆节调休上班'),
  ('2026-10-10', 'workday', '国庆节调休上班');

-- ── Screens (register declarations) ──────────────────────────────────────────────────────
select private.declare_register('public.business_calendar', menu_group => 'system', menu_order => 20, title_columns => array['day', 'name']);
