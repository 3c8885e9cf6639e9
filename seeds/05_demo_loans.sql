-- Demo archive loans (issue 14): loan slips 档案资料出借单 in every state over the files of
-- seeds/04_demo_archive_files.sql — awaiting approval (a clerk's customer file for his manager, an
-- outside unit's request with its letter of introduction, the archivist's and the director's),
-- approved, lent, one overdue (an original contract lent to 高建华 past its due date), returned
-- and checked complete, rejected, withdrawn, and the gm's and the deputy gm's direct loans.
-- Slips are written as their borrowers would (pending), then moved as the moves would move them
-- (the flag the moves set); lines go in with the moves' flag too. Deterministic
-- ids ('00000000-0000-4000-e004-…' slips, 'e005-…' lines); idempotent: each step applies once.
-- Project files (工程部): e002-…001–030 are the first filed project (1 立项审批资料, 2 重要合同单据,
-- 3 调查资料, 4 客户资料, repeating); customer files of 客服一部 / 客服二部 are picked from 201–320.

select set_config('taizhang.archive_loan_move', 'on', false);

with slips (n, borrower, purpose, due_days, outside_unit, letter) as (
  values
    (1, '00000000-0000-4000-b000-000000000001', '核对客户联系人及租赁合同信息，准备续约回访', 5, null, null),
    (2, '00000000-0000-4000-b000-000000000002', '客户投诉处理，需查阅原始入住登记资料', 3, null, null),
    (3, '00000000-0000-4000-b000-000000000009', '编制项目后评价报告，查阅立项审批资料', 10, null, null),
    (4, '00000000-0000-4000-b000-00000000000a', '配合审计，提供调查资料', 7, null, null),
    (5, '00000000-0000-4000-b000-000000000009', '贷款展期谈判，核对原合同条款', 7, null, null),
    (6, '00000000-0000-4000-b000-000000000001', '客户资料年度核对', 3, null, null),
    (7, '00000000-0000-4000-b000-000000000002', '查阅其他客户资料', 3, null, null),
    (8, '00000000-0000-4000-b000-00000000000a', '准备项目交底会', 5, null, null),
    (9, '00000000-0000-4000-b000-000000000006', '总经理办公会审议项目立项情况', 5, null, null),
    (10, '00000000-0000-4000-b000-000000000008', '分管领导检查项目调查资料', 7, null, null),
    (11, '00000000-0000-4000-b000-000000000004', '市住房公积金管理中心核查客户缴存资料', 2, '市住房公积金管理中心', '公积金中心介绍信（2026）第 86 号'),
    (12, '00000000-0000-4000-b000-000000000003', '年度档案检查前核对卷内目录', 5, null, null),
    (13, '00000000-0000-4000-b000-000000000005', '客服中心质量分析，查阅立项资料', 5, null, null)
)
insert into public.archive_loans (id, borrower_id, purpose, due_on, outside_unit, introduction_letter, read_in_office)
select ('00000000-0000-4000-e004-' || lpad(s.n::text, 12, '0'))::uuid, s.borrower::uuid, s.purpose,
       current_date + s.due_days, s.outside_unit, s.letter, false
from slips s
on conflict do nothing;

-- The lines: one file each (project files by id; customer files of the borrower's department).
with customer_files as (
  select f.id, f.department_id, row_number() over (partition by f.department_id order by f.id) as k
  from public.archive_files f
  where f.category = '客户资料' and f.copy_kind = '原件' and f.status <> '已销毁' and f.number is not null
    and f.id between '00000000-0000-4000-e002-000000000201' and '00000000-0000-4000-e002-000000000229'
), lines (n, file_id) as (
  select 1, (select c.id from customer_files c where c.department_id = '00000000-0000-4000-a000-000000000001' and c.k = 1)
  union all select 2, (select c.id from customer_files c where c.department_id = '00000000-0000-4000-a000-000000000002' and c.k = 1)
  union all select 3, '00000000-0000-4000-e002-000000000005'::uuid
  union all select 4, '00000000-0000-4000-e002-000000000007'::uuid
  union all select 5, '00000000-0000-4000-e002-000000000006'::uuid
  union all select 6, (select c.id from customer_files c where c.department_id = '00000000-0000-4000-a000-000000000001' and c.k = 2)
  union all select 7, (select c.id from customer_files c where c.department_id = '00000000-0000-4000-a000-000000000002' and c.k = 2)
  union all select 8, '00000000-0000-4000-e002-000000000017'::uuid
  union all select 9, '00000000-0000-4000-e002-000000000009'::uuid
  union all select 10, '00000000-0000-4000-e002-000000000011'::uuid
  union all select 11, (select c.id from customer_files c where c.department_id = '00000000-0000-4000-a000-000000000001' and c.k = 3)
  union all select 12, '00000000-0000-4000-e002-000000000015'::uuid
  union all select 13, '00000000-0000-4000-e002-000000000013'::uuid
)
insert into public.archive_loan_files (id, loan_id, file_id)
select ('00000000-0000-4000-e005-' || lpad(l.n::text, 12, '0'))::uuid, ('00000000-0000-4000-e004-' || lpad(l.n::text, 12, '0'))::uuid, l.file_id
from lines l
join public.archive_files f on f.id = l.file_id
where exists (select 1 from public.archive_loans x where x.id = ('00000000-0000-4000-e004-' || lpad(l.n::text, 12, '0'))::uuid)
on conflict do nothing;

-- Customer files are read in the office only.
update public.archive_loans l set read_in_office = true
where l.id between '00000000-0000-4000-e004-000000000001' and '00000000-0000-4000-e004-000000000013' and not l.read_in_office
  and exists (select 1 from public.archive_loan_files lf join public.archive_files f on f.id = lf.file_id
              where lf.loan_id = l.id and f.category = '客户资料');

-- Decisions: approved (by the deputy gm in charge, or the gm for an original contract), rejected,
-- withdrawn, and the gm's and deputy's own slips approved on creation.
update public.archive_loans l
set status = d.status, approver_id = d.approver::uuid, approved_at = now() - make_interval(days => d.days_ago), decision_note = d.note
from (values
  (3, '已批准', '00000000-0000-4000-b000-000000000008', 1, '同意，按期归还'),
  (4, '已批准', '00000000-0000-4000-b000-000000000008', 6, '同意'),
  (5, '已批准', '00000000-0000-4000-b000-000000000006', 20, '重要合同单据原件，同意借阅，注意保管'),
  (6, '已批准', '00000000-0000-4000-b000-000000000004', 12, '在客务部办公室阅览'),
  (7, '已驳回', '00000000-0000-4000-b000-000000000006', 4, '非本人负责客户，不予借阅'),
  (9, '已批准', '00000000-0000-4000-b000-000000000006', 2, '总经理、副总经理直接借阅，无需审批 | Borrowed directly by the gm or deputy gm, no approval needed'),
  (10, '已批准', '00000000-0000-4000-b000-000000000008', 3, '总经理、副总经理直接借阅，无需审批 | Borrowed directly by the gm or deputy gm, no approval needed')
) as d(n, status, approver, days_ago, note)
where l.id = ('00000000-0000-4000-e004-' || lpad(d.n::text, 12, '0'))::uuid and l.status = '待审批';
update public.archive_loans l set status = '已撤回'
where l.id = '00000000-0000-4000-e004-000000000008' and l.status = '待审批';

-- Handed out by the archivist (赵敏): 4 and 10 within their term, 5 overdue, 6 since returned.
update public.archive_loans l
set status = '已借出', lent_by = '00000000-0000-4000-b000-000000000003', lent_at = now() - make_interval(days => d.days_ago),
    due_on = case when d.overdue_days is not null then current_date - d.overdue_days else l.due_on end
from (values (4, 5, null::integer), (5, 19, 5), (6, 10, null), (10, 2, null)) as d(n, days_ago, overdue_days)
where l.id = ('00000000-0000-4000-e004-' || lpad(d.n::text, 12, '0'))::uuid and l.status = '已批准';
update public.archive_files f set status = '借出'
where f.id in (select lf.file_id from public.archive_loan_files lf
               where lf.loan_id in ('00000000-0000-4000-e004-000000000004', '00000000-0000-4000-e004-000000000005',
                                    '00000000-0000-4000-e004-000000000006', '00000000-0000-4000-e004-000000000010'))
  and f.status = '在库';

-- 6 returned complete, checked item by item and put back (复位).
update public.archive_loan_files set returned_complete = true
where loan_id = '00000000-0000-4000-e004-000000000006' and returned_complete is null;
update public.archive_loans l
set status = '已归还', returned_at = now() - interval '8 days', checked_by = '00000000-0000-4000-b000-000000000003',
    return_note = '核对资料完整无误，已复位'
where l.id = '00000000-0000-4000-e004-000000000006' and l.status = '已借出';
update public.archive_files f set status = '在库'
where f.id in (select lf.file_id from public.archive_loan_files lf where lf.loan_id = '00000000-0000-4000-e004-000000000006')
  and f.status = '借出';

-- The approvers' to-dos of slips already decided are done.
update public.notifications n set done_at = now()
where n.kind = '借阅审批' and n.link_table = 'archive_loans' and n.done_at is null
  and n.link_id in (select l.id::text from public.archive_loans l
                    where l.id between '00000000-0000-4000-e004-000000000001' and '00000000-0000-4000-e004-000000000013'
                      and l.status <> '待审批');

select set_config('taizhang.archive_loan_move', 'off', false);
