-- QC groups 质量管理小组 (issue 15 point 5; RULES §18; 003 第五条): a group with its leader and
-- members and its topic (课题), registered with the company's general office (到公司综合部进行课题
-- 注册登记 — here the director 客服中心主任 registers it, permission qc_groups/approve); activities
-- (date, PDCA stage 计划/实施/检查/处理, minutes: 《qc小组活动记录表》) are recorded only once the
-- topic is registered; at least one activity a month (小组活动每月应不少于一次): a month without one
-- is flagged on the group (missed_month); a group without activity for six months (停止活动不得超过
-- 半年) is flagged (idle_flagged_at, idle_since) and must then record a reason (如遇特殊情需及时向
-- 公司綜合部進行原因說明): while flagged, no change of the group and no new activity is accepted
-- without idle_reason. The flags are the system's (job "QC idle check", monthly); an activity after
-- the flag clears it (the reason stays, as the explanation of that gap).

create table public.qc_groups (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  leader_id uuid not null default private.my_operator_id() references public.operators (id),
  department_id uuid references public.departments (id),
  topic text not null,
  topic_registered_at timestamptz,
  registered_by uuid references public.operators (id),
  last_activity_on date,
  missed_month date,
  idle_since date,
  idle_flagged_at timestamptz,
  idle_reason text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint qc_groups_name_key unique (name),
  constraint qc_groups_name_length check (char_length(btrim(name)) between 2 and 100),
  constraint qc_groups_topic_length check (char_length(btrim(topic)) between 2 and 200),
  constraint qc_groups_idle_reason_length check (char_length(idle_reason) <= 1000),
  constraint qc_groups_topic_registered_at_range check (topic_registered_at >= timestamptz '2000-01-01 00:00+08' and topic_registered_at < timestamptz '2101-01-01 00:00+08'),
  constraint qc_groups_last_activity_on_range check (last_activity_on >= date '2000-01-01' and last_activity_on < date '2101-01-01'),
  constraint qc_groups_missed_month_range check (missed_month >= date '2000-01-01' and missed_month < date '2101-01-01'),
  constraint qc_groups_idle_since_range check (idle_since >= date '2000-01-01' and idle_since < date '2101-01-01'),
  constraint qc_groups_idle_flagged_at_range check (idle_flagged_at >= timestamptz '2000-01-01 00:00+08' and idle_flagged_at < timestamptz '2101-01-01 00:00+08')
);
comment on constraint qc_groups_name_key on public.qc_groups is '小组名称已存在 | A group of that name exists';
comment on constraint qc_groups_name_length on public.qc_groups is '小组名称 2–100 字 | Name: 2–100 characters';
comment on constraint qc_groups_topic_length on public.qc_groups is '课题 2–200 字 | Topic: 2–200 characters';
comment on constraint qc_groups_idle_reason_length on public.qc_groups is '停止活动原因最多 1000 字 | Idle reason: at most 1000 characters';
comment on constraint qc_groups_topic_registered_at_range on public.qc_groups is '注册登记时间须在 2000–2100 年之间 | Registered at: a date in the years 2000–2100';
comment on constraint qc_groups_last_activity_on_range on public.qc_groups is '最近活动日期须在 2000–2100 年之间 | Last activity: a date in the years 2000–2100';
comment on constraint qc_groups_missed_month_range on public.qc_groups is '未活动月份须在 2000–2100 年之间 | Month without activity: in the years 2000–2100';
comment on constraint qc_groups_idle_since_range on public.qc_groups is '停止活动起始日须在 2000–2100 年之间 | Idle since: a date in the years 2000–2100';
comment on constraint qc_groups_idle_flagged_at_range on public.qc_groups is '停活标记时间须在 2000–2100 年之间 | Flagged idle at: a date in the years 2000–2100';
comment on table public.qc_groups is '质量管理小组 | QC groups';
comment on column public.qc_groups.name is '小组名称 | Group name';
comment on column public.qc_groups.leader_id is '组长 | Leader';
comment on column public.qc_groups.department_id is '部门 | Department';
comment on column public.qc_groups.topic is '课题 | Topic';
comment on column public.qc_groups.topic_registered_at is '课题注册登记时间 | Topic registered at';
comment on column public.qc_groups.registered_by is '注册登记人 | Registered by';
comment on column public.qc_groups.last_activity_on is '最近活动日期 | Last activity';
comment on column public.qc_groups.missed_month is '未开展活动的月份 | Month without activity';
comment on column public.qc_groups.idle_since is '停止活动起始日 | Idle since';
comment on column public.qc_groups.idle_flagged_at is '停活超半年标记时间 | Flagged idle six months at';
comment on column public.qc_groups.idle_reason is '停止活动原因说明 | Reason for being idle';
comment on column public.qc_groups.version is '版本 | Version';
comment on column public.qc_groups.created_at is '创建时间 | Created at';
comment on column public.qc_groups.updated_at is '修改时间 | Updated at';
create index qc_groups_leader_id_idx on public.qc_groups (leader_id);
create index qc_groups_department_id_idx on public.qc_groups (department_id);
create index qc_groups_registered_by_idx on public.qc_groups (registered_by);

create table public.qc_group_members (
  id uuid primary key default gen_random_uuid(),
  group_id uuid not null references public.qc_groups (id) on delete cascade,
  operator_id uuid not null references public.operators (id),
  duty text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint qc_group_members_once unique (group_id, operator_id),
  constraint qc_group_members_duty_length check (char_length(duty) <= 100)
);
comment on constraint qc_group_members_once on public.qc_group_members is '该成员已在小组中 | Already a member of this group';
comment on constraint qc_group_members_duty_length on public.qc_group_members is '分工最多 100 字 | Duty: at most 100 characters';
comment on table public.qc_group_members is 'QC小组成员 | QC group members';
comment on column public.qc_group_members.group_id is '小组 | Group';
comment on column public.qc_group_members.operator_id is '成员 | Member';
comment on column public.qc_group_members.duty is '分工 | Duty in the group';
comment on column public.qc_group_members.version is '版本 | Version';
comment on column public.qc_group_members.created_at is '创建时间 | Created at';
comment on column public.qc_group_members.updated_at is '修改时间 | Updated at';
create index qc_group_members_operator_id_idx on public.qc_group_members (operator_id);

create table public.qc_activities (
  id uuid primary key default gen_random_uuid(),
  group_id uuid not null references public.qc_groups (id) on delete cascade,
  held_on date not null,
  stage text not null,
  minutes text not null,
  recorded_by uuid not null default private.my_operator_id() references public.operators (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint qc_activities_stage_check check (stage in ('计划', '实施', '检查', '处理')),
  constraint qc_activities_held_on_range check (held_on >= date '2000-01-01' and held_on < date '2101-01-01'),
  constraint qc_activities_minutes_length check (char_length(btrim(minutes)) between 2 and 5000)
);
comment on constraint qc_activities_stage_check on public.qc_activities is 'PDCA阶段须为计划、实施、检查或处理 | PDCA stage: plan, do, check or act';
comment on constraint qc_activities_held_on_range on public.qc_activities is '活动日期须在 2000–2100 年之间 | Held on: a date in the years 2000–2100';
comment on constraint qc_activities_minutes_length on public.qc_activities is '活动记录 2–5000 字 | Minutes: 2–5000 characters';
comment on table public.qc_activities is 'QC小组活动记录 | QC group activities';
comment on column public.qc_activities.group_id is '小组 | Group';
comment on column public.qc_activities.held_on is '活动日期 | Held on';
comment on column public.qc_activities.stage is 'PDCA阶段 | PDCA stage';
comment on column public.qc_activities.minutes is '活动记录 | Minutes';
comment on column public.qc_activities.recorded_by is '记录人 | Recorded by';
comment on column public.qc_activities.version is '版本 | Version';
comment on column public.qc_activities.created_at is '创建时间 | Created at';
comment on column public.qc_activities.updated_at is '修改时间 | Updated at';
create index qc_activities_group_id_idx on public.qc_activities (group_id, held_on);
create index qc_activities_recorded_by_idx on public.qc_activities (recorded_by);

alter table public.qc_groups enable row level security;
alter table public.qc_group_members enable row level security;
alter table public.qc_activities enable row level security;
revoke all on public.qc_groups, public.qc_group_members, public.qc_activities from anon, authenticated;
grant select, insert, update, delete on public.qc_groups, public.qc_group_members, public.qc_activities to authenticated;

select private.register_table('public.qc_groups');
select private.register_table('public.qc_group_members');
select private.register_table('public.qc_activities');
select private.label_options('{"计划": "Plan", "实施": "Do", "检查": "Check", "处理": "Act"}');

-- ── Who may ──────────────────────────────────────────────────────────────────────────────
-- The caller leads the group, or keeps every group (the director: qc_groups update all).
create function private.qc_leads(p_group uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select g.leader_id = private.my_operator_id() from public.qc_groups g where g.id = p_group), false)
      or coalesce(private.scope_for('qc_groups', 'update') = 'all', false)
$$;
-- The caller may record the group's activities: its leader, a member, or the director.
create function private.qc_may_record(p_group uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select private.qc_leads(p_group)
      or exists (select 1 from public.qc_group_members m where m.group_id = p_group and m.operator_id = private.my_operator_id())
$$;
-- The caller registers topics (公司综合部: the director, qc_groups approve).
create function private.may_register_qc_topic() returns boolean
language sql stable security definer set search_path = ''
as $$
  select private.scope_for('qc_groups', 'approve') is not null
$$;
revoke all on function private.qc_leads(uuid), private.qc_may_record(uuid), private.may_register_qc_topic() from public;
grant execute on function private.qc_leads(uuid), private.qc_may_record(uuid), private.may_register_qc_topic() to authenticated, service_role;

-- ── Rules ────────────────────────────────────────────────────────────────────────────────
create function private.qc_groups_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if coalesce(current_setting('taizhang.qc_move', true), '') = 'on' then
    return new;
  end if;
  if tg_op = 'INSERT' then
    if not private.keeping_rows_as_given() and (select auth.uid()) is not null then
      new.topic_registered_at := null;
      new.registered_by := null;
      new.last_activity_on := null;
      new.missed_month := null;
      new.idle_since := null;
      new.idle_flagged_at := null;
    end if;
  else
    -- 如遇特殊情需及时向公司綜合部進行原因說明: once flagged idle, the group says why before anything else.
    if old.idle_flagged_at is not null and char_length(btrim(coalesce(new.idle_reason, ''))) < 2
       and (to_jsonb(new) - array['version', 'updated_at']) is distinct from (to_jsonb(old) - array['version', 'updated_at']) then
      raise exception '小组已停止活动超过半年（自 %起），须先填写停止活动原因说明 | The group has been idle six months (since %): record the reason first', old.idle_since, old.idle_since
        using errcode = '23502', column = 'idle_reason';
    end if;
    -- A new topic needs a new registration (课题注册登记).
    if new.topic is distinct from old.topic and old.topic_registered_at is not null then
      new.topic_registered_at := null;
      new.registered_by := null;
    end if;
  end if;
  select o.department_id into new.department_id from public.operators o where o.id = new.leader_id;
  return new;
end
$$;
create trigger qc_groups_before_write before insert or update on public.qc_groups
  for each row execute function private.qc_groups_before_write();

-- A topic awaiting registration: the director(s) are told once per topic.
create function private.qc_groups_after_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  person uuid;
begin
  if new.topic_registered_at is null and not private.keeping_rows_as_given() then
    for person in select private.director_ids() loop
      perform private.notify(person, 'QC小组', format('QC小组“%s”的课题待注册登记：%s | QC group "%s" has a topic to register: %s', new.name, new.topic, new.name, new.topic),
        '各质量管理(qc)小组开展活动，必须按照要求到公司综合部进行课题注册登记 | A QC group registers its topic before its activities',
        'qc_groups', new.id::text, null, 'qc-register:' || new.id || ':' || md5(new.topic) || ':' || person);
    end loop;
  end if;
  return null;
end
$$;
create trigger qc_groups_after_write after insert or update of topic on public.qc_groups
  for each row execute function private.qc_groups_after_write();

create function private.qc_activities_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  grp public.qc_groups;
begin
  if tg_op = 'UPDATE' and new.group_id is distinct from old.group_id then
    raise exception '活动记录不能移到另一个小组 | An activity cannot move to another group' using errcode = '42501', column = 'group_id';
  end if;
  select * into grp from public.qc_groups g where g.id = new.group_id for update;
  if tg_op = 'INSERT' and not private.keeping_rows_as_given() and (select auth.uid()) is not null then
    new.recorded_by := private.my_operator_id();
  end if;
  if private.keeping_rows_as_given() or (select auth.uid()) is null then
    return new;
  end if;
  if grp.topic_registered_at is null then
    raise exception '小组课题尚未到综合部注册登记，不能开展活动 | The group''s topic is not yet registered: no activity before registration'
      using errcode = 'PT409', column = 'group_id';
  end if;
  if new.held_on > (now() at time zone 'Asia/Shanghai')::date then
    raise exception '活动日期不能晚于今天 | An activity cannot be dated in the future' using errcode = '22023', column = 'held_on';
  end if;
  if new.held_on < (grp.created_at at time zone 'Asia/Shanghai')::date then
    raise exception '活动日期不能早于小组成立 | An activity cannot be dated before the group was formed' using errcode = '22023', column = 'held_on';
  end if;
  if grp.idle_flagged_at is not null and char_length(btrim(coalesce(grp.idle_reason, ''))) < 2 then
    raise exception '小组已停止活动超过半年（自 %起），须先在小组中填写停止活动原因说明 | The group has been idle six months (since %): record the reason on the group first', grp.idle_since, grp.idle_since
      using errcode = '23502', column = 'group_id';
  end if;
  return new;
end
$$;
create trigger qc_activities_before_write before insert or update on public.qc_activities
  for each row execute function private.qc_activities_before_write();

-- The group's last activity follows its activities; an activity after the idle flag (or in the
-- month found missing) clears that flag.
create function private.qc_activities_after_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  grp_id uuid := case when tg_op = 'DELETE' then old.group_id else new.group_id end;
  last_on date;
begin
  select max(a.held_on) into last_on from public.qc_activities a where a.group_id = grp_id;
  perform set_config('taizhang.qc_move', 'on', true);
  update public.qc_groups g
  set last_activity_on = last_on,
      missed_month = case when g.missed_month is not null and exists (
                       select 1 from public.qc_activities a where a.group_id = g.id
                         and a.held_on >= g.missed_month and a.held_on < (g.missed_month + interval '1 month')::date)
                     then null else g.missed_month end,
      idle_flagged_at = case when last_on > g.idle_since then null else g.idle_flagged_at end,
      idle_since = case when last_on > g.idle_since then null else g.idle_since end
  where g.id = grp_id
    and (g.last_activity_on is distinct from last_on or g.missed_month is not null or g.idle_flagged_at is not null);
  perform set_config('taizhang.qc_move', 'off', true);
  return null;
end
$$;
create trigger qc_activities_after_write after insert or update of held_on or delete on public.qc_activities
  for each row execute function private.qc_activities_after_write();

revoke all on function private.qc_groups_before_write(), private.qc_groups_after_write(),
  private.qc_activities_before_write(), private.qc_activities_after_write() from public;

-- ── RLS ──────────────────────────────────────────────────────────────────────────────────
-- Groups, members and activities are read company-wide by those with a read row; a group is
-- kept by its leader (update own) or the director (all); members by the group's leader or the
-- director; activities recorded by the leader, a member or the director.
select private.create_register_policies('public.qc_groups', owner_column => 'leader_id');
create policy qc_group_members_select on public.qc_group_members
  for select to authenticated using (
    (select private.scope_for('qc_group_members', 'read')) is not null
    and exists (select 1 from public.qc_groups g where g.id = group_id));
create policy qc_group_members_insert on public.qc_group_members
  for insert to authenticated with check ((select private.scope_for('qc_group_members', 'create')) is not null and private.qc_leads(group_id));
create policy qc_group_members_update on public.qc_group_members
  for update to authenticated
  using ((select private.scope_for('qc_group_members', 'update')) is not null and private.qc_leads(group_id))
  with check ((select private.scope_for('qc_group_members', 'update')) is not null and private.qc_leads(group_id));
create policy qc_group_members_delete on public.qc_group_members
  for delete to authenticated using ((select private.scope_for('qc_group_members', 'delete')) is not null and private.qc_leads(group_id));
select private.create_register_policies('public.qc_activities', owner_column => 'recorded_by',
  insert_if => 'private.qc_may_record(group_id)');

select private.declare_system_column('public.qc_groups', c.name, c.why)
from (values
  ('department_id', '“部门”是组长的部门 | The department is the leader''s'),
  ('topic_registered_at', '“课题注册登记时间”只能由综合部通过“注册登记”记录 | Recorded only by the Register move'),
  ('registered_by', '“注册登记人”只能通过“注册登记”记录 | Recorded only by the Register move'),
  ('last_activity_on', '“最近活动日期”由活动记录得出 | Follows from the activities'),
  ('missed_month', '“未开展活动的月份”由每月检查标记 | Flagged by the monthly QC check'),
  ('idle_since', '“停止活动起始日”由每月检查标记 | Flagged by the monthly QC check'),
  ('idle_flagged_at', '“停活超半年标记”由每月检查标记 | Flagged by the monthly QC check')
) as c(name, why);
select private.declare_system_column('public.qc_activities', 'recorded_by', '“记录人”是记录活动的人 | Recorded by is whoever records the activity');

insert into public.permissions (role, register, action, scope, note)
select r.role::public.app_role, g.register, 'read', 'all', '查看QC小组及其活动'
from unnest(array['clerk', 'archivist', 'manager', 'director', 'deputy_gm', 'gm']) as r(role)
cross join unnest(array['qc_groups', 'qc_group_members', 'qc_activities']) as g(register);
insert into public.permissions (role, register, action, scope, note)
select r.role::public.app_role, x.register, x.action::public.permission_action, 'own', x.note
from unnest(array['clerk', 'manager']) as r(role)
cross join (values
  ('qc_groups', 'create', '组建QC小组（本人任组长）'), ('qc_groups', 'update', '组长维护本组'),
  ('qc_group_members', 'create', '组长增加组员'), ('qc_group_members', 'update', '组长维护组员分工'), ('qc_group_members', 'delete', '组长移除组员'),
  ('qc_activities', 'create', '组长、组员记录活动'), ('qc_activities', 'update', '修改本人记录的活动')
) as x(register, action, note);
insert into public.permissions (role, register, action, scope, note)
select 'director', x.register, x.action::public.permission_action, 'all', x.note
from (values
  ('qc_groups', 'create', '组建QC小组'), ('qc_groups', 'update', '维护各QC小组'), ('qc_groups', 'delete', '撤销QC小组'),
  ('qc_groups', 'approve', '课题注册登记（公司综合部）'),
  ('qc_group_members', 'create', null), ('qc_group_members', 'update', null), ('qc_group_members', 'delete', null),
  ('qc_activities', 'create', null), ('qc_activities', 'update', null), ('qc_activities', 'delete', '删除误录的活动')
) as x(register, action, note);

-- ── Move: 注册登记 ─────────────────────────────────────────────────────────────────────────
create function public.register_qc_topic(group_id uuid) returns public.qc_groups
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  grp public.qc_groups;
begin
  select * into grp from public.qc_groups g where g.id = group_id for update;
  if grp.id is null or private.scope_for('qc_groups', 'read') is null then
    raise exception 'QC小组不存在或无权查看 | No such QC group, or not visible to you' using errcode = 'PT404', hint = 'group_id';
  end if;
  if not private.may_register_qc_topic() then
    raise exception '只有综合部（客服中心主任）可以为QC小组课题注册登记 | Only the general office (the director) registers QC topics' using errcode = '42501';
  end if;
  if grp.topic_registered_at is not null then
    raise exception '该课题已于 % 注册登记 | This topic was registered on %', (grp.topic_registered_at at time zone 'Asia/Shanghai')::date,
      (grp.topic_registered_at at time zone 'Asia/Shanghai')::date using errcode = 'PT409';
  end if;
  perform set_config('taizhang.qc_move', 'on', true);
  update public.qc_groups g set topic_registered_at = now(), registered_by = private.my_operator_id()
  where g.id = grp.id returning * into grp;
  perform set_config('taizhang.qc_move', 'off', true);
  update public.notifications n set done_at = now()
  where n.link_table = 'qc_groups' and n.link_id = grp.id::text and n.kind = 'QC小组' and n.done_at is null
    and n.dedupe_key like 'qc-register:%';
  perform private.notify(grp.leader_id, 'QC小组', format('QC小组“%s”的课题已注册登记，可以开展活动 | The topic of QC group "%s" is registered: its activities may begin', grp.name, grp.name), grp.topic,
    'qc_groups', grp.id::text, null, 'qc-registered:' || grp.id || ':' || md5(grp.topic));
  return grp;
end
$$;
comment on function public.register_qc_topic(uuid) is '课题注册登记 | Register the topic';
revoke all on function public.register_qc_topic(uuid) from public, anon;
grant execute on function public.register_qc_topic(uuid) to authenticated;

select private.declare_register('public.qc_groups', menu_group => 'operations', menu_order => 45,
  print_title => '质量管理(QC)小组活动记录表 | QC group activity record', title_columns => array['name', 'topic'],
  print_signatures => array['组长 | Leader', '综合部 | General office']);
select private.declare_column('public.qc_groups', 'missed_month', kind => 'month');
select private.declare_register('public.qc_group_members', title_columns => array['operator_id'], in_menu => false);
select private.declare_register('public.qc_activities', title_columns => array['held_on', 'stage'], in_menu => false);
select private.declare_column('public.qc_groups', 'idle_reason', kind => 'longtext');
select private.declare_column('public.qc_activities', 'minutes', kind => 'longtext');
select private.declare_move('public.qc_groups', 'register', '注册登记 | Register topic', 'register_qc_topic', 'group_id',
  requires_register => 'qc_groups', requires_action => 'approve',
  condition => $$topic_registered_at is null and private.may_register_qc_topic()$$,
  confirm => '确认为该小组课题注册登记？ | Register this group''s topic?');

-- ── Job "QC idle check" QC小组活动检查 (monthly, the 1st at 09:00) ─────────────────────────────
-- As of a moment, for last month: every group formed before that month without an activity in it
-- → missed_month, and 'QC小组' to its leader and the director(s), once per group and month; a
-- group whose last activity (or registration, or formation) is more than six months old → flagged
-- idle (idle_since, idle_flagged_at; its reason must then be recorded), and told once per idle spell.
create function private.job_qc_idle(as_of timestamptz) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  today date := (as_of at time zone 'Asia/Shanghai')::date;
  month_start date := (date_trunc('month', today) - interval '1 month')::date;
  month_end date := date_trunc('month', today)::date;
  raised integer := 0;
  n integer;
begin
  perform set_config('taizhang.qc_move', 'on', true);
  -- 1. A month without an activity (小组活动每月应不少于一次).
  with missed as (
    select g.* from public.qc_groups g
    where (g.created_at at time zone 'Asia/Shanghai')::date < month_start
      and not exists (select 1 from public.qc_activities a where a.group_id = g.id and a.held_on >= month_start and a.held_on < month_end)
  ), marked as (
    update public.qc_groups g set missed_month = month_start
    from missed m where g.id = m.id and (g.missed_month is null or g.missed_month < month_start)
    returning g.id
  ), recipients as (
    select m.id, m.name, m.leader_id as recipient from missed m
    union
    select m.id, m.name, d.id from missed m cross join private.director_ids() as d(id)
  )
  select count(*) filter (where private.notify(r.recipient, 'QC小组',
           format('QC小组“%s”%s没有开展活动 | QC group "%s" held no activity in %s', r.name, to_char(month_start, 'YYYY年MM月'), r.name, to_char(month_start, 'YYYY-MM')),
           '小组活动每月应不少于一次 | A QC group meets at least once a month',
           'qc_groups', r.id::text, null, format('qc-missed:%s:%s:%s', r.id, to_char(month_start, 'YYYY-MM'), r.recipient)))::integer
  into n from recipients r;
  raised := raised + n;

  -- 2. Idle six months (停止活动不得超过半年).
  with idle as (
    select g.id, g.name, g.leader_id,
           coalesce(g.last_activity_on, (g.topic_registered_at at time zone 'Asia/Shanghai')::date, (g.created_at at time zone 'Asia/Shanghai')::date) as since
    from public.qc_groups g
  ), due as (
    select i.* from idle i where i.since <= (today - interval '6 months')::date
  ), flagged as (
    update public.qc_groups g set idle_since = d.since, idle_flagged_at = as_of, idle_reason = null
    from due d where g.id = d.id and g.idle_flagged_at is null
    returning g.id
  ), recipients as (
    select d.id, d.name, d.since, d.leader_id as recipient from due d
    union
    select d.id, d.name, d.since, x.id from due d cross join private.director_ids() as x(id)
  )
  select count(*) filter (where private.notify(r.recipient, 'QC小组',
           format('QC小组“%s”自 %s 起已停止活动超过半年，须向综合部说明原因 | QC group "%s" has been idle since %s, over six months: tell the general office why', r.name, r.since, r.name, r.since),
           '各质量管理(qc)小组停止活动不得超过半年，如遇特殊情需及时向公司综合部进行原因说明 | A QC group is not idle more than six months; if it must be, it tells the general office why',
           'qc_groups', r.id::text, null, format('qc-idle:%s:%s:%s', r.id, r.since, r.recipient)))::integer
  into n from recipients r;
  raised := raised + n;
  perform set_config('taizhang.qc_move', 'off', true);
  return raised;
end
$$;
revoke all on function private.job_qc_idle(timestamptz) from public;

-- Cron in UTC: 01:00 UTC on the 1st is 09:00 in Beijing.
insert into public.scheduled_jobs (name, function_name, schedule, description) values
  ('qc-idle', 'qc-idle', '0 1 1 * *',
   'QC小组活动检查（每月1日 09:00）：上月未开展活动、停止活动超过半年的小组提醒组长和综合部 | QC idle check, the 1st of each month: groups without an activity last month or idle six months');
