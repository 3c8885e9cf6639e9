-- Demo duty (issue 15 point 1): a month of duty records 值班记录 for the centre's three shifts, each
-- handed over and signed by both (locked), with the items checked (a damaged water dispenser, a
-- missing key explained), one major problem reported to the director, one handover refused
-- (公物缺失不接) and then put right and signed; today's shift still on duty (王小明); the roster for
-- the coming week, with two special days — one with the duty manager 陈刚 rostered, one without a
-- manager of middle level or above (flagged on its rows, reported by the job "duty coverage");
-- leave from duty: one awaiting the director, one approved, one absence recorded (擅自离岗).
-- Deterministic ids ('00000000-0000-4000-f001-…' roster, 'f002-…' records and leaves), dated
-- relative to now(); idempotent (on conflict do nothing). Rows are written as the moves would
-- leave them (the moves' flag).

select set_config('taizhang.duty_move', 'on', false);

-- ── The roster for the coming week (today and the next 7 days) ───────────────────────────
insert into public.duty_special_days (day, name) values
  (current_date + 3, '小区业主大会'),
  (current_date + 5, '寒潮橙色预警')
on conflict do nothing;

with people (k, id) as (
  values (0, '00000000-0000-4000-b000-000000000001'), (1, '00000000-0000-4000-b000-000000000002'),
         (2, '00000000-0000-4000-c000-000000000001'), (3, '00000000-0000-4000-c000-000000000002'),
         (4, '00000000-0000-4000-c000-000000000006'), (5, '00000000-0000-4000-c000-000000000007')
), days as (
  select d from generate_series(0, 7) d
), slots as (
  select d, s, ('00000000-0000-4000-f001-00000000000' || s)::uuid as shift_id from days cross join generate_series(1, 3) s
)
insert into public.duty_roster (id, duty_date, shift_id, operator_id, notes)
select ('00000000-0000-4000-f001-' || lpad((100 + sl.d * 10 + sl.s)::text, 12, '0'))::uuid, current_date + sl.d, sl.shift_id,
       coalesce(p.id, '00000000-0000-4000-b000-000000000001')::uuid,
       case when sl.s = 3 then '夜班：22:00、02:00 各巡查一次' end
from slots sl left join people p on p.k = (sl.d * 3 + sl.s) % 6
on conflict do nothing;
-- The duty manager 陈刚 (middle level) on the day of the owners' meeting; nobody of middle level on the cold-wave day.
insert into public.duty_roster (id, duty_date, shift_id, operator_id, notes) values
  ('00000000-0000-4000-f001-000000000190', current_date + 3, '00000000-0000-4000-f001-000000000001',
   '00000000-0000-4000-b000-000000000004', '业主大会当日值班经理在岗')
on conflict do nothing;
select private.refresh_duty_day(current_date + d) from generate_series(0, 7) d;

-- ── A month of duty records ──────────────────────────────────────────────────────────────
-- Day d (1–30 days ago), shift s (1 早班 08–16, 2 中班 16–24, 3 夜班 00–08): the person on duty
-- rotates through six people; the incoming person is the next one.
with people (k, id) as (
  values (0, '00000000-0000-4000-b000-000000000001'), (1, '00000000-0000-4000-b000-000000000002'),
         (2, '00000000-0000-4000-c000-000000000001'), (3, '00000000-0000-4000-c000-000000000002'),
         (4, '00000000-0000-4000-c000-000000000006'), (5, '00000000-0000-4000-c000-000000000007')
), slots as (
  select d, s, (d * 3 + s) as n, (current_date - d) as duty_date,
         ('00000000-0000-4000-f001-00000000000' || s)::uuid as shift_id,
         ((current_date - d) + case s when 1 then time '16:00' when 2 then time '24:00' else time '08:00' end) at time zone 'Asia/Shanghai' as shift_end
  from generate_series(1, 30) d cross join generate_series(1, 3) s
)
insert into public.duty_records (id, duty_date, shift_id, on_duty_id, calls_received, visits_received, events, outstanding,
                                 status, incoming_id, arrived_at, arrived_late, out_signed_at, in_signed_at, created_at)
select ('00000000-0000-4000-f002-' || lpad(sl.n::text, 12, '0'))::uuid, sl.duty_date, sl.shift_id, p.id::uuid,
       case sl.s when 3 then sl.n % 4 else 8 + sl.n % 13 end,
       case sl.s when 3 then 0 else sl.n % 5 end,
       (array['接听业主报修电话，已派工程部处理；接待来访业主咨询物业费缴纳',
              '巡查大堂及客服中心，设施正常；受理投诉一起，已登记转客服一部',
              '夜间巡查两次，无异常；接听业主来电询问停水通知',
              '接待装修登记三户，已告知装修管理规定；快递代收登记',
              '受理业主噪音投诉，已联系安全保卫部到场处理；其余正常',
              '接听来电咨询车位租赁，已转客服二部；饮水机更换水桶'])[1 + sl.n % 6],
       case when sl.n % 4 = 0 then '3栋1单元业主报修卫生间漏水，工程部明早上门，请接班人跟进' end,
       '已交接', q.id::uuid,
       sl.shift_end - case when sl.n % 17 = 0 then interval '-3 minutes' else interval '10 minutes' end,
       sl.n % 17 = 0,
       sl.shift_end - interval '3 minutes', sl.shift_end - interval '2 minutes',
       sl.shift_end - interval '8 hours'
from slots sl
join people p on p.k = sl.n % 6
join people q on q.k = (sl.n + 1) % 6
on conflict do nothing;

-- The duty manager and the director take a day shift each (带班).
insert into public.duty_records (id, duty_date, shift_id, on_duty_id, calls_received, visits_received, events,
                                 status, incoming_id, arrived_at, arrived_late, out_signed_at, in_signed_at, created_at)
select v.id::uuid, current_date - v.d, '00000000-0000-4000-f001-000000000001', v.who::uuid, 12, 3, v.events, '已交接',
       '00000000-0000-4000-c000-000000000001',
       ((current_date - v.d) + time '15:50') at time zone 'Asia/Shanghai', false,
       ((current_date - v.d) + time '15:57') at time zone 'Asia/Shanghai', ((current_date - v.d) + time '15:58') at time zone 'Asia/Shanghai',
       ((current_date - v.d) + time '08:00') at time zone 'Asia/Shanghai'
from (values ('00000000-0000-4000-f002-000000000095', 6, '00000000-0000-4000-b000-000000000004',
              '值班经理带班：检查各岗位值班情况，抽查值班记录三份，均无漏项'),
             ('00000000-0000-4000-f002-000000000096', 13, '00000000-0000-4000-b000-000000000005',
              '主任带班：检查交接班记录及物品清点情况，发现饮水机未清洁，已现场整改')) as v(id, d, who, events)
on conflict do nothing;

-- Items: a water dispenser found leaking, a key missing (explained, acknowledged by both signatures).
update public.duty_record_items i set condition = '损坏', explanation = '饮水机底座漏水，已报行政部更换，暂停使用'
where i.record_id = '00000000-0000-4000-f002-000000000020' and i.item = '饮水机' and i.condition = '完好';
update public.duty_record_items i set condition = '缺失', explanation = '前台抽屉备用钥匙一把未找到，已报值班经理，待更换门锁'
where i.record_id = '00000000-0000-4000-f002-000000000041' and i.item = '钥匙' and i.condition = '完好';

-- A major problem (reported to the director on saving).
update public.duty_records r
set major_problem = '地下车库B2层消防管道爆裂进水，已关闭阀门并通知工程部、安全保卫部到场抢修，无人员受伤'
where r.id = '00000000-0000-4000-f002-000000000034' and r.major_problem is null;

-- One refused handover (公物缺失不接): the incoming person refused, the outgoing person found the
-- walkie-talkie and explained, then both signed.
insert into public.duty_handover_refusals (id, record_id, reason, note, refused_by, created_at)
select '00000000-0000-4000-f002-000000000801', r.id, '公物缺失不接', '对讲机一台不在充电座，交班人未说明去向', r.incoming_id, r.out_signed_at - interval '20 minutes'
from public.duty_records r where r.id = '00000000-0000-4000-f002-000000000026'
on conflict do nothing;
update public.duty_records r
set refusal_reason = '公物缺失不接', refusal_note = '对讲机一台不在充电座，交班人未说明去向', refused_at = r.out_signed_at - interval '20 minutes',
    outstanding = '对讲机已在保安岗找回，交回充电座；拒接后重新交接'
where r.id = '00000000-0000-4000-f002-000000000026' and r.refusal_reason is null;
update public.duty_record_items i set condition = '缺失', explanation = '对讲机借给保安岗巡逻未及时归还，已找回'
where i.record_id = '00000000-0000-4000-f002-000000000026' and i.item = '对讲机' and i.condition = '完好';
insert into public.duty_record_addenda (id, record_id, body, written_by, created_at)
values ('00000000-0000-4000-f002-000000000851', '00000000-0000-4000-f002-000000000026',
        '补记：对讲机借出须在值班记录中登记，已提醒保安岗', '00000000-0000-4000-b000-000000000004', now() - interval '24 days')
on conflict do nothing;

-- Today: 王小明 on duty (not yet handed over).
insert into public.duty_records (id, duty_date, shift_id, on_duty_id, calls_received, visits_received, events)
values ('00000000-0000-4000-f002-000000000001', current_date, '00000000-0000-4000-f001-000000000001',
        '00000000-0000-4000-b000-000000000001', 4, 1, '接听业主来电咨询水费账单；接待来访业主办理装修登记')
on conflict do nothing;

-- ── Leave from duty ──────────────────────────────────────────────────────────────────────
insert into public.duty_leaves (id, kind, operator_id, duty_date, shift_id, leave_from, leave_until, reason, substitute_id, status,
                                recorded_by, approver_id, decided_at, decision_note)
values
  ('00000000-0000-4000-f002-000000000901', '请假', '00000000-0000-4000-b000-000000000001', current_date,
   '00000000-0000-4000-f001-000000000001', now() + interval '2 hours', now() + interval '3 hours',
   '到银行办理业主代扣协议，约一小时', '00000000-0000-4000-c000-000000000001', '待审批',
   '00000000-0000-4000-b000-000000000001', null, null, null),
  ('00000000-0000-4000-f002-000000000902', '请假', '00000000-0000-4000-b000-000000000002', current_date - 9,
   '00000000-0000-4000-f001-000000000002', now() - interval '9 days', now() - interval '9 days' + interval '90 minutes',
   '孩子学校家长会', '00000000-0000-4000-c000-000000000006', '已批准',
   '00000000-0000-4000-b000-000000000002', '00000000-0000-4000-b000-000000000005', now() - interval '9 days' - interval '1 hour', '同意，替班人到岗后离开'),
  ('00000000-0000-4000-f002-000000000904', '请假', '00000000-0000-4000-b000-000000000004', current_date - 6,
   '00000000-0000-4000-f001-000000000001', now() - interval '6 days', now() - interval '6 days' + interval '2 hours',
   '陪同业主委员会验收新装门禁系统', '00000000-0000-4000-c000-000000000002', '已批准',
   '00000000-0000-4000-b000-000000000004', '00000000-0000-4000-b000-000000000005', now() - interval '6 days' - interval '2 hours', '同意'),
  ('00000000-0000-4000-f002-000000000903', '擅自离岗', '00000000-0000-4000-c000-000000000002', current_date - 15,
   '00000000-0000-4000-f001-000000000003', now() - interval '15 days', now() - interval '15 days' + interval '1 hour',
   '夜班 02:00 主任检查时不在岗，未请假、无人替班', null, '旷工',
   '00000000-0000-4000-b000-000000000005', null, null, null)
on conflict do nothing;

-- The leave awaiting approval is on the director's desk (as the trigger tells her for a new one).
select private.notify(d, '值班请假', '值班请假待审批：王小明（今日早班，替班 赵丽） | Leave from duty for your approval: 王小明 (today''s morning shift, substitute 赵丽)', '到银行办理业主代扣协议，约一小时',
                      'duty_leaves', '00000000-0000-4000-f002-000000000901', now() + interval '2 hours',
                      'duty-leave:00000000-0000-4000-f002-000000000901:' || d)
from private.director_ids() d;

select set_config('taizhang.duty_move', 'off', false);
