-- Demo equipment and fault work orders (issue 15 point 2): thirty pieces of equipment over the
-- departments, numbered by the database (部门代码-流水号), some in warranty, some out; fault orders in
-- every state — a clerk's report just in (same day), a supplier repair under warranty with the
-- supplier's technician on site, an outside repair approved by the KF1 manager with a supervised
-- technician visit and its repair record, one reported late (the day after it occurred), an outside
-- repair awaiting the deputy gm (客服二部 has no manager of its own), a report left without a route
-- for days, and closed internal and warranty repairs. Written as the database owner with the states
-- the moves would have left; dated relative to now(). Deterministic ids ('00000000-0000-4000-f003-…'
-- equipment, 'f004-…0xx' fault orders, 'f004-…1xx' visits); idempotent.

with items (n, name, model, location, dept, supplier, contact, bought_months_ago, warranty_months) as (
  values
    (1, '台式电脑', '联想 启天 M428', '客服一部 1号工位', 'KF1', '北京联想佳禾科技有限公司', '010-82661234', 30, 36),
    (2, '台式电脑', '联想 启天 M428', '客服一部 2号工位', 'KF1', '北京联想佳禾科技有限公司', '010-82661234', 30, 36),
    (3, '台式电脑', '联想 启天 M420', '客服一部 3号工位', 'KF1', '北京联想佳禾科技有限公司', '010-82661234', 50, 36),
    (4, '激光打印机', '惠普 LaserJet Pro M404dn', '客服一部 打印区', 'KF1', '华信办公设备有限公司', '13911002233', 40, 12),
    (5, '电话机', '步步高 HCD007(6082)', '客服一部 1号工位', 'KF1', '华信办公设备有限公司', '13911002233', 26, 12),
    (6, '电话机', '步步高 HCD007(6082)', '客服一部 2号工位', 'KF1', '华信办公设备有限公司', '13911002233', 26, 12),
    (7, '饮水机', '美的 YR1226S-W', '客服一部 茶水间', 'KF1', '美的生活电器专营店', '400-889-9315', 20, 12),
    (8, '传真机', '松下 KX-FL338CN', '客服一部 经理室', 'KF1', '华信办公设备有限公司', '13911002233', 60, 12),
    (9, '台式电脑', '戴尔 OptiPlex 3000', '客服二部 1号工位', 'KF2', '戴尔（中国）有限公司', '800-858-2969', 10, 36),
    (10, '台式电脑', '戴尔 OptiPlex 3000', '客服二部 2号工位', 'KF2', '戴尔（中国）有限公司', '800-858-2969', 10, 36),
    (11, '激光打印机', '兄弟 HL-5595DN', '客服二部 打印区', 'KF2', '华信办公设备有限公司', '13911002233', 44, 12),
    (12, '数码复印机', '理光 MP 2555SP', '客服二部 文印室', 'KF2', '理光（中国）办公设备有限公司', '400-885-2018', 54, 24),
    (13, '电话机', '步步高 HCD007(6082)', '客服二部 1号工位', 'KF2', '华信办公设备有限公司', '13911002233', 26, 12),
    (14, '台式电脑', '联想 启天 M428', '档案室 管理员工位', 'DA', '北京联想佳禾科技有限公司', '010-82661234', 30, 36),
    (15, '高速扫描仪', '富士通 fi-7160', '档案室 扫描区', 'DA', '富士通（中国）信息系统有限公司', '400-810-8660', 38, 24),
    (16, '除湿机', '德业 DYD-D50A3', '档案室 库房', 'DA', '德业电器专营店', '400-887-5788', 16, 24),
    (17, '投影仪', '爱普生 CB-X50', '客服中心 会议室', 'KFZX', '爱普生（中国）有限公司', '400-810-9977', 34, 24),
    (18, '笔记本电脑', '华为 MateBook 14', '客服中心 主任办公室', 'KFZX', '华为终端有限公司', '950800', 8, 24),
    (19, '空调', '格力 KFR-72LW', '客服中心 大厅', 'KFZX', '格力电器特约维修站', '400-836-5315', 70, 72),
    (20, '笔记本电脑', '联想 ThinkPad X1 Carbon', '总经理办公室', 'ZJB', '北京联想佳禾科技有限公司', '010-82661234', 14, 36),
    (21, '碎纸机', '科密 C-958', '总经理办公室 文印柜', 'ZJB', '华信办公设备有限公司', '13911002233', 46, 12),
    (22, '彩色打印机', '佳能 iR C3226', '总经理办公室 秘书室', 'ZJB', '佳能（中国）有限公司', '400-622-2666', 22, 24),
    (23, '服务器', '浪潮 NF5280M6', '信息部 机房 A01 机柜', 'XXB', '浪潮电子信息产业股份有限公司', '400-860-0011', 28, 36),
    (24, '核心交换机', '华为 S5735-L48T4S', '信息部 机房 A02 机柜', 'XXB', '华为技术有限公司', '400-822-9999', 28, 36),
    (25, 'UPS 不间断电源', '山特 C6KS', '信息部 机房', 'XXB', '山特电子（深圳）有限公司', '400-830-3938', 62, 36),
    (26, '笔记本电脑', '戴尔 Latitude 5430', '工程部 现场办公', 'GCB', '戴尔（中国）有限公司', '800-858-2969', 12, 36),
    (27, '激光测距仪', '徕卡 DISTO X3', '工程部 工具柜', 'GCB', '徕卡测量系统（上海）有限公司', '021-61821188', 42, 24),
    (28, '大幅面绘图仪', '惠普 DesignJet T230', '工程部 绘图室', 'GCB', '华信办公设备有限公司', '13911002233', 36, 12),
    (29, '网络硬盘录像机', '海康威视 DS-7816N-K2', '安全保卫部 监控室', 'AQB', '海康威视数字技术股份有限公司', '400-700-5998', 32, 24),
    (30, '门禁一体机', '中控智慧 iFace702', '安全保卫部 大门岗亭', 'AQB', '中控智慧科技股份有限公司', '400-600-5600', 18, 24)
)
insert into public.equipment (id, name, model, location, department_id, supplier, supplier_contact, purchased_on, warranty_end)
select ('00000000-0000-4000-f003-' || lpad(i.n::text, 12, '0'))::uuid, i.name, i.model, i.location, d.id, i.supplier, i.contact,
       (current_date - make_interval(months => i.bought_months_ago))::date,
       (current_date - make_interval(months => i.bought_months_ago) + make_interval(months => i.warranty_months))::date
from items i join public.departments d on d.code = i.dept
order by i.n
on conflict do nothing;

-- Fault orders, in the states the moves leave them. Operators: 王小明 b…01, 李娜 b…02 (the keeper),
-- 赵敏 b…03, 陈刚 b…04 (KF1 manager), 刘芳 b…05, 吴志强 b…08 (deputy gm), 高建华 b…09, 孙浩 b…07 (信息部).
with faults (n, equipment, occurred, reported, reporter, channel, description, status, route, routed_after, approver, decision,
             record, cost, repaired_by_name, repaired_after) as (
  values
    -- 1. Just in, the same day: the KF1 printer (out of warranty), waiting for the keeper's route.
    (1, 4, now() - interval '40 minutes', now() - interval '30 minutes', 'b001', '工单', '打印机卡纸后无法进纸，面板提示“纸张错误”，已清理仍报错。', '已报修', null, null, null, null, null, null, null, null),
    -- 2. In warranty: supplier repair under way, the supplier's technician on site.
    (2, 1, now() - interval '1 day 3 hours', now() - interval '1 day 2 hours', 'b001', '电话', '电脑开机后蓝屏，提示 INACCESSIBLE_BOOT_DEVICE，无法进入系统。', '维修中', '供应商保修', interval '40 minutes', null, null, null, null, null, null),
    -- 3. Out of warranty, sent out with the KF1 manager's approval; technician supervised; repaired.
    (3, 3, now() - interval '6 days 5 hours', now() - interval '6 days 4 hours', 'b001', '工单', '电脑主机电源损坏，按电源键无反应，电源指示灯不亮。', '已修复', '外送维修', interval '1 hour', 'b004', '同意送外修理，费用控制在 500 元以内。',
     '更换主机电源（航嘉 300W），检测硬盘、内存正常，数据无丢失。', 380.00, '宏达电脑维修部 张建军', interval '3 days'),
    -- 4. Reported late: it failed one afternoon and was reported the next morning; internal repair under way.
    (4, 7, date_trunc('day', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai' - interval '2 days' + interval '16 hours 30 minutes',
           date_trunc('day', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai' - interval '1 day' + interval '9 hours 10 minutes',
           'b001', '电话', '饮水机不制热，加热指示灯不亮，下班前发现未及时上报。', '维修中', '内部维修', interval '2 hours', null, null, null, null, null, null),
    -- 5. In warranty, repaired by the supplier and closed.
    (5, 26, now() - interval '12 days', now() - interval '12 days' + interval '20 minutes', 'b009', '工单', '笔记本电脑键盘多个按键失灵（E、R、T 键无响应）。', '已修复', '供应商保修', interval '1 hour', null, null,
     '供应商上门更换键盘模组，保修期内免费。', 0.00, '戴尔售后工程师 王磊', interval '2 days'),
    -- 6. Out of warranty, outside repair asked for, awaiting the head of 客服二部 (the deputy gm in charge).
    (6, 12, now() - interval '5 hours', now() - interval '4 hours 30 minutes', 'b002', '工单', '复印机复印件出现竖向黑线，清洁稿台玻璃后仍有，疑似硒鼓或定影组件故障。', '待审批', '外送维修', interval '1 hour', null, null, null, null, null, null),
    -- 7. Reported four days ago and still without a route (the evening job chases it).
    (7, 15, now() - interval '4 days 2 hours', now() - interval '4 days 1 hour', 'b003', '电话', '扫描仪进纸时多页同时进入，双张检测频繁报警。', '已报修', null, null, null, null, null, null, null, null),
    -- 8. Internal repair, closed: the projector in the 客服中心 meeting room.
    (8, 17, now() - interval '9 days', now() - interval '9 days' + interval '15 minutes', 'b005', '工单', '投影仪画面偏黄且有闪烁，灯泡使用时间提示已超 3000 小时。', '已修复', '内部维修', interval '2 hours', null, null,
     '信息部更换投影灯泡（原厂 ELPLP96），清洁滤网，画面恢复正常。', 450.00, '信息部 孙浩', interval '1 day')
)
insert into public.equipment_faults (id, equipment_id, occurred_at, reported_at, reported_by, channel, description, status, route,
  routed_by, routed_at, approver_id, approved_at, decision_note, repair_record, repair_cost, repaired_by_name, repaired_at, closed_by, closed_at)
select ('00000000-0000-4000-f004-' || lpad(f.n::text, 12, '0'))::uuid, ('00000000-0000-4000-f003-' || lpad(f.equipment::text, 12, '0'))::uuid,
       -- Reported the day it occurred (all but no. 4), also when the demo is seeded just after midnight in Beijing.
       case when f.n <> 4 and (f.occurred at time zone 'Asia/Shanghai')::date <> (f.reported at time zone 'Asia/Shanghai')::date
            then date_trunc('day', f.reported at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai' else f.occurred end,
       f.reported, ('00000000-0000-4000-b000-00000000000' || right(f.reporter, 1))::uuid, f.channel, f.description, f.status, f.route,
       case when f.route is not null then '00000000-0000-4000-b000-000000000002'::uuid end, f.reported + f.routed_after,
       case when f.approver is not null then ('00000000-0000-4000-b000-00000000000' || right(f.approver, 1))::uuid end,
       case when f.approver is not null then f.reported + f.routed_after + interval '2 hours' end, f.decision,
       f.record, f.cost, f.repaired_by_name, f.reported + f.repaired_after,
       case when f.status = '已修复' then '00000000-0000-4000-b000-000000000002'::uuid end,
       case when f.status = '已修复' then f.reported + f.repaired_after + interval '30 minutes' end
from faults f
order by f.n
on conflict do nothing;

-- Outside technicians on site, each supervised by one of the company (现场全程监视).
insert into public.equipment_fault_visits (id, fault_id, technician, company, time_in, time_out, supervised_by, work_done, recorded_by)
select v.id::uuid, v.fault::uuid, v.technician, v.company, f.reported_at + v.in_after, f.reported_at + v.in_after + v.stay,
       v.supervisor::uuid, v.work, '00000000-0000-4000-b000-000000000002'::uuid
from (values
  ('00000000-0000-4000-f004-000000000101', '00000000-0000-4000-f004-000000000002', '刘志刚', '北京联想佳禾科技有限公司', interval '20 hours', interval '1 hour 30 minutes',
   '00000000-0000-4000-b000-000000000007', '检测硬盘 SMART 报错，硬盘返厂更换，重装系统待新盘到货。'),
  ('00000000-0000-4000-f004-000000000102', '00000000-0000-4000-f004-000000000003', '张建军', '宏达电脑维修部', interval '4 hours', interval '40 minutes',
   '00000000-0000-4000-b000-000000000007', '上门取件，当场确认电源故障，主机带回维修部更换电源。'),
  ('00000000-0000-4000-f004-000000000103', '00000000-0000-4000-f004-000000000003', '张建军', '宏达电脑维修部', interval '2 days 22 hours', interval '50 minutes',
   '00000000-0000-4000-b000-000000000004', '送回主机，现场开机测试一小时，运行正常。'),
  ('00000000-0000-4000-f004-000000000104', '00000000-0000-4000-f004-000000000005', '王磊', '戴尔（中国）有限公司', interval '1 day 20 hours', interval '1 hour',
   '00000000-0000-4000-b000-00000000000a', '现场更换键盘模组并测试全部按键。')
) as v(id, fault, technician, company, in_after, stay, supervisor, work)
join public.equipment_faults f on f.id = v.fault::uuid
on conflict do nothing;

-- The keeper's reports are done once routed; the deputy gm has the outside repair to approve.
update public.notifications n set done_at = coalesce(f.routed_at, now())
from public.equipment_faults f
where n.link_table = 'equipment_faults' and n.link_id = f.id::text and n.kind = '设备故障' and n.done_at is null
  and f.status <> '已报修' and f.id::text like '00000000-0000-4000-f004-%';
select private.notify(h.id, '外修审批', format('设备送外修理待您批准：%s %s %s | Outside repair for your approval: %s %s %s', f.fault_no, e.asset_no, e.name, f.fault_no, e.asset_no, e.name),
         f.description, 'equipment_faults', f.id::text, null, 'fault-outside:' || f.id || ':' || f.routed_at || ':' || h.id)
from public.equipment_faults f join public.equipment e on e.id = f.equipment_id
cross join lateral private.equipment_heads(f.department_id) as h(id)
where f.id = '00000000-0000-4000-f004-000000000006' and f.status = '待审批';
