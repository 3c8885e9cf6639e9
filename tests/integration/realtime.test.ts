// Issue 19: live registers. supabase-js's channel() against the embedded stack's Realtime part:
// every change reaches exactly those who may read the row (checked in Postgres as each of them),
// a recused person's socket never carries the complaint, broadcast and presence round trip, and
// presence that names a row reaches only those who may read that row.
import type { SupabaseClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { changedId, joined, liveClient, until, watchTables, type LiveClient, type Received } from '../support/realtime.ts';
import { createThrowawayOperator, demoUsers, sql, stackEnv } from '../support/stack.ts';

type Throwaway = Awaited<ReturnType<typeof createThrowawayOperator>>;
const target = () => ({ apiUrl: stackEnv().API_URL, anonKey: stackEnv().ANON_KEY });

let accused: Throwaway;
const open: LiveClient[] = [];
const live = async (email: string) => {
  const c = await liveClient(target(), email);
  open.push(c);
  return c;
};

beforeAll(async () => {
  accused = await createThrowawayOperator('clerk', 'KF1');
});
afterAll(async () => {
  for (const c of open) await c.close().catch(() => undefined);
  await sql(`update public.service_requests set recused_operator_ids = '{}', accused_operator_id = null, handler_id = null,
             kind = '咨询', complaint_category = null, severity = null, accused_department_id = null
             where $1 = any (recused_operator_ids)`, [accused.id]);
  await accused.remove();
});

const canRead = async (client: SupabaseClient, table: string, id: string): Promise<boolean> => {
  const { data, error } = await client.from(table).select('id').eq('id', id);
  if (error) throw new Error(`${table} as reader: ${error.message}`);
  return (data ?? []).length === 1;
};

const newCustomer = async (department: keyof typeof departmentIds, owner: string) =>
  (await sql<{ id: string }>(`insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`, [
    unique('实时客户'),
    uniquePhone(),
    departmentIds[department],
    owner,
  ]))[0].id;

describe('postgres_changes reach exactly those who may read the row', () => {
  it('five people of different roles and departments each receive every change they may read exactly once, and none they may not (50 writes)', async () => {
    const people = { clerk: demoUsers.clerk, clerk2: demoUsers.clerk2, manager: demoUsers.manager, archivist: demoUsers.archivist, accused: accused.email };
    const subscribers = await Promise.all(
      Object.entries(people).map(async ([name, email]) => {
        const c = await live(email);
        const received: Received[] = [];
        await watchTables(c, `registers-${name}`, ['customers', 'service_requests'], received);
        return { name, live: c, received, expected: [] as string[] };
      }),
    );
    const written = new Set<string>();
    const expectAfter = async (table: string, id: string, kind: string) => {
      written.add(id);
      for (const s of subscribers) if (await canRead(s.live.client, table, id)) s.expected.push(`${table} ${kind} ${id}`);
    };

    // 20 customers in two departments with different owners.
    const customers: string[] = [];
    const owners = [operatorIds.clerk, operatorIds.clerk2, operatorIds.kf1Colleague, operatorIds.manager];
    for (let i = 0; i < 20; i++) {
      const id = await newCustomer(i % 2 ? 'KF2' : 'KF1', owners[i % owners.length]);
      customers.push(id);
      await expectAfter('customers', id, 'INSERT');
    }
    // 15 edits.
    for (let i = 0; i < 15; i++) {
      await sql(`update public.customers set notes = $2 where id = $1`, [customers[i], `实时备注 ${i}`]);
      await expectAfter('customers', customers[i], 'UPDATE');
    }
    // 5 deletions: who was told is decided on the row as it was (checked before it goes).
    for (let i = 15; i < 20; i++) {
      for (const s of subscribers) if (await canRead(s.live.client, 'customers', customers[i])) s.expected.push(`customers DELETE ${customers[i]}`);
      written.add(customers[i]);
      await sql(`delete from public.customers where id = $1`, [customers[i]]);
    }
    // 10 requests: complaints naming the accused, KF1 consultations, KF2 ones.
    for (let i = 0; i < 10; i++) {
      const { row } =
        i < 4
          ? await recordRequest('clerk', complaint({ complaint_category: '员工违纪', accused_operator_id: accused.id, evidence: '录音' }))
          : i < 7
            ? await recordRequest('clerk', { kind: '咨询' })
            : await recordRequest('clerk2', { kind: '咨询', department_id: departmentIds.KF2 });
      await expectAfter('service_requests', row.id, 'INSERT');
    }

    const got = (s: (typeof subscribers)[number]) =>
      s.received.filter((p) => written.has(changedId(p))).map((p) => `${p.table} ${p.eventType} ${changedId(p)}`);
    await until(() => subscribers.every((s) => got(s).length >= s.expected.length), 20_000);
    // Nothing more arrives afterwards (no duplicate, nothing unreadable).
    await new Promise((r) => setTimeout(r, 1500));
    for (const s of subscribers) {
      expect(got(s).sort(), `${s.name} receives exactly the changes it may read`).toEqual([...s.expected].sort());
    }
    // The expectation is not trivial: people see different sets, and the accused sees none of the complaints.
    const sizes = subscribers.map((s) => s.expected.length);
    expect(new Set(sizes).size).toBeGreaterThan(1);
    const clerk = subscribers.find((s) => s.name === 'clerk');
    const theAccused = subscribers.find((s) => s.name === 'accused');
    expect(clerk?.expected.filter((e) => e.startsWith('service_requests')).length).toBeGreaterThanOrEqual(7);
    expect(theAccused?.expected.filter((e) => e.startsWith('service_requests')).length).toBe(3);
    // Records carry typed values like hosted Realtime's (numbers, not text).
    const insert = clerk?.received.find((p) => p.eventType === 'INSERT' && p.table === 'customers');
    expect(typeof (insert?.new as { version?: unknown }).version).toBe('number');
  }, 180_000);

  it('a recused person’s socket receives no frame that mentions the complaint — not its id, not its code — while a colleague gets it live', async () => {
    const colleague = await live(demoUsers.clerk);
    const recused = await live(accused.email);
    const seen: Received[] = [];
    const hidden: Received[] = [];
    const watcher = await watchTables(colleague, 'recusal-colleague', ['service_requests'], seen);
    await watchTables(recused, 'recusal-accused', ['service_requests'], hidden);
    // The colleague also says, by presence, that he is editing the complaint.
    const room = 'room:service_requests';
    const colleagueRoom = colleague.client.channel(room, { config: { presence: { key: 'colleague' } } }).on('presence', { event: 'sync' }, () => undefined);
    const recusedRoom = recused.client.channel(room, { config: { presence: { key: 'recused' } } }).on('presence', { event: 'sync' }, () => undefined);
    await joined(colleagueRoom);
    await joined(recusedRoom);

    const { client, row } = await recordRequest('clerk', complaint({ complaint_category: '员工违纪', accused_operator_id: accused.id, evidence: '录音' }));
    await colleagueRoom.track({ register: 'service_requests', row_id: row.id, cell: 'content' });
    const edited = await client.from('service_requests').update({ content: '补充：录音已调取' }).eq('id', row.id).select('id');
    expect(edited.error).toBeNull();
    await sql(`delete from public.service_requests where id = $1`, [row.id]).catch(() => undefined);

    expect(await until(() => seen.filter((p) => changedId(p) === row.id).length >= 2, 10_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    expect(Object.keys(colleagueRoom.presenceState())).toContain('colleague');
    const mentions = recused.frames.filter((f) => f.includes(row.id) || f.includes(row.code));
    expect(mentions, 'frames that mention the complaint').toEqual([]);
    // (other test files write requests the accused may read meanwhile: only the complaint's count)
    expect(hidden.filter((p) => changedId(p) === row.id)).toEqual([]);
    expect(recused.frames.some((f) => f.includes('"presence_state"'))).toBe(true);
    expect(Object.keys(recusedRoom.presenceState())).not.toContain('colleague');
    await watcher.unsubscribe();
  }, 60_000);

  it('a person signed in twice (two tabs) gets each change once in each tab, and the recused person’s two tabs nothing about the complaint', async () => {
    // The service checks a person once for all his sockets (grouped by the claims RLS reads, not by token).
    const tabs = [await live(demoUsers.clerk), await live(demoUsers.clerk), await live(accused.email), await live(accused.email)];
    const received = tabs.map(() => [] as Received[]);
    await Promise.all(tabs.map((tab, i) => watchTables(tab, `two-tabs-${i}`, ['service_requests'], received[i])));
    const { row: consultation } = await recordRequest('clerk', { kind: '咨询' });
    const { row: theComplaint } = await recordRequest('clerk', complaint({ complaint_category: '员工违纪', accused_operator_id: accused.id, evidence: '录音' }));
    const ours = (i: number) =>
      received[i].filter((p) => changedId(p) === consultation.id || changedId(p) === theComplaint.id).map((p) => `${p.eventType} ${changedId(p) === consultation.id ? 'consultation' : 'complaint'}`);
    await until(() => ours(0).length >= 2 && ours(1).length >= 2 && ours(2).length >= 1 && ours(3).length >= 1, 10_000);
    await sql(`delete from public.service_requests where id = any ($1::uuid[])`, [[consultation.id, theComplaint.id]]);
    await until(() => ours(0).length >= 4 && ours(1).length >= 4 && ours(2).length >= 2 && ours(3).length >= 2, 10_000);
    // Nothing more arrives afterwards (no duplicate).
    await new Promise((r) => setTimeout(r, 1000));
    for (const i of [0, 1]) expect(ours(i).sort(), `the clerk's tab ${i + 1}`).toEqual(['DELETE complaint', 'DELETE consultation', 'INSERT complaint', 'INSERT consultation']);
    for (const i of [2, 3]) {
      expect(ours(i).sort(), `the recused person's tab ${i - 1}`).toEqual(['DELETE consultation', 'INSERT consultation']);
      expect(tabs[i].frames.filter((f) => f.includes(theComplaint.id) || f.includes(theComplaint.code))).toEqual([]);
    }
  }, 60_000);

  it('a filter (column=eq.value) narrows the changes to the matching rows', async () => {
    const director = await live(demoUsers.director);
    const received: Received[] = [];
    await watchTables(director, 'filtered', ['customers'], received, `department_id=eq.${departmentIds.KF2}`);
    const kf1 = await newCustomer('KF1', operatorIds.clerk);
    const kf2 = await newCustomer('KF2', operatorIds.clerk2);
    expect(await until(() => received.some((p) => changedId(p) === kf2), 10_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 800));
    expect(received.map(changedId)).not.toContain(kf1);
  }, 30_000);
});

describe('a transaction of many changes', () => {
  it('150,000 rows written in one transaction are all handed out: the last one reaches a subscriber', async () => {
    // A table of its own (published, readable) so the shared registers stay as they are.
    const table = `realtime_bulk_${Date.now()}`;
    await sql(`create table public.${table} (id integer primary key, note text)`);
    await sql(`grant select on public.${table} to authenticated`);
    await sql(`alter publication supabase_realtime add table public.${table}`);
    try {
      const clerk = await live(demoUsers.clerk);
      const received: Received[] = [];
      await watchTables(clerk, 'bulk', [table], received, 'id=eq.150000');
      await sql(`insert into public.${table} select g, 'x' from generate_series(1, 150000) g`);
      expect(await until(() => received.some((p) => (p.new as { id?: number }).id === 150000), 60_000)).toBe(true);
    } finally {
      await sql(`drop table public.${table}`);
    }
  }, 90_000);
});

describe('broadcast and presence', () => {
  it('broadcast reaches the others in the room, the sender too when it asks (self), and is acknowledged when it asks (ack)', async () => {
    const a = await live(demoUsers.clerk);
    const b = await live(demoUsers.clerk2);
    const room = `room:${unique('b')}`;
    const toA: unknown[] = [];
    const toB: unknown[] = [];
    const chA = a.client.channel(room, { config: { broadcast: { self: true, ack: true } } }).on('broadcast', { event: 'cursor' }, (m) => toA.push(m.payload));
    const chB = b.client.channel(room).on('broadcast', { event: 'cursor' }, (m) => toB.push(m.payload));
    await joined(chA);
    await joined(chB);
    expect(await chA.send({ type: 'broadcast', event: 'cursor', payload: { x: 1 } })).toBe('ok');
    expect(await until(() => toA.length === 1 && toB.length === 1, 5000)).toBe(true);
    expect(toB[0]).toEqual({ x: 1 });
    // Without self the sender does not hear itself.
    expect(await chB.send({ type: 'broadcast', event: 'cursor', payload: { x: 2 } })).toBe('ok');
    expect(await until(() => toA.length === 2, 5000)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(toB).toEqual([{ x: 1 }]);
  }, 30_000);

  it('presence: who is where joins and leaves; a row named in presence reaches only those who may read it', async () => {
    const room = `room:${unique('p')}`;
    const kf2Customer = await newCustomer('KF2', operatorIds.clerk2);
    const people = await Promise.all([demoUsers.clerk2, demoUsers.director, accused.email].map(live));
    const channels = people.map((p, i) => p.client.channel(room, { config: { presence: { key: `p${i}` } } }).on('presence', { event: 'sync' }, () => undefined));
    for (const ch of channels) await joined(ch);
    const [editor, director, outsider] = channels;
    // Whether each may read that customer (the director may, a KF1 clerk may not).
    expect(await canRead(people[1].client, 'customers', kf2Customer)).toBe(true);
    expect(await canRead(people[2].client, 'customers', kf2Customer)).toBe(false);

    expect(await editor.track({ register: 'customers', row_id: kf2Customer, cell: 'phone' })).toBe('ok');
    expect(await until(() => 'p0' in director.presenceState(), 5000)).toBe(true);
    expect(director.presenceState().p0[0]).toMatchObject({ register: 'customers', row_id: kf2Customer, cell: 'phone' });
    // Someone not naming a row is seen by everyone, the outsider included.
    expect(await director.track({ online_at: 'now' })).toBe('ok');
    expect(await until(() => 'p1' in outsider.presenceState(), 5000)).toBe(true);
    expect(outsider.presenceState()).not.toHaveProperty('p0');
    expect(people[2].frames.some((f) => f.includes(kf2Customer))).toBe(false);

    expect(await editor.untrack()).toBe('ok');
    expect(await until(() => !('p0' in director.presenceState()), 5000)).toBe(true);
  }, 30_000);
});

describe('the access token', () => {
  it('a channel whose token expires is closed with a system message; a refreshed token (access_token) keeps it open', async () => {
    const env = stackEnv();
    const [operator] = await sql<{ user_id: string }>(`select user_id from public.operators where id = $1`, [operatorIds.clerk]);
    const token = (seconds: number) =>
      new SignJWT({ role: 'authenticated', aud: 'authenticated' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(operator.user_id)
        .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
        .sign(new TextEncoder().encode(env.JWT_SECRET));
    const a = await live(demoUsers.clerk);
    const b = await live(demoUsers.clerk);
    await a.client.realtime.setAuth(await token(3));
    await b.client.realtime.setAuth(await token(3));
    const closedA: string[] = [];
    const chA = a.client.channel('expiring-a').on('system', {}, (m: { status?: string; message?: string }) => closedA.push(`${m.status}: ${m.message}`));
    const chB = b.client.channel('expiring-b');
    await joined(chA);
    await joined(chB);
    // b refreshes before expiry: its channel stays.
    await b.client.realtime.setAuth(await token(600));
    expect(await until(() => a.frames.some((f) => f.includes('Token has expired')), 8000)).toBe(true);
    expect(a.frames.some((f) => f.includes('"phx_close"'))).toBe(true);
    expect(b.frames.some((f) => f.includes('Token has expired'))).toBe(false);
    expect(closedA.some((m) => m.startsWith('error'))).toBe(true);
    // b still receives changes.
    const got: Received[] = [];
    await watchTables(b, 'after-refresh', ['customers'], got);
    const id = await newCustomer('KF1', operatorIds.clerk);
    expect(await until(() => got.some((p) => changedId(p) === id), 10_000)).toBe(true);
  }, 30_000);
});
