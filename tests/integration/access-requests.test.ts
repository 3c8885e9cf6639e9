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

describe('access requests reach their approver, and the decision its requester, once each', () => {
  const notices = (recipient: string, requestId: string) =>
    sql<{ kind: string; link_table: string }>(`select kind, link_table from public.notifications where recipient_id = $1 and link_id = $2`, [recipient, requestId]);

  it('tells the department manager of an own-department request, not the gm, and tells the requester the decision', async () => {
    const customerId = await customerOf(operatorIds.kf1Colleague, departmentIds.KF1);
    const { request: req } = await request('clerk', customerId);
    expect(await notices(operatorIds.manager, req.id)).toEqual([{ kind: '查阅申请', link_table: 'access_requests' }]);
    expect(await notices(operatorIds.gm, req.id)).toEqual([]);
    expect(await notices(operatorIds.clerk, req.id)).toEqual([]);
    // The manager opens the linked request.
    const manager = await signInAs('manager');
    expect((await manager.from('access_requests').select('id').eq('id', req.id)).data).toHaveLength(1);

    await manager.rpc('decide_access_request', { request_id: req.id, approve: false, note: '请说明用途' });
    await manager.rpc('decide_access_request', { request_id: req.id, approve: true });
    expect(await notices(operatorIds.clerk, req.id)).toEqual([{ kind: '审批结果', link_table: 'access_requests' }]);
    const [title] = await sql<{ title: string }>(`select title from public.notifications where recipient_id = $1 and link_id = $2`, [operatorIds.clerk, req.id]);
    expect(title.title).toContain('已驳回');
  });

  it('tells the gm of a request for another department’s customer, not that department’s manager', async () => {
    const customerId = await customerOf(operatorIds.kf1Colleague, departmentIds.KF1);
    const { request: req } = await request('clerk2', customerId);
    expect(await notices(operatorIds.gm, req.id)).toEqual([{ kind: '查阅申请', link_table: 'access_requests' }]);
    expect(await notices(operatorIds.manager, req.id)).toEqual([]);
    await (await signInAs('gm')).rpc('decide_access_request', { request_id: req.id, approve: true });
    expect(await notices(operatorIds.clerk2, req.id)).toEqual([{ kind: '审批结果', link_table: 'access_requests' }]);
  });
});
