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
  constraint archive_inspections_year_cabinet_key unique (year, room, cabinet),
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
