// Access requests 查阅申请: reading a customer file outside one's scope needs an approved,
// unexpired request — from the department manager for one's own department, from the gm for another.
import { afterAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { signInAs, sql } from '../support/stack.ts';

const customers: string[] = [];
afterAll(async () => {
  await sql('delete from public.customers where id = any($1::uuid[])', [customers]);
});

async function customerOf(owner: string, department: string): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`,
    [unique('查阅'), uniquePhone(), department, owner],
  );
  customers.push(row.id);
  return row.id;
}

async function request(role: 'clerk' | 'clerk2', customerId: string) {
  const client = await signInAs(role);
  const { data, error } = await client.from('access_requests').insert({ customer_id: customerId, reason: '核对历史报修记录' }).select().single();
  if (error) throw error;
  return { client, request: data };
}

describe('access requests', () => {
  it('for an own-department customer are approved by the department manager, and only then open the file', async () => {
    const customerId = await customerOf(operatorIds.kf1Colleague, departmentIds.KF1);
    const { client, request: req } = await request('clerk', customerId);
    expect(req).toMatchObject({ status: '待审批', approver_role: 'manager', requester_id: operatorIds.clerk });
    expect((await client.from('customers').select('id').eq('id', customerId)).data).toHaveLength(0);

    const gm = await signInAs('gm');
    expect((await gm.rpc('decide_access_request', { request_id: req.id, approve: true })).error?.code).toBe('42501');
    const manager = await signInAs('manager');
    const decided = await manager.rpc('decide_access_request', { request_id: req.id, approve: true, valid_days: 3 });
    expect(decided.error).toBeNull();
    expect(decided.data).toMatchObject({ status: '已批准', approver_id: operatorIds.manager });

    expect((await client.from('customers').select('id').eq('id', customerId)).data).toHaveLength(1);
    // The request opens this file to the requester, and nothing else.
    const other = await customerOf(operatorIds.kf1Colleague, departmentIds.KF1);
    expect((await client.from('customers').select('id').eq('id', other)).data).toHaveLength(0);
  });

  it('for another department’s customer are approved by the gm, not by a manager', async () => {
    const customerId = await customerOf(operatorIds.kf1Colleague, departmentIds.KF1);
    const { client, request: req } = await request('clerk2', customerId);
    expect(req.approver_role).toBe('gm');
    expect((await (await signInAs('manager')).rpc('decide_access_request', { request_id: req.id, approve: true })).error?.code).toBe('42501');
    expect((await (await signInAs('gm')).rpc('decide_access_request', { request_id: req.id, approve: true })).error).toBeNull();
    expect((await client.from('customers').select('id').eq('id', customerId)).data).toHaveLength(1);
  });

  it('open nothing once expired, and nothing when refused', async () => {
    const customerId = await customerOf(operatorIds.kf1Colleague, departmentIds.KF1);
    const { client, request: req } = await request('clerk', customerId);
    await (await signInAs('manager')).rpc('decide_access_request', { request_id: req.id, approve: true });
    await sql(`update public.access_requests set expires_at = now() - interval '1 minute' where id = $1`, [req.id]);
    expect((await client.from('customers').select('id').eq('id', customerId)).data).toHaveLength(0);

    const second = await request('clerk', customerId);
    await (await signInAs('manager')).rpc('decide_access_request', { request_id: second.request.id, approve: false, note: '无正当理由' });
    expect((await client.from('customers').select('id').eq('id', customerId)).data).toHaveLength(0);
    const again = await (await signInAs('manager')).rpc('decide_access_request', { request_id: second.request.id, approve: true });
    expect(again.error?.message).toContain('已处理');
  });

  it('cannot be approved by writing the row directly', async () => {
    const customerId = await customerOf(operatorIds.kf1Colleague, departmentIds.KF1);
    const { client, request: req } = await request('clerk', customerId);
    const forged = await client.from('access_requests').update({ status: '已批准', expires_at: '2099-01-01T00:00:00Z' }).eq('id', req.id);
    expect(forged.error).not.toBeNull();
    const insertedApproved = await client
      .from('access_requests')
      .insert({ customer_id: customerId, reason: '自己批准自己', status: '已批准', expires_at: '2099-01-01T00:00:00Z', approver_id: operatorIds.clerk })
      .select()
      .single();
    expect(insertedApproved.data?.status).toBe('待审批');
    expect((await client.from('customers').select('id').eq('id', customerId)).data).toHaveLength(0);
  });

  it('need a reason', async () => {
    const customerId = await customerOf(operatorIds.kf1Colleague, departmentIds.KF1);
    const clerk = await signInAs('clerk');
    const { error } = await clerk.from('access_requests').insert({ customer_id: customerId, reason: ' ' });
    expect(error?.message).toContain('access_requests_reason_not_blank');
  });
});
