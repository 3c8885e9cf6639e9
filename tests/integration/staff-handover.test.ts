// Leaving staff 人员调离 (issue 12 point 4; seed 000: 负责与客户联系的员工调离公司时……指派其他员工代替
// 调离员工快速与客户建立联系): deactivation hands everything to a caretaker at once, and the handover
// (preview, confirm) moves it on to chosen successors in one transaction, each new holder told.
import type { SupabaseClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { recordRequest } from '../support/requests.ts';
import { createThrowawayOperator, signIn, signInAs, sql } from '../support/stack.ts';

type Held = { leaverId: string; customerId: string; customerCode: string; requestId: string; requestCode: string; visitId: string };
type Preview = {
  leavers: { id: string; name: string; pending: number }[];
  leaver?: { id: string; name: string; active: boolean };
  successors?: { id: string; name: string }[];
  registers?: { register: string; field: string; count: number; items: { title: string; holder: string; in_care: boolean }[] }[];
  problems?: { field: string; code: string; message: string }[];
};

// A throwaway clerk who owns a customer, handles an open request and has a pending visit to make.
async function leaverWithWork(departmentCode: 'KF1' | 'KF2' = 'KF1', role: 'clerk' | 'manager' = 'clerk'): Promise<Held> {
  const person = await createThrowawayOperator(role, departmentCode);
  const department = departmentIds[departmentCode];
  const [customer] = await sql<{ id: string; code: string }>(
    `insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id, code`,
    [unique('交接客户'), uniquePhone(), department, person.id],
  );
  const { client, row } = await recordRequest(departmentCode === 'KF1' ? 'manager' : 'clerk2', {
    kind: '咨询',
    department_id: department,
    // (clerk2, who records the KF2 one, may not read another's customer: that request names none)
    ...(departmentCode === 'KF1' ? { customer_id: customer.id } : {}),
  });
  const assigned = await client.rpc('assign_request', { request_id: row.id, handler: person.id });
  if (assigned.error) throw new Error(`${assigned.error.code}: ${assigned.error.message}`);
  const [visit] = await sql<{ id: string }>(
    `insert into public.return_visits (source, customer_id, planned_on, assigned_visitor_id) values ('例行', $1, current_date + 3, $2) returning id`,
    [customer.id, person.id],
  );
  return { leaverId: person.id, customerId: customer.id, customerCode: customer.code, requestId: row.id, requestCode: row.code, visitId: visit.id };
}

async function holders(held: Held) {
  const [row] = await sql<{ owner: string; handler: string; receiver: string; visitor: string }>(
    `select (select owner_id from public.customers where id = $1) as owner,
            (select handler_id from public.service_requests where id = $2) as handler,
            (select receiver_id from public.service_requests where id = $2) as receiver,
            (select assigned_visitor_id from public.return_visits where id = $3) as visitor`,
    [held.customerId, held.requestId, held.visitId],
  );
  return row;
}

async function deactivate(id: string) {
  const admin = await signInAs('admin');
  const off = await admin.from('operators').update({ active: false }).eq('id', id);
  expect(off.error).toBeNull();
}

const handoverNotes = (recipient: string, leaver: string) =>
  sql<{ title: string; body: string; done_at: string | null; dedupe_key: string }>(
    `select title, body, done_at, dedupe_key from public.notifications
     where recipient_id = $1 and kind = '离职交接' and link_table = 'operators' and link_id = $2 order by created_at`,
    [recipient, leaver],
  );

describe('deactivation hands everything over to a caretaker at once', () => {
  it('a clerk who leaves loses access, and his customers, open requests and pending visits pass to his department manager in the same step', async () => {
    const held = await leaverWithWork('KF1');
    const [{ user_id: userId }] = await sql<{ user_id: string }>('select user_id from public.operators where id = $1', [held.leaverId]);
    const [{ email }] = await sql<{ email: string }>('select email from auth.users where id = $1', [userId]);
    const leaverClient = await signIn(email);

    await deactivate(held.leaverId);

    // Access is gone on the next request, token or not.
    expect((await leaverClient.from('customers').select('id')).data).toEqual([]);
    const now = await holders(held);
    expect(now.owner).toBe(operatorIds.manager);
    expect(now.handler).toBe(operatorIds.manager);
    expect(now.visitor).toBe(operatorIds.manager);
    // 首问责任人 is history: the first receiver stays.
    expect(now.receiver).toBe(operatorIds.manager);
    const left = await sql(
      `select 1 from public.customers where owner_id = $1
       union all select 1 from public.service_requests where handler_id = $1 and status in ('受理', '处理中')
       union all select 1 from public.return_visits where done_at is null and $1 in (visitor_id, assigned_visitor_id)`,
      [held.leaverId],
    );
    expect(left).toEqual([]);
  });

  it('each moved record is in the audit log under the administrator, and the customer move is recorded as 离职交接', async () => {
    const held = await leaverWithWork('KF1');
    await deactivate(held.leaverId);
    const audit = await sql<{ table_name: string; actor_operator_id: string }>(
      `select table_name, actor_operator_id from public.audit_log
       where action = 'update' and row_id = any($1::text[]) and (after ->> 'owner_id' = $2 or after ->> 'handler_id' = $2 or after ->> 'assigned_visitor_id' = $2)
       order by table_name`,
      [[held.customerId, held.requestId, held.visitId], operatorIds.manager],
    );
    expect(audit.map((a) => a.table_name)).toEqual(['customers', 'return_visits', 'service_requests']);
    expect(new Set(audit.map((a) => a.actor_operator_id))).toEqual(new Set([operatorIds.admin]));
    const allocations = await sql<{ method: string; operator_id: string; previous_operator_id: string }>(
      'select method, operator_id, previous_operator_id from public.customer_allocations where customer_id = $1 and method = $2',
      [held.customerId, '离职交接'],
    );
    expect(allocations).toEqual([{ method: '离职交接', operator_id: operatorIds.manager, previous_operator_id: held.leaverId }]);
  });

  it('the manager gets one handover to-do linking to the leaver’s staff row, with what he now keeps', async () => {
    const held = await leaverWithWork('KF1');
    await deactivate(held.leaverId);
    const notes = await handoverNotes(operatorIds.manager, held.leaverId);
    expect(notes).toHaveLength(1);
    expect(notes[0].title).toContain('已调离');
    expect(notes[0].body).toContain('客户 1 个、工单 1 张、回访 1 条');
    // The manager reads it (it is his), linked to the staff row he may read.
    const manager = await signInAs('manager');
    const mine = await manager.from('notifications').select('link_table, link_id').eq('link_id', held.leaverId).eq('kind', '离职交接');
    expect(mine.data).toEqual([{ link_table: 'operators', link_id: held.leaverId }]);
  });

  it('when the leaver is the department’s manager (none other in the department), the director takes care', async () => {
    const held = await leaverWithWork('KF2', 'manager');
    await deactivate(held.leaverId);
    const now = await holders(held);
    expect([now.owner, now.handler, now.visitor]).toEqual([operatorIds.director, operatorIds.director, operatorIds.director]);
    expect(await handoverNotes(operatorIds.director, held.leaverId)).toHaveLength(1);
  });

  it('a sampling visit assigned to the leaver goes to another visitor outside the sampled department, by the sampling rule', async () => {
    const visitor = await createThrowawayOperator('manager', 'KF2');
    const { row } = await recordRequest('manager', { kind: '报修', content: '水管漏水' });
    const [visit] = await sql<{ id: string }>(
      `insert into public.return_visits (source, planned_on, sampled_request_id, assigned_visitor_id) values ('抽查', current_date + 5, $1, $2) returning id`,
      [row.id, visitor.id],
    );
    await deactivate(visitor.id);
    const [now] = await sql<{ assigned_visitor_id: string }>('select assigned_visitor_id from public.return_visits where id = $1', [visit.id]);
    // The director is outside 客服一部, the repair's department; the KF1 manager would be recused.
    expect(now.assigned_visitor_id).toBe(operatorIds.director);
  });

  it('a key customer’s second contact who leaves is replaced, never left inactive', async () => {
    const person = await createThrowawayOperator('clerk', 'KF1');
    const [card] = await sql<{ id: string }>(
      `insert into public.customers (name, phone, department_id, owner_id, category, second_owner_id) values ($1, $2, $3, $4, '重点客户', $5) returning id`,
      [unique('重点客户'), uniquePhone(), departmentIds.KF1, operatorIds.clerk, person.id],
    );
    await deactivate(person.id);
    const [now] = await sql<{ owner_id: string; second_owner_id: string | null }>('select owner_id, second_owner_id from public.customers where id = $1', [card.id]);
    expect(now.owner_id).toBe(operatorIds.clerk);
    expect(now.second_owner_id).not.toBe(person.id);
  });

  it('a complaint that names the manager goes to the director instead, so the recusal holds', async () => {
    const person = await createThrowawayOperator('clerk', 'KF1');
    const { client, row } = await recordRequest('director', {
      kind: '投诉', complaint_category: '服务质量', severity: '一般', accused_operator_id: operatorIds.manager, content: '投诉部门经理',
    });
    const assigned = await client.rpc('assign_request', { request_id: row.id, handler: person.id });
    expect(assigned.error).toBeNull();
    await deactivate(person.id);
    const [now] = await sql<{ handler_id: string }>('select handler_id from public.service_requests where id = $1', [row.id]);
    expect(now.handler_id).toBe(operatorIds.director);
  });
});

describe('the handover screen’s RPCs: preview and confirm', () => {
  it('the preview lists, per register, what the leaver held and who keeps it now', async () => {
    const held = await leaverWithWork('KF1');
    await deactivate(held.leaverId);
    const manager = await signInAs('manager');
    const { data, error } = await manager.rpc('preview_staff_handover', { leaver: held.leaverId, successor: operatorIds.clerk });
    expect(error).toBeNull();
    const preview = data as Preview;
    expect(preview.leaver?.active).toBe(false);
    expect(preview.leavers.find((l) => l.id === held.leaverId)?.pending).toBe(3);
    expect(preview.registers?.map((r) => [r.register, r.count])).toEqual([['customers', 1], ['service_requests', 1], ['return_visits', 1]]);
    expect(preview.registers?.[0].items[0]).toMatchObject({ holder: '陈刚', in_care: true });
    expect(preview.registers?.[0].items[0].title).toContain(held.customerCode);
    expect(preview.registers?.[1].items[0].title).toBe(held.requestCode);
    expect(preview.problems).toEqual([]);
    // Successors offered: active people of the leaver's department and the director, never the leaver.
    const offered = preview.successors?.map((s) => s.id) ?? [];
    expect(offered).toEqual(expect.arrayContaining([operatorIds.clerk, operatorIds.manager, operatorIds.director]));
    expect(offered).not.toContain(held.leaverId);
    expect(offered).not.toContain(operatorIds.clerk2);
  });

  it('confirming moves everything to the successors in one step, the customer recorded as 离职交接, each successor told once, the caretaker’s to-do done', async () => {
    const held = await leaverWithWork('KF1');
    await deactivate(held.leaverId);
    const manager = await signInAs('manager');
    const [{ t: started }] = await sql<{ t: string }>('select clock_timestamp()::text as t');
    const { data, error } = await manager.rpc('confirm_staff_handover', {
      leaver: held.leaverId, successor: operatorIds.clerk, visits_successor: operatorIds.kf1Colleague,
    });
    expect(error).toBeNull();
    expect(data).toEqual({ customers: 1, service_requests: 1, return_visits: 1 });
    const now = await holders(held);
    expect([now.owner, now.handler, now.visitor]).toEqual([operatorIds.clerk, operatorIds.clerk, operatorIds.kf1Colleague]);
    expect(now.receiver).toBe(operatorIds.manager);
    const allocations = await sql<{ operator_id: string; previous_operator_id: string }>(
      `select operator_id, previous_operator_id from public.customer_allocations where customer_id = $1 and method = '离职交接' order by assigned_at`,
      [held.customerId],
    );
    expect(allocations.at(-1)).toEqual({ operator_id: operatorIds.clerk, previous_operator_id: operatorIds.manager });
    const told = await handoverNotes(operatorIds.clerk, held.leaverId);
    expect(told).toHaveLength(1);
    expect(told[0].title).toContain('客户 1 个、工单 1 张、回访 0 条');
    expect(told[0].body).toContain(held.customerCode);
    expect(await handoverNotes(operatorIds.kf1Colleague, held.leaverId)).toHaveLength(1);
    expect((await handoverNotes(operatorIds.manager, held.leaverId))[0].done_at).not.toBeNull();
    const audit = await sql<{ table_name: string; actor_operator_id: string }>(
      `select table_name, actor_operator_id from public.audit_log
       where action = 'update' and row_id = any($1::text[]) and actor_operator_id = $2 and at >= $3::timestamptz order by table_name`,
      [[held.customerId, held.requestId, held.visitId], operatorIds.manager, started],
    );
    expect(audit.map((a) => a.table_name)).toEqual(['customers', 'return_visits', 'service_requests']);
    // Nothing is left to hand over: a second confirm is refused.
    const again = await manager.rpc('confirm_staff_handover', { leaver: held.leaverId, successor: operatorIds.clerk });
    expect(again.error?.code).toBe('PT409');
  });

  it('a handover made before the person leaves moves his own customers through hand_over_customers', async () => {
    const held = await leaverWithWork('KF1');
    const director = await signInAs('director');
    const { error } = await director.rpc('confirm_staff_handover', { leaver: held.leaverId, successor: operatorIds.clerk });
    expect(error).toBeNull();
    const now = await holders(held);
    expect([now.owner, now.handler, now.visitor]).toEqual([operatorIds.clerk, operatorIds.clerk, operatorIds.clerk]);
    const allocations = await sql<{ previous_operator_id: string; reason: string }>(
      `select previous_operator_id, reason from public.customer_allocations where customer_id = $1 and method = '离职交接'`,
      [held.customerId],
    );
    expect(allocations).toEqual([{ previous_operator_id: held.leaverId, reason: '离职交接' }]);
  });

  it('the administrator, who deactivates staff, may hand over what is in care', async () => {
    const held = await leaverWithWork('KF1');
    await deactivate(held.leaverId);
    const admin = await signInAs('admin');
    const { error } = await admin.rpc('confirm_staff_handover', { leaver: held.leaverId, successor: operatorIds.clerk });
    expect(error).toBeNull();
    expect((await holders(held)).owner).toBe(operatorIds.clerk);
  });
});

describe('handover refusals: nothing moves', () => {
  async function refused(client: SupabaseClient, held: Held, args: Record<string, unknown>, code: string, message: string, hint?: string) {
    const before = await holders(held);
    const { error } = await client.rpc('confirm_staff_handover', { leaver: held.leaverId, ...args });
    expect(error?.code).toBe(code);
    expect(error?.message).toContain(message);
    if (hint) expect(error?.hint).toBe(hint);
    expect(await holders(held)).toEqual(before);
  }

  it('a clerk may neither preview nor confirm a handover', async () => {
    const held = await leaverWithWork('KF1');
    await deactivate(held.leaverId);
    const clerk = await signInAs('clerk');
    const preview = await clerk.rpc('preview_staff_handover', { leaver: held.leaverId });
    expect(preview.error?.code).toBe('42501');
    expect(preview.error?.message).toContain('无权办理离职交接');
    await refused(clerk, held, { successor: operatorIds.clerk }, '42501', '无权办理离职交接');
  });

  it('another department’s manager may not hand over a KF1 leaver', async () => {
    const held = await leaverWithWork('KF1');
    await deactivate(held.leaverId);
    const other = await createThrowawayOperator('manager', 'KF2');
    try {
      await refused(await other.client(), held, { successor: operatorIds.clerk }, '42501', '需要其所在部门的经理', 'leaver');
    } finally {
      await other.remove();
    }
  });

  it('a successor from another department is refused at the field (the director may take anything over)', async () => {
    const held = await leaverWithWork('KF1');
    await deactivate(held.leaverId);
    const manager = await signInAs('manager');
    await refused(manager, held, { successor: operatorIds.clerk, customers_successor: operatorIds.clerk2 }, '22023', '接收人须是调离人员本部门的在岗人员或客服中心主任', 'customers_successor');
    const preview = (await manager.rpc('preview_staff_handover', { leaver: held.leaverId, successor: operatorIds.clerk2 })).data as Preview;
    expect(preview.problems?.map((p) => p.field)).toEqual(['successor', 'successor', 'successor']);
  });

  it('an inactive successor, the leaver himself, or no successor at all is refused', async () => {
    const held = await leaverWithWork('KF1');
    const gone = await createThrowawayOperator('clerk', 'KF1');
    await deactivate(gone.id);
    await deactivate(held.leaverId);
    const manager = await signInAs('manager');
    await refused(manager, held, { successor: gone.id }, '23514', '已不在岗', 'successor');
    await refused(manager, held, { successor: held.leaverId }, '22023', '接收人不能是调离人员本人', 'successor');
    await refused(manager, held, { customers_successor: operatorIds.clerk }, '23502', '请选择接收工单的人', 'requests_successor');
  });

  it('the person a complaint names cannot take it over (回避)', async () => {
    const person = await createThrowawayOperator('clerk', 'KF1');
    const { client, row } = await recordRequest('manager', {
      kind: '投诉', complaint_category: '服务质量', severity: '一般', accused_operator_id: operatorIds.clerk, content: '投诉王小明',
    });
    expect((await client.rpc('assign_request', { request_id: row.id, handler: person.id })).error).toBeNull();
    const manager = await signInAs('manager');
    const { error } = await manager.rpc('confirm_staff_handover', { leaver: person.id, successor: operatorIds.clerk });
    expect(error?.code).toBe('42501');
    expect(error?.message).toContain('回避');
    expect(error?.hint).toBe('successor');
    const [now] = await sql<{ handler_id: string }>('select handler_id from public.service_requests where id = $1', [row.id]);
    expect(now.handler_id).toBe(person.id);
  });

  it('nobody hands over his own work, and a leaver with nothing left is refused', async () => {
    const manager = await signInAs('manager');
    const self = await manager.rpc('confirm_staff_handover', { leaver: operatorIds.manager, successor: operatorIds.clerk });
    expect(self.error?.code).toBe('42501');
    expect(self.error?.message).toContain('不能办理自己的交接');
    const idle = await createThrowawayOperator('clerk', 'KF1');
    const none = await manager.rpc('confirm_staff_handover', { leaver: idle.id, successor: operatorIds.clerk });
    expect(none.error?.code).toBe('PT409');
    await idle.remove();
  });

  it('the administrator cannot move a still-active person’s own customers: that stays the manager’s or director’s (hand_over_customers)', async () => {
    const held = await leaverWithWork('KF1');
    const admin = await signInAs('admin');
    await refused(admin, held, { successor: operatorIds.clerk }, '42501', '无权办理客户交接');
  });
});
