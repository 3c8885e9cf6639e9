-- Demo membership & points 会籍积分 (issue 16 point 3): five old customers of 客服一部 and 客服二部
-- in the club (联谊会), three new customers they brought to a meeting (recorded as members naming
-- their referrer, then filed: the database credits the referrer 100 points and tells the owner of
-- the referrer's card), and one redemption. The ledger lines are the database's own (the referral
-- credits by its triggers, the redemption as the move would write it).
-- Deterministic ids '00000000-0000-4000-f107-…'; idempotent: each step applies once. Dated
-- relative to today.

-- Old customers: the first three filed, active cards of 客服一部 and two of 客服二部 (seed d000-…).
with old as (
  select c.id, c.department_id,
         (row_number() over (order by c.department_id, c.code))::integer as k,
         (row_number() over (partition by c.department_id order by c.code))::integer as j
  from public.customers c
  where c.id between '00000000-0000-4000-d000-000000000001' and '00000000-0000-4000-d000-000000000200'
    and c.filed_at is not null and c.status = '正常'
    and c.department_id in ('00000000-0000-4000-a000-000000000001', '00000000-0000-4000-a000-000000000002')
), picked as (
  select o.*, (row_number() over (order by o.department_id, o.j))::integer as n
  from old o
  where (o.department_id = '00000000-0000-4000-a000-000000000001' and o.j <= 3)
     or (o.department_id = '00000000-0000-4000-a000-000000000002' and o.j <= 2)
)
insert into public.members (id, customer_id, level, joined_on, notes)
select ('00000000-0000-4000-f107-' || lpad(p.n::text, 12, '0'))::uuid, p.customer_id, p.level, p.joined_on, p.notes
from (
  select p.n, p.id as customer_id,
         (array['金卡会员', '银卡会员', '普通会员', '银卡会员', '普通会员'])[p.n] as level,
         ((now() at time zone 'Asia/Shanghai')::date - (400 - p.n * 60)) as joined_on,
         case when p.n = 1 then '联谊会理事，常带朋友参加会议' end as notes
  from picked p
) p
where not exists (select 1 from public.members m where m.customer_id = p.customer_id)
on conflict (id) do nothing;

-- New customers brought to the club's meetings (first contact a week or two ago, not yet filed).
insert into public.customers (id, name, category, grade, enterprise_nature, address, contact_person, phone, department_id, owner_id, first_contact_at, status)
values
  ('00000000-0000-4000-f107-000000000101', '钱晓峰', '一般客户', 'B', '个人', '滨江路 88 号', null, '19801070001',
   '00000000-0000-4000-a000-000000000001', '00000000-0000-4000-b000-000000000001', now() - interval '14 days', '正常'),
  ('00000000-0000-4000-f107-000000000102', '沈佳琪（瑞丰商贸）', '目标客户', 'B', '民营企业', '人民路 16 号', '沈佳琪', '19801070002',
   '00000000-0000-4000-a000-000000000001', '00000000-0000-4000-b000-000000000001', now() - interval '10 days', '正常'),
  ('00000000-0000-4000-f107-000000000103', '韩立新', '一般客户', 'C', '个人', '中山路 203 号', null, '19801070003',
   '00000000-0000-4000-a000-000000000002', '00000000-0000-4000-b000-000000000002', now() - interval '8 days', '正常')
on conflict (id) do nothing;

-- Their memberships, naming the old customer who brought them.
insert into public.members (id, customer_id, level, joined_on, referred_by, notes)
values
  ('00000000-0000-4000-f107-000000000006', '00000000-0000-4000-f107-000000000101', '普通会员', (now() at time zone 'Asia/Shanghai')::date - 14,
   '00000000-0000-4000-f107-000000000001', '随老会员参加联谊会'),
  ('00000000-0000-4000-f107-000000000007', '00000000-0000-4000-f107-000000000102', '普通会员', (now() at time zone 'Asia/Shanghai')::date - 10,
   '00000000-0000-4000-f107-000000000001', '随老会员参加产品推介会'),
  ('00000000-0000-4000-f107-000000000008', '00000000-0000-4000-f107-000000000103', '普通会员', (now() at time zone 'Asia/Shanghai')::date - 8,
   '00000000-0000-4000-f107-000000000004', '随老会员参加联谊会')
on conflict (id) do nothing;

-- Filed (备案): each filing credits the referrer 100 points (once per customer).
update public.customers c set filed_at = c.first_contact_at + interval '3 days'
where c.id in ('00000000-0000-4000-f107-000000000101', '00000000-0000-4000-f107-000000000102', '00000000-0000-4000-f107-000000000103')
  and c.filed_at is null;

-- One redemption: the first member exchanged 150 points for a gift at the club's meeting.
insert into public.member_points (id, member_id, kind, points, recorded_by, note)
select '00000000-0000-4000-f107-000000000201', '00000000-0000-4000-f107-000000000001', '兑换', -150,
       '00000000-0000-4000-b000-000000000001', '兑换联谊会纪念品（保温杯一只）'
where not exists (select 1 from public.member_points l where l.id = '00000000-0000-4000-f107-000000000201')
  and (select m.points_balance from public.members m where m.id = '00000000-0000-4000-f107-000000000001') >= 150;
