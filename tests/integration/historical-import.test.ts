// Issue 11 §1 — the one exception to system-owned columns: an administrator imports the centre's
// paper registers (纸质台账) with their own receivers, states and dates; audited as 'import', and
// nobody else may.
import { describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { signInAs, sql } from '../support/stack.ts';

type Report = { applied: number; failed: number; dry_run: boolean; historical: boolean; rows: { ok: boolean; key: string; code?: string; column?: string; message?: string }[] };

const closedComplaint = (content: string) => ({
  key: null,
  values: {
    kind: '投诉', complaint_category: '服务质量', severity: '重大', content, caller_name: '历史来电人',
    department_id: departmentIds.KF1, receiver_id: operatorIds.clerk, handler_id: operatorIds.clerk,
    received_at: '2019-03-01T09:00:00+08:00', status: '已结案', resolution: '已上门处理',
    reply: '已书面答复客户', replied_at: '2019-03-02T10:00:00+08:00',
    signed_off_by: operatorIds.manager, signed_off_at: '2019-03-03T10:00:00+08:00', closed_at: '2019-03-05T16:00:00+08:00',
  },
});

describe("an administrator's import of the paper registers", () => {
  it('keeps the paper record’s first receiver, state and dates, records it as imported under the administrator, and tells no one', async () => {
    const admin = await signInAs('admin');
    const content = unique('2019年纸质投诉');
    const { data, error } = await admin.rpc('import_history', { register: 'service_requests', rows: [closedComplaint(content)] });
    expect(error).toBeNull();
    const report = data as Report;
    expect(report).toMatchObject({ applied: 1, failed: 0, historical: true });
    const [row] = await sql(`select * from public.service_requests where content = $1`, [content]);
    expect(row).toMatchObject({ receiver_id: operatorIds.clerk, receiver_department_id: departmentIds.KF1, status: '已结案', case_year: 2019, signed_off_by: operatorIds.manager });
    expect(new Date(row.received_at).toISOString()).toBe('2019-03-01T01:00:00.000Z');
    // Left empty on paper, the reply deadline is derived from the receipt as for any complaint.
    expect(new Date(row.reply_due).getTime()).toBeGreaterThan(new Date(row.received_at).getTime());
    const audit = await sql(`select action, actor_operator_id, actor_role from public.audit_log where table_name = 'service_requests' and row_id = $1`, [row.id]);
    expect(audit).toEqual([{ action: 'import', actor_operator_id: operatorIds.admin, actor_role: 'authenticated' }]);
    // A major complaint of 2019 sends no escalation to today's director.
    expect(await sql(`select 1 from public.notifications where link_id = $1`, [row.id])).toEqual([]);
  });

  it('keeps an old contact’s staff and does not flag it as recorded late', async () => {
    const [customer] = await sql<{ id: string }>(
      `insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`,
      [unique('历史客户'), uniquePhone(), departmentIds.KF1, operatorIds.clerk]);
    const admin = await signInAs('admin');
    const { data } = await admin.rpc('import_history', {
      register: 'contacts',
      rows: [{ key: null, values: { customer_id: customer.id, staff_id: operatorIds.clerk, kind: '拜访', contact_at: '2020-05-06T10:00:00+08:00', summary: '上门拜访' } }],
    });
    expect((data as Report).applied).toBe(1);
    const [contact] = await sql(`select staff_id, recorded_late from public.contacts where customer_id = $1`, [customer.id]);
    expect(contact).toEqual({ staff_id: operatorIds.clerk, recorded_late: false });
  });

  it('still holds every other rule: a closed record without its resolution is refused, and a dry run writes nothing', async () => {
    const admin = await signInAs('admin');
    const content = unique('无结果');
    const bad = closedComplaint(content);
    delete (bad.values as Record<string, unknown>).resolution;
    const refused = (await admin.rpc('import_history', { register: 'service_requests', rows: [bad] })).data as Report;
    expect(refused).toMatchObject({ applied: 0, failed: 1 });
    expect(refused.rows[0]).toMatchObject({ ok: false, code: '23514' });
    const dryContent = unique('演练');
    const dry = (await admin.rpc('import_history', { register: 'service_requests', rows: [closedComplaint(dryContent)], dry_run: true })).data as Report;
    expect(dry).toMatchObject({ applied: 1, dry_run: true });
    expect(await sql(`select 1 from public.service_requests where content = any ($1)`, [[content, dryContent]])).toEqual([]);
  });

  it('only adds records: a row naming an existing key is refused and nothing is written', async () => {
    const [existing] = await sql<{ id: string; status: string }>(`select id, status from public.service_requests limit 1`);
    const admin = await signInAs('admin');
    const { error, status } = await admin.rpc('import_history', { register: 'service_requests', rows: [{ key: existing.id, values: { status: '已结案' } }] });
    expect(status).toBe(400);
    expect(error?.message).toContain('历史导入只新增记录');
    expect((await sql(`select status from public.service_requests where id = $1`, [existing.id]))[0].status).toBe(existing.status);
  });

  it('is refused to a clerk, a manager and the director, and writes nothing', async () => {
    for (const role of ['clerk', 'manager', 'director'] as const) {
      const content = unique(`越权导入${role}`);
      const { error, status } = await (await signInAs(role)).rpc('import_history', { register: 'service_requests', rows: [closedComplaint(content)] });
      expect(status, role).toBe(403);
      expect(error?.message).toBe('只有系统管理员可以导入历史台账 | Only an administrator imports historical records');
      expect(await sql(`select 1 from public.service_requests where content = $1`, [content])).toEqual([]);
    }
  });

  it('cannot forge the audit log or fill a register the database alone writes, whatever permission row the admin gives himself', async () => {
    await sql(`insert into public.permissions (role, register, action, scope, note) values ('admin', 'audit_log', 'import', 'all', '试图伪造日志')`);
    try {
      const before = await sql(`select count(*)::int as n from public.audit_log where row_id = 'forged'`);
      const { status, error } = await (await signInAs('admin')).rpc('import_history', {
        register: 'audit_log',
        rows: [{ key: null, values: { table_name: 'customers', row_id: 'forged', action: 'insert' } }],
      });
      expect(status).toBe(403);
      expect(error?.message).toContain('不是录入型台账');
      expect(await sql(`select count(*)::int as n from public.audit_log where row_id = 'forged'`)).toEqual(before);
    } finally {
      await sql(`delete from public.permissions where role = 'admin' and register = 'audit_log' and action = 'import'`);
    }
  });

  it('is the admin’s by a permission row: without it, the admin is refused too', async () => {
    await sql(`delete from public.permissions where role = 'admin' and register = 'contacts' and action = 'import'`);
    try {
      const { status } = await (await signInAs('admin')).rpc('import_history', { register: 'contacts', rows: [] });
      expect(status).toBe(403);
    } finally {
      await sql(`insert into public.permissions (role, register, action, scope) values ('admin', 'contacts', 'import', 'all') on conflict do nothing`);
    }
  });
});
