// The scheduled callbacks: each job is an Edge Function running one set-based SQL function at a
// chosen as-of time. Each scenario uses dates far from the demo data so that exactly its own rows
// are due; a second run raises nothing twice.
import { describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { createThrowawayOperator, serviceClient, signInAs, sql, stackEnv } from '../support/stack.ts';

type Run = { id: number; job_name: string; rows_affected: number; error: string | null; trigger: string };

async function runJob(name: string, asOf: string, token = stackEnv().SERVICE_ROLE_KEY): Promise<{ status: number; run?: Run; code?: string }> {
  const response = await fetch(`${stackEnv().API_URL}/functions/v1/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ as_of: asOf, trigger: 'manual' }),
  });
  return { status: response.status, ...((await response.json()) as { run?: Run; code?: string }) };
}

const notificationsFor = (linkId: string) =>
  sql<{ recipient_id: string; kind: string }>(`select recipient_id, kind from public.notifications where link_id = $1 order by recipient_id`, [linkId]);

describe('filing deadlines (daily)', () => {
  it('notify the owner and the department manager of a customer not filed 5 working days after first contact, once', async () => {
    const [customer] = await sql<{ id: string }>(
      // (followed up "until 2099" so that no pool release of another test can take it away meanwhile)
      `insert into public.customers (name, phone, department_id, owner_id, first_contact_at, last_follow_up_at) values ($1, $2, $3, $4, '2019-03-01T10:00:00+08:00', '2099-01-01') returning id`,
      [unique('未备案'), uniquePhone(), departmentIds.KF1, operatorIds.kf1Colleague],
    );
    const first = await runJob('filing-deadlines', '2019-03-20T08:00:00+08:00');
    expect(first.status).toBe(200);
    expect(first.run).toMatchObject({ job_name: 'filing-deadlines', error: null });
    expect(await notificationsFor(customer.id)).toEqual([
      { recipient_id: operatorIds.manager, kind: '备案逾期' },
      { recipient_id: operatorIds.kf1Colleague, kind: '备案逾期' },
    ].sort((a, b) => a.recipient_id.localeCompare(b.recipient_id)));
    await runJob('filing-deadlines', '2019-03-21T08:00:00+08:00');
    expect(await notificationsFor(customer.id)).toHaveLength(2);
    await sql('delete from public.customers where id = $1', [customer.id]);
  });
});

describe('complaint replies (hourly)', () => {
  it('escalate a complaint past its reply deadline to the director and its handler, once', async () => {
    const { row } = await recordRequest('clerk', complaint({ received_at: '2019-05-01T09:00:00+08:00' }));
    const run = await runJob('complaint-replies', '2019-05-05T10:00:00+08:00');
    expect(run.run?.error).toBeNull();
    expect(await notificationsFor(row.id)).toEqual(
      [{ recipient_id: operatorIds.clerk, kind: '投诉升级' }, { recipient_id: operatorIds.director, kind: '投诉升级' }].sort((a, b) => a.recipient_id.localeCompare(b.recipient_id)),
    );
    expect((await sql(`select escalated_at from public.service_requests where id = $1`, [row.id]))[0].escalated_at).not.toBeNull();
    await runJob('complaint-replies', '2019-05-05T11:00:00+08:00');
    expect(await notificationsFor(row.id)).toHaveLength(2);
  });
});

describe('return-visit tasks (daily)', () => {
  it('create the missing return visit of a repair waiting for one, and remind its first receiver and handler (here one person), once', async () => {
    const { client, row } = await recordRequest('clerk', { kind: '报修', fault: '漏水', received_at: '2019-06-28T09:00:00+08:00' });
    await client.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk });
    // Moved to 待回访 in the console, skipping the workflow that would have created the visit.
    await sql(`select set_config('taizhang.workflow', 'on', false); update public.service_requests set status = '待回访', resolution = '已修复' where id = '${row.id}'`);
    const run = await runJob('return-visit-tasks', '2019-07-01T07:30:00+08:00');
    expect(run.run?.error).toBeNull();
    const visits = await sql<{ id: string; planned_on: string }>(`select id, planned_on::text from public.return_visits where request_id = $1`, [row.id]);
    expect(visits).toEqual([{ id: expect.any(String), planned_on: '2019-07-01' }]);
    expect(await notificationsFor(visits[0].id)).toEqual([{ recipient_id: operatorIds.clerk, kind: '回访任务' }]);
    await runJob('return-visit-tasks', '2019-07-01T08:30:00+08:00');
    expect(await sql(`select count(*)::int as n from public.return_visits where request_id = $1`, [row.id])).toEqual([{ n: 1 }]);
    expect(await notificationsFor(visits[0].id)).toHaveLength(1);
  });
});

describe('quarterly sampling (first day of the quarter)', () => {
  it('picks ceil(20%) distinct repairs of the last quarter for a second visit, records which, tells the visitors, and a second run does nothing', async () => {
    // A quarter no earlier run has sampled (2000–2007: case years start in 2000; sampling.test.ts
    // uses 2008–2015, other tests later years).
    const [{ quarter, next }] = await sql<{ quarter: string; next: string }>(
      `select q::text as quarter, (q + interval '3 months')::date::text as next
       from generate_series(date '2000-01-01', date '2007-10-01', interval '3 months') g, lateral (select g::date as q) d
       where not exists (select 1 from public.sampling_picks where quarter_start = q) order by random() limit 1`,
    );
    const ids = await sql<{ id: string }>(
      `insert into public.service_requests (kind, caller_name, content, department_id, receiver_id, received_at, fault)
       select '报修', '抽查测试', '抽查测试报修' || g, $1, $2, ($3::date + time '09:00') at time zone 'Asia/Shanghai' + g * interval '9 days', '漏水' from generate_series(1, 7) g returning id`,
      [departmentIds.KF1, operatorIds.clerk, quarter],
    );
    const run = await runJob('quarterly-sampling', `${next}T06:00:00+08:00`);
    expect(run.run?.error).toBeNull();
    const picks = await sql<{ request_id: string; return_visit_id: string }>(`select request_id, return_visit_id from public.sampling_picks where quarter_start = $1::date`, [quarter]);
    expect(picks).toHaveLength(2);
    // Rows affected: the picks, and the notices to each pick's visitor and the director.
    const [{ n: told }] = await sql<{ n: number }>(`select count(*)::int as n from public.notifications where link_id = any($1::text[])`, [picks.map((p) => p.return_visit_id)]);
    expect(told).toBeGreaterThanOrEqual(2);
    expect(run.run?.rows_affected).toBe(2 + told);
    expect(new Set(picks.map((p) => p.request_id)).size).toBe(2);
    expect(ids.map((r) => r.id)).toEqual(expect.arrayContaining(picks.map((p) => p.request_id)));
    expect(await sql(`select count(*)::int as n from public.return_visits where id = any($1::uuid[]) and source = '抽查'`, [picks.map((p) => p.return_visit_id)])).toEqual([{ n: 2 }]);
    expect((await runJob('quarterly-sampling', `${next}T07:00:00+08:00`)).run?.rows_affected).toBe(0);
    expect(await sql(`select count(*)::int as n from public.sampling_picks where quarter_start = $1::date`, [quarter])).toEqual([{ n: 2 }]);
  });
});

describe('customer protection (daily)', () => {
  it('releases to the public pool a customer without follow-up for 30 days, once', async () => {
    const [customer] = await sql<{ id: string }>(
      `insert into public.customers (name, phone, department_id, owner_id, first_contact_at, filed_at) values ($1, $2, $3, $4, '2017-01-02T10:00:00+08:00', '2017-01-03T10:00:00+08:00') returning id`,
      [unique('保护期'), uniquePhone(), departmentIds.KF1, operatorIds.kf1Colleague],
    );
    // (another test's later pool release may get there first; either way it is released exactly once)
    expect((await runJob('customer-protection', '2017-03-01T02:00:00+08:00')).run?.error).toBeNull();
    expect(await sql(`select status, owner_id from public.customers where id = $1`, [customer.id])).toEqual([{ status: '公海', owner_id: null }]);
    await runJob('customer-protection', '2017-03-02T02:00:00+08:00');
    expect(await sql(`select count(*)::int as n from public.customer_allocations where customer_id = $1 and method = '释放公海'`, [customer.id])).toEqual([{ n: 1 }]);
  });
});

describe('monthly reports (1st of the month)', () => {
  it('store last month’s complaint analysis and return-visit statistics once', async () => {
    // A month no earlier run has reported on, so that exactly this test's complaints are in it.
    const [{ year }] = await sql<{ year: number }>(
      `select y as year from generate_series(2000, 2015) y where not exists (select 1 from public.monthly_reports where month = make_date(y, 2, 1)) order by random() limit 1`,
    );
    await recordRequest('clerk', complaint({ received_at: `${year}-02-03T09:00:00+08:00` }));
    await recordRequest('clerk', complaint({ received_at: `${year}-02-20T09:00:00+08:00`, severity: '重大', complaint_category: '产品质量' }));
    const run = await runJob('monthly-reports', `${year}-03-01T03:00:00+08:00`);
    expect(run.run?.rows_affected).toBe(2);
    const [analysis] = await sql<{ data: Record<string, unknown> }>(`select data from public.monthly_reports where month = make_date($1, 2, 1) and kind = '每月投诉情况分析'`, [year]);
    expect(analysis.data).toMatchObject({ complaints: 2, by_severity: { 一般: 1, 重大: 1 }, by_category: { 服务质量: 1, 产品质量: 1 } });
    expect((await runJob('monthly-reports', `${year}-03-01T04:00:00+08:00`)).run?.rows_affected).toBe(0);
    const director = await signInAs('director');
    expect((await director.from('monthly_reports').select('kind').eq('month', `${year}-02-01`)).data).toHaveLength(2);
    expect((await (await signInAs('clerk')).from('monthly_reports').select('kind').eq('month', `${year}-02-01`)).data).toHaveLength(0);
  });
});

describe('passwords (daily)', () => {
  it('tell an operator whose password is older than 30 days to change it, once', async () => {
    const person = await createThrowawayOperator('clerk');
    try {
      await sql(`update public.operators set password_changed_at = now() - interval '40 days' where id = $1`, [person.id]);
      await runJob('passwords', new Date().toISOString());
      const client = await person.client();
      const mine = await client.from('notifications').select('kind').eq('kind', '密码到期');
      expect(mine.data).toHaveLength(1);
      await runJob('passwords', new Date().toISOString());
      expect((await client.from('notifications').select('kind').eq('kind', '密码到期')).data).toHaveLength(1);
    } finally {
      await person.remove();
    }
  });
});

describe('every job', () => {
  it('refuses an operator who calls it, even the administrator', async () => {
    for (const role of ['clerk', 'admin'] as const) {
      const token = (await (await signInAs(role)).auth.getSession()).data.session?.access_token;
      const attempt = await runJob('filing-deadlines', new Date().toISOString(), token);
      expect(attempt.status, role).toBe(403);
    }
  });

  it('refuses a garbage, infinite, far-future or pre-2000 as-of time with HTTP 400 and a message, and logs no run', async () => {
    const [{ max }] = await sql<{ max: string | null }>(`select max(id)::text as max from public.job_runs where job_name = 'filing-deadlines'`);
    const tomorrowAndMore = new Date(Date.now() + 26 * 3600_000).toISOString();
    for (const asOf of ['明天早上', 'infinity', '-infinity', tomorrowAndMore, '1999-12-31T08:00:00+08:00', '2099-01-01T00:00:00Z']) {
      const started = Date.now();
      const refused = await runJob('filing-deadlines', asOf);
      expect(refused.status, asOf).toBe(400);
      expect(refused.run, asOf).toBeUndefined();
      expect(Date.now() - started, asOf).toBeLessThan(5000);
    }
    for (const body of ['not json', '[1]', JSON.stringify({ as_of: 20260101 })]) {
      const response = await fetch(`${stackEnv().API_URL}/functions/v1/filing-deadlines`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stackEnv().SERVICE_ROLE_KEY}`, 'content-type': 'application/json' },
        body,
      });
      expect(response.status, body).toBe(400);
      expect(await response.json(), body).toHaveProperty('error');
    }
    expect(await sql(`select id from public.job_runs where job_name = 'filing-deadlines' and id > $1`, [max ?? '0'])).toEqual([]);
    // Directly through the API too: the rule is run_job's, not the Edge Function's.
    const direct = await serviceClient().rpc('run_job', { job_name: 'filing-deadlines', as_of: 'infinity', run_trigger: 'manual' });
    expect(direct.status).toBe(400);
    expect(direct.error?.message).toContain('运行时点无效');
    expect(await sql(`select id from public.job_runs where job_name = 'filing-deadlines' and id > $1`, [max ?? '0'])).toEqual([]);
  });

  it('answers 404 for a job that does not exist, and logs no run', async () => {
    const missing = await serviceClient().rpc('run_job', { job_name: 'no-such-job', as_of: new Date().toISOString(), run_trigger: 'manual' });
    expect(missing.status).toBe(404);
    expect(await sql(`select id from public.job_runs where job_name = 'no-such-job'`)).toEqual([]);
  });

  it('records a failing run with its error', async () => {
    await sql(`insert into public.scheduled_jobs (name, function_name, schedule, enabled) values ('test-broken', 'heartbeat', '0 0 1 1 *', false) on conflict do nothing`);
    try {
      const { data, error } = await serviceClient().rpc('run_job', { job_name: 'test-broken', as_of: new Date().toISOString(), run_trigger: 'manual' });
      expect(error).toBeNull();
      expect((data as Run).error).toContain('job_test_broken');
      expect(await sql(`select error is not null as failed from public.job_runs where id = $1`, [(data as Run).id])).toEqual([{ failed: true }]);
    } finally {
      await sql(`delete from public.scheduled_jobs where name = 'test-broken'`);
    }
  });

  it('runs by itself on its schedule, and its notification reaches the addressee through the API', { timeout: 90_000 }, async () => {
    const person = await createThrowawayOperator('clerk');
    try {
      await sql(`update public.operators set password_changed_at = now() - interval '45 days' where id = $1`, [person.id]);
      await sql(`update public.scheduled_jobs set schedule = '* * * * * *' where name = 'passwords'`);
      const client = await person.client();
      let seen = 0;
      for (let waited = 0; waited < 80 && seen === 0; waited++) {
        await new Promise((r) => setTimeout(r, 1000));
        seen = (await client.from('notifications').select('id').eq('kind', '密码到期')).data?.length ?? 0;
      }
      expect(seen).toBe(1);
      expect((await sql(`select trigger from public.job_runs where job_name = 'passwords' and trigger = 'schedule' order by id desc limit 1`))[0]).toEqual({ trigger: 'schedule' });
    } finally {
      await sql(`update public.scheduled_jobs set schedule = '0 1 * * *' where name = 'passwords'`);
      await person.remove();
    }
  });

  it('is run when an admin asks from the app, by the scheduler, and an operator may not ask', { timeout: 90_000 }, async () => {
    const clerk = await signInAs('clerk');
    expect((await clerk.rpc('request_job_run', { job_name: 'filing-deadlines' })).error?.code).toBe('42501');
    const [{ max }] = await sql<{ max: string | null }>(`select max(id)::text as max from public.job_runs`);
    const admin = await signInAs('admin');
    expect((await admin.rpc('request_job_run', { job_name: 'filing-deadlines' })).error).toBeNull();
    let runs: { trigger: string }[] = [];
    for (let waited = 0; waited < 80 && runs.length === 0; waited++) {
      await new Promise((r) => setTimeout(r, 1000));
      runs = await sql(`select trigger from public.job_runs where job_name = 'filing-deadlines' and id > $1`, [max ?? '0']);
    }
    expect(runs).toContainEqual({ trigger: 'manual' });
  });

  it('can be paused and resumed by the administrator only', async () => {
    const clerk = await signInAs('clerk');
    expect((await clerk.from('scheduled_jobs').update({ enabled: false }).eq('name', 'monthly-reports').select()).data ?? []).toHaveLength(0);
    const admin = await signInAs('admin');
    const paused = await admin.from('scheduled_jobs').update({ enabled: false }).eq('name', 'monthly-reports').select().single();
    expect(paused.data?.enabled).toBe(false);
    const resumed = await admin.from('scheduled_jobs').update({ enabled: true }).eq('name', 'monthly-reports').select().single();
    expect(resumed.data?.enabled).toBe(true);
  });
});
