-- Annual inspection 年度档案检查 (002: 每年对全部档案资料进行全面检查，并做详细记录): a task per
-- cabinet each year, with what was found.

create table public.archive_inspections (
  id uuid primary key default gen_random_uuid(),
  year integer not null,
  room text,
  cabinet text not null,
  due_on date not null,
  inspector_id uuid references public.operators (id),
  inspected_on date,
  files_checked integer,
  findings text,
  status text not null default '待检查',
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint archive_inspections_year_cabinet_key unique nulls not distinct (year, room, cabinet),
  constraint archive_inspections_year_range check (year between 2000 and 2100),
  constraint archive_inspections_room_length check (char_length(room) <= 50),
  constraint archive_inspections_cabinet_length check (char_length(btrim(cabinet)) between 1 and 50),
  constraint archive_inspections_due_on_range check (due_on >= date '2000-01-01' and due_on < date '2101-01-01'),
  constraint archive_inspections_inspected_on_range check (inspected_on >= date '2000-01-01' and inspected_on < date '2101-01-01'),
  constraint archive_inspections_files_checked_range check (files_checked between 0 and 1000000),
  constraint archive_inspections_findings_length check (char_length(findings) <= 4000),
  constraint archive_inspections_status_check check (status in ('待检查', '已检查'))
);
comment on constraint archive_inspections_year_range on public.archive_inspections is '年度须在 2000–2100 之间 | Year: 2000 to 2100';
comment on constraint archive_inspections_room_length on public.archive_inspections is '档案室最多 50 字 | Room: at most 50 characters';
comment on constraint archive_inspections_cabinet_length on public.archive_inspections is '柜号 1–50 字 | Cabinet: 1–50 characters';
comment on constraint archive_inspections_due_on_range on public.archive_inspections is '检查期限须在 2000–2100 年之间 | Due on: a date in the years 2000–2100';
comment on constraint archive_inspections_inspected_on_range on public.archive_inspections is '检查日期须在 2000–2100 年之间 | Inspected on: a date in the years 2000–2100';
comment on constraint archive_inspections_files_checked_range on public.archive_inspections is '检查卷数须在 0–1000000 之间 | Files checked: 0 to 1000000';
comment on constraint archive_inspections_findings_length on public.archive_inspections is '检查记录最多 4000 字 | Findings: at most 4000 characters';
comment on table public.archive_inspections is '年度档案检查 | Annual archive inspections';
comment on column public.archive_inspections.year is '年度 | Year';
comment on column public.archive_inspections.room is '档案室 | Room';
comment on column public.archive_inspections.cabinet is '柜号 | Cabinet';
comment on column public.archive_inspections.due_on is '检查期限 | Due on';
comment on column public.archive_inspections.inspector_id is '检查人 | Inspector';
comment on column public.archive_inspections.inspected_on is '检查日期 | Inspected on';
comment on column public.archive_inspections.files_checked is '检查卷数 | Files checked';
comment on column public.archive_inspections.findings is '检查记录 | Findings';
comment on column public.archive_inspections.status is '状态 | Status';
comment on column public.archive_inspections.version is '版本 | Version';
comment on column public.archive_inspections.created_at is '创建时间 | Created at';
comment on column public.archive_inspections.updated_at is '修改时间 | Updated at';

create index archive_inspections_inspector_id_idx on public.archive_inspections (inspector_id);

alter table public.archive_inspections enable row level security;
revoke all on public.archive_inspections from anon;
grant select, insert, update, delete on public.archive_inspections to authenticated;

select private.register_table('public.archive_inspections');
select private.declare_register('public.archive_inspections', menu_group => 'archive', menu_order => 50,
  title_columns => array['year', 'cabinet']);
select private.label_options('{"待检查": "To inspect", "已检查": "Inspected"}');

-- ══ Rules (issue 14 point 5; 002: 每年对全部档案资料进行全面检查，并做详细记录) ══════════════

-- The day of the year the daily "loans & handovers" job plans the year's inspection (MM-DD).
insert into public.settings (key, value, label) values
  ('archive.inspection_month_day', '"12-01"', '年度档案检查任务生成日（月-日） | Day the annual archive inspection is planned (MM-DD)'),
  ('archive.inspection_days', '30', '年度档案检查完成期限（天） | Days to complete the annual inspection')
on conflict (key) do nothing;

-- One task per (room, cabinet) that holds files in the archive (在库 or 借出), for the year; run
-- again it adds only cabinets not yet planned (idempotent). Each archivist is told once a year.
-- Called by the daily job on archive.inspection_month_day (private.job_* of the loans migration).
create function private.plan_annual_inspections(p_year integer, p_due date) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  added integer;
  archivist record;
begin
  insert into public.archive_inspections (year, room, cabinet, due_on)
  select distinct p_year, nullif(btrim(f.room), ''), btrim(f.cabinet), p_due
  from public.archive_files f
  where f.status in ('在库', '借出') and char_length(btrim(coalesce(f.cabinet, ''))) > 0
  on conflict on constraint archive_inspections_year_cabinet_key do nothing;
  get diagnostics added = row_count;
  if exists (select 1 from public.archive_inspections i where i.year = p_year and i.status = '待检查') then
    for archivist in select o.id from public.operators o where o.active and o.role = 'archivist' loop
      perform private.notify(archivist.id, '档案检查',
        format('%s 年度档案检查：请于 %s 前逐柜检查并记录 | %s annual archive inspection: inspect each cabinet by %s', p_year, p_due, p_year, p_due),
        '每年对全部档案资料进行全面检查，并做详细记录。 | Inspect all files once a year and record the findings.',
        'archive_inspections', null, p_due::timestamptz, format('archive-inspection:%s', p_year));
    end loop;
  end if;
  return added;
end
$$;
revoke all on function private.plan_annual_inspections(integer, date) from public;
grant execute on function private.plan_annual_inspections(integer, date) to service_role;

-- 记录检查: the archivist records what he checked and found; the task is done.
create function public.record_archive_inspection(inspection_id uuid, files_checked integer, findings text,
  inspected_on date default null)
returns public.archive_inspections
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  i public.archive_inspections;
  v_on date := coalesce(inspected_on, (now() at time zone 'Asia/Shanghai')::date);
begin
  select * into i from public.archive_inspections x where x.id = inspection_id for update;
  if i.id is null or private.scope_for('archive_inspections', 'read') is null then
    raise exception '检查任务不存在或无权查看 | No such inspection, or not visible to you' using errcode = 'PT404', hint = 'inspection_id';
  end if;
  if private.scope_for('archive_inspections', 'update') is distinct from 'all' then
    raise exception '无权记录检查：需要档案管理员 | Not allowed: the archivist records the inspection' using errcode = '42501';
  end if;
  if i.status <> '待检查' then
    raise exception '该柜本年度已检查（%） | This cabinet is already inspected this year', i.inspected_on using errcode = 'PT409';
  end if;
  if files_checked is null or files_checked < 0 or files_checked > 1000000 then
    raise exception '请填写检查卷数（0–1000000） | Files checked: 0 to 1000000' using errcode = '22023', hint = 'files_checked';
  end if;
  if char_length(btrim(coalesce(findings, ''))) < 2 then
    raise exception '请写明检查记录（详细记录） | Record the findings' using errcode = '23502', hint = 'findings';
  end if;
  if char_length(findings) > 4000 then
    raise exception '检查记录最多 4000 字 | Findings: at most 4000 characters' using errcode = '22023', hint = 'findings';
  end if;
  if v_on > (now() at time zone 'Asia/Shanghai')::date then
    raise exception '检查日期不能晚于今天 | The inspection date cannot be in the future' using errcode = '22023', hint = 'inspected_on';
  end if;
  if v_on < make_date(i.year, 1, 1) then
    raise exception '检查日期须在 % 年内或之后 | The inspection date falls in the year inspected or after', i.year using errcode = '22023', hint = 'inspected_on';
  end if;
  update public.archive_inspections x
  set status = '已检查', inspector_id = private.my_operator_id(), inspected_on = v_on,
      files_checked = record_archive_inspection.files_checked, findings = btrim(record_archive_inspection.findings)
  where x.id = i.id returning * into i;
  -- The archivist's to-do for the year is done when every cabinet is.
  if not exists (select 1 from public.archive_inspections x where x.year = i.year and x.status = '待检查') then
    update public.notifications n set done_at = now()
    where n.kind = '档案检查' and n.dedupe_key = format('archive-inspection:%s', i.year) and n.done_at is null;
  end if;
  return i;
end
$$;
comment on function public.record_archive_inspection(uuid, integer, text, date) is '记录检查 | Record the inspection';
revoke all on function public.record_archive_inspection(uuid, integer, text, date) from public, anon;
grant execute on function public.record_archive_inspection(uuid, integer, text, date) to authenticated;

select private.create_register_policies('public.archive_inspections', actions => array['select', 'insert', 'update']);
revoke delete on public.archive_inspections from authenticated;
select private.declare_system_column('public.archive_inspections', c.name, c.why)
from (values
  ('status', '“状态”只能通过“记录检查”改变 | The status moves only by Record the inspection'),
  ('inspector_id', '“检查人”由“记录检查”记录为本人 | The inspector is whoever records the inspection'),
  ('inspected_on', '“检查日期”只能通过“记录检查”记录 | The date is recorded only by Record the inspection'),
  ('files_checked', '“检查卷数”只能通过“记录检查”记录 | Files checked are recorded only by Record the inspection'),
  ('findings', '“检查记录”只能通过“记录检查”记录 | Findings are recorded only by Record the inspection')
) as c(name, why);

insert into public.permissions (role, register, action, scope, note) values
  ('archivist', 'archive_inspections', 'read', 'all', '年度档案检查'),
  ('archivist', 'archive_inspections', 'create', 'all', '补充检查任务'),
  ('archivist', 'archive_inspections', 'update', 'all', '记录检查结果'),
  ('gm', 'archive_inspections', 'read', 'all', null);

select private.declare_column('public.archive_inspections', 'findings', kind => 'longtext');
select private.declare_column('public.archive_inspections', 'year', kind => 'code_number');
select private.declare_move('public.archive_inspections', 'record', '记录检查 | Record the inspection', 'record_archive_inspection', 'inspection_id',
  fields => '[{"name": "files_checked", "label": "检查卷数 | Files checked", "column": "files_checked", "required": true},
              {"name": "findings", "label": "检查记录 | Findings", "column": "findings", "kind": "longtext", "required": true},
              {"name": "inspected_on", "label": "检查日期 | Inspected on", "column": "inspected_on"}]',
  state_column => 'status', from_states => array['待检查'], to_state => '已检查',
  condition => $$private.scope_for('archive_inspections', 'update') = 'all'$$);
