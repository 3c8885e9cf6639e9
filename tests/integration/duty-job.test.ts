// The daily job "duty coverage" 值班覆盖检查 (issue 15 point 7): at 16:00 it checks tomorrow's roster —
// covered around the clock, and on a holiday or special day a manager of middle level or above on
// it — and reports a gap (值班缺员) to the director and the roster keepers (值班经理), once per
// finding. Each scenario runs the job's Edge Function at a chosen as-of time.
import { afterAll, describe, expect, it } from 'vitest';
import { operatorIds } from '../support/ids.ts';
import { signInAs, sql, stackEnv } from '../support/stack.ts';

type Run = { id: number; job_name: string; rows_affected: number; error: string | null; trigger: string; as_of: string };
const shifts = ['00000000-0000-4000-f001-000000000001', '00000000-0000-4000-f001-000000000002', '00000000-0000-4000-f001-000000000003'];

async function runJob(asOf: string, token = stackEnv().SERVICE_ROLE_KEY): Promise<{ status: number; run?: Run }> {
  const response = await fetch(`${stackEnv().API_URL}/functions/v1/duty-coverage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ as_of: asOf, trigger: 'manual' }),
  });
  return { status: response.status, ...((await response.json()) as { run?: Run }) };
}

const gapsFor = (d: string) =>
  sql<{ recipient_id: string; title: string }>(
    `select recipient_id, title from public.notifications where kind = '值班缺员' and dedupe_key like $1 order by recipient_id, created_at`, [`duty-gap:${d}:%`]);

const days: string[] = [];
afterAll(async () => {
  await sql(`delete from public.duty_roster where duty_date = any ($1::date[])`, [days]);
  await sql(`delete from public.duty_special_days where day = any ($1::date[])`, [days]);
  await sql(`delete from public.notifications where kind = '值班缺员' and due_at::date = any ($1::date[])`, [days]);
});

describe('the job', () => {
  it('is declared as a daily job at 16:00 Beijing, run by the scheduler only, and logs each run with its as-of time', async () => {
    expect(await sql(`select schedule from public.scheduled_jobs where name = 'duty-coverage'`)).toEqual([{ schedule: '0 8 * * *' }]);
    const clerk = await signInAs('clerk');
    const { data } = await clerk.auth.getSession();
    expect((await runJob(new Date().toISOString(), data.session!.access_token)).status).toBe(403);
    const run = await runJob('2019-03-01T16:00:00+08:00');
    expect(run.status).toBe(200);
    expect(run.run).toMatchObject({ job_name: 'duty-coverage', error: null, trigger: 'manual' });
    expect(new Date(run.run!.as_of).toISOString()).toBe('2019-03-01T08:00:00.000Z');
    expect(await sql(`select 1 from public.job_runs where id = $1 and job_name = 'duty-coverage'`, [run.run!.id])).toHaveLength(1);
  });
});

describe('tomorrow’s roster 明日值班表', () => {
  it('incomplete: the director and the duty manager are told once which hours nobody covers; a second run tells nobody again', async () => {
    const tomorrow = '2019-04-02';
    days.push(tomorrow);
    await sql(`insert into public.duty_roster (duty_date, shift_id, operator_id) values ($1, $2, $3), ($1, $4, $3)`,
      [tomorrow, shifts[0], operatorIds.clerk, shifts[1]]);
    const first = await runJob('2019-04-01T16:00:00+08:00');
    expect(first.run).toMatchObject({ error: null, rows_affected: 2 });
    const told = await gapsFor(tomorrow);
    expect(told.map((t) => t.recipient_id)).toEqual([operatorIds.manager, operatorIds.director].sort());
    expect(told[0].title).toContain('00:00–08:00');
    const again = await runJob('2019-04-01T16:05:00+08:00');
    expect(again.run).toMatchObject({ error: null, rows_affected: 0 });
    expect(await gapsFor(tomorrow)).toHaveLength(2);
    // As of two days before, that day is not "tomorrow": nothing about it.
    const earlier = '2019-04-09';
    days.push(earlier);
    await sql(`insert into public.duty_roster (duty_date, shift_id, operator_id) values ($1, $2, $3)`, [earlier, shifts[0], operatorIds.clerk]);
    await runJob('2019-04-07T16:00:00+08:00');
    expect(await gapsFor(earlier)).toEqual([]);
    await runJob('2019-04-08T16:00:00+08:00');
    expect(await gapsFor(earlier)).toHaveLength(2);
  });

  it('complete, and on a special day with a manager: nobody is told; the manager missing on a special day is reported', async () => {
    const tomorrow = '2019-05-02';
    days.push(tomorrow);
    await sql(`insert into public.duty_roster (duty_date, shift_id, operator_id) select $1, s, $2 from unnest($3::uuid[]) s`,
      [tomorrow, operatorIds.clerk, shifts]);
    expect((await runJob('2019-05-01T16:00:00+08:00')).run).toMatchObject({ error: null, rows_affected: 0 });
    await sql(`insert into public.duty_special_days (day, name) values ($1, '业主大会')`, [tomorrow]);
    expect((await runJob('2019-05-01T16:30:00+08:00')).run).toMatchObject({ error: null, rows_affected: 2 });
    const told = await gapsFor(tomorrow);
    expect(told[0].title).toContain('业主大会须有中级以上管理人员值班');
    expect(await sql(`select distinct day_flag from public.duty_roster where duty_date = $1`, [tomorrow]))
      .toEqual([{ day_flag: expect.stringContaining('业主大会') as unknown }]);
    await sql(`insert into public.duty_roster (duty_date, shift_id, operator_id) values ($1, $2, $3)`, [tomorrow, shifts[0], operatorIds.manager]);
    expect((await runJob('2019-05-01T17:00:00+08:00')).run).toMatchObject({ error: null, rows_affected: 0 });
    expect(await gapsFor(tomorrow)).toHaveLength(2);
  });
});
