-- Contacts & visits 客户往来 / 拜访记录: every touch with a customer. They keep the customer's last
-- valid follow-up up to date (three SMS in a row are not valid follow-up), and a day's records
-- entered after 20:00 are flagged late.

create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  kind text not null,
  contact_at timestamptz not null default now(),
  staff_id uuid not null default private.my_operator_id() references public.operators (id),
  department_id uuid references public.departments (id),
  summary text not null,
  next_step text,
  next_step_on date,
  recorded_late boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint contacts_kind_check check (kind in ('拜访', '电话', '信函', '传真', '邮件', '短信')),
  constraint contacts_summary_not_blank check (length(btrim(summary)) between 2 and 2000),
  constraint contacts_next_step_after_contact check (next_step_on is null or next_step_on >= (contact_at at time zone 'Asia/Shanghai')::date),
  -- Bounded input: free text has a length limit, numbers are finite, dates fall in 2000–2100.
  constraint contacts_next_step_length check (char_length(next_step) <= 500),
  constraint contacts_contact_at_range check (contact_at >= timestamptz '2000-01-01 00:00+08' and contact_at < timestamptz '2101-01-01 00:00+08'),
  constraint contacts_next_step_on_range check (next_step_on >= date '2000-01-01' and next_step_on < date '2101-01-01')
);
comment on constraint contacts_next_step_length on public.contacts is '下一步最多 500 字 | Next step: at most 500 characters';
comment on constraint contacts_contact_at_range on public.contacts is '时间须在 2000–2100 年之间 | Time: a date in the years 2000–2100';
comment on constraint contacts_next_step_on_range on public.contacts is '下一步日期须在 2000–2100 年之间 | Next step on: a date in the years 2000–2100';
comment on table public.contacts is '客户往来 | Contacts & visits';
comment on column public.contacts.customer_id is '客户 | Customer';
comment on column public.contacts.kind is '方式 | Kind';
comment on column public.contacts.contact_at is '时间 | Time';
comment on column public.contacts.staff_id is '经办人 | Staff';
comment on column public.contacts.department_id is '部门 | Department';
comment on column public.contacts.summary is '内容摘要 | Summary';
comment on column public.contacts.next_step is '下一步 | Next step';
comment on column public.contacts.next_step_on is '下一步日期 | Next step on';
comment on column public.contacts.recorded_late is '晚于当日20:00录入 | Recorded after 20:00';
comment on column public.contacts.version is '版本 | Version';
comment on column public.contacts.created_at is '录入时间 | Recorded at';
comment on column public.contacts.updated_at is '修改时间 | Updated at';

create index contacts_customer_id_contact_at_idx on public.contacts (customer_id, contact_at desc);
create index contacts_staff_id_idx on public.contacts (staff_id);
create index contacts_department_id_idx on public.contacts (department_id);

-- A customer's last valid follow-up: the latest contact, unless the latest ones are an SMS-only
-- streak as long as the setting (3), in which case the latest contact before that streak. A contact
-- dated after it was recorded (a future date, beyond a few minutes of clock difference) is no
-- follow-up at all, then or later: it had not happened when it was written down.
create function private.last_valid_follow_up(p_customer uuid) returns timestamptz
language sql stable security definer set search_path = ''
as $$
  with ordered as (
    select c.contact_at, c.kind, row_number() over (order by c.contact_at desc) as n
    from public.contacts c where c.customer_id = p_customer
      and c.contact_at <= c.created_at + interval '5 minutes'
  ), streak as (
    select coalesce(min(n) - 1, (select count(*) from ordered)) as sms_run
    from ordered where kind <> '短信'
  )
  select case
    when (select sms_run from streak) >= private.setting_int('customer.sms_streak_invalid', 3)
      then (select max(contact_at) from ordered where kind <> '短信')
    else (select max(contact_at) from ordered)
  end
$$;
revoke all on function private.last_valid_follow_up(uuid) from public;

create function private.contacts_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  select c.department_id into new.department_id from public.customers c where c.id = new.customer_id;
  if tg_op = 'INSERT' and not private.keeping_rows_as_given() then
    new.recorded_late := now() > (((new.contact_at at time zone 'Asia/Shanghai')::date + time '20:00') at time zone 'Asia/Shanghai');
  end if;
  return new;
end
$$;

create function private.contacts_refresh_follow_up() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  affected uuid := case when tg_op = 'DELETE' then old.customer_id else new.customer_id end;
begin
  update public.customers set last_follow_up_at = private.last_valid_follow_up(affected)
  where id = affected and last_follow_up_at is distinct from private.last_valid_follow_up(affected);
  return null;
end
$$;
revoke all on function private.contacts_before_write(), private.contacts_refresh_follow_up() from public;

create trigger contacts_before_write before insert or update on public.contacts
  for each row execute function private.contacts_before_write();
create trigger contacts_refresh_follow_up after insert or update or delete on public.contacts
  for each row execute function private.contacts_refresh_follow_up();

alter table public.contacts enable row level security;
revoke all on public.contacts from anon;
grant select, insert, update, delete on public.contacts to authenticated;

-- Readable with the customer: whoever may read the customer reads its contacts, and only for a
-- customer one can see may a contact be recorded.
select private.create_register_policies('public.contacts', owner_column => 'staff_id', department_column => 'department_id',
  read_also => 'exists (select 1 from public.customers c where c.id = customer_id)',
  insert_if => 'exists (select 1 from public.customers c where c.id = customer_id)');

select private.register_table('public.contacts');
-- Who recorded it, when it was recorded and whose department it counts for are the database's.
select private.declare_system_column('public.contacts', c.name, c.why)
from (values
  ('recorded_late', '“晚于当日20:00录入”由系统按录入时间判断，不能修改 | Recorded after 20:00 is judged by the database from the time of entry'),
  ('staff_id', '“经办人”是录入人本人，不能代他人录入或修改 | The staff member is whoever records the contact and cannot be changed'),
  ('department_id', '“部门”随客户所属部门，不能修改 | The department follows the customer''s and cannot be edited')
) as c(name, why);

select private.label_options('{
  "拜访": "Visit", "电话": "Phone", "信函": "Letter", "传真": "Fax", "邮件": "Email", "短信": "Text message"
}');

insert into public.permissions (role, register, action, scope, note) values
  ('clerk', 'contacts', 'read', 'own', '随客户可见'),
  ('clerk', 'contacts', 'create', 'own', null),
  ('clerk', 'contacts', 'update', 'own', null),
  ('clerk', 'contacts', 'delete', 'own', null),
  ('manager', 'contacts', 'read', 'department', null),
  ('manager', 'contacts', 'create', 'own', null),
  ('manager', 'contacts', 'update', 'department', null),
  ('manager', 'contacts', 'delete', 'department', null),
  ('director', 'contacts', 'read', 'all', null),
  ('director', 'contacts', 'create', 'own', null),
  ('gm', 'contacts', 'read', 'all', null);

-- ── Screens (register declarations) ──────────────────────────────────────────────────────
select private.declare_register('public.contacts', menu_group => 'service', menu_order => 20,
  print_title => '客户往来/拜访记录 | Contact and visit record');
select private.declare_column('public.contacts', 'summary', kind => 'longtext');
