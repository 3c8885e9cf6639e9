-- Demo satisfaction surveys (issue 16 point 4): 2026年度客户满意度调查, sent by 陈刚 (KF1) to a
-- sample of his customers, with three questions (overall score, response speed, comments); a few
-- invitations answered by phone (王小明) and by the link, the rest awaiting; and a draft
-- questionnaire (服务工程师上门服务回访) still being written by the director.
-- Deterministic ids ('00000000-0000-4000-f108-…' surveys and questions, 'f109-…' invitations and
-- answers); idempotent (on conflict do nothing). Dated relative to now.

insert into public.surveys (id, title, description, status, department_id, created_by, opened_at, created_at) values
  ('00000000-0000-4000-f108-000000000001', '年度客户满意度调查', '定期对客户进行回访及满意度调查，作为业务部门考核依据（1.7 客户维护）',
   '进行中', '00000000-0000-4000-a000-000000000001', '00000000-0000-4000-b000-000000000004', now() - interval '20 days', now() - interval '25 days'),
  ('00000000-0000-4000-f108-000000000002', '服务工程师上门服务回访', null,
   '草稿', '00000000-0000-4000-a000-000000000001', '00000000-0000-4000-b000-000000000005', null, now() - interval '2 days')
on conflict (id) do nothing;

insert into public.survey_questions (id, survey_id, position, kind, prompt, options, required) values
  ('00000000-0000-4000-f108-000000000101', '00000000-0000-4000-f108-000000000001', 1, '评分', '您对我们服务的总体满意程度（1–5 分）', null, true),
  ('00000000-0000-4000-f108-000000000102', '00000000-0000-4000-f108-000000000001', 2, '单选', '报修后我们的响应速度', '["很及时", "及时", "一般", "较慢"]', true),
  ('00000000-0000-4000-f108-000000000103', '00000000-0000-4000-f108-000000000001', 3, '文字', '您的意见和建议', null, false),
  ('00000000-0000-4000-f108-000000000201', '00000000-0000-4000-f108-000000000002', 1, '评分', '工程师的专业水平（1–5 分）', null, true)
on conflict (id) do nothing;

-- Ten KF1 customers in the sample.
insert into public.survey_invitations (id, survey_id, customer_id, sample_rule, expires_at, created_at)
select ('00000000-0000-4000-f109-' || lpad(n::text, 12, '0'))::uuid, '00000000-0000-4000-f108-000000000001', c.id,
       '抽取 10 位', now() + interval '14 days' - interval '20 days' + interval '30 days', now() - interval '20 days'
from (select c.id, row_number() over (order by c.id) as n from public.customers c
      where c.department_id = '00000000-0000-4000-a000-000000000001') c
where c.n <= 10
on conflict do nothing;

-- Answers: four by phone (王小明), two through the link.
insert into public.survey_answers (id, invitation_id, question_id, department_id, choice, scale, text_value)
select ('00000000-0000-4000-f109-' || lpad((100 + n * 3 + q)::text, 12, '0'))::uuid, i.id, qs.id, i.department_id,
       case when qs.kind = '单选' then (array['很及时', '及时', '一般', '较慢'])[1 + (n + q) % 4] end,
       case when qs.kind = '评分' then (array[5, 4, 4, 3, 5, 2])[n] end,
       case when qs.kind = '文字' and n % 2 = 0 then (array['工程师很专业', '希望缩短上门等待时间', '满意'])[1 + n % 3] end
from (select i.*, row_number() over (order by i.id) as n from public.survey_invitations i
      where i.survey_id = '00000000-0000-4000-f108-000000000001') i
join (select q.*, q.position as q from public.survey_questions q where q.survey_id = '00000000-0000-4000-f108-000000000001') qs on true
where i.n <= 6 and (qs.kind <> '文字' or i.n % 2 = 0)
on conflict do nothing;

update public.survey_invitations i
set status = '已答复', channel = case when x.n <= 4 then '电话' else '链接' end,
    answered_at = now() - make_interval(days => (18 - x.n * 2)::integer),
    answered_by = case when x.n <= 4 then '00000000-0000-4000-b000-000000000001'::uuid end,
    score = (select round(avg(a.scale), 2) from public.survey_answers a where a.invitation_id = i.id and a.scale is not null)
from (select i2.id, row_number() over (order by i2.id) as n from public.survey_invitations i2
      where i2.survey_id = '00000000-0000-4000-f108-000000000001') x
where i.id = x.id and x.n <= 6 and i.status = '待答复';
