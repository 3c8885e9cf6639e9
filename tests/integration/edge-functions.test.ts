// Edge Functions run unchanged under Deno behind the gateway, which verifies the caller's JWT;
// the scheduler calls them on their cron from the one schedule table.
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signInAs, sql, stackEnv } from '../support/stack.ts';

const heartbeatUrl = () => `${stackEnv().API_URL}/functions/v1/heartbeat`;

describe('Edge Functions', () => {
  it('refuses a call without a JWT', async () => {
    const response = await fetch(heartbeatUrl(), { method: 'POST' });
    expect(response.status).toBe(401);
  });

  it('refuses a JWT signed with another secret', async () => {
    const forged = await new SignJWT({ role: 'service_role' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-project-secret-but-long-enough-to-sign'));
    const response = await fetch(heartbeatUrl(), { method: 'POST', headers: { authorization: `Bearer ${forged}` } });
    expect(response.status).toBe(401);
  });

  it('reaches the function with an operator’s JWT, and the database refuses the operator the job', async () => {
    const clerk = await signInAs('clerk');
    const { data } = await clerk.auth.getSession();
    const response = await fetch(heartbeatUrl(), {
      method: 'POST',
      headers: { authorization: `Bearer ${data.session?.access_token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: '42501' });
  });

  it('records a run when the scheduler’s service_role calls it by hand', async () => {
    const asOf = '2026-01-05T01:00:00.000Z';
    const response = await fetch(heartbeatUrl(), {
      method: 'POST',
      headers: { authorization: `Bearer ${stackEnv().SERVICE_ROLE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ as_of: asOf, trigger: 'manual' }),
    });
    expect(response.status).toBe(200);
    const { run } = (await response.json()) as { run: { id: number; job_name: string; trigger: string } };
    expect(run).toMatchObject({ job_name: 'heartbeat', trigger: 'manual' });
    expect(await sql('select as_of from public.job_runs where id = $1', [run.id])).toEqual([{ as_of: new Date(asOf) }]);
  });
});

describe('scheduler', () => {
  it('runs a job by itself on its cron schedule and records the run', { timeout: 90_000 }, async () => {
    const [{ max }] = await sql<{ max: string | null }>(`select max(id)::text as max from public.job_runs`);
    await sql(`update public.scheduled_jobs set schedule = '* * * * * *' where name = 'heartbeat'`);
    try {
      let runs: { trigger: string }[] = [];
      for (let waited = 0; waited < 80 && runs.length === 0; waited++) {
        await new Promise((r) => setTimeout(r, 1000));
        runs = await sql(`select trigger from public.job_runs where job_name = 'heartbeat' and id > $1`, [max ?? '0']);
      }
      expect(runs.length).toBeGreaterThan(0);
      expect(runs[0].trigger).toBe('schedule');
    } finally {
      await sql(`update public.scheduled_jobs set schedule = '*/5 * * * *' where name = 'heartbeat'`);
    }
  });

  it('does not run a paused job', { timeout: 30_000 }, async () => {
    await sql(`update public.scheduled_jobs set schedule = '* * * * * *', enabled = false where name = 'heartbeat'`);
    try {
      await new Promise((r) => setTimeout(r, 1500));
      const [{ max }] = await sql<{ max: string | null }>(`select max(id)::text as max from public.job_runs`);
      await new Promise((r) => setTimeout(r, 3500));
      const later = await sql(`select 1 from public.job_runs where job_name = 'heartbeat' and trigger = 'schedule' and id > $1`, [max ?? '0']);
      expect(later).toHaveLength(0);
    } finally {
      await sql(`update public.scheduled_jobs set schedule = '*/5 * * * *', enabled = true where name = 'heartbeat'`);
    }
  });
});
