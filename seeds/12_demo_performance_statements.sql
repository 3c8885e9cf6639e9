-- Demo performance statements (issue 16 points 2 and 5). Dated relative to now: the quarter before
-- the current one was proposed by the job "performance" (private.propose_performance_statements,
-- the same computation the job runs), with two penalty findings of that quarter:
--   * 重卡 (每卡罚款20元) against 高建华: a customer filed twice because its return visit was missed;
--   * 投诉属实 is left to the demo (no seeded complaint names an engineer);
--   * this quarter, 重卡 against 王小明 (客服一部), recorded by his manager 陈刚: counted on the next statement;
-- 高建华's statement was reviewed and approved by the gm (已批准: locked); 林涛's and everyone
-- else's await their manager's review (待复核). Deterministic ids: statements
-- '00000000-0000-4000-f105-…', penalty findings '00000000-0000-4000-f106-…' (the lines are the
-- computation's). Idempotent: a second load changes nothing (a locked statement is never recomputed).

with q as (select (date_trunc('quarter', (now() at time zone 'Asia/Shanghai')) - interval '3 months')::date as quarter)
insert into public.performance_statements (id, operator_id, department_id, quarter, payout_month)
select s.id, s.operator_id, '00000000-0000-4000-a000-000000000007'::uuid, q.quarter, (q.quarter + interval '3 months')::date
from q, (values
  ('00000000-0000-4000-f105-000000000001'::uuid, '00000000-0000-4000-b000-000000000009'::uuid),
  ('00000000-0000-4000-f105-000000000002'::uuid, '00000000-0000-4000-b000-00000000000a'::uuid)
) as s(id, operator_id)
on conflict do nothing;

with q as (select (date_trunc('quarter', (now() at time zone 'Asia/Shanghai')) - interval '3 months')::date as quarter)
insert into public.performance_penalties (id, operator_id, kind, source_id, occurred_on, note, recorded_by)
select '00000000-0000-4000-f106-000000000001'::uuid, '00000000-0000-4000-b000-000000000009'::uuid, '重卡',
       '00000000-0000-4000-d000-000000000031'::uuid, q.quarter + 40,
       '安装后未按期回访，客户另行致电建卡，造成重卡', '00000000-0000-4000-b000-000000000005'::uuid
from q
on conflict do nothing;

insert into public.performance_penalties (id, operator_id, kind, source_id, occurred_on, note, recorded_by)
select '00000000-0000-4000-f106-000000000002'::uuid, '00000000-0000-4000-b000-000000000001'::uuid, '重卡', c.id,
       (now() at time zone 'Asia/Shanghai')::date, '回访计划漏排，客户再次来电时另建新卡', '00000000-0000-4000-b000-000000000004'::uuid
from public.customers c where c.department_id = '00000000-0000-4000-a000-000000000001'
order by c.code limit 1
on conflict do nothing;

select private.propose_performance_statements((date_trunc('quarter', (now() at time zone 'Asia/Shanghai')) - interval '3 months')::date);

select set_config('taizhang.performance_move', 'on', false);
update public.performance_statements s
set status = '已批准', reviewed_by = '00000000-0000-4000-b000-000000000006', reviewed_at = now() - interval '20 days',
    approved_by = '00000000-0000-4000-b000-000000000006', approved_at = now() - interval '18 days'
where s.id = '00000000-0000-4000-f105-000000000001' and s.status = '待复核';
select set_config('taizhang.performance_move', 'off', false);
