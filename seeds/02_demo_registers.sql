-- Demo registers: more staff, ~200 customers, ~500 service requests of every kind and status
-- (some overdue), contacts, return visits and the notifications they raise. Deterministic: rows
-- come from arithmetic on generate_series, dates are relative to the day the seed runs.

-- More staff without sign-in accounts (they own customers and handle requests).
insert into public.operators (id, code, name, department_id, role, phone)
select ('00000000-0000-4000-c000-' || lpad(i::text, 12, '0'))::uuid,
       case when i <= 5 then 'KF10' || (i + 1) else 'KF20' || (i - 4) end,
       (array['赵丽', '钱伟', '孙静', '周杰', '吴敏', '郑强', '冯雪', '陈晨', '褚云', '卫东'])[i],
       case when i <= 5 then '00000000-0000-4000-a000-000000000001'::uuid else '00000000-0000-4000-a000-000000000002'::uuid end,
       'clerk', '1390000' || lpad(i::text, 4, '0')
from generate_series(1, 10) as i
on conflict (id) do nothing;

insert into public.reception_roster (department_id, operator_id, position)
select o.department_id, o.id, row_number() over (partition by o.department_id order by o.code)
from public.operators o
where o.role = 'clerk' and o.department_id in ('00000000-0000-4000-a000-000000000001', '00000000-0000-4000-a000-000000000002')
on conflict (department_id, operator_id) do nothing;

-- Customers: every category and grade, two departments, owners spread over the clerks.
with clerks as (
  select o.id, o.department_id, (row_number() over (order by o.code))::integer - 1 as n, (count(*) over ())::integer as total
  from public.operators o where o.role = 'clerk' and o.department_id in ('00000000-0000-4000-a000-000000000001', '00000000-0000-4000-a000-000000000002')
)
insert into public.customers (id, name, category, grade, enterprise_nature, address, building, unit, room, contact_person, phone,
  department_id, owner_id, first_contact_at, filed_at, status, blacklist_reason, notes)
select ('00000000-0000-4000-d000-' || lpad(i::text, 12, '0'))::uuid,
       (array['张', '王', '李', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭'])[1 + i % 16]
         || (array['建华', '秀英', '志强', '桂芳', '海涛', '丽娟', '国平', '晓燕', '文博', '佳怡', '子涵', '宇航', '雨桐', '浩然'])[1 + (i * 7) % 14]
         || case when i % 9 = 0 then '（' || (array['恒信贸易', '华远物业', '长城机电', '东方建材'])[1 + i % 4] || '）' else '' end,
       (array['目标客户', '一般客户', '重点客户', '潜在客户'])[1 + i % 4],
       (array['A', 'B', 'C', 'C'])[1 + (i * 3) % 4],
       (array['国有企业', '民营企业', '外资企业', '个人', '事业单位'])[1 + i % 5],
       (array['滨江路', '人民路', '解放大道', '中山路', '建设街'])[1 + i % 5] || (10 + i) || '号',
       (1 + i % 12) || '栋', (1 + (i / 12) % 3) || '单元', (100 * (1 + i % 18) + i / 18 + 1)::text || '室',
       null,
       '13' || (5 + i % 5)::text || lpad((i * 7919 % 100000000)::text, 8, '0'),
       c.department_id, c.id,
       now() - make_interval(days => (i * 37) % 120, hours => i % 9),
       case when i % 10 <> 0 then now() - make_interval(days => greatest((i * 37) % 120 - 3, 0)) end,
       (case when i % 40 = 0 then '黑名单' else '正常' end)::public.customer_status,
       case when i % 40 = 0 then '多次恶意拖欠费用' end,
       case when i % 13 = 0 then '重要客户，节假日问候' end
from generate_series(1, 200) as i
join clerks c on c.n = i % c.total
-- (not "on conflict": the duplicate-card trigger runs before a conflict is detected)
where not exists (select 1 from public.customers x where x.id = ('00000000-0000-4000-d000-' || lpad(i::text, 12, '0'))::uuid);

-- Contacts: a few per customer, some SMS streaks (which are not valid follow-up).
insert into public.contacts (customer_id, kind, contact_at, staff_id, summary, next_step, next_step_on)
select cu.id,
       case when cu_n % 7 = 0 then '短信' else (array['电话', '拜访', '短信', '邮件', '电话', '信函', '传真'])[1 + (cu_n + k) % 7] end,
       now() - make_interval(days => (((cu_n * 11 + k * 9) % 75) + 1)::integer, hours => 9 + k),
       cu.owner_id,
       (array['了解物业服务需求', '介绍新楼盘优惠', '确认维修完成情况', '节日问候', '催缴物业费', '邀请参加业主活动'])[1 + (cu_n + k) % 6],
       case when k = 1 then '再次电话跟进' end,
       case when k = 1 then (now() at time zone 'Asia/Shanghai')::date + (cu_n % 10) end
from (select c.*, (row_number() over (order by c.code))::integer as cu_n from public.customers c where c.owner_id is not null) cu
cross join generate_series(1, 3) as k
where cu.id::text like '00000000-0000-4000-d000-%'
  and not exists (select 1 from public.contacts x where x.customer_id = cu.id);

-- Service requests: received by the clerks, every kind; later moved along the workflow.
with clerks as (
  select o.id, o.department_id, (row_number() over (order by o.code))::integer - 1 as n, (count(*) over ())::integer as total
  from public.operators o where o.role = 'clerk' and o.department_id in ('00000000-0000-4000-a000-000000000001', '00000000-0000-4000-a000-000000000002')
),
customers as (
  select c.id, c.building, c.unit, c.room, c.phone, (row_number() over (order by c.code))::integer - 1 as n from public.customers c
)
insert into public.service_requests (id, kind, received_at, channel, customer_id, building, unit, room, phone, content,
  receiver_id, department_id, complaint_category, severity, accused_operator_id, location, fault, warranty, cost)
select ('00000000-0000-4000-e000-' || lpad(i::text, 12, '0'))::uuid,
       k.kind,
       now() - make_interval(days => (i * 13) % 90, hours => (i * 5) % 10),
       (array['电话', '来访', '书面', '网络', '主管部门转办'])[1 + i % 5],
       cu.id, cu.building, cu.unit, cu.room, cu.phone,
       case k.kind
         when '咨询' then (array['咨询物业费缴纳方式', '咨询车位租赁', '咨询装修审批流程'])[1 + i % 3]
         when '报修' then (array['卫生间漏水', '入户门锁损坏', '电梯异响', '楼道灯不亮', '外墙渗水'])[1 + i % 5]
         when '投诉' then (array['保洁不及时，楼道垃圾堆放', '维修人员迟到两小时', '客服电话无人接听', '保安态度生硬'])[1 + i % 4]
         when '求助' then (array['老人被困电梯求助', '钥匙遗失请求开锁', '快递代收'])[1 + i % 3]
         else (array['建议增设快递柜', '建议延长游泳池开放时间', '建议小区增加绿化'])[1 + i % 3]
       end,
       cl.id, cl.department_id,
       case when k.kind = '投诉' then (array['产品质量', '服务质量', '物流', '申诉', '员工违纪'])[1 + i % 5] end,
       case when k.kind = '投诉' then (array['一般', '一般', '一般', '严重', '重大'])[1 + (i / 5) % 5] end,
       case when k.kind = '投诉' and i % 5 = 4 then (select o.id from clerks o where o.n = (i + 3) % o.total) end,
       case when k.kind = '报修' then (array['卫生间', '入户门', '电梯', '楼道', '外墙'])[1 + i % 5] end,
       case when k.kind = '报修' then (array['漏水', '锁芯损坏', '异响', '灯具损坏', '渗水'])[1 + i % 5] end,
       case when k.kind = '报修' then (array['保内', '保外'])[1 + i % 2] end,
       case when k.kind = '报修' and i % 2 = 1 then (50 + (i * 37) % 450)::numeric end
from generate_series(1, 500) as i
cross join lateral (select (array['咨询', '报修', '报修', '投诉', '求助', '建议', '报修', '投诉'])[1 + i % 8] as kind) k
join clerks cl on cl.n = i % cl.total
join customers cu on cu.n = (i * 7) % 200
on conflict (id) do nothing;

-- Move the requests along: handlers, resolutions, replies, sign-offs, as the workflow would.
select set_config('taizhang.workflow', 'on', false);

update public.service_requests r
set status = '处理中',
    handler_id = (select o.id from public.operators o
                  where o.role = 'clerk' and o.department_id = r.department_id and o.id is distinct from r.accused_operator_id
                  order by o.code offset (substr(r.id::text, 25)::bigint % 3) limit 1)
where r.id::text like '00000000-0000-4000-e000-%' and substr(r.id::text, 25)::bigint % 10 >= 2;

update public.service_requests r
set status = (case when r.kind in ('报修', '投诉') then '待回访' else '已结案' end)::public.request_status,
    resolution = case r.kind when '报修' then '已上门维修，' || coalesce(r.fault, '') || '已处理' when '投诉' then '已调查核实并向客户说明、致歉' else '已答复客户' end,
    closed_at = case when r.kind not in ('报修', '投诉') then r.received_at + interval '1 day' end
where r.id::text like '00000000-0000-4000-e000-%' and r.status = '处理中' and substr(r.id::text, 25)::bigint % 10 >= 5;

update public.service_requests r
set reply = '已书面答复客户处理意见', replied_at = r.received_at + interval '2 days'
where r.kind = '投诉' and r.id::text like '00000000-0000-4000-e000-%' and substr(r.id::text, 25)::bigint % 10 >= 4;

update public.service_requests r
set signed_off_by = (select d.manager_id from public.departments d where d.id = r.department_id),
    signed_off_at = r.received_at + interval '3 days'
where r.kind = '投诉' and r.status = '待回访' and r.id::text like '00000000-0000-4000-e000-%'
  and exists (select 1 from public.departments d where d.id = r.department_id and d.manager_id is not null);

-- Every resolved repair and complaint has its pending return visit; most are done, with every
-- satisfaction level, and closed accordingly.
insert into public.return_visits (source, request_id, planned_on)
select r.kind, r.id, (r.received_at at time zone 'Asia/Shanghai')::date + 2
from public.service_requests r
where r.status = '待回访' and r.id::text like '00000000-0000-4000-e000-%'
on conflict (request_id) where done_at is null do nothing;

update public.return_visits v
set done_at = (v.planned_on + time '10:00') at time zone 'Asia/Shanghai',
    visitor_id = r.handler_id,
    method = (array['电话', '上门', '短信', '微信'])[1 + substr(r.id::text, 25)::bigint % 4],
    content = '回访处理结果',
    satisfaction = (array['满意', '满意', '基本满意', '满意', '不满意'])[1 + substr(r.id::text, 25)::bigint % 5],
    opinions = case when substr(r.id::text, 25)::bigint % 5 = 4 then '问题仍未彻底解决' end,
    next_visit_on = case when substr(r.id::text, 25)::bigint % 5 = 4 then v.planned_on + 7 end,
    report = '客户反馈已记录，按满意度归档'
from public.service_requests r
where v.request_id = r.id and v.done_at is null and r.id::text like '00000000-0000-4000-e000-%'
  and v.planned_on < (now() at time zone 'Asia/Shanghai')::date - 1
  and substr(r.id::text, 25)::bigint % 10 >= 6;

update public.service_requests r
set status = (case when v.satisfaction = '不满意' then '处理中' else '已结案' end)::public.request_status,
    closed_at = case when v.satisfaction = '不满意' then null else v.done_at end,
    reopened_count = case when v.satisfaction = '不满意' then 1 else 0 end
from public.return_visits v
where v.request_id = r.id and v.done_at is not null and r.status = '待回访';

select set_config('taizhang.workflow', 'off', false);

-- Routine return visits to customers, over the last months, for the satisfaction trend.
insert into public.return_visits (source, customer_id, planned_on, done_at, visitor_id, method, content, satisfaction, next_visit_on, report)
select '例行', c.id, d, (d + time '15:00') at time zone 'Asia/Shanghai', c.owner_id,
       (array['电话', '上门', '微信'])[1 + n % 3], '例行回访，了解居住体验',
       (array['满意', '满意', '基本满意', '不满意', '满意'])[1 + n % 5],
       case when n % 5 = 3 then d + 10 end,
       '已回访'
from (select c.*, (row_number() over (order by c.code))::integer as n from public.customers c where c.owner_id is not null and c.status = '正常') c
cross join lateral (select (now() at time zone 'Asia/Shanghai')::date - ((c.n * 17) % 150 + 2) as d) dd
where c.n % 2 = 0
  and not exists (select 1 from public.return_visits x where x.customer_id = c.id and x.source = '例行');

-- To-dos the rules raise: overdue filings and complaint replies, addressed to owners and handlers.
select private.notify(c.owner_id, '备案逾期', format('客户 %s（%s）已超过备案期限 %s | Customer %s (%s) is past its filing date %s', c.name, c.code, c.filing_due, c.name, c.code, c.filing_due),
  '新客户须在首次接触后 5 个工作日内备案 | A new customer is filed within 5 working days of the first contact', 'customers', c.id::text, c.filing_due::timestamptz, 'filing:' || c.id)
from public.customers c
where c.filed_at is null and c.filing_due < (now() at time zone 'Asia/Shanghai')::date and c.owner_id is not null;

select private.notify(coalesce(r.handler_id, r.receiver_id), '投诉答复', format('投诉 %s 已过答复期限 | Complaint %s is past its reply deadline', r.code, r.code),
  left(r.content, 100), 'service_requests', r.id::text, r.reply_due, 'reply-due:' || r.id)
from public.service_requests r
where r.kind = '投诉' and r.replied_at is null and r.reply_due < now();

select private.notify(v_owner, '回访任务', format('待回访：%s | Return visit due: %s', r.code, r.code), '维修/投诉办结后须 100% 回访 | Every settled repair and complaint gets a return visit',
  'return_visits', v.id::text, v.planned_on::timestamptz, 'return-visit:' || v.id)
from public.return_visits v
join public.service_requests r on r.id = v.request_id
cross join lateral (select coalesce(r.handler_id, r.receiver_id) as v_owner) o
where v.done_at is null;

select setval('public.customers_code_seq', greatest((select count(*) from public.customers), 1));
select setval('public.service_requests_code_seq', greatest((select count(*) from public.service_requests), 1));
