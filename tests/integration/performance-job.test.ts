// The job "performance" 绩效 (issue 16 point 5): the monthly points run, and in January, April, July
// and October the statements of the quarter before, proposed from the source registers with a
// line per source row (monthly points bonus, parts commission, praise letter, quarterly award,
// unsigned service record); idempotent, as of a given moment, logged, and telling the people concerned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorIds } from '../support/ids.ts';
import { createThrowawayOperator, signInAs, sql, stackEnv } from '../support/stack.ts';

type Run = { id: number; job_name: string; rows_affected: number; error: string | null; trigger: string };
type Line = { kind: string; source_table: string; source_id: string; amount: string };

async function runJob(asOf: string, token = stackEnv().SERVICE_ROLE_KEY): Promise<{ status: number; run?: Run }> {
  const response = await fetch(`${stackEnv().API_URL}/functions/v1/performance`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ as_of: asOf, trigger: 'manual' }),
  });
  return { status: response.status, ...((await response.json()) as { run?: Run }) };
}

const CUSTOMER = '00000000-0000-4000-d000-000000000031';
const QUARTER = '2018-07-01';
let engineer: Awaited<ReturnType<typeof createThrowawayOperator>>;
let unsignedId: string;
let saleId: string;
let letterId: string;
beforeAll(async () => {
  engineer = await createThrowawayOperator('clerk', 'GCB');
  await sql(`update public.operators set duties = '{服务工程师}' where id = $1`, [engineer.id]);
  // July 2018: 7 installations (3 points each = 21), one unsigned without exemption, one safety incident.
  await sql(`insert into public.service_records (engineer_id, customer_id, served_on, job_kind, location, customer_signed)
             select $1, $2, ('2018-07-01'::date + i), '安装调试', '测试地点', i <> 7 from generate_series(1, 7) i`, [engineer.id, CUSTOMER]);
  [{ id: unsignedId }] = await sql<{ id: string }>(`select id from public.service_records where engineer_id = $1 and not customer_signed`, [engineer.id]);
  await sql(`insert into public.safety_incidents (engineer_id, occurred_on, description, recorded_by) values ($1, '2018-07-20', '测试事故：违规操作', $2)`,
    [engineer.id, operatorIds.director]);
  // A parts sale at 50% margin, paid in full in September: 5% of 1000 = 50 yuan.
  [{ id: saleId }] = await sql<{ id: string }>(
    `insert into public.parts_sales (seller_id, customer_id, sold_on, parts, quoted_amount, cost_amount, paid_in_full_on, paid_recorded_by)
     values ($1, $2, '2018-08-01', '测试备件', 1000, 500, '2018-09-10', $3) returning id`, [engineer.id, CUSTOMER, operatorIds.director]);
  // A praise letter, 300 yuan set by the director.
  [{ id: letterId }] = await sql<{ id: string }>(
    `insert into public.praise_letters (operator_id, customer_id, received_on, content, amount, amount_set_by, amount_set_at, recorded_by)
     values ($1, $2, '2018-08-05', '测试表扬信内容', 300, $3, now(), $3) returning id`, [engineer.id, CUSTOMER, operatorIds.director]);
});
afterAll(async () => {
  await sql(`delete from public.performance_statements where quarter = $1 and set_config('taizhang.restoring', 'on', false) = 'on'`, [QUARTER]);
  await sql(`delete from public.notifications where link_table = 'performance_statements' or recipient_id = $1`, [engineer.id]);
  for (const t of ['service_records', 'safety_incidents', 'monthly_service_points']) {
    await sql(`delete from public.${t} where engineer_id = $1 and set_config('taizhang.restoring', 'on', false) = 'on'`, [engineer.id]);
  }
  await sql(`delete from public.parts_sales where id = $1 and set_config('taizhang.restoring', 'on', false) = 'on'`, [saleId]);
  await sql(`delete from public.praise_letters where id = $1 and set_config('taizhang.restoring', 'on', false) = 'on'`, [letterId]);
  await engineer.remove();
});

describe('the job "performance" 绩效', () => {
  it('is declared for the 1st of each month at 09:00 Beijing, run by the scheduler only, and logs each run', async () => {
    expect(await sql(`select schedule from public.scheduled_jobs where name = 'performance'`)).toEqual([{ schedule: '0 1 1 * *' }]);
    const { data } = await (await signInAs('clerk')).auth.getSession();
    expect((await runJob('2018-08-01T09:00:00+08:00', data.session!.access_token)).status).toBe(403);
    const run = await runJob('2018-08-01T09:00:00+08:00');
    expect(run.status).toBe(200);
    expect(run.run).toMatchObject({ job_name: 'performance', error: null, trigger: 'manual' });
    // August is no payout month: no statement yet for the quarter.
    expect(await sql(`select 1 from public.performance_statements where quarter = $1`, [QUARTER])).toEqual([]);
  });

  it('on 1 October proposes the third quarter\'s statement: 540 points bonus ((21−2−17)×270), 50 commission, 300 praise, 1500 award (1200 person / 300 department), −100 for the unsigned record — every line naming its row', async () => {
    const run = await runJob('2018-10-01T09:00:00+08:00');
    expect(run.run).toMatchObject({ error: null });
    expect(run.run!.rows_affected).toBeGreaterThan(0);
    const [st] = await sql<{ id: string; status: string; payout_month: string; rank: number; total: string; award_department: string }>(
      `select id, status, to_char(payout_month, 'YYYY-MM-DD') as payout_month, rank, total::text, award_department::text
       from public.performance_statements where operator_id = $1 and quarter = $2`, [engineer.id, QUARTER]);
    expect(st).toMatchObject({ status: '待复核', payout_month: '2018-10-01', rank: 1, total: '1990.00', award_department: '300.00' });
    const [{ month_id: monthId }] = await sql<{ month_id: string }>(
      `select id::text as month_id from public.monthly_service_points where engineer_id = $1 and month = '2018-07-01'`, [engineer.id]);
    const lines = await sql<Line>(`select kind, source_table, source_id, amount::text from public.performance_statement_lines where statement_id = $1 order by kind, amount`, [st.id]);
    expect(lines).toEqual(expect.arrayContaining([
      { kind: '服务点数', source_table: 'monthly_service_points', source_id: monthId, amount: '540.00' },
      { kind: '提成', source_table: 'parts_sales', source_id: saleId, amount: '50.00' },
      { kind: '表扬', source_table: 'praise_letters', source_id: letterId, amount: '300.00' },
      { kind: '季度奖', source_table: 'performance_statements', source_id: st.id, amount: '1200.00' },
      { kind: '季度奖（部门）', source_table: 'performance_statements', source_id: st.id, amount: '300.00' },
      { kind: '处罚', source_table: 'service_records', source_id: unsignedId, amount: '-100.00' },
    ]));
    expect(lines).toHaveLength(6);
  });

  it('tells the person (绩效) and his reviewer once; a second run changes nothing and tells nobody again', async () => {
    const [st] = await sql<{ id: string; updated_total: string }>(`select id, total::text as updated_total from public.performance_statements where operator_id = $1 and quarter = $2`, [engineer.id, QUARTER]);
    const told = () => sql<{ recipient_id: string; kind: string; dedupe_key: string }>(
      `select recipient_id, kind, dedupe_key from public.notifications where link_table = 'performance_statements' and link_id = $1 order by dedupe_key`, [st.id]);
    const first = await told();
    expect(first).toEqual(expect.arrayContaining([{ recipient_id: engineer.id, kind: '绩效', dedupe_key: `perf-proposed:${st.id}` }]));
    expect(first.filter((n) => n.dedupe_key.startsWith(`perf-review:${st.id}:`)).length).toBeGreaterThanOrEqual(1);
    expect((await runJob('2018-10-01T10:00:00+08:00')).run).toMatchObject({ error: null });
    expect(await told()).toEqual(first);
    const [again] = await sql<{ id: string; updated_total: string }>(`select id, total::text as updated_total from public.performance_statements where operator_id = $1 and quarter = $2`, [engineer.id, QUARTER]);
    expect(again).toEqual(st);
    expect(await sql(`select 1 from public.performance_statement_lines where statement_id = $1`, [st.id])).toHaveLength(6);
  });
});
