// Issue 19: the Realtime part killed with SIGKILL is started again by the supervisor, the app's
// channels rejoin by themselves (realtime-js reconnects), and the changes made while it was down
// are DELIVERED to the rejoined channel (read from the replication slot, which the service
// acknowledges only after handing a transaction out, and kept for channels rejoining within
// TAIZHANG_REALTIME_CATCH_UP_SECONDS) — each exactly once — and live changes flow again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../supabase/local/demo-accounts.ts';
import { departmentIds, operatorIds, uniquePhone } from '../support/ids.ts';
import { changedId, liveClient, until, type LiveClient, type Received } from '../support/realtime.ts';
import { msUntil, parts, sql, startOwnStack, type OwnStack } from './fault-support.ts';

let stack: OwnStack;
let live: LiveClient;

beforeAll(async () => {
  // The slot may hold back two WAL segments, so that the test below can outrun it in seconds.
  stack = await startOwnStack({ TAIZHANG_SLOT_WAL_KEEP: '32MB' });
  live = await liveClient({ apiUrl: stack.state.apiUrl, anonKey: stack.state.anonKey }, demoAccounts.find((a) => a.key === 'clerk')?.email ?? '');
}, 240_000);

afterAll(async () => {
  await live?.close().catch(() => undefined);
  await stack?.remove();
}, 60_000);

const newCustomer = async (name: string) =>
  (await sql<{ id: string }>(stack.state.dbUrl, `insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`, [
    name,
    uniquePhone(),
    departmentIds.KF1,
    operatorIds.clerk,
  ]))[0].id;

describe('the Realtime part killed while people are subscribed', () => {
  it('is restarted, the channel rejoins, and every change made while it was down is delivered exactly once, then live ones again', async () => {
    const received: Received[] = [];
    const statuses: string[] = [];
    const channel = live.client
      .channel('fault-customers')
      .on('postgres_changes', { event: '*', schema: 'public', table: 'customers' }, (p) =>
        received.push({ ...(p as Received), at: Date.now() }),
      );
    channel.subscribe((status) => statuses.push(status));
    expect(await until(() => statuses.includes('SUBSCRIBED'), 15_000)).toBe(true);

    const before = await newCustomer('实时故障演练 前');
    expect(await until(() => received.some((p) => changedId(p) === before), 10_000)).toBe(true);

    const part = parts(stack.config).realtime;
    expect(part.state).toBe('up');
    const killedAt = Date.now();
    process.kill(part.pid as number, 'SIGKILL');
    // Written while the part is down (before it is back up).
    const meanwhile = [await newCustomer('实时故障演练 停机中 1'), await newCustomer('实时故障演练 停机中 2')];
    await sql(stack.state.dbUrl, `update public.customers set notes = '停机中修改' where id = $1`, [before]);
    const wroteWhileDown = parts(stack.config).realtime.pid !== part.pid ? 'maybe after restart' : 'while down';

    const upMs = await msUntil(() => {
      const now = parts(stack.config).realtime;
      return now.state === 'up' && now.pid !== part.pid;
    }, 15_000, killedAt);
    expect(upMs, 'realtime is back within 15 s').not.toBeNull();
    expect(parts(stack.config).realtime.restarts).toBeGreaterThan(part.restarts);

    // realtime-js reconnects with backoff (1, 2, 5, 10 s) and rejoins its channels.
    const delivered = () =>
      meanwhile.every((id) => received.some((p) => p.eventType === 'INSERT' && changedId(p) === id)) &&
      received.some((p) => p.eventType === 'UPDATE' && changedId(p) === before);
    expect(await until(delivered, 30_000), `changes written ${wroteWhileDown} are delivered after the rejoin`).toBe(true);
    expect(statuses.filter((s) => s === 'SUBSCRIBED').length).toBeGreaterThanOrEqual(2);

    const after = await newCustomer('实时故障演练 后');
    expect(await until(() => received.some((p) => changedId(p) === after), 10_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    const count = (id: string, type: string) => received.filter((p) => changedId(p) === id && p.eventType === type).length;
    expect([count(before, 'INSERT'), count(before, 'UPDATE'), ...meanwhile.map((id) => count(id, 'INSERT')), count(after, 'INSERT')]).toEqual([1, 1, 1, 1, 1]);
    console.log(`realtime back up ${((upMs ?? 0) / 1000).toFixed(1)} s after SIGKILL; changes made meanwhile delivered ${((Math.max(...received.filter((p) => meanwhile.includes(changedId(p))).map((p) => p.at)) - killedAt) / 1000).toFixed(1)} s after the kill`);
  }, 90_000);

  it('makes its replication slot anew when Postgres invalidated it (fallen too far behind while it was stopped), instead of failing for ever', async () => {
    const db = stack.state.dbUrl;
    const received: Received[] = [];
    const statuses: string[] = [];
    live.client
      .channel('fault-slot-lost')
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'customers' }, (p) => received.push({ ...(p as Received), at: Date.now() }))
      .subscribe((status) => statuses.push(status));
    expect(await until(() => statuses.includes('SUBSCRIBED'), 15_000)).toBe(true);

    // Realtime stalls (stopped, its connection cut) while the database writes more WAL than the slot may hold back.
    const part = parts(stack.config).realtime;
    process.kill(part.pid as number, 'SIGSTOP');
    try {
      await sql(db, `select pg_catalog.pg_terminate_backend(active_pid) from pg_catalog.pg_replication_slots where slot_name = 'taizhang_realtime' and active_pid is not null`);
      const lost = async () => (await sql<{ wal_status: string }>(db, `select wal_status from pg_catalog.pg_replication_slots where slot_name = 'taizhang_realtime'`))[0]?.wal_status === 'lost';
      for (let i = 0; i < 20 && !(await lost()); i++) {
        await newCustomer(`实时槽失效演练 ${i}`);
        await sql(db, `select pg_catalog.pg_logical_emit_message(true, 'fault-test', repeat('x', 1000000))`);
        await sql(db, `select pg_catalog.pg_switch_wal()`);
        await sql(db, 'checkpoint');
      }
      expect(await lost(), 'Postgres invalidated the slot').toBe(true);
    } finally {
      process.kill(part.pid as number, 'SIGKILL');
    }

    // Back up once, and staying up: not exiting on the lost slot and restarted again and again.
    const upMs = await msUntil(() => {
      const now = parts(stack.config).realtime;
      return now.state === 'up' && now.pid !== part.pid;
    }, 20_000, Date.now());
    expect(upMs, 'realtime is back within 20 s').not.toBeNull();
    const restarted = parts(stack.config).realtime;
    await new Promise((r) => setTimeout(r, 3000));
    expect(parts(stack.config).realtime).toMatchObject({ state: 'up', pid: restarted.pid, restarts: restarted.restarts });
    expect((await sql<{ wal_status: string }>(db, `select wal_status from pg_catalog.pg_replication_slots where slot_name = 'taizhang_realtime'`))[0]?.wal_status).not.toBe('lost');

    // The channel rejoins and live changes flow again.
    const after = await newCustomer('实时槽失效演练 之后');
    expect(await until(() => received.some((p) => changedId(p) === after), 30_000), 'a change after the new slot reaches the channel').toBe(true);
  }, 120_000);
});
