// Quarterly sampling 季度抽查: 20% of last quarter's repairs get a second visit, each assigned to a
// visitor outside the work checked (a director outside the repair's departments, else a manager of
// another department), who is told once together with the director. The repair's handler and
// his department cannot record, fill in or remove the sampling visit, by any path.
import { describe, expect, it } from 'vitest';
import { departmentIds, operatorIds } from '../support/ids.ts';
import { recordRequest } from '../support/requests.ts';
import { createThrowawayOperator, signInAs, sql, stackEnv } from '../support/stack.ts';

/** 客服中心, the director's department (seeds/01_demo_accounts.sql). */
const KFZX = '00000000-0000-4000-a000-000000000004';

type Visit = { id: string; done_at: Date | null; visitor_id: string | null; satisfaction: string | null; content: string | null; assigned_visitor_id: string | null; department_id: string };

async function runSampling(asOf: string): Promise<{ rows_affected: number; error: string | null }> {
  const response = await fetch(`${stackEnv().API_URL}/functions/v1/quarterly-sampling`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stackEnv().SERVICE_ROLE_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ as_of: asOf, trigger: 'manual' }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { run: { rows_affected: number; error: string | null } }).run;
}

// A quarter (2008–2015: scheduled-jobs.test.ts samples 2000–2007, other tests use later years)
// that no run has sampled and no repair was received in, so that the one repair a test puts
// there is the one picked (ceil(20% of 1) = 1).
async function freeQuarter(): Promise<{ quarter: string; next: string }> {
  const [row] = await sql<{ quarter: string; next: string }>(
    `select q::text as quarter, (q + interval '3 months')::date::text as next
     from generate_series(date '2008-01-01', date '2015-10-01', interval '3 months') g, lateral (select g::date as q) d
     where not exists (select 1 from public.sampling_picks where quarter_start = q)
       and not exists (select 1 from public.service_requests r where r.kind = '报修'
                       and r.received_at >= q::timestamp at time zone 'Asia/Shanghai'
                       and r.received_at < (q + interval '3 months')::timestamp at time zone 'Asia/Shanghai')
     order by random() limit 1`,
  );
  return row;
}

const visitRow = async (id: string) =>
  (await sql<Visit>(`select id, done_at, visitor_id, satisfaction, content, assigned_visitor_id, department_id from public.return_visits where id = $1`, [id]))[0];

/** A repair of 客服一部 received and handled by the clerk 王小明, picked by the sampling of its quarter. */
async function sampledRepair() {
  const { quarter, next } = await freeQuarter();
  const { client, row } = await recordRequest('clerk', { kind: '报修', fault: '抽查测试：卫生间漏水', location: '卫生间', received_at: `${quarter}T09:00:00+08:00` });
  await client.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk });
  await client.rpc('resolve_request', { request_id: row.id, resolution: '更换防水层' });
  const run = await runSampling(`${next}T08:00:00+08:00`);
  expect(run.error).toBeNull();
  const [pick] = await sql<{ return_visit_id: string }>(`select return_visit_id from public.sampling_picks where quarter_start = $1::date and request_id = $2`, [quarter, row.id]);
  return { request: row, visit: await visitRow(pick.return_visit_id), next, run };
}

const notices = (visitId: string) =>
  sql<{ recipient_id: string; kind: string; link_table: string; n: number }>(
    `select recipient_id, kind, link_table, count(*)::int as n from public.notifications where link_id = $1 group by 1, 2, 3 order by 1`,
    [visitId],
  );

const sampleVisit = { method: '电话', content: '抽查回访：询问维修效果', satisfaction: '满意' };

describe('quarterly sampling', () => {
  it('assigns each picked repair to a visitor outside its department, and tells that visitor and the director once, each notice opening the visit', async () => {
    const { visit, next } = await sampledRepair();
    expect(visit.assigned_visitor_id).not.toBeNull();
    const [visitor] = await sql<{ department_id: string; role: string; active: boolean }>(`select department_id, role, active from public.operators where id = $1`, [visit.assigned_visitor_id]);
    expect(visitor.active).toBe(true);
    expect(visitor.department_id).not.toBe(departmentIds.KF1);
    expect(visit.assigned_visitor_id).not.toBe(operatorIds.clerk);
    expect(visit.department_id).toBe(departmentIds.KF1);
    const told = await notices(visit.id);
    expect(told.map((t) => t.recipient_id)).toEqual(expect.arrayContaining([operatorIds.director, visit.assigned_visitor_id]));
    expect(told.every((t) => t.kind === '抽查回访' && t.link_table === 'return_visits' && t.n === 1)).toBe(true);
    // However often the job runs, nobody is told twice and nothing more is picked.
    expect((await runSampling(`${next}T09:00:00+08:00`)).rows_affected).toBe(0);
    expect(await notices(visit.id)).toEqual(told);
  });

  it('the clerk who did the repair cannot record the quality-check visit of his own work', async () => {
    const { visit } = await sampledRepair();
    const refused = await (await signInAs('clerk')).rpc('record_return_visit', { visit_id: visit.id, ...sampleVisit });
    expect(refused.error?.code).toBe('42501');
    expect(refused.error?.message).toContain('回避：抽查回访不能由原处理人或被抽查部门的人员登记');
    expect(await visitRow(visit.id)).toEqual(visit);
    // The screen offers him no Record visit button on it; the director gets one.
    const offered = async (role: 'clerk' | 'director') =>
      ((await (await signInAs(role)).rpc('row_rights', { register: 'return_visits', keys: [visit.id] })).data as { moves: string[] }[])[0].moves;
    expect(await offered('clerk')).not.toContain('record_visit');
    expect(await offered('director')).toContain('record_visit');
  });

  it('nobody of the sampled department records the sampling visit, its manager neither', async () => {
    const { visit } = await sampledRepair();
    const refused = await (await signInAs('manager')).rpc('record_return_visit', { visit_id: visit.id, ...sampleVisit });
    expect(refused.error?.code).toBe('42501');
    expect(refused.error?.message).toContain('被抽查部门');
    expect(await visitRow(visit.id)).toEqual(visit);
  });

  it('the sampled department can neither fill in the sampling visit by editing it nor delete it', async () => {
    const { visit } = await sampledRepair();
    const clerk = await signInAs('clerk');
    const edited = await clerk.from('return_visits').update({ method: '电话', content: '客户很满意', satisfaction: '满意' }).eq('id', visit.id).select();
    expect(edited.error?.code).toBe('42501');
    expect(edited.error?.message).toContain('回避：抽查回访不能由原处理人或被抽查部门的人员填写或修改');
    const stamped = await clerk.from('return_visits').update({ done_at: new Date().toISOString(), visitor_id: operatorIds.clerk }).eq('id', visit.id).select();
    expect(stamped.error?.code).toBe('42501');
    await (await signInAs('manager')).from('return_visits').delete().eq('id', visit.id);
    expect(await visitRow(visit.id)).toEqual(visit);
  });

  it('a clerk of another department who was not assigned the visit cannot record it', async () => {
    const { visit } = await sampledRepair();
    const refused = await (await signInAs('clerk2')).rpc('record_return_visit', { visit_id: visit.id, ...sampleVisit });
    expect(refused.error?.code).toBe('42501');
    expect(refused.error?.message).toContain('抽查回访须由指定回访人或客服中心主任登记');
    expect(await visitRow(visit.id)).toEqual(visit);
  });

  it('nobody names the visitor: the assigned visitor is set by the sampling rule alone', async () => {
    const { visit } = await sampledRepair();
    const renamed = await (await signInAs('director')).from('return_visits').update({ assigned_visitor_id: operatorIds.clerk2 }).eq('id', visit.id).select();
    expect(renamed.error?.code).toBe('42501');
    expect(renamed.error?.message).toContain('指定回访人');
    expect(await visitRow(visit.id)).toEqual(visit);
  });

  it('the director records a sampling visit, and so does a manager of another department assigned to one', async () => {
    const first = await sampledRepair();
    const byDirector = await (await signInAs('director')).rpc('record_return_visit', { visit_id: first.visit.id, ...sampleVisit });
    expect(byDirector.error).toBeNull();
    expect(byDirector.data).toMatchObject({ visitor_id: operatorIds.director, satisfaction: '满意' });

    const second = await sampledRepair();
    const outsider = await createThrowawayOperator('manager', 'KF2');
    try {
      // (as a console edit would: the assignment is otherwise the sampling rule's alone)
      await sql(`update public.return_visits set assigned_visitor_id = $2 where id = $1`, [second.visit.id, outsider.id]);
      const client = await outsider.client();
      const { data: readable } = await client.from('return_visits').select('id').eq('id', second.visit.id);
      expect(readable).toEqual([{ id: second.visit.id }]);
      const recorded = await client.rpc('record_return_visit', { visit_id: second.visit.id, ...sampleVisit });
      expect(recorded.error).toBeNull();
      expect(recorded.data).toMatchObject({ visitor_id: outsider.id });
    } finally {
      await sql(`update public.return_visits set assigned_visitor_id = null, visitor_id = $2 where id = $1`, [second.visit.id, operatorIds.director]);
      await outsider.remove();
    }
  });

  it('a repair of the director\'s own department is checked by someone outside it, and the director cannot record it', async () => {
    const { quarter, next } = await freeQuarter();
    const [repair] = await sql<{ id: string }>(
      `insert into public.service_requests (kind, caller_name, content, department_id, receiver_id, received_at, fault)
       values ('报修', '抽查测试', '客服中心的报修', $1, $2, ($3::date + time '09:00') at time zone 'Asia/Shanghai', '漏水') returning id`,
      [KFZX, operatorIds.director, quarter],
    );
    expect((await runSampling(`${next}T08:00:00+08:00`)).error).toBeNull();
    const [pick] = await sql<{ return_visit_id: string }>(`select return_visit_id from public.sampling_picks where request_id = $1`, [repair.id]);
    const visit = await visitRow(pick.return_visit_id);
    const [visitor] = await sql<{ department_id: string }>(`select department_id from public.operators where id = $1`, [visit.assigned_visitor_id]);
    expect(visitor.department_id).not.toBe(KFZX);
    expect((await notices(visit.id)).map((t) => t.recipient_id)).toEqual(expect.arrayContaining([operatorIds.director, visit.assigned_visitor_id]));
    const refused = await (await signInAs('director')).rpc('record_return_visit', { visit_id: visit.id, ...sampleVisit });
    expect(refused.error?.code).toBe('42501');
    expect(refused.error?.message).toContain('回避');
    expect(await visitRow(visit.id)).toEqual(visit);
  });
});
