// Service requests 服务工单: the first receiver is set by the database, the status moves only
// through the workflow, and closing needs a resolution.
import { describe, expect, it } from 'vitest';
import { departmentIds, operatorIds } from '../support/ids.ts';
import { recordRequest } from '../support/requests.ts';
import { signInAs, sql } from '../support/stack.ts';

describe('first receiver 首问责任人', () => {
  it('is whoever records the request: a request recorded in someone else’s name is refused', async () => {
    await expect(recordRequest('clerk', { kind: '报修', receiver_id: operatorIds.clerk2, fault: '漏水' })).rejects.toThrow('42501');
    const { row } = await recordRequest('clerk', { kind: '报修', fault: '漏水' });
    expect(row.receiver_id).toBe(operatorIds.clerk);
    expect(row.status).toBe('受理');
  });

  it('cannot be changed afterwards, not even from the console', async () => {
    const { client, row } = await recordRequest('clerk', { kind: '咨询' });
    // The API may not write the column at all (no column grant); the console meets the trigger.
    const viaApi = await client.from('service_requests').update({ receiver_id: operatorIds.clerk2 }).eq('id', row.id);
    expect(viaApi.error?.code).toBe('42501');
    await expect(sql(`update public.service_requests set receiver_id = $1 where id = $2`, [operatorIds.clerk2, row.id])).rejects.toThrow('首问责任人');
  });
});

describe('status 受理 → 处理中 → 待回访 → 已结案', () => {
  it('cannot be set directly, by the API or the console', async () => {
    const { client, row } = await recordRequest('clerk', { kind: '咨询' });
    const direct = await client.from('service_requests').update({ status: '已结案', resolution: '已答复', closed_at: new Date().toISOString() }).eq('id', row.id);
    expect(direct.error?.code).toBe('42501');
    await expect(sql(`update public.service_requests set status = '处理中' where id = $1`, [row.id])).rejects.toThrow('流程');
    expect(await sql(`select status from public.service_requests where id = $1`, [row.id])).toEqual([{ status: '受理' }]);
  });

  it('moves through assign and resolve; a consultation closes directly, with its resolution', async () => {
    const { client, row } = await recordRequest('clerk', { kind: '咨询' });
    const assigned = await client.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk });
    expect(assigned.data).toMatchObject({ status: '处理中', handler_id: operatorIds.clerk });
    const noResolution = await client.rpc('resolve_request', { request_id: row.id, resolution: ' ' });
    expect(noResolution.error?.message).toContain('处理结果');
    const resolved = await client.rpc('resolve_request', { request_id: row.id, resolution: '已电话答复缴费方式' });
    expect(resolved.data).toMatchObject({ status: '已结案', resolution: '已电话答复缴费方式' });
    expect(resolved.data.closed_at).toBeTruthy();
  });

  it('a resolved repair waits for its return visit instead of closing', async () => {
    const { client, row } = await recordRequest('clerk', { kind: '报修', fault: '入户门锁损坏', warranty: '保内' });
    await client.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk });
    const resolved = await client.rpc('resolve_request', { request_id: row.id, resolution: '更换锁芯' });
    expect(resolved.data).toMatchObject({ status: '待回访', closed_at: null });
  });

  it('only the receiver, the responsible department’s manager or the director may assign', async () => {
    const { row } = await recordRequest('clerk', { kind: '求助' });
    const colleague = await signInAs('clerk2');
    const refused = await colleague.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk2 });
    expect(refused.error).not.toBeNull();
    const manager = await signInAs('manager');
    expect((await manager.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk })).error).toBeNull();
  });

  it('cannot be assigned to someone who has left', async () => {
    const { client, row } = await recordRequest('clerk', { kind: '求助' });
    const [gone] = await sql<{ id: string }>(`insert into public.operators (code, name, department_id, role, active) values ('GONE' || floor(random() * 1e6)::int, '已离职', $1, 'clerk', false) returning id`, [departmentIds.KF1]);
    const refused = await client.rpc('assign_request', { request_id: row.id, handler: gone.id });
    expect(refused.error?.message).toContain('不在岗');
    await sql('delete from public.operators where id = $1', [gone.id]);
  });
});

describe('a department’s shared register', () => {
  it('shows a clerk the consultations of the department, not those of another', async () => {
    const { row } = await recordRequest('clerk', { kind: '咨询' });
    const kf1Colleague = await sql<{ n: number }>(`select count(*)::int as n from public.service_requests where id = $1 and department_id = $2`, [row.id, departmentIds.KF1]);
    expect(kf1Colleague).toEqual([{ n: 1 }]);
    const manager = await signInAs('manager');
    expect((await manager.from('service_requests').select('id').eq('id', row.id)).data).toHaveLength(1);
    const clerk2 = await signInAs('clerk2');
    expect((await clerk2.from('service_requests').select('id').eq('id', row.id)).data).toHaveLength(0);
  });
});

describe('bad input is refused with the field named, and nothing is written', () => {
  it.each([
    ['an unknown kind', { kind: '闲聊' }, 'service_requests_kind_check'],
    ['an unknown channel', { kind: '咨询', channel: '托梦' }, 'service_requests_channel_check'],
    ['a malformed phone', { kind: '咨询', phone: '8888' }, 'service_requests_phone_format'],
    ['a complaint without category and severity', { kind: '投诉' }, 'service_requests_complaint_fields'],
    ['an unknown severity', { kind: '投诉', complaint_category: '服务质量', severity: '天大' }, 'service_requests_severity_check'],
    ['no caller and no customer', { kind: '咨询', caller_name: null }, 'service_requests_who_called'],
    ['missing content', { kind: '咨询', content: null }, 'content'],
  ])('%s', async (_, fields, named) => {
    const marker = `坏数据${Date.now()}${Math.random()}`;
    const clerk = await signInAs('clerk');
    const { error } = await clerk.from('service_requests').insert({ caller_name: '来电人', content: marker, department_id: departmentIds.KF1, ...fields });
    expect(error?.message).toContain(named);
    expect(await sql(`select 1 from public.service_requests where content = $1`, [marker])).toHaveLength(0);
  });
});
