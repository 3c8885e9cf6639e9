-- Demo archive (issue 14): six filed projects of 2025 with their files (every category, several
-- volumes each, originals and working copies), ~120 customer files (客户资料) of the two service
-- departments, item lists with unnumbered attachments, certificates in the safe under their
-- project's number, a few edit requests and destruction records, and last year's inspection.
-- Deterministic ids ('00000000-0000-4000-e002-…' files, 'e003-…' the rest); idempotent.

-- Historical projects, filed in 2025 (the projects of this year are seeds/03_demo_projects.sql).
insert into public.projects (id, code, name, customer_id, department_id, a_manager_id, b_manager_id, number_word, completed_on, status, notes)
select ('00000000-0000-4000-e003-' || lpad(i::text, 12, '0'))::uuid,
       'LS2025-' || lpad(i::text, 2, '0'),
       (array['滨江花园二期贷款项目', '华庭商务中心担保项目', '东湖物流仓储贷款项目', '金桥工业园设备抵押项目',
              '南山小区物业维修基金项目', '城北商业街改造贷款项目'])[i],
       (select c.id from public.customers c where c.id = ('00000000-0000-4000-d000-' || lpad((i * 11)::text, 12, '0'))::uuid),
       '00000000-0000-4000-a000-000000000007'::uuid,
       '00000000-0000-4000-b000-000000000009'::uuid,
       '00000000-0000-4000-b000-00000000000a'::uuid,
       case when i in (2, 4) then '保' else '借' end,
       make_date(2025, 1 + i, 10 + i),
       '已归档',
       '2025 年度已归档工程'
from generate_series(1, 6) as i
on conflict do nothing;

-- Project files: 30 per project (the four parts of a project's file, several volumes each).
-- Numbers 2025鸿借字第001号 …, in receipt order; the last three volumes of each are working copies.
insert into public.archive_files (id, number, number_year, number_seq, title, project_id, customer_id, department_id, category,
  copy_kind, page_count, room, cabinet, shelf, status, keeper_id, received_at, notes)
select ('00000000-0000-4000-e002-' || lpad(((p - 1) * 30 + v)::text, 12, '0'))::uuid,
       '2025鸿' || pr.number_word || '字第' || lpad(((p - 1) * 30 + v)::text, 3, '0') || '号',
       2025, (p - 1) * 30 + v,
       pr.name || ' · ' || (array['立项审批资料', '重要合同单据', '调查资料', '客户资料'])[1 + (v - 1) % 4] || ' 第' || ((v - 1) / 4 + 1) || '卷',
       pr.id, pr.customer_id, pr.department_id,
       (array['立项审批资料', '重要合同单据', '调查资料', '客户资料'])[1 + (v - 1) % 4],
       case when v > 27 then '工作件' else '原件' end,
       20 + (p * 37 + v * 13) % 180,
       '档案室一', 'A' || lpad(p::text, 2, '0'), (1 + (v - 1) / 10) || '层',
       '在库', '00000000-0000-4000-b000-000000000003'::uuid,
       make_timestamptz(2025, 1 + p + 1, 1 + v % 27, 10, 0, 0, 'Asia/Shanghai'),
       case when v = 1 then '案卷首卷（含封面及全部纸张页数）' end
from generate_series(1, 6) as p
cross join generate_series(1, 30) as v
join public.projects pr on pr.id = ('00000000-0000-4000-e003-' || lpad(p::text, 12, '0'))::uuid
on conflict do nothing;

update public.projects pr set archive_number = '2025鸿' || pr.number_word || '字第' || lpad(((p - 1) * 30 + 1)::text, 3, '0') || '号'
from generate_series(1, 6) as p
where pr.id = ('00000000-0000-4000-e003-' || lpad(p::text, 12, '0'))::uuid and pr.archive_number is null;

-- Customer files of 客服一部 and 客服二部 (003 客戶檔案), received outside any handover: 60 filed in
-- 2025, 60 in 2026; every fifth a working copy (客务部工作档案).
insert into public.archive_files (id, number, number_year, number_seq, title, customer_id, department_id, category,
  copy_kind, page_count, room, cabinet, shelf, status, keeper_id, received_at)
select ('00000000-0000-4000-e002-' || lpad((200 + i)::text, 12, '0'))::uuid,
       y || '鸿借字第' || lpad(s::text, 3, '0') || '号', y, s,
       '客户档案：' || c.name || case when i % 5 = 0 then '（工作档案）' else '' end,
       c.id, c.department_id, '客户资料',
       case when i % 5 = 0 then '工作件' else '原件' end,
       5 + (i * 7) % 60,
       '档案室二', 'K' || lpad((1 + (i - 1) / 20)::text, 2, '0'), (1 + (i - 1) % 4) || '层',
       '在库', '00000000-0000-4000-b000-000000000003'::uuid,
       case when y = 2025 then make_timestamptz(2025, 1 + i % 12, 1 + i % 27, 15, 0, 0, 'Asia/Shanghai')
            else make_timestamptz(2026, 1 + i % 11, 1 + i % 27, 15, 0, 0, 'Asia/Shanghai') end
from generate_series(1, 120) as i
cross join lateral (select case when i <= 60 then 2025 else 2026 end as y,
                           case when i <= 60 then 180 + i else i - 60 end as s) as n
join public.customers c on c.id = ('00000000-0000-4000-d000-' || lpad(i::text, 12, '0'))::uuid
on conflict do nothing;

-- Two files this year not yet numbered: received from 客服部 and waiting to be shelved.
insert into public.archive_files (id, title, customer_id, department_id, category, copy_kind, page_count, notes)
select ('00000000-0000-4000-e002-' || lpad((400 + i)::text, 12, '0'))::uuid,
       '客户档案：' || c.name || '（退租资料）', c.id, c.department_id, '客户资料', '原件', 12 + i,
       '客服部送交，待编号上架'
from generate_series(1, 2) as i
join public.customers c on c.id = ('00000000-0000-4000-d000-' || lpad((150 + i)::text, 12, '0'))::uuid
on conflict do nothing;

-- Item lists (册内资料清单): numbered items with their pages, and one attachment per file that
-- is listed but not numbered (列入附件的资料不进展编码).
insert into public.archive_file_items (id, file_id, item_no, title, pages, is_attachment)
select ('00000000-0000-4000-e003-' || lpad((1000 + f.n * 10 + k)::text, 12, '0'))::uuid,
       f.id,
       case when k <= 4 then k end,
       case f.category
         when '立项审批资料' then (array['立项申请书', '项目审批表', '评审会议纪要', '批复文件', '客户留存合同副本'])[k]
         when '重要合同单据' then (array['借款合同', '担保合同', '抵押合同', '放款凭证', '客户未取走的合同正本'])[k]
         when '调查资料' then (array['尽职调查报告', '现场勘查记录', '财务报表', '征信报告', '现场照片'])[k]
         else (array['客户信息卡', '身份证明复印件', '租赁合同', '往来函件', '退租资料目录'])[k] end,
       1 + (f.n * 3 + k * 5) % 12,
       k = 5
from (select a.id, a.category, row_number() over (order by a.id)::integer as n
      from public.archive_files a
      where a.id between '00000000-0000-4000-e002-000000000000' and '00000000-0000-4000-e002-999999999999') as f
cross join generate_series(1, 5) as k
on conflict do nothing;

-- Certificates (重要权证) of the filed projects, in the safe, under the project's number.
insert into public.certificates (id, project_id, file_id, name, certificate_no, holder, quantity, location_kind, safe_no, status,
  keeper_id, received_at)
select ('00000000-0000-4000-e003-' || lpad((100 + (p - 1) * 3 + k)::text, 12, '0'))::uuid,
       pr.id, ('00000000-0000-4000-e002-' || lpad(((p - 1) * 30 + 2)::text, 12, '0'))::uuid,
       (array['房屋所有权证', '他项权证', '动产抵押登记通知书'])[k],
       (array['房权证', '他项权证', '动抵登'])[k] || '字第' || (2025000 + p * 10 + k) || '号',
       coalesce((select c.name from public.customers c where c.id = pr.customer_id), '担保人'),
       case when k = 3 then 2 else 1 end,
       '保险柜', '保险柜-' || (1 + p % 2), '在库',
       '00000000-0000-4000-b000-000000000003'::uuid,
       make_timestamptz(2025, 1 + p + 1, 20, 10, 0, 0, 'Asia/Shanghai')
from generate_series(1, 6) as p
cross join generate_series(1, 3) as k
join public.projects pr on pr.id = ('00000000-0000-4000-e003-' || lpad(p::text, 12, '0'))::uuid
on conflict do nothing;

-- Edit requests of 客服一部's working copies (工作档案需经客务部经理同意方可修改), by 王小明: one
-- waiting for the KF1 manager, one approved and used, one declined.
insert into public.archive_edit_requests (id, file_id, reason, requested_by, status, decided_by, decided_at, decision_note, closed_at)
values
  ('00000000-0000-4000-e003-000000000201', '00000000-0000-4000-e002-000000000205', '客户联系人变更，更新工作档案中的联系方式',
   '00000000-0000-4000-b000-000000000001', '待审批', null, null, null, null),
  ('00000000-0000-4000-e003-000000000202', '00000000-0000-4000-e002-000000000215', '补录租赁合同续签页',
   '00000000-0000-4000-b000-000000000001', '已用', '00000000-0000-4000-b000-000000000004',
   timestamptz '2026-06-03 10:00+08', '同意，修改后报我确认', timestamptz '2026-06-04 16:00+08'),
  ('00000000-0000-4000-e003-000000000203', '00000000-0000-4000-e002-000000000225', '调整页数',
   '00000000-0000-4000-b000-000000000001', '已驳回', '00000000-0000-4000-b000-000000000004',
   timestamptz '2026-07-08 09:30+08', '页数以原件为准，不予修改', null)
on conflict do nothing;

-- Destruction: one file destroyed with the gm's approval (its number stays taken), one waiting.
insert into public.archive_destructions (id, file_id, reason, requested_by, status, approved_by, decided_at, decision_note)
values
  ('00000000-0000-4000-e003-000000000301', '00000000-0000-4000-e002-000000000230', '客户资料重复归档（与 2025 年另一卷内容相同），经核对后销毁重复件',
   '00000000-0000-4000-b000-000000000003', '已批准', '00000000-0000-4000-b000-000000000006',
   timestamptz '2026-03-12 11:00+08', '同意销毁重复件，保留原卷'),
  ('00000000-0000-4000-e003-000000000302', '00000000-0000-4000-e002-000000000240', '保管期限届满的退租客户资料',
   '00000000-0000-4000-b000-000000000003', '待审批', null, null, null)
on conflict do nothing;
update public.archive_files set status = '已销毁' where id = '00000000-0000-4000-e002-000000000230' and status = '在库';
update public.archive_destructions d set department_id = f.department_id
from public.archive_files f where f.id = d.file_id and d.department_id is null;
update public.archive_edit_requests r set department_id = f.department_id
from public.archive_files f where f.id = r.file_id and r.department_id is null;

-- Last year's inspection (2025), every cabinet done.
insert into public.archive_inspections (id, year, room, cabinet, due_on, inspector_id, inspected_on, files_checked, findings, status)
select ('00000000-0000-4000-e003-' || lpad((500 + row_number() over (order by x.room, x.cabinet))::text, 12, '0'))::uuid,
       2025, x.room, x.cabinet, date '2025-12-31', '00000000-0000-4000-b000-000000000003'::uuid, date '2025-12-18', x.files,
       case when x.cabinet = 'A03' then '第2层两卷封面受潮，已更换档案盒并放置防霉剂；其余完好' else '逐卷清点，数量与台帐一致，无破损、无虫蛀' end,
       '已检查'
from (select a.room, a.cabinet, count(*)::integer as files from public.archive_files a
      where a.number_year = 2025 and a.cabinet is not null group by a.room, a.cabinet) as x
on conflict do nothing;
