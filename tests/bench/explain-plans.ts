// EXPLAIN ANALYZE of what limits the figures that miss their targets, in the bench's own run:
// - the first page as a clerk of a department that holds none of the rows (RLS refuses row after
//   row down the sort index), beside the same page as the clerk who reads every row;
// - the exact count as the clerk (the policy per row) and as the owner (no policy);
// - a seek page at depth as the clerk: the floor the gateway is compared with;
// - 1,000 new requests as the clerk: the INSERT with each trigger's and foreign key's time (what
//   an import pays per row), and apply_rows over the same rows, dry run and committed.
// Everything runs in transactions that are rolled back: the table is as the seed left it.
// The plans go to test-artifacts/bench/plans.txt; the per-row figures into bench.json.
import fs from 'node:fs/promises';
import pg from 'pg';
import { departmentIds, operatorIds } from '../support/ids.ts';

export type PlanFigures = {
  file: string;
  emptyDepartmentPage: { ms: number; rowsRefused: number };
  everyRowPage: { ms: number };
  count: { clerkMs: number; ownerMs: number; ratio: number };
  seekAtDepth: { ms: number; depth: number };
  /** Microseconds per inserted row: the INSERT's own work, each trigger, each foreign key. */
  insertPerRowUs: Record<string, number>;
  applyRowsPerRowUs: { dryRun: number; commit: number; bareInsert: number };
  note: string;
};

type Plan = { text: string; ms: number };

const rowsInserted = 1000;
const emptyDepartmentCode = 'XXB';

/** A new request as the bench's import files it (import-rate.ts), numbered n: each caller a phone of their own. */
const newRequest = (n: number) => ({ kind: '咨询', channel: '电话', caller_name: `计划来电人${n}`, phone: `138${String(n).padStart(8, '0')}`, content: `执行计划 ${n}`, department_id: departmentIds.KF1 });

/** Per-node timing only where asked (the INSERT's triggers need it): on a plan that refuses a million rows one by one, its clock reads would be much of the time. */
async function explain(db: pg.Client, sql: string, args: unknown[] = [], timing = false): Promise<Plan> {
  const rows = (await db.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, timing ${timing ? 'on' : 'off'}, summary on) ${sql}`, args)).rows.map((r) => r['QUERY PLAN']);
  const text = rows.join('\n');
  const ms = Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? Number.NaN);
  return { text, ms };
}

/** Runs `work` as the person signed in with `userId` (role authenticated, PostgREST's claims), in a transaction rolled back afterwards. */
async function asPerson<T>(db: pg.Client, userId: string, work: () => Promise<T>): Promise<T> {
  await db.query('begin');
  try {
    await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: userId, role: 'authenticated' })]);
    await db.query('set local role authenticated');
    return await work();
  } finally {
    await db.query('rollback');
  }
}

/** "Trigger name: time=… calls=…" lines of an EXPLAIN ANALYZE of an INSERT, in µs per row. */
function triggerTimes(plan: string, rows: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of plan.matchAll(/Trigger (.+?): time=([\d.]+) calls=(\d+)/g)) out[m[1]] = Math.round((Number(m[2]) * 1000) / rows);
  return out;
}

export async function explainPlans(dbUrl: string, outFile: string): Promise<PlanFigures> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const sections: string[] = [];
  const keep = (title: string, plan: Plan) => sections.push(`## ${title}\n${plan.text}\n`);
  try {
    const clerkUser = (await db.query<{ user_id: string }>('select user_id from public.operators where id = $1', [operatorIds.clerk])).rows[0].user_id;
    const firstPage = 'select * from public.service_requests order by received_at desc, id desc limit 100';

    const everyRow = await asPerson(db, clerkUser, () => explain(db, firstPage));
    keep('First page as the demo clerk (客服一部: reads every row), received_at desc', everyRow);

    // A clerk of a department with none of the rows: made inside the transaction, gone with it.
    await db.query('begin');
    let empty: Plan;
    try {
      const user = (await db.query<{ id: string }>(`insert into auth.users (id, aud, role, email) values (gen_random_uuid(), 'authenticated', 'authenticated', 'plan-empty@bench.taizhang.cn') returning id`)).rows[0].id;
      await db.query(
        `insert into public.operators (user_id, code, name, department_id, role, email)
         select $1, 'PLANXXB', '计划专员', id, 'clerk', 'plan-empty@bench.taizhang.cn' from public.departments where code = $2`,
        [user, emptyDepartmentCode],
      );
      await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: user, role: 'authenticated' })]);
      await db.query('set local role authenticated');
      empty = await explain(db, firstPage);
    } finally {
      await db.query('rollback');
    }
    keep(`First page as a clerk of ${emptyDepartmentCode} (holds none of the rows), received_at desc`, empty);
    const rowsRefused = Number(/Rows Removed by Filter: (\d+)/.exec(empty.text)?.[1] ?? 0);

    const countSql = `select count(*) from public.service_requests where kind = '报修'`;
    const clerkCount = await asPerson(db, clerkUser, () => explain(db, countSql));
    const ownerCount = await explain(db, countSql);
    keep('Exact count of 报修 as the clerk (policy per row)', clerkCount);
    keep('Exact count of 报修 as the owner (no policy)', ownerCount);

    const depth = Math.floor(Number((await db.query<{ n: string }>('select count(*) as n from public.service_requests')).rows[0].n) / 2);
    const cursor = (await db.query<{ x: Date; id: string }>('select received_at as x, id from public.service_requests order by received_at desc, id desc offset $1 limit 1', [depth])).rows[0];
    const seek = await asPerson(db, clerkUser, () =>
      explain(db, 'select * from public.service_requests where received_at <= $1 and (received_at < $1 or (received_at = $1 and id < $2)) order by received_at desc, id desc limit 100', [cursor.x, cursor.id]),
    );
    keep(`Seek page at depth ${depth.toLocaleString('en')} as the clerk (the floor)`, seek);

    const values = Array.from({ length: rowsInserted }, (_, i) => newRequest(i));
    const insert = await asPerson(db, clerkUser, () =>
      explain(
        db,
        `insert into public.service_requests (kind, channel, caller_name, phone, content, department_id)
         select r.kind, r.channel, r.caller_name, r.phone, r.content, r.department_id
         from jsonb_to_recordset($1::jsonb) as r(kind text, channel text, caller_name text, phone text, content text, department_id uuid)`,
        [JSON.stringify(values)],
        true,
      ),
    );
    keep(`INSERT of ${rowsInserted} new requests as the clerk (triggers and foreign keys)`, insert);
    const rows = JSON.stringify(values.map((v) => ({ key: null, version: null, values: v })));
    const applied = async (dryRun: boolean) => asPerson(db, clerkUser, () => explain(db, `select public.apply_rows('service_requests', $1::jsonb, $2)`, [rows, dryRun]));
    const dry = await applied(true);
    const commit = await applied(false);
    keep(`apply_rows of the same ${rowsInserted} rows, dry run`, dry);
    keep(`apply_rows of the same ${rowsInserted} rows, committed (then rolled back here)`, commit);

    const perRow = (ms: number) => Math.round((ms * 1000) / rowsInserted);
    const triggers = triggerTimes(insert.text, rowsInserted);
    const insertPerRowUs: Record<string, number> = { total: perRow(insert.ms), ...triggers };
    insertPerRowUs['insert itself (total − triggers)'] = insertPerRowUs.total - Object.values(triggers).reduce((a, b) => a + b, 0);

    await fs.writeFile(outFile, `# EXPLAIN (ANALYZE, BUFFERS) from the bench run of ${new Date().toISOString()}\n\n${sections.join('\n')}`);
    return {
      file: outFile,
      emptyDepartmentPage: { ms: empty.ms, rowsRefused },
      everyRowPage: { ms: everyRow.ms },
      count: { clerkMs: clerkCount.ms, ownerMs: ownerCount.ms, ratio: clerkCount.ms / ownerCount.ms },
      seekAtDepth: { ms: seek.ms, depth },
      insertPerRowUs,
      applyRowsPerRowUs: { dryRun: perRow(dry.ms), commit: perRow(commit.ms), bareInsert: perRow(insert.ms) },
      note: 'reads with timing off (per-node clock reads would slow the row-by-row plans), the INSERT with timing on (for its triggers); Execution Time is the statement\'s own. Per-row figures: one statement of 1,000 rows, one connection, no other load from the bench',
    };
  } finally {
    await db.end();
  }
}
