-- Satisfaction surveys 满意度调查 (issue 16 point 4; RULES §17; 000 1.7 「定期对客户进行回访及满意度调查，
-- 并以此做为业务部门相应考核依据」). A questionnaire (surveys) has questions (单选 with options, 评分
-- 1–5, 文字); once sent it and its questions are frozen. "Send" (send_survey) draws a sample of the
-- customers (by grade, or by recent service: a request closed in the last N days; a number or a
-- percentage) and creates one invitation per customer, each with a signed link token
-- (<invitation id>.<HMAC-SHA256 with a secret kept in private.survey_link_secret>), single-use and
-- expiring after the settings row surveys.link_days. Answers come by phone (a clerk of the customer's
-- department, record_survey_by_phone, channel 电话) or through the link (anon: survey_by_token shows
-- only the questions and the customer's name; answer_survey records them, channel 链接). Scores per
-- department and quarter (survey_scores) are kept by the database from the answered invitations.

-- ── The secret that signs the links (never readable through the API) ─────────────────────
create table private.survey_link_secret (
  id boolean primary key default true check (id),
  secret bytea not null default extensions.gen_random_bytes(32)
);
insert into private.survey_link_secret default values;
revoke all on private.survey_link_secret from public, anon, authenticated;

insert into public.settings (key, value, label) values
  ('surveys.link_days', '14', '满意度调查链接有效天数 | Days a survey link stays valid')
on conflict (key) do nothing;
alter table public.settings add constraint settings_surveys_link_days_range check (
  key <> 'surveys.link_days'
  or (jsonb_typeof(value) = 'number' and value::text::numeric between 1 and 90 and value::text::numeric = trunc(value::text::numeric)));
comment on constraint settings_surveys_link_days_range on public.settings is '调查链接有效天数须为 1–90 | Survey link validity: 1–90 days';

-- ── Questionnaires 调查问卷 ──────────────────────────────────────────────────────────────
create table public.surveys (
  id uuid primary key default gen_random_uuid(),
  title text not null,
  description text,
  status text not null default '草稿',
  department_id uuid not null default private.my_department_id() references public.departments (id),
  created_by uuid default private.my_operator_id() references public.operators (id),
  opened_at timestamptz,
  closed_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint surveys_title_length check (char_length(btrim(title)) between 2 and 100),
  constraint surveys_description_length check (char_length(description) <= 2000),
  constraint surveys_status_check check (status in ('草稿', '进行中', '已结束')),
  constraint surveys_opened_at_range check (opened_at >= timestamptz '2000-01-01 00:00+08' and opened_at < timestamptz '2101-01-01 00:00+08'),
  constraint surveys_closed_at_range check (closed_at >= timestamptz '2000-01-01 00:00+08' and closed_at < timestamptz '2101-01-01 00:00+08')
);
comment on constraint surveys_title_length on public.surveys is '问卷标题 2–100 字 | Title: 2–100 characters';
comment on constraint surveys_description_length on public.surveys is '说明最多 2000 字 | Description: at most 2000 characters';
comment on constraint surveys_status_check on public.surveys is '状态须为草稿、进行中或已结束 | Status: draft, open or closed';
comment on constraint surveys_opened_at_range on public.surveys is '发出时间须在 2000–2100 年之间 | Sent at: a date in the years 2000–2100';
comment on constraint surveys_closed_at_range on public.surveys is '结束时间须在 2000–2100 年之间 | Closed at: a date in the years 2000–2100';
comment on table public.surveys is '满意度调查问卷 | Satisfaction surveys';
comment on column public.surveys.title is '问卷标题 | Title';
comment on column public.surveys.description is '说明 | Description';
comment on column public.surveys.status is '状态 | Status';
comment on column public.surveys.department_id is '部门 | Department';
comment on column public.surveys.created_by is '创建人 | Created by';
comment on column public.surveys.opened_at is '发出时间 | Sent at';
comment on column public.surveys.closed_at is '结束时间 | Closed at';
comment on column public.surveys.version is '版本 | Version';
comment on column public.surveys.created_at is '创建时间 | Created at';
comment on column public.surveys.updated_at is '修改时间 | Updated at';
create index surveys_department_id_idx on public.surveys (department_id);
create index surveys_created_by_idx on public.surveys (created_by);

create table public.survey_questions (
  id uuid primary key default gen_random_uuid(),
  survey_id uuid not null references public.surveys (id) on delete cascade,
  position integer not null default 1,
  kind text not null,
  prompt text not null,
  options jsonb,
  required boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint survey_questions_position_range check (position between 1 and 100),
  constraint survey_questions_kind_check check (kind in ('单选', '评分', '文字')),
  constraint survey_questions_prompt_length check (char_length(btrim(prompt)) between 2 and 300),
  constraint survey_questions_options_shape check (
    case when kind = '单选' then options is not null and jsonb_typeof(options) = 'array'
                                 and jsonb_array_length(options) between 2 and 10
                                 and octet_length(options::text) <= 2000
         else options is null end),
  constraint survey_questions_position_key unique (survey_id, position)
);
comment on constraint survey_questions_position_range on public.survey_questions is '题号须在 1–100 之间 | Position: 1–100';
comment on constraint survey_questions_kind_check on public.survey_questions is '题型须为单选、评分或文字 | Kind: choice, scale or text';
comment on constraint survey_questions_prompt_length on public.survey_questions is '题目 2–300 字 | Question: 2–300 characters';
comment on constraint survey_questions_options_shape on public.survey_questions is '单选题须有 2–10 个选项，其他题型不设选项 | A choice question has 2–10 options; other kinds none';
comment on constraint survey_questions_position_key on public.survey_questions is '问卷中已有这个题号 | The survey already has a question at that position';
comment on table public.survey_questions is '调查题目 | Survey questions';
comment on column public.survey_questions.survey_id is '问卷 | Survey';
comment on column public.survey_questions.position is '题号 | Position';
comment on column public.survey_questions.kind is '题型 | Kind';
comment on column public.survey_questions.prompt is '题目 | Question';
comment on column public.survey_questions.options is '选项（单选题） | Options (choice questions)';
comment on column public.survey_questions.required is '必答 | Required';
comment on column public.survey_questions.version is '版本 | Version';
comment on column public.survey_questions.created_at is '创建时间 | Created at';
comment on column public.survey_questions.updated_at is '修改时间 | Updated at';
create index survey_questions_survey_id_idx on public.survey_questions (survey_id);

-- ── Invitations 调查对象 (one per sampled customer) ─────────────────────────────────────
create table public.survey_invitations (
  id uuid primary key default gen_random_uuid(),
  survey_id uuid not null references public.surveys (id),
  customer_id uuid not null references public.customers (id),
  department_id uuid references public.departments (id),
  sample_rule text,
  token text,
  expires_at timestamptz,
  status text not null default '待答复',
  channel text,
  answered_at timestamptz,
  answered_by uuid references public.operators (id),
  score numeric(3, 2),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint survey_invitations_one_per_customer unique (survey_id, customer_id),
  constraint survey_invitations_sample_rule_length check (char_length(sample_rule) <= 200),
  constraint survey_invitations_token_length check (char_length(token) <= 200),
  constraint survey_invitations_status_check check (status in ('待答复', '已答复')),
  constraint survey_invitations_channel_check check (channel in ('电话', '链接')),
  constraint survey_invitations_score_range check (score between 1 and 5),
  constraint survey_invitations_expires_at_range check (expires_at >= timestamptz '2000-01-01 00:00+08' and expires_at < timestamptz '2101-01-01 00:00+08'),
  constraint survey_invitations_answered_at_range check (answered_at >= timestamptz '2000-01-01 00:00+08' and answered_at < timestamptz '2101-01-01 00:00+08'),
  constraint survey_invitations_answered_shape check ((status = '已答复') = (answered_at is not null and channel is not null))
);
comment on constraint survey_invitations_one_per_customer on public.survey_invitations is '该客户已在这次调查的样本中 | The customer is already in this survey''s sample';
comment on constraint survey_invitations_sample_rule_length on public.survey_invitations is '抽样条件最多 200 字 | Sampling rule: at most 200 characters';
comment on constraint survey_invitations_token_length on public.survey_invitations is '链接令牌最多 200 字 | Link token: at most 200 characters';
comment on constraint survey_invitations_status_check on public.survey_invitations is '状态须为待答复或已答复 | Status: awaiting or answered';
comment on constraint survey_invitations_channel_check on public.survey_invitations is '答复方式须为电话或链接 | Channel: phone or link';
comment on constraint survey_invitations_score_range on public.survey_invitations is '得分须在 1–5 之间 | Score: 1–5';
comment on constraint survey_invitations_expires_at_range on public.survey_invitations is '链接到期时间须在 2000–2100 年之间 | Link expiry: a date in the years 2000–2100';
comment on constraint survey_invitations_answered_at_range on public.survey_invitations is '答复时间须在 2000–2100 年之间 | Answered at: a date in the years 2000–2100';
comment on constraint survey_invitations_answered_shape on public.survey_invitations is '已答复的调查须有答复时间和方式 | An answered invitation has its time and channel';
comment on table public.survey_invitations is '调查对象 | Survey invitations';
comment on column public.survey_invitations.survey_id is '问卷 | Survey';
comment on column public.survey_invitations.customer_id is '客户 | Customer';
comment on column public.survey_invitations.department_id is '客户所属部门 | Customer''s department';
comment on column public.survey_invitations.sample_rule is '抽样条件 | Sampling rule';
comment on column public.survey_invitations.token is '链接令牌（签名） | Link token (signed)';
comment on column public.survey_invitations.expires_at is '链接到期时间 | Link expires at';
comment on column public.survey_invitations.status is '状态 | Status';
comment on column public.survey_invitations.channel is '答复方式 | Channel';
comment on column public.survey_invitations.answered_at is '答复时间 | Answered at';
comment on column public.survey_invitations.answered_by is '电话记录人 | Recorded by (phone)';
comment on column public.survey_invitations.score is '得分（评分题平均） | Score (mean of the scale questions)';
comment on column public.survey_invitations.version is '版本 | Version';
comment on column public.survey_invitations.created_at is '创建时间 | Created at';
comment on column public.survey_invitations.updated_at is '修改时间 | Updated at';
create index survey_invitations_survey_id_idx on public.survey_invitations (survey_id);
create index survey_invitations_customer_id_idx on public.survey_invitations (customer_id);
create index survey_invitations_department_id_idx on public.survey_invitations (department_id);
create index survey_invitations_answered_by_idx on public.survey_invitations (answered_by);

create table public.survey_answers (
  id uuid primary key default gen_random_uuid(),
  invitation_id uuid not null references public.survey_invitations (id) on delete cascade,
  question_id uuid not null references public.survey_questions (id),
  department_id uuid references public.departments (id),
  choice text,
  scale integer,
  text_value text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint survey_answers_one_per_question unique (invitation_id, question_id),
  constraint survey_answers_choice_length check (char_length(choice) <= 200),
  constraint survey_answers_scale_range check (scale between 1 and 5),
  constraint survey_answers_text_length check (char_length(text_value) <= 1000)
);
comment on constraint survey_answers_one_per_question on public.survey_answers is '这道题已答复 | This question has already been answered';
comment on constraint survey_answers_choice_length on public.survey_answers is '选项最多 200 字 | Choice: at most 200 characters';
comment on constraint survey_answers_scale_range on public.survey_answers is '评分须为 1–5 | Scale: 1–5';
comment on constraint survey_answers_text_length on public.survey_answers is '文字答复最多 1000 字 | Text answer: at most 1000 characters';
comment on table public.survey_answers is '调查答复 | Survey answers';
comment on column public.survey_answers.invitation_id is '调查对象 | Invitation';
comment on column public.survey_answers.question_id is '题目 | Question';
comment on column public.survey_answers.department_id is '客户所属部门 | Customer''s department';
comment on column public.survey_answers.choice is '所选选项 | Choice';
comment on column public.survey_answers.scale is '评分（1–5） | Scale (1–5)';
comment on column public.survey_answers.text_value is '文字答复 | Text answer';
comment on column public.survey_answers.version is '版本 | Version';
comment on column public.survey_answers.created_at is '创建时间 | Created at';
comment on column public.survey_answers.updated_at is '修改时间 | Updated at';
create index survey_answers_invitation_id_idx on public.survey_answers (invitation_id);
create index survey_answers_question_id_idx on public.survey_answers (question_id);
create index survey_answers_department_id_idx on public.survey_answers (department_id);

-- ── Scores per department and quarter 满意度得分（按部门、季度） ─────────────────────────
create table public.survey_scores (
  id uuid primary key default gen_random_uuid(),
  department_id uuid not null references public.departments (id),
  quarter date not null,
  answered integer not null,
  scored integer not null,
  average numeric(3, 2),
  satisfied integer not null,
  satisfied_rate numeric(5, 2),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint survey_scores_department_quarter_key unique (department_id, quarter),
  constraint survey_scores_quarter_range check (quarter >= date '2000-01-01' and quarter < date '2101-01-01')
);
comment on constraint survey_scores_quarter_range on public.survey_scores is '季度须在 2000–2100 年之间 | Quarter: in the years 2000–2100';
comment on table public.survey_scores is '满意度得分（部门、季度） | Satisfaction scores by department and quarter';
comment on column public.survey_scores.department_id is '部门 | Department';
comment on column public.survey_scores.quarter is '季度（首日） | Quarter (first day)';
comment on column public.survey_scores.answered is '已答复份数 | Answered';
comment on column public.survey_scores.scored is '有评分的份数 | With a score';
comment on column public.survey_scores.average is '平均得分（1–5） | Average score (1–5)';
comment on column public.survey_scores.satisfied is '满意份数（得分≥4） | Satisfied (score ≥ 4)';
comment on column public.survey_scores.satisfied_rate is '满意率（%） | Satisfied (%)';
comment on column public.survey_scores.version is '版本 | Version';
comment on column public.survey_scores.created_at is '创建时间 | Created at';
comment on column public.survey_scores.updated_at is '修改时间 | Updated at';
create index survey_scores_quarter_idx on public.survey_scores (quarter desc);

select private.label_options('{
  "草稿": "Draft", "进行中": "Open", "已结束": "Closed",
  "单选": "Choice", "评分": "Scale 1–5", "文字": "Text",
  "待答复": "Awaiting", "已答复": "Answered", "电话": "Phone", "链接": "Link"
}');

-- ── Tokens ───────────────────────────────────────────────────────────────────────────────
create function private.survey_token(p_invitation uuid) returns text
language sql stable security definer set search_path = ''
as $$
  select p_invitation::text || '.' || encode(extensions.hmac(convert_to('survey-invitation:' || p_invitation::text, 'UTF8'), s.secret, 'sha256'), 'hex')
  from private.survey_link_secret s
$$;

-- ── Rules of the questionnaire: frozen once sent ─────────────────────────────────────────
create function private.surveys_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    if (select auth.uid()) is not null and not private.keeping_rows_as_given() then
      new.status := '草稿';
      new.opened_at := null;
      new.closed_at := null;
      new.created_by := private.my_operator_id();
    end if;
    return new;
  end if;
  if tg_op = 'DELETE' then
    if old.status <> '草稿' and (select auth.uid()) is not null then
      raise exception '问卷已发出，不能删除 | The survey has been sent: it cannot be deleted' using errcode = 'PT409', column = 'status';
    end if;
    return old;
  end if;
  if coalesce(current_setting('taizhang.survey_move', true), '') <> 'on' then
    if new.status is distinct from old.status or new.opened_at is distinct from old.opened_at or new.closed_at is distinct from old.closed_at then
      raise exception '问卷状态只能通过“发出调查”“结束调查”改变 | The status moves only through Send and Close' using errcode = '42501', column = 'status';
    end if;
    if old.status <> '草稿' and (new.title, new.description, new.department_id) is distinct from (old.title, old.description, old.department_id) then
      raise exception '问卷已发出，不能再修改 | The survey has been sent: it can no longer be changed'
        using errcode = 'PT409', column = case when new.title is distinct from old.title then 'title' else 'description' end;
    end if;
  end if;
  return new;
end
$$;
create trigger surveys_before_write before insert or update or delete on public.surveys
  for each row execute function private.surveys_before_write();

create function private.survey_questions_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_status text;
begin
  for v_status in select s.status from public.surveys s
                  where s.id in (case when tg_op <> 'INSERT' then old.survey_id end, case when tg_op <> 'DELETE' then new.survey_id end) loop
    if v_status <> '草稿' and not private.keeping_rows_as_given() and (select auth.uid()) is not null then
      raise exception '问卷已发出，题目不能再增删改 | The survey has been sent: its questions are frozen' using errcode = 'PT409', column = 'survey_id';
    end if;
  end loop;
  if tg_op = 'DELETE' then
    return old;
  end if;
  if new.kind = '单选' and (exists (select 1 from jsonb_array_elements(new.options) o where jsonb_typeof(o) <> 'string' or char_length(btrim(o #>> '{}')) not between 1 and 200)
                          or (select count(distinct o #>> '{}') from jsonb_array_elements(new.options) o) <> jsonb_array_length(new.options)) then
    raise exception '选项须为 1–200 字且互不相同 | Options: distinct texts of 1–200 characters' using errcode = '22023', column = 'options';
  end if;
  return new;
end
$$;
create trigger survey_questions_before_write before insert or update or delete on public.survey_questions
  for each row execute function private.survey_questions_before_write();

-- Invitations: department, token and expiry are the database's.
create function private.survey_invitations_before_insert() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  new.department_id := (select c.department_id from public.customers c where c.id = new.customer_id);
  new.token := private.survey_token(new.id);
  new.expires_at := coalesce(new.expires_at, now() + make_interval(days => private.setting_int('surveys.link_days', 14)));
  return new;
end
$$;
create trigger survey_invitations_before_insert before insert on public.survey_invitations
  for each row execute function private.survey_invitations_before_insert();

-- Scores kept per department and quarter (Beijing time of the answer).
create function private.survey_scores_refresh(p_department uuid, p_quarter date) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  sums record;
begin
  select count(*)::integer as answered, count(i.score)::integer as scored, round(avg(i.score), 2) as average,
         count(*) filter (where i.score >= 4)::integer as satisfied
    into sums
  from public.survey_invitations i
  where i.department_id = p_department and i.status = '已答复'
    and date_trunc('quarter', i.answered_at at time zone 'Asia/Shanghai')::date = p_quarter;
  if sums.answered = 0 then
    delete from public.survey_scores t where t.department_id = p_department and t.quarter = p_quarter;
    return;
  end if;
  insert into public.survey_scores (department_id, quarter, answered, scored, average, satisfied, satisfied_rate)
  values (p_department, p_quarter, sums.answered, sums.scored, sums.average, sums.satisfied,
          case when sums.scored > 0 then round(100.0 * sums.satisfied / sums.scored, 2) end)
  on conflict (department_id, quarter) do update set
    answered = excluded.answered, scored = excluded.scored, average = excluded.average, satisfied = excluded.satisfied,
    satisfied_rate = excluded.satisfied_rate;
end
$$;

create function private.survey_invitations_sync_scores() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.status = '已答复' and old.department_id is not null then
    perform private.survey_scores_refresh(old.department_id, date_trunc('quarter', old.answered_at at time zone 'Asia/Shanghai')::date);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.status = '已答复' and new.department_id is not null then
    perform private.survey_scores_refresh(new.department_id, date_trunc('quarter', new.answered_at at time zone 'Asia/Shanghai')::date);
  end if;
  return null;
end
$$;
create trigger survey_invitations_sync_scores after insert or update or delete on public.survey_invitations
  for each row execute function private.survey_invitations_sync_scores();

-- ── RLS and permissions ──────────────────────────────────────────────────────────────────
alter table public.surveys enable row level security;
alter table public.survey_questions enable row level security;
alter table public.survey_invitations enable row level security;
alter table public.survey_answers enable row level security;
alter table public.survey_scores enable row level security;
revoke all on public.surveys, public.survey_questions, public.survey_invitations, public.survey_answers, public.survey_scores from anon, authenticated;
grant select, insert, update, delete on public.surveys, public.survey_questions to authenticated;
grant select on public.survey_invitations, public.survey_answers, public.survey_scores to authenticated;

select private.register_table('public.surveys');
select private.register_table('public.survey_questions');
select private.register_table('public.survey_invitations');
select private.register_table('public.survey_answers');
select private.register_table('public.survey_scores');

select private.create_register_policies('public.surveys', owner_column => 'created_by', department_column => 'department_id',
  delete_if => $$status = '草稿'$$);
-- Questions: read with their questionnaire; written while it is a draft by whoever may change it.
create policy survey_questions_select on public.survey_questions
  for select to authenticated using (exists (select 1 from public.surveys s where s.id = survey_id));
create policy survey_questions_insert on public.survey_questions
  for insert to authenticated with check (exists (select 1 from public.surveys s where s.id = survey_id
    and private.may('surveys', 'update', s.created_by, s.department_id)));
create policy survey_questions_update on public.survey_questions
  for update to authenticated using (exists (select 1 from public.surveys s where s.id = survey_id
    and private.may('surveys', 'update', s.created_by, s.department_id)));
create policy survey_questions_delete on public.survey_questions
  for delete to authenticated using (exists (select 1 from public.surveys s where s.id = survey_id and s.status = '草稿'
    and private.may('surveys', 'update', s.created_by, s.department_id)));
select private.create_register_policies('public.survey_invitations', department_column => 'department_id', actions => array['select']);
select private.create_register_policies('public.survey_answers', department_column => 'department_id', actions => array['select']);
select private.create_register_policies('public.survey_scores', department_column => 'department_id', actions => array['select']);

select private.declare_system_column('public.surveys', c.name, c.why)
from (values
  ('status', '“状态”只能通过“发出调查”“结束调查”改变 | The status moves only through Send and Close'),
  ('created_by', '“创建人”是创建问卷的人 | Created by is whoever creates the survey'),
  ('opened_at', '“发出时间”由“发出调查”记录 | Sent at is recorded by Send'),
  ('closed_at', '“结束时间”由“结束调查”记录 | Closed at is recorded by Close')
) as c(name, why);

insert into public.permissions (role, register, action, scope, note) values
  ('clerk', 'surveys', 'read', 'all', '调查问卷（电话调查时查看题目）'),
  ('clerk', 'survey_invitations', 'read', 'department', '本部门客户的调查对象（电话调查）'),
  ('clerk', 'survey_answers', 'read', 'department', null),
  ('clerk', 'survey_answers', 'create', 'department', '电话记录本部门客户的调查答复'),
  ('manager', 'surveys', 'read', 'all', null),
  ('manager', 'surveys', 'create', 'department', '编写本部门的调查问卷'),
  ('manager', 'surveys', 'update', 'department', '发出前修改问卷和题目'),
  ('manager', 'surveys', 'delete', 'department', '删除未发出的问卷'),
  ('manager', 'surveys', 'approve', 'department', '发出调查（抽取本部门客户）、结束调查'),
  ('manager', 'survey_invitations', 'read', 'department', null),
  ('manager', 'survey_answers', 'read', 'department', null),
  ('manager', 'survey_answers', 'create', 'department', null),
  ('manager', 'survey_scores', 'read', 'department', '本部门的满意度得分'),
  ('director', 'surveys', 'read', 'all', null),
  ('director', 'surveys', 'create', 'all', null),
  ('director', 'surveys', 'update', 'all', null),
  ('director', 'surveys', 'delete', 'all', null),
  ('director', 'surveys', 'approve', 'all', '发出调查（全部客户）、结束调查'),
  ('director', 'survey_invitations', 'read', 'all', null),
  ('director', 'survey_answers', 'read', 'all', null),
  ('director', 'survey_scores', 'read', 'all', '各部门的满意度得分（业务部门考核依据）'),
  ('clerk', 'survey_questions', 'read', 'all', null),
  ('manager', 'survey_questions', 'read', 'all', null),
  ('manager', 'survey_questions', 'create', 'all', '本部门未发出问卷的题目（按问卷的部门）'),
  ('manager', 'survey_questions', 'update', 'all', '本部门未发出问卷的题目（按问卷的部门）'),
  ('manager', 'survey_questions', 'delete', 'all', '本部门未发出问卷的题目（按问卷的部门）'),
  ('director', 'survey_questions', 'read', 'all', null),
  ('director', 'survey_questions', 'create', 'all', null),
  ('director', 'survey_questions', 'update', 'all', null),
  ('director', 'survey_questions', 'delete', 'all', null),
  ('deputy_gm', 'survey_questions', 'read', 'all', null),
  ('gm', 'survey_questions', 'read', 'all', null),
  ('deputy_gm', 'surveys', 'read', 'all', null),
  ('deputy_gm', 'survey_scores', 'read', 'all', null),
  ('gm', 'surveys', 'read', 'all', null),
  ('gm', 'survey_scores', 'read', 'all', '各部门的满意度得分');

-- ── Recording answers (shared by the phone and the link) ─────────────────────────────────
-- answers: {"<question id>": value}; a choice is one of the options, a scale an integer 1–5, a
-- text at most 1000 characters; a required question must be answered. Anything wrong → 22023
-- naming the question (its id in the hint, question:<id>, for the field it concerns), nothing written.
create function private.survey_record(p_invitation public.survey_invitations, p_answers jsonb, p_channel text) returns public.survey_invitations
language plpgsql security definer set search_path = ''
as $$
declare
  q public.survey_questions;
  v jsonb;
  unknown text;
  inv public.survey_invitations;
begin
  if p_answers is null or jsonb_typeof(p_answers) <> 'object' or octet_length(p_answers::text) > 50000 then
    raise exception '答复须为“题目 → 答案”的对象 | Answers: an object of question → answer' using errcode = '22023', hint = 'answers';
  end if;
  select k into unknown from jsonb_object_keys(p_answers) k
  where k not in (select q2.id::text from public.survey_questions q2 where q2.survey_id = p_invitation.survey_id) limit 1;
  if unknown is not null then
    raise exception '答复中有不属于这份问卷的题目：% | An answer names a question not in this survey: %', left(unknown, 40), left(unknown, 40)
      using errcode = '22023', hint = 'answers';
  end if;
  for q in select * from public.survey_questions q2 where q2.survey_id = p_invitation.survey_id order by q2.position loop
    v := p_answers -> q.id::text;
    if v is null or jsonb_typeof(v) = 'null' or (jsonb_typeof(v) = 'string' and btrim(v #>> '{}') = '') then
      if q.required then
        raise exception '第 % 题（%）必须作答 | Question % (%) must be answered', q.position, q.prompt, q.position, q.prompt
          using errcode = '22023', hint = 'question:' || q.id;
      end if;
      continue;
    end if;
    if q.kind = '单选' then
      if jsonb_typeof(v) <> 'string' or not (q.options @> jsonb_build_array(v)) then
        raise exception '第 % 题的答案须为所列选项之一 | Question %: the answer must be one of its options', q.position, q.position
          using errcode = '22023', hint = 'question:' || q.id;
      end if;
      insert into public.survey_answers (invitation_id, question_id, department_id, choice)
      values (p_invitation.id, q.id, p_invitation.department_id, v #>> '{}');
    elsif q.kind = '评分' then
      if jsonb_typeof(v) <> 'number' or (v #>> '{}')::numeric not between 1 and 5 or (v #>> '{}')::numeric <> trunc((v #>> '{}')::numeric) then
        raise exception '第 % 题的评分须为 1–5 的整数 | Question %: the score must be a whole number from 1 to 5', q.position, q.position
          using errcode = '22023', hint = 'question:' || q.id;
      end if;
      insert into public.survey_answers (invitation_id, question_id, department_id, scale)
      values (p_invitation.id, q.id, p_invitation.department_id, (v #>> '{}')::integer);
    else
      if jsonb_typeof(v) <> 'string' or char_length(v #>> '{}') > 1000 then
        raise exception '第 % 题的文字答复须为最多 1000 字的文字 | Question %: a text of at most 1000 characters', q.position, q.position
          using errcode = '22023', hint = 'question:' || q.id;
      end if;
      insert into public.survey_answers (invitation_id, question_id, department_id, text_value)
      values (p_invitation.id, q.id, p_invitation.department_id, btrim(v #>> '{}'));
    end if;
  end loop;
  update public.survey_invitations i
  set status = '已答复', channel = p_channel, answered_at = now(),
      answered_by = case when p_channel = '电话' then private.my_operator_id() end,
      score = (select round(avg(a.scale), 2) from public.survey_answers a where a.invitation_id = i.id and a.scale is not null)
  where i.id = p_invitation.id returning * into inv;
  return inv;
end
$$;

-- The invitation a link token names, locked. Tampered → PT403, unknown → PT404, used → PT409,
-- expired or survey closed → PT410; nothing written.
create function private.survey_invitation_for_token(p_token text) returns public.survey_invitations
language plpgsql security definer set search_path = ''
as $$
declare
  inv public.survey_invitations;
  v_id uuid;
begin
  if p_token is null or char_length(p_token) > 200
     or p_token !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[0-9a-f]{64}$' then
    raise exception '调查链接无效 | The survey link is not valid' using errcode = 'PT403', hint = 'token';
  end if;
  v_id := split_part(p_token, '.', 1)::uuid;
  if private.survey_token(v_id) is distinct from p_token then
    raise exception '调查链接无效或已被改动 | The survey link is not valid or has been altered' using errcode = 'PT403', hint = 'token';
  end if;
  select * into inv from public.survey_invitations i where i.id = v_id for update;
  if inv.id is null then
    raise exception '调查链接不存在 | No such survey link' using errcode = 'PT404', hint = 'token';
  end if;
  if inv.status = '已答复' then
    raise exception '这份调查已经答复过，感谢您的参与 | This survey has already been answered, thank you' using errcode = 'PT409', hint = 'token';
  end if;
  if inv.expires_at < now() then
    raise exception '调查链接已于 % 过期 | The survey link expired on %', to_char(inv.expires_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD'),
      to_char(inv.expires_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') using errcode = 'PT410', hint = 'token';
  end if;
  if (select s.status from public.surveys s where s.id = inv.survey_id) <> '进行中' then
    raise exception '这次调查已结束 | This survey has closed' using errcode = 'PT410', hint = 'token';
  end if;
  return inv;
end
$$;

-- ── The customer-facing link (anon): only the questions and the customer's name ──────────
create function public.survey_by_token(token text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  inv public.survey_invitations;
begin
  inv := private.survey_invitation_for_token(token);
  return (select jsonb_build_object(
    'title', s.title, 'description', s.description, 'customer_name', c.name, 'expires_at', inv.expires_at,
    'questions', coalesce((select jsonb_agg(jsonb_build_object('id', q.id, 'position', q.position, 'kind', q.kind, 'prompt', q.prompt,
                                                               'options', q.options, 'required', q.required) order by q.position)
                           from public.survey_questions q where q.survey_id = s.id), '[]'::jsonb))
    from public.surveys s, public.customers c where s.id = inv.survey_id and c.id = inv.customer_id);
end
$$;
comment on function public.survey_by_token(text) is '按链接查看调查题目 | The questions a survey link shows';

create function public.answer_survey(token text, answers jsonb) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  inv public.survey_invitations := private.survey_invitation_for_token(token);
begin
  inv := private.survey_record(inv, answers, '链接');
  return jsonb_build_object('answered_at', inv.answered_at, 'message', '感谢您的宝贵意见！ | Thank you for your answers!');
end
$$;
comment on function public.answer_survey(text, jsonb) is '通过链接答复调查 | Answer a survey through its link';

-- ── The clerk's phone call (电话) ────────────────────────────────────────────────────────
create function private.may_record_survey_by_phone(p_invitation uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select i.status = '待答复' and s.status = '进行中' and private.may('survey_answers', 'create', null, i.department_id)
                   from public.survey_invitations i join public.surveys s on s.id = i.survey_id where i.id = p_invitation), false)
$$;

create function public.record_survey_by_phone(invitation_id uuid, answers jsonb) returns public.survey_invitations
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  inv public.survey_invitations;
begin
  select * into inv from public.survey_invitations i where i.id = invitation_id for update;
  if inv.id is null or not (private.may('survey_invitations', 'read', null, inv.department_id)
                            or private.may('survey_answers', 'create', null, inv.department_id)) then
    raise exception '调查对象不存在或无权查看 | No such survey invitation, or not visible to you' using errcode = 'PT404', hint = 'invitation_id';
  end if;
  if not coalesce(private.may('survey_answers', 'create', null, inv.department_id), false) then
    raise exception '只有客户所属部门的文员（或经理）可以记录电话调查 | Only a clerk (or the manager) of the customer''s department records phone answers'
      using errcode = '42501';
  end if;
  if inv.status = '已答复' then
    raise exception '这位客户已答复过这次调查 | This customer has already answered this survey' using errcode = 'PT409', hint = 'invitation_id';
  end if;
  if (select s.status from public.surveys s where s.id = inv.survey_id) <> '进行中' then
    raise exception '这次调查已结束 | This survey has closed' using errcode = 'PT409', hint = 'invitation_id';
  end if;
  return private.survey_record(inv, answers, '电话');
end
$$;
comment on function public.record_survey_by_phone(uuid, jsonb) is '记录电话调查答复 | Record answers given by phone';

-- ── Send: draw the sample ────────────────────────────────────────────────────────────────
-- Customers of the caller's department (the director: all), optionally of a grade and/or with a
-- request closed in the last N days, not yet in this survey's sample; sample_size of them, or
-- sample_percent % (rounded up), drawn at random. The survey opens (frozen from then on).
create function private.may_send_survey(p_survey uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select s.status <> '已结束' and private.may('surveys', 'approve', null, s.department_id)
                     and exists (select 1 from public.survey_questions q where q.survey_id = s.id)
                   from public.surveys s where s.id = p_survey), false)
$$;

create function private.survey_pool(p_survey uuid, p_grade text, p_days integer, p_all boolean, p_department uuid) returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select c.id from public.customers c
  where (p_all or c.department_id = p_department)
    and (p_grade is null or c.grade = p_grade)
    and (p_days is null or exists (
          select 1 from public.service_requests r where r.customer_id = c.id and r.status = '已结案'
            and r.closed_at >= now() - make_interval(days => p_days)))
    and not exists (select 1 from public.survey_invitations i where i.survey_id = p_survey and i.customer_id = c.id)
$$;

create function public.send_survey(survey_id uuid, grade text default null, served_within_days integer default null,
                                   sample_size integer default null, sample_percent numeric default null) returns integer
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  s public.surveys;
  pool integer;
  n integer;
  rule text;
  all_scope boolean := private.scope_for('surveys', 'approve') = 'all';
  my_department uuid := private.my_department_id();
begin
  select * into s from public.surveys x where x.id = survey_id for update;
  if s.id is null then
    raise exception '问卷不存在 | No such survey' using errcode = 'PT404', hint = 'survey_id';
  end if;
  if not coalesce(private.may('surveys', 'approve', null, s.department_id), false) then
    raise exception '只有部门经理（本部门）或客服总监可以发出调查 | Only the department manager (own department) or the director sends a survey'
      using errcode = '42501';
  end if;
  if s.status = '已结束' then
    raise exception '调查已结束，不能再发出 | The survey has closed: it cannot be sent' using errcode = 'PT409', hint = 'status';
  end if;
  if not exists (select 1 from public.survey_questions q where q.survey_id = s.id) then
    raise exception '问卷还没有题目 | The survey has no questions yet' using errcode = 'PT409', hint = 'survey_id';
  end if;
  if grade is not null and grade not in ('A', 'B', 'C') then
    raise exception '客户等级须为 A、B 或 C | Grade: A, B or C' using errcode = '22023', hint = 'grade';
  end if;
  if served_within_days is not null and served_within_days not between 1 and 366 then
    raise exception '近期服务天数须为 1–366 | Recent service: 1–366 days' using errcode = '22023', hint = 'served_within_days';
  end if;
  if (sample_size is null) = (sample_percent is null) then
    raise exception '请给出抽样数量或抽样比例（二选一） | Give either a sample size or a sample percentage' using errcode = '22023', hint = 'sample_size';
  end if;
  if sample_size is not null and sample_size not between 1 and 2000 then
    raise exception '抽样数量须为 1–2000 | Sample size: 1–2000' using errcode = '22023', hint = 'sample_size';
  end if;
  if sample_percent is not null and (sample_percent <= 0 or sample_percent > 100) then
    raise exception '抽样比例须大于 0 且不超过 100 | Sample percentage: more than 0, at most 100' using errcode = '22023', hint = 'sample_percent';
  end if;
  rule := concat_ws('；', case when grade is not null then '等级 ' || grade end,
                    case when served_within_days is not null then format('近 %s 天有结案工单', served_within_days) end,
                    case when sample_size is not null then format('抽取 %s 位', sample_size) else format('抽取 %s%%', sample_percent) end);

  pool := (select count(*) from private.survey_pool(s.id, grade, served_within_days, all_scope, my_department));
  n := coalesce(sample_size, ceil(pool * sample_percent / 100.0)::integer);
  insert into public.survey_invitations (survey_id, customer_id, sample_rule)
  select s.id, p.customer_id, rule from private.survey_pool(s.id, grade, served_within_days, all_scope, my_department) p(customer_id)
  order by random() limit n;
  get diagnostics n = row_count;

  perform set_config('taizhang.survey_move', 'on', true);
  update public.surveys x set status = '进行中', opened_at = coalesce(x.opened_at, now()) where x.id = s.id;
  perform set_config('taizhang.survey_move', 'off', true);
  -- The clerks of each department with new invitations: customers to call.
  perform private.notify(o.id, '满意度调查', format('满意度调查“%s”：本部门 %s 位客户待调查 | Satisfaction survey "%s": %s customers of your department to survey', s.title, d.n, s.title, d.n),
            '可电话调查（记录答复），或把调查链接发给客户 | Call them and record the answers, or send them the link',
            'survey_invitations', null, null, format('survey-sent:%s:%s:%s', s.id, o.id, now()))
  from (select i.department_id, count(*) as n from public.survey_invitations i
        where i.survey_id = s.id and i.status = '待答复' group by i.department_id) d
  join public.operators o on o.department_id = d.department_id and o.active and o.role = 'clerk';
  return n;
end
$$;
comment on function public.send_survey(uuid, text, integer, integer, numeric) is '发出调查（抽样） | Send the survey to a sample of customers';

create function public.close_survey(survey_id uuid) returns public.surveys
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  s public.surveys;
begin
  select * into s from public.surveys x where x.id = survey_id for update;
  if s.id is null then
    raise exception '问卷不存在 | No such survey' using errcode = 'PT404', hint = 'survey_id';
  end if;
  if not coalesce(private.may('surveys', 'approve', null, s.department_id), false) then
    raise exception '只有部门经理（本部门）或客服总监可以结束调查 | Only the department manager or the director closes a survey' using errcode = '42501';
  end if;
  if s.status <> '进行中' then
    raise exception '问卷“%”，不能结束 | The survey is %: it cannot be closed', s.status, s.status using errcode = 'PT409', hint = 'status';
  end if;
  perform set_config('taizhang.survey_move', 'on', true);
  update public.surveys x set status = '已结束', closed_at = now() where x.id = s.id returning * into s;
  perform set_config('taizhang.survey_move', 'off', true);
  return s;
end
$$;
comment on function public.close_survey(uuid) is '结束调查 | Close the survey';

revoke all on function private.survey_token(uuid), private.surveys_before_write(), private.survey_questions_before_write(),
  private.survey_invitations_before_insert(), private.survey_scores_refresh(uuid, date), private.survey_invitations_sync_scores(),
  private.survey_record(public.survey_invitations, jsonb, text), private.survey_invitation_for_token(text),
  private.may_record_survey_by_phone(uuid), private.may_send_survey(uuid), private.survey_pool(uuid, text, integer, boolean, uuid) from public;
grant execute on function private.may_record_survey_by_phone(uuid), private.may_send_survey(uuid) to authenticated, service_role;
revoke all on function public.survey_by_token(text), public.answer_survey(text, jsonb), public.record_survey_by_phone(uuid, jsonb),
  public.send_survey(uuid, text, integer, integer, numeric), public.close_survey(uuid) from public, anon, authenticated;
-- The link needs no account: these two are the only things anon may call here.
grant execute on function public.survey_by_token(text), public.answer_survey(text, jsonb) to anon, authenticated;
grant execute on function public.record_survey_by_phone(uuid, jsonb), public.send_survey(uuid, text, integer, integer, numeric),
  public.close_survey(uuid) to authenticated;

-- ── Screens ──────────────────────────────────────────────────────────────────────────────
select private.declare_register('public.surveys', menu_group => 'service', menu_order => 80,
  print_title => '满意度调查问卷 | Satisfaction survey', title_columns => array['title']);
select private.declare_column('public.surveys', 'description', kind => 'longtext');
select private.declare_register('public.survey_questions', menu_group => 'service', menu_order => 81, title_columns => array['position', 'prompt']);
select private.declare_register('public.survey_invitations', menu_group => 'service', menu_order => 82, title_columns => array['customer_id']);
-- The token is shown and copied as the address the customer opens (/survey/<token>), never bare.
select private.declare_column('public.survey_invitations', 'token', kind => 'survey_link');
select private.declare_register('public.survey_answers', in_menu => false);
select private.declare_register('public.survey_scores', menu_group => 'service', menu_order => 84, title_columns => array['department_id', 'quarter']);
select private.declare_column('public.survey_scores', 'quarter', kind => 'quarter');
select private.declare_frozen('public.surveys', $$status <> '草稿'$$);
select private.declare_frozen('public.survey_questions', $$survey_id in (select s.id from public.surveys s where s.status <> '草稿')$$);

select private.declare_move('public.surveys', 'send', '发出调查 | Send', 'send_survey', 'survey_id',
  fields => '[{"name": "grade", "label": "客户等级（A/B/C，可空） | Customer grade (A/B/C, optional)", "required": false},
              {"name": "served_within_days", "label": "近多少天有结案工单（可空） | Served within days (optional)", "required": false},
              {"name": "sample_size", "label": "抽样数量 | Sample size", "required": false},
              {"name": "sample_percent", "label": "或抽样比例（%） | Or sample percentage", "required": false}]',
  state_column => 'status', from_states => array['草稿', '进行中'], to_state => '进行中',
  requires_register => 'surveys', requires_action => 'approve',
  condition => $$private.may_send_survey(id)$$,
  confirm => '发出后问卷和题目不能再修改，确定发出？ | Once sent the survey and its questions are frozen. Send?');
select private.declare_move('public.surveys', 'close', '结束调查 | Close', 'close_survey', 'survey_id',
  state_column => 'status', from_states => array['进行中'], to_state => '已结束',
  requires_register => 'surveys', requires_action => 'approve',
  condition => $$private.may('surveys', 'approve', null, department_id)$$, danger => true,
  confirm => '结束后客户的链接失效，确定结束调查？ | Closing makes the links stop working. Close?');
select private.declare_move('public.survey_invitations', 'record_by_phone', '记录电话答复 | Record phone answers', 'record_survey_by_phone', 'invitation_id',
  fields => '[{"name": "answers", "label": "答复（题目编号 → 答案） | Answers (question id → answer)", "required": true}]',
  state_column => 'status', from_states => array['待答复'], to_state => '已答复',
  requires_register => 'survey_answers', requires_action => 'create',
  condition => $$private.may_record_survey_by_phone(id)$$);
