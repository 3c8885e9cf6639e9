// A million service requests for the demo clerk (客服一部) in one insert … select from
// generate_series, as the database owner, with triggers off for that session.
import pg from 'pg';
import { departmentIds, operatorIds } from '../support/ids.ts';

export type SeedResult = { rows: number; seconds: number; /** vacuum (analyze) */ analyzeSeconds: number; tableMb: number; totalMb: number; realtimeCatchUpSeconds: number };

// Receiver = the demo clerk, so RLS lets the clerk read every seeded row (receiver_id = me).
// Triggers are bypassed (session_replication_role = replica): no audit rows, no first-receiver
// rule, no foreign-key checks; the columns they would set are given here. Checks still apply.
const seedSql = `
insert into public.service_requests (
  kind, received_at, channel, caller_name, building, unit, room, phone, content,
  receiver_id, receiver_department_id, department_id, status, resolution, closed_at,
  complaint_category, severity, reply_due, replied_at, case_year, location, fault, warranty, cost)
select
  k.kind,
  t.received_at,
  (array['电话', '来访', '书面', '网络', '主管部门转办'])[1 + i % 5],
  '来电人' || i,
  (1 + i % 30) || '栋', (1 + i % 4) || '单元', (101 + i % 2800)::text,
  '138' || lpad((i % 100000000)::text, 8, '0'),
  '批量工单内容 #' || i,
  $1::uuid, $2::uuid, $2::uuid,
  s.status,
  case when s.status = '已结案' then '已处理完毕' end,
  case when s.status = '已结案' then t.received_at + interval '1 day' end,
  case when k.kind = '投诉' then '服务质量' end,
  case when k.kind = '投诉' then '一般' end,
  case when k.kind = '投诉' then t.received_at + interval '3 days' end,
  case when k.kind = '投诉' and s.status = '已结案' then t.received_at + interval '1 day' end,
  extract(year from t.received_at at time zone 'Asia/Shanghai')::integer,
  case when k.kind = '报修' then (1 + i % 30) || '栋公共区域' end,
  case when k.kind = '报修' then '灯具损坏' end,
  case when k.kind = '报修' then (array['保内', '保外'])[1 + i % 2] end,
  case when k.kind = '报修' and i % 2 = 1 then (i % 500)::numeric end
from generate_series(1, $3::integer) as i
cross join lateral (select (array['咨询', '报修', '报修', '求助', '建议', '咨询', '报修', '求助', '咨询', '投诉'])[1 + i % 10] as kind) k
cross join lateral (select (array['受理', '处理中', '待回访', '已结案', '已结案']::public.request_status[])[1 + (i / 7) % 5] as status) s
-- One request every 90 seconds going back from now: about 2.9 years for a million.
cross join lateral (select now() - make_interval(secs => i * 90) as received_at) t`;

export async function seedRequests(dbUrl: string, rows: number): Promise<SeedResult> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query('set session_replication_role = replica');
    await client.query(`set maintenance_work_mem = '256MB'`);
    const started = performance.now();
    await client.query('begin');
    await client.query(seedSql, [operatorIds.clerk, departmentIds.KF1, rows]);
    // The seed's commit record comes after this point of the WAL: a slot that confirmed it has read the seed.
    const [{ lsn: seededBefore }] = (await client.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows;
    await client.query('commit');
    const seconds = (performance.now() - started) / 1000;
    const analyzeStarted = performance.now();
    // A register in use is vacuumed by autovacuum in the quiet hours; right after a bulk insert it is
    // not yet, and autovacuum's pass over a million fresh rows would run in the middle of a
    // measured part (the 200 clerks). The seed leaves the table as that pass would.
    await client.query('vacuum (analyze) public.service_requests');
    const analyzeSeconds = (performance.now() - analyzeStarted) / 1000;
    const [size] = (
      await client.query<{ table_mb: number; total_mb: number }>(
        `select pg_table_size('public.service_requests') / 1048576.0 as table_mb, pg_total_relation_size('public.service_requests') / 1048576.0 as total_mb`,
      )
    ).rows;
    const caughtUpStarted = performance.now();
    await waitForReplicationSlots(client, seededBefore);
    const realtimeCatchUpSeconds = (performance.now() - caughtUpStarted) / 1000;
    return { rows, seconds, analyzeSeconds, tableMb: Number(size.table_mb), totalMb: Number(size.total_mb), realtimeCatchUpSeconds };
  } finally {
    await client.end();
  }
}

/**
 * The Realtime part reads every seeded row from its replication slot (the registers are published
 * with their whole rows); until it has, it takes a core from whatever is measured next. Waits until
 * every active logical slot has confirmed a point of the WAL past `lsn` (at most ten minutes).
 */
async function waitForReplicationSlots(client: pg.Client, lsn: string): Promise<void> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    const { rows } = await client.query<{ behind: number }>(
      `select count(*)::int as behind from pg_replication_slots where slot_type = 'logical' and active and (confirmed_flush_lsn is null or confirmed_flush_lsn < $1::pg_lsn)`,
      [lsn],
    );
    if (rows[0].behind === 0 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The scheduler would otherwise run its jobs over the seeded rows in the middle of a measurement. */
export async function pauseScheduledJobs(dbUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query('update public.scheduled_jobs set enabled = false');
  } finally {
    await client.end();
  }
}

/**
 * Waits until Realtime has read every change written so far (after the imports: hundreds of
 * thousands of rows and their audit rows) so that the fan-out is measured on its own. A marker
 * change (a row added and taken away, triggers off) gives the slot a commit to confirm past.
 * Returns the seconds it took.
 */
export async function realtimeCaughtUp(dbUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const started = performance.now();
  try {
    await client.query('begin');
    await client.query('set local session_replication_role = replica');
    const { rows } = await client.query<{ id: string }>(
      `insert into public.service_requests (kind, caller_name, content, receiver_id, department_id, case_year) values ('咨询', 'bench marker', 'bench marker', $1, $2, 2026) returning id`,
      [operatorIds.clerk, departmentIds.KF1],
    );
    await client.query('delete from public.service_requests where id = $1', [rows[0].id]);
    const [{ lsn }] = (await client.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows;
    await client.query('commit');
    await waitForReplicationSlots(client, lsn);
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}
