// The access matrix: for every register, every role tries to read, create, update and delete, and
// gets exactly what the permission table and the policies allow — refused writes change nothing.
// Letters: R read, C create, U update, D delete; '-' where refused.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { createThrowawayOperator, signInAs, sql, type DemoRole } from '../support/stack.ts';

// (the engineering managers are clerks of 工程部: the clerks stand for them here; the gate guard is
// a clerk whose duty 门岗 grants the rest: tested in the visitor register's own file)
type MatrixRole = Exclude<DemoRole, 'engineer' | 'engineer2' | 'guard'>;
const roles: MatrixRole[] = ['clerk', 'clerk2', 'archivist', 'manager', 'director', 'deputy', 'gm', 'admin'];
const homeDepartment: Record<MatrixRole, string> = {
  clerk: departmentIds.KF1,
  clerk2: departmentIds.KF2,
  archivist: departmentIds.DA,
  manager: departmentIds.KF1,
  director: '00000000-0000-4000-a000-000000000004',
  deputy: '00000000-0000-4000-a000-000000000005',
  gm: '00000000-0000-4000-a000-000000000005',
  admin: '00000000-0000-4000-a000-000000000006',
};
const marker = unique('矩阵');

type Register = {
  table: string;
  /** Told apart from another row of the same table in the report. */
  name?: string;
  key: string;
  expected: Record<MatrixRole, string>;
  /** A row owned by the KF1 clerk, made as the database owner. */
  probe(): Promise<string>;
  create(client: SupabaseClient, role: MatrixRole): PromiseLike<{ error: unknown }>;
  patch: Record<string, unknown>;
};

const customerProbe = async () =>
  (await sql<{ id: string }>(`insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`, [`${marker}客户${unique()}`, uniquePhone(), departmentIds.KF1, operatorIds.clerk]))[0].id;

const requestProbe = (kind: '咨询' | '投诉') => async () =>
  (
    await sql<{ id: string }>(
      `insert into public.service_requests (kind, caller_name, content, department_id, receiver_id, complaint_category, severity)
       values ($1, '矩阵来电', $2, $3, $4, case when $1 = '投诉' then '服务质量' end, case when $1 = '投诉' then '一般' end) returning id`,
      [kind, `${marker}工单`, departmentIds.KF1, operatorIds.clerk],
    )
  )[0].id;

let sharedCustomer: string;
let perfQuarter = 0;
// Calendar days far from the real holidays but inside the years 2000–2100 the calendar accepts:
// consecutive days from a random start in 2040–2089, so no two probes of this file collide.
let lastDay = Date.UTC(2040 + Math.floor(Math.random() * 50), 0, 1) + Math.floor(Math.random() * 300) * 86_400_000;
const randomDay = () => new Date((lastDay += 86_400_000)).toISOString().slice(0, 10);
/** A staff member without sign-in, for roster rows (one roster row per person and department). */
const rosterOperator = async (department: string) =>
  (await sql<{ id: string }>(`insert into public.operators (code, name, department_id, role) values ($1, $2, $3, 'clerk') returning id`, [unique('M').slice(0, 20), `${marker}接待`, department]))[0].id;
const registers: Register[] = [
  {
    table: 'customers', key: 'id', patch: { notes: '矩阵修改' }, probe: customerProbe,
    // (a card's department is the filer's own: department_id is system-owned)
    create: (c) => c.from('customers').insert({ name: `${marker}新客户${unique()}`, phone: uniquePhone() }),
    expected: { clerk: 'RCU-', clerk2: '-C--', archivist: '----', manager: 'RCUD', director: 'R-U-', deputy: '----', gm: 'R---', admin: '----' },
  },
  {
    table: 'contacts', key: 'id', patch: { summary: '矩阵修改摘要' },
    probe: async () => (await sql<{ id: string }>(`insert into public.contacts (customer_id, kind, summary, staff_id) values ($1, '电话', $2, $3) returning id`, [sharedCustomer, `${marker}往来`, operatorIds.clerk]))[0].id,
    create: (c) => c.from('contacts').insert({ customer_id: sharedCustomer, kind: '电话', summary: `${marker}新往来` }),
    expected: { clerk: 'RCUD', clerk2: '----', archivist: '----', manager: 'RCUD', director: 'RC--', deputy: '----', gm: 'R---', admin: '----' },
  },
  {
    table: 'service_requests', key: 'id', patch: { content: '矩阵修改内容' }, probe: requestProbe('咨询'),
    create: (c) => c.from('service_requests').insert({ kind: '咨询', caller_name: '矩阵', content: `${marker}新工单`, department_id: departmentIds.KF1 }),
    expected: { clerk: 'RCUD', clerk2: '-C--', archivist: '----', manager: 'RCUD', director: 'RCU-', deputy: '----', gm: 'R---', admin: '----' },
  },
  {
    table: 'service_requests', key: 'id', patch: { content: '矩阵修改投诉' }, probe: requestProbe('投诉'),
    create: (c) => c.from('service_requests').insert({ kind: '投诉', complaint_category: '服务质量', severity: '一般', caller_name: '矩阵', content: `${marker}新投诉`, department_id: departmentIds.KF1 }),
    expected: { clerk: 'RCU-', clerk2: '-C--', archivist: '----', manager: 'RCU-', director: 'RCU-', deputy: '----', gm: 'R---', admin: '----' },
  },
  {
    table: 'return_visits', key: 'id', patch: { content: '矩阵修改回访' },
    probe: async () => (await sql<{ id: string }>(`insert into public.return_visits (source, customer_id, department_id, content) values ('例行', $1, $2, $3) returning id`, [sharedCustomer, departmentIds.KF1, marker]))[0].id,
    create: (c) => c.from('return_visits').insert({ source: '例行', content: marker }),
    expected: { clerk: 'RCU-', clerk2: '-C--', archivist: '----', manager: 'RCUD', director: 'RCU-', deputy: '----', gm: 'R---', admin: '----' },
  },
  {
    table: 'permissions', key: 'id', patch: { note: '矩阵修改' },
    probe: async () => (await sql<{ id: string }>(`insert into public.permissions (role, register, action, scope, note) values ('archivist', $1, 'read', 'all', $2) returning id`, [`matrix_${unique().toLowerCase().replace(/[^a-z0-9]/g, '')}`, marker]))[0].id,
    create: (c) => c.from('permissions').insert({ role: 'archivist', register: `matrix_${unique().toLowerCase().replace(/[^a-z0-9]/g, '')}`, action: 'read', scope: 'own', note: marker }),
    expected: { clerk: '----', clerk2: '----', archivist: '----', manager: 'R---', director: 'R---', deputy: '----', gm: 'R---', admin: 'RCUD' },
  },
  {
    table: 'settings', key: 'key', patch: { label: '矩阵修改 | Matrix' },
    probe: async () => (await sql<{ key: string }>(`insert into public.settings (key, value, label) values ($1, '1', $2) returning key`, [`matrix.${unique().toLowerCase().replace(/[^a-z0-9]/g, '')}`, marker]))[0].key,
    create: (c) => c.from('settings').insert({ key: `matrix.${unique().toLowerCase().replace(/[^a-z0-9]/g, '')}`, value: 1, label: marker }),
    expected: { clerk: 'R---', clerk2: 'R---', archivist: 'R---', manager: 'R---', director: 'R---', deputy: 'R---', gm: 'R---', admin: 'RCUD' },
  },
  {
    table: 'notifications', key: 'id', patch: { read_at: '2026-11-22T08:00:00Z' },
    probe: async () => (await sql<{ id: string }>(`insert into public.notifications (recipient_id, kind, title, body) values ($1, '系统', '矩阵提醒', $2) returning id`, [operatorIds.clerk, marker]))[0].id,
    create: (c) => c.from('notifications').insert({ recipient_id: operatorIds.clerk, kind: '系统', title: '自建提醒', body: marker }),
    expected: { clerk: 'R-U-', clerk2: '----', archivist: '----', manager: '----', director: '----', deputy: '----', gm: '----', admin: '----' },
  },
  {
    table: 'business_calendar', key: 'day', patch: { name: '矩阵改名' },
    probe: async () => (await sql<{ day: string }>(`insert into public.business_calendar (day, kind, name) values ($1, 'holiday', $2) returning day::text`, [randomDay(), marker]))[0].day,
    create: (c) => c.from('business_calendar').insert({ day: randomDay(), kind: 'holiday', name: marker }),
    expected: { clerk: 'R---', clerk2: 'R---', archivist: 'R---', manager: 'R---', director: 'R---', deputy: 'R---', gm: 'R---', admin: 'RCUD' },
  },
  {
    table: 'reception_roster', key: 'id', patch: { position: 99 },
    // (off duty: new customers go round the clerks on duty, and these throwaway people are deleted after)
    probe: async () => (await sql<{ id: string }>(`insert into public.reception_roster (department_id, operator_id, position, on_duty) values ($1, $2, 50, false) returning id`, [departmentIds.KF1, await rosterOperator(departmentIds.KF1)]))[0].id,
    create: async (c, role) => c.from('reception_roster').insert({ department_id: homeDepartment[role], operator_id: await rosterOperator(homeDepartment[role]), position: 60, on_duty: false }),
    expected: { clerk: 'R---', clerk2: '----', archivist: '----', manager: 'RCUD', director: 'R---', deputy: '----', gm: '----', admin: '----' },
  },
  {
    // The public pool 公海: a KF1 customer released to the pool, seen (code, name, grade, since when)
    // by KF1's clerk and manager, the director and the gm; written by no one (claimed by a move).
    table: 'customer_pool', key: 'customer_id', patch: { name: '矩阵改名' },
    probe: async () => (await sql<{ id: string }>(`insert into public.customers (name, phone, department_id, status) values ($1, $2, $3, '公海') returning id`, [`${marker}公海${unique()}`, uniquePhone(), departmentIds.KF1]))[0].id,
    create: (c) => c.from('customer_pool').insert({ customer_id: sharedCustomer, code: marker, name: marker, grade: 'A', department_id: departmentIds.KF1, released_at: '2026-11-22T08:00:00Z' }),
    expected: { clerk: 'R---', clerk2: '----', archivist: '----', manager: 'R---', director: 'R---', deputy: '----', gm: 'R---', admin: '----' },
  },
  {
    table: 'access_requests', key: 'id', patch: { status: '已批准', expires_at: '2099-01-01T00:00:00Z' },
    probe: async () => (await sql<{ id: string }>(`insert into public.access_requests (customer_id, requester_id, reason) values ($1, $2, $3) returning id`, [sharedCustomer, operatorIds.clerk, marker]))[0].id,
    create: (c) => c.from('access_requests').insert({ customer_id: sharedCustomer, reason: marker }),
    expected: { clerk: 'RC--', clerk2: '-C--', archivist: '-C--', manager: 'RC--', director: 'RC--', deputy: '----', gm: 'R---', admin: '----' },
  },
  {
    table: 'recycle_bin', key: 'id', patch: { restored_at: '2026-11-22T08:00:00Z' },
    probe: async () => {
      const id = await customerProbe();
      await sql('delete from public.customers where id = $1', [id]);
      return (await sql<{ id: string }>(`select id::text from public.recycle_bin where row_id = $1`, [id]))[0].id;
    },
    create: (c) => c.from('recycle_bin').insert({ table_name: 'customers', row_id: sharedCustomer, row_data: {} }),
    expected: { clerk: '----', clerk2: '----', archivist: '----', manager: 'R---', director: '----', deputy: '----', gm: '----', admin: '----' },
  },
  {
    // A complaint deleted in the console: no one may delete a complaint, so no one finds it in the
    // bin (the right to restore is the right to delete, in the complaint's own register).
    table: 'recycle_bin', name: 'recycle_bin (a deleted complaint)', key: 'id', patch: { restored_at: '2026-11-22T08:00:00Z' },
    probe: async () => {
      const id = await requestProbe('投诉')();
      await sql('delete from public.service_requests where id = $1', [id]);
      return (await sql<{ id: string }>(`select id::text from public.recycle_bin where row_id = $1`, [id]))[0].id;
    },
    create: (c) => c.from('recycle_bin').insert({ table_name: 'service_requests', row_id: sharedCustomer, row_data: {} }),
    expected: { clerk: '----', clerk2: '----', archivist: '----', manager: '----', director: '----', deputy: '----', gm: '----', admin: '----' },
  },
  {
    table: 'audit_log', key: 'id', patch: { action: 'delete' },
    probe: async () => (await sql<{ id: string }>(`select id::text from public.audit_log where table_name = 'customers' and row_id = $1 limit 1`, [sharedCustomer]))[0].id,
    create: (c) => c.from('audit_log').insert({ table_name: 'customers', row_id: sharedCustomer, action: 'insert' }),
    expected: { clerk: 'R---', clerk2: '----', archivist: '----', manager: 'R---', director: 'R---', deputy: '----', gm: 'R---', admin: '----' },
  },
  {
    // A saved view the KF1 clerk shared with 客服一部: everyone may save their own; only the owner changes it.
    table: 'register_views', key: 'id', patch: { name: `${marker}改名` },
    probe: async () => (await sql<{ id: string }>(`insert into public.register_views (register, name, owner_id, department_id, shared) values ('customers', $1, $2, $3, true) returning id`, [`${marker}视图${unique()}`, operatorIds.clerk, departmentIds.KF1]))[0].id,
    create: (c) => c.from('register_views').insert({ register: 'customers', name: `${marker}新视图` }),
    expected: { clerk: 'RCUD', clerk2: '-C--', archivist: '-C--', manager: 'RC--', director: '-C--', deputy: '-C--', gm: '-C--', admin: '-C--' },
  },
  // Archive (issue 14): a KF1 file not yet received; a certificate of a 工程部 project; an inspection task.
  // Nobody deletes a file or a certificate (destruction is a move), nor an inspection.
  {
    table: 'archive_files', key: 'id', patch: { notes: '矩阵修改' },
    probe: async () => (await sql<{ id: string }>(`insert into public.archive_files (title, department_id, category) values ($1, $2, '客户资料') returning id`, [`${marker}档案`, departmentIds.KF1]))[0].id,
    create: (c) => c.from('archive_files').insert({ title: `${marker}新档案`, department_id: departmentIds.KF1, category: '客户资料' }),
    expected: { clerk: 'R---', clerk2: '----', archivist: 'RCU-', manager: 'R---', director: '----', deputy: 'R---', gm: 'R---', admin: '----' },
  },
  {
    table: 'certificates', key: 'id', patch: { notes: '矩阵修改' },
    probe: async () => (await sql<{ id: string }>(`insert into public.certificates (project_id, name, certificate_no, safe_no) values ($1, $2, '矩阵权证号', '保险柜-1') returning id`, [await matrixProject(), `${marker}权证`]))[0].id,
    create: async (c) => c.from('certificates').insert({ project_id: await matrixProject(), name: `${marker}新权证`, certificate_no: '矩阵新权证号', safe_no: '保险柜-1' }),
    expected: { clerk: '----', clerk2: '----', archivist: 'RCU-', manager: '----', director: '----', deputy: 'R---', gm: 'R---', admin: '----' },
  },
  {
    table: 'archive_inspections', key: 'id', patch: { due_on: '2030-12-31' },
    probe: async () => (await sql<{ id: string }>(`insert into public.archive_inspections (year, room, cabinet, due_on) values (2030, $1, $2, '2030-12-20') returning id`, [marker, unique('M')]))[0].id,
    create: (c) => c.from('archive_inspections').insert({ year: 2030, room: marker, cabinet: unique('N'), due_on: '2030-12-20' }),
    expected: { clerk: '----', clerk2: '----', archivist: 'RCU-', manager: '----', director: '----', deputy: '----', gm: 'R---', admin: '----' },
  },
  // Projects and handovers (issue 14): a project of 客服一部 whose A角 is the KF1 clerk (B角 his
  // colleague 赵丽), read by its department, the deputy GM in charge of KF1, the archive room and
  // the gm, written by its manager; its file handover is opened only by 完工 and moved only by the
  // handover steps (no one inserts or deletes one), A角, B角 and the archivist keep notes on it.
  {
    table: 'projects', key: 'id', patch: { notes: '矩阵修改' }, probe: () => kf1Project(),
    create: (c) => c.from('projects').insert({ code: unique('MX').slice(0, 30), name: `${marker}工程新建`, a_manager_id: operatorIds.clerk, b_manager_id: operatorIds.kf1Colleague }),
    expected: { clerk: 'R---', clerk2: '----', archivist: 'R---', manager: 'RCUD', director: '----', deputy: 'R---', gm: 'R---', admin: '----' },
  },
  {
    table: 'archive_handovers', key: 'id', patch: { notes: '矩阵修改' },
    probe: async () => (await sql<{ id: string }>(`insert into public.archive_handovers (project_id, a_manager_id, b_manager_id, department_id, a_due_on) values ($1, $2, $3, $4, current_date + 3) returning id`, [await kf1Project(), operatorIds.clerk, operatorIds.kf1Colleague, departmentIds.KF1]))[0].id,
    create: (c) => c.from('archive_handovers').insert({ project_id: '00000000-0000-4000-e001-000000000008', kind: '档案', notes: marker }),
    expected: { clerk: 'R-U-', clerk2: '----', archivist: 'R-U-', manager: 'R---', director: '----', deputy: 'R---', gm: 'R---', admin: '----' },
  },  // Loans (issue 14): the KF1 clerk's slip awaiting approval, read by its department's manager, the
  // deputy GM in charge of KF1, the archive room and the gm; written only by its borrower; nobody
  // deletes a slip (撤回 is a move). Everyone but the administrator writes slips of his own.
  {
    table: 'archive_loans', key: 'id', patch: { purpose: '矩阵修改借阅用途' },
    probe: async () => (await sql<{ id: string }>(`insert into public.archive_loans (borrower_id, purpose, due_on) values ($1, $2, current_date + 7) returning id`, [operatorIds.clerk, `${marker}借阅`]))[0].id,
    create: (c) => c.from('archive_loans').insert({ purpose: `${marker}新借阅`, due_on: '2099-12-31' }),
    expected: { clerk: 'RCU-', clerk2: '-C--', archivist: 'RC--', manager: 'RC--', director: '-C--', deputy: 'RC--', gm: 'RC--', admin: '----' },
  },
  // Equipment (issue 15): a KF1 piece, read by its department, the director, the deputy gm and the gm;
  // kept (written, deleted) by the fixed-asset keeper 李娜 alone (duty 固定资产管理员).
  {
    table: 'equipment', key: 'id', patch: { location: '矩阵修改地点' },
    probe: () => matrixEquipment(`${marker}设备`),
    create: (c) => c.from('equipment').insert({ name: '矩阵新设备', location: '客服一部', department_id: departmentIds.KF1, notes: `${marker}新设备` }),
    expected: { clerk: 'R---', clerk2: 'RCUD', archivist: '----', manager: 'R---', director: 'R---', deputy: 'R---', gm: 'R---', admin: '----' },
  },
  // Faults (issue 15): the KF1 clerk's report, read by him, the keeper, his manager, the director, the
  // deputy gm and the gm; edited by him and the keeper; reported by everyone who sees the equipment
  // (the archivist sees only his own department's); deleted by nobody.
  {
    table: 'equipment_faults', key: 'id', patch: { description: '矩阵修改故障描述' },
    probe: async () => (await sql<{ id: string }>(`insert into public.equipment_faults (equipment_id, occurred_at, reported_by, description) values ($1, now(), $2, $3) returning id`, [await matrixEquipment(`${marker}设备`), operatorIds.clerk, `${marker}故障`]))[0].id,
    create: async (c) => c.from('equipment_faults').insert({ equipment_id: await matrixEquipment(`${marker}设备`), occurred_at: new Date().toISOString(), description: `${marker}新故障` }),
    expected: { clerk: 'RCU-', clerk2: 'RCU-', archivist: '----', manager: 'RC--', director: 'RC--', deputy: 'RC--', gm: 'RC--', admin: '----' },
  },
  // Visitors (issue 15): a visitor to the KF1 clerk, read by him (number masked), his manager, the
  // director, the deputy gm and the gm; registered and edited only by the gate (门岗, a duty: not in
  // this matrix); deleted by the manager and the director. Vehicles: read by managers and above.
  {
    table: 'visitors', key: 'id', patch: { notes: '矩阵修改' },
    probe: async () => (await sql<{ id: string }>(`insert into public.visitors (name, host_operator_id, purpose) values ($1, $2, '矩阵来访') returning id`, [`${marker}访客`, operatorIds.clerk]))[0].id,
    create: (c) => c.from('visitors').insert({ name: `${marker}新访客`, host_name: '矩阵', host_department_id: departmentIds.KF1, purpose: '矩阵来访' }),
    expected: { clerk: 'R---', clerk2: '----', archivist: '----', manager: 'R--D', director: 'R--D', deputy: 'R---', gm: 'R---', admin: '----' },
  },
  {
    table: 'vehicle_visits', key: 'id', patch: { notes: '矩阵修改' },
    probe: async () => (await sql<{ id: string }>(`insert into public.vehicle_visits (plate, driver_name, purpose, registered_by) values ('粤B12345', '矩阵司机', $1, $2) returning id`, [`${marker}车辆`, operatorIds.guard]))[0].id,
    create: (c) => c.from('vehicle_visits').insert({ plate: '粤B54321', driver_name: '矩阵司机', purpose: `${marker}新车辆` }),
    expected: { clerk: '----', clerk2: '----', archivist: '----', manager: 'R--D', director: 'R--D', deputy: 'R---', gm: 'R---', admin: '----' },
  },
  // Work reports (issue 15): the KF1 clerk's daily report, read by him, his manager and the director
  // (weekly ones also by the gm); written once by its author and frozen (no update, no delete).
  {
    table: 'work_reports', key: 'id', patch: { content: '矩阵改写报表' },
    probe: async () => (await sql<{ id: string }>(`insert into public.work_reports (kind, period_on, author_id, content) values ('日报', $1, $2, $3) returning id`, [randomDay(), operatorIds.clerk, `${marker}报表`]))[0].id,
    create: (c) => c.from('work_reports').insert({ kind: '周报', period_on: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10), content: `${marker}新周报` }),
    expected: { clerk: 'RC--', clerk2: '-C--', archivist: '-C--', manager: 'RC--', director: 'RC--', deputy: '-C--', gm: '----', admin: '----' },
  },
  // QC groups (issue 15): a group led by the KF1 clerk, read by all staff, kept by its leader and the
  // director, removed by the director only.
  {
    table: 'qc_groups', key: 'id', patch: { topic: '矩阵修改课题' },
    probe: async () => (await sql<{ id: string }>(`insert into public.qc_groups (name, leader_id, topic) values ($1, $2, '矩阵课题') returning id`, [`${marker}QC${unique()}`, operatorIds.clerk]))[0].id,
    create: (c) => c.from('qc_groups').insert({ name: `${marker}新QC${unique()}`, topic: '矩阵新课题' }),
    expected: { clerk: 'RCU-', clerk2: 'RC--', archivist: 'R---', manager: 'RC--', director: 'RCUD', deputy: 'R---', gm: 'R---', admin: '----' },
  },
  // Customer expenses (issue 15): the KF1 clerk's claim awaiting approval, for a filed customer of
  // his; read by his manager, the deputy GM in charge of KF1, the director and the gm; written and
  // deleted (while waiting) only by its claimant; a clerk or manager claims for customers he reads.
  {
    table: 'customer_expenses', key: 'id', patch: { description: '矩阵修改费用说明' },
    probe: async () => (await sql<{ id: string }>(`insert into public.customer_expenses (customer_id, kind, amount, spent_on, description, claimant_id) values ($1, '招待', 100, current_date - 1, $2, $3) returning id`, [await expenseCustomer('clerk'), `${marker}报销`, operatorIds.clerk]))[0].id,
    create: async (c, role) => c.from('customer_expenses').insert({ customer_id: await expenseCustomer(role), kind: '礼品', amount: 200, spent_on: '2026-11-20', description: `${marker}新报销` }),
    expected: { clerk: 'RCUD', clerk2: '-C--', archivist: '----', manager: 'RC--', director: 'R---', deputy: 'R---', gm: 'R---', admin: '----' },
  },
  // Duty roster (issue 15): a KF1 clerk's shift, read by all staff; kept by his manager (陈刚 also
  // holds the duty 值班经理: the whole centre) and the director.
  {
    table: 'duty_roster', key: 'id', patch: { notes: '矩阵修改' },
    probe: async () => (await sql<{ id: string }>(`insert into public.duty_roster (duty_date, shift_id, operator_id, notes) values ($1, '00000000-0000-4000-f001-000000000001', $2, $3) returning id`, [randomDay(), operatorIds.clerk, `${marker}排班`]))[0].id,
    create: (c) => c.from('duty_roster').insert({ duty_date: randomDay(), shift_id: '00000000-0000-4000-f001-000000000002', operator_id: operatorIds.clerk, notes: `${marker}新排班` }),
    expected: { clerk: 'R---', clerk2: 'R---', archivist: 'R---', manager: 'RCUD', director: 'RCUD', deputy: 'R---', gm: 'R---', admin: '----' },
  },
  // Duty records (issue 15): the KF1 clerk's record still on duty, read by him, by anyone who takes
  // duty (to take it over), his manager, the director and the executives; written and deleted (while
  // on duty) by him alone.
  {
    table: 'duty_records', key: 'id', patch: { events: '矩阵修改值班情况' },
    probe: async () => (await sql<{ id: string }>(`insert into public.duty_records (duty_date, shift_id, on_duty_id, events) values ('2099-12-30', '00000000-0000-4000-f001-000000000001', $1, $2) returning id`, [operatorIds.clerk, `${marker}值班`]))[0].id,
    create: (c) => c.from('duty_records').insert({ duty_date: '2099-12-31', shift_id: '00000000-0000-4000-f001-000000000002', events: `${marker}新值班` }),
    expected: { clerk: 'RCUD', clerk2: 'RC--', archivist: '----', manager: 'RC--', director: 'RC--', deputy: 'R---', gm: 'R---', admin: '----' },
  },
  // Members (issue 16): a KF1 customer's membership, kept by the clerks of KF1, read by its manager,
  // the director and the gm. Its points ledger is written by the database alone (no role writes it).
  {
    table: 'members', key: 'id', patch: { notes: '矩阵修改会员' },
    probe: async () => (await sql<{ id: string }>(`insert into public.members (customer_id) values ($1) returning id`, [await customerProbe()]))[0].id,
    create: async (c, role) => c.from('members').insert({ customer_id: await expenseCustomer(role), notes: `${marker}新会员` }),
    expected: { clerk: 'RCUD', clerk2: '-C--', archivist: '----', manager: 'R---', director: 'R---', deputy: '----', gm: 'R---', admin: '----' },
  },
  {
    table: 'member_points', key: 'id', patch: { note: '矩阵修改积分' },
    probe: async () => {
      // (a ledger line is never deleted: its member and customer are not the matrix's to clean up)
      const [customer] = await sql<{ id: string }>(`insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`, [`积分矩阵${unique()}`, uniquePhone(), departmentIds.KF1, operatorIds.clerk]);
      const [member] = await sql<{ id: string }>(`insert into public.members (customer_id) values ($1) returning id`, [customer.id]);
      return (await sql<{ id: string }>(`insert into public.member_points (member_id, kind, points, source_customer_id) values ($1, '推荐奖励', 100, $2) returning id`, [member.id, customer.id]))[0].id;
    },
    create: async (c) => c.from('member_points').insert({ member_id: (await sql<{ id: string }>(`select id from public.members limit 1`))[0].id, kind: '冲正', points: 100, note: `${marker}新积分` }),
    expected: { clerk: 'R---', clerk2: '----', archivist: '----', manager: 'R---', director: 'R---', deputy: '----', gm: 'R---', admin: '----' },
  },
  // Performance sources (issue 16): the KF1 clerk's unpaid parts sale, read by him, his manager, the
  // director and the gm, written by him alone; a praise letter for him, recorded and kept by his
  // manager and the director, read by him and the gm. (Service records: engineers, in their own file.)
  {
    table: 'parts_sales', key: 'id', patch: { parts: '矩阵修改备件' },
    probe: async () => (await sql<{ id: string }>(`insert into public.parts_sales (seller_id, customer_id, parts, quoted_amount, cost_amount) values ($1, $2, $3, 1000, 600) returning id`, [operatorIds.clerk, sharedCustomer, `${marker}备件`]))[0].id,
    create: (c) => c.from('parts_sales').insert({ customer_id: sharedCustomer, parts: `${marker}新备件`, quoted_amount: 1000, cost_amount: 500 }),
    expected: { clerk: 'RCUD', clerk2: '-C--', archivist: '----', manager: 'RC--', director: 'R---', deputy: '----', gm: 'R---', admin: '----' },
  },
  {
    table: 'praise_letters', key: 'id', patch: { content: '矩阵修改表扬' },
    probe: async () => (await sql<{ id: string }>(`insert into public.praise_letters (operator_id, content) values ($1, $2) returning id`, [operatorIds.clerk, `${marker}表扬`]))[0].id,
    create: (c) => c.from('praise_letters').insert({ operator_id: operatorIds.clerk, content: `${marker}新表扬` }),
    expected: { clerk: 'R---', clerk2: '----', archivist: '----', manager: 'RCUD', director: 'RCUD', deputy: '----', gm: 'R---', admin: '----' },
  },
  // Performance statements and penalty findings (issue 16): the KF1 clerk's own statement, read by
  // him, his manager, the director and the gm, written by nobody (the job computes it); a penalty
  // finding against him, recorded and kept by his manager and the director, read by him and the gm.
  {
    table: 'performance_statements', key: 'id', patch: { total: 1 },
    probe: async () => {
      const quarter = `${2030 + Math.floor(perfQuarter / 4)}-${String((perfQuarter++ % 4) * 3 + 1).padStart(2, '0')}-01`;
      return (await sql<{ id: string }>(`insert into public.performance_statements (operator_id, department_id, quarter, payout_month) values ($1, $2, $3, $3::date + interval '3 months') returning id`, [operatorIds.clerk, departmentIds.KF1, quarter]))[0].id;
    },
    create: (c) => c.from('performance_statements').insert({ operator_id: operatorIds.clerk, quarter: '2099-10-01', payout_month: '2100-01-01' }),
    expected: { clerk: 'R---', clerk2: '----', archivist: '----', manager: 'R---', director: 'R---', deputy: '----', gm: 'R---', admin: '----' },
  },
  {
    table: 'performance_penalties', key: 'id', patch: { note: '矩阵修改处罚' },
    probe: async () => (await sql<{ id: string }>(`insert into public.performance_penalties (operator_id, kind, source_id, note) values ($1, '重卡', $2, $3) returning id`, [operatorIds.clerk, await customerProbe(), `${marker}处罚`]))[0].id,
    create: async (c) => c.from('performance_penalties').insert({ operator_id: operatorIds.clerk, kind: '重卡', source_id: await customerProbe(), note: `${marker}新处罚` }),
    expected: { clerk: 'R---', clerk2: '----', archivist: '----', manager: 'RCUD', director: 'RCUD', deputy: '----', gm: 'R---', admin: '----' },
  },
  {
    // A draft questionnaire of 客服一部 (sent ones are frozen; answers come only through moves and the link).
    table: 'surveys', key: 'id', patch: { description: '矩阵修改' },
    probe: async () => (await sql<{ id: string }>(`insert into public.surveys (title, department_id, created_by) values ($1, $2, $3) returning id`, [`${marker}问卷`, departmentIds.KF1, operatorIds.manager]))[0].id,
    create: (c) => c.from('surveys').insert({ title: `${marker}新问卷` }),
    expected: { clerk: 'R---', clerk2: 'R---', archivist: '----', manager: 'RCUD', director: 'RCUD', deputy: 'R---', gm: 'R---', admin: '----' },
  },
];
/** A 客服一部 piece of equipment (as the database owner). */
const matrixEquipment = async (notes: string) =>
  (await sql<{ id: string }>(`insert into public.equipment (name, location, department_id, notes) values ('矩阵打印机', '客服一部', $1, $2) returning id`, [departmentIds.KF1, notes]))[0].id;
let sharedProject: string | undefined;
/** A 工程部 project for the certificate rows (made once, as the database owner). */
async function matrixProject() {
  sharedProject ??= (await sql<{ id: string }>(
    `insert into public.projects (code, name, department_id, a_manager_id, b_manager_id) values ($1, $2, $3, $4, $5) returning id`,
    [unique('MX').slice(0, 30), `${marker}项目`, departmentIds.GCB, operatorIds.engineer, operatorIds.engineer2],
  ))[0].id;
  return sharedProject;
}

/** A 客服一部 project whose A角 is the KF1 clerk, B角 赵丽 (as the database owner). */
const kf1Project = async () =>
  (await sql<{ id: string }>(`insert into public.projects (code, name, department_id, a_manager_id, b_manager_id) values ($1, $2, $3, $4, $5) returning id`,
    [unique('MX').slice(0, 30), `${marker}工程`, departmentIds.KF1, operatorIds.clerk, operatorIds.kf1Colleague]))[0].id;

/** A filed (备案) customer owned by the role's demo operator, in his department (as the database owner). */
const expenseCustomer = async (role: MatrixRole) =>
  (await sql<{ id: string }>(`insert into public.customers (name, phone, department_id, owner_id, filed_at) values ($1, $2, $3, $4, now()) returning id`,
    [`${marker}费用客户${unique()}`, uniquePhone(), homeDepartment[role], operatorIds[role]]))[0].id;

const clients = new Map<DemoRole, SupabaseClient>();
const client = async (role: DemoRole) => clients.get(role) ?? clients.set(role, await signInAs(role)).get(role)!;
const exists = async (table: string, key: string, id: string) => (await sql(`select 1 from public.${table} where ${key}::text = $1`, [id])).length === 1;

afterAll(async () => {
  const mine = `select id from public.customers where name like $1`;
  await sql(`delete from public.return_visits where content = $2 or customer_id in (${mine})`, [`${marker}%`, marker]);
  await sql(`delete from public.service_requests where caller_name in ('矩阵来电', '矩阵') and (content like $1 or content like '矩阵修改%')`, [`${marker}%`]);
  await sql(`delete from public.customer_expenses where customer_id in (${mine})`, [`${marker}%`]);
  await sql(`delete from public.members where customer_id in (${mine})`, [`${marker}%`]);
  await sql(`delete from public.parts_sales where customer_id in (${mine})`, [`${marker}%`]);
  await sql(`delete from public.praise_letters where content like $1 or content = '矩阵修改表扬'`, [`${marker}%`]);
  await sql(`delete from public.performance_penalties where note like $1 or note = '矩阵修改处罚'`, [`${marker}%`]);
  await sql(`delete from public.performance_statements where quarter >= '2030-01-01' and operator_id = $1`, [operatorIds.clerk]);
  await sql(`delete from public.customers where name like $1`, [`${marker}%`]);
  await sql(`delete from public.permissions where note = $1`, [marker]);
  await sql(`delete from public.settings where label = $1`, [marker]);
  await sql(`delete from public.notifications where body = $1`, [marker]);
  await sql(`delete from public.access_requests where reason = $1`, [marker]);
  await sql(`delete from public.business_calendar where name in ($1, '矩阵改名')`, [marker]);
  await sql(`delete from public.reception_roster where operator_id in (select id from public.operators where name = $1)`, [`${marker}接待`]);
  await sql(`delete from public.operators where name = $1`, [`${marker}接待`]);
  await sql(`delete from public.register_views where name like $1`, [`${marker}%`]);
  await sql(`delete from public.archive_handovers where project_id in (select id from public.projects where name like $1)`, [`${marker}工程%`]);
  await sql(`delete from public.projects where name like $1`, [`${marker}工程%`]);
  await sql(`delete from public.archive_loans where purpose like $1`, [`${marker}%`]);
  await sql(`delete from public.vehicle_visits where purpose like $1`, [`${marker}%`]);
  await sql(`delete from public.visitors where name like $1`, [`${marker}%`]);
  await sql(`delete from public.equipment_faults where equipment_id in (select id from public.equipment where notes like $1)`, [`${marker}%`]);
  await sql(`delete from public.equipment where notes like $1`, [`${marker}%`]);
  await sql(`delete from public.work_reports where content like $1`, [`${marker}%`]);
  await sql(`delete from public.qc_groups where name like $1`, [`${marker}%`]);
  await sql(`delete from public.duty_roster where notes like $1`, [`${marker}%`]);
  await sql(`delete from public.duty_records where events like $1`, [`${marker}%`]);
  await sql(`delete from public.surveys where title like $1`, [`${marker}%`]);
  await sql(`delete from public.recycle_bin where table_name = 'register_views' and row_data ->> 'name' like $1`, [`${marker}%`]);
});

describe('access matrix', async () => {
  sharedCustomer = await customerProbe();
  let assertions = 0;
  afterAll(() => {
    // roles × registers × actions, each allowed and refused outcome asserted.
    expect(assertions).toBe(roles.length * registers.length * 4);
  });

  describe.each(registers.map((r, i) => [r.name ?? `${r.table}${r.table === 'service_requests' ? (i === 2 ? ' (咨询)' : ' (投诉)') : ''}`, r] as const))('%s', (_, register) => {
    it.each(roles)('as %s', async (role) => {
      const c = await client(role);
      const [canRead, canCreate, canUpdate, canDelete] = register.expected[role].split('').map((l) => l !== '-');
      const id = await register.probe();

      const read = await c.from(register.table).select(register.key).eq(register.key, id);
      expect(read.data?.length ?? 0, `${role} read`).toBe(canRead ? 1 : 0);
      assertions++;

      const created = await register.create(c, role);
      expect(created.error === null, `${role} create: ${JSON.stringify(created.error)}`).toBe(canCreate);
      assertions++;

      const before = await sql(`select * from public.${register.table} where ${register.key}::text = $1`, [id]);
      const updated = await c.from(register.table).update(register.patch).eq(register.key, id).select(register.key);
      const changed = updated.error === null && (updated.data?.length ?? 0) === 1;
      expect(changed, `${role} update: ${JSON.stringify(updated.error)}`).toBe(canUpdate);
      if (!canUpdate) expect(await sql(`select * from public.${register.table} where ${register.key}::text = $1`, [id])).toEqual(before);
      assertions++;

      const doomed = await register.probe();
      await c.from(register.table).delete().eq(register.key, doomed);
      expect(!(await exists(register.table, register.key, doomed)), `${role} delete`).toBe(canDelete);
      assertions++;
    });
  });
});

/** A claim of 赵丽 (KF1 clerk) for a filed customer of hers; a travel claim with documents when asked. */
async function colleagueClaim(documents: boolean): Promise<string> {
  const [customer] = await sql<{ id: string }>(`insert into public.customers (name, phone, department_id, owner_id, filed_at) values ($1, $2, $3, $4, now()) returning id`,
    [`${marker}费用客户${unique()}`, uniquePhone(), departmentIds.KF1, operatorIds.kf1Colleague]);
  return (await sql<{ id: string }>(
    `insert into public.customer_expenses (customer_id, kind, amount, spent_on, description, claimant_id, has_archive_documents, archive_documents)
     values ($1, case when $3 then '差旅' else '招待' end, 300, current_date - 1, $2, $4, $3, case when $3 then '会议纪要 1 份' end) returning id`,
    [customer.id, `${marker}报销`, documents, operatorIds.kf1Colleague]))[0].id;
}

type Approval = { name: string; allowed: DemoRole[]; attempt(c: SupabaseClient): Promise<{ error: unknown }> };

const approvals: Approval[] = [
  {
    name: 'assign a consultation to a handler (派单)',
    allowed: ['clerk', 'manager', 'director'],
    attempt: async (c) => c.rpc('assign_request', { request_id: await requestProbe('咨询')(), handler: operatorIds.clerk }),
  },
  {
    name: 'sign off a complaint for the responsible department (签字认可)',
    allowed: ['manager', 'director'],
    attempt: async (c) => c.rpc('sign_off_request', { request_id: await requestProbe('投诉')() }),
  },
  {
    name: 'approve a clerk’s request to read an own-department file (查阅审批)',
    allowed: ['manager'],
    attempt: async (c) => {
      const [req] = await sql<{ id: string }>(`insert into public.access_requests (customer_id, requester_id, reason) values ($1, $2, $3) returning id`, [sharedCustomer, operatorIds.clerk, marker]);
      return c.rpc('decide_access_request', { request_id: req.id, approve: true });
    },
  },
  {
    name: 'hand a leaving clerk’s customers to a successor (离职交接)',
    allowed: ['manager', 'director'],
    attempt: async (c) => {
      const leaving = await rosterOperator(departmentIds.KF1);
      await sql(`insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4)`, [`${marker}交接${unique()}`, uniquePhone(), departmentIds.KF1, leaving]);
      return c.rpc('hand_over_customers', { from_operator: leaving, to_operator: operatorIds.clerk });
    },
  },
  {
    name: 'reclassify a complaint that names someone (重新定性)',
    allowed: ['director'],
    attempt: async (c) => {
      const id = await requestProbe('投诉')();
      await sql(`update public.service_requests set complaint_category = '员工违纪', accused_operator_id = $2 where id = $1`, [id, operatorIds.kf1Colleague]);
      return c.rpc('reclassify_complaint', { request_id: id, kind: '投诉', complaint_category: '服务质量', reason: `${marker}重新定性` });
    },
  },
  {
    name: 'import a paper register with its receivers and states (历史台账导入)',
    allowed: ['admin'],
    attempt: async (c) => {
      const { data, error } = await c.rpc('import_history', {
        register: 'service_requests',
        rows: [{ key: null, values: { kind: '咨询', caller_name: '矩阵历史', content: `${marker}历史${unique()}`, department_id: departmentIds.KF1, receiver_id: operatorIds.clerk, status: '已结案', resolution: '已答复', closed_at: '2019-01-02T10:00:00+08:00', received_at: '2019-01-02T09:00:00+08:00' } }],
        dry_run: true,
      });
      return { error: error ?? ((data as { applied: number }).applied === 1 ? null : data) };
    },
  },
  {
    name: 'unlock an account locked by wrong passwords (解除锁定)',
    allowed: ['admin'],
    attempt: async (c) => {
      // (a throwaway account: locking a demo user would refuse other test files meanwhile)
      const person = await createThrowawayOperator('clerk');
      await sql(`insert into private.sign_in_failures (user_id, failures, last_failed_at, locked_until) values ($1, 5, now(), now() + interval '1 minute')`, [person.userId]);
      try {
        return await c.rpc('unlock_operator', { operator_id: person.id });
      } finally {
        await person.remove();
      }
    },
  },
  {
    name: 'decide a KF1 clerk’s customer expense claim (费用审批)',
    allowed: ['manager'],
    attempt: async (c) => c.rpc('decide_customer_expense', { claim_id: await colleagueClaim(false), approve: true }),
  },
  {
    name: 'sign for the documents of a KF1 clerk’s travel claim (档案员签字认可)',
    allowed: ['clerk', 'archivist'],
    attempt: async (c) => c.rpc('receive_customer_expense_documents', { claim_id: await colleagueClaim(true) }),
  },
];

describe.each(approvals.map((a) => [a.name, a] as const))('approve: %s', (_, approval) => {
  it.each(roles)('as %s', async (role) => {
    const { error } = await approval.attempt(await client(role));
    expect(error === null, `${role}: ${JSON.stringify(error)}`).toBe(approval.allowed.includes(role));
  });
});

describe('permissions are data', () => {
  // (gm × business_calendar × create is asserted nowhere else, so files running alongside are undisturbed)
  it('an admin who grants a role a permission row changes access on the next request, and revoking takes it back', async () => {
    const gm = await client('gm');
    const day = `20${40 + Math.floor(Math.random() * 50)}-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`;
    const tryAdd = () => gm.from('business_calendar').insert({ day, kind: 'holiday', name: '矩阵假日' });
    expect((await tryAdd()).error?.code).toBe('42501');
    const admin = await client('admin');
    const granted = await admin.from('permissions').insert({ role: 'gm', register: 'business_calendar', action: 'create', scope: 'all', note: marker }).select().single();
    expect(granted.error).toBeNull();
    try {
      expect((await gm.rpc('my_permissions')).data).toContainEqual({ register: 'business_calendar', action: 'create', scope: 'all' });
      expect((await tryAdd()).error).toBeNull();
      await sql('delete from public.business_calendar where day = $1', [day]);
    } finally {
      await admin.from('permissions').delete().eq('id', granted.data.id);
    }
    expect((await tryAdd()).error?.code).toBe('42501');
  });
});
