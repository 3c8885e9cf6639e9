-- Demo visitors and vehicles at the gate (issue 15 point 6): a fortnight of 来访登记 and 车辆登记
-- kept by the gate post (马军, 门岗, 安全保卫部) — verified, let in and gone, a few still inside now,
-- one awaiting verification, one refused entry (no document), and the unknown vehicles with their
-- drivers (two new-energy plates). ID numbers are valid for their type (身份证 with its check
-- digit) and go through the register's own trigger: the register keeps them masked, the full
-- numbers are kept apart. Dated relative to now(); deterministic ids ('00000000-0000-4000-f008-
-- 0000000000NN' visitors, '…-f008-1000000000NN' vehicles); idempotent: each step applies once.

with people (n, name, id_type, id_stem, phone, company, host, host_name, host_dept, purpose, party, days_ago, at_hour, stay_minutes, fate) as (
  values
    -- fate: 离开 (in and out), 在访 (inside now), 待核验 (just arrived), 未放行 (refused)
    ( 1, '张伟',   '身份证', '11010519850312123', '13911112201', '北京中诚物业顾问有限公司', '00000000-0000-4000-b000-000000000004', null, null, '洽谈物业服务合同续签事宜', 2, 13, 9.5, 90, '离开'),
    ( 2, '王芳',   '身份证', '44030419900718456', '13822334455', '深圳安居装饰工程有限公司', '00000000-0000-4000-b000-000000000009', null, null, '3 号楼外墙维修施工交底', 3, 13, 14.0, 150, '离开'),
    ( 3, '李强',   '身份证', '32010619780905221', '13705156677', null, '00000000-0000-4000-b000-000000000001', null, null, '业主办理入住手续，领取钥匙', 1, 12, 10.0, 45, '离开'),
    ( 4, '刘洋',   '身份证', '51010719921123334', '18628001234', '成都天府电梯维保有限公司', '00000000-0000-4000-b000-00000000000a', null, null, '电梯季度维保检查', 2, 12, 13.5, 180, '离开'),
    ( 5, '陈静',   '身份证', '31011519880214567', '13601780099', null, '00000000-0000-4000-b000-000000000002', null, null, '咨询车位租赁及物业费缴纳', 1, 11, 9.0, 30, '离开'),
    ( 6, 'KIM MINSU', '护照', 'M12345678',       '13910203040', '韩国三和贸易株式会社', '00000000-0000-4000-b000-000000000006', null, null, '商务洽谈，参观项目样板间', 2, 11, 15.0, 120, '离开'),
    ( 7, '杨帆',   '身份证', '42010619950630112', '15927001122', '武汉顺达快递服务站', null, '收发室值班员', '00000000-0000-4000-a000-000000000008', '派送快递，大件需入内搬运', 1, 10, 11.0, 20, '离开'),
    ( 8, '赵磊',   '身份证', '13010219830417998', '13833110022', '河北恒安消防设备有限公司', '00000000-0000-4000-b000-000000000009', null, null, '消防设施年度检测', 3, 10, 9.0, 240, '离开'),
    ( 9, '黄丽',   '港澳通行证', 'H12345678',    '13510090088', '香港嘉利投资有限公司', '00000000-0000-4000-b000-000000000005', null, null, '拜访客服中心，了解商铺租赁服务', 1, 9, 10.5, 60, '离开'),
    (10, '周斌',   '身份证', '37020219870809456', '13953206655', null, null, '18 栋 2 单元 701 业主 孙女士', '00000000-0000-4000-a000-000000000001', '探访业主亲属', 1, 9, 16.0, 100, '离开'),
    (11, '吴敏',   '身份证', '33010619910101234', '13867001188', '杭州绿源园林绿化有限公司', '00000000-0000-4000-b000-000000000008', null, null, '园林绿化养护方案汇报', 2, 8, 10.0, 75, '离开'),
    (12, '徐涛',   '身份证', '61010319801225345', '13991220033', '西安同创智能科技有限公司', '00000000-0000-4000-b000-000000000007', null, null, '门禁系统升级调试', 2, 7, 13.0, 210, '离开'),
    (13, '孙丽华', '身份证', '21010219750520667', '13940120044', null, '00000000-0000-4000-b000-000000000001', null, null, '投诉楼上漏水，现场查看', 1, 6, 9.5, 50, '离开'),
    (14, '马超',   '其他',   '军官证南字第20190315号', '13701230055', null, '00000000-0000-4000-b000-000000000004', null, null, '联系社区共建活动', 1, 6, 14.5, 40, '离开'),
    (15, '何俊',   '身份证', '45010319930311778', '18677001166', '广西桂通物流有限公司', null, '仓库管理员 钱师傅', '00000000-0000-4000-a000-000000000007', '送货：工程部维修备件', 2, 5, 8.5, 35, '离开'),
    (16, '郭晓',   '身份证', '50010319890909889', '13983001177', '重庆山城家政服务有限公司', '00000000-0000-4000-b000-000000000002', null, null, '家政服务进场备案', 1, 4, 11.0, 25, '离开'),
    (17, '林涵',   '身份证', '35020319960214990', '13850200088', null, '00000000-0000-4000-b000-000000000001', null, null, '办理装修申请，提交图纸', 1, 3, 10.0, 55, '离开'),
    (18, '罗刚',   '身份证', '43010219820606101', '13787001199', '长沙湘江水电安装公司', '00000000-0000-4000-b000-000000000009', null, null, '地下车库排水泵检修', 3, 2, 9.0, 200, '离开'),
    (19, '宋佳',   '身份证', '23010319940817212', '13945100111', '黑龙江北方保险经纪公司', '00000000-0000-4000-b000-000000000005', null, null, '公众责任险续保资料递交', 1, 1, 15.5, 45, '离开'),
    (20, '谢伟',   null,     null,                '13300001234', '不明推销人员', null, '自称找物业经理', '00000000-0000-4000-a000-000000000001', '推销净水器', 1, 1, 10.5, 0, '未放行'),
    (21, '唐敏',   '身份证', '12010219860101323', '13920001122', '天津宏达会计师事务所', '00000000-0000-4000-b000-000000000006', null, null, '年度物业费收支审计', 2, 0, -2.0, 0, '在访'),
    (22, '冯磊',   '身份证', '41010519970722434', '13837101133', null, '00000000-0000-4000-b000-000000000002', null, null, '办理停车卡', 1, 0, -0.75, 0, '在访'),
    (23, '韩雪',   '身份证', '22010219920303545', '13843101144', '长春一汽销售服务店', '00000000-0000-4000-b000-000000000004', null, null, '商谈业主团购车辆展示场地', 2, 0, -0.2, 0, '待核验')
),
planned as (
  select p.*, ('00000000-0000-4000-f008-' || lpad(p.n::text, 12, '0'))::uuid as id,
         case p.id_type when '身份证' then p.id_stem || private.id_card_check_digit(p.id_stem) else p.id_stem end as id_number,
         -- past days at the hour given (Beijing time); today's as hours before now
         case when p.days_ago > 0
              then ((current_date - p.days_ago)::timestamp + make_interval(mins => (p.at_hour * 60)::integer)) at time zone 'Asia/Shanghai'
              else now() + make_interval(mins => (p.at_hour * 60)::integer) end as arrived
  from people p
)
insert into public.visitors (id, name, id_type, id_number, phone, company, party_size, host_operator_id, host_name, host_department_id, purpose, recorded_by, created_at, updated_at)
select pl.id, pl.name, pl.id_type, pl.id_number, pl.phone, pl.company, pl.party, pl.host::uuid, pl.host_name, pl.host_dept::uuid, pl.purpose,
       '00000000-0000-4000-b000-00000000000b', pl.arrived - interval '3 minutes', pl.arrived - interval '3 minutes'
from planned pl
on conflict (id) do nothing;

-- The moves, as the gate made them (verified two minutes after arriving, let in at once).
select set_config('taizhang.visitor_move', 'on', false);
with fates (n, days_ago, at_hour, stay_minutes, fate) as (
  values (1, 13, 9.5, 90, '离开'), (2, 13, 14.0, 150, '离开'), (3, 12, 10.0, 45, '离开'), (4, 12, 13.5, 180, '离开'),
         (5, 11, 9.0, 30, '离开'), (6, 11, 15.0, 120, '离开'), (7, 10, 11.0, 20, '离开'), (8, 10, 9.0, 240, '离开'),
         (9, 9, 10.5, 60, '离开'), (10, 9, 16.0, 100, '离开'), (11, 8, 10.0, 75, '离开'), (12, 7, 13.0, 210, '离开'),
         (13, 6, 9.5, 50, '离开'), (14, 6, 14.5, 40, '离开'), (15, 5, 8.5, 35, '离开'), (16, 4, 11.0, 25, '离开'),
         (17, 3, 10.0, 55, '离开'), (18, 2, 9.0, 200, '离开'), (19, 1, 15.5, 45, '离开'), (20, 1, 10.5, 0, '未放行'),
         (21, 0, -2.0, 0, '在访'), (22, 0, -0.75, 0, '在访')
),
timed as (
  select f.*, ('00000000-0000-4000-f008-' || lpad(f.n::text, 12, '0'))::uuid as id,
         case when f.days_ago > 0
              then ((current_date - f.days_ago)::timestamp + make_interval(mins => (f.at_hour * 60)::integer)) at time zone 'Asia/Shanghai'
              else now() + make_interval(mins => (f.at_hour * 60)::integer) end as arrived
  from fates f
)
update public.visitors v
set status = case t.fate when '离开' then '已离开' else t.fate end,
    verified_by = case when t.fate <> '未放行' then '00000000-0000-4000-b000-00000000000b'::uuid end,
    verified_at = case when t.fate <> '未放行' then t.arrived - interval '1 minute' end,
    time_in = case when t.fate <> '未放行' then t.arrived end,
    time_out = case when t.fate = '离开' then t.arrived + make_interval(mins => t.stay_minutes) end,
    refused_reason = case when t.fate = '未放行' then '未携带有效身份证件，且被访人不在，电话联系客服一部经理确认无预约，未予放行' end
from timed t
where v.id = t.id and v.status = '待核验';
select set_config('taizhang.visitor_move', 'off', false);

-- Unknown vehicles: plate, driver, purpose, in and out (three still inside).
with cars (n, plate, driver, phone, visitor, purpose, days_ago, at_hour, stay_minutes) as (
  values
    ( 1, '京A5D2E8', '张伟', '13911112201', 1, '来访车辆：洽谈合同', 13, 9.4, 95),
    ( 2, '粤B12345D', '王芳', '13822334455', 2, '施工车辆运送脚手架', 13, 13.9, 160),
    ( 3, '川A7K9M2', '刘洋', '18628001234', 4, '电梯维保工程车', 12, 13.4, 185),
    ( 4, '冀A3B6C9', '赵磊', '13833110022', 8, '消防检测设备运送', 10, 8.9, 245),
    ( 5, '鄂A88T61', '杨帆', '15927001122', 7, '快递派送', 10, 10.9, 25),
    ( 6, '浙AD12345', '吴敏', '13867001188', 11, '园林养护车（新能源）', 8, 9.9, 80),
    ( 7, '陕A2Q7W5', '徐涛', '13991220033', 12, '门禁设备运送', 7, 12.9, 215),
    ( 8, '桂A6H3J8', '何俊', '18677001166', 15, '送货：维修备件', 5, 8.4, 40),
    ( 9, '湘A9R5T3', '罗刚', '13787001199', 18, '排水泵检修工程车', 2, 8.9, 205),
    (10, '沪C3F8G1', '钱建国', '13764001234', null, '搬家公司货车，为 7 栋 1203 业主搬家', 1, 9.0, 180),
    (11, '津A1Z2X3', '唐敏', '13920001122', 21, '来访车辆：审计', 0, -2.1, 0),
    (12, '粤AF23456', '陈师傅', '13600001111', null, '绿化垃圾清运（新能源货车）', 0, -1.0, 0),
    (13, '苏E6N8P2', '周师傅', '13912001212', null, '送桶装水', 0, -0.3, 0)
),
timed as (
  select c.*, ('00000000-0000-4000-f008-1' || lpad(c.n::text, 11, '0'))::uuid as id,
         case when c.days_ago > 0
              then ((current_date - c.days_ago)::timestamp + make_interval(mins => (c.at_hour * 60)::integer)) at time zone 'Asia/Shanghai'
              else now() + make_interval(mins => (c.at_hour * 60)::integer) end as arrived
  from cars c
)
insert into public.vehicle_visits (id, plate, driver_name, driver_phone, visitor_id, purpose, registered_by, created_at, updated_at)
select t.id, t.plate, t.driver, t.phone, case when t.visitor is not null then ('00000000-0000-4000-f008-' || lpad(t.visitor::text, 12, '0'))::uuid end,
       t.purpose, '00000000-0000-4000-b000-00000000000b', t.arrived, t.arrived
from timed t
on conflict (id) do nothing;

select set_config('taizhang.visitor_move', 'on', false);
with cars (n, days_ago, at_hour, stay_minutes) as (
  values (1, 13, 9.4, 95), (2, 13, 13.9, 160), (3, 12, 13.4, 185), (4, 10, 8.9, 245), (5, 10, 10.9, 25), (6, 8, 9.9, 80),
         (7, 7, 12.9, 215), (8, 5, 8.4, 40), (9, 2, 8.9, 205), (10, 1, 9.0, 180), (11, 0, -2.1, 0), (12, 0, -1.0, 0), (13, 0, -0.3, 0)
),
timed as (
  select c.*, ('00000000-0000-4000-f008-1' || lpad(c.n::text, 11, '0'))::uuid as id,
         case when c.days_ago > 0
              then ((current_date - c.days_ago)::timestamp + make_interval(mins => (c.at_hour * 60)::integer)) at time zone 'Asia/Shanghai'
              else now() + make_interval(mins => (c.at_hour * 60)::integer) end as arrived
  from cars c
)
update public.vehicle_visits v
set time_in = t.arrived,
    status = case when t.days_ago > 0 then '已离开' else '在场' end,
    time_out = case when t.days_ago > 0 then t.arrived + make_interval(mins => t.stay_minutes) end
from timed t
where v.id = t.id and v.status = '在场' and v.time_in <> v.created_at; -- (registered, not yet timed: once)
select set_config('taizhang.visitor_move', 'off', false);
