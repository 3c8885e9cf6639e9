-- Demo performance sources (issue 16 point 1). Dated relative to now, so the demo always looks current:
--   * service records 服务记录单 of the two service engineers, 高建华 and 林涛 (工程部), last month and this
--     month: last month 高建华 did seven installations (7 × 3 = 21 points) and had one safety incident
--     (−2): 21 − 2 − 17 = 2 points above the base → 540 yuan; 林涛 did five installations and two
--     repairs (19 points) → 540 yuan. Most records are signed by the customer; one exemption was
--     approved by the director, one refused, one is awaiting a decision, one is unsigned;
--   * one safety incident 安全事故 of 高建华 last month (recorded by the director);
--   * parts sales 备品备件销售: one at 52% margin paid in full (5%), one at 40% not yet paid (3% when
--     paid), one at 30% (no commission), one of 陈刚's at 38.9% and one of 李娜's at 50% awaiting payment;
--   * praise letters 表扬信: one for 高建华 awarded 300 yuan by the director, one for 王小明 awaiting the award.
-- Deterministic ids ('00000000-0000-4000-f101-…' service records, 'f102-…' safety incidents, 'f103-…'
-- parts sales, 'f104-…' praise letters); idempotent (on conflict do nothing). Points, margins,
-- commissions and the monthly service points are computed by the database.

with m as (select date_trunc('month', (now() at time zone 'Asia/Shanghai')::date - interval '1 month')::date as last_month,
                  date_trunc('month', (now() at time zone 'Asia/Shanghai'))::date as this_month,
                  (now() at time zone 'Asia/Shanghai')::date as today),
rows (n, engineer, month_offset, day, job_kind, location, signed, reason) as (
  values
    (1, 'b000-000000000009', 0, 2, '安装调试', '深圳市南山区科技园', true, null),
    (2, 'b000-000000000009', 0, 5, '安装调试', '东莞市松山湖', true, null),
    (3, 'b000-000000000009', 0, 8, '安装调试', '惠州市仲恺高新区', true, null),
    (4, 'b000-000000000009', 0, 11, '安装调试', '广州市黄埔区', true, null),
    (5, 'b000-000000000009', 0, 14, '安装调试', '佛山市顺德区', true, null),
    (6, 'b000-000000000009', 0, 18, '安装调试', '中山市火炬开发区', false, '客户负责人出差，现场无人签字'),
    (7, 'b000-000000000009', 0, 22, '安装调试', '珠海市高新区', true, null),
    (8, 'b000-00000000000a', 0, 3, '安装调试', '深圳市宝安区', true, null),
    (9, 'b000-00000000000a', 0, 6, '安装调试', '深圳市龙岗区', true, null),
    (10, 'b000-00000000000a', 0, 9, '安装调试', '东莞市长安镇', true, null),
    (11, 'b000-00000000000a', 0, 13, '安装调试', '江门市蓬江区', true, null),
    (12, 'b000-00000000000a', 0, 17, '安装调试', '清远市清城区', false, '设备调试至深夜，客户已下班'),
    (13, 'b000-00000000000a', 0, 20, '维修', '深圳市福田区', true, null),
    (14, 'b000-00000000000a', 0, 24, '维修', '深圳市罗湖区', false, null),
    (15, 'b000-000000000009', 1, 1, '巡检', '深圳市南山区', true, null),
    (16, 'b000-000000000009', 1, 1, '维修', '深圳市光明区', false, '客户要求次日补签，现场负责人不在'),
    (17, 'b000-00000000000a', 1, 1, '培训', '东莞市南城区', true, null)
)
insert into public.service_records (id, engineer_id, customer_id, served_on, job_kind, location, description, customer_signed, exemption_reason)
select ('00000000-0000-4000-f101-' || lpad(n::text, 12, '0'))::uuid, ('00000000-0000-4000-' || engineer)::uuid,
       ('00000000-0000-4000-d000-' || lpad((10 + n * 7)::text, 12, '0'))::uuid,
       least(case when month_offset = 0 then m.last_month else m.this_month end + (day - 1), m.today),
       job_kind, location, job_kind || '：按工单完成现场作业，客户验收', signed, reason
from rows, m
on conflict (id) do nothing;

-- The director decided two of last month's exemptions (工程部 has no manager of its own).
update public.service_records set signature_exempt = true, exemption_decided_by = '00000000-0000-4000-b000-000000000005',
  exemption_decided_at = now() - interval '20 days', exemption_note = '情况属实，同意免签'
where id = '00000000-0000-4000-f101-000000000006' and exemption_decided_at is null;
update public.service_records set signature_exempt = false, exemption_decided_by = '00000000-0000-4000-b000-000000000005',
  exemption_decided_at = now() - interval '18 days', exemption_note = '应次日补签，不予免签'
where id = '00000000-0000-4000-f101-000000000012' and exemption_decided_at is null;

insert into public.safety_incidents (id, engineer_id, occurred_on, description, recorded_by)
select '00000000-0000-4000-f102-000000000001'::uuid, '00000000-0000-4000-b000-000000000009'::uuid,
       date_trunc('month', (now() at time zone 'Asia/Shanghai')::date - interval '1 month')::date + 15,
       '登高作业未系安全带，轻微擦伤，已整改并补做安全培训', '00000000-0000-4000-b000-000000000005'::uuid
on conflict (id) do nothing;

insert into public.parts_sales (id, seller_id, customer_id, sold_on, parts, quoted_amount, cost_amount, paid_in_full_on, paid_recorded_by)
values
  ('00000000-0000-4000-f103-000000000001', '00000000-0000-4000-b000-000000000009', '00000000-0000-4000-d000-000000000031',
   (now() at time zone 'Asia/Shanghai')::date - 40, '变频器控制板 ×2', 12500.00, 6000.00,
   (now() at time zone 'Asia/Shanghai')::date - 20, '00000000-0000-4000-b000-000000000005'),
  ('00000000-0000-4000-f103-000000000002', '00000000-0000-4000-b000-00000000000a', '00000000-0000-4000-d000-000000000045',
   (now() at time zone 'Asia/Shanghai')::date - 12, '接触器、继电器一批', 5000.00, 3000.00, null, null),
  ('00000000-0000-4000-f103-000000000003', '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-d000-000000000052',
   (now() at time zone 'Asia/Shanghai')::date - 5, '温控传感器 ×4', 2000.00, 1400.00, null, null),
  ('00000000-0000-4000-f103-000000000004', '00000000-0000-4000-b000-000000000004', '00000000-0000-4000-d000-000000000073',
   (now() at time zone 'Asia/Shanghai')::date - 2, '门禁读卡器 ×3', 3600.00, 2200.00, null, null),
  ('00000000-0000-4000-f103-000000000005', '00000000-0000-4000-b000-000000000002', '00000000-0000-4000-d000-000000000088',
   (now() at time zone 'Asia/Shanghai')::date - 8, '水泵机械密封 ×2', 1800.00, 900.00, null, null)
on conflict (id) do nothing;

insert into public.praise_letters (id, operator_id, customer_id, received_on, content, amount, amount_set_by, amount_set_at, recorded_by)
values
  ('00000000-0000-4000-f104-000000000001', '00000000-0000-4000-b000-000000000009', '00000000-0000-4000-d000-000000000024',
   (now() at time zone 'Asia/Shanghai')::date - 25, '高工连夜完成设备调试，保障我司按期投产，特致谢意。', 300, '00000000-0000-4000-b000-000000000005', now() - interval '20 days',
   '00000000-0000-4000-b000-000000000005'),
  ('00000000-0000-4000-f104-000000000002', '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-d000-000000000066',
   (now() at time zone 'Asia/Shanghai')::date - 3, '（电子邮件）王小明耐心解答物业费疑问，服务热情周到。', null, null, null,
   '00000000-0000-4000-b000-000000000004')
on conflict (id) do nothing;
