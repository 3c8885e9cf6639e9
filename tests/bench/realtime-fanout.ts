// Issue 19's bench: 100 subscribers (supabase-js channels, signed in as the demo people in turn)
// on the customers register while 50 rows a second are written; delivery latency from commit
// (the change's commit_timestamp) to the subscriber's callback, and fan-out: deliveries against
// those expected (each subscriber may read the row, checked as that person through the API).
// measureRealtimeFanout() is what run-bench.ts calls; run alone it starts a bench stack of its own:
//   node --import tsx tests/bench/realtime-fanout.ts   (BENCH_RT_SUBSCRIBERS, BENCH_RT_RATE, BENCH_RT_SECONDS, BENCH_RT_PEOPLE)
// The service checks RLS once per distinct person (not per socket): with BENCH_RT_PEOPLE=n the
// subscribers are n people of their own (throwaway managers of 客服一部 and 客服二部, who read their department's rows; removed after).
import { fileURLToPath } from 'node:url';
import { createClient } from '@supabase/supabase-js';
import pg from 'pg';
import { demoAccounts, demoPassword } from '../../supabase/local/demo-accounts.ts';
import { changedId, liveClient, until, watchTables, type LiveClient, type Received } from '../support/realtime.ts';
import { percentile, round } from './stats.ts';

export type RealtimeFanoutFigures = {
  subscribers: number;
  distinctPeople: number;
  writes: number;
  writesPerSecond: number;
  expectedDeliveries: number;
  deliveries: number;
  missing: number;
  unexpected: number;
  duplicates: number;
  /** Mean subscribers a write reached. */
  fanOutPerWrite: number;
  latencyMs: { p50: number; p95: number; max: number };
};

/** people: 0 (the demo people in turn) or that many people of their own. */
type Options = { subscribers?: number; writesPerSecond?: number; seconds?: number; people?: number };

export async function measureRealtimeFanout(
  stack: { apiUrl: string; anonKey: string; serviceRoleKey: string; dbUrl: string },
  options: Options = {},
): Promise<RealtimeFanoutFigures> {
  const subscribers = options.subscribers ?? 100;
  const rate = options.writesPerSecond ?? 50;
  const seconds = options.seconds ?? 10;
  const clients: { live: LiveClient; email: string; received: Received[] }[] = [];
  const db = new pg.Pool({ connectionString: stack.dbUrl, max: 4 });
  const admin = createClient(stack.apiUrl, stack.serviceRoleKey, { auth: { persistSession: false, autoRefreshToken: false } });
  const own: { userId: string; email: string }[] = [];
  try {
    for (let i = 0; i < (options.people ?? 0); i++) {
      const tag = `${Date.now().toString(36)}${i.toString(36)}`;
      const email = `rt-${tag}@bench.taizhang.cn`;
      const { data, error } = await admin.auth.admin.createUser({ email, password: demoPassword, email_confirm: true });
      if (error || !data.user) throw new Error(`bench: creating ${email}: ${error?.message}`);
      own.push({ userId: data.user.id, email });
      await db.query(
        `insert into public.operators (user_id, code, name, department_id, role, email)
         select $1, $2, $3, d.id, 'manager', $4 from public.departments d where d.code = $5`,
        [data.user.id, `RT${tag}`.slice(0, 20), `压测主管${i}`, email, i % 2 ? 'KF2' : 'KF1'],
      );
    }
    const people = own.length ? own.map((p) => p.email) : demoAccounts.map((a) => a.email);
    for (let i = 0; i < subscribers; i++) {
      const email = people[i % people.length];
      const live = await liveClient(stack, email);
      const received: Received[] = [];
      await watchTables(live, `bench-fanout-${i}`, ['customers'], received);
      clients.push({ live, email, received });
    }
    const [{ kf1, kf2 }] = (
      await db.query<{ kf1: string; kf2: string }>(`select (select id from public.departments where code = 'KF1') as kf1, (select id from public.departments where code = 'KF2') as kf2`)
    ).rows;
    const owners = (await db.query<{ id: string; department_id: string }>(`select id, department_id from public.operators where department_id in ($1, $2) and active limit 8`, [kf1, kf2])).rows;

    // Writes at a steady rate, each one statement (its own transaction).
    const written: string[] = [];
    const total = rate * seconds;
    const started = Date.now();
    const inserts: Promise<void>[] = [];
    for (let n = 0; n < total; n++) {
      const due = started + (n * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const owner = owners[n % owners.length];
      inserts.push(
        db
          .query<{ id: string }>(`insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`, [
            `实时压测 ${started} ${n}`,
            `198${String(started % 1e4).padStart(4, '0')}${String(n).padStart(4, '0')}`,
            owner.department_id,
            owner.id,
          ])
          .then((r) => {
            written.push(r.rows[0].id);
          }),
      );
    }
    await Promise.all(inserts);
    const elapsed = (Date.now() - started) / 1000;

    // Who may read each row, asked as each person through the API.
    const readable = new Map<string, Set<string>>();
    for (const email of new Set(clients.map((c) => c.email))) {
      const client = clients.find((c) => c.email === email)?.live.client;
      const seen = new Set<string>();
      for (let i = 0; i < written.length; i += 100) {
        const { data, error } = await client!.from('customers').select('id').in('id', written.slice(i, i + 100));
        if (error) throw new Error(`bench: reading customers as ${email}: ${error.message}`);
        for (const row of data ?? []) seen.add((row as { id: string }).id);
      }
      readable.set(email, seen);
    }
    const expectedDeliveries = clients.reduce((n, c) => n + (readable.get(c.email)?.size ?? 0), 0);
    const ids = new Set(written);
    const mine = (c: (typeof clients)[number]) => c.received.filter((p) => p.eventType === 'INSERT' && ids.has(changedId(p)));
    await until(() => clients.reduce((n, c) => n + mine(c).length, 0) >= expectedDeliveries, 30_000);
    await new Promise((r) => setTimeout(r, 1000));

    let deliveries = 0;
    let missing = 0;
    let unexpected = 0;
    let duplicates = 0;
    const latencies: number[] = [];
    for (const c of clients) {
      const may = readable.get(c.email) ?? new Set<string>();
      const counts = new Map<string, number>();
      for (const p of mine(c)) {
        const id = changedId(p);
        counts.set(id, (counts.get(id) ?? 0) + 1);
        deliveries += 1;
        latencies.push(p.at - Date.parse(p.commit_timestamp));
        if (!may.has(id)) unexpected += 1;
      }
      for (const id of may) if (!counts.has(id)) missing += 1;
      for (const n of counts.values()) if (n > 1) duplicates += n - 1;
    }
    await db.query(`delete from public.customers where id = any ($1::uuid[])`, [written]);
    return {
      subscribers,
      distinctPeople: new Set(clients.map((c) => c.email)).size,
      writes: written.length,
      writesPerSecond: round(written.length / elapsed),
      expectedDeliveries,
      deliveries,
      missing,
      unexpected,
      duplicates,
      fanOutPerWrite: round(deliveries / Math.max(1, written.length)),
      latencyMs: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), max: round(Math.max(...latencies)) },
    };
  } finally {
    for (const c of clients) await c.live.close().catch(() => undefined);
    if (own.length) await db.query(`delete from public.operators where user_id = any ($1::uuid[])`, [own.map((p) => p.userId)]).catch(() => undefined);
    for (const p of own) await admin.auth.admin.deleteUser(p.userId).catch(() => undefined);
    await db.end();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { startBenchStack } = await import('./bench-stack.ts');
  const stack = await startBenchStack();
  try {
    const figures = await measureRealtimeFanout(stack, {
      subscribers: Number(process.env.BENCH_RT_SUBSCRIBERS ?? 100),
      writesPerSecond: Number(process.env.BENCH_RT_RATE ?? 50),
      seconds: Number(process.env.BENCH_RT_SECONDS ?? 10),
      people: Number(process.env.BENCH_RT_PEOPLE ?? 0),
    });
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await stack.stop();
  }
}
