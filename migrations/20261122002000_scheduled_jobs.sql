-- The job schedule, defined once: each scheduled Edge Function with its cron expression, and a
-- record of every run. The embedded stack's scheduler and pg_cron (on Supabase) read this table.

create table public.scheduled_jobs (
  name text primary key,
  function_name text not null,
  schedule text not null,
  enabled boolean not null default true,
  description text,
  last_run_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint scheduled_jobs_name_format check (name ~ '^[a-z0-9-]{1,60}$'),
  constraint scheduled_jobs_function_name_format check (function_name ~ '^[a-z0-9_-]{1,60}$'),
  constraint scheduled_jobs_schedule_fields check (array_length(regexp_split_to_array(btrim(schedule), '\s+'), 1) between 5 and 6),
  constraint scheduled_jobs_description_length check (char_length(description) <= 500)
);
comment on constraint scheduled_jobs_description_length on public.scheduled_jobs is '说明最多 500 字 | Description: at most 500 characters';
comment on table public.scheduled_jobs is '定时任务 | Scheduled jobs';
comment on column public.scheduled_jobs.name is '任务 | Job';
comment on column public.scheduled_jobs.function_name is 'Edge Function | Edge Function';
comment on column public.scheduled_jobs.schedule is '计划 (cron) | Schedule (cron)';
comment on column public.scheduled_jobs.enabled is '启用 | Enabled';
comment on column public.scheduled_jobs.description is '说明 | Description';
comment on column public.scheduled_jobs.last_run_at is '上次运行 | Last run';

create table public.job_runs (
  id bigint generated always as identity primary key,
  job_name text not null references public.scheduled_jobs (name) on delete cascade,
  as_of timestamptz not null,
  trigger text not null default 'schedule',
  started_at timestamptz not null default clock_timestamp(),
  finished_at timestamptz,
  rows_affected integer not null default 0,
  error text,
  constraint job_runs_trigger_check check (trigger in ('schedule', 'manual')),
  constraint job_runs_finished_after_start check (finished_at is null or finished_at >= started_at)
);
comment on table public.job_runs is '任务运行记录 | Job runs';
comment on column public.job_runs.job_name is '任务 | Job';
comment on column public.job_runs.as_of is '业务时点 | As of';
comment on column public.job_runs.trigger is '触发方式 | Trigger';
comment on column public.job_runs.started_at is '开始 | Started';
comment on column public.job_runs.finished_at is '结束 | Finished';
comment on column public.job_runs.rows_affected is '影响行数 | Rows affected';
comment on column public.job_runs.error is '错误 | Error';

select private.label_options('{"schedule": "Scheduled", "manual": "Manual"}');

create index job_runs_job_name_started_at_idx on public.job_runs (job_name, started_at desc);

alter table public.scheduled_jobs enable row level security;
alter table public.job_runs enable row level security;

revoke all on public.scheduled_jobs, public.job_runs from anon, authenticated;
grant select, update on public.scheduled_jobs to authenticated;
grant select on public.job_runs to authenticated;

-- Who sees the schedule and may pause or resume a job is in the permission table (admins by
-- default); the scheduler itself (service_role) bypasses RLS.
-- Jobs are added by migrations and never deleted: the API may read and pause or resume them.
select private.create_register_policies('public.scheduled_jobs', actions => array['select', 'update']);
select private.create_register_policies('public.job_runs', register => 'scheduled_jobs', actions => array['select']);

select private.register_table('public.scheduled_jobs');
select private.declare_system_column('public.scheduled_jobs', 'last_run_at',
  '“上次运行”由调度器记录 | Last run is recorded by the scheduler');

-- The heartbeat proves the scheduler → Edge Function → SQL pipe; it runs through public.run_job
-- like every job (see the scheduled job runs migration).
insert into public.scheduled_jobs (name, function_name, schedule, description)
values ('heartbeat', 'heartbeat', '*/5 * * * *', '调度自检：每 5 分钟记录一次运行 | Scheduler self-check every 5 minutes');

-- ── Screens (register declarations) ──────────────────────────────────────────────────────
-- Runs are shown on the job's own page.
select private.declare_register('public.scheduled_jobs', menu_group => 'system', menu_order => 40, title_columns => array['name']);
select private.declare_register('public.job_runs', in_menu => false);
select private.declare_column('public.scheduled_jobs', 'description', kind => 'longtext');
