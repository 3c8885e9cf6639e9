-- Demo work reports and QC groups (issue 15 points 4 and 5). Dated relative to now, so the demo
-- always looks current:
--   * daily reports 日报 of 王小明 (KF1) and 李娜 (KF2) for the working days of the last month up to
--     the day before yesterday — mostly written the same evening, some filled the next morning
--     (次日补填, 10 yuan), some late (逾期, 20 yuan); 李娜 also owes one (the chasers find it) and
--     yesterday's are not in yet;
--   * weekly reports 周报 of the two clerks and 陈刚 for the last four weeks (one late);
--   * last month's summaries 月总结 (李娜's handed in on the 3rd: late, 30 yuan);
--   * two QC groups: 微笑服务QC小组 (陈刚, active every month) and 档案规范化QC小组 (王小明, no activity
--     for eight months: flagged idle, its reason still to be recorded); and 快速响应QC小组 (李娜),
--     formed three weeks ago, its topic awaiting registration by the director.
-- Deterministic ids ('00000000-0000-4000-f006-…' reports, 'f007-…' QC); idempotent (on conflict
-- do nothing). The reports' deadlines and lateness are computed by the database from submitted_at.

with today as (select (now() at time zone 'Asia/Shanghai')::date as d),
days as (
  select x::date as day, row_number() over (order by x) as n
  from today, generate_series((today.d - 31)::timestamp, (today.d - 2)::timestamp, interval '1 day') x
  where public.is_working_day(x::date)
),
people (p, author) as (
  values (1, '00000000-0000-4000-b000-000000000001'::uuid), (2, '00000000-0000-4000-b000-000000000002'::uuid)
),
texts as (
  select array['接听客户来电', '受理业主报修', '处理物业费咨询', '跟进停车位申请', '协助办理装修备案'] as work,
         array['回访上周投诉客户，客户表示满意', '整理客户档案并移交档案员', '核对当月收费台账', '参加部门周例会', '更新客户联系人信息'] as more,
         array['继续跟进未结工单', '完成剩余回访', '准备周报材料', '核对新入住客户资料', '跟进维修进度'] as plan
)
insert into public.work_reports (id, kind, period_on, author_id, content, submitted_at)
select ('00000000-0000-4000-f006-' || lpad(to_hex(p * 1000 + n::integer), 12, '0'))::uuid, '日报', day, author,
       format('一、今日工作：%s %s 次，%s；受理咨询 %s 件、投诉 %s 件。二、存在问题：%s。三、明日计划：%s。',
              t.work[1 + (n + p) % 5], 6 + (n * 3 + p) % 9, t.more[1 + (n + 2 * p) % 5], 2 + n % 4, (n + p) % 2,
              case when (n + p) % 4 = 0 then '个别报修超过时限，已向经理汇报' else '无' end, t.plan[1 + (n + p) % 5]),
       (case when (n + p) % 9 = 4 then (day + 1)::timestamp + time '10:20'           -- late: after 08:30 the next day
             when (n + p) % 7 = 3 then (day + 1)::timestamp + time '07:55'           -- filled the next morning
             else day::timestamp + time '17:35' + (n % 5) * interval '6 minutes' end) at time zone 'Asia/Shanghai'
from days cross join people cross join texts t
-- 李娜 has not handed in one of them (the chasers remind her and her manager)
where not (p = 2 and n = 3)
on conflict do nothing;

with today as (select (now() at time zone 'Asia/Shanghai')::date as d),
weeks as (
  select w, (today.d - (extract(isodow from today.d)::integer - 1) - 7 * w) as monday from today, generate_series(1, 4) w
),
people (p, author) as (
  values (1, '00000000-0000-4000-b000-000000000001'::uuid), (2, '00000000-0000-4000-b000-000000000002'::uuid),
         (3, '00000000-0000-4000-b000-000000000004'::uuid)
)
insert into public.work_reports (id, kind, period_on, author_id, content, submitted_at)
select ('00000000-0000-4000-f006-' || lpad(to_hex(10000 + p * 10 + w), 12, '0'))::uuid, '周报', monday, author,
       format('本周（%s 至 %s）工作小结：%s。新增客户资料 %s 份（已用不同颜色标注新增内容）。下周计划：%s。',
              monday, monday + 4,
              case p when 3 then '部门共受理工单 ' || (40 + w * 7) || ' 件，按时办结率 ' || (92 + w) || '%，组织投诉分析会一次'
                     else '接听来电 ' || (30 + w * 5 + p) || ' 个，完成回访 ' || (8 + w) || ' 户，跟进报修 ' || (5 + p) || ' 件' end,
              2 + (w + p) % 4,
              case when (w + p) % 2 = 0 then '完成季度客户满意度调查准备' else '跟进遗留投诉，整理客户档案' end),
       (case when p = 2 and w = 2 then (monday + 7)::timestamp + time '09:10'            -- late: the Monday after
             else (monday + 4)::timestamp + time '16:40' + p * interval '7 minutes' end) at time zone 'Asia/Shanghai'
from weeks cross join people
on conflict do nothing;

with month as (select (date_trunc('month', now() at time zone 'Asia/Shanghai') - interval '1 month')::date as first),
people (p, author) as (
  values (1, '00000000-0000-4000-b000-000000000001'::uuid), (2, '00000000-0000-4000-b000-000000000002'::uuid),
         (3, '00000000-0000-4000-b000-000000000004'::uuid)
)
insert into public.work_reports (id, kind, period_on, author_id, content, submitted_at)
select ('00000000-0000-4000-f006-' || lpad(to_hex(20000 + p), 12, '0'))::uuid, '月总结', month.first, author,
       format('%s月工作总结：一、完成情况：%s。二、存在不足：%s。三、下月计划：%s。', extract(month from month.first)::integer,
              case p when 3 then '部门工单按时办结率 94%，客户满意度 96%，组织培训两次' else '全月接听来电 ' || (150 + p * 12) || ' 个，回访 ' || (30 + p) || ' 户，无有效投诉' end,
              case p when 2 then '个别日报提交不及时' else '部分回访记录填写不够详细' end,
              '落实客户资料月度核对，配合档案室完成归档'),
       least(now() - interval '1 hour',
             (((month.first + interval '1 month')::date + case when p = 2 then 2 else 0 end)::timestamp
               + case when p = 2 then time '09:30' else time '16:00' end) at time zone 'Asia/Shanghai')
from month cross join people
on conflict do nothing;

-- ── QC groups ───────────────────────────────────────────────────────────────────────────
with today as (select (now() at time zone 'Asia/Shanghai')::date as d)
insert into public.qc_groups (id, name, leader_id, topic, topic_registered_at, registered_by, created_at)
select g.id::uuid, g.name, g.leader::uuid, g.topic,
       ((today.d - g.registered_days)::timestamp + time '10:00') at time zone 'Asia/Shanghai',
       '00000000-0000-4000-b000-000000000005'::uuid,
       ((today.d - g.formed_days)::timestamp + time '09:00') at time zone 'Asia/Shanghai'
from today, (values
  ('00000000-0000-4000-f007-000000000001', '微笑服务QC小组', '00000000-0000-4000-b000-000000000004', '降低客户重复投诉率', 200, 190),
  ('00000000-0000-4000-f007-000000000002', '档案规范化QC小组', '00000000-0000-4000-b000-000000000001', '缩短客户档案查借时间', 340, 330)
) as g(id, name, leader, topic, formed_days, registered_days)
on conflict do nothing;

-- A group just formed: its topic waits for the director's registration (the director is told).
with today as (select (now() at time zone 'Asia/Shanghai')::date as d)
insert into public.qc_groups (id, name, leader_id, topic, created_at)
select '00000000-0000-4000-f007-000000000003', '快速响应QC小组', '00000000-0000-4000-b000-000000000002', '缩短业主报修响应时间',
       ((today.d - 21)::timestamp + time '14:00') at time zone 'Asia/Shanghai'
from today
on conflict do nothing;

insert into public.qc_group_members (id, group_id, operator_id, duty) values
  ('00000000-0000-4000-f007-000000000101', '00000000-0000-4000-f007-000000000001', '00000000-0000-4000-b000-000000000001', '现状调查、数据收集'),
  ('00000000-0000-4000-f007-000000000102', '00000000-0000-4000-f007-000000000001', '00000000-0000-4000-b000-000000000002', '原因分析、对策实施'),
  ('00000000-0000-4000-f007-000000000103', '00000000-0000-4000-f007-000000000001', '00000000-0000-4000-c000-000000000001', '效果检查、记录整理'),
  ('00000000-0000-4000-f007-000000000104', '00000000-0000-4000-f007-000000000002', '00000000-0000-4000-b000-000000000003', '档案查借流程梳理'),
  ('00000000-0000-4000-f007-000000000105', '00000000-0000-4000-f007-000000000002', '00000000-0000-4000-c000-000000000001', '数据统计'),
  ('00000000-0000-4000-f007-000000000106', '00000000-0000-4000-f007-000000000003', '00000000-0000-4000-b000-000000000001', '报修数据统计')
on conflict do nothing;

-- The active group: one activity every month for the last six (this month's once its 8th has come).
with today as (select (now() at time zone 'Asia/Shanghai')::date as d)
insert into public.qc_activities (id, group_id, held_on, stage, minutes, recorded_by)
select ('00000000-0000-4000-f007-' || lpad(to_hex(512 + m), 12, '0'))::uuid, '00000000-0000-4000-f007-000000000001',
       (date_trunc('month', today.d) - m * interval '1 month')::date + 7,
       (array['计划', '实施', '实施', '检查', '处理', '计划'])[6 - m],
       (array['制定活动计划：统计近三个月重复投诉 46 件，目标降低 30%',
              '现状调查：重复投诉集中在报修未及时回复（占 58%），绘制排列图',
              '对策实施：报修受理后 2 小时内电话回复，建立报修跟踪表',
              '效果检查：本月重复投诉 29 件，较活动前下降 37%，目标达成',
              '处理：将报修回复时限写入部门作业指导书，巩固措施',
              '新一轮计划：选定“缩短来电等待时间”为下一课题候选'])[6 - m],
       (array['00000000-0000-4000-b000-000000000004', '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-b000-000000000002'])[1 + m % 3]::uuid
from today, generate_series(0, 5) m
where (date_trunc('month', today.d) - m * interval '1 month')::date + 7 <= today.d
on conflict do nothing;

-- The idle group: two activities eight and nine months ago, then nothing.
with today as (select (now() at time zone 'Asia/Shanghai')::date as d)
insert into public.qc_activities (id, group_id, held_on, stage, minutes, recorded_by)
select a.id::uuid, '00000000-0000-4000-f007-000000000002', today.d - a.days_ago, a.stage, a.minutes, '00000000-0000-4000-b000-000000000001'::uuid
from today, (values
  ('00000000-0000-4000-f007-000000000601', 275, '计划', '制定活动计划：档案查借平均用时 25 分钟，目标缩短到 10 分钟'),
  ('00000000-0000-4000-f007-000000000602', 245, '实施', '现状调查：查借用时长的主要原因是卷内目录不全、柜号标识不清')
) as a(id, days_ago, stage, minutes)
on conflict do nothing;

-- Flagged idle as the monthly check would flag it (the reason is still to be recorded by its leader).
select set_config('taizhang.qc_move', 'on', false);
update public.qc_groups g
set idle_since = g.last_activity_on, idle_flagged_at = date_trunc('month', now())
where g.id = '00000000-0000-4000-f007-000000000002' and g.idle_flagged_at is null
  and g.last_activity_on <= (now() at time zone 'Asia/Shanghai')::date - interval '6 months';
select set_config('taizhang.qc_move', 'off', false);
