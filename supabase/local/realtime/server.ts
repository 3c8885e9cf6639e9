// The embedded stack's Realtime: Phoenix channels over WebSocket as @supabase/realtime-js speaks
// them (protocol.ts), with postgres_changes from logical replication (replication.ts), broadcast
// and presence. Every change and every presence that names a row reaches only those whose RLS
// lets them read that row: checked in Postgres as each subscriber, one call per change for all
// of them (private.realtime_visible / realtime_row_visible, migrations/20261130000100_realtime.sql).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { jwtVerify, type JWTPayload } from 'jose';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';
import { matches, parseFilter, type Filter } from './filters.ts';
import { decode, encode, reply, type Message } from './protocol.ts';
import { slotName, startReplication, type Change, type Replication, type Row } from './replication.ts';

export type RealtimeOptions = {
  port: number;
  dbUrl: string;
  jwtSecret: string;
  log: (line: string) => void;
  /**
   * After a restart: for this long, the changes read from the slot (those made while the service
   * was down among them) are kept, and a channel that joins meanwhile receives them (RLS-checked
   * like any change), then the live ones. 0 on a first start.
   */
  catchUpMs?: number;
  /** Called when the service cannot go on (the replication stream broke): the part exits and is restarted. */
  onFatal?: (why: string) => void;
};

type Claims = JWTPayload & { role?: string };
type Binding = { id: number; event: string; schema: string; table?: string; filter?: string; parsed?: Filter };
type Meta = Record<string, unknown> & { phx_ref: string };

type Channel = {
  conn: Conn;
  topic: string;
  joinRef: string | null;
  claims: Claims;
  claimsText: string;
  /** The claims that decide what this person may read (claimKeyOf): channels with the same are checked once. */
  claimKey: string;
  role: string;
  bindings: Binding[];
  self: boolean;
  ack: boolean;
  presenceKey: string;
  presenceEnabled: boolean;
  tracked: Meta | null;
  /**
   * This channel's presence diffs, one after the other: a diff waits for its row's RLS check, and a
   * second track (the cursor moved on) must not overtake the first, or its leave would come before
   * the join it undoes and the old place would stay on the others' screens.
   */
  presenceChain: Promise<void>;
  /** Presence refs this channel was told of (a leave is sent only for those). */
  told: Set<string>;
  expiry: NodeJS.Timeout | null;
};

type Conn = { ws: WebSocket; apiKey: string | null; channels: Map<string, Channel> };

let nextBindingId = 1;

// Claims that differ from one sign-in (one token) to the next and decide nothing RLS asks about:
// left out of the key that groups subscribers, so a person with ten tabs is checked once.
const perToken = new Set(['exp', 'iat', 'nbf', 'jti', 'session_id', 'amr']);
const claimKeyOf = (claims: Claims): string =>
  JSON.stringify(Object.fromEntries(Object.entries(claims).filter(([k]) => !perToken.has(k)).sort(([a], [b]) => (a < b ? -1 : 1))));

// TAIZHANG_REALTIME_TIMINGS=<file>: one JSON line per delivered batch, where its time went (ms):
// commit -> read from the stream (lag), read -> batch taken (queued), RLS check, frames built and sent.
const timingsFile = process.env.TAIZHANG_REALTIME_TIMINGS;
const logTiming = (fields: Record<string, unknown>): void => {
  if (timingsFile) fs.appendFileSync(timingsFile, `${JSON.stringify({ at: new Date().toISOString(), ...fields })}\n`);
};

export async function startRealtime(o: RealtimeOptions): Promise<{ stop(): Promise<void>; port: number }> {
  const secret = new TextEncoder().encode(o.jwtSecret);
  const pool = new pg.Pool({ connectionString: o.dbUrl, max: 4, application_name: 'taizhang-realtime' });
  pool.on('error', (e) => o.log(`[realtime] pool: ${e.message}`));
  // A check that failed closed says why (a warning from private.realtime_visible).
  pool.on('connect', (client) => client.on('notice', (n) => o.log(`[realtime] database: ${n.message ?? ''}`)));
  const conns = new Set<Conn>();
  const topics = new Map<string, Set<Channel>>();
  const typeNames = new Map<number, string>();

  // ── Sending ─────────────────────────────────────────────────────────────────────────────────
  const send = (conn: Conn, m: Message): void => {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(encode(m));
  };
  const push = (ch: Channel, event: string, payload: Record<string, unknown>): void =>
    send(ch.conn, { joinRef: ch.joinRef, ref: null, topic: ch.topic, event, payload });
  const subTopic = (topic: string) => topic.replace(/^realtime:/, '');

  async function verify(token: string): Promise<Claims> {
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
    return payload as Claims;
  }

  function armExpiry(ch: Channel): void {
    if (ch.expiry) clearTimeout(ch.expiry);
    ch.expiry = null;
    if (typeof ch.claims.exp !== 'number') return;
    const ms = ch.claims.exp * 1000 - Date.now();
    ch.expiry = setTimeout(() => expire(ch), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    ch.expiry.unref();
  }

  function expire(ch: Channel): void {
    push(ch, 'system', { status: 'error', extension: 'system', message: 'Token has expired 0 seconds ago', channel: subTopic(ch.topic) });
    push(ch, 'phx_close', {});
    leave(ch);
  }

  // ── Presence (every meta naming a row passes the reader's RLS) ─────────────────────────────
  const namedRow = (meta: Record<string, unknown>): { register: string; rowId: string } | null => {
    const register = meta.register;
    const rowId = meta.row_id;
    if (typeof register !== 'string' || (typeof rowId !== 'string' && typeof rowId !== 'number')) return null;
    return { register, rowId: String(rowId) };
  };

  async function rowVisible(register: string, rowId: string, readers: Channel[]): Promise<boolean[]> {
    if (!readers.length) return [];
    const people = distinctClaims(readers);
    try {
      const { rows } = await pool.query<{ v: boolean[] }>('select private.realtime_row_visible($1, $2, $3::text[]) as v', [register, rowId, [...people.values()]]);
      const may = new Map([...people.keys()].map((key, i) => [key, rows[0].v[i] === true]));
      return readers.map((r) => may.get(r.claimKey) === true);
    } catch (e) {
      o.log(`[realtime] presence check: ${e instanceof Error ? e.message : String(e)}`);
      return readers.map(() => false);
    }
  }

  /** The metas of the topic this reader may see, keyed like Phoenix presence: { key: { metas } }. */
  async function presenceStateFor(reader: Channel): Promise<Record<string, { metas: Meta[] }>> {
    const state: Record<string, { metas: Meta[] }> = {};
    for (const other of topics.get(reader.topic) ?? []) {
      if (!other.tracked) continue;
      const row = namedRow(other.tracked);
      if (row && !(await rowVisible(row.register, row.rowId, [reader]))[0]) continue;
      (state[other.presenceKey] ??= { metas: [] }).metas.push(other.tracked);
      reader.told.add(other.tracked.phx_ref);
    }
    return state;
  }

  function presenceDiff(from: Channel, joins: Meta | null, leaves: Meta | null): Promise<void> {
    const next = from.presenceChain.then(() => presenceDiffNow(from, joins, leaves));
    from.presenceChain = next.catch(() => undefined);
    return next;
  }

  async function presenceDiffNow(from: Channel, joins: Meta | null, leaves: Meta | null): Promise<void> {
    const readers = [...(topics.get(from.topic) ?? [])].filter((r) => r.presenceEnabled || r === from);
    const row = joins ? namedRow(joins) : null;
    const may = row ? await rowVisible(row.register, row.rowId, readers) : readers.map(() => true);
    readers.forEach((reader, i) => {
      const diff: { joins: Record<string, { metas: Meta[] }>; leaves: Record<string, { metas: Meta[] }> } = { joins: {}, leaves: {} };
      if (leaves && reader.told.delete(leaves.phx_ref)) diff.leaves[from.presenceKey] = { metas: [leaves] };
      if (joins && may[i]) {
        diff.joins[from.presenceKey] = { metas: [joins] };
        reader.told.add(joins.phx_ref);
      }
      if (Object.keys(diff.joins).length || Object.keys(diff.leaves).length) push(reader, 'presence_diff', diff);
    });
  }

  /** One claims text per distinct claim key (the first channel's), in a stable order. */
  function distinctClaims(channels: Iterable<Channel>): Map<string, string> {
    const people = new Map<string, string>();
    for (const ch of channels) if (!people.has(ch.claimKey)) people.set(ch.claimKey, ch.claimsText);
    return people;
  }

  // ── Joining and leaving ─────────────────────────────────────────────────────────────────────
  function leave(ch: Channel): void {
    if (ch.expiry) clearTimeout(ch.expiry);
    if (ch.conn.channels.get(ch.topic) === ch) ch.conn.channels.delete(ch.topic);
    const peers = topics.get(ch.topic);
    peers?.delete(ch);
    if (peers && peers.size === 0) topics.delete(ch.topic);
    if (ch.tracked) {
      const left = ch.tracked;
      ch.tracked = null;
      void presenceDiff(ch, null, left);
    }
  }

  async function join(conn: Conn, m: Message): Promise<void> {
    const config = (m.payload.config ?? {}) as {
      broadcast?: { self?: boolean; ack?: boolean };
      presence?: { key?: string; enabled?: boolean };
      postgres_changes?: { event?: string; schema?: string; table?: string; filter?: string }[];
    };
    const token = typeof m.payload.access_token === 'string' ? m.payload.access_token : conn.apiKey;
    let claims: Claims;
    try {
      if (!token) throw new Error('no token');
      claims = await verify(token);
    } catch (e) {
      send(conn, reply(m, 'error', { reason: `Invalid token: ${e instanceof Error ? e.message : String(e)}` }));
      return;
    }
    const bindings: Binding[] = [];
    for (const b of config.postgres_changes ?? []) {
      const binding: Binding = { id: nextBindingId++, event: b.event ?? '*', schema: b.schema ?? '*', table: b.table, filter: b.filter };
      if (b.filter) {
        const parsed = parseFilter(b.filter);
        if (typeof parsed === 'string') {
          send(conn, reply(m, 'error', { reason: parsed }));
          return;
        }
        binding.parsed = parsed;
      }
      bindings.push(binding);
    }
    const previous = conn.channels.get(m.topic);
    if (previous) leave(previous);
    const ch: Channel = {
      conn,
      topic: m.topic,
      joinRef: m.joinRef,
      claims,
      claimsText: JSON.stringify(claims),
      claimKey: claimKeyOf(claims),
      role: typeof claims.role === 'string' ? claims.role : 'anon',
      bindings,
      self: config.broadcast?.self === true,
      ack: config.broadcast?.ack === true,
      presenceKey: config.presence?.key || randomUUID(),
      presenceEnabled: config.presence?.enabled === true,
      tracked: null,
      presenceChain: Promise.resolve(),
      told: new Set(),
      expiry: null,
    };
    conn.channels.set(m.topic, ch);
    let peers = topics.get(m.topic);
    if (!peers) topics.set(m.topic, (peers = new Set()));
    peers.add(ch);
    armExpiry(ch);
    send(
      conn,
      reply(m, 'ok', {
        postgres_changes: bindings.map((b) => ({ id: b.id, event: b.event, schema: b.schema, table: b.table, ...(b.filter ? { filter: b.filter } : {}) })),
      }),
    );
    if (bindings.length) {
      push(ch, 'system', { status: 'ok', message: 'Subscribed to PostgreSQL', extension: 'postgres_changes', channel: subTopic(m.topic) });
    }
    // Changes targeted before this join reach it only by replay (after a restart); later ones live.
    const upTo = seq;
    if (ch.presenceEnabled) push(ch, 'presence_state', await presenceStateFor(ch));
    if (bindings.length) replayTo(ch, upTo);
  }

  async function handle(conn: Conn, m: Message): Promise<void> {
    if (m.topic === 'phoenix') {
      if (m.event === 'heartbeat') send(conn, reply(m, 'ok'));
      return;
    }
    if (m.event === 'phx_join') return join(conn, m);
    const ch = conn.channels.get(m.topic);
    if (!ch) {
      send(conn, reply(m, 'error', { reason: 'unmatched topic' }));
      return;
    }
    switch (m.event) {
      case 'phx_leave':
        leave(ch);
        send(conn, reply(m, 'ok'));
        return;
      case 'access_token': {
        const token = m.payload.access_token;
        try {
          if (typeof token !== 'string') throw new Error('no token');
          ch.claims = await verify(token);
          ch.claimsText = JSON.stringify(ch.claims);
          ch.claimKey = claimKeyOf(ch.claims);
          ch.role = typeof ch.claims.role === 'string' ? ch.claims.role : 'anon';
          armExpiry(ch);
        } catch (e) {
          push(ch, 'system', { status: 'error', extension: 'system', message: `Invalid token: ${e instanceof Error ? e.message : String(e)}`, channel: subTopic(ch.topic) });
          push(ch, 'phx_close', {});
          leave(ch);
        }
        return;
      }
      case 'broadcast': {
        const frame: Message = { joinRef: null, ref: null, topic: ch.topic, event: 'broadcast', payload: { type: 'broadcast', event: m.payload.event, payload: m.payload.payload } };
        for (const peer of topics.get(ch.topic) ?? []) {
          if (peer !== ch || ch.self) send(peer.conn, { ...frame, joinRef: peer.joinRef });
        }
        if (ch.ack && m.ref) send(conn, reply(m, 'ok'));
        return;
      }
      case 'presence': {
        const event = m.payload.event;
        const left = ch.tracked;
        if (event === 'track') {
          const meta = (m.payload.payload && typeof m.payload.payload === 'object' ? m.payload.payload : {}) as Record<string, unknown>;
          ch.tracked = { ...meta, phx_ref: randomUUID().replace(/-/g, '').slice(0, 20) };
          if (left) ch.tracked.phx_ref_prev = left.phx_ref;
          await presenceDiff(ch, ch.tracked, left);
        } else if (event === 'untrack') {
          ch.tracked = null;
          if (left) await presenceDiff(ch, null, left);
        }
        send(conn, reply(m, 'ok'));
        return;
      }
      default:
        send(conn, reply(m, 'ok'));
    }
  }

  // ── postgres_changes ────────────────────────────────────────────────────────────────────────
  // Changes are handled in batches (all that arrived while the previous batch was checked), in
  // order: for each change the channels whose bindings match, then per table one RLS check for all
  // of the batch's rows and all distinct subscribers, then the frames in commit order.
  async function typeNamesOf(oids: number[]): Promise<void> {
    const missing = [...new Set(oids)].filter((oid) => !typeNames.has(oid));
    if (!missing.length) return;
    const { rows } = await pool.query<{ oid: number; typname: string }>('select oid::int as oid, typname::text from pg_catalog.pg_type where oid = any($1::oid[])', [missing]);
    for (const r of rows) typeNames.set(r.oid, r.typname);
  }

  const keyColumns = new Map<string, string[]>();
  async function keyOf(table: string): Promise<string[]> {
    let key = keyColumns.get(table);
    if (!key) {
      const { rows } = await pool.query<{ k: string[] | null }>(
        `select array_agg(a.attname::text order by k.n) as k from pg_catalog.pg_index x
         cross join lateral unnest(x.indkey) with ordinality as k(attnum, n)
         join pg_catalog.pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum
         where x.indrelid = $1::regclass and x.indisprimary`,
        [table],
      );
      key = rows[0]?.k ?? [];
      keyColumns.set(table, key);
    }
    return key;
  }

  // Columns a role may not select, left out of what it is sent (as hosted Realtime does); a minute's cache.
  const hiddenColumns = new Map<string, { at: number; columns: Set<string> }>();
  async function hiddenFrom(table: string, role: string): Promise<Set<string>> {
    const cached = hiddenColumns.get(`${table}|${role}`);
    if (cached && Date.now() - cached.at < 60_000) return cached.columns;
    const { rows } = await pool.query<{ name: string }>(
      `select a.attname::text as name from pg_catalog.pg_attribute a
       where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped
         and exists (select 1 from pg_catalog.pg_roles r where r.rolname = $2)
         and not pg_catalog.has_column_privilege($2, a.attrelid, a.attnum, 'SELECT')`,
      [table, role],
    );
    const columns = new Set(rows.map((r) => r.name));
    hiddenColumns.set(`${table}|${role}`, { at: Date.now(), columns });
    return columns;
  }

  const bindingMatches = (b: Binding, c: Change): boolean =>
    (b.event === '*' || b.event.toUpperCase() === c.kind) &&
    (b.schema === '*' || b.schema === c.schema) &&
    (!b.table || b.table === '*' || b.table === c.table) &&
    (!b.parsed || matches(b.parsed, c.kind === 'DELETE' ? c.old : c.record));

  type Target = { ch: Channel; ids: number[] };
  const targetsOf = (c: Change, channels: Iterable<Channel>): Target[] => {
    const targets: Target[] = [];
    for (const ch of channels) {
      const ids = ch.bindings.filter((b) => bindingMatches(b, c)).map((b) => b.id);
      if (ids.length) targets.push({ ch, ids });
    }
    return targets;
  };
  const allChannels = function* (): Generator<Channel> {
    for (const peers of topics.values()) yield* peers;
  };

  // After a restart, the changes read in the catch-up window, for channels that (re)join in it.
  const catchUpUntil = (o.catchUpMs ?? 0) > 0 ? Date.now() + (o.catchUpMs ?? 0) : 0;
  const kept: { seq: number; change: Change }[] = [];
  let seq = 0;

  // The work queue: changes from the slot (targeted when taken), and replays for one channel.
  type Work = { change: Change; only?: Channel; upTo?: number; done?: () => void };
  const queue: Work[] = [];
  let working = false;

  function enqueue(work: Work[]): void {
    // Not push(...work): a transaction of more than ~120,000 changes (a restore, a bulk update) is
    // more arguments than a call takes; the RangeError dropped the transaction and held the slot.
    for (const w of work) queue.push(w);
    if (!working) void drain();
  }

  async function drain(): Promise<void> {
    working = true;
    try {
      while (queue.length) {
        const batch = queue.splice(0, 500);
        const items: { change: Change; targets: Target[] }[] = [];
        for (const w of batch) {
          if (w.only) {
            if (topics.get(w.only.topic)?.has(w.only)) items.push({ change: w.change, targets: targetsOf(w.change, [w.only]) });
            continue;
          }
          seq += 1;
          if (Date.now() < catchUpUntil && kept.length < 10_000) kept.push({ seq, change: w.change });
          items.push({ change: w.change, targets: targetsOf(w.change, allChannels()) });
        }
        try {
          await deliver(items.filter((i) => i.targets.length));
        } catch (e) {
          o.log(`[realtime] delivering ${items.length} changes: ${e instanceof Error ? e.message : String(e)}`);
        }
        for (const w of batch) w.done?.();
      }
    } finally {
      working = false;
    }
  }

  /** Hands a channel that joined in the catch-up window the kept changes it has not had live. */
  function replayTo(ch: Channel, upTo: number): void {
    if (Date.now() >= catchUpUntil || !kept.length) return;
    enqueue(kept.filter((k) => k.seq <= upTo).map((k) => ({ change: k.change, only: ch })));
  }

  async function deliver(items: { change: Change; targets: Target[] }[]): Promise<void> {
    if (!items.length) return;
    const t0 = Date.now();
    await typeNamesOf(items.flatMap((i) => i.change.columns.map((col) => col.typeOid)));
    // Per table, layers of rows with distinct keys (a row changed twice in a batch is checked twice).
    const image = (c: Change): Row | null => (c.kind === 'DELETE' ? c.old : c.record);
    const layers: { table: string; items: typeof items }[] = [];
    const byTable = new Map<string, { keys: Set<string>; layer: (typeof layers)[number] }[]>();
    for (const item of items) {
      const table = `${quoteIdent(item.change.schema)}.${quoteIdent(item.change.table)}`;
      const key = (await keyOf(table)).map((k) => image(item.change)?.[k] ?? '').join('\u0000');
      const tableLayers = byTable.get(table) ?? [];
      byTable.set(table, tableLayers);
      let slot = tableLayers.find((l) => !l.keys.has(key));
      if (!slot) {
        slot = { keys: new Set(), layer: { table, items: [] } };
        tableLayers.push(slot);
        layers.push(slot.layer);
      }
      slot.keys.add(key);
      slot.layer.items.push(item);
    }
    type Checked = { visible: Map<string, Set<number>>; news: (Record<string, unknown> | null)[]; olds: (Record<string, unknown> | null)[] };
    const check = async (layer: (typeof layers)[number]): Promise<Checked> => {
      const people = distinctClaims(layer.items.flatMap((i) => i.targets.map((t) => t.ch)));
      const keys = [...people.keys()];
      const args = [
        layer.table,
        JSON.stringify(layer.items.map((i) => image(i.change))),
        [...people.values()],
        JSON.stringify(layer.items.map((i) => i.change.record)),
        JSON.stringify(layer.items.map((i) => i.change.old)),
      ];
      for (let attempt = 1; ; attempt++) {
        // A named statement: parsed once per pooled connection.
        const { rows } = await pool.query<{ v: number[][] | null; n: (Record<string, unknown> | null)[]; o: (Record<string, unknown> | null)[] }>({
          name: 'realtime-visible-rows',
          text: `select private.realtime_visible_rows($1::regclass, $2::jsonb, $3::text[]) as v,
                  private.realtime_records($1::regclass, $4::jsonb) as n, private.realtime_records($1::regclass, $5::jsonb) as o`,
          values: args,
        });
        const v = rows[0].v;
        // Not checkable (a deadlock with a writer, say): once more, then no one is told (fails closed).
        if (!v && attempt < 3) continue;
        return { visible: new Map(keys.map((key, i) => [key, new Set(v?.[i] ?? [])])), news: rows[0].n, olds: rows[0].o };
      }
    };
    // Tables in parallel; the layers of one table one after another (their rows share keys).
    const checked = new Map<(typeof layers)[number], Checked>();
    await Promise.all(
      [...byTable.values()].map(async (tableLayers) => {
        for (const { layer } of tableLayers) checked.set(layer, await check(layer));
      }),
    );
    const t1 = Date.now();
    // The columns each role may not select (cached), looked up before the frames are built.
    const hiddenBy = new Map<string, Set<string>>();
    for (const layer of layers) {
      for (const item of layer.items) {
        for (const { ch } of item.targets) {
          const k = `${layer.table}|${ch.role}`;
          if (!hiddenBy.has(k)) hiddenBy.set(k, await hiddenFrom(layer.table, ch.role));
        }
      }
    }
    // A change's data is encoded once per role (what the role may select) and spliced into each
    // reader's frame: the text encode() gives, without a JSON.stringify of the row per socket.
    const frames: { item: (typeof items)[number]; conn: Conn; text: string }[] = [];
    for (const layer of layers) {
      const result = checked.get(layer);
      if (!result) continue;
      for (const [position, item] of layer.items.entries()) {
        const c = item.change;
        const columns = c.columns.map((col) => ({ name: col.name, type: typeNames.get(col.typeOid) ?? 'text' }));
        const encoded = new Map<string, string>();
        const dataFor = (role: string): string => {
          let text = encoded.get(role);
          if (text === undefined) {
            const hidden = hiddenBy.get(`${layer.table}|${role}`) ?? new Set<string>();
            const shown = (record: Record<string, unknown> | null, sent: Row | null) =>
              Object.fromEntries(Object.entries(record ?? {}).filter(([k]) => sent !== null && k in sent && !hidden.has(k)));
            const data: Record<string, unknown> = { schema: c.schema, table: c.table, commit_timestamp: c.commitTimestamp, type: c.kind, columns, errors: null };
            if (c.kind !== 'DELETE') data.record = shown(result.news[position], c.record);
            if (c.kind !== 'INSERT') data.old_record = shown(result.olds[position], c.old);
            text = JSON.stringify(data);
            encoded.set(role, text);
          }
          return text;
        };
        for (const { ch, ids } of item.targets) {
          if (!result.visible.get(ch.claimKey)?.has(position + 1)) continue;
          const text = `[${JSON.stringify(ch.joinRef)},null,${JSON.stringify(ch.topic)},"postgres_changes",{"ids":${JSON.stringify(ids)},"data":${dataFor(ch.role)}}]`;
          frames.push({ item, conn: ch.conn, text });
        }
      }
    }
    const t2 = Date.now();
    // In commit order.
    const order = new Map(items.map((item, i) => [item, i]));
    frames.sort((x, y) => (order.get(x.item) ?? 0) - (order.get(y.item) ?? 0));
    for (const f of frames) if (f.conn.ws.readyState === f.conn.ws.OPEN) f.conn.ws.send(f.text);
    if (timingsFile) {
      const lags = items.map((i) => i.change.receivedAt - Date.parse(i.change.commitTimestamp));
      logTiming({
        changes: items.length,
        claims: new Set(items.flatMap((i) => i.targets.map((t) => t.ch.claimKey))).size,
        frames: frames.length,
        lagMax: Math.max(...lags),
        queuedMax: t0 - Math.min(...items.map((i) => i.change.receivedAt)),
        checkMs: t1 - t0,
        buildMs: t2 - t1,
        sendMs: Date.now() - t2,
      });
    }
  }

  // ── Server ──────────────────────────────────────────────────────────────────────────────────
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', connections: conns.size, channels: [...topics.values()].reduce((n, s) => n + s.size, 0) }));
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => {
    const url = new URL(req.url ?? '/', 'http://realtime');
    const conn: Conn = { ws, apiKey: url.searchParams.get('apikey') ?? (req.headers.apikey as string | undefined) ?? null, channels: new Map() };
    conns.add(conn);
    let queue = Promise.resolve();
    ws.on('message', (data, isBinary) => {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      const m = decode(buffer, isBinary);
      if (!m) return;
      // One socket's messages are handled in order (a join before the track that follows it).
      queue = queue.then(() => handle(conn, m)).catch((e: unknown) => o.log(`[realtime] ${m.event} on ${m.topic}: ${e instanceof Error ? e.message : String(e)}`));
    });
    ws.on('close', () => {
      conns.delete(conn);
      for (const ch of [...conn.channels.values()]) leave(ch);
    });
    ws.on('error', () => undefined);
  });

  // A slot that fell more than max_slot_wal_keep_size behind (Realtime down or stalled through a
  // big write) is invalidated by Postgres and can never be read again: started on it, the service
  // would exit and be restarted for ever. It is made anew; the changes in between are not streamed,
  // and the app's channels, rejoining, read their registers again (use-register-changes).
  const lost = await pool.query(
    `select pg_catalog.pg_drop_replication_slot(slot_name) from pg_catalog.pg_replication_slots
     where slot_name = $1 and wal_status = 'lost' and not active`,
    [slotName],
  );
  if (lost.rowCount) o.log(`[realtime] replication slot "${slotName}" had been invalidated by Postgres (it fell more than max_slot_wal_keep_size behind): made anew; changes from before now were not streamed, channels read again on rejoining`);
  await pool.query(
    `select pg_catalog.pg_create_logical_replication_slot($1, 'pgoutput')
     where not exists (select 1 from pg_catalog.pg_replication_slots where slot_name = $1)`,
    [slotName],
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolve());
  });

  let replication: Replication | null = null;
  let stopped = false;
  const fatal = o.onFatal ?? ((why: string) => o.log(`[realtime] ${why}`));
  const begin = async () => {
    if (stopped) return;
    replication = await startReplication(
      o.dbUrl,
      (changes) =>
        new Promise<void>((resolve) => {
          enqueue(changes.map((change, i) => ({ change, done: i === changes.length - 1 ? resolve : undefined })));
        }),
      fatal,
    );
  };
  await begin();

  return {
    port: o.port,
    stop: async () => {
      stopped = true;
      await (replication as Replication | null)?.stop();
      for (const conn of conns) conn.ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end().catch(() => undefined);
    },
  };
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
