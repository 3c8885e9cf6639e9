-- Demo projects of this year (issue 14) and their file handovers A角 → B角 → archive room, one at
-- each step: projects in progress, a handover A is still drawing up, one overdue at A's step (its
-- deadline, three working days from completion, is past), one with B (and its certificates, handed
-- over separately), one returned for missing items, one waiting for the archive room with some
-- items checked, and one filed (file numbered, certificates in the safe under the same number).
-- Engineering managers: 高建华 (A角) and 林涛 (B角) of 工程部; one project of 客服一部 run by its
-- own clerks. Dates count back from the day the seeds run, so the deadlines mean something.
-- Deterministic ids '00000000-0000-4000-e001-…'; idempotent (on conflict do nothing). The
-- historical (2025) filed projects and their files are seeds/04_demo_archive_files.sql.

insert into public.projects (id, code, name, customer_id, department_id, a_manager_id, b_manager_id, number_word,
                             has_certificates, completed_on, status, notes)
select p.id::uuid, p.code, p.name,
       (select c.id from public.customers c where c.id = p.customer::uuid),
       p.department::uuid, p.a::uuid, p.b::uuid, p.word, p.certs,
       case when p.days_ago is not null then current_date - p.days_ago end, p.status, p.notes
from (values
  ('00000000-0000-4000-e001-000000000001', 'GC2026-01', '滨海花园三期贷款项目', '00000000-0000-4000-d000-000000000003',
   '00000000-0000-4000-a000-000000000007', '00000000-0000-4000-b000-000000000009', '00000000-0000-4000-b000-00000000000a',
   '借', true, null::integer, '进行中', '贷款尚未发放，完工后移交档案'),
  ('00000000-0000-4000-e001-000000000002', 'GC2026-02', '城南商务楼担保项目', '00000000-0000-4000-d000-000000000005',
   '00000000-0000-4000-a000-000000000007', '00000000-0000-4000-b000-00000000000a', '00000000-0000-4000-b000-000000000009',
   '保', false, null, '进行中', null),
  ('00000000-0000-4000-e001-000000000003', 'GC2026-03', '西湖路商铺贷款项目', '00000000-0000-4000-d000-000000000007',
   '00000000-0000-4000-a000-000000000007', '00000000-0000-4000-b000-000000000009', '00000000-0000-4000-b000-00000000000a',
   '借', false, 1, '已完工', 'A角正在整理档案资料'),
  ('00000000-0000-4000-e001-000000000004', 'GC2026-04', '北港物流园贷款项目', '00000000-0000-4000-d000-000000000009',
   '00000000-0000-4000-a000-000000000007', '00000000-0000-4000-b000-000000000009', '00000000-0000-4000-b000-00000000000a',
   '借', false, 14, '已完工', '已超过A角移交期限'),
  ('00000000-0000-4000-e001-000000000005', 'GC2026-05', '东城医院设备抵押项目', '00000000-0000-4000-d000-000000000011',
   '00000000-0000-4000-a000-000000000007', '00000000-0000-4000-b000-000000000009', '00000000-0000-4000-b000-00000000000a',
   '借', true, 3, '已完工', '有他项权证需单独移交'),
  ('00000000-0000-4000-e001-000000000006', 'GC2026-06', '高新区标准厂房贷款项目', '00000000-0000-4000-d000-000000000013',
   '00000000-0000-4000-a000-000000000007', '00000000-0000-4000-b000-00000000000a', '00000000-0000-4000-b000-000000000009',
   '借', false, 4, '已完工', null),
  ('00000000-0000-4000-e001-000000000007', 'GC2026-07', '江北农贸市场担保项目', '00000000-0000-4000-d000-000000000015',
   '00000000-0000-4000-a000-000000000007', '00000000-0000-4000-b000-000000000009', '00000000-0000-4000-b000-00000000000a',
   '保', false, 5, '已完工', null),
  ('00000000-0000-4000-e001-000000000008', 'KF2026-01', '客服一部呼叫中心改造工程', null,
   '00000000-0000-4000-a000-000000000001', '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-c000-000000000001',
   '借', false, null, '进行中', '客服一部自办工程，王小明任A角、赵丽任B角'),
  ('00000000-0000-4000-e001-000000000009', 'GC2026-08', '锦绣家园二期贷款项目', '00000000-0000-4000-d000-000000000017',
   '00000000-0000-4000-a000-000000000007', '00000000-0000-4000-b000-000000000009', '00000000-0000-4000-b000-00000000000a',
   '借', true, 30, '已归档', '档案与权证均已归档')
) as p(id, code, name, customer, department, a, b, word, certs, days_ago, status, notes)
where exists (select 1 from public.operators o where o.id = p.b::uuid)
on conflict do nothing;

-- The handovers, each at its step; deadlines as the moves compute them.
insert into public.archive_handovers (id, project_id, kind, status, a_manager_id, b_manager_id, department_id,
  a_due_on, file_by, a_signed_at, b_signed_at, b_due_on, handed_at, archivist_id, received_at, missing_items, returned_by, returned_at, notes)
select h.id::uuid, p.id, h.kind, h.status, p.a_manager_id, p.b_manager_id, p.department_id,
       public.add_working_days(p.completed_on::timestamp at time zone 'Asia/Shanghai', 3),
       (date_trunc('month', p.completed_on::timestamp) + interval '1 month 9 days')::date,
       h.a_at, h.b_at,
       public.add_working_days(h.a_at, 2),
       h.handed_at,
       case when h.status = '已归档' then '00000000-0000-4000-b000-000000000003'::uuid end,
       h.received_at, h.missing,
       case when h.missing is not null then p.b_manager_id end,
       case when h.missing is not null then now() - interval '1 day' end,
       h.notes
from (values
  ('00000000-0000-4000-e001-000000000103', '00000000-0000-4000-e001-000000000003', '档案', 'A角整理',
   null::timestamptz, null::timestamptz, null::timestamptz, null::timestamptz, null, null),
  ('00000000-0000-4000-e001-000000000104', '00000000-0000-4000-e001-000000000004', '档案', 'A角整理',
   null, null, null, null, null, '资料收集不全，尚未移交'),
  ('00000000-0000-4000-e001-000000000105', '00000000-0000-4000-e001-000000000005', '档案', '待B角审核',
   now() - interval '1 day', null, null, null, null, null),
  ('00000000-0000-4000-e001-000000000115', '00000000-0000-4000-e001-000000000005', '权证', '待B角审核',
   now() - interval '1 day', now() - interval '20 hours', null, null, null, '他项权证原件，视同现金管理'),
  ('00000000-0000-4000-e001-000000000106', '00000000-0000-4000-e001-000000000006', '档案', '退回补充',
   now() - interval '3 days', null, null, null,
   E'1. 借款合同缺少保证人签字页\n2. 抵押物评估报告原件未附\n3. 贷款审批表缺少风控负责人签字', null),
  ('00000000-0000-4000-e001-000000000107', '00000000-0000-4000-e001-000000000007', '档案', '待档案室接收',
   now() - interval '3 days', now() - interval '2 days', now() - interval '1 day', null, null, null),
  ('00000000-0000-4000-e001-000000000109', '00000000-0000-4000-e001-000000000009', '档案', '已归档',
   now() - interval '28 days', now() - interval '27 days', now() - interval '26 days', now() - interval '25 days', null, null),
  ('00000000-0000-4000-e001-000000000119', '00000000-0000-4000-e001-000000000009', '权证', '已归档',
   now() - interval '29 days', now() - interval '28 days', now() - interval '28 days', now() - interval '27 days', null, '存入保险柜1号')
) as h(id, project, kind, status, a_at, b_at, handed_at, received_at, missing, notes)
join public.projects p on p.id = h.project::uuid
on conflict do nothing;

-- The lists (册内资料清单 with pages; attachments listed, not numbered; 权证移交清单 with number and count).
insert into public.archive_handover_items (id, handover_id, title, pages, is_attachment, certificate_no, quantity, checked, created_at)
select ('00000000-0000-4000-e001-' || lpad((1000 + row_number() over (order by i.handover, i.ord))::text, 12, '0'))::uuid,
       i.handover::uuid, i.title, i.pages, i.attachment, i.cert_no, i.quantity, i.checked,
       now() - interval '30 days' + i.ord * interval '1 minute'
from (values
  -- 西湖路商铺 (A drafting)
  ('00000000-0000-4000-e001-000000000103', 1, '贷款申请书及立项审批表', 12, false, null, null, false),
  ('00000000-0000-4000-e001-000000000103', 2, '借款合同', 18, false, null, null, false),
  -- 北港物流园 (overdue at A)
  ('00000000-0000-4000-e001-000000000104', 1, '立项审批资料', 15, false, null, null, false),
  -- 东城医院: file and certificates with B
  ('00000000-0000-4000-e001-000000000105', 1, '立项审批资料（含封面）', 22, false, null, null, false),
  ('00000000-0000-4000-e001-000000000105', 2, '借款合同及抵押合同', 35, false, null, null, false),
  ('00000000-0000-4000-e001-000000000105', 3, '贷前调查报告', 16, false, null, null, false),
  ('00000000-0000-4000-e001-000000000105', 4, '企业营业执照、章程复印件', 9, false, null, null, false),
  ('00000000-0000-4000-e001-000000000105', 5, '客户未取走的设备发票复印件（附件）', 6, true, null, null, false),
  ('00000000-0000-4000-e001-000000000115', 1, '他项权证', null, false, '东他项（2026）第0451号', 1, false),
  ('00000000-0000-4000-e001-000000000115', 2, '动产抵押登记通知书', null, false, '东市监抵登字〔2026〕118号', 1, false),
  -- 高新区厂房 (returned for missing items)
  ('00000000-0000-4000-e001-000000000106', 1, '立项审批资料', 14, false, null, null, false),
  ('00000000-0000-4000-e001-000000000106', 2, '借款合同', 20, false, null, null, false),
  ('00000000-0000-4000-e001-000000000106', 3, '贷款审批表', 3, false, null, null, false),
  -- 江北农贸市场 (with the archive room, two of three items checked)
  ('00000000-0000-4000-e001-000000000107', 1, '立项审批资料', 17, false, null, null, true),
  ('00000000-0000-4000-e001-000000000107', 2, '担保合同及反担保合同', 28, false, null, null, true),
  ('00000000-0000-4000-e001-000000000107', 3, '保证人财产调查资料', 11, false, null, null, false),
  ('00000000-0000-4000-e001-000000000107', 4, '客户留存的商铺租赁合同（附件）', 8, true, null, null, false),
  -- 锦绣家园 (filed)
  ('00000000-0000-4000-e001-000000000109', 1, '立项审批资料', 19, false, null, null, true),
  ('00000000-0000-4000-e001-000000000109', 2, '借款合同及抵押合同', 31, false, null, null, true),
  ('00000000-0000-4000-e001-000000000109', 3, '贷前调查报告', 12, false, null, null, true),
  ('00000000-0000-4000-e001-000000000109', 4, '购房合同复印件（附件）', 10, true, null, null, true),
  ('00000000-0000-4000-e001-000000000119', 1, '不动产权证书', null, false, '锦不动产权第0032817号', 1, true),
  ('00000000-0000-4000-e001-000000000119', 2, '他项权证', null, false, '锦他项（2026）第0217号', 1, true)
) as i(handover, ord, title, pages, attachment, cert_no, quantity, checked)
where exists (select 1 from public.archive_handovers h where h.id = i.handover::uuid)
on conflict do nothing;

-- The filed project's archive file, numbered after the year's customer files of the seeds
-- (2026鸿借字第061号), its item list, and its certificates in the safe under the same number.
insert into public.archive_files (id, number, number_year, number_seq, title, project_id, customer_id, department_id, category,
  copy_kind, page_count, room, cabinet, shelf, status, keeper_id, received_at)
select '00000000-0000-4000-e001-000000009001'::uuid, '2026鸿借字第061号', 2026, 61, p.name || ' 工程档案', p.id, p.customer_id,
       p.department_id, '立项审批资料', '原件', 72, '档案室一', 'B01', '1层', '在库',
       '00000000-0000-4000-b000-000000000003'::uuid, h.received_at
from public.projects p join public.archive_handovers h on h.id = '00000000-0000-4000-e001-000000000109'
where p.id = '00000000-0000-4000-e001-000000000009'
on conflict do nothing;
update public.projects set archive_number = '2026鸿借字第061号'
where id = '00000000-0000-4000-e001-000000000009' and archive_number is null
  and exists (select 1 from public.archive_files f where f.id = '00000000-0000-4000-e001-000000009001');
update public.archive_handovers set file_id = '00000000-0000-4000-e001-000000009001'
where id = '00000000-0000-4000-e001-000000000109' and file_id is null
  and exists (select 1 from public.archive_files f where f.id = '00000000-0000-4000-e001-000000009001');
insert into public.archive_file_items (id, file_id, item_no, title, pages, is_attachment)
select ('00000000-0000-4000-e001-' || lpad((9100 + i.n)::text, 12, '0'))::uuid, '00000000-0000-4000-e001-000000009001'::uuid,
       case when not i.attachment then i.n end, i.title, i.pages, i.attachment
from (values (1, '立项审批资料', 19, false), (2, '借款合同及抵押合同', 31, false), (3, '贷前调查报告', 12, false),
             (4, '购房合同复印件（附件）', 10, true)) as i(n, title, pages, attachment)
where exists (select 1 from public.archive_files f where f.id = '00000000-0000-4000-e001-000000009001')
on conflict do nothing;
insert into public.certificates (id, project_id, file_id, name, certificate_no, quantity, location_kind, safe_no, status, keeper_id, received_at)
select c.id::uuid, '00000000-0000-4000-e001-000000000009'::uuid, '00000000-0000-4000-e001-000000009001'::uuid, c.name, c.no, 1,
       '保险柜', '保险柜1号', '在库', '00000000-0000-4000-b000-000000000003'::uuid, now() - interval '27 days'
from (values ('00000000-0000-4000-e001-000000009201', '不动产权证书', '锦不动产权第0032817号'),
             ('00000000-0000-4000-e001-000000009202', '他项权证', '锦他项（2026）第0217号')) as c(id, name, no)
where exists (select 1 from public.archive_files f where f.id = '00000000-0000-4000-e001-000000009001')
on conflict do nothing;

-- The next signer of each open step has it among his notifications (kind 档案移交).
select private.notify(n.recipient, '档案移交', n.title, n.body, 'archive_handovers', n.handover, null, 'seed-handover:' || n.handover)
from (values
  ('00000000-0000-4000-b000-000000000009'::uuid, '00000000-0000-4000-e001-000000000103', '项目 西湖路商铺贷款项目 已完工，请在期限前将档案资料移交B角 | Project 西湖路商铺贷款项目 is complete: hand its file to B by the deadline', '编制册内资料清单（每一项的页数），三个工作日内移交工程经理B角。 | Hand the file to B within three working days.'),
  ('00000000-0000-4000-b000-000000000009'::uuid, '00000000-0000-4000-e001-000000000104', '项目 北港物流园贷款项目 已完工，请在期限前将档案资料移交B角 | Project 北港物流园贷款项目 is complete: hand its file to B by the deadline', '编制册内资料清单（每一项的页数），三个工作日内移交工程经理B角。 | Hand the file to B within three working days.'),
  ('00000000-0000-4000-b000-00000000000a'::uuid, '00000000-0000-4000-e001-000000000105', 'GC2026-05 东城医院设备抵押项目 的移交清单待您签收审核 | The handover list of GC2026-05 东城医院设备抵押项目 awaits your check', '依据清单审核资料及签字是否完整。 | Check the file against its list.'),
  ('00000000-0000-4000-b000-00000000000a'::uuid, '00000000-0000-4000-e001-000000000115', 'GC2026-05 东城医院设备抵押项目（权证） 的移交清单待您审核 | The handover list of GC2026-05 东城医院设备抵押项目 (certificates) awaits your check', '核对权证名称、权证号、数量后移交档案室。 | Check each certificate, then hand them to the archive room.'),
  ('00000000-0000-4000-b000-00000000000a'::uuid, '00000000-0000-4000-e001-000000000106', 'GC2026-06 高新区标准厂房贷款项目 退回补充资料，请补齐后重新移交B角 | GC2026-06 高新区标准厂房贷款项目 was returned for missing items: complete it and hand it to B again', '补充资料清单见移交单。 | The missing items are listed on the handover.'),
  ('00000000-0000-4000-b000-000000000003'::uuid, '00000000-0000-4000-e001-000000000107', 'GC2026-07 江北农贸市场担保项目 已移交档案室，请逐项核对后接收 | GC2026-07 江北农贸市场担保项目 is handed to the archive room: check each item, then receive it', '根据B角提供的清单一一核对。 | Check each item against B''s list.')
) as n(recipient, handover, title, body)
where exists (select 1 from public.archive_handovers h where h.id = n.handover::uuid);
