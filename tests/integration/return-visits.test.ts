// Return visits 回访: every resolved repair and complaint gets exactly one pending visit; a
// satisfied visit closes the request, an unsatisfied one reopens it and the date agreed with the
// customer is the next visit's; the report is due next day; the reminder of a due visit reaches
// the first receiver and the handler.
import { describe, expect, it } from 'vitest';
import { operatorIds } from '../support/ids.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { signInAs, sql, stackEnv } from '../support/stack.ts';

async function runJob(name: string, asOf: string): Promise<{ rows_affected: number; error: string | null }> {
  const response = await fetch(`${stackEnv().API_URL}/functions/v1/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stackEnv().SERVICE_ROLE_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ as_of: asOf, trigger: 'manual' }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { run: { rows_affected: number; error: string | null } }).run;
}

async function resolvedRepair() {
  const { client, row } = await recordRequest('clerk', { kind: '报修', fault: '卫生间漏水', location: '卫生间' });
  await client.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk });
  await client.rpc('resolve_request', { request_id: row.id, resolution: '更换防水层' });
  const [visit] = await sql<{ id: string; done_at: Date | null }>(`select id, done_at from public.return_visits where request_id = $1`, [row.id]);
  return { client, request: row, visitId: visit.id };
}

describe('return visits', () => {
  it('a resolved repair and a resolved complaint each get exactly one pending return visit', async () => {
    const { request } = await resolvedRepair();
    expect(await sql(`select source, done_at from public.return_visits where request_id = $1`, [request.id])).toEqual([{ source: '报修', done_at: null }]);
    const { client, row } = await recordRequest('clerk', complaint());
    await client.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk });
    await client.rpc('resolve_request', { request_id: row.id, resolution: '已致歉并整改' });
    expect(await sql(`select source from public.return_visits where request_id = $1 and done_at is null`, [row.id])).toEqual([{ source: '投诉' }]);
  });

  it('a second pending visit for the same request is refused', async () => {
    const { request } = await resolvedRepair();
    await expect(sql(`insert into public.return_visits (source, request_id) values ('报修', $1)`, [request.id])).rejects.toThrow('return_visits_one_pending_per_request');
  });

  it('a satisfied visit closes the request; the report is due the day after', async () => {
    const { client, request, visitId } = await resolvedRepair();
    const done = await client.rpc('record_return_visit', { visit_id: visitId, method: '电话', content: '询问维修效果', satisfaction: '满意' });
    expect(done.error).toBeNull();
    const doneDay = new Date(new Date(done.data.done_at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const nextDay = new Date(new Date(`${doneDay}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
    expect(done.data.report_due).toBe(nextDay);
    expect(await sql(`select status from public.service_requests where id = $1`, [request.id])).toEqual([{ status: '已结案' }]);
  });

  it('an unsatisfied visit needs a next visit date and reopens the request; resolving again creates the next visit', async () => {
    const { client, request, visitId } = await resolvedRepair();
    const noDate = await client.rpc('record_return_visit', { visit_id: visitId, method: '电话', content: '回访', satisfaction: '不满意' });
    expect(noDate.error?.message).toContain('下次回访日期');
    const nextOn = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const unsatisfied = await client.rpc('record_return_visit', { visit_id: visitId, method: '上门', content: '回访', satisfaction: '不满意', opinions: '仍然漏水', next_visit_on: nextOn });
    expect(unsatisfied.error).toBeNull();
    expect(await sql(`select status, reopened_count from public.service_requests where id = $1`, [request.id])).toEqual([{ status: '处理中', reopened_count: 1 }]);
    await client.rpc('resolve_request', { request_id: request.id, resolution: '重新做防水' });
    expect(await sql(`select count(*)::int as n from public.return_visits where request_id = $1 and done_at is null`, [request.id])).toEqual([{ n: 1 }]);
  });

  it('the next visit is planned for the date agreed with a dissatisfied customer, not the next working day', async () => {
    const { client, request, visitId } = await resolvedRepair();
    const agreed = new Date(Date.now() + 12 * 86_400_000).toISOString().slice(0, 10);
    const unsatisfied = await client.rpc('record_return_visit', { visit_id: visitId, method: '电话', content: '回访', satisfaction: '不满意', opinions: '仍然漏水', next_visit_on: agreed });
    expect(unsatisfied.error).toBeNull();
    const again = await client.rpc('resolve_request', { request_id: request.id, resolution: '重新做防水' });
    expect(again.error).toBeNull();
    expect(await sql(`select planned_on::text from public.return_visits where request_id = $1 and done_at is null`, [request.id])).toEqual([{ planned_on: agreed }]);
  });

  it('the reminder of a due visit reaches the first receiver and the handler, once each, opening the visit', async () => {
    // Received by 王小明 (the first receiver), handled by his colleague 赵丽.
    const { client, row } = await recordRequest('clerk', { kind: '报修', fault: '暖气不热', location: '客厅' });
    expect((await client.rpc('assign_request', { request_id: row.id, handler: operatorIds.kf1Colleague })).error).toBeNull();
    expect((await client.rpc('resolve_request', { request_id: row.id, resolution: '已排气' })).error).toBeNull();
    // (planned on a day long past, so that the job run as of that day finds it due)
    const [visit] = await sql<{ id: string }>(`update public.return_visits set planned_on = '2018-09-03' where request_id = $1 and done_at is null returning id`, [row.id]);
    expect((await runJob('return-visit-tasks', '2018-09-03T07:30:00+08:00')).error).toBeNull();
    const reminders = () =>
      sql(`select recipient_id, kind, link_table from public.notifications where link_id = $1 order by recipient_id`, [visit.id]);
    expect(await reminders()).toEqual(
      [operatorIds.clerk, operatorIds.kf1Colleague].sort().map((recipient_id) => ({ recipient_id, kind: '回访任务', link_table: 'return_visits' })),
    );
    await runJob('return-visit-tasks', '2018-09-04T07:30:00+08:00');
    expect(await reminders()).toHaveLength(2);
  });

  it('cannot be recorded twice', async () => {
    const { client, visitId } = await resolvedRepair();
    await client.rpc('record_return_visit', { visit_id: visitId, method: '电话', content: '回访', satisfaction: '基本满意' });
    const again = await client.rpc('record_return_visit', { visit_id: visitId, method: '电话', content: '回访', satisfaction: '满意' });
    expect(again.error?.message).toContain('已于');
  });

  it('are not made by the person a complaint names', async () => {
    const { client, row } = await recordRequest('clerk', complaint({ complaint_category: '员工违纪', accused_operator_id: operatorIds.manager }));
    await client.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk });
    await client.rpc('resolve_request', { request_id: row.id, resolution: '已处理' });
    const [visit] = await sql<{ id: string }>(`select id from public.return_visits where request_id = $1`, [row.id]);
    const manager = await signInAs('manager');
    const refused = await manager.rpc('record_return_visit', { visit_id: visit.id, method: '电话', content: '回访', satisfaction: '满意' });
    expect(refused.error).not.toBeNull();
  });

  it('refuse an unknown satisfaction level', async () => {
    const { client, visitId } = await resolvedRepair();
    const { error } = await client.rpc('record_return_visit', { visit_id: visitId, method: '电话', content: '回访', satisfaction: '还行' });
    expect(error?.message).toContain('return_visits_satisfaction_check');
  });
});

describe('people are told, once', () => {
  it('tells the handler a request was assigned to him, once, with a link to it', async () => {
    const { client, row } = await recordRequest('manager', { kind: '报修', fault: '门锁损坏', location: '入户门' });
    const assigned = await client.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk });
    expect(assigned.error).toBeNull();
    const told = await sql(`select kind, link_table from public.notifications where recipient_id = $1 and link_id = $2`, [operatorIds.clerk, row.id]);
    expect(told).toEqual([{ kind: '派单', link_table: 'service_requests' }]);
    // Assigning oneself tells no one.
    const { client: clerk, row: own } = await recordRequest('clerk', { kind: '咨询' });
    await clerk.rpc('assign_request', { request_id: own.id, handler: operatorIds.clerk });
    expect(await sql(`select 1 from public.notifications where link_id = $1`, [own.id])).toEqual([]);
  });

  it('tells the first receiver when the handler sends a request back, with the reason', async () => {
    const { client, row } = await recordRequest('clerk', { kind: '报修', fault: '灯不亮', location: '走廊' });
    await client.rpc('assign_request', { request_id: row.id, handler: operatorIds.manager });
    const back = await (await signInAs('manager')).rpc('send_back_request', { request_id: row.id, reason: '不属于本部门维修范围' });
    expect(back.error).toBeNull();
    expect(await sql(`select kind, body from public.notifications where recipient_id = $1 and link_id = $2`, [operatorIds.clerk, row.id]))
      .toEqual([{ kind: '工单退回', body: '不属于本部门维修范围' }]);
  });
});

describe('a return visit within a week of the event (回访监督制度)', () => {
  it('is due 7 days after the resolution, and past that the department manager is told once', async () => {
    const { visitId } = await resolvedRepair();
    const [{ due_on: dueOn, planned_on: plannedOn }] = await sql<{ due_on: string; planned_on: string }>(
      `select due_on::text, planned_on::text from public.return_visits where id = $1`, [visitId]);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(dueOn).toBe(new Date(new Date(`${today}T00:00:00Z`).getTime() + 7 * 86_400_000).toISOString().slice(0, 10));
    expect(plannedOn <= dueOn).toBe(true);
    const clerk = await signInAs('clerk');
    const typed = await clerk.from('return_visits').update({ due_on: '2099-01-01' }).eq('id', visitId).select();
    expect(typed.status).toBe(403);

    // A week later (the job runs at the present, so the week is moved back as the database owner).
    await sql(`update public.return_visits set due_on = current_date - 1, planned_on = current_date - 3 where id = $1`, [visitId]);
    await runJob('return-visit-tasks', new Date().toISOString());
    await runJob('return-visit-tasks', new Date().toISOString());
    const overdue = await sql(`select recipient_id from public.notifications where link_id = $1 and dedupe_key = $2`, [visitId, `return-visit-overdue:${visitId}`]);
    expect(overdue).toEqual([{ recipient_id: operatorIds.manager }]);
  });
});
