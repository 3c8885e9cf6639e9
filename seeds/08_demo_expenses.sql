-- Demo customer expenses 客户费用报销 (issue 15 point 3): twenty claims over filed customers of
-- 客服一部 and 客服二部 — entertainment, travel and gifts — awaiting the manager (陈刚), awaiting the
-- deputy gm in charge (吴志强: 客服二部 has no manager, and 陈刚's own claim), travel claims with
-- documents worth archiving awaiting the archivist's signature (赵丽's for 王小明, the KF1 档案员;
-- 王小明's own for the archive room, 赵敏) and signed, approved claims over the last three months
-- (the monthly totals) and one declined. (A claim for an unfiled customer cannot be seeded: the
-- database refuses it; tests/integration/customer-expenses.test.ts shows the refusal.)
-- Claims are written as their claimants would (pending, numbered by the database, the approvers
-- told), then moved as the moves would move them (the flag the moves set). Deterministic ids
-- '00000000-0000-4000-f005-…'; idempotent: each step applies once. Dated relative to today.

select set_config('taizhang.customer_expense_move', 'on', false);

-- Filed, active customers of each department, in code order (the seeds' d000-… customers).
with customers as (
  select c.id, c.department_id, c.owner_id,
         (row_number() over (partition by c.department_id order by c.code))::integer as k
  from public.customers c
  where c.id between '00000000-0000-4000-d000-000000000001' and '00000000-0000-4000-d000-000000000200'
    and c.filed_at is not null and c.status = '正常'
    and c.department_id in ('00000000-0000-4000-a000-000000000001', '00000000-0000-4000-a000-000000000002')
), claims (n, claimant, department, pick, kind, amount, days_ago, description, documents) as (
  values
    -- Awaiting 陈刚 (客服一部).
    (1, '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-a000-000000000001', 1, '招待', 680.00, 2, '年度合同续签洽谈，招待客户方物业经理及财务人员工作餐', null),
    (2, '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-a000-000000000001', 2, '礼品', 356.00, 3, '客户乔迁，赠送绿植花篮一对', null),
    (3, '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-a000-000000000001', 3, '差旅', 214.50, 4, '赴客户园区现场核实报修情况，往返交通费', null),
    -- Travel with documents worth archiving, not yet signed for.
    (4, '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-a000-000000000001', 4, '差旅', 1860.00, 6, '赴省城参加客户方组织的设备验收会议，交通及住宿费', '验收会议纪要 1 份、设备验收单复印件 3 页、会议签到表 1 页'),
    (5, '00000000-0000-4000-c000-000000000001', '00000000-0000-4000-a000-000000000001', 5, '差旅', 1245.00, 5, '陪同客户考察同类项目，交通及住宿费', '考察报告 1 份、项目介绍资料 1 册'),
    -- Travel with documents, signed for by 王小明, awaiting 陈刚.
    (6, '00000000-0000-4000-c000-000000000001', '00000000-0000-4000-a000-000000000001', 6, '差旅', 980.00, 9, '赴客户总部参加年度服务质量座谈会', '座谈会纪要 1 份、客户意见汇总表 2 页'),
    -- Awaiting the deputy gm in charge: 客服二部 has no manager; 陈刚's own claim.
    (7, '00000000-0000-4000-b000-000000000002', '00000000-0000-4000-a000-000000000002', 1, '招待', 520.00, 3, '重点客户回访座谈，茶歇及工作餐', null),
    (8, '00000000-0000-4000-b000-000000000004', '00000000-0000-4000-a000-000000000001', 7, '礼品', 800.00, 5, '重点客户中秋节慰问礼品（月饼 4 盒）', null),
    -- Approved over the last three months.
    (9, '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-a000-000000000001', 1, '招待', 420.00, 12, '客户投诉处理后致歉，工作餐', null),
    (10, '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-a000-000000000001', 1, '礼品', 268.00, 14, '客户周年庆贺礼', null),
    (11, '00000000-0000-4000-c000-000000000001', '00000000-0000-4000-a000-000000000001', 2, '差旅', 1530.00, 20, '赴外地参加客户设备招标答疑会', '答疑会纪要 1 份、招标文件澄清函 2 页'),
    (12, '00000000-0000-4000-c000-000000000002', '00000000-0000-4000-a000-000000000001', 3, '招待', 760.00, 34, '新签约客户交接会工作餐', null),
    (13, '00000000-0000-4000-c000-000000000002', '00000000-0000-4000-a000-000000000001', 3, '差旅', 188.00, 38, '上门送达服务合同，往返交通费', null),
    (14, '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-a000-000000000001', 4, '礼品', 199.00, 45, '客户满意度回访纪念品', null),
    (15, '00000000-0000-4000-c000-000000000003', '00000000-0000-4000-a000-000000000001', 5, '招待', 1180.00, 62, '年度客户答谢会分组宴请', null),
    (16, '00000000-0000-4000-c000-000000000003', '00000000-0000-4000-a000-000000000001', 1, '差旅', 305.00, 66, '陪同客户现场勘查，往返交通费', null),
    (17, '00000000-0000-4000-b000-000000000002', '00000000-0000-4000-a000-000000000002', 2, '招待', 455.00, 16, '客户资料核对会，工作餐', null),
    (18, '00000000-0000-4000-b000-000000000002', '00000000-0000-4000-a000-000000000002', 2, '礼品', 320.00, 40, '客户开业庆典花篮', null),
    (20, '00000000-0000-4000-c000-000000000006', '00000000-0000-4000-a000-000000000002', 3, '差旅', 690.00, 25, '赴客户分公司处理服务投诉，交通及住宿费', null),
    -- Declined: over the entertainment standard.
    (19, '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-a000-000000000001', 2, '招待', 2680.00, 10, '客户方来访人员晚宴及娱乐活动', null)
)
insert into public.customer_expenses (id, customer_id, kind, amount, spent_on, description, has_archive_documents, archive_documents,
  claimant_id, created_at, updated_at)
select ('00000000-0000-4000-f005-' || lpad(x.n::text, 12, '0'))::uuid, c.id, x.kind, x.amount, current_date - x.days_ago, x.description,
       x.documents is not null, x.documents, x.claimant::uuid,
       now() - make_interval(days => greatest(x.days_ago - 1, 0), hours => 3), now() - make_interval(days => greatest(x.days_ago - 1, 0), hours => 3)
from claims x
join customers c on c.department_id = x.department::uuid and c.k = x.pick
on conflict (id) do nothing;

-- The archivists' signatures: 王小明 (KF1 档案员) for 赵丽's claims 6 and 11.
update public.customer_expenses e
set documents_received_by = '00000000-0000-4000-b000-000000000001', documents_received_at = e.created_at + interval '1 day'
where e.id in ('00000000-0000-4000-f005-000000000006', '00000000-0000-4000-f005-000000000011')
  and e.documents_received_at is null and e.status = '待审批';

-- Decisions: 陈刚 for 客服一部, 吴志强 (deputy gm in charge) for 客服二部.
update public.customer_expenses e
set status = d.status::public.customer_expense_status, approver_id = d.approver::uuid,
    decided_at = e.created_at + make_interval(days => 2), decision_note = d.note
from (values
  (9, '已批准', '00000000-0000-4000-b000-000000000004', '同意报销'),
  (10, '已批准', '00000000-0000-4000-b000-000000000004', null),
  (11, '已批准', '00000000-0000-4000-b000-000000000004', '资料已由档案员签收，同意报销'),
  (12, '已批准', '00000000-0000-4000-b000-000000000004', '同意'),
  (13, '已批准', '00000000-0000-4000-b000-000000000004', null),
  (14, '已批准', '00000000-0000-4000-b000-000000000004', null),
  (15, '已批准', '00000000-0000-4000-b000-000000000004', '答谢会预算内，同意'),
  (16, '已批准', '00000000-0000-4000-b000-000000000004', null),
  (17, '已批准', '00000000-0000-4000-b000-000000000008', '同意'),
  (18, '已批准', '00000000-0000-4000-b000-000000000008', null),
  (20, '已批准', '00000000-0000-4000-b000-000000000008', '同意报销'),
  (19, '已驳回', '00000000-0000-4000-b000-000000000004', '超出招待标准，娱乐活动费用不予报销')
) as d(n, status, approver, note)
where e.id = ('00000000-0000-4000-f005-' || lpad(d.n::text, 12, '0'))::uuid and e.status = '待审批';

-- The to-dos of claims signed for or decided are done; the claimants heard the decisions.
update public.notifications n set done_at = now()
where n.kind = '费用审批' and n.link_table = 'customer_expenses' and n.done_at is null
  and n.link_id in (select e.id::text from public.customer_expenses e
                    where e.id between '00000000-0000-4000-f005-000000000001' and '00000000-0000-4000-f005-000000000020'
                      and (e.status <> '待审批' or (n.dedupe_key like 'expense-documents:%' and e.documents_received_at is not null)));
select private.notify(e.claimant_id, '审批结果',
         format('报销单 %s（%s费 %s 元）已%s | Claim %s (%s expense, %s yuan) %s', e.claim_no, e.kind, e.amount, case when e.status = '已批准' then '批准，准予报销' else '驳回，不予报销' end,
                e.claim_no, lower(private.option_en(e.kind)), e.amount, case when e.status = '已批准' then 'is approved for payment' else 'is declined' end),
         e.decision_note, 'customer_expenses', e.id::text, null, 'expense-decided:' || e.id)
from public.customer_expenses e
where e.id between '00000000-0000-4000-f005-000000000001' and '00000000-0000-4000-f005-000000000020' and e.status <> '待审批';

select set_config('taizhang.customer_expense_move', 'off', false);
